//! Category rules as data: docs/report-contract.md#categories is the default, a user can edit it
//! on the page or give the command a rules file (CSV: `Category,Match,Text`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The category of a number no rule matched.
pub(crate) const FALLBACK_CATEGORY: &str = "Other/System";

/// What a rule tests the FriendlyName for. Text tests ignore case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleTest {
    /// Contains the text anywhere.
    Contains(String),
    /// Contains the text not preceded or followed by a letter or a decimal digit.
    WholeWord(String),
    /// Contains a user name or email of the assignments file, or looks like a person's name.
    UserOrPersonName,
    /// Matches every name: a catch-all.
    Everything,
}

impl RuleTest {
    /// The `Match` cell of a rules file.
    pub fn keyword(&self) -> &'static str {
        match self {
            RuleTest::Contains(_) => "contains",
            RuleTest::WholeWord(_) => "whole word",
            RuleTest::UserOrPersonName => "user or person name",
            RuleTest::Everything => "everything",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            RuleTest::Contains(t) | RuleTest::WholeWord(t) => t,
            _ => "",
        }
    }

    /// Builds a test from a rules file's `Match` and `Text` cells.
    pub fn from_parts(keyword: &str, text: &str) -> Result<RuleTest, String> {
        let text = text.trim();
        let needs_text = |make: fn(String) -> RuleTest| {
            if text.is_empty() {
                Err(format!("a `{}` rule needs a Text to look for", keyword.trim()))
            } else {
                Ok(make(text.to_string()))
            }
        };
        match keyword.trim().to_lowercase().as_str() {
            "contains" => needs_text(RuleTest::Contains),
            "whole word" | "word" => needs_text(RuleTest::WholeWord),
            "user or person name" | "user" => Ok(RuleTest::UserOrPersonName),
            "everything" | "always" => Ok(RuleTest::Everything),
            other => Err(format!(
                "Match `{other}` is not one of: contains, whole word, user or person name, everything"
            )),
        }
    }
}

/// One row of the rules table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRule {
    pub category: String,
    pub test: RuleTest,
}

/// The ordered rules; the first that matches decides a number's category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    rules: Vec<CategoryRule>,
}

/// A rules file that can't be used, with its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rules file, line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for RulesError {}

impl Rules {
    /// The SOP's rules, the contract's table (docs/report-contract.md#categories).
    pub fn sop_defaults() -> Rules {
        let rule = |category: &str, test| CategoryRule {
            category: category.to_string(),
            test,
        };
        Rules {
            rules: vec![
                rule("Delivery Farm Pool", RuleTest::Contains("delivery farm".into())),
                rule("SMS Farm Pool", RuleTest::Contains("sms farm".into())),
                rule("Number Farm Pool", RuleTest::Contains("number farm".into())),
                rule("User Assigned", RuleTest::UserOrPersonName),
                rule("ADP System", RuleTest::WholeWord("ADP".into())),
                rule(FALLBACK_CATEGORY, RuleTest::Everything),
            ],
        }
    }

    /// Rules in order; each needs a category name.
    pub fn new(rules: Vec<CategoryRule>) -> Result<Rules, String> {
        if let Some(i) = rules.iter().position(|r| r.category.trim().is_empty()) {
            return Err(format!("rule {} has no category name", i + 1));
        }
        Ok(Rules { rules })
    }

    pub fn rules(&self) -> &[CategoryRule] {
        &self.rules
    }

    /// Whether a rule tests for users, so a report needs the assignments'
    /// user matcher ([`crate::LoadedInput::prepare`]).
    pub fn tests_users(&self) -> bool {
        self.rules.iter().any(|r| r.test == RuleTest::UserOrPersonName)
    }

    /// The categories in rule order, each once; the fallback last when no
    /// rule matches everything.
    pub fn categories(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for rule in &self.rules {
            if !names.contains(&rule.category) {
                names.push(rule.category.clone());
            }
        }
        let catches_all = self.rules.iter().any(|r| r.test == RuleTest::Everything);
        if !catches_all && !names.iter().any(|n| n == FALLBACK_CATEGORY) {
            names.push(FALLBACK_CATEGORY.to_string());
        }
        names
    }

    /// Reads a rules file: a header `Category,Match,Text`, then one rule a row.
    pub fn from_csv(text: &str) -> Result<Rules, RulesError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        let header_ok = reader.headers().map(|h| {
            let keys: Vec<String> = h.iter().map(|c| c.trim().to_lowercase()).collect();
            keys.len() >= 2 && keys[0] == "category" && keys[1] == "match"
        });
        if !header_ok.unwrap_or(false) {
            return Err(RulesError {
                line: 1,
                message: "the header must be `Category,Match,Text`".into(),
            });
        }
        let mut rules = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| RulesError {
                line: e.position().map_or(0, |p| p.line()),
                message: e.to_string(),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let category = record.get(0).unwrap_or("").trim();
            if category.is_empty() {
                return Err(RulesError {
                    line,
                    message: "the Category is empty".into(),
                });
            }
            let test = RuleTest::from_parts(record.get(1).unwrap_or(""), record.get(2).unwrap_or(""))
                .map_err(|message| RulesError { line, message })?;
            rules.push(CategoryRule {
                category: category.to_string(),
                test,
            });
        }
        if rules.is_empty() {
            return Err(RulesError {
                line: 1,
                message: "the file has no rules".into(),
            });
        }
        Ok(Rules { rules })
    }

    /// The rules as a rules file, readable by [`Rules::from_csv`].
    pub fn to_csv(&self) -> String {
        let mut out = String::from("Category,Match,Text\r\n");
        for rule in &self.rules {
            let cells = [rule.category.as_str(), rule.test.keyword(), rule.test.text()];
            let quoted: Vec<String> = cells.iter().map(|c| crate::cell::quote(c).into_owned()).collect();
            out.push_str(&quoted.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::sop_defaults()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_a_file() {
        let text = Rules::sop_defaults().to_csv();
        assert!(text.starts_with("Category,Match,Text\r\nDelivery Farm Pool,contains,delivery farm\r\n"));
        assert_eq!(Rules::from_csv(&text).unwrap(), Rules::sop_defaults());
    }

    #[test]
    fn bad_files_say_where() {
        let err = Rules::from_csv("Category,Match,Text\nPool,contains,pool\nX,regex,a.*\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("regex"), "{err}");
        assert_eq!(
            Rules::from_csv("Category,Match,Text\n,contains,x\n").unwrap_err().line,
            2
        );
        assert_eq!(Rules::from_csv("Name,Pattern\n").unwrap_err().line, 1);
        assert!(Rules::from_csv("Category,Match,Text\nPool,contains,\n")
            .unwrap_err()
            .message
            .contains("needs a Text"));
    }

    #[test]
    fn fallback_category_is_added_when_nothing_catches_all() {
        let rules = Rules::from_csv("Category,Match,Text\nPool,contains,pool\n").unwrap();
        assert_eq!(rules.categories(), ["Pool", FALLBACK_CATEGORY]);
        assert_eq!(Rules::sop_defaults().categories().len(), 6);
    }
}

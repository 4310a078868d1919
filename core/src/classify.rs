//! Deciding a number's Category from its FriendlyName with the rules, and
//! which user rule 4 matched.

use std::sync::Arc;

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

use crate::input::{lower_case_into, UserMatcher};
use crate::rules::{RuleTest, Rules};

/// What decided a number's category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecidedBy {
    /// A text rule, a catch-all, or no rule at all (the fallback).
    Text,
    /// Rule 4 by a user of the assignments file (index into its rows, which
    /// are fewer than 2^32 as [`crate::join`] holds them).
    User(u32),
    /// Rule 4 by the person-name pattern alone.
    PersonName,
}

pub(crate) struct Classifier {
    /// Each rule's test (text already lower-cased) and its category's index.
    rules: Vec<(RuleTest, u16)>,
    fallback: u16,
    /// Present when a rule tests for users; shared, as the inputs keep it.
    users: Option<Arc<UserMatcher>>,
}

impl Classifier {
    /// `users` gives the user matcher of the assignments, asked for only
    /// when a rule needs it.
    pub fn new(rules: &Rules, users: impl FnOnce() -> Arc<UserMatcher>) -> Classifier {
        let categories = rules.categories();
        let index_of = |name: &str| categories.iter().position(|c| c == name).unwrap_or(0) as u16;
        let lowered = |test: &RuleTest| match test {
            RuleTest::Contains(t) => RuleTest::Contains(t.to_lowercase()),
            RuleTest::WholeWord(t) => RuleTest::WholeWord(t.to_lowercase()),
            other => other.clone(),
        };
        Classifier {
            rules: rules
                .rules()
                .iter()
                .map(|r| (lowered(&r.test), index_of(&r.category)))
                .collect(),
            fallback: index_of(crate::rules::FALLBACK_CATEGORY),
            users: rules.tests_users().then(users),
        }
    }

    /// The category index and what decided it. `lower` is scratch space,
    /// kept by the caller so a million names cost no allocation each.
    pub fn classify(&self, friendly_name: &str, lower: &mut String) -> (u16, DecidedBy) {
        lower_case_into(friendly_name, lower);
        let lower = lower.as_str();
        for (test, category) in &self.rules {
            let decided = match test {
                RuleTest::Contains(text) => lower.contains(text.as_str()).then_some(DecidedBy::Text),
                RuleTest::WholeWord(word) => contains_whole_word(lower, word).then_some(DecidedBy::Text),
                RuleTest::UserOrPersonName => (self.users.as_ref())
                    .and_then(|users| users.first_user(lower))
                    .map(|row| DecidedBy::User(row as u32))
                    .or_else(|| looks_like_person_name(friendly_name.trim()).then_some(DecidedBy::PersonName)),
                RuleTest::Everything => Some(DecidedBy::Text),
            };
            if let Some(by) = decided {
                return (*category, by);
            }
        }
        (self.fallback, DecidedBy::Text)
    }
}

/// `word` in `haystack` with no letter or decimal digit right before or after.
pub(crate) fn contains_whole_word(haystack: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let is_word_char = |c: char| {
        matches!(
            get_general_category(c),
            Gc::UppercaseLetter
                | Gc::LowercaseLetter
                | Gc::TitlecaseLetter
                | Gc::ModifierLetter
                | Gc::OtherLetter
                | Gc::DecimalNumber
        )
    };
    haystack.match_indices(word).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// Two or three words separated by single spaces, each an upper-case letter
/// followed by one or more lower-case letters (Unicode Lu and Ll).
pub(crate) fn looks_like_person_name(trimmed: &str) -> bool {
    // Asked of most of a million names: no allocation, and ASCII without the
    // Unicode tables (for ASCII, Lu and Ll are A–Z and a–z).
    let category = |c: char| match c {
        'A'..='Z' => Gc::UppercaseLetter,
        'a'..='z' => Gc::LowercaseLetter,
        c if c.is_ascii() => Gc::OtherPunctuation,
        c => get_general_category(c),
    };
    let mut words = 0;
    let all_names = trimmed.split(' ').all(|word| {
        words += 1;
        let mut chars = word.chars();
        chars.next().is_some_and(|c| category(c) == Gc::UppercaseLetter)
            && chars.clone().next().is_some()
            && chars.all(|c| category(c) == Gc::LowercaseLetter)
    });
    all_names && (2..=3).contains(&words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::AssignmentRow;
    use crate::phone::normalise;

    fn user(name: &str, email: &str) -> AssignmentRow {
        AssignmentRow {
            line: 2,
            phone: normalise("+14155550134").unwrap(),
            user_id: "u".into(),
            enabled: true,
            user_name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn sop_rules_in_order() {
        let users = [user("jdoe", "jane.doe@example.com"), user("Al", "al@x.io")];
        let c = Classifier::new(&Rules::sop_defaults(), || Arc::new(UserMatcher::new(&users)));
        let classify = |name: &str| c.classify(name, &mut String::new());
        let cat = |name: &str| classify(name).0;
        assert_eq!(cat("Delivery Farm 12"), 0);
        assert_eq!(cat("SMS FARM pool - number farm"), 1);
        assert_eq!(cat("Number Farm A"), 2);
        assert_eq!(classify("line for JDOE"), (3, DecidedBy::User(0)));
        assert_eq!(classify("jane.doe backup"), (3, DecidedBy::User(0)));
        assert_eq!(
            classify("al@x.io"),
            (3, DecidedBy::User(1)),
            "short local part: the email counts"
        );
        assert_eq!(
            classify("Al's phone"),
            (5, DecidedBy::Text),
            "names under 3 characters never match"
        );
        assert_eq!(classify("José Martínez"), (3, DecidedBy::PersonName));
        assert_eq!(cat("ADP_Payroll"), 4);
        assert_eq!(cat("adp sync"), 4);
        assert_eq!(cat("ADPX"), 5);
        assert_eq!(cat("Roadpath"), 5);
        assert_eq!(cat("(415) 555-0134"), 5);
    }

    #[test]
    fn first_user_in_file_order_wins() {
        let users = [user("zed", ""), user("bob", ""), user("ann", "")];
        let c = Classifier::new(&Rules::sop_defaults(), || Arc::new(UserMatcher::new(&users)));
        assert_eq!(c.classify("ann and bob", &mut String::new()).1, DecidedBy::User(1));
    }

    #[test]
    fn whole_word_edges() {
        assert!(contains_whole_word("adp", "adp"));
        assert!(contains_whole_word("x-adp-y", "adp"));
        assert!(contains_whole_word("roadpath adp", "adp"));
        assert!(!contains_whole_word("adp2", "adp"));
        assert!(!contains_whole_word("éadp", "adp"));
        assert!(!contains_whole_word("", "adp"));
    }

    #[test]
    fn person_names() {
        for yes in ["Jane Doe", "Mary Ann Smith", "José Martínez", "Ольга Петрова"] {
            assert!(looks_like_person_name(yes), "{yes}");
        }
        for no in [
            "Jane",
            "Jane  Doe",
            "jane doe",
            "JANE DOE",
            "Jane Doe Smith Jr",
            "J Doe",
            "Jane O'Neil",
            "Main Line 2",
        ] {
            assert!(!looks_like_person_name(no), "{no}");
        }
    }
}

//! The users of the assignments as automata, kept with the inputs: which
//! user a FriendlyName names, for the category rule that tests for users
//! (docs/report-contract.md#categories, rule 4).

use std::sync::{Arc, OnceLock};

use aho_corasick::AhoCorasick;

use super::AssignmentRow;

/// Finds the first user (in file order) whose UserName, Email or Email's local
/// part (each 3 characters or more) a lower-cased FriendlyName contains.
#[derive(Debug)]
pub(crate) struct UserMatcher {
    /// Automata over consecutive runs of the patterns, each with the index
    /// of its first pattern (none without patterns).
    parts: Vec<(AhoCorasick, usize)>,
    /// For each pattern, the first assignments row that has it.
    first_row: Vec<usize>,
}

impl UserMatcher {
    pub fn new(assignments: &[AssignmentRow]) -> UserMatcher {
        // Each distinct pattern once, with the first row that has it. Keys
        // are lower-cased into one buffer and copied only when new: most
        // users have several numbers, so most candidates are repeats.
        let mut first_row: Vec<usize> = Vec::new();
        let mut index: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        let (mut name_key, mut local_key, mut email_key) = (String::new(), String::new(), String::new());
        for (row_index, row) in assignments.iter().enumerate() {
            let local_part = row.email.split('@').next().unwrap_or("");
            let local = lower_if_long_enough(local_part, &mut local_key);
            let name = lower_if_long_enough(&row.user_name, &mut name_key);
            // A name or email that contains the local part is redundant: what
            // contains it contains the local part too, whose first row is this
            // one or earlier. That is every email, and the UserName when it
            // is the email, as ASP.NET Identity makes it by default.
            let name = name && !(local && name_key.contains(local_key.as_str()));
            let email = !local && lower_if_long_enough(&row.email, &mut email_key);
            for (wanted, key) in [(name, &name_key), (local, &local_key), (email, &email_key)] {
                if wanted && !index.contains_key(key.as_str()) {
                    index.insert(key.clone(), first_row.len());
                    first_row.push(row_index);
                }
            }
        }
        let mut patterns = vec![String::new(); first_row.len()];
        for (pattern, i) in index {
            patterns[i] = pattern;
        }
        // Natively, many patterns make two automata built at once: the
        // build is the longest part of reading a million numbers' files, and
        // outlasts the other files' reading on one core while the other
        // idles. Each name is then searched twice, which costs far less.
        let in_two = patterns.len() >= 50_000 && !cfg!(target_arch = "wasm32");
        UserMatcher::of(patterns, first_row, in_two)
    }

    fn of(patterns: Vec<String>, first_row: Vec<usize>, in_two: bool) -> UserMatcher {
        let parts = if in_two {
            let (first, second) = patterns.split_at(patterns.len() / 2);
            let (a, b) = crate::parallel::both(|| automaton(first), || automaton(second));
            vec![(a, 0), (b, first.len())]
        } else if patterns.is_empty() {
            Vec::new()
        } else {
            vec![(automaton(&patterns), 0)]
        };
        UserMatcher { parts, first_row }
    }

    /// The assignments row of the first user `lower_name` (lower-cased) contains.
    pub fn first_user(&self, lower_name: &str) -> Option<usize> {
        (self.parts.iter())
            .flat_map(|(searcher, offset)| {
                (searcher.find_overlapping_iter(lower_name))
                    .map(move |m| self.first_row[offset + m.pattern().as_usize()])
            })
            .min()
    }
}

/// Puts `text` lower-cased into `key` when it is a pattern: 3 characters
/// or more (the first test settles ASCII text).
fn lower_if_long_enough(text: &str, key: &mut String) -> bool {
    if text.len() < 3 || !(text.is_ascii() || text.chars().nth(2).is_some()) {
        return false;
    }
    lower_case_into(text, key);
    true
}

/// Puts `text` lower-cased into `into`, replacing what it held: the one way
/// both the patterns and the FriendlyNames searched are lower-cased, so they
/// agree. ASCII, the usual case, without allocating.
pub(crate) fn lower_case_into(text: &str, into: &mut String) {
    into.clear();
    if text.is_ascii() {
        into.push_str(text);
        into.make_ascii_lowercase();
    } else {
        into.push_str(&text.to_lowercase());
    }
}

/// One automaton over `patterns`. Building fails only past 2^31 automaton
/// states: far more pattern bytes than any file that fits in memory can hold.
/// Contiguous: at a million numbers (200,000 patterns) it builds 10% slower
/// than the noncontiguous NFA but searches twice as fast, and the search
/// runs once per number.
fn automaton(patterns: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(patterns)
        .expect("automaton fits")
}

/// The matcher of one assignments file, built the first time a report needs
/// it (or when a reader asks early, [`super::LoadedInput::prepare`]) and
/// kept with the file: a page rebuilds on every settings edit.
#[derive(Clone, Default)]
pub(crate) struct KeptMatcher(OnceLock<Arc<UserMatcher>>);

impl KeptMatcher {
    pub fn get(&self, assignments: &[AssignmentRow]) -> Arc<UserMatcher> {
        Arc::clone(self.0.get_or_init(|| Arc::new(UserMatcher::new(assignments))))
    }
}

// The automaton's own Debug is megabytes at a million numbers; a file's Debug
// (compared whole in tests) says only whether it is built.
impl std::fmt::Debug for KeptMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "KeptMatcher(built)"
        } else {
            "KeptMatcher"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{AssignmentRow, UserMatcher};

    /// The contract's words, as plainly as they go: the first row whose
    /// UserName, Email or Email's local part (3 characters or more) the
    /// lower-cased name contains.
    fn first_user_plainly(rows: &[AssignmentRow], lower_name: &str) -> Option<usize> {
        rows.iter().position(|row| {
            let local = row.email.split('@').next().unwrap_or("");
            [row.user_name.as_str(), row.email.as_str(), local]
                .iter()
                .any(|p| p.chars().count() >= 3 && lower_name.contains(&p.to_lowercase()))
        })
    }

    #[test]
    fn leaving_out_what_contains_the_local_part_finds_the_same_users() {
        let row = |user_name: &str, email: &str| AssignmentRow {
            line: 1,
            phone: crate::phone::normalise("+14155550100").unwrap(),
            user_id: String::new(),
            enabled: true,
            user_name: user_name.to_string(),
            email: email.to_string(),
        };
        let rows = [
            row("Ann.Lee@corp.com", "ann.lee@corp.com"),
            row("bo", "bo@corp.com"),
            row("rob@corp.com", "rob@corp.com"),
            row("ann", "x@corp.com"),
            row("JSmith", "john.smith@corp.com"),
            row("ÉLODIE", "élodie@corp.com"),
            row("", ""),
        ];
        let matcher = UserMatcher::new(&rows);
        // UserName = Email adds no pattern (10 without leaving them out); a
        // local part too short (bo, x) makes the email one.
        let patterns: usize = matcher.parts.iter().map(|(a, _)| a.patterns_len()).sum();
        assert_eq!(
            patterns, 8,
            "ann.lee, bo@corp.com, rob, ann, x@corp.com, jsmith, john.smith, élodie"
        );
        for name in [
            "ann.lee@corp.com desk",
            "ann's line",
            "call bo@corp.com",
            "bob",
            "rob@corp.com",
            "jsmith cell",
            "john.smith",
            "élodie",
            "x@corp.com",
            "nobody",
        ] {
            assert_eq!(matcher.first_user(name), first_user_plainly(&rows, name), "{name}");
        }
    }

    #[test]
    fn two_automata_find_what_one_finds() {
        let patterns: Vec<String> = ["ann", "anna", "bob", "nna", "rob", "annabel", "bel"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        // Rows out of pattern order, so the first row is not the first pattern.
        let first_row = vec![6, 2, 5, 0, 3, 1, 4];
        let one = UserMatcher::of(patterns.clone(), first_row.clone(), false);
        let two = UserMatcher::of(patterns, first_row, true);
        assert_eq!(two.parts.len(), 2);
        for name in ["", "annabel's line", "rob", "bobby", "nnb", "channa", "a bel", "zzz"] {
            assert_eq!(one.first_user(name), two.first_user(name), "{name}");
        }
        assert_eq!(two.first_user("annabel's line"), Some(0));
        assert_eq!(UserMatcher::of(Vec::new(), Vec::new(), false).first_user("ann"), None);
    }
}

//! Safety promises held by tests: no cell of any output can run as a formula
//! in a spreadsheet, whatever free text the inputs carry.

use inventory_core::{load, CategoryRule, Inputs, Report, RuleTest, Rules, Settings};

const DANGEROUS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Every free-text value the outputs carry starts with each dangerous character somewhere.
fn hostile_inputs() -> (Inputs, Settings) {
    let mut numbers = String::from("PhoneNumber,FriendlyName,DateCreated\r\n");
    let mut assignments = String::from("PhoneNumber,AspNetUserId,Enabled,UserName,Email\r\n");
    let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for (i, c) in DANGEROUS.iter().enumerate() {
        // One number whose name is hostile, one assigned to a hostile user name,
        // one to a user with only a hostile email, one with only a hostile id.
        let phone = |k: usize| format!("+1415555{:02}{:02}", i, k);
        for k in 0..4 {
            numbers.push_str(&format!(
                "{},{},2025-01-01\r\n",
                phone(k),
                quoted(&format!("{c}SUM(A{i}:A{k})"))
            ));
        }
        assignments.push_str(&format!(
            "{},U{i},1,{},x{i}@example.com\r\n",
            phone(1),
            quoted(&format!("{c}cmd|' /C calc'!A0"))
        ));
        assignments.push_str(&format!(
            "{},U{i}b,1,,{}\r\n",
            phone(2),
            quoted(&format!("{c}HYPERLINK(\"http://x\")"))
        ));
        assignments.push_str(&format!("{},{},1,,\r\n", phone(3), quoted(&format!("{c}id{i}"))));
    }
    let mut inputs = Inputs::default();
    inputs.put(load("numbers.csv", numbers.into_bytes()).unwrap());
    inputs.put(load("assignments.csv", assignments.into_bytes()).unwrap());
    let mut settings = Settings::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    // Users can name categories too.
    let mut rules: Vec<CategoryRule> = DANGEROUS
        .iter()
        .map(|c| CategoryRule {
            category: format!("{c}Pool"),
            test: RuleTest::Contains(format!("{c}sum(a")),
        })
        .collect();
    rules.extend(Rules::sop_defaults().rules().iter().cloned());
    settings.rules = Rules::new(rules).unwrap();
    (inputs, settings)
}

fn cells(csv_bytes: &[u8]) -> Vec<(String, String)> {
    let text = std::str::from_utf8(csv_bytes).unwrap().trim_start_matches('\u{FEFF}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut out = Vec::new();
    for record in reader.records() {
        for (name, value) in headers.iter().zip(record.unwrap().iter()) {
            out.push((name.clone(), value.to_string()));
        }
    }
    out
}

#[test]
fn no_output_cell_can_run_as_a_formula() {
    let (inputs, settings) = hostile_inputs();
    let report = Report::build(&inputs, &settings).unwrap();
    let (inventory, assessment) = report.outputs();
    let mut free_text_seen = 0;
    for (file, bytes) in [
        ("inventory", inventory),
        ("assessment", assessment),
        ("summary", report.summary_csv()),
    ] {
        for (column, value) in cells(&bytes) {
            let free_text = matches!(column.as_str(), "FriendlyName" | "Assigned_User" | "Category");
            if free_text && value.starts_with('\'') {
                free_text_seen += 1;
                assert!(
                    value[1..].starts_with(DANGEROUS),
                    "{file} {column}: {value:?} was escaped for nothing"
                );
            }
            let first = value.chars().next();
            let safe_number = column == "DaysSinceLastActivity" || column == "Phone";
            assert!(
                safe_number || !first.is_some_and(|c| DANGEROUS.contains(&c)),
                "{file} {column}: {value:?} would run as a formula"
            );
        }
    }
    // Every hostile name, user, email, id and category reached an output, escaped.
    assert!(
        free_text_seen >= DANGEROUS.len() * 6,
        "only {free_text_seen} escaped cells"
    );
}

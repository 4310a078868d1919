//! The golden fixtures through `core`: the outputs must equal the files in
//! `tests/fixtures/golden/expected`, checked by hand against docs/report-contract.md, whatever
//! the numbers file's encoding.

use inventory_core::{ASSESSMENT_FILE, INVENTORY_FILE, SUMMARY_FILE};
use inventory_tests::{expected, golden_report};

fn same(actual: &[u8], expected: &[u8], what: &str) {
    if actual != expected {
        let (a, e) = (String::from_utf8_lossy(actual), String::from_utf8_lossy(expected));
        for (i, (la, le)) in a.lines().zip(e.lines()).enumerate() {
            assert_eq!(la, le, "{what}: first difference on line {}", i + 1);
        }
        panic!("{what}: {} bytes, expected {}", actual.len(), expected.len());
    }
}

#[test]
fn golden_outputs_match_byte_for_byte() {
    let report = golden_report("numbers.csv");
    same(&report.inventory_csv(), &expected(INVENTORY_FILE), INVENTORY_FILE);
    same(&report.assessment_csv(), &expected(ASSESSMENT_FILE), ASSESSMENT_FILE);
    same(&report.summary_csv(), &expected(SUMMARY_FILE), SUMMARY_FILE);
}

#[test]
fn the_release_plan_is_the_expected_one() {
    let report = golden_report("numbers.csv");
    let plan = report.release_plan_csv(&Default::default());
    same(&plan, &expected(inventory_core::RELEASE_PLAN_FILE), "the release plan");
    assert_eq!(
        plan.split(|&b| b == b'\n').count() - 2,
        report.summary.release().numbers as usize
    );
}

#[test]
fn cp1252_and_utf16_exports_give_the_same_bytes() {
    let utf8 = golden_report("numbers.csv");
    for variant in ["numbers_cp1252.csv", "numbers_utf16.csv"] {
        let report = golden_report(variant);
        same(&report.inventory_csv(), &utf8.inventory_csv(), variant);
        same(&report.assessment_csv(), &utf8.assessment_csv(), variant);
        let note = report.findings.iter().find(|f| f.message.starts_with("read as"));
        assert!(note.is_some(), "{variant}: the encoding is named");
    }
}

#[test]
fn golden_findings_are_the_expected_ones() {
    let report = golden_report("numbers.csv");
    let lines: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    let expect = [
        "numbers.csv, line 15: phone_number `1.41555E+10` can't be read as a phone number: a spreadsheet turned it into scientific notation and rounded digits away; export the column again formatted as Text; the row is left out of the report.",
        "numbers.csv, line 17: date_created `not a date` is not a date this tool reads (RFC 2822, ISO 8601, M/D/YYYY [H:MM AM] or MM-DD-YYYY); the cell is left empty.",
        "numbers.csv: 1 blank row(s) skipped.",
        "message_stats.csv, line 17: MessageCount `12.0` is not a whole number of 1 to 18 digits; the row is left out.",
        "message_stats.csv, line 18: LastDateSent `yesterday` is not a date this tool reads (RFC 2822, ISO 8601, M/D/YYYY [H:MM AM] or MM-DD-YYYY); it counts as no date, its messages still count.",
        "assignments.csv, line 8: Enabled `maybe` is not 1/0, true/false or yes/no; it counts as enabled, so the number is not recommended for release.",
        "numbers.csv, line 12: +1 (415) 555-0100 is also on line 2; that first row is kept.",
        "message_stats.csv, line 16: +1 (999) 555-0000 sent 50 message(s) but is not in the Twilio account's numbers.",
        "assignments.csv, line 9: +1 (415) 555-9999 is assigned in the database but is not in the Twilio account's numbers.",
        "numbers.csv, line 22: +1 (415) 555-0115 is assigned to 2 users: bsmith; carol@example.com.",
        "message_stats.csv, line 9: +1 (415) 555-0136 was last active on 12-01-2026, 7 day(s) after the as-of date 11-24-2026; it counts as ACTIVE.",
        "numbers.csv: 1 GB local number(s) are priced at the US local rate 1.15: add GB local prices for exact costs.",
    ];
    for line in expect {
        assert!(
            lines.iter().any(|l| l == line),
            "missing finding: {line}\nall: {lines:#?}"
        );
    }
    let unreadable_assignment = lines
        .iter()
        .any(|l| l.starts_with("assignments.csv, line 10: PhoneNumber `555-0100`"));
    assert!(unreadable_assignment, "{lines:#?}");
    assert_eq!(lines.len(), expect.len() + 1, "{lines:#?}");
}

#[test]
fn golden_summary_and_checks() {
    let report = golden_report("numbers.csv");
    let s = &report.summary;
    assert_eq!(
        (s.total.numbers, s.total.monthly_cost.to_string()),
        (33, "39.95".to_string())
    );
    // RELEASE: 21 NEVER USED less the 3 assigned to enabled users, plus 2 DORMANT.
    assert_eq!(
        (s.release().numbers, s.release().monthly_cost.to_string()),
        (20, "25.00".to_string())
    );
    let outcomes: Vec<&str> = report.checks.iter().map(|c| c.status.label()).collect();
    assert_eq!(outcomes, ["not checked", "pass", "not checked", "pass"]);
}

/// Rewrites the expected summary: `cargo test -p inventory-tests -- --ignored write_expected_summary`.
#[test]
#[ignore]
fn write_expected_summary() {
    let path = inventory_tests::fixture("golden").join("expected").join(SUMMARY_FILE);
    std::fs::write(path, golden_report("numbers.csv").summary_csv()).unwrap();
}

/// Sample reports' fingerprints, pinned in core/tests/wasm_golden.rs too, so
/// the wasm build (one thread) is held to the native bytes (two threads from
/// 50,000 numbers) on big realistic inputs.
#[test]
fn sample_fingerprints() {
    use inventory_core::{Report, Settings};
    let anchor = inventory_tests::golden_as_of();
    let pinned = include_str!("../../core/tests/wasm_golden.rs");
    let lines: Vec<String> = [(2000, 7), (60_000, 3)]
        .into_iter()
        .map(|(numbers, seed)| {
            let inputs = inventory_core::generate_sample(numbers, seed, anchor).into_inputs();
            let report = Report::build(&inputs, &Settings::new(anchor)).unwrap();
            let fingerprint = inventory_core::fingerprint(&[report.inventory_csv(), report.assessment_csv()].concat());
            format!("({numbers}, {seed}, {fingerprint}),")
        })
        .collect();
    // All lines at once, so a change of output shows every pin to update.
    let missing: Vec<&String> = lines.iter().filter(|line| !pinned.contains(line.as_str())).collect();
    assert!(missing.is_empty(), "native, not pinned: {missing:?}");
}

/// Building in small steps gives the same report as building in one go.
#[test]
fn stepwise_build_gives_the_same_bytes() {
    use inventory_core::{ReportBuilder, Settings};
    let anchor = inventory_tests::golden_as_of();
    let inputs = inventory_core::generate_sample(3000, 5, anchor).into_inputs();
    let whole = inventory_core::Report::build(&inputs, &Settings::new(anchor)).unwrap();
    let mut builder = ReportBuilder::new(std::sync::Arc::new(inputs), Settings::new(anchor)).unwrap();
    let mut steps = 0;
    let stepped = loop {
        steps += 1;
        if let Some(report) = builder.step(250) {
            break report;
        }
        let (done, total) = builder.progress();
        assert!(done <= total);
    };
    assert!(steps > 10, "{steps} steps");
    assert_eq!(builder.step(250).map(|r| r.rows.len()), None, "done stays done");
    assert_eq!(stepped.outputs(), whole.outputs());
    assert_eq!(stepped.summary_csv(), whole.summary_csv());
    assert_eq!(stepped.findings, whole.findings);
}

/// A rebuild on an earlier build's groundwork (the page's, after a settings
/// edit) gives a fresh build's bytes and findings under the new settings,
/// and skips what the groundwork holds: the join always, the categories
/// while the rules stay. Groundwork of other inputs is not used.
#[test]
fn a_rebuild_on_groundwork_gives_a_fresh_build_s_bytes() {
    use inventory_core::{
        generate_sample, Cents, Country, FindingKind, Groundwork, Inputs, NumberType, Price, Report, ReportBuilder,
        RuleTest, Rules, Settings,
    };
    use std::sync::Arc;
    let anchor = inventory_tests::golden_as_of();
    // Steps of one build, and its groundwork.
    let build = |inputs: &Arc<Inputs>, settings: &Settings, on: Option<Groundwork>| {
        let mut builder = ReportBuilder::new(Arc::clone(inputs), settings.clone())
            .unwrap()
            .on_groundwork(on);
        let mut steps = 0;
        loop {
            steps += 1;
            if let Some(report) = builder.step(usize::MAX) {
                return (
                    report,
                    builder.groundwork().expect("a finished build has groundwork"),
                    steps,
                );
            }
        }
    };
    let inputs = Arc::new(generate_sample(3000, 5, anchor).into_inputs());
    let first = Settings::new(anchor);
    let (report, groundwork, fresh_steps) = build(&inputs, &first, None);
    let duplicates = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::DuplicateNumber);
    assert!(
        duplicates.count() > 0,
        "the join's findings are part of what is checked"
    );

    let mut later = first.clone();
    later.as_of = anchor + chrono::Duration::days(45);
    let mut dearer = first.clone();
    dearer.prices.set(Price {
        country: Country::parse("US").unwrap(),
        number_type: NumberType::Local,
        monthly: Cents(299),
    });
    let mut other_rules = first.clone();
    let mut rules = Rules::sop_defaults().rules().to_vec();
    rules.swap(0, 4);
    rules[1].test = RuleTest::Contains("farm".into());
    other_rules.rules = Rules::new(rules).unwrap();
    for (what, settings, skipped) in [("as-of", later, 1), ("price", dearer, 1), ("rules", other_rules, 0)] {
        let (rebuilt, _, steps) = build(&inputs, &settings, Some(groundwork.clone()));
        let fresh = Report::build(&inputs, &settings).unwrap();
        assert_ne!(fresh.outputs(), report.outputs(), "{what}: the edit changes the report");
        assert_eq!(rebuilt.outputs(), fresh.outputs(), "{what}");
        assert_eq!(rebuilt.summary_csv(), fresh.summary_csv(), "{what}");
        assert_eq!(rebuilt.findings, fresh.findings, "{what}");
        assert_eq!(steps, fresh_steps - skipped, "{what}: the steps the groundwork saves");
    }

    let mut plain = ReportBuilder::new(&*inputs, first.clone()).unwrap();
    while plain.step(usize::MAX).is_none() {}
    assert!(plain.groundwork().is_none(), "kept only when asked for");

    let others = Arc::new(generate_sample(2000, 6, anchor).into_inputs());
    let (rebuilt, _, steps) = build(&others, &first, Some(groundwork));
    let fresh = Report::build(&others, &first).unwrap();
    assert_eq!(rebuilt.outputs(), fresh.outputs());
    assert_eq!(rebuilt.findings, fresh.findings);
    assert_eq!(steps, fresh_steps);
}

/// The user matcher is kept between reports of the same inputs, and a new
/// assignments file replaces it.
#[test]
fn new_assignments_give_a_new_user_matcher() {
    use inventory_core::{load, Report, Settings};
    let settings = Settings::new(inventory_tests::golden_as_of());
    let mut inputs = inventory_core::Inputs::default();
    let numbers = std::fs::read(inventory_tests::fixture("golden/numbers.csv")).unwrap();
    inputs.put(load("numbers.csv", numbers).unwrap());
    let category_of = |inputs: &inventory_core::Inputs, name: &str| {
        let report = Report::build(inputs, &settings).unwrap();
        let row = report.rows.iter().find(|r| r.friendly_name == name).unwrap();
        (report.category_name(row).to_string(), row.assigned_user.clone())
    };
    let first =
        b"PhoneNumber,AspNetUserId,Enabled,UserName,Email\n+19995550000,U-1,1,bsmith,bob.smith@example.com\n".to_vec();
    inputs.put(load("a.csv", first).unwrap());
    assert_eq!(
        category_of(&inputs, "backup for bob.smith"),
        ("User Assigned".into(), "bsmith".into())
    );
    assert_eq!(category_of(&inputs, "Night shift").0, "Other/System");
    let second = b"PhoneNumber,AspNetUserId,Enabled,UserName\n+19995550000,U-2,1,night\n".to_vec();
    inputs.put(load("a.csv", second).unwrap());
    assert_eq!(
        category_of(&inputs, "Night shift"),
        ("User Assigned".into(), "night".into())
    );
    assert_eq!(category_of(&inputs, "backup for bob.smith").0, "Other/System");
}

//! "Where the numbers are" in headless Chromium: the page's table of
//! locations equals core's `Report::locations()` for the golden inputs, the
//! chart draws the top 15, and the area-code filter reads `512` and `+1512`
//! alike and refuses what is not an area code.
//!
//! `cargo test --locked -p inventory-tests --test page_locations -- --ignored --test-threads=1`
//! after `trunk build --release` (scripts/test runs it).

use inventory_core::{thousands, Settings, Tally};
use inventory_tests::web::sections::{money_shown, GOLDEN_INPUTS};
use inventory_tests::web::{core_report, run, Browser};
use inventory_tests::{fixture, golden_as_of};

fn counts(tally: &Tally) -> [String; 2] {
    [thousands(tally.numbers), money_shown(tally.monthly_cost)]
}

#[test]
#[ignore = "needs dist/ and chromedriver: run by scripts/test"]
fn the_locations_equal_core_s_and_the_area_code_filter_finds_them() {
    run(async {
        let b = Browser::start().await;
        let files: Vec<_> = GOLDEN_INPUTS.iter().map(|n| fixture("golden").join(n)).collect();
        b.load_files(&files).await;
        b.set_as_of("2026-11-24").await;
        b.wait_for_report("the golden inputs").await;
        let locations = core_report(&fixture("golden"), &GOLDEN_INPUTS, &Settings::new(golden_as_of())).locations();
        assert!(
            locations.by_location.len() > 1,
            "the golden numbers are in several places"
        );

        let expected: Vec<Vec<String>> = locations
            .by_location
            .iter()
            .map(|l| {
                let [numbers, cost] = counts(&l.tally);
                vec![l.location.clone(), numbers, cost]
            })
            .collect();
        assert_eq!(b.table_rows("#locations-table tbody").await, expected);
        let bars = b
            .js(
                "return document.querySelectorAll('#chart-locations rect').length",
                vec![],
            )
            .await;
        assert_eq!(bars.as_u64(), Some(locations.by_location.len().min(15) as u64));
        b.screenshot_of("#locations", "page-locations.png").await;

        // The busiest area code, typed as its digits and with +1: the same rows.
        let busiest = locations
            .by_area_code
            .first()
            .expect("North American numbers")
            .area_code;
        let expected: Vec<Vec<String>> = locations
            .area_codes_starting(&busiest.to_string())
            .map(|a| {
                let [numbers, cost] = counts(&a.tally);
                vec![format!("+1 {}", a.area_code), a.location.clone(), numbers, cost]
            })
            .collect();
        for typed in [busiest.to_string(), format!("+1{busiest}")] {
            b.type_into("#area-code", &typed).await;
            b.wait_until(
                &format!("the area codes of {typed}"),
                "return !!document.querySelector('#area-codes-table tbody tr');",
            )
            .await;
            assert_eq!(
                b.table_rows("#area-codes-table tbody").await,
                expected,
                "typed {typed:?}"
            );
        }
        b.screenshot_of("#locations", "page-locations-filtered.png").await;

        // One digit: every area code starting with it, and their sum.
        let first_digit = busiest.to_string()[..1].to_string();
        b.type_into("#area-code", &first_digit).await;
        let starting: Vec<_> = locations.area_codes_starting(&first_digit).collect();
        let total = starting.iter().fold(Tally::default(), |sum, a| Tally {
            numbers: sum.numbers + a.tally.numbers,
            monthly_cost: sum.monthly_cost + a.tally.monthly_cost,
        });
        b.wait_until(
            "the area codes of one digit",
            &format!(
                "return document.querySelectorAll('#area-codes-table tbody tr').length === {};",
                starting.len()
            ),
        )
        .await;
        let [numbers, cost] = counts(&total);
        assert_eq!(
            b.table_rows("#area-codes-table tfoot").await,
            [vec!["All shown".to_string(), numbers, cost]]
        );

        b.type_into("#area-code", "texas").await;
        let problem = b
            .text("#locations .error")
            .await
            .expect("a message for text that is no area code");
        assert!(problem.contains("like 512 or +1512"), "{problem}");
        b.assert_no_panic().await;
        b.close().await;
    });
}

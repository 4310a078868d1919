//! What the page's panels show and how a user drives them, for the page
//! tests: the price editor's rows, the findings, the checks, and waiting
//! for the report of the latest change.

use std::path::PathBuf;

use fantoccini::Locator;
use serde_json::{json, Value};

use super::{target_dir, Browser};

/// A finding group as shown or printed: its title, its count, and its
/// findings (all the command prints; the page shows more).
pub type FindingGroup = (String, usize, Vec<String>);

/// The findings the command prints: 10 of each kind.
pub const FINDINGS_PRINTED: usize = 10;

impl Browser {
    /// Waits until the report follows the latest change: nothing is being
    /// read or built, and the downloads are enabled.
    pub async fn wait_for_report(&self, what: &str) {
        self.wait_until(
            &format!("the report of {what}"),
            "const d = document.getElementById('download-inventory'); \
             return !!d && !d.disabled && !document.getElementById('building') \
             && document.querySelectorAll('.progress-list li').length === 0;",
        )
        .await;
    }

    /// Chooses big `files` and waits (up to `patience`) for their report: a
    /// chip for each, the cards, no build running and a table page; returns
    /// how long that took from the choice.
    pub async fn report_of_big_files(
        &self,
        files: &[std::path::PathBuf],
        patience: std::time::Duration,
    ) -> std::time::Duration {
        let started = std::time::Instant::now();
        self.choose_files(files).await;
        let done = format!(
            "return document.querySelectorAll('#file-chips .chip').length === {} \
             && !!document.querySelector('#card-numbers .card-value') \
             && !document.getElementById('building') \
             && document.querySelectorAll('#inventory-table tbody tr').length > 0;",
            files.len()
        );
        self.wait_until_within("the report of the big files", &done, patience)
            .await;
        started.elapsed()
    }

    /// Forgets every file, as "Remove all files" does, and waits until no chip is left.
    pub async fn remove_all_files(&self) {
        let any = self.js("return !!document.getElementById('clear-files')", vec![]).await;
        if any == json!(true) {
            self.click("#clear-files").await;
            self.wait_until(
                "no file chips",
                "return document.querySelectorAll('#file-chips .chip').length === 0;",
            )
            .await;
        }
    }

    /// The names on the chips, settings files' included, in the order shown.
    pub async fn chip_names(&self) -> Vec<String> {
        let names = self
            .js(
                "return [...document.querySelectorAll('#file-chips .chip-name')].map(e => e.textContent);",
                vec![],
            )
            .await;
        serde_json::from_value(names).unwrap_or_default()
    }

    /// The price editor's rows as typed: country, number type, monthly price.
    pub async fn price_rows(&self) -> Vec<[String; 3]> {
        let rows = self
            .js(
                "return [...document.querySelectorAll('#prices tbody tr.price-row')].map(r => \
                 [r.querySelector('.price-country').value, r.querySelector('.price-type').value, \
                  r.querySelector('.price-monthly').value]);",
                vec![],
            )
            .await;
        serde_json::from_value(rows).unwrap_or_default()
    }

    /// The CSS of the price editor's row for `country` and `number_type`.
    pub async fn price_row(&self, country: &str, number_type: &str) -> String {
        let rows = self.price_rows().await;
        let index = rows
            .iter()
            .position(|r| r[0] == country && r[1] == number_type)
            .unwrap_or_else(|| panic!("no price row {country} {number_type} in {rows:?}"));
        format!("#prices tbody tr.price-row:nth-child({})", index + 1)
    }

    /// Types `monthly` as the price of `country` and `number_type`.
    pub async fn set_price(&self, country: &str, number_type: &str, monthly: &str) {
        let row = self.price_row(country, number_type).await;
        self.type_into(&format!("{row} .price-monthly"), monthly).await;
    }

    /// The messages the price editor shows, field by field and for the table.
    pub async fn price_problems(&self) -> Vec<String> {
        self.texts(".prices-editor .error").await
    }

    /// The findings panel's groups (its texts whether a group is open or not).
    pub async fn findings(&self) -> Vec<FindingGroup> {
        let groups = self
            .js(
                "return [...document.querySelectorAll('#findings .finding-group')].map(g => [ \
                 g.querySelector('.finding-title').textContent, \
                 g.querySelector('.count').textContent, \
                 [...g.querySelectorAll('li')].map(li => li.textContent)]);",
                vec![],
            )
            .await;
        let groups: Vec<(String, String, Vec<String>)> =
            serde_json::from_value(groups).expect("the findings as [title, count, texts]");
        groups
            .into_iter()
            .map(|(title, count, texts)| {
                let count = count.replace(',', "").parse().expect("a count");
                (title, count, texts)
            })
            .collect()
    }

    /// The quality checks as the command prints them: `pass`, `title: detail`.
    pub async fn checks(&self) -> Vec<(String, String)> {
        let checks = self
            .js(
                "return [...document.querySelectorAll('#checks .check')].map(c => [ \
                 c.querySelector('.check-status').textContent, \
                 c.querySelector('.check-title').textContent.replace(/^\\d+\\. /, '') + ': ' + \
                 c.querySelector('.check-detail').textContent]);",
                vec![],
            )
            .await;
        serde_json::from_value(checks).expect("the checks as [status, text]")
    }

    /// Saves a screenshot of the element `css` as target/`name`, to look at.
    pub async fn screenshot_of(&self, css: &str, name: &str) -> PathBuf {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        // Chromium crops an element's screenshot to the viewport: bring it to the top first.
        self.js(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' }); return true;",
            vec![json!(css)],
        )
        .await;
        let png = element.screenshot().await.expect("a screenshot");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
        let path = target_dir().join(name);
        std::fs::write(&path, &png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("screenshot: {} ({} bytes)", path.display(), png.len());
        path
    }

    /// The value of the input `css`.
    pub async fn value(&self, css: &str) -> String {
        let value = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
                vec![json!(css)],
            )
            .await;
        match value {
            Value::String(text) => text,
            other => panic!("no input {css}: {other}"),
        }
    }
}

/// The findings in the command's printout, as [`Browser::findings`] gives the page's.
pub fn printed_findings(stdout: &str) -> Vec<FindingGroup> {
    let after_checks = stdout.split_once("\nQuality checks:\n").map_or("", |(_, rest)| rest);
    let mut groups: Vec<FindingGroup> = Vec::new();
    for line in after_checks.lines() {
        if line.starts_with("Wrote ") {
            break;
        }
        if let Some(finding) = line.strip_prefix("  ") {
            if let Some(group) = groups.last_mut().filter(|_| !finding.starts_with("… and ")) {
                group.2.push(finding.to_string());
            }
            continue;
        }
        let heading = line.strip_suffix("):").and_then(|h| h.rsplit_once(" ("));
        if let Some((title, count)) = heading {
            groups.push((title.to_string(), count.parse().expect("a count"), Vec::new()));
        }
    }
    groups
}

/// The quality checks in the command's printout: `pass`, `title: detail`.
pub fn printed_checks(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  ["))
        .filter_map(|l| l.split_once("] "))
        .map(|(status, text)| (status.trim().to_string(), text.to_string()))
        .collect()
}

/// The name the command gives the numbers export (`numbers.xlsx, sheet Numbers`).
pub fn printed_numbers_name(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("  numbers export: "))
        .and_then(|l| l.rsplit_once(" ("))
        .map(|(name, _)| name.to_string())
        .unwrap_or_else(|| panic!("no numbers export in the printout:\n{stdout}"))
}

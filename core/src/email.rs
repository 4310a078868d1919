//! The report for the finance email: the as-of date, the cards, the
//! Category × UsageStatus matrices, the release saving, the quality checks
//! and the changes since the previous inventory (when one was given). Plain
//! text (monospace tables, as `report --email-summary` prints it) and HTML
//! that mail clients paste as tables (the page's "Copy for email").

use crate::date::format_mdy;
use crate::money::{signed, thousands};
use crate::report::Report;
use crate::summary::{text_table, Tally};

/// The same summary twice: for a plain-text mail and for an HTML one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EmailSummary {
    pub text: String,
    pub html: String,
}

/// One table of the summary: its title and cells, the first row a header.
struct Table {
    title: String,
    cells: Vec<Vec<String>>,
}

impl Report {
    /// The summary for an email, as text and as HTML.
    pub fn email_summary(&self) -> EmailSummary {
        let heading = format!("Twilio phone numbers as of {}", format_mdy(self.settings.as_of));
        let tables = self.email_tables();
        let mut text = format!("{heading}\n");
        for table in &tables[..tables.len() - 1] {
            text += &format!("\n{}\n{}", table.title, text_table(&table.cells));
        }
        // The checks' details are sentences: a line each, as the printout has them.
        text += "\nQuality checks\n";
        for check in &self.checks {
            text += &format!("  {check}\n");
        }
        let mut html = format!(
            "<div style=\"font-family:Calibri,Arial,sans-serif;font-size:11pt\">\n<h3>{}</h3>\n",
            escape(&heading)
        );
        for table in &tables {
            html += &html_table(table);
        }
        html += "</div>\n";
        EmailSummary { text, html }
    }

    fn email_tables(&self) -> Vec<Table> {
        let s = &self.summary;
        let card = |name: &str, t: Tally| {
            vec![
                name.to_string(),
                thousands(t.numbers),
                t.monthly_cost.to_string(),
                t.yearly_cost().to_string(),
            ]
        };
        let mut tables = vec![
            Table {
                title: "Numbers and cost".into(),
                cells: vec![
                    vec!["".into(), "Numbers".into(), "Monthly cost".into(), "Yearly cost".into()],
                    card("All numbers", s.total),
                    card("Release candidates (what releasing saves)", s.release()),
                ],
            },
            Table {
                title: "Numbers by category and usage".into(),
                cells: s.matrix_cells("Category", |t| thousands(t.numbers)),
            },
            Table {
                title: "Monthly cost by category and usage".into(),
                cells: s.matrix_cells("Category", |t| t.monthly_cost.to_string()),
            },
        ];
        if let Some(changes) = &self.changes {
            let difference = changes.cost_now.0 as i64 - changes.cost_before.0 as i64;
            tables.push(Table {
                title: format!("Changes since {}", changes.previous_date.describe()),
                cells: vec![
                    vec!["".into(), "Numbers".into(), "Monthly cost".into()],
                    vec![
                        "Added".into(),
                        thousands(changes.added.0),
                        signed(changes.added.1 .0 as i64),
                    ],
                    vec![
                        "Gone".into(),
                        thousands(changes.gone.0),
                        signed(-(changes.gone.1 .0 as i64)),
                    ],
                    vec![
                        "Changed (category, user or status)".into(),
                        thousands(changes.changed),
                        "".into(),
                    ],
                    vec!["Re-priced".into(), "".into(), signed(changes.repriced)],
                    vec!["Monthly cost then".into(), "".into(), changes.cost_before.to_string()],
                    vec!["Monthly cost now".into(), "".into(), changes.cost_now.to_string()],
                    vec!["Difference".into(), "".into(), signed(difference)],
                ],
            });
        }
        // Last: the text form writes it as lines.
        let mut checks = vec![vec!["Check".to_string(), "Status".into(), "Detail".into()]];
        checks.extend(
            self.checks
                .iter()
                .map(|c| vec![c.title.to_string(), c.status.label().to_string(), c.detail.clone()]),
        );
        tables.push(Table {
            title: "Quality checks".into(),
            cells: checks,
        });
        tables
    }
}

/// A titled HTML table with inline styles (mail clients drop style sheets):
/// the header row bold, figures right-aligned, text left.
fn html_table(table: &Table) -> String {
    const CELL: &str = "border:1px solid #bbb;padding:2px 8px";
    let mut out = format!(
        "<p style=\"margin:12px 0 4px\"><b>{}</b></p>\n<table style=\"border-collapse:collapse\">\n",
        escape(&table.title)
    );
    for (r, row) in table.cells.iter().enumerate() {
        out += "<tr>";
        for (c, value) in row.iter().enumerate() {
            let (tag, weight) = if r == 0 { ("th", ";background:#eee") } else { ("td", "") };
            let align = if c == 0 || !looks_like_a_figure(value) {
                "left"
            } else {
                "right"
            };
            out += &format!(
                "<{tag} style=\"{CELL};text-align:{align}{weight}\">{}</{tag}>",
                escape(value)
            );
        }
        out += "</tr>\n";
    }
    out += "</table>\n";
    out
}

fn looks_like_a_figure(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || ",.+-".contains(c))
}

/// Text as HTML: category names and file details come from the user.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out += "&amp;",
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '"' => out += "&quot;",
            '\'' => out += "&#39;",
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::{load, Inputs, Report, Settings};

    fn has(text: &str, needle: &str) {
        assert!(text.contains(needle), "{needle:?} in:\n{text}");
    }

    fn report(previous: Option<&str>) -> Report {
        let mut inputs = Inputs::default();
        let numbers = "PhoneNumber,FriendlyName,DateCreated\n+15125550100,<Main> & \"Co\",2025-01-01\n";
        inputs.put(load("numbers.csv", numbers.as_bytes().to_vec()).unwrap());
        if let Some(previous) = previous {
            inputs.put(load("previous.csv", previous.as_bytes().to_vec()).unwrap());
        }
        let mut settings = Settings::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        settings.invoice_count = Some(1);
        Report::build(&inputs, &settings).unwrap()
    }

    #[test]
    fn the_text_has_every_part_in_order() {
        let email = report(None).email_summary();
        let text = &email.text;
        let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text}"));
        assert!(text.starts_with("Twilio phone numbers as of 01-01-2026\n"));
        assert!(at("Numbers and cost") < at("Numbers by category and usage"));
        assert!(at("Numbers by category and usage") < at("Monthly cost by category and usage"));
        assert!(at("Monthly cost by category and usage") < at("Quality checks"));
        has(
            text,
            "All numbers                                      1          1.15        13.80\n",
        );
        has(
            text,
            "  [   pass    ] Total count matches the invoice's phone-number count: 1 numbers",
        );
        assert!(!text.contains("Changes since"));
    }

    #[test]
    fn the_html_is_tables_with_user_text_escaped() {
        let email = report(None).email_summary();
        assert_eq!(email.html.matches("<table").count(), 4);
        assert_eq!(
            email.html.matches("<table").count(),
            email.html.matches("</table>").count()
        );
        assert!(email.html.contains("<h3>Twilio phone numbers as of 01-01-2026</h3>"));
        assert!(email.html.contains("text-align:right\">1.15</td>"));
        assert!(!email.html.contains("<Main>"));
    }

    #[test]
    fn changes_are_in_both_when_a_previous_inventory_was_given() {
        let previous = "Phone,FriendlyName,Category,Assigned_User,DateCreated,Monthly_Cost,TotalMessages,LastActivity,\
                        DaysSinceLastActivity,UsageStatus\n\
                        +1 (512) 555-0199,Old,Other,,01-01-2025,1.15,0,,,NEVER USED\n";
        let email = report(Some(previous)).email_summary();
        has(&email.text, "Changes since earlier");
        has(
            &email.text,
            "Added                                     1         +1.15\n",
        );
        has(
            &email.text,
            "Gone                                      1         -1.15\n",
        );
        assert_eq!(email.html.matches("<table").count(), 5);
    }
}

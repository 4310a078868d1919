//! The release plan: the RELEASE rows as `Twilio_Release_Plan_v1.csv`
//! (`Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason`, what
//! `phone-inventory twilio release` takes) and as a twilio-cli script. The
//! page leaves out the rows its user unticked; the command writes them all.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::date::format_mdy;
use crate::money::{thousands, Cents};
use crate::output::CsvOut;
use crate::phone::E164;
use crate::report::Report;
use crate::row::ReportRow;
use crate::sid::Sid;
use crate::status::Recommendation;

pub const RELEASE_PLAN_FILE: &str = "Twilio_Release_Plan_v1.csv";
pub const RELEASE_SCRIPT_FILE: &str = "Twilio_Release_Plan_v1.sh";

const PLAN_COLUMNS: [&str; 6] = [
    "Sid",
    "AccountSid",
    "PhoneNumber",
    "FriendlyName",
    "Monthly_Cost",
    "Reason",
];

impl Report {
    /// The RELEASE rows in the assessment's order, without the numbers in `left_out`.
    pub fn release_rows<'a>(&'a self, left_out: &'a BTreeSet<E164>) -> impl Iterator<Item = &'a ReportRow> + 'a {
        self.assessment_rows()
            .filter(move |r| r.recommendation == Recommendation::Release && !left_out.contains(&r.phone))
    }

    /// What releasing the planned numbers saves a month, and how many they are.
    pub fn release_saving(&self, left_out: &BTreeSet<E164>) -> (u64, Cents) {
        self.release_rows(left_out)
            .fold((0, Cents(0)), |(n, sum), r| (n + 1, sum + r.monthly_cost))
    }

    /// `Twilio_Release_Plan_v1.csv`: UTF-8 with BOM and CRLF, like the other CSVs.
    pub fn release_plan_csv(&self, left_out: &BTreeSet<E164>) -> Vec<u8> {
        let mut out = CsvOut::new(self.summary.release().numbers as usize, &PLAN_COLUMNS);
        let shown = |sid: Option<Sid>| sid.map(|s| s.to_string()).unwrap_or_default();
        for row in self.release_rows(left_out) {
            out.cell(&shown(row.sid));
            out.cell(&shown(row.account_sid));
            out.e164(row.phone);
            out.free_text(&row.friendly_name);
            out.cents(row.monthly_cost);
            out.cell(&release_reason(row));
            out.end_row();
        }
        out.bytes
    }

    /// The plan as twilio-cli commands, one a number; a number without a
    /// usable Sid gets a commented-out line that says why.
    pub fn release_script(&self, left_out: &BTreeSet<E164>) -> Vec<u8> {
        let (count, monthly) = self.release_saving(left_out);
        let mut out = String::new();
        let _ = writeln!(out, "#!/bin/sh");
        let _ = writeln!(
            out,
            "# Release plan as of {}: {} number(s), saving {monthly} a month ({} a year).",
            format_mdy(self.settings.as_of),
            thousands(count),
            monthly.times(12)
        );
        let _ = writeln!(
            out,
            "# Each line releases one number for good (twilio-cli, logged in to the main account). \
             Read them before you run this."
        );
        for row in self.release_rows(left_out) {
            let about = format!(
                "{} {} ({}/month, {})",
                row.phone,
                one_line(&row.friendly_name),
                row.monthly_cost,
                release_reason(row)
            );
            let Some(sid) = row.sid else {
                let _ = writeln!(
                    out,
                    "# {about}: no Sid in the numbers input; release it with `phone-inventory twilio release` \
                     (it finds the number), or fetch the numbers with `phone-inventory twilio fetch` first."
                );
                continue;
            };
            let _ = writeln!(out, "# {about}");
            let account = row
                .account_sid
                .map(|a| format!(" --account-sid {a}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "twilio api:core:incoming-phone-numbers:remove --sid {sid}{account}"
            );
        }
        out.into_bytes()
    }
}

/// `NEVER USED, not assigned to an enabled user`: why a row is RELEASE.
pub fn release_reason(row: &ReportRow) -> String {
    format!("{}, not assigned to an enabled user", row.status.label())
}

/// A FriendlyName fit for a comment line: no line breaks or other control characters.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{load, Inputs};
    use crate::settings::Settings;
    use chrono::NaiveDate;

    fn report(numbers: &str) -> Report {
        let mut inputs = Inputs::default();
        inputs.put(load("n.csv", numbers.as_bytes().to_vec()).unwrap());
        Report::build(&inputs, &Settings::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())).unwrap()
    }

    const SID: &str = "PN0123456789abcdef0123456789abcdef";
    const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

    #[test]
    fn the_plan_has_every_release_row_with_its_sids() {
        let numbers = format!(
            "Sid,AccountSid,PhoneNumber,FriendlyName,DateCreated\n\
             {SID},{ACCOUNT},+14155550100,\"=cmd\",2025-01-01\n\
             ,,+18005550199,\"two\nlines\",2025-01-01\n"
        );
        let report = report(&numbers);
        let plan = String::from_utf8(report.release_plan_csv(&BTreeSet::new())).unwrap();
        assert_eq!(
            plan,
            format!(
                "\u{FEFF}Sid,AccountSid,PhoneNumber,FriendlyName,Monthly_Cost,Reason\r\n\
                 ,,+18005550199,\"two\nlines\",2.15,\"NEVER USED, not assigned to an enabled user\"\r\n\
                 {SID},{ACCOUNT},+14155550100,'=cmd,1.15,\"NEVER USED, not assigned to an enabled user\"\r\n"
            )
        );
        let left_out = BTreeSet::from([crate::phone::normalise("+18005550199").unwrap()]);
        assert_eq!(report.release_saving(&left_out), (1, Cents(115)));
        assert_eq!(report.release_plan_csv(&left_out).split(|&b| b == b'\n').count(), 3);
    }

    #[test]
    fn the_script_runs_only_real_sids_and_comments_the_rest() {
        let numbers = format!(
            "Sid,AccountSid,PhoneNumber,FriendlyName,DateCreated\n\
             {SID},{ACCOUNT},+14155550100,a,2025-01-01\n\
             PN1; rm -rf /,,+14155550101,\"b\nrm -rf /\",2025-01-01\n"
        );
        let script = String::from_utf8(report(&numbers).release_script(&BTreeSet::new())).unwrap();
        let commands: Vec<&str> = script.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            commands,
            [format!(
                "twilio api:core:incoming-phone-numbers:remove --sid {SID} --account-sid {ACCOUNT}"
            )]
        );
        assert!(script.contains("# Release plan as of 11-24-2026: 2 number(s), saving 2.30 a month (27.60 a year)."));
        assert!(script
            .contains("# +14155550101 b rm -rf / (1.15/month, NEVER USED, not assigned to an enabled user): no Sid"));
    }
}

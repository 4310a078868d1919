//! Recognising an input by its header row (docs/report-contract.md#inputs).

use std::fmt;

/// Every file this tool reads: the three inputs of the report, and two
/// files that fill in settings (a price table, the invoice's figures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum InputKind {
    /// The Twilio Console / API export of the account's numbers. Required.
    Numbers,
    /// `From, MessageCount, LastDateSent` per sender. Optional.
    MessageStats,
    /// One row per message (`From, DateSent[, To, Sid, Direction, Status]`),
    /// counted into what the message stats give. Optional; not with the stats.
    MessageLog,
    /// `PhoneNumber, AspNetUserId, Enabled[, UserName, Email]`. Optional.
    Assignments,
    /// `Country, NumberType, MonthlyPrice`: prices that replace the defaults' rows.
    Prices,
    /// `Month, Numbers, Charges`: the invoice's figures for quality checks 1 and 3.
    Invoice,
    /// An earlier `Twilio_Phone_Numbers_FULL_INVENTORY_v1.csv`, for the changes since. Optional.
    PreviousInventory,
}

impl InputKind {
    /// The inputs of the report, in the order they are shown.
    pub const ALL: [InputKind; 5] = [
        InputKind::Numbers,
        InputKind::MessageStats,
        InputKind::MessageLog,
        InputKind::Assignments,
        InputKind::PreviousInventory,
    ];
    /// The files that fill in settings rather than feed the report.
    pub const SETTINGS: [InputKind; 2] = [InputKind::Prices, InputKind::Invoice];

    /// What users call it.
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Numbers => "numbers export",
            InputKind::MessageStats => "message stats",
            InputKind::MessageLog => "message log",
            InputKind::Assignments => "assignments",
            InputKind::Prices => "price table",
            InputKind::Invoice => "invoice figures",
            InputKind::PreviousInventory => "previous inventory",
        }
    }

    pub(crate) fn columns(self) -> &'static [Column] {
        match self {
            InputKind::Numbers => &NUMBERS,
            InputKind::MessageStats => &MESSAGE_STATS,
            InputKind::MessageLog => &MESSAGE_LOG,
            InputKind::Assignments => &ASSIGNMENTS,
            InputKind::Prices => &PRICES,
            InputKind::Invoice => &INVOICE,
            InputKind::PreviousInventory => &PREVIOUS,
        }
    }

    /// The required columns, as a user would write them: `PhoneNumber, FriendlyName, DateCreated`.
    pub fn expected_columns(self) -> String {
        let names: Vec<&str> = self
            .columns()
            .iter()
            .filter(|c| c.required)
            .map(|c| c.aliases[0])
            .collect();
        names.join(", ")
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One column an input can have, under any of its names.
pub(crate) struct Column {
    /// The accepted header names; the first is the one shown in messages.
    pub aliases: &'static [&'static str],
    pub required: bool,
}

const fn required(aliases: &'static [&'static str]) -> Column {
    Column {
        aliases,
        required: true,
    }
}

const fn optional(aliases: &'static [&'static str]) -> Column {
    Column {
        aliases,
        required: false,
    }
}

// Column positions inside each kind's list, used by the row readers.
pub(crate) const PHONE: usize = 0;
pub(crate) const FRIENDLY_NAME: usize = 1;
pub(crate) const DATE_CREATED: usize = 2;
pub(crate) const NUMBER_TYPE: usize = 3;
pub(crate) const SID: usize = 4;
pub(crate) const ACCOUNT_SID: usize = 5;
pub(crate) const COUNTRY: usize = 0;
pub(crate) const PRICE_TYPE: usize = 1;
pub(crate) const MONTHLY_PRICE: usize = 2;
pub(crate) const MONTH: usize = 0;
pub(crate) const INVOICE_NUMBERS: usize = 1;
pub(crate) const CHARGES: usize = 2;
pub(crate) const PREVIOUS_PHONE: usize = 0;
pub(crate) const PREVIOUS_CATEGORY: usize = 1;
pub(crate) const PREVIOUS_USER: usize = 2;
pub(crate) const PREVIOUS_STATUS: usize = 3;
pub(crate) const PREVIOUS_COST: usize = 4;
pub(crate) const PREVIOUS_LAST_ACTIVITY: usize = 5;
pub(crate) const FROM: usize = 0;
pub(crate) const MESSAGE_COUNT: usize = 1;
pub(crate) const LAST_DATE_SENT: usize = 2;
pub(crate) const LOG_FROM: usize = 0;
pub(crate) const LOG_DATE_SENT: usize = 1;
pub(crate) const LOG_TO: usize = 2;
pub(crate) const LOG_SID: usize = 3;
pub(crate) const LOG_DIRECTION: usize = 4;
pub(crate) const USER_ID: usize = 1;
pub(crate) const ENABLED: usize = 2;
pub(crate) const USER_NAME: usize = 3;
pub(crate) const EMAIL: usize = 4;

static NUMBERS: [Column; 6] = [
    required(&["PhoneNumber", "phone_number", "Phone Number", "Number"]),
    required(&["FriendlyName", "friendly_name", "Friendly Name"]),
    required(&["DateCreated", "date_created", "Date Created"]),
    optional(&["NumberType", "number_type", "Number Type"]),
    optional(&["Sid", "sid"]),
    optional(&["AccountSid", "account_sid"]),
];
static MESSAGE_STATS: [Column; 3] = [
    required(&["From"]),
    required(&["MessageCount"]),
    required(&["LastDateSent"]),
];
static MESSAGE_LOG: [Column; 6] = [
    required(&["From"]),
    required(&["DateSent", "date_sent", "Date Sent"]),
    optional(&["To"]),
    optional(&["Sid", "MessageSid", "message_sid"]),
    optional(&["Direction", "Flags"]),
    optional(&["Status"]),
];
static ASSIGNMENTS: [Column; 5] = [
    required(&["PhoneNumber"]),
    required(&["AspNetUserId"]),
    required(&["Enabled"]),
    optional(&["UserName"]),
    optional(&["Email"]),
];
static PRICES: [Column; 3] = [
    required(&["Country", "iso_country", "IsoCountry"]),
    required(&["NumberType", "number_type", "Number Type"]),
    required(&["MonthlyPrice", "Monthly Price", "current_price", "Price"]),
];
static PREVIOUS: [Column; 6] = [
    required(&["Phone"]),
    required(&["Category"]),
    required(&["Assigned_User"]),
    required(&["UsageStatus"]),
    required(&["Monthly_Cost"]),
    optional(&["LastActivity"]),
];
static INVOICE: [Column; 3] = [
    required(&["Month"]),
    required(&["Numbers", "Count"]),
    required(&["Charges", "Price", "Amount"]),
];

/// Header names compare case-insensitively, ignoring spaces, underscores and a BOM.
pub(crate) fn header_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '\u{FEFF}')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each of `kind`'s columns is in `header` (the first of duplicates wins).
pub(crate) fn locate(kind: InputKind, header: &[String]) -> Vec<Option<usize>> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    kind.columns()
        .iter()
        .map(|column| {
            let wanted: Vec<String> = column.aliases.iter().map(|a| header_key(a)).collect();
            keys.iter().position(|k| wanted.contains(k))
        })
        .collect()
}

/// A note for each column of `kind` that appears more than once in `header`
/// (under any of its names): which position is read and which is ignored.
pub(crate) fn duplicate_notes(kind: InputKind, header: &[String], positions: &[Option<usize>]) -> Vec<String> {
    let mut notes = Vec::new();
    for (column, used) in kind.columns().iter().zip(positions) {
        let Some(used) = *used else { continue };
        let wanted: Vec<String> = column.aliases.iter().map(|a| header_key(a)).collect();
        for (other, name) in header.iter().enumerate().skip(used + 1) {
            if wanted.contains(&header_key(name)) {
                notes.push(format!(
                    "has the {} column twice: column {} `{}` is read, column {} `{}` is ignored.",
                    column.aliases[0],
                    used + 1,
                    header[used],
                    other + 1,
                    name
                ));
            }
        }
    }
    notes
}

/// Why a header is not usable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HeaderProblem {
    NotRecognised,
    MissingColumn {
        kind: InputKind,
        column: &'static str,
        aliases: String,
    },
}

/// Which input `header` is, by the contract's order of tests (docs/report-contract.md#inputs),
/// and where its columns are.
pub(crate) fn recognise(header: &[String]) -> Result<(InputKind, Vec<Option<usize>>), HeaderProblem> {
    let has = |name: &str| header.iter().any(|h| header_key(h) == header_key(name));
    let kind = if has("UsageStatus") && has("Monthly_Cost") {
        // This report's own inventory, from an earlier run.
        InputKind::PreviousInventory
    } else if has("AspNetUserId") {
        InputKind::Assignments
    } else if has("From") && has("MessageCount") {
        InputKind::MessageStats
    } else if has("From") && (has("DateSent") || (has("To") && (has("Sid") || has("Direction")))) {
        // One row per message: the SOP's TwilioMessage table, the API's Messages CSV or JSON.
        InputKind::MessageLog
    } else if has("MonthlyPrice") || (has("Country") && !has("PhoneNumber")) {
        InputKind::Prices
    } else if has("Month") && (has("Charges") || has("Numbers")) {
        InputKind::Invoice
    } else {
        let found = locate(InputKind::Numbers, header)
            .iter()
            .take(3)
            .filter(|c| c.is_some())
            .count();
        match found {
            3 => InputKind::Numbers,
            // Two of the three: clearly meant as the numbers export.
            2 => InputKind::Numbers,
            _ => return Err(HeaderProblem::NotRecognised),
        }
    };
    let positions = locate(kind, header);
    for (column, position) in kind.columns().iter().zip(&positions) {
        if column.required && position.is_none() {
            return Err(HeaderProblem::MissingColumn {
                kind,
                column: column.aliases[0],
                aliases: column.aliases.join(", "),
            });
        }
    }
    Ok((kind, positions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_by_header_in_spec_order() {
        let numbers = header(&["sid", "\u{FEFF}Phone_Number", "friendly name", "DATE_CREATED"]);
        assert_eq!(
            recognise(&numbers).unwrap(),
            (InputKind::Numbers, vec![Some(1), Some(2), Some(3), None, Some(0), None])
        );
        let cli = header(&["sid", "phoneNumber", "friendlyName", "dateCreated"]);
        assert_eq!(recognise(&cli).unwrap().0, InputKind::Numbers);
        let fetched = header(&[
            "Sid",
            "AccountSid",
            "PhoneNumber",
            "FriendlyName",
            "DateCreated",
            "NumberType",
        ]);
        assert_eq!(
            recognise(&fetched).unwrap().1,
            vec![Some(2), Some(3), Some(4), Some(5), Some(0), Some(1)]
        );
        let prices = header(&["Country", "NumberType", "MonthlyPrice"]);
        assert_eq!(recognise(&prices).unwrap().0, InputKind::Prices);
        let invoice = header(&["Month", "Numbers", "Charges"]);
        assert_eq!(recognise(&invoice).unwrap().0, InputKind::Invoice);
        let stats = header(&["From", "Message Count", "lastdatesent"]);
        assert_eq!(recognise(&stats).unwrap().0, InputKind::MessageStats);
        // AspNetUserId wins even beside From/MessageCount.
        let both = header(&["PhoneNumber", "AspNetUserId", "Enabled", "From", "MessageCount"]);
        assert_eq!(recognise(&both).unwrap().0, InputKind::Assignments);
        let assignments = header(&["PhoneNumber", "AspNetUserId", "Enabled"]);
        assert_eq!(
            recognise(&assignments).unwrap().1,
            vec![Some(0), Some(1), Some(2), None, None]
        );
    }

    #[test]
    fn names_the_missing_column() {
        let problem = recognise(&header(&["PhoneNumber", "AspNetUserId"])).unwrap_err();
        assert_eq!(
            problem,
            HeaderProblem::MissingColumn {
                kind: InputKind::Assignments,
                column: "Enabled",
                aliases: "Enabled".into()
            }
        );
        let problem = recognise(&header(&["From", "MessageCount"])).unwrap_err();
        assert!(matches!(
            problem,
            HeaderProblem::MissingColumn {
                column: "LastDateSent",
                ..
            }
        ));
        let problem = recognise(&header(&["phone_number", "friendly_name"])).unwrap_err();
        assert!(matches!(
            problem,
            HeaderProblem::MissingColumn {
                column: "DateCreated",
                ..
            }
        ));
        assert_eq!(
            recognise(&header(&["a", "b", "Number"])),
            Err(HeaderProblem::NotRecognised)
        );
    }
}

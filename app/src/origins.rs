//! Where the invoice figures and the price table came from (a dropped file,
//! typed in on the page, or remembered by the browser), in the words the
//! settings panel shows next to them. Plain Rust, no browser.

use inventory_core::{InputKind, PriceTable, Settings, SettingsChange};

/// Where one group of settings came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The files that set them, oldest first: price tables add up, an
    /// invoice replaces the one before.
    pub files: Vec<SettingsChange>,
    /// Changed on the page since the last file, or, with no file, this visit.
    pub edited: bool,
    /// Counts the files taken, so an editor that shows them knows to reload.
    pub files_taken: u64,
}

/// Where the invoice figures and the prices came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    pub invoice: Origin,
    pub prices: Origin,
}

impl Origins {
    /// A file set some settings; the report's own inputs are ignored.
    pub fn took(&mut self, change: SettingsChange) {
        let origin = match change.kind {
            InputKind::Invoice => &mut self.invoice,
            InputKind::Prices => &mut self.prices,
            _ => return,
        };
        if change.kind == InputKind::Invoice {
            // Its figures replace both fields, typed or not.
            origin.files.clear();
            origin.edited = false;
        }
        // A price table adds its rows to the table's, edits included.
        origin.files.retain(|f| f.file != change.file);
        origin.files.push(change);
        origin.files_taken += 1;
    }
}

impl Origin {
    pub fn edit(&mut self) {
        self.edited = true;
    }

    /// Back to the SOP's: the files no longer say where the values came from.
    pub fn reset(&mut self) {
        self.files.clear();
        self.edited = true;
    }

    /// `From invoice.csv (2026-10: 6 numbers, charges 8.05).`, and
    /// `; edited here.` when it was.
    fn files_note(&self) -> Option<String> {
        let files: Vec<String> = self
            .files
            .iter()
            .map(|f| format!("{} ({})", f.file, f.summary))
            .collect();
        let edited = if self.edited { "; edited here" } else { "" };
        (!files.is_empty()).then(|| format!("From {}{edited}.", files.join(" and ")))
    }
}

/// Where the invoice figures came from; `None` while there are none.
pub fn invoice_note(origin: &Origin, settings: &Settings) -> Option<String> {
    if let Some(from_files) = origin.files_note() {
        return Some(from_files);
    }
    if settings.invoice_count.is_none() && settings.invoice_amount.is_none() {
        return None;
    }
    Some(match origin.edited {
        true => "Typed in.".to_string(),
        false => "Typed in on an earlier visit; remembered by this browser.".to_string(),
    })
}

/// Where the price table came from.
pub fn prices_note(origin: &Origin, prices: &PriceTable) -> String {
    if let Some(from_files) = origin.files_note() {
        return from_files;
    }
    if *prices == PriceTable::sop_defaults() {
        "The SOP's prices.".to_string()
    } else if origin.edited {
        "Typed in.".to_string()
    } else {
        "Typed in on an earlier visit; remembered by this browser.".to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use inventory_core::Cents;

    use super::*;

    fn change(file: &str, kind: InputKind, summary: &str) -> SettingsChange {
        SettingsChange {
            file: file.into(),
            kind,
            summary: summary.into(),
        }
    }

    #[test]
    fn invoice_figures_name_their_file_until_edited() {
        let mut settings = Settings::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        let mut origins = Origins::default();
        assert_eq!(invoice_note(&origins.invoice, &settings), None);
        settings.invoice_count = Some(6);
        assert_eq!(
            invoice_note(&origins.invoice, &settings).as_deref(),
            Some("Typed in on an earlier visit; remembered by this browser.")
        );
        origins.invoice.edit();
        assert_eq!(invoice_note(&origins.invoice, &settings).as_deref(), Some("Typed in."));
        let summary = "2026-10: 6 numbers, charges 8.05";
        origins.took(change("twilio_invoice.csv", InputKind::Invoice, summary));
        assert_eq!(
            invoice_note(&origins.invoice, &settings).as_deref(),
            Some("From twilio_invoice.csv (2026-10: 6 numbers, charges 8.05).")
        );
        origins.invoice.edit();
        let note = invoice_note(&origins.invoice, &settings).unwrap();
        assert!(note.ends_with("8.05); edited here."), "{note}");
        origins.took(change(
            "later.csv",
            InputKind::Invoice,
            "2026-11: 7 numbers, charges 9.00",
        ));
        assert_eq!(
            invoice_note(&origins.invoice, &settings).as_deref(),
            Some("From later.csv (2026-11: 7 numbers, charges 9.00).")
        );
        assert_eq!((origins.invoice.files_taken, origins.prices.files_taken), (2, 0));
    }

    #[test]
    fn price_tables_add_up_and_a_reset_forgets_them() {
        let mut origins = Origins::default();
        let mut prices = PriceTable::sop_defaults();
        assert_eq!(prices_note(&origins.prices, &prices), "The SOP's prices.");
        prices.set_north_american(Some(Cents(100)), None);
        assert_eq!(
            prices_note(&origins.prices, &prices),
            "Typed in on an earlier visit; remembered by this browser."
        );
        origins.took(change("a.json", InputKind::Prices, "1 price(s): GB local 1.00"));
        origins.took(change("b.csv", InputKind::Prices, "1 price(s): FR local 2.00"));
        origins.took(change("a.json", InputKind::Prices, "1 price(s): GB local 1.00"));
        assert_eq!(
            prices_note(&origins.prices, &prices),
            "From b.csv (1 price(s): FR local 2.00) and a.json (1 price(s): GB local 1.00)."
        );
        origins.prices.edit();
        origins.took(change("c.csv", InputKind::Prices, "1 price(s): DE local 3.00"));
        let note = prices_note(&origins.prices, &prices);
        assert!(
            note.ends_with("and c.csv (1 price(s): DE local 3.00); edited here."),
            "{note}"
        );
        origins.prices.reset();
        assert_eq!(
            prices_note(&origins.prices, &PriceTable::sop_defaults()),
            "The SOP's prices."
        );
        origins.took(change("n.csv", InputKind::Numbers, ""));
        assert_eq!(origins.prices.files_taken, 4);
    }
}

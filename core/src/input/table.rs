//! A table read whole, from JSON or a workbook sheet: a header, and rows of
//! typed cells with their position. The row readers take it as they take CSV.

use super::value::Value;

/// A header and its rows.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One row: where it is (a sheet's row number, a list's item number) and its cells by column.
#[derive(Debug)]
pub(crate) struct TableRow {
    pub at: u64,
    pub values: Vec<Value>,
}

impl TableRow {
    pub fn is_blank(&self) -> bool {
        self.values.iter().all(Value::is_empty)
    }
}

/// A list of objects made a table: the header is every key in the order
/// first seen, so items that leave a key out get an empty cell.
#[derive(Debug, Default)]
pub(crate) struct TableBuilder {
    table: Table,
    columns: std::collections::HashMap<String, usize>,
}

impl TableBuilder {
    /// Adds a row of `(key, value)` pairs at position `at`.
    pub fn push(&mut self, at: u64, pairs: impl IntoIterator<Item = (String, Value)>) {
        let mut values = vec![Value::Empty; self.table.header.len()];
        for (key, value) in pairs {
            let column = match self.columns.get(&key) {
                Some(&column) => column,
                None => {
                    let column = self.table.header.len();
                    self.columns.insert(key.clone(), column);
                    self.table.header.push(key);
                    column
                }
            };
            if column >= values.len() {
                values.resize(column + 1, Value::Empty);
            }
            values[column] = value;
        }
        self.table.rows.push(TableRow { at, values });
    }

    pub fn finish(self) -> Table {
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_columns_in_the_order_first_seen() {
        let mut builder = TableBuilder::default();
        builder.push(1, [("a".to_string(), Value::Number(1.0))]);
        builder.push(
            2,
            [("b".to_string(), Value::Bool(true)), ("a".to_string(), Value::Empty)],
        );
        let table = builder.finish();
        assert_eq!(table.header, ["a", "b"]);
        assert_eq!(table.rows[0].values, [Value::Number(1.0)]);
        assert_eq!(table.rows[1].values, [Value::Empty, Value::Bool(true)]);
        assert!(!table.rows[1].is_blank());
    }
}

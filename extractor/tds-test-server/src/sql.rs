//! Running the received SQL on SQLite: each connection's fresh database built
//! from the fixture (with `INFORMATION_SCHEMA.TABLES`), one batch's result
//! streamed back as COLMETADATA, ROWs and DONE, SQLite's errors as SQL
//! Server's, and the knobs that fail on purpose (a denied table, closing in
//! the middle of a result, holding the last DONE).

use std::io::{self, Write};
use std::net::Shutdown;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::Duration;

use rusqlite::types::ValueRef;

use crate::packet::{write_message, Transport, PACKET_SIZE, PACKET_TABULAR};
use crate::tokens::{b_varchar, done, error_token, DONE_COUNT, DONE_ERROR, DONE_FINAL};
use crate::types::{encode_value, infer, ColType};
use crate::{Config, Shared};

/// A fresh in-memory SQLite holding the fixture, and `INFORMATION_SCHEMA.TABLES` listing its tables.
pub(crate) fn open(config: &Config) -> io::Result<rusqlite::Connection> {
    let db = rusqlite::Connection::open_in_memory().map_err(io::Error::other)?;
    if let Err(e) = db.execute_batch(&config.fixture_sql) {
        eprintln!("tds-test-server: the fixture SQL failed: {e}");
        return Err(io::Error::other(e));
    }
    db.execute_batch(
        "ATTACH ':memory:' AS INFORMATION_SCHEMA;
         CREATE TABLE INFORMATION_SCHEMA.TABLES (TABLE_CATALOG TEXT, TABLE_SCHEMA TEXT, TABLE_NAME TEXT, TABLE_TYPE TEXT);",
    )
    .map_err(io::Error::other)?;
    db.execute(
        "INSERT INTO INFORMATION_SCHEMA.TABLES SELECT ?1, 'dbo', name, CASE type WHEN 'view' THEN 'VIEW' ELSE 'BASE TABLE' END
         FROM main.sqlite_master WHERE type IN ('table', 'view')",
        [&config.database],
    )
    .map_err(io::Error::other)?;
    Ok(db)
}

/// The SQL Server error for a SQLite error.
fn sql_server_error(e: &rusqlite::Error) -> (u32, u8, String) {
    let text = e.to_string();
    if let Some(name) = text.split("no such table: ").nth(1) {
        let name = name.split_whitespace().next().unwrap_or(name);
        let name = name.rsplit('.').next().unwrap_or(name);
        return (208, 16, format!("Invalid object name '{name}'."));
    }
    if let Some(name) = text.split("no such column: ").nth(1) {
        let name = name.split_whitespace().next().unwrap_or(name);
        let name = name.rsplit('.').next().unwrap_or(name);
        return (207, 16, format!("Invalid column name '{name}'."));
    }
    (102, 15, format!("Incorrect syntax (SQLite said: {text})."))
}

/// Runs one batch (a single statement) and streams its result. Returns false
/// when the connection was closed on purpose.
pub(crate) fn run_batch(
    w: &mut Transport,
    db: &rusqlite::Connection,
    sql: &str,
    config: &Config,
    shared: &Shared,
) -> io::Result<bool> {
    let fail = |w: &mut Transport, number: u32, class: u8, message: &str| -> io::Result<bool> {
        let mut out = Vec::new();
        error_token(&mut out, number, class, message);
        done(&mut out, DONE_ERROR, 0xC1, 0);
        write_message(w, PACKET_TABULAR, &out, true)?;
        Ok(true)
    };
    let lower = sql.to_ascii_lowercase();
    for table in &config.denied_tables {
        if lower.contains(&table.to_ascii_lowercase()) {
            let message = format!(
                "The SELECT permission was denied on the object '{table}', database '{}', schema 'dbo'.",
                config.database
            );
            return fail(w, 229, 14, &message);
        }
    }
    let mut statement = match db.prepare(sql) {
        Ok(s) => s,
        Err(e) => {
            let (n, class, message) = sql_server_error(&e);
            return fail(w, n, class, &message);
        }
    };
    let count = statement.column_count();
    if count == 0 {
        let mut out = Vec::new();
        if let Err(e) = statement.raw_execute() {
            let (n, class, message) = sql_server_error(&e);
            return fail(w, n, class, &message);
        }
        done(&mut out, DONE_FINAL, 0, 0);
        write_message(w, PACKET_TABULAR, &out, true)?;
        return Ok(true);
    }
    let names: Vec<String> = statement.column_names().iter().map(|s| s.to_string()).collect();
    let declared: Vec<Option<ColType>> = statement
        .columns()
        .iter()
        .map(|c| c.decl_type().and_then(ColType::from_declared))
        .collect();
    // Expression columns: a first pass over the result decides their type.
    let mut types: Vec<ColType> = declared.iter().map(|d| d.unwrap_or(ColType::NVarChar)).collect();
    let unknown: Vec<usize> = (0..count).filter(|&i| declared[i].is_none()).collect();
    if !unknown.is_empty() {
        let mut values: Vec<Vec<rusqlite::types::Value>> = vec![Vec::new(); count];
        let mut rows = statement.raw_query();
        loop {
            match rows.next() {
                Ok(Some(row)) => {
                    for &i in &unknown {
                        let v: rusqlite::types::Value = row.get_ref(i).unwrap().into();
                        if !matches!(v, rusqlite::types::Value::Null) && values[i].len() < 1000 {
                            values[i].push(v);
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let (n, class, message) = sql_server_error(&e);
                    drop(rows);
                    return fail(w, n, class, &message);
                }
            }
        }
        for &i in &unknown {
            types[i] = infer(&mut values[i].iter().map(ValueRef::from));
        }
    }
    // COLMETADATA
    let mut out = Vec::with_capacity(PACKET_SIZE * 2);
    out.push(0x81);
    out.extend((count as u16).to_le_bytes());
    for (name, ty) in names.iter().zip(&types) {
        out.extend(0u32.to_le_bytes()); // user type
        out.extend(0x0009u16.to_le_bytes()); // nullable, updateable unknown bits as SQL Server sends
        ty.type_info(&mut out);
        b_varchar(&mut out, name);
    }
    let mut sent = 0usize;
    let mut rows = statement.raw_query();
    let mut packet_id = 1u8;
    let mut flush_full = |w: &mut Transport, out: &mut Vec<u8>| -> io::Result<()> {
        // Send complete packets while more than one packet's worth is buffered.
        while out.len() > PACKET_SIZE - 8 {
            let part: Vec<u8> = out.drain(..PACKET_SIZE - 8).collect();
            let len = PACKET_SIZE as u16;
            w.write_all(&[PACKET_TABULAR, 0, (len >> 8) as u8, len as u8, 0, 0, packet_id, 0])?;
            w.write_all(&part)?;
            packet_id = packet_id.wrapping_add(1);
        }
        Ok(())
    };
    loop {
        let row = match rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) => {
                let (n, class, message) = sql_server_error(&e);
                error_token(&mut out, n, class, &message);
                done(&mut out, DONE_ERROR, 0xC1, 0);
                write_message(w, PACKET_TABULAR, &out, true)?;
                return Ok(true);
            }
        };
        out.push(0xD1);
        for (i, ty) in types.iter().enumerate() {
            if let Err(message) = encode_value(&mut out, *ty, row.get_ref(i).unwrap()) {
                error_token(&mut out, 241, 16, &message);
                done(&mut out, DONE_ERROR, 0xC1, 0);
                write_message(w, PACKET_TABULAR, &out, true)?;
                return Ok(true);
            }
        }
        sent += 1;
        flush_full(w, &mut out)?;
        if config.close_after_rows == Some(sent) {
            w.flush()?;
            thread::sleep(Duration::from_millis(50));
            let _ = w.tcp().shutdown(Shutdown::Both);
            return Ok(false);
        }
    }
    if config.hold_before_done_after_rows.is_some_and(|n| sent >= n) {
        // Everything but the last packet is on the wire; wait for the test.
        w.flush()?;
        shared.holding.store(true, Ordering::SeqCst);
        let mut released = shared.released.lock().unwrap();
        while !*released {
            released = shared.release_signal.wait(released).unwrap();
        }
        drop(released);
        shared.holding.store(false, Ordering::SeqCst);
    }
    done(&mut out, DONE_COUNT, 0xC1, sent as u64);
    // The last packet; its id continues the sequence (tiberius does not check it).
    write_message(w, PACKET_TABULAR, &out, true)?;
    Ok(true)
}

//! The web page's model in plain Rust, shared by its two programs and
//! tested natively: the page (`src/bin/page/`, Leptos) and its worker
//! (`src/bin/worker/`), which reads the files and builds the report off the
//! page's thread so the page never stalls.
//!
//! - `engine`: the worker's state: inputs, settings, the report, answers.
//! - `protocol`: the messages between page and worker.
//! - `files_view`, `report_view`, `table_view`, `locations_view`: what the page shows, cut small.
//! - `release_view`: the release plan's ticks and what releasing them saves.
//! - `work`: how far the worker is with the page's latest change.
//! - `model`: settings texts, money and dates, the rules editor's rows.
//! - `price_drafts`: the price table editor's rows.
//! - `origins`: where the invoice figures and prices came from.
//! - `js`: the browser glue both programs share (the message envelope).

pub mod engine;
pub mod files_view;
pub mod js;
pub mod locations_view;
pub mod model;
pub mod origins;
pub mod price_drafts;
pub mod protocol;
pub mod release_view;
pub mod report_view;
pub mod table_view;
pub mod work;

//! The web page's plain-Rust half, shared by its two programs: the page
//! (`main.rs`, Leptos) and its worker (`worker.rs`), which reads the files
//! and builds the report off the page's thread so the page never stalls.
//!
//! - `engine`: the worker's state: inputs, settings, the report, answers.
//! - `protocol`: the messages between page and worker.
//! - `files`, `report_view`, `table`: what the page shows, cut small.
//! - `model`: settings texts, money and dates, the rules editor's rows.
//! - `js`: the browser glue both programs share (the message envelope).

pub mod engine;
pub mod files;
pub mod js;
pub mod model;
pub mod protocol;
pub mod report_view;
pub mod table;

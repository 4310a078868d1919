//! The page's parts, each a small component reading `AppState` from context.

pub mod charts;
pub mod files;
pub mod findings;
pub mod prices;
pub mod rules;
pub mod settings;
pub mod summary;
pub mod table;

//! The page's parts, each a small component reading `AppState` from context.

pub mod changes;
pub mod charts;
pub mod downloads;
pub mod email;
pub mod files;
pub mod findings;
pub mod locations;
pub mod prices;
pub mod release;
pub mod rules;
pub mod settings;
pub mod summary;
pub mod table;

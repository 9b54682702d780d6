//! Outputs made from a linked framework.

pub mod data;
pub mod report;

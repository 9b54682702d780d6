//! Outputs made from a linked framework: data, reports, the Markdown document and the HTML site.

pub mod chart;
pub mod data;
pub mod report;
pub mod site;
pub mod templates;
pub mod text;
pub mod view;

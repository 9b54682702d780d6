//! Outputs made from a linked framework: data, reports, the Markdown document, the HTML site
//! and (feature `pdf`) the PDF.

pub mod chart;
pub mod data;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod report;
pub mod site;
pub mod templates;
pub mod text;
#[cfg(feature = "pdf")]
pub mod typ;
pub mod view;

//! Outputs made from a linked framework: data, reports, the Markdown document, the HTML site
//! and (feature `pdf`) the PDF.

pub mod chart;
pub mod data;
pub mod edition;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod publish;
pub mod report;
pub mod routes;
pub mod search;
pub mod site;
pub mod templates;
pub mod text;
#[cfg(feature = "pdf")]
pub mod typ;
pub mod view;

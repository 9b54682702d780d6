//! mirps: validate and publish the MIRPS living document.

pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod escape;
pub mod guard;
pub mod lang;
pub mod link;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod schema;
pub mod sheet;
pub mod source;
pub mod validate;

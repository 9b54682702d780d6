//! Integration tests of the `mirps` binary: one test binary, a small builder
//! ([`support::Framework`]) that copies a fixture framework into a temporary folder and runs the
//! real executable on it, like mdBook's `BookTest`.
//!
//! Fixtures: `examples/errors/<code>/` (one small framework per diagnostic code, with its
//! expected `--format short` output) and `tests/fixtures/` (frameworks for the other cases).
//! Snapshots of the human output live in `tests/snapshots/`.

mod cli {
    pub mod support;

    mod build;
    mod cascades;
    mod catalogue;
    mod catalogue_words;
    mod ci;
    mod completions;
    mod error_examples;
    mod exit_codes;
    mod export;
    mod formats;
    mod inputs;
    mod malformed;
    mod money;
    mod outputs;
    mod paths;
    #[cfg(feature = "pdf")]
    mod pdf;
    mod publication;
    mod regressions;
    mod safety;
    mod search;
    mod sheets;
    mod shipped;
    mod site_layout;
    mod spanish;
    mod start;
    mod traps;
    mod yaml_words;
}

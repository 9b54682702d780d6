//! Chapter files → every stage of `mirps validate`: YAML into the spanned tree, the kind, the
//! JSON Schema, the typed document, the document and framework rules; then linking and the
//! money; then the diagnostics in every format.
//!
//! The input is one to 32 chapter files separated by NUL bytes, so rules between documents
//! (duplicate ids, references, supports, money) are reached too. It must never panic, and
//! [`mirps_fuzz::render_all`] and [`mirps_fuzz::check_funding`] must hold.

#![no_main]

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mirps::config::{self, Config};
use mirps::schema::{self, Schemas};
use mirps::source::{SourceFile, Sources};

/// A framework of the seven MIRPS States with rates for the currencies chapters use, so amounts
/// in any of them reach the money code.
const MIRPS_TOML: &str = r#"
[framework]
title = { es = "Marco Integral Regional para la Protección y Soluciones", en = "Comprehensive Regional Protection and Solutions Framework" }
short_title = "MIRPS"
edition = "fuzz"
cutoff = 2025-11-30
languages = ["es", "en"]
members = ["BLZ", "CRI", "GTM", "HND", "MEX", "PAN", "SLV"]

[currency]
base = "USD"
rates_date = 2025-11-30
rates = { EUR = 1.25, CAD = 0.72, MXN = 0.054, CRC = 0.0020, BZD = 0.50 }
"#;

struct Setup {
    config: Config,
    schemas: Schemas,
    known: HashSet<String>,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let schemas = Schemas::load(None).expect("the embedded schemas load");
    let root = PathBuf::from("/fuzz");
    let mut sources = Sources::default();
    let id = sources.add(SourceFile::new(
        "mirps.toml".into(),
        root.join("mirps.toml"),
        MIRPS_TOML.into(),
    ));
    let mut diags = Vec::new();
    let tree =
        config::parse_toml(id, sources.get(id), &mut diags).expect("the fixed mirps.toml parses");
    let mut config = config::from_tree(
        root,
        id,
        tree,
        |tree, diags| schemas.validate(schema::CONFIG, id, tree, diags),
        &mut diags,
    );
    assert!(diags.is_empty() && config.valid, "{diags:?}");
    // `validate_texts` holds only the chapters: a diagnostic placed in `mirps.toml` (a member
    // without a chapter) would name a file it does not have.
    config.file = None;
    Setup {
        config,
        schemas,
        // Ids of a published framework, as `--external` gives them.
        known: ["OAS-9".to_string(), "USA-9".to_string()].into(),
    }
});

fuzz_target!(|data: &[u8]| {
    if data.len() > mirps_fuzz::MAX_LEN {
        return;
    }
    let setup = &*SETUP;
    let texts = mirps_fuzz::split_files(data);
    let mut validated =
        mirps::validate::validate_texts(setup.config.clone(), &setup.schemas, texts, &setup.known);
    let framework = mirps::link::link(&mut validated, &Default::default());
    mirps_fuzz::check_funding(&framework);
    let diagnostics: Vec<_> = validated.diagnostics.iter().cloned().collect();
    mirps_fuzz::render_all(&diagnostics, &validated.sources);
});

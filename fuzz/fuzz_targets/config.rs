//! `mirps.toml` bytes → the configuration: TOML into the spanned tree, the config schema, the
//! typed configuration and its own rules; the diagnostics in every format. A configuration read
//! without errors then validates and links a small fixed framework (the money fixture's
//! chapters), so its members, vocabularies and currency rates reach the rules and the money.
//!
//! It must never panic; [`mirps_fuzz::render_all`] and [`mirps_fuzz::check_funding`] must hold,
//! and a configuration with no error must be valid and name at least one language.

#![no_main]

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mirps::config;
use mirps::diag::Severity;
use mirps::schema::{self, Schemas};
use mirps::source::{SourceFile, Sources};

/// The money fixture's chapters: amounts in two currencies, allocated and unallocated pledges.
const CHAPTERS: [(&str, &str); 3] = [
    (
        "chapters/national/gtm.yaml",
        include_str!("../../tests/fixtures/money/chapters/national/gtm.yaml"),
    ),
    (
        "chapters/national/hnd.yaml",
        include_str!("../../tests/fixtures/money/chapters/national/hnd.yaml"),
    ),
    (
        "chapters/cooperating/esp.yaml",
        include_str!("../../tests/fixtures/money/chapters/cooperating/esp.yaml"),
    ),
];

static SCHEMAS: LazyLock<Schemas> =
    LazyLock::new(|| Schemas::load(None).expect("the embedded schemas load"));

fuzz_target!(|data: &[u8]| {
    if data.len() > mirps_fuzz::MAX_LEN {
        return;
    }
    let schemas = &*SCHEMAS;
    let root = PathBuf::from("/fuzz");
    let mut sources = Sources::default();
    let id = sources.add(SourceFile::new(
        config::FILE_NAME.into(),
        root.join(config::FILE_NAME),
        String::from_utf8_lossy(data).into_owned(),
    ));
    let mut diags = Vec::new();
    let Some(tree) = config::parse_toml(id, sources.get(id), &mut diags) else {
        assert!(
            !diags.is_empty(),
            "a file that does not parse has a diagnostic"
        );
        mirps_fuzz::render_all(&diags, &sources);
        return;
    };
    let mut config = config::from_tree(
        root,
        id,
        tree,
        |tree, diags| schemas.validate(schema::CONFIG, id, tree, diags),
        &mut diags,
    );
    mirps_fuzz::render_all(&diags, &sources);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    assert!(
        config.valid,
        "no error, yet the defaults stand in: {diags:?}"
    );
    assert!(!config.languages.is_empty());

    // The chapters are the only files of this run (see `load_validate`).
    config.file = None;
    let texts = CHAPTERS
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let mut validated = mirps::validate::validate_texts(config, schemas, texts, &HashSet::new());
    let framework = mirps::link::link(&mut validated, &Default::default());
    mirps_fuzz::check_funding(&framework);
    let diagnostics: Vec<_> = validated.diagnostics.iter().cloned().collect();
    mirps_fuzz::render_all(&diagnostics, &validated.sources);
});

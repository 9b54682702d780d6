//! `examples/errors/<code>/`: one small framework per diagnostic code. Each must produce its
//! `expected.short` exactly, only diagnostics of its own code, the right exit code, and a
//! reviewed snapshot of the human output.

use mirps::diag::Code;

use super::support::{Framework, example_codes, examples_dir, parse_short};

/// Check one example folder.
fn check(code: &str) {
    let folder = examples_dir().join(code);
    let expected = std::fs::read_to_string(folder.join("expected.short"))
        .unwrap_or_else(|e| panic!("{code}/expected.short: {e}"));
    let readme = std::fs::read_to_string(folder.join("README.md"))
        .unwrap_or_else(|e| panic!("{code}/README.md: {e}"));
    assert!(
        readme.contains("Fix"),
        "{code}/README.md says how to fix it"
    );

    // Extra flags some examples need (`--notes` to show notes), from an optional `args` file.
    let extra = std::fs::read_to_string(folder.join("args")).unwrap_or_default();
    let extra: Vec<&str> = extra.split_whitespace().collect();
    let with = |args: &[&'static str]| -> Vec<&str> {
        args.iter().copied().chain(extra.iter().copied()).collect()
    };

    let framework = Framework::example(code);
    let short = framework.validate(&with(&["--format", "short"]));
    short.assert_no_crash();
    assert_eq!(short.stdout, expected, "`{code}`: --format short output");
    assert_eq!(short.stderr, "", "`{code}`: nothing on stderr");
    assert!(
        short.stdout.contains(&format!("[{code}]")),
        "`{code}` is not raised by its own example"
    );

    // Exactly that code: the example exercises one rule, with nothing unrelated around it.
    let lines: Vec<_> = short.stdout.lines().map(parse_short).collect();
    assert!(
        (1..=2).contains(&lines.len()),
        "`{code}`: one or two diagnostics"
    );
    for line in &lines {
        assert_eq!(
            line.code, code,
            "`{code}`: unrelated diagnostic {}",
            line.message
        );
        assert!(!line.path.starts_with('/'), "paths relative to the root");
    }

    let has_errors = lines.iter().any(|l| l.severity == "error");
    let has_warnings = lines.iter().any(|l| l.severity == "warning");
    short.assert_code(if has_errors { 1 } else { 0 });
    if !has_errors {
        // Denying warnings fails on warnings, never on notes.
        framework
            .validate(&with(&["--format", "short", "--deny", "warnings"]))
            .assert_code(if has_warnings { 1 } else { 0 });
    }

    let human = framework.validate(&with(&[]));
    human.assert_code(short.code.unwrap());
    assert!(human.stdout.contains(&format!("[{code}]")));
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
        prepend_module_to_snapshot => false,
        description => format!("mirps validate examples/errors/{code}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(code, human.stdout);
    });

    // The same problems in Spanish: asked for with `--lang es`, or by the locale.
    let spanish = framework.validate(&with(&["--lang", "es"]));
    spanish.assert_code(short.code.unwrap());
    assert!(
        spanish.stdout.contains(&format!("[{code}]")),
        "codes stay as they are"
    );
    // Every message is written in Spanish: none is left as it is in English.
    let short_es = framework.validate(&with(&["--format", "short", "--lang", "es"]));
    let english_lines: Vec<_> = short.stdout.lines().map(parse_short).collect();
    let spanish_lines: Vec<_> = short_es.stdout.lines().map(parse_short).collect();
    assert_eq!(english_lines.len(), spanish_lines.len(), "`{code}`");
    for (en, es) in english_lines.iter().zip(&spanish_lines) {
        assert_eq!((&en.path, &en.code), (&es.path, &es.code), "`{code}`");
        assert_ne!(en.message, es.message, "`{code}` is not written in Spanish");
    }
    let by_locale = framework.validate_in_env(&with(&[]), &[("LANG", "es_GT.UTF-8")]);
    assert_eq!(
        by_locale.stdout, spanish.stdout,
        "`LANG=es_GT.UTF-8` speaks Spanish"
    );
    let english = framework.validate(&with(&["--lang", "en"]));
    assert_eq!(english.stdout, human.stdout, "`--lang en` speaks English");
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
        prepend_module_to_snapshot => false,
        description => format!("mirps validate --lang es examples/errors/{code}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{code}.es"), spanish.stdout);
    });
}

macro_rules! examples {
    ($($test:ident => $code:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($code);
            }
        )*

        /// Every example folder that has a test above.
        const TESTED: &[&str] = &[$($code),*];
    };
}

examples! {
    invalid_utf8 => "invalid-utf8",
    yaml_syntax => "yaml-syntax",
    toml_syntax => "toml-syntax",
    duplicate_key => "duplicate-key",
    too_complex => "too-complex",
    empty_document => "empty-document",
    multiple_documents => "multiple-documents",
    unknown_kind => "unknown-kind",
    missing_key => "missing-key",
    unknown_key => "unknown-key",
    wrong_type => "wrong-type",
    invalid_value => "invalid-value",
    thousands_separator => "thousands-separator",
    workbook_unreadable => "workbook-unreadable",
    workbook_layout => "workbook-layout",
    workbook_formula => "workbook-formula",
    workbook_merged => "workbook-merged",
    workbook_row => "workbook-row",
    amount_format => "amount-format",
    text_after_hash => "text-after-hash",
    date_format => "date-format",
    duplicate_id => "duplicate-id",
    id_prefix => "id-prefix",
    id_pillar => "id-pillar",
    unknown_pillar => "unknown-pillar",
    unknown_population => "unknown-population",
    unknown_working_group => "unknown-working-group",
    unknown_institution => "unknown-institution",
    duplicate_institution => "duplicate-institution",
    not_a_member => "not-a-member",
    missing_chapter => "missing-chapter",
    duplicate_chapter => "duplicate-chapter",
    date_order => "date-order",
    duplicate_progress_year => "duplicate-progress-year",
    unknown_currency => "unknown-currency",
    status_mismatch => "status-mismatch",
    missing_for_type => "missing-for-type",
    missing_translation => "missing-translation",
    unknown_reference => "unknown-reference",
    skipped_references => "skipped-references",
    duplicate_vocabulary => "duplicate-vocabulary",
    model_mismatch => "model-mismatch",
    wrong_kind => "wrong-kind",
    duplicate_reference => "duplicate-reference",
    outside_states => "outside-states",
    outside_beneficiaries => "outside-beneficiaries",
    over_allocated => "over-allocated",
    unsupported => "unsupported",
    outside_framework => "outside-framework",
    not_a_file => "not-a-file",
    logo_unreadable => "logo-unreadable",
    control_character => "control-character",
}

#[test]
fn every_code_has_an_example_folder() {
    let folders = example_codes();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !folders.iter().any(|f| f == c))
        .collect();
    assert!(
        missing.is_empty(),
        "no examples/errors folder for {missing:?}"
    );
}

/// The table of codes in docs/validate.md lists every code with its severity (it once lacked
/// six of them), each row with the anchor SARIF's help links point at.
#[test]
fn every_code_is_in_the_documented_table() {
    let docs = std::fs::read_to_string(super::support::repo().join("docs/validate.md")).unwrap();
    for code in Code::ALL {
        let row = format!(
            "| <a id=\"{0}\"></a>`{0}` | {1} | ",
            code.as_str(),
            code.default_severity().as_str()
        );
        assert!(docs.contains(&row), "docs/validate.md has no row {row}");
    }
}

#[test]
fn every_example_folder_is_a_code_and_is_tested() {
    for folder in example_codes() {
        assert!(
            Code::ALL.iter().any(|c| c.as_str() == folder),
            "examples/errors/{folder} is not a diagnostic code"
        );
        assert!(
            TESTED.contains(&folder.as_str()),
            "examples/errors/{folder} has no test in error_examples.rs"
        );
    }
}

#[test]
fn warning_examples_pass_unless_warnings_are_denied() {
    // The three codes that are warnings by default; their examples exit 0, and 1 with --deny.
    for code in ["id-pillar", "missing-chapter", "missing-translation"] {
        let framework = Framework::example(code);
        let run = framework.validate(&[]);
        run.assert_code(0);
        assert!(
            run.stdout.ends_with("0 errors and 1 warning\n"),
            "{}",
            run.stdout
        );
        framework.validate(&["--deny", "warnings"]).assert_code(1);
    }
}

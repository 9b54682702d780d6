//! Regression tests, each named after what broke and saying why in one line.

use super::support::{Framework, run_in};

/// A file named on the command line is also discovered: read twice, it was its own duplicate.
#[test]
fn file_named_on_the_command_line_is_not_a_duplicate_of_itself() {
    let framework = Framework::minimal();
    for spelling in [
        "chapters/national/gtm.yaml",
        "./chapters/national/gtm.yaml",
        "chapters/../chapters/national/gtm.yaml",
    ] {
        let run = framework.validate(&[spelling, "chapters/national/gtm.yaml"]);
        run.assert_code(0);
        assert_eq!(
            run.stdout, "ok: 1 file checked, no problems found\n",
            "{spelling}"
        );
    }
}

/// Columns count characters, not bytes: after an accent a byte count is one column too far.
#[test]
fn column_after_accented_text_counts_characters() {
    let framework = Framework::minimal();
    framework.write(
        "chapters/national/gtm.yaml",
        std::fs::read_to_string(framework.path().join("chapters/national/gtm.yaml"))
            .unwrap()
            .replace(
                "    name: Instituto Guatemalteco de Migración\n",
                "    name: Instituto Guatemalteco de Migración\n    sigla: IGM\n",
            )
            .replace("summary: Plan", "summary: Acción ([[GTM-9.9]]) Plan"),
    );
    let run = framework.validate(&["--format", "short"]);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // "summary: Acción (" is 17 characters (18 bytes): the citation starts at column 18.
    assert!(
        lines[0].starts_with("chapters/national/gtm.yaml:8:18: error[unknown-reference]"),
        "{}",
        run.stdout
    );
    assert!(
        lines[1].starts_with("chapters/national/gtm.yaml:12:5: error[unknown-key]"),
        "{}",
        run.stdout
    );
}

/// `-C DIR` left PATHS relative to the process's working directory: another file was checked.
#[test]
fn paths_are_relative_to_the_dash_c_folder() {
    let framework = Framework::example("unknown-key");
    let elsewhere = Framework::empty();
    let root = framework.path().to_str().unwrap();
    let run = run_in(
        elsewhere.path(),
        &[
            "-C",
            root,
            "validate",
            "--format",
            "short",
            "chapters/national/gtm.yaml",
        ],
    );
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["unknown-key"]);
}

//! Exit codes: 0 clean, 1 problems (or warnings with `--deny warnings`), 2 usage or I/O failure.

use super::support::Framework;

#[test]
fn clean_framework_exits_0() {
    let run = Framework::minimal().validate(&[]);
    run.assert_code(0);
    assert_eq!(run.stdout, "ok: 1 file checked, no problems found\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn errors_exit_1() {
    Framework::example("duplicate-id")
        .validate(&[])
        .assert_code(1);
}

#[test]
fn deny_warnings_turns_a_warnings_only_framework_into_exit_1() {
    let framework = Framework::example("missing-translation");
    let allowed = framework.validate(&[]);
    allowed.assert_code(0);
    assert!(allowed.stdout.contains("warning[missing-translation]"));
    let denied = framework.validate(&["--deny", "warnings"]);
    denied.assert_code(1);
    // Denying changes the verdict only, not what is reported.
    let body = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("ok:") && !l.starts_with("failed:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&denied.stdout), body(&allowed.stdout));
    assert!(allowed.stdout.lines().last().unwrap().starts_with("ok: "));
    assert!(
        denied
            .stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("failed: "),
        "{}",
        denied.stdout
    );
}

#[test]
fn missing_path_exits_2_and_names_it() {
    let run = Framework::minimal().validate(&["chapters/national/hnd.yaml"]);
    run.assert_code(2).assert_no_crash();
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("chapters/national/hnd.yaml") && run.stderr.contains("does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_root_folder_exits_2() {
    let framework = Framework::minimal();
    let gone = framework.path().join("no-such-folder");
    let run = super::support::run_in(
        framework.path(),
        &["-C", gone.to_str().unwrap(), "validate"],
    );
    run.assert_code(2);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
}

#[test]
fn unknown_flag_exits_2() {
    let run = Framework::minimal().validate(&["--strict"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--strict"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn unknown_format_exits_2() {
    let run = Framework::minimal().validate(&["--format", "sarif2"]);
    run.assert_code(2);
    assert!(run.stderr.contains("sarif2"), "{}", run.stderr);
}

#[test]
fn no_framework_and_no_paths_exits_2() {
    let empty = Framework::empty();
    let run = empty.validate(&[]);
    run.assert_code(2);
    assert!(run.stderr.contains("no mirps.toml found"), "{}", run.stderr);
}

#[test]
fn missing_chapters_folder_exits_2() {
    let framework = Framework::minimal();
    std::fs::remove_dir_all(framework.path().join("chapters")).unwrap();
    let run = framework.validate(&[]);
    run.assert_code(2);
    assert!(run.stderr.contains("chapters folder"), "{}", run.stderr);
}

//! The language of the run (issue #12): `--lang es|en`, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`), else the framework's first language; summaries, operational errors
//! (exit 2) and the report's tables in Spanish and English.

use super::support::{Framework, Run, repo, run_in_env};

/// `mirps ARGS…` from inside `dir` with extra environment variables (`LANG` is `en_US.UTF-8`
/// unless they set it).
fn run_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let dir_text = dir.to_str().expect("temporary path is UTF-8");
    let mut all = vec!["-C", dir_text];
    all.extend_from_slice(args);
    run_in_env(dir, &all, env)
}

/// The last line of standard output: the closing summary of `validate`.
fn last_line(run: &Run) -> &str {
    run.stdout.lines().last().unwrap_or_default()
}

/// The minimal framework with `languages` in `mirps.toml` replaced.
fn minimal_with_languages(languages: &str) -> Framework {
    let framework = Framework::minimal();
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    assert!(toml.contains("languages = [\"es\"]"), "{toml}");
    framework.write(
        "mirps.toml",
        toml.replace("languages = [\"es\"]", &format!("languages = {languages}")),
    );
    framework
}

/// `--lang` was rejected as an unknown argument.
#[test]
fn lang_es_is_accepted() {
    let framework = Framework::minimal();
    let run = framework.validate(&["--lang", "es"]);
    run.assert_code(0);
    assert_eq!(
        last_line(&run),
        "ok: se revisó 1 archivo, no se encontraron problemas"
    );
    let run = framework.validate(&["--lang", "en"]);
    run.assert_code(0);
    assert_eq!(last_line(&run), "ok: 1 file checked, no problems found");
}

/// `LANG=es_ES.UTF-8` changed nothing: every message was in English.
#[test]
fn lang_es_es_utf8_speaks_spanish() {
    let framework = Framework::minimal();
    let run = framework.validate_in_env(&[], &[("LANG", "es_ES.UTF-8")]);
    run.assert_code(0);
    assert_eq!(
        last_line(&run),
        "ok: se revisó 1 archivo, no se encontraron problemas"
    );
}

/// `LC_ALL` decides over `LC_MESSAGES` and `LANG`, as POSIX orders them; `--lang` over all.
#[test]
fn lc_all_overrides_lang() {
    let framework = Framework::minimal();
    let english =
        framework.validate_in_env(&[], &[("LANG", "es_ES.UTF-8"), ("LC_ALL", "en_GB.UTF-8")]);
    assert_eq!(last_line(&english), "ok: 1 file checked, no problems found");
    let spanish =
        framework.validate_in_env(&[], &[("LANG", "en_US.UTF-8"), ("LC_ALL", "es_MX.UTF-8")]);
    assert_eq!(
        last_line(&spanish),
        "ok: se revisó 1 archivo, no se encontraron problemas"
    );
    let messages = framework.validate_in_env(&[], &[("LC_MESSAGES", "es_HN.UTF-8")]);
    assert!(
        last_line(&messages).starts_with("ok: se revisó"),
        "{}",
        messages.stdout
    );
    let flag = framework.validate_in_env(&["--lang", "en"], &[("LC_ALL", "es_MX.UTF-8")]);
    assert_eq!(last_line(&flag), "ok: 1 file checked, no problems found");
}

/// With no language asked for (`LANG=C`, as on many CI machines), the framework's first language
/// is spoken: Spanish for the shipped MIRPS, English for a framework that lists English first.
#[test]
fn framework_first_language_is_the_default() {
    let shipped = run_env(repo(), &["validate", "--color", "never"], &[("LANG", "C")]);
    assert!(
        last_line(&shipped).contains("se revisaron"),
        "{}",
        shipped.stdout
    );
    let english_first = minimal_with_languages("[\"en\", \"es\"]");
    let run = english_first.validate_in_env(&[], &[("LANG", "C")]);
    assert!(last_line(&run).contains("1 file checked"), "{}", run.stdout);
    // A language asked for still wins over the framework's.
    let asked = english_first.validate_in_env(&[], &[("LANG", "es_GT.UTF-8")]);
    assert!(
        last_line(&asked).contains("se revisó 1 archivo"),
        "{}",
        asked.stdout
    );
}

/// `--lang fr` (a language mirps does not speak) is a usage error that names the two it does.
#[test]
fn unknown_lang_is_a_usage_error() {
    let framework = Framework::minimal();
    for env in [("LANG", "en_US.UTF-8"), ("LANG", "es_ES.UTF-8")] {
        let run = framework.validate_in_env(&["--lang", "fr"], &[env]);
        run.assert_code(2).assert_no_crash();
        assert!(
            run.stderr.contains("`es`") && run.stderr.contains("`en`"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
}

/// The closing line of `validate` with problems, in Spanish.
#[test]
fn validate_summary_in_spanish() {
    let framework = Framework::example("unknown-key");
    let run = framework.validate(&["--lang", "es"]);
    run.assert_code(1);
    let line = last_line(&run);
    assert!(line.starts_with("falló: se revis"), "{line}");
    assert!(line.contains("1 error y 0 avisos"), "{line}");
    let english = framework.validate(&[]);
    assert!(
        last_line(&english).contains("1 error and 0 warnings"),
        "{}",
        english.stdout
    );
}

/// Every title, column heading and the opening line of `mirps report`, in Spanish; the figures
/// are written the same way in both languages, and the data formats keep their keys.
#[test]
fn report_in_spanish() {
    let framework = Framework::from("tests/fixtures/money");
    let settings = |name: &str| {
        let mut s = insta::Settings::clone_current();
        s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        s.set_prepend_module_to_snapshot(false);
        s.set_omit_expression(true);
        s.set_description(format!("mirps report, tests/fixtures/money: {name}"));
        s
    };
    let mut outputs = Vec::new();
    for (lang, format) in [("es", "table"), ("en", "table"), ("es", "markdown")] {
        let run = framework.run(&["--lang", lang, "report", "--format", format]);
        run.assert_code(0);
        let name = format!("report-{format}.{lang}");
        settings(&name).bind(|| insta::assert_snapshot!(name, run.stdout));
        outputs.push(run.stdout);
    }
    assert!(outputs[0].starts_with("MIRPS test · datos al 2025-11-30 · montos en USD"));
    assert!(outputs[1].starts_with("MIRPS test · data as of 2025-11-30 · amounts in USD"));
    // The same figures in both languages.
    for figure in ["1,500", "43.8 %", "2,550"] {
        assert!(
            outputs[0].contains(figure) && outputs[1].contains(figure),
            "{figure}"
        );
    }
    // CSV and JSON are for programs: the same bytes whatever the language.
    for format in [
        &["--format", "csv", "--table", "contributors"][..],
        &["--format", "json"],
    ] {
        let mut args = vec!["report"];
        args.extend_from_slice(format);
        let es = run_env(
            framework.path(),
            &[&["--lang", "es"][..], &args].concat(),
            &[],
        );
        let en = run_env(
            framework.path(),
            &[&["--lang", "en"][..], &args].concat(),
            &[],
        );
        es.assert_code(0);
        assert_eq!(es.stdout, en.stdout, "{format:?}");
    }
}

/// An operational error (exit 2) was in English whatever the language; now it is in the
/// language asked for, before any framework is found and after.
#[test]
fn operational_error_in_spanish() {
    // No framework anywhere: the language asked for, else Spanish.
    let nowhere = Framework::empty();
    let run = run_env(nowhere.path(), &["--lang", "es", "validate"], &[]);
    run.assert_code(2).assert_no_crash();
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(
        !run.stderr.contains("no mirps.toml found"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("mirps.toml"), "{}", run.stderr);

    let framework = Framework::minimal();
    for (args, spanish, english) in [
        (
            &["report", "--table", "nope"][..],
            "error: no hay ninguna tabla `nope`; las tablas son states, funding,",
            "error: there is no table `nope`; the tables are states, funding,",
        ),
        (
            &["report", "--state", "NIC"],
            "error: `NIC` no es un Estado miembro (miembros: GTM)",
            "error: `NIC` is not a member State (members: GTM)",
        ),
        (
            &["build", "--out", "chapters"],
            "error: mirps no publica en `chapters`: ",
            "error: refusing to build into `chapters`: ",
        ),
        (
            &["export", "--out", "mirps.toml"],
            "error: mirps no escribe en `mirps.toml`: es un archivo de entrada del marco",
            "error: refusing to write `mirps.toml`: it is an input of the framework",
        ),
    ] {
        let es = framework.run(&[&["--lang", "es"][..], args].concat());
        es.assert_code(2).assert_no_crash();
        assert!(es.stderr.starts_with(spanish), "{args:?}: {}", es.stderr);
        let en = framework.run(args);
        en.assert_code(2);
        assert!(en.stderr.starts_with(english), "{args:?}: {}", en.stderr);
    }
}

/// Before the framework is read its language is not known (the one asked for, else Spanish);
/// once it is, an error speaks it.
#[test]
fn errors_after_the_framework_is_read_speak_its_language() {
    let framework = minimal_with_languages("[\"en\", \"es\"]");
    let before = run_c(&framework, &["report", "--table", "nope"]);
    before.assert_code(2);
    assert!(
        before.stderr.starts_with("error: no hay ninguna tabla"),
        "{}",
        before.stderr
    );
    let after = run_c(&framework, &["report", "--state", "NIC"]);
    after.assert_code(2);
    assert!(
        after
            .stderr
            .starts_with("error: `NIC` is not a member State"),
        "{}",
        after.stderr
    );
}

/// `build --lang es` still selects the languages to publish: only Spanish is built, and its
/// closing line is in Spanish.
#[test]
fn build_lang_es_builds_only_spanish() {
    let framework = minimal_with_languages("[\"es\", \"en\"]");
    let run = run_c(&framework, &["build", "--lang", "es", "--format", "md"]);
    run.assert_code(0);
    let build = framework.path().join("build");
    assert!(build.join("es/mirps.md").is_file());
    assert!(!build.join("en").exists());
    assert!(
        run.stderr.contains("se publicó MIRPS (es) en ") && run.stderr.contains(": 1 archivo"),
        "{}",
        run.stderr
    );
    // Its messages are in the first language it publishes that mirps speaks.
    let run = framework.run(&["build", "--lang", "en", "--lang", "es", "--format", "md"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("built MIRPS (en, es) into "),
        "{}",
        run.stderr
    );
}

/// `mirps -C <dir> ARGS…` with `LANG=C`: no language asked for.
fn run_c(framework: &Framework, args: &[&str]) -> Run {
    run_env(framework.path(), args, &[("LANG", "C")])
}

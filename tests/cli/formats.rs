//! The output formats read the same diagnostics: `json` parses and carries every label with its
//! line and column, `github` emits workflow commands, and both agree with `short`.

use serde_json::Value;

use super::support::{Framework, each_in_parallel, example_codes, parse_short};

fn json_of(framework: &Framework) -> Value {
    let run = framework.validate(&["--format", "json"]);
    run.assert_no_crash();
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("--format json is not JSON ({e}):\n{}", run.stdout))
}

#[test]
fn json_has_counts_codes_and_labels_with_positions() {
    let framework = Framework::example("duplicate-id");
    let json = json_of(&framework);
    assert_eq!(json["version"], 1);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 0);
    let diagnostic = &json["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["code"], "duplicate-id");
    assert!(diagnostic["help"].as_str().is_some_and(|h| !h.is_empty()));
    // A duplicate id points at both places: the second (primary) and the first.
    let labels = diagnostic["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2);
    let at = |l: &Value| {
        (
            l["file"].as_str().unwrap().to_string(),
            l["line"].as_u64().unwrap(),
            l["column"].as_u64().unwrap(),
            l["end_line"].as_u64().unwrap(),
            l["end_column"].as_u64().unwrap(),
            l["primary"].as_bool().unwrap(),
        )
    };
    let path = "chapters/national/gtm.yaml".to_string();
    assert_eq!(at(&labels[0]), (path.clone(), 19, 9, 19, 16, true));
    assert_eq!(at(&labels[1]), (path, 13, 9, 13, 16, false));
}

#[test]
fn json_of_a_clean_framework_is_an_empty_report() {
    let json = json_of(&Framework::minimal());
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 0);
    assert_eq!(json["diagnostics"], Value::Array(Vec::new()));
}

/// For every example: each JSON diagnostic and each GitHub command sits where `short` says.
#[test]
fn json_and_github_agree_with_short_on_every_example() {
    each_in_parallel(&example_codes(), |code| formats_agree(code));
}

fn formats_agree(code: &str) {
    let framework = Framework::example(code);
    let short = framework.validate(&["--format", "short"]);
    let lines: Vec<_> = short.stdout.lines().map(parse_short).collect();

    let json = json_of(&framework);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), lines.len(), "{code}: json count");
    for (d, s) in diagnostics.iter().zip(&lines) {
        assert_eq!(d["code"], s.code, "{code}");
        assert_eq!(d["severity"], s.severity, "{code}");
        assert_eq!(d["message"], s.message, "{code}");
        let labels = d["labels"].as_array().unwrap();
        assert!(!labels.is_empty(), "{code}: a diagnostic without a place");
        for label in labels {
            assert!(label["line"].as_u64().unwrap() >= 1, "{code}: 1-based line");
            assert!(
                label["column"].as_u64().unwrap() >= 1,
                "{code}: 1-based column"
            );
        }
        let primary = labels
            .iter()
            .find(|l| l["primary"] == true)
            .unwrap_or(&labels[0]);
        assert_eq!(primary["file"], s.path, "{code}");
        assert_eq!(primary["line"], s.line, "{code}");
        assert_eq!(primary["column"], s.col, "{code}");
    }
    let errors = lines.iter().filter(|l| l.severity == "error").count();
    let warnings = lines.iter().filter(|l| l.severity == "warning").count();
    assert_eq!(json["errors"], errors, "{code}");
    assert_eq!(json["warnings"], warnings, "{code}");

    let github = framework.validate(&["--format", "github"]);
    github.assert_code(short.code.unwrap());
    let mut commands: Vec<&str> = github.stdout.lines().collect();
    let closing = commands.pop().unwrap_or_default();
    assert!(
        closing.starts_with("::notice title=mirps validate::"),
        "{code}: the last line is the closing notice: {closing:?}"
    );
    assert_eq!(
        commands.len(),
        lines.len(),
        "{code}: one command per diagnostic"
    );
    for (command, s) in commands.iter().zip(&lines) {
        let kind = match s.severity {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let prefix = format!(
            "::{kind} file={},line={},col={},",
            s.path.replace(':', "%3A").replace(',', "%2C"),
            s.line,
            s.col
        );
        assert!(
            command.starts_with(&prefix),
            "{code}: {command:?} does not start with {prefix:?}"
        );
        let title = format!(",title={}::", s.code);
        assert!(
            command.contains(&title),
            "{code}: {command:?} lacks {title:?}"
        );
        let (_, message) = command.split_once(&title).unwrap();
        assert!(
            message.starts_with(&s.message.replace('%', "%25")),
            "{code}: {message:?}"
        );
        assert!(!message.contains('\n'), "{code}: one line per command");
    }
}

#[test]
fn github_multi_line_messages_are_escaped() {
    // The help goes on a second line of the annotation, escaped as %0A.
    let run = Framework::example("unknown-key").validate(&["--format", "github"]);
    run.assert_code(1);
    assert_eq!(
        run.stdout,
        "::error file=chapters/national/gtm.yaml,line=19,col=5,endColumn=12,title=unknown-key::\
         unknown key `priorty` in this commitment%0Ahelp: did you mean `priority`?\n\
         ::notice title=mirps validate::failed: 1 file checked, 1 error and 0 warnings\n"
    );
}

#[test]
fn short_and_machine_formats_print_no_summary() {
    let framework = Framework::example("id-pillar");
    for format in ["short", "json", "sarif"] {
        let run = framework.validate(&["--format", format]);
        assert!(!run.stdout.contains("checked"), "{format}: {}", run.stdout);
    }
    // `github` says it in its closing notice only, so the log shows the check ran.
    let github = framework.validate(&["--format", "github"]);
    let summaries: Vec<&str> = github
        .stdout
        .lines()
        .filter(|l| l.contains("checked"))
        .collect();
    assert_eq!(
        summaries,
        ["::notice title=mirps validate::ok: 1 file checked, 0 errors and 1 warning"]
    );
}

#[test]
fn color_never_and_always() {
    let framework = Framework::example("date-order");
    let plain = framework.validate(&[]);
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "--color never has no escapes"
    );
    let root = framework.path().to_str().unwrap();
    let coloured = super::support::run_in(
        framework.path(),
        &["-C", root, "validate", "--color", "always"],
    );
    coloured.assert_code(1);
    assert!(coloured.stdout.contains('\u{1b}'), "--color always colours");
}

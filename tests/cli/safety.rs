//! Nothing lost, nothing leaked, no crash: one regression test per hole that an adversarial test
//! of mirps found (data loss, leaks, injection into outputs, crashes, positions), each named
//! after what broke.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{Framework, parse_short, run_in_env};

/// The minimal fixture with `old` replaced by `new` in its chapter.
fn minimal_with(old: &str, new: &str) -> Framework {
    let framework = Framework::minimal();
    let path = "chapters/national/gtm.yaml";
    let text = std::fs::read_to_string(framework.path().join(path)).unwrap();
    assert!(text.contains(old), "the fixture has no {old:?}");
    framework.write(path, text.replacen(old, new, 1));
    framework
}

fn build(framework: &Framework, extra: &[&str]) -> super::support::Run {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    framework.run(&args)
}

// ---------------------------------------------------------------------------------------------
// Data loss
// ---------------------------------------------------------------------------------------------

/// With a `.mirps-build` marker at the root and `[paths] output` set to the root, `mirps build`
/// replaced the framework with its output: `mirps.toml` and `chapters/` were gone.
#[test]
fn output_over_the_inputs_is_refused_and_nothing_is_lost() {
    let framework = Framework::minimal();
    let root = framework.path().to_str().unwrap().to_string();
    framework.write(".mirps-build", "");
    framework.write("chapters/.mirps-build", "");
    framework.write("templates/.mirps-build", "");
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    let parent = framework
        .path()
        .parent()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    for output in [
        root.clone(),
        ".".to_string(),
        "chapters".to_string(),
        "chapters/national".to_string(),
        "templates".to_string(),
        "editions".to_string(),
        parent.clone(),
    ] {
        framework.write(
            "mirps.toml",
            format!("{toml}\n[paths]\ntemplates = \"templates\"\noutput = \"{output}\"\n"),
        );
        let before = framework.fingerprint();
        let run = build(&framework, &["--format", "md"]);
        run.assert_no_crash().assert_code(2);
        assert!(
            run.stderr.contains("refusing to build into"),
            "output = {output}: {}",
            run.stderr
        );
        assert_eq!(framework.fingerprint(), before, "output = {output}");
    }
    framework.write("mirps.toml", &toml);
    for out in [
        root.as_str(),
        "chapters",
        "chapters/national/gtm.yaml",
        &parent,
    ] {
        let before = framework.fingerprint();
        let run = build(&framework, &["--out", out, "--format", "md"]);
        run.assert_no_crash().assert_code(2);
        assert!(
            run.stderr.contains("refusing to build into"),
            "--out {out}: {}",
            run.stderr
        );
        assert_eq!(framework.fingerprint(), before, "--out {out}");
    }
    // An output folder of its own inside the framework is what the default is.
    build(&framework, &["--format", "md"]).assert_code(0);
    assert!(framework.path().join("build/es/mirps.md").is_file());
}

/// `mirps export --out mirps.toml` replaced the framework's configuration and exited 0.
#[test]
fn export_over_an_input_file_is_refused() {
    let framework = Framework::minimal();
    for out in [
        "mirps.toml",
        "chapters/national/gtm.yaml",
        "./chapters/../mirps.toml",
        "chapters/new.json",
    ] {
        let before = framework.fingerprint();
        for format in ["json", "csv"] {
            let run = framework.run(&["export", "--format", format, "--out", out]);
            run.assert_no_crash().assert_code(2);
            assert!(
                run.stderr.contains("refusing to write"),
                "{out}: {}",
                run.stderr
            );
        }
        assert_eq!(framework.fingerprint(), before, "--out {out}");
    }
    framework
        .run(&["export", "--out", "mirps.json"])
        .assert_code(0);
    assert!(framework.path().join("mirps.json").is_file());
}

/// A `kill -9` during a build left its staging folder (up to 187 MB) beside the output forever.
#[test]
fn staging_folder_of_a_killed_build_is_removed_by_the_next_build() {
    let framework = Framework::from("tests/fixtures/money");
    let root = framework.path().to_str().unwrap().to_string();
    let staging = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.ok()?.file_name().to_string_lossy().into_owned();
                name.starts_with(".build.").then_some(name)
            })
            .collect()
    };
    let mut killed = false;
    for _ in 0..50 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mirps"))
            .args(["-C", &root, "build", "--format", "md", "--format", "html"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        // Kill it the moment its staging folder holds a first file.
        while started.elapsed() < Duration::from_secs(60) {
            let writing = staging(framework.path()).iter().any(|name| {
                std::fs::read_dir(framework.path().join(name))
                    .is_ok_and(|mut entries| entries.next().is_some())
            });
            if writing {
                let _ = child.kill();
                killed = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
        }
        let _ = child.wait();
        if killed && !staging(framework.path()).is_empty() {
            break;
        }
        killed = false;
    }
    assert!(killed, "no build could be killed while it was staging");
    build(&framework, &["--format", "md"]).assert_code(0);
    assert_eq!(staging(framework.path()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Leaks
// ---------------------------------------------------------------------------------------------

/// `ln -s /proc/self/environ chapters/national/env.yaml` made `mirps validate` print the process
/// environment, a CI token included, in its snippet.
#[test]
fn symlink_out_of_the_framework_is_not_read() {
    let framework = Framework::minimal();
    let secret = "ci-token-3f9a1c";
    let outside = Framework::empty();
    outside.write(
        "hnd.yaml",
        std::fs::read_to_string(framework.path().join("chapters/national/gtm.yaml"))
            .unwrap()
            .replace("GTM", "HND")
            .replace("Guatemala", secret),
    );
    outside.write("otros/pan.yaml", "kind: national-chapter\nstate: PAN\n");
    let link = |target: &Path, at: &str| {
        std::os::unix::fs::symlink(target, framework.path().join(at)).unwrap();
    };
    link(
        Path::new("/proc/self/environ"),
        "chapters/national/env.yaml",
    );
    link(
        &outside.path().join("hnd.yaml"),
        "chapters/national/hnd.yaml",
    );
    link(&outside.path().join("otros"), "chapters/regional");
    for format in ["human", "short", "json", "github"] {
        let run = run_in_env(
            framework.path(),
            &["validate", "--format", format],
            &[("MIRPS_TEST_SECRET", secret)],
        );
        run.assert_no_crash().assert_code(1);
        assert!(!run.stdout.contains(secret), "{format}: {}", run.stdout);
        assert!(!run.stdout.contains("MIRPS_TEST_SECRET"), "{format}");
        assert!(
            !run.stdout.contains("PAN"),
            "{format}: the folder link was followed"
        );
    }
    let short = framework.validate(&["--format", "short"]);
    let lines: Vec<_> = short.stdout.lines().map(parse_short).collect();
    let refused: Vec<(&str, &str)> = lines.iter().map(|l| (l.path, l.code)).collect();
    assert_eq!(
        refused,
        [
            ("chapters/national/env.yaml", "outside-framework"),
            ("chapters/national/hnd.yaml", "outside-framework"),
            ("chapters/regional", "outside-framework"),
        ],
        "{}",
        short.stdout
    );
    // Named on the command line, as CI names changed files, it is refused all the same.
    let named = framework.validate(&["--format", "short", "chapters/national/env.yaml"]);
    named.assert_code(1);
    assert_eq!(named.short_codes(), ["outside-framework"]);
    // Nothing is published from it.
    let run = build(&framework, &[]);
    run.assert_code(1);
    assert!(!framework.path().join("build").exists());
}

/// A link to itself anywhere under `chapters/` (`ln -s x chapters/sub/x`) stopped `validate`,
/// `build` and `report` with exit 2 and "too many levels of symbolic links", and no JSON for
/// CI. It is a `not-a-file` diagnostic at the link; the rest is validated.
#[test]
fn a_link_to_itself_is_a_diagnostic_not_a_failed_run() {
    let framework = Framework::minimal();
    std::fs::create_dir_all(framework.path().join("chapters/sub")).unwrap();
    for name in ["x", "y.yaml"] {
        std::os::unix::fs::symlink(name, framework.path().join("chapters/sub").join(name)).unwrap();
    }
    let run = framework.validate(&["--format", "json"]);
    run.assert_no_crash().assert_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["labels"][0]["file"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("chapters/sub/x", "not-a-file"),
            ("chapters/sub/y.yaml", "not-a-file"),
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("round in a circle"), "{}", run.stdout);
    for args in [&["build"][..], &["report"]] {
        framework.run(args).assert_no_crash().assert_code(1);
    }
}

/// Override templates and schemas, and the chapters folder itself, stay inside the framework.
#[test]
fn overrides_and_folders_out_of_the_framework_are_not_read() {
    let framework = Framework::minimal();
    let outside = Framework::empty();
    outside.write("base.html", "<p>{{ get_env(name=\"HOME\") }}</p>");
    outside.write("national-chapter.schema.json", "{}");
    std::fs::create_dir_all(framework.path().join("templates")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("base.html"),
        framework.path().join("templates/base.html"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    framework.write(
        "mirps.toml",
        format!("{toml}\n[paths]\ntemplates = \"templates\"\n"),
    );
    let run = build(&framework, &["--format", "html"]);
    run.assert_no_crash().assert_code(2);
    assert!(
        run.stderr.contains("refusing to read") && run.stderr.contains("outside the framework"),
        "{}",
        run.stderr
    );
    let elsewhere = outside.path().to_str().unwrap();
    framework.write(
        "mirps.toml",
        format!("{toml}\n[paths]\nschemas = \"{elsewhere}\"\nchapters = \"../\"\n"),
    );
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let outside: Vec<_> = run
        .stdout
        .lines()
        .map(parse_short)
        .filter(|l| l.code == "outside-framework")
        .map(|l| (l.path, l.line))
        .collect();
    assert_eq!(
        outside,
        [("mirps.toml", 10), ("mirps.toml", 11)],
        "{}",
        run.stdout
    );
}

/// `lead: "IGX\n::error file=evil.yaml,line=1::…"` printed a line that GitHub Actions runs as a
/// workflow command; ESC and BEL from content retitled and cleared the terminal.
#[test]
fn content_cannot_inject_workflow_commands_or_terminal_escapes() {
    let framework = minimal_with(
        "lead: IGM",
        "lead: \"IGX\\n::error file=evil.yaml,line=1::pwned\\e]0;title\\a\\r::warning::x\\u202e\"",
    );
    // The file name is content too.
    framework.write(
        "chapters/national/x\n::error::name\u{1b}[2J.yaml",
        "kind: national-chapter\n",
    );
    for format in ["human", "short", "github", "json", "sarif"] {
        let run = framework.validate(&["--format", format]);
        run.assert_no_crash().assert_code(1);
        for (n, line) in run.stdout.lines().enumerate() {
            // Only mirps's own commands: the annotations and the closing notice.
            assert!(
                !line.starts_with("::")
                    || line.starts_with("::error file=chapters/")
                    || line.starts_with("::notice title=mirps validate::failed: "),
                "{format}, line {n}: {line:?}"
            );
            assert!(
                !line.chars().any(|c| c.is_control() && c != '\t'),
                "{format}, line {n}: {line:?}"
            );
            assert!(!line.contains('\u{202e}'), "{format}, line {n}");
        }
    }
    let short = framework.validate(&["--format", "short"]);
    assert!(
        short
            .stdout
            .contains("`IGX\\n::error file=evil.yaml,line=1::pwned\\u{1b}]0;title\\u{7}\\r::warning::x\\u{202e}`"),
        "{}",
        short.stdout
    );
    let json: serde_json::Value =
        serde_json::from_str(&framework.validate(&["--format", "json"]).stdout).unwrap();
    assert!(json["errors"].as_u64().unwrap() >= 2);
}

/// `report --format markdown` wrote bidirectional controls from content as they were (the
/// table format escaped them): `gnp.exe` reversed on the reader's screen.
#[test]
fn report_tables_show_no_control_or_bidirectional_character() {
    let framework = minimal_with(
        "    title: Reglamento del procedimiento para el reconocimiento del estatuto de refugiado",
        "    title: \"Reglamento \\u202egnp.exe\\u202c\\u2066\"",
    );
    for format in ["table", "markdown"] {
        let run = framework.run(&["report", "--format", format]);
        run.assert_no_crash().assert_code(0);
        assert!(
            run.stdout.contains("Reglamento"),
            "{format}: {}",
            run.stdout
        );
        for (n, line) in run.stdout.lines().enumerate() {
            assert!(
                !line.chars().any(|c| (c.is_control() && c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
                "{format}, line {n}: {line:?}"
            );
        }
    }
}

/// `commitments.csv`, `export --format csv` and `report --format csv` wrote `=HYPERLINK(…)` and
/// `-2+3+cmd|' /C calc'!A0` as they were: formulas, to a spreadsheet.
#[test]
fn csv_cells_from_content_are_never_formulas() {
    let title = "=HYPERLINK(\"http://example.org\",\"x\")";
    let name = "-2+3+cmd|' /C calc'!A0";
    let framework = minimal_with(
        "title: Reglamento del procedimiento para el reconocimiento del estatuto de refugiado",
        "title: \"=HYPERLINK(\\\"http://example.org\\\",\\\"x\\\")\"",
    );
    let text =
        std::fs::read_to_string(framework.path().join("chapters/national/gtm.yaml")).unwrap();
    framework.write(
        "chapters/national/gtm.yaml",
        text.replacen(
            "name: Instituto Guatemalteco de Migración",
            &format!("name: \"{name}\""),
            1,
        ),
    );
    build(&framework, &["--format", "data"]).assert_code(0);
    let built =
        std::fs::read_to_string(framework.path().join("build/data/commitments.csv")).unwrap();
    let exported = framework.run(&["export", "--format", "csv"]);
    exported.assert_code(0);
    let report = framework.run(&["report", "--format", "csv", "--table", "institutions"]);
    report.assert_code(0);
    for (csv, kept) in [
        (built.as_str(), title),
        (&exported.stdout, title),
        (&report.stdout, name),
    ] {
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut seen = false;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '@', '\t', '\r'])
                        && (!cell.starts_with('-') || cell[1..].parse::<f64>().is_ok()),
                    "{cell:?} in\n{csv}"
                );
                seen |= cell == format!("'{kept}");
            }
        }
        assert!(seen, "the text is kept, as text:\n{csv}");
    }
}

/// A commitment title with a blank line, cited as `[[GTM-1.1]]`, escaped the link title of
/// `mirps.md` and became a real heading and a live `<script>`; `[x](&#106;avascript:…)` was
/// copied as it was.
#[test]
fn markdown_document_cannot_be_broken_out_of() {
    let framework = minimal_with(
        "title: Reglamento del procedimiento para el reconocimiento del estatuto de refugiado",
        "title: \"Registro\\n\\n# Encabezado falso\\n\\n<script>alert(1)</script>\\\") [y](javascript:alert(2)\"",
    );
    let text =
        std::fs::read_to_string(framework.path().join("chapters/national/gtm.yaml")).unwrap();
    framework.write(
        "chapters/national/gtm.yaml",
        text.replacen(
            "summary: Plan nacional de respuesta de Guatemala para personas solicitantes de asilo y refugiadas.",
            "summary: \"Ver [[GTM-1.1]] y [x](&#106;avascript:alert(3)) <img src=x onerror=alert(4)>.\"",
            1,
        ),
    );
    build(&framework, &["--format", "md"]).assert_code(0);
    let md = std::fs::read_to_string(framework.path().join("build/es/mirps.md")).unwrap();
    // Rendered as many Markdown viewers do: with raw HTML allowed.
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&md, options));
    let page = scraper::Html::parse_fragment(&html);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(
        page.select(&select("script, img, iframe")).count(),
        0,
        "{md}"
    );
    for heading in page.select(&select("h1, h2, h3, h4, h5, h6")) {
        let text: String = heading.text().collect();
        assert_ne!(
            text.trim(),
            "Encabezado falso",
            "a heading from content: {md}"
        );
    }
    for link in page.select(&select("a[href]")) {
        let href = link
            .value()
            .attr("href")
            .unwrap()
            .trim()
            .to_ascii_lowercase();
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("mailto:"),
            "{href} in {md}"
        );
    }
    let cited = page
        .select(&select("a[href='#GTM-1.1']"))
        .next()
        .expect("the citation is a link");
    assert!(
        cited
            .value()
            .attr("title")
            .unwrap()
            .contains("Encabezado falso")
    );
}

/// NUL and ESC from YAML escapes reached the Markdown, the HTML and the CSV.
#[test]
fn control_characters_from_yaml_escapes_never_reach_the_outputs() {
    for escape in ["\\0", "\\e", "\\a", "\\x1b", "\\u0085"] {
        let framework = minimal_with("name: Guatemala", &format!("name: \"Guate{escape}mala\""));
        let run = framework.validate(&["--format", "short"]);
        run.assert_code(1);
        assert_eq!(run.short_codes(), ["control-character"], "{escape}");
        let line = parse_short(run.stdout.lines().next().unwrap());
        assert_eq!((line.line, line.col), (4, 7), "{escape}");
        build(&framework, &[]).assert_code(1);
        assert!(!framework.path().join("build").exists());
    }
    // Likewise in mirps.toml.
    let framework = Framework::minimal();
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    framework.write(
        "mirps.toml",
        toml.replace("edition = \"2019\"", "edition = \"20\\u001b19\""),
    );
    let run = framework.validate(&["--format", "short"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["control-character"], "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// Crashes and bounds
// ---------------------------------------------------------------------------------------------

/// Two commitments of `required: 5e28` (each accepted alone) made `validate`, `build`, `report`
/// and `export` panic with a decimal overflow (exit 101); `required` and `state_investment` of
/// 8e26 overflowed in the percentages; amounts over 7.9e28 were a "bug in mirps" at line 1.
#[test]
fn amounts_too_large_are_errors_at_the_value_not_panics() {
    let budget = |required: &str, investment: &str| {
        format!(
            "    budget: {{ currency: USD, required: {required}, state_investment: {investment} }}\n"
        )
    };
    for (required, investment) in [
        ("5e28", "0"),
        ("8e26", "8e26"),
        ("1e30", "1"),
        ("1e16", "0"),
    ] {
        let framework = minimal_with(
            "    timeframe: { start: 2018, end: 2020 }\n",
            &format!(
                "    timeframe: {{ start: 2018, end: 2020 }}\n{}",
                budget(required, investment)
            ),
        );
        let run = framework.validate(&["--format", "short"]);
        run.assert_no_crash().assert_code(1);
        let first = parse_short(run.stdout.lines().next().unwrap());
        assert_eq!(first.code, "invalid-value", "{}", run.stdout);
        let text =
            std::fs::read_to_string(framework.path().join("chapters/national/gtm.yaml")).unwrap();
        let at = text.find(&format!("required: {required}")).unwrap() + "required: ".len();
        let line = text[..at].matches('\n').count() + 1;
        let col = at - text[..at].rfind('\n').unwrap();
        assert_eq!(
            (first.line, first.col),
            (line, col),
            "at the value: {}",
            run.stdout
        );
        for args in [
            &["build"][..],
            &["report"],
            &["export"],
            &["export", "--format", "csv"],
        ] {
            framework.run(args).assert_no_crash().assert_code(1);
        }
    }
}

/// The limit on the sum of all amounts holds even where a framework's own schema lifts the limit
/// on each: the amount that makes the money too large is an error at its place, not a panic.
#[test]
fn money_too_large_to_add_up_is_an_error_at_the_amount() {
    let framework = minimal_with(
        "    timeframe: { start: 2018, end: 2020 }\n",
        "    timeframe: { start: 2018, end: 2020 }\n    budget: { currency: USD, required: 5e26, state_investment: 4e26 }\n",
    );
    let schema = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/common.schema.json"),
    )
    .unwrap()
    .replace("\"maximum\": 1000000000000000,", "");
    framework.write("schemas/common.schema.json", schema);
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    framework.write(
        "mirps.toml",
        format!("{toml}\n[paths]\nschemas = \"schemas\"\n"),
    );
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0].code, "invalid-value");
    assert!(
        lines[0].message.contains("too large to compute exactly"),
        "{}",
        run.stdout
    );
    // At `state_investment`, the amount that made the sum too large.
    let text =
        std::fs::read_to_string(framework.path().join("chapters/national/gtm.yaml")).unwrap();
    let at = text.find("4e26").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').unwrap();
    assert_eq!((lines[0].line, lines[0].col), (line, col), "{}", run.stdout);
    for args in [&["build"][..], &["report", "--format", "json"], &["export"]] {
        framework.run(args).assert_no_crash().assert_code(1);
    }
}

/// Numbers are read as binary floating point: `123456789012345.123456789012345` was published
/// as `.12` in one output and `.13` in another, `999999999999999.9` as `.8` in JSON,
/// `1000000000000000.0000001` passed as exactly the largest amount, `1e-30` became 0. A number
/// that is not the number it is read as is an error at it; one that is, is published as written.
#[test]
fn numbers_with_more_digits_than_are_kept_are_errors_not_rounded() {
    for (required, exact) in [
        ("99999999999999.9", true),
        ("123456789012.34", true),
        ("2.50", true),
        ("1e15", true),
        ("999999999999999.9", false),
        ("1.5e3", true),
        ("123456789012345.123456789012345", false),
        ("100000000000000.01", false),
        ("1000000000000000.0000001", false),
        ("1e-30", false),
        ("4.9e-324", false),
    ] {
        let framework = minimal_with(
            "    timeframe: { start: 2018, end: 2020 }\n",
            &format!(
                "    timeframe: {{ start: 2018, end: 2020 }}\n    budget: {{ currency: USD, required: {required} }}\n"
            ),
        );
        let run = framework.validate(&["--format", "short"]);
        run.assert_no_crash();
        if exact {
            run.assert_code(0);
            let csv = framework.run(&["export", "--format", "csv"]);
            let json = framework.run(&["report", "--format", "json"]);
            let written: f64 = required.parse().unwrap();
            assert!(
                csv.assert_code(0).stdout.contains(&format!(",{written},"))
                    || csv.stdout.contains(required),
                "{required}: {}",
                csv.stdout
            );
            assert!(
                json.assert_code(0)
                    .stdout
                    .contains(&format!("\"required\": {written}")),
                "{required}: {}",
                json.stdout
            );
            continue;
        }
        run.assert_code(1);
        let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
        assert_eq!(lines.len(), 1, "{required}: {}", run.stdout);
        assert_eq!(
            (lines[0].code, lines[0].line, lines[0].col),
            ("invalid-value", 19, 40),
            "{required}"
        );
        assert!(
            lines[0]
                .message
                .contains("more digits than a number keeps exactly"),
            "{}",
            run.stdout
        );
    }
}

/// Exchange rates under 1e-28 became 0 and amounts then vanished from every total.
#[test]
fn exchange_rates_out_of_range_are_refused() {
    let framework = Framework::from("tests/fixtures/money");
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    for rate in ["1e-29", "0", "1e12"] {
        framework.write(
            "mirps.toml",
            toml.replace("EUR = 1.25", &format!("EUR = {rate}")),
        );
        let run = framework.validate(&["--format", "short"]);
        run.assert_no_crash().assert_code(1);
        let at_the_rate: Vec<_> = run
            .stdout
            .lines()
            .map(parse_short)
            .filter(|l| l.path == "mirps.toml")
            .map(|l| (l.line, l.code))
            .collect();
        assert_eq!(
            at_the_rate,
            [(13, "invalid-value")],
            "{rate}: {}",
            run.stdout
        );
    }
}

/// 10k unknown keys took 0.13 s, 80k 8.3 s, a million over 120 s: each one was searched for in
/// the whole mapping. All are still reported, each at its key (the speed is measured by
/// `scripts/bench-keys.sh`; the runner's hang guard fails a quadratic run here).
#[test]
fn two_hundred_thousand_unknown_keys_are_all_reported_at_their_keys() {
    let framework = Framework::minimal();
    let path = framework.path().join("chapters/national/gtm.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let first_line = text.lines().count() + 1;
    for i in 0..200_000 {
        text.push_str(&format!("clave_{i}: valor\n"));
    }
    std::fs::write(&path, text).unwrap();
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 200_000);
    for (i, line) in lines.iter().enumerate().step_by(9_973) {
        let line = parse_short(line);
        assert_eq!(
            (line.code, line.line, line.col),
            ("unknown-key", first_line + i, 1)
        );
    }
    // The human and JSON formats are written as they are rendered, in batches: every
    // diagnostic is there, in order, once.
    let human = framework.validate(&["--format", "human"]);
    human.assert_no_crash().assert_code(1);
    let headers: Vec<&str> = human
        .stdout
        .lines()
        .filter(|l| l.starts_with("error[unknown-key]"))
        .collect();
    assert_eq!(headers.len(), 200_000);
    for i in (0..200_000).step_by(8_191) {
        assert!(
            headers[i].contains(&format!("`clave_{i}`")),
            "{}",
            headers[i]
        );
    }
    assert!(
        human.stdout.ends_with("200000 errors and 0 warnings\n"),
        "{}",
        &human.stdout[human.stdout.len() - 200..]
    );
    let json = framework.validate(&["--format", "json"]);
    json.assert_no_crash().assert_code(1);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["errors"], 200_000);
    assert_eq!(
        report["diagnostics"].as_array().map(Vec::len),
        Some(200_000)
    );
}

/// The reports are written as they are made now; a reader that stops early (`| head`) stops
/// the writing, and that is neither a crash nor a different result.
#[test]
fn a_reader_that_stops_early_leaves_the_result_unchanged() {
    let framework = Framework::minimal();
    let path = framework.path().join("chapters/national/gtm.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for i in 0..50_000 {
        text.push_str(&format!("clave_{i}: valor\n"));
    }
    std::fs::write(&path, text).unwrap();
    for format in ["human", "short", "json", "github"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mirps"))
            .args(["validate", "--format", format])
            .current_dir(framework.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0; 64];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let run = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

/// Finding each citation's place in the file searched the text before it for every citation:
/// 16,000 citations in one summary took 19 s, 500,000 did not finish; 200,000 `[[` never closed
/// took 2 s. Every citation is still found and reported at its own `[[ID]]` (the runner's hang
/// guard fails a quadratic run here).
#[test]
fn many_citations_in_one_text_take_linear_time() {
    let cited = "[[GTM-1.1]] ".repeat(100_000);
    let framework = minimal_with(
        "summary: Plan nacional de respuesta de Guatemala para personas solicitantes de asilo y refugiadas.",
        &format!(
            "summary: Ver {cited}[[GTM-404]] y [[GTM-405]]\ncontext: \"{}[[GTM-406]]\"",
            "[[".repeat(400_000)
        ),
    );
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
    let found: Vec<_> = lines.iter().map(|l| (l.code, l.line, l.col)).collect();
    let at = "summary: Ver ".len() + cited.len() + 1;
    assert_eq!(
        found,
        [
            ("unknown-reference", 8, at),
            ("unknown-reference", 8, at + "[[GTM-404]] y ".len()),
            ("unknown-reference", 9, "context: \"".len() + 800_000 + 1),
        ],
        "{}",
        run.stdout
    );
}

/// A summary of 10,000 nested `*` overflowed the stack (exit 134); 50 nested list levels or 100
/// emphasis levels failed with "maximum function call depth exceeded".
#[test]
fn deeply_nested_markdown_still_publishes() {
    let lists = format!("{}fondo", "* ".repeat(10_000));
    let levels: String = (0..50)
        .map(|i| format!("{}- nivel {i}\n", "  ".repeat(i)))
        .collect();
    let emphasis: String = (0..100)
        .map(|i| if i % 2 == 0 { "*a " } else { "_b " })
        .chain(["texto"])
        .chain(
            (0..100)
                .rev()
                .map(|i| if i % 2 == 0 { " a*" } else { " b_" }),
        )
        .collect();
    let quotes = format!("{}cita", "> ".repeat(10_000));
    let framework = Framework::minimal();
    let path = framework.path().join("chapters/national/gtm.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let block = |s: &str| s.lines().map(|l| format!("  {l}\n")).collect::<String>();
    let text = text.replacen(
        "summary: Plan nacional de respuesta de Guatemala para personas solicitantes de asilo y refugiadas.\n",
        &format!(
            "summary: |\n{}context: |\n{}sections:\n  - title: Niveles\n    body: |\n{}",
            block(&lists),
            block(&format!("{levels}\n{emphasis}")),
            block(&quotes)
                .lines()
                .map(|l| format!("    {l}\n"))
                .collect::<String>()
        ),
        1,
    );
    std::fs::write(&path, text).unwrap();
    framework.validate(&[]).assert_code(0);
    let formats: &[&str] = if cfg!(feature = "pdf") {
        &["--format", "md", "--format", "html", "--format", "pdf"]
    } else {
        &["--format", "md", "--format", "html"]
    };
    build(&framework, formats).assert_no_crash().assert_code(0);
    let md = std::fs::read_to_string(framework.path().join("build/es/mirps.md")).unwrap();
    for word in ["fondo", "nivel 49", "texto", "cita"] {
        assert!(md.contains(word), "{word}");
    }
    if cfg!(feature = "pdf") {
        assert!(framework.path().join("build/es/mirps.pdf").is_file());
    }
}

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

/// In a file with a byte order mark, the JSON `start`/`end` were 3 bytes short of the file's
/// offsets; with lone-CR line endings every diagnostic landed on line 1.
#[test]
fn positions_count_the_byte_order_mark_and_every_line_ending() {
    let base = minimal_with("lead: IGM", "lead: INM");
    let text = std::fs::read_to_string(base.path().join("chapters/national/gtm.yaml")).unwrap();
    let at = text.find("INM").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    for (bom, ending) in [
        (false, "\n"),
        (true, "\n"),
        (false, "\r\n"),
        (false, "\r"),
        (true, "\r"),
    ] {
        let framework = Framework::minimal();
        let written = format!(
            "{}{}",
            if bom { "\u{feff}" } else { "" },
            text.replace('\n', ending)
        );
        framework.write("chapters/national/gtm.yaml", &written);
        let run = framework.validate(&["--format", "json"]);
        run.assert_code(1);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let label = &json["diagnostics"][0]["labels"][0];
        let start = label["start"].as_u64().unwrap() as usize;
        assert_eq!(
            &written.as_bytes()[start..start + 3],
            b"INM",
            "bom {bom}, {ending:?}"
        );
        assert_eq!(label["line"], line, "bom {bom}, {ending:?}");
        assert_eq!(label["column"], 11, "bom {bom}, {ending:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Also
// ---------------------------------------------------------------------------------------------

/// `--lang es --lang es` built "(es, es)".
#[test]
fn a_language_given_twice_is_built_once() {
    let framework = Framework::minimal();
    let run = build(
        &framework,
        &["--lang", "es", "--lang", "es", "--format", "md"],
    );
    run.assert_code(0);
    assert!(run.stderr.contains("(es)"), "{}", run.stderr);
}

/// A rate for the base currency was accepted silently.
#[test]
fn a_rate_for_the_base_currency_is_an_error() {
    let framework = Framework::from("tests/fixtures/money");
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    framework.write(
        "mirps.toml",
        toml.replace("EUR = 1.25", "EUR = 1.25, USD = 1.1"),
    );
    let run = framework.validate(&["--format", "short"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["invalid-value"], "{}", run.stdout);
    assert!(
        run.stdout.contains("`USD` is the base currency"),
        "{}",
        run.stdout
    );
}

/// A named pipe was reported as "does not exist" (and reading one would wait forever).
#[test]
fn a_named_pipe_is_not_a_file_and_is_not_read() {
    let framework = Framework::minimal();
    let pipe = framework.path().join("chapters/national/hnd.yaml");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    for args in [
        &["--format", "short"][..],
        &["--format", "short", "chapters/national/hnd.yaml"],
    ] {
        let run = framework.validate(args);
        run.assert_no_crash().assert_code(1);
        assert_eq!(run.short_codes(), ["not-a-file"], "{}", run.stdout);
        assert!(run.stdout.contains("named pipe"), "{}", run.stdout);
    }
}

/// `--against` took a version-99 file, and any size (290 MB read into 2.5 GB).
#[test]
fn against_refuses_another_version_of_mirps_json() {
    let framework = Framework::minimal();
    let export = framework.run(&["export"]);
    export.assert_code(0);
    let v99 = export
        .stdout
        .replacen("\"mirps_json_version\": 1", "\"mirps_json_version\": 99", 1);
    framework.write("v99.json", v99);
    let run = framework.validate(&["--against", "v99.json"]);
    run.assert_no_crash().assert_code(2);
    assert!(run.stderr.contains("version 99"), "{}", run.stderr);
    framework.write("v1.json", &export.stdout);
    framework.validate(&["--against", "v1.json"]).assert_code(0);
}

/// `[framework] source` was printed nowhere although the format says it is printed on outputs.
#[test]
fn the_source_is_printed_on_the_outputs() {
    let framework = Framework::minimal();
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    framework.write(
        "mirps.toml",
        toml.replace(
            "members = [\"GTM\"]",
            "members = [\"GTM\"]\nsource = \"https://example.org/mirps\"",
        ),
    );
    build(&framework, &["--format", "md", "--format", "html"]).assert_code(0);
    let md = std::fs::read_to_string(framework.path().join("build/es/mirps.md")).unwrap();
    assert!(md.contains("Fuente: https://example.org/mirps"), "{md}");
    let index = std::fs::read_to_string(framework.path().join("build/es/html/index.html")).unwrap();
    assert!(
        index.contains("<a href=\"https://example.org/mirps\" rel=\"noopener noreferrer\">https://example.org/mirps</a>"),
        "the site's footer links it"
    );
}

/// An institution's `url` took any scheme: `javascript:alert(document.cookie)` validated and
/// went into `mirps.json` as it was. It is a web address (http or https), else an error at it.
#[test]
fn an_institution_url_is_a_web_address() {
    for (url, ok) in [
        ("https://igm.gob.gt", true),
        ("http://www.gob.mx/comar?x=1#a", true),
        ("javascript:alert(document.cookie)", false),
        ("data:text/html,x", false),
        ("https:javascript:alert(1)", false),
        ("JAVASCRIPT://%0aalert(1)", false),
    ] {
        let framework = minimal_with(
            "    name: Instituto Guatemalteco de Migración\n",
            &format!("    name: Instituto Guatemalteco de Migración\n    url: \"{url}\"\n"),
        );
        let run = framework.validate(&["--format", "short"]);
        run.assert_no_crash();
        if ok {
            run.assert_code(0);
        } else {
            run.assert_code(1);
            let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
            assert_eq!(lines.len(), 1, "{url}: {}", run.stdout);
            assert_eq!(
                (lines[0].code, lines[0].line),
                ("invalid-value", 12),
                "{url}"
            );
            assert!(framework.run(&["export"]).assert_code(1).stdout.is_empty());
        }
    }
}

/// In `mirps.toml`, a pillar number too large for the program was "schema and program disagree"
/// at line 1; a NUL in `[paths] chapters` stopped the run (exit 2, "does not exist") without the
/// `control-character` error a NUL in `output` gets. Both are errors at the value.
#[test]
fn bad_values_in_mirps_toml_are_errors_at_the_value() {
    let framework = Framework::minimal();
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    for (extra, code, line) in [
        (
            "[[pillars]]\nid = \"reception-admission\"\nnumber = 4294967296\ntitle = \"R\"\n",
            "invalid-value",
            11,
        ),
        (
            "[paths]\nchapters = \"chap\\u0000ters\"\n",
            "control-character",
            10,
        ),
    ] {
        framework.write("mirps.toml", format!("{toml}\n{extra}"));
        for format in ["short", "json"] {
            let run = framework.validate(&["--format", format]);
            run.assert_no_crash().assert_code(1);
            if format == "json" {
                let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
                assert!(json["errors"].as_u64().unwrap() >= 1);
                continue;
            }
            let errors: Vec<_> = run
                .stdout
                .lines()
                .map(parse_short)
                .filter(|l| l.severity == "error")
                .map(|l| (l.path, l.code, l.line))
                .collect();
            assert_eq!(errors, [("mirps.toml", code, line)], "{}", run.stdout);
        }
    }
}

/// Found by fuzzing `load_validate`: after a run of bytes that are not UTF-8 and raw NULs, the
/// YAML scanner stopped past the end of the file, and the `control-character` error was placed
/// there (407..408 in a file of 407 bytes), outside the file every format slices. It is at the
/// first control character.
#[test]
fn a_control_character_is_reported_inside_its_file() {
    let input = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions/load_validate/control-character-past-the-end.yaml"),
    )
    .unwrap();
    // The fuzz target's files are separated by NUL, 32 at most: the last holds the rest.
    let last = input.splitn(32, |&b| b == 0).last().unwrap().to_vec();
    // As the target reads it: bytes that are not UTF-8 replaced by U+FFFD.
    let text = String::from_utf8_lossy(&last).into_owned();
    let framework = Framework::minimal();
    framework.write("chapters/fuzz.yaml", &text);
    for format in ["json", "short", "human", "github"] {
        let run = framework.validate(&["--format", format]);
        run.assert_no_crash().assert_code(1);
        if format != "json" {
            continue;
        }
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let label = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "control-character")
            .map(|d| &d["labels"][0])
            .unwrap_or_else(|| panic!("{}", run.stdout));
        assert_eq!(label["file"], "chapters/fuzz.yaml");
        let start = label["start"].as_u64().unwrap() as usize;
        assert_eq!(start, text.find('\0').unwrap(), "{}", run.stdout);
        assert_eq!(label["end"].as_u64().unwrap() as usize, start + 1);
    }
}

/// The help for a NUL said "indent with spaces, not tabs".
#[test]
fn the_help_for_a_nul_does_not_speak_of_tabs() {
    let framework = Framework::minimal();
    framework.write(
        "chapters/national/gtm.yaml",
        "kind: national-chapter\nstate: GTM\0\n",
    );
    let run = framework.validate(&[]);
    run.assert_code(1);
    assert!(!run.stdout.contains("tabs"), "{}", run.stdout);
    assert!(run.stdout.contains("NUL"), "{}", run.stdout);
}

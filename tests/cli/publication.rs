//! `[publication]` and `[numbers]` of `mirps.toml`: read, checked with positions, and the logo
//! files refused when they are missing, outside the framework, too large, of another kind or
//! unsafe SVG. Fixture: `tests/fixtures/publication` (a small test SVG and PNG logo).

use mirps::config::{LogoKind, NARROW_NBSP, NumberStyle, load_logos};
use mirps::validate::{Options, Validated, validate};

use super::support::{Framework, parse_short, repo, run_in};

const FIXTURE: &str = "tests/fixtures/publication";

fn publication() -> Framework {
    Framework::from(FIXTURE)
}

/// Validate with the library, to read the configuration back.
fn validated(framework: &Framework) -> Validated {
    validate(&Options {
        start: Some(framework.path().to_path_buf()),
        ..Options::default()
    })
    .unwrap()
}

/// The 1-based line and column of the first `needle` in `mirps.toml`.
fn position_of(framework: &Framework, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// The mirps.toml of the fixture with `logos` replaced by one logo whose file is `file`.
fn with_one_logo(framework: &Framework, file: &str) {
    let text = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    let start = text.find("logos = [").unwrap();
    let toml = format!(
        "{}logos = [\n  {{ file = \"{file}\", alt = \"Logotipo\" }},\n]\n",
        &text[..start]
    );
    framework.write("mirps.toml", toml);
}

#[test]
fn the_publication_fixture_validates_clean_and_reads_back() {
    let framework = publication();
    let run = framework.validate(&["--format", "short", "--deny", "warnings"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");

    let validated = validated(&framework);
    let config = &validated.config;
    let publication = &config.publication;
    let foreword = publication.foreword.as_ref().unwrap();
    assert_eq!(foreword.get("en", "es"), Some("A test **foreword**."));
    assert_eq!(
        publication
            .executive_summary
            .as_ref()
            .unwrap()
            .get("es", "es"),
        Some("Un resumen de prueba.")
    );
    assert_eq!(publication.acronyms.len(), 2);
    assert_eq!(publication.acronyms[0].short.get("en", "es"), Some("UNHCR"));
    assert_eq!(publication.acronyms[0].short.get("es", "es"), Some("ACNUR"));
    assert_eq!(publication.logos[0].file, "assets/logos/partner.svg");
    assert_eq!(
        publication.logos[0].href.as_deref(),
        Some("https://example.org")
    );
    assert_eq!(publication.logos[1].href, None);

    let (logos, problems) = load_logos(config);
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<(&str, LogoKind)> = logos.iter().map(|l| (l.name.as_str(), l.kind)).collect();
    assert_eq!(
        names,
        [("logo-1.svg", LogoKind::Svg), ("logo-2.png", LogoKind::Png)]
    );
    let svg = std::fs::read(framework.path().join("assets/logos/partner.svg")).unwrap();
    assert_eq!(logos[0].bytes, svg);
    assert!(logos[1].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));

    // `" "` is the narrow no-break space; `'` as written; a language not listed takes its
    // default.
    assert_eq!(
        config.number_style("es"),
        NumberStyle {
            thousands: NARROW_NBSP,
            decimal: ','
        }
    );
    assert_eq!(config.number_style("en").integer("-9856800"), "-9'856'800");
    assert_eq!(config.number_style("fr").decimal_text("6.3"), "6.3");
}

#[test]
fn numbers_default_per_language_when_the_table_is_silent() {
    let framework = Framework::minimal();
    let config = validated(&framework).config;
    assert!(config.numbers.is_empty());
    let es = config.number_style("es");
    assert_eq!(es.integer("9856800"), "9.856.800");
    assert_eq!(es.decimal_text("6.3"), "6,3");
    let en = config.number_style("en");
    assert_eq!(en.integer("9856800"), "9,856,800");
    assert_eq!(en.decimal_text("6.3"), "6.3");
    assert_eq!(en.decimal_text("-1234.5"), "-1,234.5");
    assert!(config.publication.foreword.is_none());
    assert!(config.publication.logos.is_empty());
}

#[test]
fn a_missing_logo_is_reported_at_its_file_key() {
    let framework = publication();
    std::fs::remove_file(framework.path().join("assets/logos/partner.png")).unwrap();
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let (line, col) = position_of(&framework, "\"assets/logos/partner.png\"");
    assert_eq!(
        (lines[0].path, lines[0].line, lines[0].col),
        ("mirps.toml", line, col)
    );
    assert_eq!(lines[0].code, "logo-unreadable");
    assert_eq!(lines[0].severity, "error");
    assert!(lines[0].message.contains("assets/logos/partner.png"));

    let human = framework.validate(&[]);
    assert!(
        human.stdout.contains("help: put the logo's file"),
        "{}",
        human.stdout
    );
    let spanish = framework.validate(&["--lang", "es"]);
    assert!(
        spanish
            .stdout
            .contains("el logotipo `assets/logos/partner.png` no existe"),
        "{}",
        spanish.stdout
    );

    // The build is refused too, before writing anything.
    let build = framework.run(&["build", "--lang", "en"]);
    build.assert_no_crash().assert_code(1);
    assert!(
        build.stderr.contains("error[logo-unreadable]"),
        "{}",
        build.stderr
    );
    assert!(!framework.path().join("build").exists());
}

#[test]
fn an_svg_logo_with_a_script_is_refused() {
    let framework = publication();
    for (svg, what) in [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "`<script>`",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect/></svg>",
            "`onload`",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><p>x</p></foreignObject></svg>",
            "`<foreignObject>`",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><image xlink:href=\"http://example.org/track.png\"/></svg>",
            "`http://example.org/track.png`",
        ),
    ] {
        framework.write("assets/logos/partner.svg", svg);
        let run = framework.validate(&["--format", "short"]);
        run.assert_no_crash().assert_code(1);
        let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
        assert_eq!(lines.len(), 1, "{svg}: {}", run.stdout);
        assert_eq!(lines[0].code, "logo-unreadable");
        assert_eq!(
            (lines[0].line, lines[0].col),
            position_of(&framework, "\"assets/logos/partner.svg\"")
        );
        assert!(
            lines[0].message.contains(what),
            "{svg}: {}",
            lines[0].message
        );
    }
}

#[test]
fn a_logo_that_is_neither_png_nor_svg_is_refused() {
    let framework = publication();
    framework.write("assets/logos/partner.png", b"\xff\xd8\xff\xe0\0\x10JFIF\0");
    let run = framework.validate(&["--format", "short"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["logo-unreadable"]);
    assert!(
        run.stdout.contains("neither a PNG nor an SVG"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_logo_over_one_mebibyte_is_refused() {
    let framework = publication();
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(1024 * 1024 + 1, 0);
    framework.write("assets/logos/partner.png", big);
    let run = framework.validate(&["--format", "short"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["logo-unreadable"]);
    assert!(run.stdout.contains("at most 1 MiB"), "{}", run.stdout);
}

#[test]
fn a_logo_path_leaving_the_framework_is_refused() {
    // The framework in `fw/`, a valid SVG next to it: `../x.svg` is there, and still not read.
    let dir = Framework::empty();
    let svg = std::fs::read(repo().join(FIXTURE).join("assets/logos/partner.svg")).unwrap();
    dir.write("x.svg", &svg);
    let fixture = std::fs::read_to_string(repo().join(FIXTURE).join("mirps.toml")).unwrap();
    let chapter =
        std::fs::read_to_string(repo().join(FIXTURE).join("chapters/national/gtm.yaml")).unwrap();
    dir.write("fw/chapters/national/gtm.yaml", chapter);
    let start = fixture.find("logos = [").unwrap();
    dir.write(
        "fw/mirps.toml",
        format!(
            "{}logos = [{{ file = \"../x.svg\", alt = \"Logotipo\" }}]\n",
            &fixture[..start]
        ),
    );
    let fw = dir.path().join("fw");
    let run = run_in(
        &fw,
        &["-C", fw.to_str().unwrap(), "validate", "--format", "short"],
    );
    run.assert_no_crash().assert_code(1);
    let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0].code, "outside-framework");
    assert_eq!(lines[0].path, "mirps.toml");
    let text = std::fs::read_to_string(fw.join("mirps.toml")).unwrap();
    let line = text[..text.find("\"../x.svg\"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(lines[0].line, line);
    assert!(
        lines[0].message.contains("`../x.svg`"),
        "{}",
        lines[0].message
    );

    // An absolute path is refused the same way.
    let toml = text.replace("../x.svg", &dir.path().join("x.svg").display().to_string());
    std::fs::write(fw.join("mirps.toml"), toml).unwrap();
    let run = run_in(
        &fw,
        &["-C", fw.to_str().unwrap(), "validate", "--format", "short"],
    );
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["outside-framework"]);
}

#[cfg(unix)]
#[test]
fn a_logo_that_is_a_link_out_of_the_framework_is_refused() {
    let framework = publication();
    let elsewhere = Framework::empty();
    let svg = std::fs::read(framework.path().join("assets/logos/partner.svg")).unwrap();
    elsewhere.write("secret.svg", svg);
    let link = framework.path().join("assets/logos/partner.svg");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("secret.svg"), &link).unwrap();
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    assert_eq!(run.short_codes(), ["outside-framework"], "{}", run.stdout);
    assert!(run.stdout.contains("is a link to"), "{}", run.stdout);
}

#[test]
fn a_logo_that_is_a_folder_is_refused() {
    let framework = publication();
    with_one_logo(&framework, "assets/logos");
    let run = framework.validate(&["--format", "short"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["logo-unreadable"]);
    assert!(run.stdout.contains("is a folder"), "{}", run.stdout);
}

#[test]
fn thousands_equal_to_decimal_is_refused() {
    let framework = publication();
    let text = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    let text = text.replace(
        "en = { thousands = \"'\", decimal = \".\" }",
        "en = { thousands = \",\", decimal = \",\" }",
    );
    framework.write("mirps.toml", &text);
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0].code, "invalid-value");
    let before = "en = { thousands = \",\", decimal = ";
    let (line, col) = position_of(&framework, before);
    let col = col + before.len();
    assert_eq!(
        (lines[0].path, lines[0].line, lines[0].col),
        ("mirps.toml", line, col)
    );
    assert!(
        lines[0].message.contains("[numbers] en"),
        "{}",
        lines[0].message
    );
    let spanish = framework.validate(&["--format", "short", "--lang", "es"]);
    assert!(
        spanish.stdout.contains("son el mismo signo"),
        "{}",
        spanish.stdout
    );
}

#[test]
fn numbers_and_publication_keys_are_schema_checked_with_positions() {
    for (from, to, code, needle) in [
        // A separator the table does not allow, at the value.
        (
            "en = { thousands = \"'\", decimal = \".\" }",
            "en = { thousands = \"_\", decimal = \".\" }",
            "invalid-value",
            "\"_\"",
        ),
        // A key the table does not have, at the key.
        (
            "executive_summary = ",
            "preface = \"x\"\nexecutive_summary = ",
            "unknown-key",
            "preface",
        ),
        // A link that is not http(s).
        (
            "href = \"https://example.org\"",
            "href = \"javascript:alert(1)\"",
            "invalid-value",
            "\"javascript:alert(1)\"",
        ),
        // A logo without its alternative text.
        (
            ", alt = \"Logotipo de prueba en PNG\"",
            "",
            "missing-key",
            "file = \"assets/logos/partner.png\"",
        ),
    ] {
        let framework = publication();
        let text = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
        assert!(text.contains(from), "{from}");
        framework.write("mirps.toml", text.replacen(from, to, 1));
        let run = framework.validate(&["--format", "short"]);
        run.assert_no_crash().assert_code(1);
        let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
        assert_eq!(lines.len(), 1, "{to}: {}", run.stdout);
        assert_eq!(lines[0].code, code, "{to}: {}", run.stdout);
        let (line, col) = position_of(&framework, needle);
        assert_eq!(
            (lines[0].line, lines[0].col),
            (line, col),
            "{to}: {}",
            run.stdout
        );
    }
}

#[test]
fn the_shipped_framework_validates_clean_with_its_publication() {
    let framework = Framework::shipped();
    let run = framework.validate(&["--format", "short", "--deny", "warnings"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");

    let config = validated(&framework).config;
    let publication = &config.publication;
    for text in [&publication.foreword, &publication.executive_summary] {
        let text = text
            .as_ref()
            .expect("shipped with a foreword and a summary");
        for lang in ["es", "en"] {
            assert!(
                text.get(lang, "es")
                    .is_some_and(|t| t.contains("San Pedro Sula")),
                "{lang}"
            );
        }
    }
    let acronyms: Vec<&str> = publication
        .acronyms
        .iter()
        .filter_map(|a| a.short.get("es", "es"))
        .collect();
    assert!(acronyms.contains(&"MIRPS"), "{acronyms:?}");
    for acronym in &publication.acronyms {
        for lang in ["es", "en"] {
            assert!(acronym.name.get(lang, "es").is_some(), "{acronym:?}");
        }
    }
    // No partner's logo is shipped without its official file.
    assert!(publication.logos.is_empty());
    assert_eq!(config.number_style("es"), NumberStyle::default_for("es"));
    assert_eq!(config.number_style("en"), NumberStyle::default_for("en"));
}

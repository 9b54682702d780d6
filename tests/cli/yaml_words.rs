//! Plain words for YAML (issue #12): each mistake a drafter makes in the shipped Guatemalan
//! chapter is reported on the line where it must be fixed, with the fix, in Spanish and in
//! English, and the parser's jargon never reaches the drafter.

use super::support::{Framework, copy_dir, parse_short, repo};

const GTM: &str = "chapters/national/gtm.yaml";

/// Phrases of saphyr-parser's own messages, which a drafter should never read.
const JARGON: &[&str] = &[
    "tabs disallowed",
    "did not find expected",
    "mapping values are not allowed",
    "while scanning",
    "while parsing",
    "simple key",
    "block collection",
    "flow sequence",
    "flow mapping",
    "quoted scalar",
    "misplaced bracket",
    "illegal placement",
    "YAML syntax error",
];

/// A copy of the shipped framework (`mirps.toml` and every chapter).
fn shipped() -> Framework {
    let framework = Framework::empty();
    copy_dir(&repo().join("chapters"), &framework.path().join("chapters"));
    std::fs::copy(
        repo().join("mirps.toml"),
        framework.path().join("mirps.toml"),
    )
    .unwrap();
    framework
}

/// The shipped framework with the first line of gtm.yaml that reads `line` (trimmed) replaced
/// by `with` (`None`: left out), and that line's 1-based number.
fn broken(line: &str, with: Option<&str>) -> (Framework, usize) {
    let framework = shipped();
    let path = framework.path().join(GTM);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == line)
        .unwrap_or_else(|| panic!("gtm.yaml has no line `{line}`"));
    match with {
        Some(with) => lines[at] = with,
        None => {
            lines.remove(at);
        }
    }
    framework.write(GTM, lines.join("\n") + "\n");
    (framework, at + 1)
}

/// The diagnostics on gtm.yaml in `--format short`, in `lang`.
fn gtm_lines(framework: &Framework, lang: &str) -> Vec<String> {
    let run = framework.validate(&["--format", "short", "--lang", lang]);
    run.assert_no_crash();
    run.stdout
        .lines()
        .filter(|l| l.starts_with(GTM))
        .map(str::to_string)
        .collect()
}

/// The one yaml-syntax error on gtm.yaml, in English and in Spanish, with its help, after
/// checking that no parser jargon reaches the drafter in either language.
fn syntax_error(framework: &Framework) -> (String, String) {
    let mut outputs = Vec::new();
    for lang in ["en", "es"] {
        let run = framework.validate(&["--lang", lang]);
        run.assert_no_crash();
        run.assert_code(1);
        for jargon in JARGON {
            assert!(
                !run.stdout.contains(jargon),
                "`{jargon}` reaches the drafter ({lang}):\n{}",
                run.stdout
            );
        }
        outputs.push(run.stdout);
    }
    let [en, es] = <[String; 2]>::try_from(outputs).unwrap();
    (en, es)
}

/// The one yaml-syntax line of gtm.yaml in short form: (line, column, message).
fn short_syntax(framework: &Framework, lang: &str) -> (usize, usize, String) {
    let lines = gtm_lines(framework, lang);
    let syntax: Vec<_> = lines
        .iter()
        .map(|l| parse_short(l))
        .filter(|l| l.code == "yaml-syntax")
        .collect();
    assert_eq!(syntax.len(), 1, "one yaml-syntax error: {lines:#?}");
    (syntax[0].line, syntax[0].col, syntax[0].message.to_string())
}

/// "tabs disallowed within this context (block indentation)": a tab is now named as such, on
/// its line, with the fix.
#[test]
fn tabs_disallowed_jargon_no_longer_reaches_the_drafter() {
    let (framework, line) = broken("lead: AMN", Some("\t\tlead: AMN"));
    let (at, col, message) = short_syntax(&framework, "en");
    assert_eq!((at, col), (line, 1));
    assert_eq!(
        message,
        format!("line {line} is indented with a tab; YAML indents with spaces only")
    );
    let (en, es) = syntax_error(&framework);
    assert!(en.contains(&format!(
        "replace the tab at the start of line {line} with spaces"
    )));
    assert!(es.contains(&format!(
        "reemplace el tabulador del inicio de la línea {line} por espacios"
    )));
}

/// The parser stops at the end of the line before a tab that starts a key: the tab's own line
/// is named.
#[test]
fn a_tab_before_a_key_is_blamed_on_its_line_not_the_one_before() {
    let (framework, line) = broken(
        "populations: [asylum-seekers]",
        Some("\tpopulations: [asylum-seekers]"),
    );
    let (at, col, _) = short_syntax(&framework, "en");
    assert_eq!((at, col), (line, 1));
    syntax_error(&framework);
}

/// "did not find expected '-' indicator": a key dedented to the column of the list's `-`.
#[test]
fn did_not_find_expected_dash_jargon_no_longer_reaches_the_drafter() {
    let (framework, line) = broken("lead: AMN", Some("  lead: AMN"));
    let (at, col, message) = short_syntax(&framework, "en");
    assert_eq!((at, col), (line, 3));
    assert!(
        message.contains("`lead:` is indented 2 spaces"),
        "{message}"
    );
    let (en, es) = syntax_error(&framework);
    assert!(
        en.contains(&format!("start line {line} with 4 spaces")),
        "{en}"
    );
    assert!(
        es.contains(&format!("ponga 4 espacios al inicio de la línea {line}")),
        "{es}"
    );
}

/// The same jargon for a new item written without its `-`.
#[test]
fn an_item_without_its_dash_is_named_as_such() {
    let (framework, line) = broken("- id: GTM-1.2", Some("  id: GTM-1.2"));
    let (at, _, message) = short_syntax(&framework, "en");
    assert_eq!(at, line);
    assert_eq!(
        message,
        format!("line {line} starts a new item of `commitments` but has no `-`")
    );
    let (en, es) = syntax_error(&framework);
    assert!(en.contains("`- id: GTM-1.2`"), "{en}");
    assert!(es.contains("le falta el `-`"), "{es}");
}

/// "a dedented `es:` is blamed on the next line": now on its own line, with the indentation
/// it needs.
#[test]
fn a_dedented_es_is_blamed_on_its_own_line_not_the_next() {
    let title = "es: Reglamento del Procedimiento para la Protección, Determinación y Reconocimiento del Estatuto de Refugiado";
    let (framework, line) = broken(title, Some(&format!("    {title}")));
    let (at, col, message) = short_syntax(&framework, "en");
    assert_eq!((at, col), (line, 5), "the `es:` line, at `es`");
    assert_eq!(
        message,
        format!("`es:` is not indented under `title:` (line {})", line - 1)
    );
    let (en, es) = syntax_error(&framework);
    assert!(
        en.contains(&format!(
            "start line {line} with 6 spaces, like `en:` on line {}",
            line + 1
        )),
        "{en}"
    );
    assert!(
        es.contains(&format!(
            "ponga 6 espacios al inicio de la línea {line}, como `en:` en la línea {}",
            line + 1
        )),
        "{es}"
    );
}

/// `: ` inside an unquoted title: the help quotes the drafter's own text.
#[test]
fn a_colon_in_a_title_is_fixed_with_the_drafters_own_words() {
    let (framework, line) = broken(
        "es: Prioridades",
        Some("      es: Prioridades: protección y empleo"),
    );
    let (at, _, message) = short_syntax(&framework, "en");
    assert_eq!(at, line);
    assert_eq!(
        message,
        "the text of `es` holds `: `, which YAML reads as the start of a new key"
    );
    let (en, es) = syntax_error(&framework);
    let fix = "`es: \"Prioridades: protección y empleo\"`";
    assert!(
        en.contains(&format!("put the whole text between quotes: {fix}")),
        "{en}"
    );
    assert!(
        es.contains(&format!("ponga todo el texto entre comillas: {fix}")),
        "{es}"
    );
}

/// An opening quote never closed is blamed where it opens, not where the parser gave up.
#[test]
fn an_unclosed_quote_is_blamed_where_it_opens() {
    let (framework, line) = broken("lead: AMN", Some("    lead: \"AMN"));
    let (at, col, message) = short_syntax(&framework, "en");
    assert_eq!((at, col), (line, 11));
    assert_eq!(
        message,
        format!("the text opened with `\"` on line {line} is never closed")
    );
    let (en, es) = syntax_error(&framework);
    assert!(en.contains("`lead: \"AMN\"`"), "{en}");
    assert!(es.contains("cierre el texto con `\"`"), "{es}");
}

/// A `[` never closed is blamed where it opens (the parser stops at the next line).
#[test]
fn an_unclosed_bracket_is_blamed_where_it_opens() {
    let (framework, line) = broken(
        "populations: [asylum-seekers]",
        Some("    populations: [asylum-seekers"),
    );
    let (at, col, _) = short_syntax(&framework, "en");
    assert_eq!((at, col), (line, 18));
    let (en, es) = syntax_error(&framework);
    assert!(
        en.contains("write the closing `]`: `populations: [asylum-seekers]`"),
        "{en}"
    );
    assert!(
        es.contains("escriba el `]` de cierre: `populations: [asylum-seekers]`"),
        "{es}"
    );
}

/// A line of a block text less indented than the text is the line to fix.
#[test]
fn a_dedented_line_of_a_block_text_is_blamed_on_itself() {
    let text =
        "Requiere un presupuesto específico y el traslado de bienes para poner en marcha las";
    let (framework, line) = broken(text, Some(&format!("  {text}")));
    let (at, col, _) = short_syntax(&framework, "en");
    assert_eq!((at, col), (line, 3));
    let (en, _) = syntax_error(&framework);
    assert!(
        en.contains(&format!(
            "start line {line} with 12 spaces, like the rest of the text"
        )),
        "{en}"
    );
}

/// `lead AMN` and `lead:AMN`: the key and its colon.
#[test]
fn a_key_without_its_colon_or_its_space() {
    for (written, message) in [
        ("    lead AMN", "the key `lead` has no `:` after it"),
        ("    lead:AMN", "`lead:` must be followed by a space"),
    ] {
        let (framework, line) = broken("lead: AMN", Some(written));
        let (at, _, found) = short_syntax(&framework, "en");
        assert_eq!((at, found.as_str()), (line, message));
        let (en, es) = syntax_error(&framework);
        assert!(
            en.contains(&format!("write `lead: AMN` on line {line}")),
            "{en}"
        );
        assert!(
            es.contains(&format!("escriba `lead: AMN` en la línea {line}")),
            "{es}"
        );
    }
}

/// `-year: 2019`: the dash that needs its space.
#[test]
fn a_dash_glued_to_its_key() {
    let (framework, line) = broken("- year: 2019", Some("      -year: 2019"));
    let (at, _, message) = short_syntax(&framework, "en");
    assert_eq!(at, line);
    assert_eq!(
        message,
        "`-` must be followed by a space to start an item of a list"
    );
    syntax_error(&framework);
}

/// A commitment's `- ` left out merges it into the one before: one duplicate-key error, which
/// says the line may be a new item, instead of one per repeated key.
#[test]
fn a_lost_dash_gives_one_duplicate_key_that_suggests_it() {
    let (framework, line) = broken("- id: GTM-1.2", Some("    id: GTM-1.2"));
    let lines = gtm_lines(&framework, "en");
    let duplicates: Vec<_> = lines
        .iter()
        .map(|l| parse_short(l))
        .filter(|l| l.code == "duplicate-key")
        .collect();
    assert_eq!(duplicates.len(), 1, "{lines:#?}");
    assert_eq!(duplicates[0].line, line);
    let human = framework.validate(&["--lang", "en"]).stdout;
    assert!(
        human.contains(&format!(
            "if line {line} starts a new item of the list, write `- ` before `id:`"
        )),
        "{human}"
    );
    let spanish = framework.validate(&["--lang", "es"]).stdout;
    assert!(
        spanish.contains(&format!(
            "si la línea {line} empieza un elemento nuevo de la lista, escriba `- ` antes de `id:`"
        )),
        "{spanish}"
    );
}

/// Every kind of break above, and a few more, is put in words in both languages: no message
/// is left in the parser's English, and every Spanish message differs from the English one.
#[test]
fn every_yaml_mistake_speaks_both_languages() {
    let title = "es: Reglamento del Procedimiento para la Protección, Determinación y Reconocimiento del Estatuto de Refugiado";
    let cases: Vec<(&str, String)> = vec![
        ("lead: AMN", "\tlead: AMN".into()),
        ("lead: AMN", "    lead:\tAMN".into()),
        ("lead: AMN", "  lead: AMN".into()),
        ("lead: AMN", "     lead: AMN".into()),
        (title, format!("    {title}")),
        (
            title,
            format!(
                "      {}",
                title.replace("Reglamento del", "Reglamento: del")
            ),
        ),
        (
            title,
            format!("      {}", title.replace("es: ", "es: \"Reglamento\" ")),
        ),
        (title, format!("      {}", title.replace("es: ", "es: @"))),
        (
            title,
            format!("      {}", title.replace("es: ", "es: [Borrador] ")),
        ),
        (
            title,
            format!("      {}\"", title.replace("es: ", "es: \"C:\\q ")),
        ),
        (
            "timeframe: { start: 2019 }",
            "    timeframe: { start: 2019".into(),
        ),
        (
            "populations: [asylum-seekers]",
            "    populations: [asylum-seekers]]".into(),
        ),
    ];
    for (line, with) in &cases {
        let (framework, _) = broken(line, Some(with));
        let en = gtm_lines(&framework, "en");
        let es = gtm_lines(&framework, "es");
        assert_eq!(en.len(), es.len(), "{with}");
        assert!(
            en.iter().any(|l| l.contains("error[yaml-syntax]")),
            "{with}: {en:#?}"
        );
        for (en, es) in en.iter().zip(&es) {
            assert_ne!(
                parse_short(en).message,
                parse_short(es).message,
                "{with}: not in Spanish"
            );
        }
        syntax_error(&framework);
    }
}

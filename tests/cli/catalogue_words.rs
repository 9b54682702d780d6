//! The catalogue of interface words, `templates/i18n.toml` (issue #11): the site, the Markdown
//! document and the PDF all take their words from it, so that the three outputs say the same
//! thing with the same word. Two checks keep it whole:
//!
//! - every language of the shipped `mirps.toml` has a table, every table has exactly the same
//!   keys and no word is empty (a key missing in one language would show another language's
//!   word, or the key itself);
//! - every key is used, and every word a built-in template asks for is in the catalogue.
//!
//! "Used" means: the key is written out in a built-in template (`labels.KEY` or `words.KEY` in
//! the Tera templates, `t("KEY")` in the Typst one, `get(key="KEY")`, `"KEY"` or `'KEY'` in
//! `assets/app.js`) or is a string literal of the code (`word("KEY")`, `const X: &str = "KEY"`,
//! anywhere in `src/`). Some keys are made from a value instead: `status_` + a commitment's
//! status, `in_` + a language code, … (see [`FAMILIES`]). Such a key counts as used when a
//! template or the code builds its prefix (`"status_" ~ …`, `format!("status_{…}")`,
//! `w("status_", …)`) and its suffix (hyphens written `_`) is one of the values the prefix is
//! built from, read from where those values are defined: the schemas, the edition's list of
//! statuses, the languages mirps names, the search index's kinds and the indicators' units of
//! the shipped framework, of the test fixtures and of the schemas' examples.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use mirps::render::edition::{STATUSES, language_name};
use mirps::render::templates::BUILTIN;

use super::support::repo;

type Catalogue = BTreeMap<String, BTreeMap<String, String>>;

/// The prefixes of the keys made from a value, and what the values are.
const FAMILIES: &[(&str, &str)] = &[
    ("status_", "the statuses of the edition (`STATUSES`)"),
    (
        "chapter_",
        "a national chapter's `status` (national-chapter.schema.json)",
    ),
    (
        "priority_",
        "a commitment's `priority` (national-chapter.schema.json)",
    ),
    ("pledge_", "a pledge's `status` (cooperation.schema.json)"),
    ("type_", "a pledge's `type` (cooperation.schema.json)"),
    (
        "org_",
        "an organization's `type` (regional-plan.schema.json)",
    ),
    ("in_", "a language code that mirps names"),
    ("month_", "a month, 01 to 12"),
    (
        "unit_",
        "an indicator's `unit` in chapters/, tests/fixtures/ and the schemas' examples",
    ),
    (
        "kind_",
        "a kind of entry of the search index (`KIND_*` in src/render/search.rs)",
    ),
];

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The built-in catalogue, as the binary embeds it.
fn catalogue() -> Catalogue {
    let text = BUILTIN
        .iter()
        .find(|(name, _)| *name == "i18n.toml")
        .map(|(_, text)| *text)
        .expect("i18n.toml is built in");
    toml::from_str(text).expect("templates/i18n.toml: one table of strings per language")
}

/// The languages of the shipped framework.
fn languages() -> Vec<String> {
    let config: toml::Value = toml::from_str(&read("mirps.toml")).expect("mirps.toml");
    config["framework"]["languages"]
        .as_array()
        .expect("[framework] languages")
        .iter()
        .map(|l| l.as_str().expect("a language code").to_string())
        .collect()
}

/// The built-in templates and script, whose words the catalogue holds (not the catalogue).
fn templates() -> Vec<(&'static str, &'static str)> {
    BUILTIN
        .iter()
        .filter(|(name, _)| {
            [".html", ".md", ".typ", ".js"]
                .iter()
                .any(|e| name.ends_with(e))
        })
        .copied()
        .collect()
}

/// Every source file of the code.
fn sources() -> Vec<String> {
    walkdir::WalkDir::new(repo().join("src"))
        .into_iter()
        .map(|e| e.expect("src/ is readable"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| std::fs::read_to_string(e.path()).expect("a source file"))
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `text` writes `key` out: `labels.key`, `words.key`, or `key` between quotes.
fn written_out(key: &str, text: &str) -> bool {
    text.match_indices(key).any(|(at, _)| {
        let before = &text[..at];
        let after = text[at + key.len()..].chars().next();
        let member = (before.ends_with("labels.") || before.ends_with("words."))
            && !after.is_some_and(is_ident);
        let quoted = matches!(
            (before.chars().next_back(), after),
            (Some(open @ ('"' | '\'')), Some(close)) if open == close
        );
        member || quoted
    })
}

/// Whether `text` builds keys of `prefix` from a value: `"status_" ~ x`, `w("status_", x)`,
/// `format!("status_{}", x)`.
fn builds(prefix: &str, text: &str) -> bool {
    text.contains(&format!("\"{prefix}\"")) || text.contains(&format!("\"{prefix}{{"))
}

/// The values of a schema's enumeration, as key suffixes (`in-progress` → `in_progress`).
fn schema_enum(schema: &str, pointer: &str) -> BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(&read(&format!("schemas/{schema}.schema.json"))).expect(schema);
    json.pointer(pointer)
        .and_then(|v| v.as_array())
        .unwrap_or_else(|| panic!("{schema}.schema.json has no enumeration at {pointer}"))
        .iter()
        .filter_map(|v| v.as_str())
        .map(|v| v.replace('-', "_"))
        .collect()
}

/// The indicators' units written in the YAML documents under `dir`, or in the examples of the
/// schemas (`unit: people`).
fn units_in(dir: &Path, units: &mut BTreeSet<String>) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry
            .path()
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for (at, found) in text.match_indices("unit:") {
            let rest = text[at + found.len()..].trim_start_matches([' ', '"', '\'']);
            let unit: String = rest
                .chars()
                .take_while(|c| is_ident(*c) || *c == '-')
                .collect();
            if !unit.is_empty() {
                units.insert(unit.to_lowercase().replace('-', "_"));
            }
        }
    }
}

/// The values each family of keys is made from.
fn family_values() -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut units = BTreeSet::new();
    units_in(&repo().join("chapters"), &mut units);
    units_in(&repo().join("tests/fixtures"), &mut units);
    units_in(&repo().join("schemas"), &mut units);
    let kinds: BTreeSet<String> = read("src/render/search.rs")
        .lines()
        .filter(|l| l.trim_start().starts_with("const KIND_"))
        .filter_map(|l| l.split('"').nth(1).map(str::to_string))
        .collect();
    // Every two-letter code that mirps names is a language a text may fall back to.
    let languages: BTreeSet<String> = ('a'..='z')
        .flat_map(|a| ('a'..='z').map(move |b| format!("{a}{b}")))
        .filter(|code| language_name(code) != code.as_str())
        .collect();
    let nc = "/properties/commitments/items/properties";
    let pledges = "/properties/pledges/items/properties";
    BTreeMap::from([
        (
            "status_",
            STATUSES.iter().map(|s| s.replace('-', "_")).collect(),
        ),
        (
            "chapter_",
            schema_enum("national-chapter", "/properties/status/enum"),
        ),
        (
            "priority_",
            schema_enum("national-chapter", &format!("{nc}/priority/enum")),
        ),
        (
            "pledge_",
            schema_enum("cooperation", &format!("{pledges}/status/enum")),
        ),
        (
            "type_",
            schema_enum("cooperation", &format!("{pledges}/type/enum")),
        ),
        (
            "org_",
            schema_enum("regional-plan", "/properties/type/enum"),
        ),
        ("in_", languages),
        ("month_", (1..=12).map(|m| format!("{m:02}")).collect()),
        ("unit_", units),
        ("kind_", kinds),
    ])
}

/// What is wrong with `catalogue` for `languages`, given the texts that use its words.
fn problems(catalogue: &Catalogue, languages: &[String], texts: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let all: BTreeSet<&String> = catalogue.values().flat_map(|t| t.keys()).collect();
    for lang in languages {
        if !catalogue.contains_key(lang) {
            problems.push(format!(
                "no [{lang}] table for the configured language `{lang}`"
            ));
        }
    }
    for (lang, table) in catalogue {
        for key in &all {
            match table.get(*key) {
                None => problems.push(format!("[{lang}] lacks `{key}`")),
                Some(word) if word.trim().is_empty() => {
                    problems.push(format!("[{lang}] `{key}` is empty"))
                }
                Some(_) => {}
            }
        }
    }
    let values = family_values();
    for key in all {
        if texts.iter().any(|text| written_out(key, text)) {
            continue;
        }
        let made = values.iter().any(|(prefix, suffixes)| {
            key.strip_prefix(prefix)
                .is_some_and(|suffix| suffixes.contains(suffix))
                && texts.iter().any(|text| builds(prefix, text))
        });
        if !made {
            problems.push(format!("`{key}` is used by no template and no code"));
        }
    }
    problems
}

#[test]
fn catalogue_words_are_complete_and_used() {
    assert_eq!(
        FAMILIES.iter().map(|(p, _)| *p).collect::<BTreeSet<_>>(),
        family_values().keys().copied().collect::<BTreeSet<_>>(),
        "FAMILIES documents every family"
    );
    let catalogue = catalogue();
    let languages = languages();
    let sources = sources();
    let texts: Vec<&str> = templates()
        .iter()
        .map(|(_, text)| *text)
        .chain(sources.iter().map(String::as_str))
        .collect();
    let found = problems(&catalogue, &languages, &texts);
    assert!(
        found.is_empty(),
        "templates/i18n.toml:\n  {}",
        found.join("\n  ")
    );

    // The check itself sees a word missing in a language, an unused key and a value that no
    // family has.
    let mut broken = catalogue.clone();
    let first = languages.first().expect("a language").clone();
    let table = broken.get_mut(&first).expect("the first language's table");
    table.insert("zz_never_used".into(), "nunca".into());
    table.insert("status_lost".into(), "perdido".into());
    let found = problems(&broken, &languages, &texts);
    for expected in [
        "`zz_never_used` is used by no template and no code".to_string(),
        "`status_lost` is used by no template and no code".to_string(),
    ] {
        assert!(found.contains(&expected), "{expected} in {found:?}");
    }
    if let Some(other) = languages.get(1) {
        assert!(
            found.contains(&format!("[{other}] lacks `zz_never_used`")),
            "{found:?}"
        );
    }
}

/// The keys a text asks the catalogue for by name: `labels.KEY`, `words.KEY` (not a method,
/// like Typst's `words.at(…)`), `t("KEY")`, `word("KEY")`, `get(key="KEY")` (not a prefix, as in
/// `get(key="status_" ~ …)`).
fn asked(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for marker in ["labels.", "words."] {
        for (at, _) in text.match_indices(marker) {
            if text[..at].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            let rest = &text[at + marker.len()..];
            let key: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if !key.is_empty() && !rest[key.len()..].starts_with('(') {
                keys.insert(key);
            }
        }
    }
    for marker in ["t(\"", "word(\"", "key=\""] {
        for (at, _) in text.match_indices(marker) {
            if marker != "key=\"" && text[..at].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            let rest = &text[at + marker.len()..];
            let Some(end) = rest.find('"') else { continue };
            let tail = rest[end + 1..].trim_start();
            if !tail.starts_with('~') && !tail.starts_with('+') {
                keys.insert(rest[..end].to_string());
            }
        }
    }
    keys
}

#[test]
fn every_word_a_template_asks_for_is_in_the_catalogue() {
    let catalogue = catalogue();
    let languages = languages();
    let sources = sources();
    let mut missing = Vec::new();
    let texts = templates()
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .chain(sources.into_iter().map(|text| ("src/".to_string(), text)));
    for (name, text) in texts {
        for key in asked(&text) {
            for lang in &languages {
                if !catalogue.get(lang).is_some_and(|t| t.contains_key(&key)) {
                    missing.push(format!("{name} asks for `{key}`, which [{lang}] lacks"));
                }
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(asked("{{ words.not_costed }} #t(\"gap\") words.at(k)").contains("not_costed"));
    assert!(!asked("get(key=\"status_\" ~ s)").contains("status_"));
}

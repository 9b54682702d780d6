//! `mirps.toml`: where a framework is, its languages, members, vocabularies and currency, and
//! what a published report has around the chapters (`[publication]`, `[numbers]`).
//!
//! The file is found by walking up from the working directory, like Cargo. Without one, the
//! embedded MIRPS defaults apply, so a lone chapter file in a State's own repository validates.
//! The file is checked against `schemas/config.schema.json` with positions, like any document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::load::tree::{Entry, Node, Value};
use crate::model::{Localized, Translations};
use crate::source::{FileId, SourceFile, Span};

mod diags;
mod numbers;
mod publication;

pub use numbers::{DECIMALS, NARROW_NBSP, NumberStyle, THOUSANDS};
pub use publication::{
    Acronym, LoadedLogo, Logo, LogoKind, MAX_LOGO_BYTES, Publication, is_web_address, load_logos,
};

/// The name of the framework file.
pub const FILE_NAME: &str = "mirps.toml";

/// `mirps.toml` as written (after schema validation).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    framework: FrameworkSection,
    #[serde(default)]
    paths: Paths,
    #[serde(default)]
    currency: Currency,
    #[serde(default = "default_pillars")]
    pillars: Vec<Pillar>,
    #[serde(default = "default_populations")]
    populations: Vec<Term>,
    #[serde(default = "default_working_groups")]
    working_groups: Vec<Term>,
    #[serde(default)]
    publication: Publication,
    #[serde(default)]
    numbers: BTreeMap<String, numbers::NumberStyleFile>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkSection {
    title: Localized,
    short_title: String,
    edition: String,
    cutoff: String,
    #[serde(default = "default_languages")]
    languages: Vec<String>,
    #[serde(default = "default_members")]
    members: Vec<String>,
    #[serde(default)]
    source: Option<String>,
}

/// Folders of the framework, relative to its root.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paths {
    #[serde(default = "default_chapters")]
    pub chapters: PathBuf,
    #[serde(default = "default_output")]
    pub output: PathBuf,
    #[serde(default)]
    pub templates: Option<PathBuf>,
    #[serde(default)]
    pub schemas: Option<PathBuf>,
}

impl Default for Paths {
    fn default() -> Paths {
        Paths {
            chapters: default_chapters(),
            output: default_output(),
            templates: None,
            schemas: None,
        }
    }
}

/// The base currency and the rates that convert other currencies into it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Currency {
    #[serde(default = "default_base")]
    pub base: String,
    #[serde(default)]
    pub rates_date: Option<String>,
    /// Units of base currency per unit of each currency.
    #[serde(default)]
    pub rates: BTreeMap<String, Decimal>,
}

impl Default for Currency {
    fn default() -> Currency {
        Currency {
            base: default_base(),
            rates_date: None,
            rates: BTreeMap::new(),
        }
    }
}

impl Currency {
    /// Whether amounts in `code` can be converted to the base currency.
    pub fn knows(&self, code: &str) -> bool {
        code == self.base || self.rates.contains_key(code)
    }

    /// `amount` in `code`, converted to the base currency and rounded to the cent (half away
    /// from zero). Every total is a sum of these: amounts of two decimal places under the money's
    /// limit (see `link::money::HEADROOM`) add up exactly in a [`Decimal`], where a converted
    /// amount's ten or more decimals, added to large ones, would be rounded without a word.
    pub fn to_base(&self, amount: Decimal, code: &str) -> Option<Decimal> {
        let base = if code == self.base {
            amount
        } else {
            amount.checked_mul(*self.rates.get(code)?)?
        };
        Some(base.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    }
}

/// One of the framework's pillars.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: String,
    pub number: u32,
    pub title: Localized,
}

/// A population or working group.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub title: Localized,
}

/// The framework's configuration, from `mirps.toml` or the embedded defaults.
#[derive(Clone, Debug)]
pub struct Config {
    /// The folder holding `mirps.toml` (the working directory when there is none).
    pub root: PathBuf,
    /// `mirps.toml` itself, when there is one, and its spanned tree.
    pub file: Option<(FileId, Node)>,
    /// False when `mirps.toml` had errors and the defaults stand in for it.
    pub valid: bool,
    pub title: Localized,
    pub short_title: String,
    pub edition: String,
    pub cutoff: String,
    pub languages: Vec<String>,
    pub members: Vec<String>,
    pub source: Option<String>,
    pub paths: Paths,
    pub currency: Currency,
    pub pillars: Vec<Pillar>,
    pub populations: Vec<Term>,
    pub working_groups: Vec<Term>,
    /// `[publication]`: foreword, executive summary, extra acronyms, logos.
    pub publication: Publication,
    /// `[numbers]`: the separators of figures, for the languages that set them (see
    /// [`Config::number_style`] for the others).
    pub numbers: BTreeMap<String, NumberStyle>,
}

impl Config {
    /// The embedded MIRPS defaults, rooted at `root`.
    pub fn defaults(root: PathBuf) -> Config {
        Config {
            root,
            file: None,
            valid: true,
            title: loc(
                "Marco Integral Regional para la Protección y Soluciones",
                "Comprehensive Regional Protection and Solutions Framework",
            ),
            short_title: "MIRPS".into(),
            edition: String::new(),
            cutoff: String::new(),
            languages: default_languages(),
            members: default_members(),
            source: None,
            paths: Paths::default(),
            currency: Currency::default(),
            pillars: default_pillars(),
            populations: default_populations(),
            working_groups: default_working_groups(),
            publication: Publication::default(),
            numbers: BTreeMap::new(),
        }
    }

    /// How figures are written in `lang`: as `[numbers]` sets, else the language's default
    /// (Spanish `9.856.800` and `6,3`; English, and any other language,
    /// `9,856,800` and `6.3`).
    pub fn number_style(&self, lang: &str) -> NumberStyle {
        self.numbers
            .get(lang)
            .cloned()
            .unwrap_or_else(|| NumberStyle::default_for(lang))
    }

    /// The default language (the first), used as the fallback.
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("es", String::as_str)
    }

    pub fn pillar(&self, id: &str) -> Option<&Pillar> {
        self.pillars.iter().find(|p| p.id == id)
    }

    pub fn chapters_dir(&self) -> PathBuf {
        self.root.join(&self.paths.chapters)
    }

    fn from_file(root: PathBuf, file: ConfigFile) -> Config {
        Config {
            root,
            file: None,
            valid: true,
            title: file.framework.title,
            short_title: file.framework.short_title,
            edition: file.framework.edition,
            cutoff: file.framework.cutoff,
            languages: file.framework.languages,
            members: file.framework.members,
            source: file.framework.source,
            paths: file.paths,
            currency: file.currency,
            pillars: file.pillars,
            populations: file.populations,
            working_groups: file.working_groups,
            publication: Publication {
                logos: file
                    .publication
                    .logos
                    .into_iter()
                    .map(|logo| Logo {
                        href: logo.href.filter(|h| publication::is_web_address(h)),
                        ..logo
                    })
                    .collect(),
                ..file.publication
            },
            numbers: file
                .numbers
                .into_iter()
                .map(|(lang, style)| (lang, style.into()))
                .collect(),
        }
    }
}

/// The nearest folder at or above `from` that holds `mirps.toml`. `from` may lie below `cwd`
/// (the folder mirps runs in, resolved), reached through a path named on the command line: a
/// folder there counts only if it really lies inside `cwd`, so a link in a named path cannot
/// make a framework elsewhere on the machine the one mirps reads.
pub fn find_root(from: &Path, cwd: &Path) -> Option<PathBuf> {
    from.ancestors()
        .filter(|dir| {
            dir == &cwd
                || !dir.starts_with(cwd)
                || std::fs::canonicalize(dir).is_ok_and(|real| real.starts_with(cwd))
        })
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
}

/// Read the parsed `mirps.toml` (`tree`, from file `id`) into a [`Config`], validating it
/// with `validate` (the config schema). Problems go to `diags`; the defaults fill in what is
/// unusable.
pub fn from_tree(
    root: PathBuf,
    id: FileId,
    tree: Node,
    validate: impl FnOnce(&Node, &mut Vec<Diagnostic>) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Config {
    let mut config = if validate(&tree, diags) {
        match serde_json::from_value::<ConfigFile>(tree.to_json()) {
            Ok(file) => Config::from_file(root, file),
            Err(e) => {
                diags.push(diags::unreadable(
                    (id, tree.head_span()),
                    FILE_NAME,
                    &e.to_string(),
                ));
                Config {
                    valid: false,
                    ..Config::defaults(root)
                }
            }
        }
    } else {
        Config {
            valid: false,
            ..Config::defaults(root)
        }
    };
    check(&config, id, &tree, diags);
    config.file = Some((id, tree));
    // The logo files: each must be inside the framework, a PNG or a safe SVG, at most 1 MiB.
    diags.extend(load_logos(&config).1);
    config
}

/// Rules on `mirps.toml` a schema cannot express: each pillar, population and working group
/// defined once, pillar numbers distinct, two separators for figures.
fn check(config: &Config, file: FileId, tree: &Node, diags: &mut Vec<Diagnostic>) {
    for (list, which) in [
        ("pillars", diags::List::Pillars),
        ("populations", diags::List::Populations),
        ("working_groups", diags::List::WorkingGroups),
    ] {
        let Some(items) = tree.get(list) else {
            continue;
        };
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        let mut numbers: BTreeMap<i64, Span> = BTreeMap::new();
        for item in items.as_seq() {
            if let Some(id) = item.get("id")
                && let Some(text) = id.as_str()
                && let Some(first) = seen.insert(text.to_string(), id.span)
            {
                diags.push(diags::duplicate_term(
                    (file, id.span),
                    (file, first),
                    which,
                    text,
                ));
            }
            if let Some(Node {
                value: Value::Int(n),
                span,
            }) = item.get("number")
                && let Some(first) = numbers.insert(*n, *span)
            {
                diags.push(diags::duplicate_pillar_number(
                    (file, *span),
                    (file, first),
                    *n,
                ));
            }
        }
    }
    if let Some(rates) = tree.pointer("/currency/rates").map(|(n, _)| n)
        && let Some(entry) = rates.entry(&config.currency.base)
    {
        diags.push(diags::rate_of_base_currency(
            (file, entry.key.span),
            &config.currency.base,
        ));
    }
    for key in ["chapters", "templates", "schemas"] {
        let Some((node, _)) = tree.pointer(&format!("/paths/{key}")) else {
            continue;
        };
        let Some(dir) = node.as_str() else { continue };
        let path = config.root.join(dir);
        let lexically_inside =
            crate::guard::normalize(&path).starts_with(crate::guard::normalize(&config.root));
        if !lexically_inside
            || crate::guard::check_folder(&config.root, &path).is_err() && path.exists()
        {
            diags.push(diags::path_outside((file, node.span), key, dir));
        }
    }
    if let Some((numbers, _)) = tree.pointer("/numbers") {
        for entry in numbers.entries() {
            let (Some(thousands), Some(decimal)) =
                (entry.value.get("thousands"), entry.value.get("decimal"))
            else {
                continue;
            };
            let read = |node: &Node| {
                let mut chars = node.as_str()?.chars();
                match (chars.next(), chars.next()) {
                    (Some(' '), None) => Some(numbers::NARROW_NBSP),
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            };
            if let (Some(t), Some(d)) = (read(thousands), read(decimal))
                && t == d
                && numbers::DECIMALS.contains(&d)
            {
                diags.push(diags::same_separators(
                    (file, decimal.span),
                    (file, thousands.span),
                    &entry.key.key_text(),
                    d,
                ));
            }
        }
    }
    if config.languages.is_empty() {
        let span = tree
            .pointer("/framework/languages")
            .map_or(Span::at(0), |(n, _)| n.span);
        diags.push(diags::no_languages((file, span)));
    }
}

/// Parse TOML into the spanned tree, reporting every syntax error the parser recovers from.
pub fn parse_toml(file: FileId, source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    let (table, errors) = toml::de::DeTable::parse_recoverable(&source.text);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().map_or(Span::at(0), |r| Span::new(r.start, r.end));
            diags.push(diags::toml_syntax((file, span), e.message().trim()));
        }
        return None;
    }
    let span = table.span();
    Some(Node::new(
        Span::new(span.start, span.end),
        table_value(table.into_inner(), file, diags),
    ))
}

/// The tree of a TOML table; a text holding a control character is reported on the way.
fn table_value(table: toml::de::DeTable<'_>, file: FileId, diags: &mut Vec<Diagnostic>) -> Value {
    let mut entries: Vec<Entry> = table
        .into_iter()
        .map(|(k, v)| {
            let ks = k.span();
            Entry {
                key: Node::new(
                    Span::new(ks.start, ks.end),
                    Value::Str(k.into_inner().into()),
                ),
                value: toml_node(v, file, diags),
            }
        })
        .collect();
    // Keep the file's order (the parser sorts keys), so "first defined here" is really first.
    entries.sort_by_key(|e| e.key.span.start);
    Value::Map(entries)
}

fn toml_node(
    value: toml::Spanned<toml::de::DeValue<'_>>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Node {
    use toml::de::DeValue;
    let r = value.span();
    let span = Span::new(r.start, r.end);
    let value = match value.into_inner() {
        DeValue::String(s) => {
            if let Some(c) = crate::load::yaml::control_character(&s) {
                diags.push(crate::load::yaml::control_character_found(file, span, c));
            }
            Value::Str(s.into())
        }
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            i64::from_str_radix(digits, i.radix())
                .map_or(Value::Str(i.to_string().into()), Value::Int)
        }
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .map_or(Value::Str(f.to_string().into()), Value::Float),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Str(d.to_string().into()),
        DeValue::Array(items) => Value::Seq(
            items
                .into_iter()
                .map(|item| toml_node(item, file, diags))
                .collect(),
        ),
        DeValue::Table(table) => table_value(table, file, diags),
    };
    Node::new(span, value)
}

fn loc(es: &str, en: &str) -> Localized {
    Localized::Map(Translations::new(vec![
        ("es".to_string(), es.to_string()),
        ("en".to_string(), en.to_string()),
    ]))
}

fn default_languages() -> Vec<String> {
    vec!["es".into(), "en".into()]
}

fn default_members() -> Vec<String> {
    ["BLZ", "CRI", "GTM", "HND", "MEX", "PAN", "SLV"]
        .map(String::from)
        .to_vec()
}

fn default_chapters() -> PathBuf {
    "chapters".into()
}

fn default_output() -> PathBuf {
    "build".into()
}

fn default_base() -> String {
    "USD".into()
}

fn default_pillars() -> Vec<Pillar> {
    [
        (
            "reception-admission",
            "Recepción y admisión",
            "Reception and admission",
        ),
        (
            "immediate-needs",
            "Necesidades inmediatas y persistentes",
            "Immediate and persistent needs",
        ),
        (
            "host-communities",
            "Apoyo a países y comunidades de acogida",
            "Support to host countries and communities",
        ),
        (
            "durable-solutions",
            "Soluciones duraderas",
            "Durable solutions",
        ),
    ]
    .into_iter()
    .zip(1..)
    .map(|((id, es, en), number)| Pillar {
        id: id.into(),
        number,
        title: loc(es, en),
    })
    .collect()
}

fn terms(items: &[(&str, &str, &str)]) -> Vec<Term> {
    items
        .iter()
        .map(|(id, es, en)| Term {
            id: (*id).into(),
            title: loc(es, en),
        })
        .collect()
}

fn default_populations() -> Vec<Term> {
    terms(&[
        ("refugees", "Personas refugiadas", "Refugees"),
        (
            "asylum-seekers",
            "Personas solicitantes de asilo",
            "Asylum seekers",
        ),
        (
            "idps",
            "Personas desplazadas internas",
            "Internally displaced persons",
        ),
        (
            "returnees",
            "Personas retornadas con necesidades de protección",
            "Returnees with protection needs",
        ),
        ("in-transit", "Personas en tránsito", "People in transit"),
        (
            "host-communities",
            "Comunidades de acogida",
            "Host communities",
        ),
    ])
}

fn default_working_groups() -> Vec<Term> {
    terms(&[
        ("protection", "Protección", "Protection"),
        (
            "social-protection",
            "Protección social",
            "Social protection",
        ),
        ("education", "Educación", "Education"),
        ("health", "Salud", "Health"),
        (
            "jobs-livelihoods",
            "Empleo y medios de vida",
            "Jobs and livelihoods",
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn source(text: &str) -> SourceFile {
        SourceFile::new("mirps.toml".into(), "mirps.toml".into(), text.into())
    }

    #[test]
    fn toml_tree_keeps_spans_and_file_order() {
        let text = "[framework]\nshort_title = \"MIRPS\"\ncutoff = 2019-11-30\n[currency]\nrates = { EUR = 1.12 }\n";
        let mut diags = Vec::new();
        let tree = parse_toml(0, &source(text), &mut diags).unwrap();
        assert!(diags.is_empty());
        let (node, key) = tree.pointer("/framework/cutoff").unwrap();
        assert_eq!(node.as_str(), Some("2019-11-30"));
        assert_eq!(&text[key.unwrap().span.range()], "cutoff");
        assert_eq!(&text[node.span.range()], "2019-11-30");
        assert_eq!(tree.to_json()["currency"]["rates"]["EUR"], 1.12);
    }

    #[test]
    fn toml_syntax_errors_have_positions() {
        let mut diags = Vec::new();
        let text = "[framework]\ntitle = \n";
        assert!(parse_toml(0, &source(text), &mut diags).is_none());
        assert_eq!(diags[0].code, Code::TomlSyntax);
        assert!(diags[0].labels[0].span.start > 0);
    }

    /// `text` read as `mirps.toml` (with no schema check), and what was reported.
    fn read(root: &Path, text: &str) -> (Config, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let tree = parse_toml(0, &source(text), &mut diags).unwrap();
        let config = from_tree(root.to_path_buf(), 0, tree, |_, _| true, &mut diags);
        (config, diags)
    }

    const FRAMEWORK: &str =
        "[framework]\ntitle = \"T\"\nshort_title = \"T\"\nedition = \"1\"\ncutoff = 2019-11-30\n";

    #[test]
    fn publication_and_numbers_are_read_from_toml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("logos")).unwrap();
        std::fs::write(dir.path().join("logos/a.svg"), "<svg><rect/></svg>").unwrap();
        let text = format!(
            "{FRAMEWORK}[numbers]\nes = {{ thousands = \" \", decimal = \",\" }}\nde = {{ thousands = \".\", decimal = \",\" }}\n\
             [publication]\nforeword = \"Presentación\"\n\
             executive_summary = {{ es = \"Resumen\", en = \"Summary\" }}\n\
             acronyms = [{{ short = {{ es = \"ACNUR\", en = \"UNHCR\" }}, name = \"x\" }}]\n\
             logos = [{{ file = \"logos/a.svg\", alt = \"A\", href = \"https://example.org\" }}]\n"
        );
        let (config, diags) = read(dir.path(), &text);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(config.valid);
        let publication = &config.publication;
        assert_eq!(
            publication.foreword,
            Some(Localized::Plain("Presentación".into()))
        );
        assert_eq!(
            publication
                .executive_summary
                .as_ref()
                .and_then(|t| t.get("en", "es")),
            Some("Summary")
        );
        assert_eq!(publication.acronyms[0].short.get("en", "es"), Some("UNHCR"));
        assert_eq!(publication.logos[0].file, "logos/a.svg");
        assert_eq!(
            publication.logos[0].href.as_deref(),
            Some("https://example.org")
        );
        // A plain space is kept as the narrow no-break space it stands for.
        assert_eq!(config.numbers["es"].thousands, NARROW_NBSP);
        assert_eq!(config.number_style("de").integer("1234567"), "1.234.567");
        assert_eq!(config.number_style("de").decimal_text("6.3"), "6,3");
        // Not configured: the language's default.
        assert_eq!(config.number_style("en"), NumberStyle::ENGLISH);
        let (logos, problems) = load_logos(&config);
        assert!(problems.is_empty());
        assert_eq!(logos[0].name, "logo-1.svg");
        assert_eq!(logos[0].kind, LogoKind::Svg);
    }

    #[test]
    fn without_publication_or_numbers_the_defaults_apply() {
        let (config, diags) = read(Path::new("."), FRAMEWORK);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(config.publication.foreword.is_none());
        assert!(config.publication.executive_summary.is_none());
        assert!(config.publication.acronyms.is_empty());
        assert!(config.publication.logos.is_empty());
        assert!(config.numbers.is_empty());
        assert_eq!(config.number_style("es"), NumberStyle::SPANISH);
        assert_eq!(config.number_style("en"), NumberStyle::ENGLISH);
        assert_eq!(config.number_style("pt"), NumberStyle::ENGLISH);
        let defaults = Config::defaults(PathBuf::from("."));
        assert_eq!(defaults.number_style("es").integer("9856800"), "9.856.800");
    }

    #[test]
    fn the_same_sign_for_thousands_and_decimals_is_reported_at_the_decimal() {
        let text = format!("{FRAMEWORK}[numbers]\nen = {{ thousands = \".\", decimal = \".\" }}\n");
        let (_, diags) = read(Path::new("."), &text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::InvalidValue);
        let primary = diags[0].primary().unwrap();
        let decimal = text.rfind("\".\"").unwrap();
        assert_eq!(primary.span.range(), decimal..decimal + 3);
        // A space and the narrow no-break space it stands for are one sign, never a decimal.
        let text = format!("{FRAMEWORK}[numbers]\nes = {{ thousands = \" \", decimal = \",\" }}\n");
        assert!(read(Path::new("."), &text).1.is_empty());
    }

    #[test]
    fn a_missing_logo_is_reported_at_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            format!("{FRAMEWORK}[publication]\nlogos = [{{ file = \"gone.png\", alt = \"A\" }}]\n");
        let (_, diags) = read(dir.path(), &text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::LogoUnreadable);
        let at = text.find("\"gone.png\"").unwrap();
        assert_eq!(
            diags[0].primary().unwrap().span.range(),
            at..at + "\"gone.png\"".len()
        );
    }

    /// The schema lets through exactly the separators the reader knows.
    #[test]
    fn the_schema_allows_the_separators_the_reader_accepts() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../schemas/config.schema.json")).unwrap();
        let style = &schema["properties"]["numbers"]["additionalProperties"]["properties"];
        let allowed = |key: &str| -> Vec<char> {
            style[key]["enum"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    let text = v.as_str().unwrap();
                    assert_eq!(text.chars().count(), 1, "{text:?}");
                    text.chars().next().unwrap()
                })
                .collect()
        };
        assert_eq!(allowed("thousands"), THOUSANDS);
        assert_eq!(allowed("decimal"), DECIMALS);
    }

    #[test]
    fn converts_with_rates_in_the_right_direction() {
        let mut currency = Currency::default();
        currency.rates.insert("EUR".into(), Decimal::new(112, 2));
        assert_eq!(
            currency.to_base(Decimal::from(100), "EUR"),
            Some(Decimal::from(112))
        );
        assert_eq!(
            currency.to_base(Decimal::from(100), "USD"),
            Some(Decimal::from(100))
        );
        assert_eq!(currency.to_base(Decimal::from(100), "CAD"), None);
    }
}

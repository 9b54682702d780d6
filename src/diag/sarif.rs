//! SARIF 2.1.0 (OASIS), the format GitHub code scanning and other static-analysis tools read:
//! one rule per diagnostic code, one result per diagnostic, with its places, the replacement
//! the help suggests, and a fingerprint that follows the problem when lines move.
//!
//! Written with plain structs: the format is large, and mirps uses a small part of it.

use std::collections::HashMap;
use std::io;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::emit::{Place, Repository, Settings};
use super::{Code, Diagnostic, Label};
use crate::escape;
use crate::lang::Lang;
use crate::source::{SourceFile, Sources};

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// Columns count Unicode code points, as in every format of mirps.
    column_kind: &'static str,
    results: Results<'a>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<String>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    help: Help,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

/// The results, each made as it is written.
struct Results<'a> {
    diagnostics: &'a [Diagnostic],
    sources: &'a Sources,
    repository: &'a Repository,
    lang: Lang,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Identical problems in one file (the same unknown key twice) are told apart by their
        // order, so each keeps its own fingerprint.
        let mut seen: HashMap<[u8; 16], u32> = HashMap::new();
        serializer.collect_seq(self.diagnostics.iter().map(|d| {
            let mut result = SarifResult::of(d, self.sources, self.repository, self.lang);
            let print = fingerprint(d, self.sources, self.repository);
            let n = seen.entry(print).or_default();
            *n += 1;
            result.partial_fingerprints.mirps = format!("{}:{}", hex(&print), n);
            result
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "mirps/v1")]
    mirps: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    /// A cell of a workbook, which SARIF's regions (lines and bytes of text) cannot name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    /// None in a workbook: its text is the document mirps made of it, not the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

/// A cell: `{"name": "D7", "fullyQualifiedName": "Compromisos!D7", "kind": "element"}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    /// Bytes of the file as written (a byte order mark counts).
    byte_offset: u64,
    byte_length: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: [Replacement; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

/// The base every uri is relative to: the repository root (GitHub code scanning reads it so).
const SRCROOT: &str = "%SRCROOT%";

/// Write a SARIF log of `diagnostics`.
pub fn write(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    settings: &Settings,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let docs = settings.docs_url.as_deref().filter(|url| !url.is_empty());
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "mirps",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: docs.map(str::to_string),
                    rules: Code::ALL
                        .iter()
                        .map(|&code| rule(code, docs, settings.lang))
                        .collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results: Results {
                diagnostics,
                sources,
                repository: &settings.repository,
                lang: settings.lang,
            },
        }],
    };
    super::emit::write_json(&log, out)
}

fn rule(code: Code, docs: Option<&str>, lang: Lang) -> Rule {
    let help_uri = docs.map(|url| format!("{url}#{code}"));
    let (text, markdown) = match &help_uri {
        Some(uri) => (
            crate::t!(
                es: "Vea `{code}` en la documentación de `mirps validate`: {uri}",
                en: "See `{code}` in the documentation of `mirps validate`: {uri}",
                code = code.as_str(),
                uri = uri,
            )
            .render(lang),
            crate::t!(
                es: "Vea [`{code}`]({uri}) en la documentación de `mirps validate`.",
                en: "See [`{code}`]({uri}) in the documentation of `mirps validate`.",
                code = code.as_str(),
                uri = super::summary::url(uri),
            )
            .render(lang),
        ),
        None => {
            let see = crate::t!(
                es: "Vea `{code}` en docs/validate.md de mirps.",
                en: "See `{code}` in docs/validate.md of mirps.",
                code = code.as_str(),
            )
            .render(lang);
            (see.clone(), see)
        }
    };
    let description = code.description(lang);
    Rule {
        id: code.as_str(),
        name: pascal_case(code.as_str()),
        short_description: Text {
            text: sentence_case(code.as_str()),
        },
        full_description: Text {
            text: description.to_string(),
        },
        default_configuration: Configuration {
            level: code.default_severity().as_str(),
        },
        help: Help {
            text: format!("{description}\n\n{text}"),
            markdown: format!("{description}\n\n{markdown}"),
        },
        help_uri,
    }
}

impl SarifResult {
    fn of(d: &Diagnostic, sources: &Sources, repository: &Repository, lang: Lang) -> SarifResult {
        let mut message = super::emit::with_help(d, lang);
        let primary = d.primary_index();
        let primary_label = d.primary();
        // At a cell of a workbook, the message says which: no region can.
        if let Some(label) = primary_label
            && let Place::Cell(cell, _) = Place::of(sources.get(label.file), label.span)
        {
            message = format!("{}: {message}", cell.location());
        }
        let locations = primary_label
            .map(|label| Location {
                id: None,
                physical_location: physical(label, sources, repository),
                logical_locations: logical(label, sources),
                message: text_of(&label.message, lang),
            })
            .into_iter()
            .collect();
        let related_locations = d
            .labels
            .iter()
            .enumerate()
            .filter(|&(at, _)| Some(at) != primary)
            .map(|(_, label)| label)
            .enumerate()
            .map(|(id, label)| Location {
                id: Some(id),
                physical_location: physical(label, sources, repository),
                logical_locations: logical(label, sources),
                message: text_of(&label.message, lang),
            })
            .collect();
        // A replacement needs a region of text: a workbook has none.
        let fixed = primary_label.and_then(|label| {
            let at = physical(label, sources, repository);
            Some((at.artifact_location, at.region?))
        });
        let fixes = match (fixed, &d.fix) {
            (Some((artifact_location, deleted_region)), Some(replacement)) => {
                vec![Fix {
                    description: Text {
                        text: crate::t!(
                            es: "escribir `{replacement}`",
                            en: "write `{replacement}`",
                            replacement = escape::line(replacement).as_ref(),
                        )
                        .render(lang),
                    },
                    artifact_changes: [ArtifactChange {
                        artifact_location,
                        replacements: [Replacement {
                            deleted_region,
                            inserted_content: Content {
                                text: replacement.to_string(),
                            },
                        }],
                    }],
                }]
            }
            _ => Vec::new(),
        };
        SarifResult {
            rule_id: d.code.as_str(),
            rule_index: d.code.index(),
            level: d.severity.as_str(),
            message: Text {
                text: escape::text(&message).into_owned(),
            },
            locations,
            related_locations,
            fixes,
            partial_fingerprints: Fingerprints {
                mirps: String::new(),
            },
        }
    }
}

fn text_of(message: &super::Text, lang: Lang) -> Option<Text> {
    (!message.is_empty()).then(|| Text {
        text: escape::line(&message.render(lang)).into_owned(),
    })
}

fn physical(label: &Label, sources: &Sources, repository: &Repository) -> PhysicalLocation {
    let file = sources.get(label.file);
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri_path(&repository.path(file)),
            uri_base_id: SRCROOT,
        },
        region: file.cells.is_none().then(|| region(file, label)),
    }
}

/// The cell a label is at, in a workbook.
fn logical(label: &Label, sources: &Sources) -> Vec<LogicalLocation> {
    match Place::of(sources.get(label.file), label.span) {
        Place::Cell(cell, _) => vec![LogicalLocation {
            name: cell.reference(),
            fully_qualified_name: cell.location(),
            kind: "element",
        }],
        Place::Text | Place::Workbook => Vec::new(),
    }
}

fn region(file: &SourceFile, label: &Label) -> Region {
    let (start_line, start_column) = file.line_col(label.span.start as usize);
    let (end_line, end_column) = file.line_col(label.span.end as usize);
    let start = file.file_offset(label.span.start);
    let end = file.file_offset(label.span.end).max(start);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        byte_offset: start,
        byte_length: end - start,
    }
}

/// A fingerprint of what the problem is, not where: its code, its file, the text at its labels
/// and their words. Moving lines above it keeps it; changing the text at it makes a new one.
/// In a workbook, whose text is made by mirps, a label counts by its sheet and cell instead.
fn fingerprint(d: &Diagnostic, sources: &Sources, repository: &Repository) -> [u8; 16] {
    let mut hash = Sha256::new();
    hash.update(d.code.as_str());
    for label in &d.labels {
        let file = sources.get(label.file);
        hash.update([0]);
        hash.update(repository.path(file).as_bytes());
        hash.update([0]);
        match Place::of(file, label.span) {
            Place::Text => {
                let range = label.span.range();
                let at = file.text.get(range).unwrap_or_default();
                // Bounded: a label over a whole document needs no more to be told apart.
                hash.update(&at.as_bytes()[..at.len().min(256)]);
            }
            Place::Cell(cell, _) => {
                // Told apart from any text by the byte no text holds.
                hash.update([0xff]);
                hash.update(cell.sheet.as_bytes());
                hash.update([0]);
                hash.update(cell.reference().as_bytes());
            }
            Place::Workbook => hash.update([0xff]),
        }
        hash.update([0]);
        // In one language whatever the reader's, so that a fingerprint stays the same for all.
        hash.update(label.message.render(Lang::En).as_bytes());
    }
    let digest = hash.finalize();
    let mut print = [0; 16];
    print.copy_from_slice(&digest[..16]);
    print
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `unknown-key` → `UnknownKey`.
fn pascal_case(code: &str) -> String {
    code.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// `unknown-key` → `Unknown key`, `yaml-syntax` → `YAML syntax`.
fn sentence_case(code: &str) -> String {
    let words: Vec<&str> = code
        .split('-')
        .map(|word| match word {
            "utf8" => "UTF-8",
            "yaml" => "YAML",
            "toml" => "TOML",
            word => word,
        })
        .collect();
    let words = words.join(" ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// Every byte but the unreserved ones (RFC 3986) and `/`.
const PATH_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A relative path as a URI reference: spaces, accents, `#`, `?` and `%` percent-encoded.
pub(super) fn uri_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_ESCAPED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::emit::{workbook_sample, workbook_with};

    fn sarif(diagnostics: &[Diagnostic], sources: &Sources) -> serde_json::Value {
        let mut out = Vec::new();
        write(diagnostics, sources, &Settings::default(), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn a_problem_in_a_workbook_is_at_its_cell_with_no_region_and_no_fix() {
        let (d, s) = workbook_sample();
        let log = sarif(&d, &s);
        let result = &log["runs"][0]["results"][0];
        assert_eq!(
            result["locations"],
            serde_json::json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": "gtm.xlsx", "uriBaseId": "%SRCROOT%" }
                },
                "logicalLocations": [{
                    "name": "D7",
                    "fullyQualifiedName": "Compromisos!D7",
                    "kind": "element"
                }],
                "message": { "text": "not a pillar" }
            }])
        );
        assert!(
            result["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("Compromisos!D7: `pillar` must be a pillar"),
            "{result}"
        );
        // A replacement needs a region of the file: a cell has none.
        assert_eq!(result.get("fixes"), None, "{result}");
        let schema = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/specs/sarif-schema-2.1.0.json"),
        )
        .unwrap();
        let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        // The schema is applied down to the logical locations.
        let mut bad = log.clone();
        bad["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0]["name"] = 7.into();
        assert!(!validator.is_valid(&bad));
    }

    /// The fingerprint of a problem at a cell is made of the cell, not of the text mirps made
    /// of the workbook (a text whose offsets and values change with the import, not with the
    /// drafter's problem): it stays when that text changes, and changes with the cell.
    #[test]
    fn fingerprints_in_a_workbook_follow_the_cell_not_the_text() {
        use crate::source::Span;
        let print = |d: &[Diagnostic], s: &Sources| {
            sarif(d, s)["runs"][0]["results"][0]["partialFingerprints"]["mirps/v1"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (d, s) = workbook_sample();
        let first = print(&d, &s);
        // The same cells under another text: moved down a line, the value written otherwise.
        let shifted = |prefix: &str, text: String| {
            let old = s.get(0);
            let mut cells = old.cells.as_deref().unwrap().clone();
            let by = prefix.len();
            for (span, _) in &mut cells.ranges {
                *span = Span::new(span.start as usize + by, span.end as usize + by);
            }
            let mut file = SourceFile::new(
                old.name.clone(),
                old.path.clone(),
                format!("{prefix}{text}"),
            );
            file.cells = Some(std::sync::Arc::new(cells));
            let mut sources = Sources::default();
            sources.add(file);
            let mut d = d.clone();
            let span = d[0].labels[0].span;
            d[0].labels[0].span = Span::new(span.start as usize + by, span.end as usize + by);
            (d, sources)
        };
        let (moved, s2) = shifted("# importado\n", s.get(0).text.clone());
        assert_eq!(print(&moved, &s2), first);
        let (rewritten, s3) = shifted("", s.get(0).text.replace("recepcion", "RECEPCION"));
        assert_eq!(print(&rewritten, &s3), first);
        // Another cell of the row (A7, the item's range), another sheet: another problem.
        let mut at_a7 = d.clone();
        let item = s.get(0).text.find("id: GTM").unwrap();
        at_a7[0].labels[0].span = Span::new(item, item + 2);
        assert_ne!(print(&at_a7, &s), first);
        let (d4, s4) = workbook_with("Otra", &[("Id", "GTM-1.1")]);
        assert_ne!(print(&d4, &s4), first);
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri_path("Capítulos/Migración/gtm 2.yaml"),
            "Cap%C3%ADtulos/Migraci%C3%B3n/gtm%202.yaml"
        );
        assert_eq!(uri_path("a#b?c%d.yaml"), "a%23b%3Fc%25d.yaml");
    }

    #[test]
    fn rule_names_are_made_from_codes() {
        assert_eq!(pascal_case("unknown-key"), "UnknownKey");
        assert_eq!(sentence_case("invalid-utf8"), "Invalid UTF-8");
        assert_eq!(sentence_case("yaml-syntax"), "YAML syntax");
        assert_eq!(sentence_case("not-a-member"), "Not a member");
    }
}

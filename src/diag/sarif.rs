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

use super::emit::{Repository, Settings};
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
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
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
        let message = super::emit::with_help(d, lang);
        let primary = d.primary_index();
        let primary_label = d.primary();
        let locations = primary_label
            .map(|label| Location {
                id: None,
                physical_location: physical(label, sources, repository),
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
                message: text_of(&label.message, lang),
            })
            .collect();
        let fixes = match (primary_label, &d.fix) {
            (Some(label), Some(replacement)) => {
                let at = physical(label, sources, repository);
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
                        artifact_location: at.artifact_location,
                        replacements: [Replacement {
                            deleted_region: at.region,
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
        region: region(file, label),
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
fn fingerprint(d: &Diagnostic, sources: &Sources, repository: &Repository) -> [u8; 16] {
    let mut hash = Sha256::new();
    hash.update(d.code.as_str());
    for label in &d.labels {
        let file = sources.get(label.file);
        hash.update([0]);
        hash.update(repository.path(file).as_bytes());
        hash.update([0]);
        let range = label.span.range();
        let at = file.text.get(range).unwrap_or_default();
        // Bounded: a label over a whole document needs no more to be told apart.
        hash.update(&at.as_bytes()[..at.len().min(256)]);
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

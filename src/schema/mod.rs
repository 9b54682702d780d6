//! The JSON Schemas (draft 2020-12): embedded, overridable from a framework's own `schemas/`
//! folder, and turned into positioned diagnostics.
//!
//! Every schema error lands on the node it concerns: a wrong value at the value, an unknown key
//! at the key, a missing key at the mapping that lacks it (its key in the parent when it has
//! one). Messages are written from the schema's own titles, enums and examples.

use std::collections::HashMap;

use anyhow::{Context, Result};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::Value as Json;

use crate::diag::{Code, Diagnostic, closest, one_of};
use crate::guard::Overrides;
use crate::load::tree::Node;
use crate::model::Kind;
use crate::source::{FileId, Span};
use instance::Tree;

mod instance;

/// The schema files, as shipped.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "common.schema.json",
        include_str!("../../schemas/common.schema.json"),
    ),
    (
        "config.schema.json",
        include_str!("../../schemas/config.schema.json"),
    ),
    (
        "national-chapter.schema.json",
        include_str!("../../schemas/national-chapter.schema.json"),
    ),
    (
        "regional-plan.schema.json",
        include_str!("../../schemas/regional-plan.schema.json"),
    ),
    (
        "cooperation.schema.json",
        include_str!("../../schemas/cooperation.schema.json"),
    ),
];

const BASE: &str = "file:///mirps/schemas/";

const MAPPING_WORDS: &str = "a mapping (`key: value` lines)";

/// The config schema's file name.
pub const CONFIG: &str = "config.schema.json";

/// Compiled validators for every document kind and for `mirps.toml`.
pub struct Schemas {
    documents: HashMap<&'static str, Json>,
    /// Read the spanned tree in place: the yes/no check every document goes through.
    tree_validators: HashMap<&'static str, Validator<Tree>>,
    /// Read the tree's JSON value: collect the errors of an invalid document, in the order
    /// `serde_json`'s sorted keys give them.
    validators: HashMap<&'static str, Validator>,
}

/// Compile `schema`, known as `uri`, for instances in the JSON representation `F`.
fn compile<F: jsonschema::json::Json>(
    uri: &str,
    schema: &Json,
    registry: &Registry<'_>,
) -> Result<Validator<F>, ValidationError<'static>> {
    jsonschema::options_for::<F>()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_base_uri(uri)
        .with_registry(registry)
        .build(schema)
}

impl Schemas {
    /// The embedded schemas, each replaced by the same-named file in `overrides` if present.
    pub fn load(overrides: Option<&Overrides>) -> Result<Schemas> {
        let mut documents = HashMap::new();
        for (name, text) in EMBEDDED {
            let text = match overrides {
                Some(dir) => dir.read(name)?.unwrap_or_else(|| (*text).to_string()),
                None => (*text).to_string(),
            };
            let json: Json = serde_json::from_str(&text)
                .with_context(|| format!("schema {name} is not valid JSON"))?;
            documents.insert(*name, json);
        }
        let mut registry = Registry::new();
        for (name, json) in &documents {
            registry = registry
                .add(format!("{BASE}{name}"), json.clone())
                .with_context(|| format!("schema {name} cannot be registered"))?;
        }
        let registry = registry
            .prepare()
            .context("the schemas refer to each other wrongly")?;
        let mut validators = HashMap::new();
        let mut tree_validators = HashMap::new();
        for (name, json) in &documents {
            if *name == "common.schema.json" {
                continue;
            }
            let invalid = |e: ValidationError<'_>| anyhow::anyhow!("schema {name} is invalid: {e}");
            let uri = format!("{BASE}{name}");
            validators.insert(*name, compile(&uri, json, &registry).map_err(invalid)?);
            tree_validators.insert(*name, compile(&uri, json, &registry).map_err(invalid)?);
        }
        Ok(Schemas {
            documents,
            tree_validators,
            validators,
        })
    }

    /// The schema file for a document kind.
    pub fn for_kind(kind: Kind) -> &'static str {
        kind.schema_file()
    }

    /// Validate `tree` against schema `name`; push one diagnostic per problem. True when valid.
    pub fn validate(
        &self,
        name: &str,
        file: FileId,
        tree: &Node,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        // Most documents are valid: the yes/no check on the tree itself is much cheaper than
        // converting it to JSON and collecting errors.
        if self.is_valid(name, tree) {
            return true;
        }
        let Some(validator) = self.validators.get(name) else {
            return true;
        };
        let json = tree.to_json();
        let before = diags.len();
        let mut any = false;
        for error in validator.iter_errors(&json) {
            any = true;
            self.report(&error, file, tree, diags);
        }
        if name == CONFIG {
            // mirps.toml is TOML: speak of tables, not YAML mappings.
            for d in &mut diags[before..] {
                let table = |text: &str| {
                    text.replace(MAPPING_WORDS, "a table (`[section]` or `{ key = value }`)")
                };
                if let crate::diag::Text::Verbatim(m) = &mut d.message {
                    *m = table(m).into();
                }
                for label in &mut d.labels {
                    if let crate::diag::Text::Verbatim(m) = &mut label.message {
                        *m = table(m).into();
                    }
                }
            }
        }
        if any && diags.len() == before {
            // Every error must surface; a kind this module does not describe still does.
            diags.push(
                Diagnostic::new(Code::InvalidValue, "the document does not match its schema").at(
                    file,
                    tree.head_span(),
                    "here",
                ),
            );
        }
        !any
    }

    /// Whether `tree` matches schema `name` (true for a name with no schema).
    pub fn is_valid(&self, name: &str, tree: &Node) -> bool {
        self.tree_validators
            .get(name)
            .is_none_or(|validator| validator.is_valid(tree))
    }

    /// Whether a JSON value matches schema `name`, as the error reports see it.
    #[cfg(test)]
    fn is_valid_json(&self, name: &str, json: &Json) -> bool {
        self.validators
            .get(name)
            .is_none_or(|validator| validator.is_valid(json))
    }

    fn report(
        &self,
        error: &ValidationError<'_>,
        file: FileId,
        tree: &Node,
        diags: &mut Vec<Diagnostic>,
    ) {
        let pointer = error.instance_path().as_str().to_string();
        let (node, key) = tree.pointer(&pointer).unwrap_or((tree, None));
        let name = field_name(&pointer);
        let schema = self.keyword_parent(error);
        let value_span = node.span;
        match error.kind() {
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                let span = key.map_or_else(|| node.head_span(), |k| k.span);
                let where_ = if pointer.is_empty() {
                    "the document".to_string()
                } else {
                    name.clone()
                };
                let mut d = Diagnostic::new(
                    Code::MissingKey,
                    format!("{where_} is missing the required key `{property}`"),
                )
                .at(file, span, format!("`{property}` is missing here"));
                if let Some(about) = schema.and_then(|s| property_help(s, property)) {
                    d = d.help(about);
                }
                diags.push(d);
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed: Vec<&str> = schema
                    .and_then(|s| s.get("properties"))
                    .and_then(Json::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                // Found by hash when there are many: 200,000 unknown keys must not take
                // 200,000² comparisons.
                let keys: Option<HashMap<std::borrow::Cow<'_, str>, Span, _>> =
                    (unexpected.len() > 16).then(|| {
                        let mut keys = HashMap::with_capacity_and_hasher(
                            node.entries().len(),
                            foldhash::fast::RandomState::default(),
                        );
                        for e in node.entries() {
                            keys.entry(e.key.key_text()).or_insert(e.key.span);
                        }
                        keys
                    });
                let all_allowed = std::sync::Arc::new(crate::diag::Text::verbatim(format!(
                    "the keys allowed here are {}",
                    one_of(&allowed)
                )));
                diags.reserve(unexpected.len());
                for extra in unexpected {
                    let found = match &keys {
                        Some(keys) => keys.get(extra.as_str()).copied(),
                        None => node.entry(extra).map(|e| e.key.span),
                    };
                    let span = found.unwrap_or_else(|| node.head_span());
                    let mut d = Diagnostic::new(
                        Code::UnknownKey,
                        format!(
                            "unknown key `{extra}` in {}",
                            describe_owner(&pointer, &name)
                        ),
                    )
                    .at(file, span, "not part of the format");
                    d = match closest(extra, allowed.iter().copied()) {
                        Some(candidate) => d.did_you_mean(candidate),
                        None if !allowed.is_empty() => d.help(all_allowed.clone()),
                        None => d,
                    };
                    diags.push(d);
                }
            }
            ValidationErrorKind::Type { kind } => {
                let expected = type_words(&format!("{kind:?}"));
                diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!(
                            "{name} must be {expected}; found {}",
                            json_words(error.instance())
                        ),
                    )
                    .at(file, value_span, format!("expected {expected}")),
                );
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(scalar_text).collect())
                    .unwrap_or_default();
                let found = scalar_text(error.instance());
                let mut d = Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "{name} must be one of {}; found `{found}`",
                        one_of(&options)
                    ),
                )
                .at(file, value_span, "not an allowed value");
                if let Some(candidate) = closest(&found, options.iter().map(String::as_str)) {
                    d = d.did_you_mean(candidate);
                }
                diags.push(d);
            }
            ValidationErrorKind::Constant { expected_value } => {
                diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!(
                            "{name} must be `{}`; found `{}`",
                            scalar_text(expected_value),
                            scalar_text(error.instance())
                        ),
                    )
                    .at(file, value_span, "unexpected value"),
                );
            }
            ValidationErrorKind::Format { format } => {
                let (words, example) = match format.as_str() {
                    "date" => ("a date written YYYY-MM-DD", "2019-11-15"),
                    "email" => ("an email address", "mirps@example.org"),
                    "uri" => ("a web address", "https://example.org"),
                    _ => ("in the expected format", ""),
                };
                let mut d = Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "{name} must be {words}; found `{}`",
                        scalar_text(error.instance())
                    ),
                )
                .at(file, value_span, "wrong form");
                if !example.is_empty() {
                    d = d.help(format!("for example `{example}`"));
                }
                diags.push(d);
            }
            ValidationErrorKind::Pattern { .. } => {
                let found = scalar_text(error.instance());
                let examples = self.examples_at(error);
                let mut d = Diagnostic::new(
                    Code::InvalidValue,
                    format!("{name} `{found}` does not have the expected form"),
                )
                .at(file, value_span, "wrong form");
                if !examples.is_empty() {
                    d = d.help(format!("write it like {}", one_of(&examples)));
                }
                diags.push(d);
            }
            ValidationErrorKind::Minimum { limit } => {
                diags.push(range(name, "at least", limit, error, file, value_span))
            }
            ValidationErrorKind::Maximum { limit } => {
                diags.push(range(name, "at most", limit, error, file, value_span))
            }
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                diags.push(range(name, "more than", limit, error, file, value_span));
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                diags.push(range(name, "less than", limit, error, file, value_span));
            }
            ValidationErrorKind::MinItems { limit } => diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "{name} needs at least {limit} item{}",
                        if *limit == 1 { "" } else { "s" }
                    ),
                )
                .at(file, value_span, "too few items"),
            ),
            ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MinProperties { .. } => {
                diags.push(
                    Diagnostic::new(Code::InvalidValue, format!("{name} must not be empty"))
                        .at(file, value_span, "empty"),
                )
            }
            ValidationErrorKind::UniqueItems => diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("{name} lists the same value twice"),
                )
                .at(file, value_span, "repeated value in this list"),
            ),
            ValidationErrorKind::PropertyNames { error: inner } => {
                let bad = scalar_text(inner.instance());
                let span = node.entry(&bad).map_or(value_span, |e| e.key.span);
                diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`{bad}` in {name} is not a two-letter language code"),
                    )
                    .at(file, span, "expected a code such as `es` or `en`")
                    .help("translations are keyed by language: `{ es: …, en: … }`"),
                );
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.report_alternatives(error, context, file, tree, &name, value_span, diags);
            }
            _ => diags.push(
                Diagnostic::new(Code::InvalidValue, format!("{name}: {error}"))
                    .at(file, value_span, "here"),
            ),
        }
    }

    /// For `anyOf`/`oneOf` (text or translations; an id or `{id, amount}`): report the errors of
    /// the alternative whose type matches the value, or say which types are accepted.
    #[allow(clippy::too_many_arguments)]
    fn report_alternatives(
        &self,
        error: &ValidationError<'_>,
        context: &[Vec<ValidationError<'static>>],
        file: FileId,
        tree: &Node,
        name: &str,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) {
        let own_path = error.instance_path().as_str();
        let type_mismatch = |branch: &Vec<ValidationError<'static>>| {
            branch.iter().any(|e| {
                e.instance_path().as_str() == own_path
                    && matches!(e.kind(), ValidationErrorKind::Type { .. })
            })
        };
        let matching: Vec<&Vec<ValidationError<'static>>> =
            context.iter().filter(|b| !type_mismatch(b)).collect();
        if let [branch] = matching.as_slice() {
            for e in branch.iter() {
                self.report(e, file, tree, diags);
            }
            return;
        }
        let mut expected: Vec<String> = Vec::new();
        for branch in context {
            for e in branch {
                if let ValidationErrorKind::Type { kind } = e.kind()
                    && e.instance_path().as_str() == own_path
                {
                    let words = type_words(&format!("{kind:?}"));
                    if !expected.contains(&words) {
                        expected.push(words);
                    }
                }
            }
        }
        let expected = if expected.is_empty() {
            "one of the accepted forms".to_string()
        } else {
            expected.join(" or ")
        };
        let mut d = Diagnostic::new(
            Code::WrongType,
            format!(
                "{name} must be {expected}; found {}",
                json_words(error.instance())
            ),
        )
        .at(file, span, format!("expected {expected}"));
        let examples = self.examples_at(error);
        if !examples.is_empty() {
            d = d.help(format!("for example {}", one_of(&examples)));
        }
        diags.push(d);
    }

    /// The schema object holding the keyword that failed (e.g. the object with `required`).
    fn keyword_parent(&self, error: &ValidationError<'_>) -> Option<&Json> {
        let location = error.absolute_keyword_location()?.as_str().to_string();
        let (uri, fragment) = location.split_once('#').unwrap_or((&location, ""));
        let file = uri.rsplit('/').next()?;
        let doc = self.documents.get(file)?;
        let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
        doc.pointer(parent)
    }

    /// The `examples` of the subschema that failed, as short strings.
    fn examples_at(&self, error: &ValidationError<'_>) -> Vec<String> {
        self.keyword_parent(error)
            .and_then(|s| s.get("examples"))
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter(|v| !v.is_object())
                    .take(3)
                    .map(scalar_text)
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn range(
    name: String,
    relation: &str,
    limit: &Json,
    error: &ValidationError<'_>,
    file: FileId,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        format!(
            "{name} must be {relation} {limit}; found {}",
            scalar_text(error.instance())
        ),
    )
    .at(file, span, "out of range")
}

/// "`title` of `lead`: what it is", from the schema's `properties`.
fn property_help(schema: &Json, property: &str) -> Option<String> {
    let prop = schema.get("properties")?.get(property)?;
    let title = prop.get("title").and_then(Json::as_str);
    let example = prop
        .get("examples")
        .and_then(Json::as_array)
        .and_then(|a| a.iter().find(|v| !v.is_object() && !v.is_array()))
        .map(scalar_text);
    let title = title.filter(|t| !t.eq_ignore_ascii_case(property));
    match (title, example) {
        (Some(t), Some(e)) => Some(format!("add `{property}: {e}` ({t})")),
        (Some(t), None) => Some(format!("add `{property}:` ({t})")),
        (None, Some(e)) => Some(format!("add `{property}: {e}`")),
        (None, None) => None,
    }
}

/// "`pillar`", "this commitment" or "each item of `populations`" for a JSON Pointer.
fn field_name(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => "the document".into(),
        [.., parent, last] if last.parse::<usize>().is_ok() && parent.parse::<usize>().is_err() => {
            match item_name(parent) {
                Some(item) => format!("this {item}"),
                None => format!("each item of `{parent}`"),
            }
        }
        [.., last] if last.parse::<usize>().is_ok() => "this item".into(),
        [.., last] => format!("`{}`", last.replace("~1", "/").replace("~0", "~")),
    }
}

/// The singular of the format's lists of mappings.
fn item_name(list: &str) -> Option<&'static str> {
    Some(match list {
        "commitments" => "commitment",
        "programmes" => "programme",
        "pledges" => "pledge",
        "institutions" => "institution",
        "indicators" => "indicator",
        "progress" => "progress entry",
        "sections" => "section",
        "supports" => "supported item",
        _ => return None,
    })
}

fn describe_owner(pointer: &str, name: &str) -> String {
    if pointer.is_empty() {
        "the document".into()
    } else {
        name.to_string()
    }
}

fn type_words(debug: &str) -> String {
    let words: Vec<&str> = [
        "Object", "Array", "String", "Integer", "Number", "Boolean", "Null",
    ]
    .iter()
    .filter(|t| debug.contains(*t))
    .map(|t| match *t {
        "Object" => "a mapping (`key: value` lines)",
        "Array" => "a list",
        "String" => "text",
        "Integer" => "a whole number",
        "Number" => "a number",
        "Boolean" => "`true` or `false`",
        _ => "empty",
    })
    .collect();
    if words.is_empty() {
        "another type".into()
    } else {
        words.join(" or ")
    }
}

fn json_words(value: &Json) -> String {
    match value {
        Json::Null => "nothing".into(),
        Json::Bool(b) => format!("`{b}`"),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) if s.chars().count() > 40 => "text".into(),
        Json::String(s) => format!("the text `{s}`"),
        Json::Array(_) => "a list".into(),
        Json::Object(_) => "a mapping".into(),
    }
}

fn scalar_text(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether `candidate` is close to any of `options` (used by callers suggesting values).
pub fn suggest<'a>(found: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(found, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_read_naturally() {
        assert_eq!(field_name(""), "the document");
        assert_eq!(field_name("/commitments/0/pillar"), "`pillar`");
        assert_eq!(
            field_name("/commitments/0/populations/1"),
            "each item of `populations`"
        );
        assert_eq!(field_name("/commitments/0"), "this commitment");
        assert_eq!(
            field_name("/commitments/0/partners/2"),
            "each item of `partners`"
        );
    }

    #[test]
    fn embedded_schemas_compile() {
        let schemas = Schemas::load(None).unwrap();
        assert_eq!(schemas.validators.len(), 4);
    }
}

//! The JSON Schemas (draft 2020-12): embedded, overridable from a framework's own `schemas/`
//! folder, and turned into positioned diagnostics.
//!
//! Every schema error lands on the node it concerns: a wrong value at the value, an unknown key
//! at the key, a missing key at the mapping that lacks it (its key in the parent when it has
//! one). Messages are written from the schema's own titles, enums and examples, in the words
//! of [`diags`]; what drafters write instead of the format's words is read with [`words`], and
//! the YAML traps a schema cannot see (`450.000`, ` #` in a text) are found in the source text.

use std::collections::HashMap;

use anyhow::{Context, Result};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::Value as Json;

use crate::config::Config;
use crate::diag::{Diagnostic, Text, closest};
use crate::guard::Overrides;
use crate::load::tree::Node;
use crate::model::Kind;
use crate::source::{FileId, SourceFile, Span};
use diags::{Limit, Syntax, Type};
use instance::Tree;
pub use words::{Vocabulary, vocabulary_suggestion};

pub mod diags;
mod instance;
mod traps;
pub mod words;

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

/// The annotations of a schema node, which validation does not read.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "markdownDescription",
    "x-mirps-title",
    "x-mirps-description",
    "examples",
    "$comment",
];

/// `schema` without its annotations, at every level. Names under `properties` and `$defs` are
/// names, not keywords (a property may be called `title`); `enum`, `const` and `default` hold
/// data and are kept whole.
fn without_annotations(schema: &Json) -> Json {
    match schema {
        Json::Object(node) => Json::Object(
            node.iter()
                .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()))
                .map(|(key, value)| {
                    let value = match key.as_str() {
                        "properties" | "$defs" | "definitions" | "patternProperties"
                        | "dependentSchemas" => match value {
                            Json::Object(named) => Json::Object(
                                named
                                    .iter()
                                    .map(|(name, s)| (name.clone(), without_annotations(s)))
                                    .collect(),
                            ),
                            other => other.clone(),
                        },
                        "enum" | "const" | "default" => value.clone(),
                        _ => without_annotations(value),
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(without_annotations).collect()),
        other => other.clone(),
    }
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
            let json: Json = serde_json::from_str(&text).with_context(|| {
                crate::t!(
                    es: "el esquema {name} no es JSON válido",
                    en: "schema {name} is not valid JSON",
                    name = *name,
                )
            })?;
            documents.insert(*name, json);
        }
        // The validators need no titles, descriptions or examples (in two languages they are
        // most of each schema): they compile a copy without them, and the reports read the
        // originals. Removing keys keeps every other key's place, so schema paths still match.
        let lean: HashMap<&'static str, Json> = documents
            .iter()
            .map(|(name, json)| (*name, without_annotations(json)))
            .collect();
        let mut registry = Registry::new();
        for (name, json) in &lean {
            registry = registry
                .add(format!("{BASE}{name}"), json.clone())
                .with_context(|| {
                    crate::t!(
                        es: "no se puede registrar el esquema {name}",
                        en: "schema {name} cannot be registered",
                        name = *name,
                    )
                })?;
        }
        let registry = registry.prepare().context(crate::t!(
            es: "los esquemas se refieren unos a otros de forma incorrecta",
            en: "the schemas refer to each other wrongly",
        ))?;
        let mut validators = HashMap::new();
        let mut tree_validators = HashMap::new();
        for (name, json) in &lean {
            if *name == "common.schema.json" {
                continue;
            }
            let invalid = |e: ValidationError<'_>| {
                anyhow::Error::msg(crate::t!(
                    es: "el esquema {name} no es válido: {error}",
                    en: "schema {name} is invalid: {error}",
                    name = *name,
                    error = Text::verbatim(e.to_string()),
                ))
            };
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
    /// `mirps.toml` (schema [`CONFIG`]) is spoken of in TOML's words (tables).
    pub fn validate(
        &self,
        name: &str,
        file: FileId,
        tree: &Node,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let doc = Doc {
            schema: name,
            file,
            tree,
            syntax: if name == CONFIG {
                Syntax::Toml
            } else {
                Syntax::Yaml
            },
            config: None,
        };
        self.check(&doc, diags)
    }

    /// Validate a YAML document of `kind` against its schema, and look for the traps YAML sets
    /// drafters that a schema cannot see (`450.000` read as 450, a text cut at ` #`): one
    /// diagnostic per problem. A trap stands for the diagnostics it explains (a flow mapping
    /// split at `US$ 450,000` makes an unknown key `0`): those of the schema are left out.
    /// Vocabulary values are suggested from `config`. True when the document
    /// matches its schema (a trap does not stop it from being read).
    pub fn validate_document(
        &self,
        kind: Kind,
        file: FileId,
        source: &SourceFile,
        config: &Config,
        tree: &Node,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let doc = Doc {
            schema: kind.schema_file(),
            file,
            tree,
            syntax: Syntax::Yaml,
            config: Some(config),
        };
        let before = diags.len();
        let valid = self.check(&doc, diags);
        let traps = traps::scan(self, &doc, source, valid);
        if !traps.is_empty() {
            let mut at = 0;
            diags.retain(|d| {
                at += 1;
                at <= before
                    || !d.primary().is_some_and(|l| {
                        traps
                            .iter()
                            .any(|t| t.cover.start <= l.span.start && l.span.end <= t.cover.end)
                    })
            });
            diags.extend(traps.into_iter().map(|t| t.diag));
        }
        valid
    }

    fn check(&self, doc: &Doc<'_>, diags: &mut Vec<Diagnostic>) -> bool {
        // Most documents are valid: the yes/no check on the tree itself is much cheaper than
        // converting it to JSON and collecting errors.
        if self.is_valid(doc.schema, doc.tree) {
            return true;
        }
        let Some(validator) = self.validators.get(doc.schema) else {
            return true;
        };
        let json = doc.tree.to_json();
        let before = diags.len();
        let mut any = false;
        for error in validator.iter_errors(&json) {
            any = true;
            self.report(&error, doc, diags);
        }
        if any && diags.len() == before {
            // Every error must surface; a kind this module does not describe still does.
            diags.push(diags::document_mismatch(doc.file, doc.tree.head_span()));
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

    fn report(&self, error: &ValidationError<'_>, doc: &Doc<'_>, diags: &mut Vec<Diagnostic>) {
        let file = doc.file;
        let pointer = error.instance_path().as_str().to_string();
        let (node, key) = doc.tree.pointer(&pointer).unwrap_or((doc.tree, None));
        let name = diags::field(&pointer);
        let schema = self.keyword_parent(error);
        let value_span = node.span;
        match error.kind() {
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                // A key misspelt (`titulo`) is one mistake: its unknown key says which key it
                // stands for, and the missing one is not reported again.
                if schema.is_some_and(|(_, s)| misspelt_here(s, node, property)) {
                    return;
                }
                let span = key.map_or_else(|| node.head_span(), |k| k.span);
                let help = schema.and_then(|(f, s)| self.property_help(f, s, property));
                diags.push(diags::missing_key(file, span, name, property, help));
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed: Vec<&str> = schema
                    .and_then(|(_, s)| s.get("properties"))
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
                let all_allowed = diags::allowed_keys(&allowed);
                let names = words::Keys::new(&allowed, unexpected.len() <= MANY_UNKNOWN_KEYS);
                diags.reserve(unexpected.len());
                for extra in unexpected {
                    let found = match &keys {
                        Some(keys) => keys.get(extra.as_str()).copied(),
                        None => node.entry(extra).map(|e| e.key.span),
                    };
                    let span = found.unwrap_or_else(|| node.head_span());
                    let d = diags::unknown_key(file, span, name.clone(), extra);
                    let d = match names.suggest(extra) {
                        Some(candidate) => d.did_you_mean(candidate),
                        None if !allowed.is_empty() => d.help(all_allowed.clone()),
                        None => d,
                    };
                    diags.push(d);
                }
            }
            ValidationErrorKind::Type { kind } => {
                let expected = type_list(&format!("{kind:?}"));
                let mut d = diags::wrong_type(
                    file,
                    value_span,
                    name,
                    diags::types(&expected, doc.syntax),
                    diags::value(error.instance(), doc.syntax),
                );
                // `pillar: 4`: the pillar of that number.
                if expected.contains(&Type::Text)
                    && let Some(config) = doc.config
                    && let Some(vocabulary) = Vocabulary::of_pointer(&pointer)
                    && let Some(id) =
                        vocabulary_suggestion(config, vocabulary, &scalar_text(error.instance()))
                {
                    d = d.did_you_mean(id);
                }
                diags.push(d);
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(scalar_text).collect())
                    .unwrap_or_default();
                let found = scalar_text(error.instance());
                let mut d = diags::not_in_list(file, value_span, name, &options, &found);
                if let Some(candidate) = words::enum_suggestion(&options, &found) {
                    d = d.did_you_mean(candidate);
                }
                diags.push(d);
            }
            ValidationErrorKind::Constant { expected_value } => {
                diags.push(diags::not_the_constant(
                    file,
                    value_span,
                    name,
                    &scalar_text(expected_value),
                    &scalar_text(error.instance()),
                ));
            }
            ValidationErrorKind::Format { format } => {
                let found = scalar_text(error.instance());
                let d = match format.as_str() {
                    "date" => {
                        let year_too = self.expected_at(doc.schema, &pointer).whole_number;
                        diags::date_format(
                            file,
                            value_span,
                            name,
                            &found,
                            words::written_date(&found),
                            year_too,
                        )
                    }
                    "email" => {
                        diags::wrong_format(file, value_span, name, diags::Format::Email, &found)
                    }
                    "uri" => {
                        diags::wrong_format(file, value_span, name, diags::Format::Uri, &found)
                    }
                    _ => diags::wrong_format(file, value_span, name, diags::Format::Other, &found),
                };
                diags.push(d);
            }
            ValidationErrorKind::Pattern { .. } => {
                let found = scalar_text(error.instance());
                // A pillar, population or working group: named from that vocabulary alone.
                if let Some(config) = doc.config
                    && let Some(vocabulary) = Vocabulary::of_pointer(&pointer)
                {
                    diags.push(diags::unknown_vocabulary(
                        file,
                        value_span,
                        vocabulary,
                        &found,
                        &vocabulary.ids(config),
                        vocabulary_suggestion(config, vocabulary, &found),
                    ));
                    return;
                }
                let examples = self.examples_at(error);
                diags.push(diags::wrong_form(file, value_span, name, &found, &examples));
            }
            ValidationErrorKind::Minimum { limit } => {
                diags.push(range(name, Limit::AtLeast, limit, error, file, value_span))
            }
            ValidationErrorKind::Maximum { limit } => {
                diags.push(range(name, Limit::AtMost, limit, error, file, value_span))
            }
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                diags.push(range(name, Limit::MoreThan, limit, error, file, value_span));
            }
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                diags.push(range(name, Limit::LessThan, limit, error, file, value_span));
            }
            ValidationErrorKind::MinItems { limit } => {
                diags.push(diags::too_few_items(file, value_span, name, *limit))
            }
            ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MinProperties { .. } => {
                diags.push(diags::empty(file, value_span, name))
            }
            ValidationErrorKind::UniqueItems => {
                diags.push(diags::repeated_item(file, value_span, name))
            }
            ValidationErrorKind::PropertyNames { error: inner } => {
                let bad = scalar_text(inner.instance());
                let span = node.entry(&bad).map_or(value_span, |e| e.key.span);
                diags.push(diags::not_a_language(file, span, name, &bad));
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.report_alternatives(error, context, doc, name, value_span, diags);
            }
            _ => diags.push(diags::other(file, value_span, name, error.to_string())),
        }
    }

    /// For `anyOf`/`oneOf` (text or translations; an id or `{id, amount}`): report the errors of
    /// the alternative whose type matches the value, or say which types are accepted.
    fn report_alternatives(
        &self,
        error: &ValidationError<'_>,
        context: &[Vec<ValidationError<'static>>],
        doc: &Doc<'_>,
        name: Text,
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
                self.report(e, doc, diags);
            }
            return;
        }
        let mut expected: Vec<Type> = Vec::new();
        for branch in context {
            for e in branch {
                if let ValidationErrorKind::Type { kind } = e.kind()
                    && e.instance_path().as_str() == own_path
                {
                    for t in type_list(&format!("{kind:?}")) {
                        if !expected.contains(&t) {
                            expected.push(t);
                        }
                    }
                }
            }
        }
        let expected = if expected.is_empty() {
            diags::accepted_forms()
        } else {
            diags::types(&expected, doc.syntax)
        };
        let mut d = diags::wrong_type(
            doc.file,
            span,
            name,
            expected,
            diags::value(error.instance(), doc.syntax),
        );
        let examples = self.examples_at(error);
        if !examples.is_empty() {
            d = d.help(diags::for_example(&examples));
        }
        diags.push(d);
    }

    /// The schema object holding the keyword that failed (e.g. the object with `required`),
    /// and the name of the schema file it is in.
    fn keyword_parent(&self, error: &ValidationError<'_>) -> Option<(&str, &Json)> {
        let location = error.absolute_keyword_location()?.as_str().to_string();
        let (uri, fragment) = location.split_once('#').unwrap_or((&location, ""));
        let file = uri.rsplit('/').next()?;
        let (file, doc) = self.documents.get_key_value(file)?;
        let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
        Some((file, doc.pointer(parent)?))
    }

    /// The `examples` of the subschema that failed, as short strings.
    fn examples_at(&self, error: &ValidationError<'_>) -> Vec<String> {
        self.keyword_parent(error)
            .and_then(|(_, s)| s.get("examples"))
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

    /// "add `lead: IGM` (Lead institution)", from the schema's `properties`: the key's title,
    /// and an example when the key takes a code, a number or a date. A text's example is left
    /// out: it would be someone else's words, not a hint of the form.
    fn property_help(&self, file: &str, schema: &Json, property: &str) -> Option<Text> {
        let prop = schema.get("properties")?.get(property)?;
        if !prop.is_object() {
            return None;
        }
        // A title that only repeats the key (`title`: "Title") says nothing.
        let title = schema_words(prop, "title");
        let title = (!title.is_empty()
            && !title
                .render(crate::lang::Lang::En)
                .eq_ignore_ascii_case(property))
        .then_some(title);
        let mut expanded = Vec::new();
        self.expand(At::new(file, prop), &mut expanded, 0);
        let text = expanded.iter().any(|a| a.text);
        let example = prop
            .get("examples")
            .and_then(Json::as_array)
            .and_then(|a| a.iter().find(|v| !v.is_object() && !v.is_array()))
            .filter(|_| !text)
            .map(scalar_text);
        Some(diags::add_key(property, example.as_deref(), title))
    }

    /// What the schema `name` asks for at `pointer` in a document: a number (and its largest
    /// value), text, free text (a title, a description). Read from the schema where the traps
    /// need it, not for every node.
    pub(crate) fn expected_at(&self, name: &str, pointer: &str) -> Expected {
        let mut here = Vec::new();
        if let Some((file, root)) = self.documents.get_key_value(name) {
            self.expand(At::new(file, root), &mut here, 0);
        }
        for raw in pointer.split('/').skip(1) {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            let mut next = Vec::new();
            for at in &here {
                let property = at
                    .node
                    .get("properties")
                    .and_then(|p| p.get(segment.as_str()));
                if let Some(property) = property {
                    self.expand(at.with(property), &mut next, 0);
                } else if let Some(extra) = at
                    .node
                    .get("additionalProperties")
                    .filter(|a| a.is_object())
                {
                    self.expand(at.with(extra), &mut next, 0);
                }
                if segment.parse::<usize>().is_ok()
                    && let Some(items) = at.node.get("items").filter(|i| i.is_object())
                {
                    self.expand(at.with(items), &mut next, 0);
                }
            }
            here = next;
            if here.is_empty() {
                break;
            }
        }
        let mut expected = Expected::default();
        for at in &here {
            let types = |t: &str| match at.node.get("type") {
                Some(Json::String(s)) => s == t,
                Some(Json::Array(a)) => a.iter().any(|v| v.as_str() == Some(t)),
                _ => false,
            };
            if types("number") || types("integer") {
                expected.number = true;
            }
            if types("integer") {
                expected.whole_number = true;
            }
            if let Some(max) = at.node.get("maximum").and_then(Json::as_f64) {
                expected.max = Some(expected.max.map_or(max, |m: f64| m.min(max)));
            }
            if types("string") {
                expected.string = true;
                let closed = ["pattern", "enum", "const", "format"]
                    .iter()
                    .any(|k| at.node.get(*k).is_some());
                if at.text && !closed {
                    expected.free_text = true;
                }
            }
        }
        expected
    }

    /// `at` and everything it stands for: the schemas its `$ref` points to and the branches of
    /// its `anyOf`, `oneOf` and `allOf`, each once, to a bounded depth.
    fn expand<'s>(&'s self, at: At<'s>, out: &mut Vec<At<'s>>, depth: usize) {
        if depth > 16 || out.iter().any(|o| std::ptr::eq(o.node, at.node)) {
            return;
        }
        out.push(at);
        if let Some(reference) = at.node.get("$ref").and_then(Json::as_str) {
            let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
            let name = uri
                .rsplit('/')
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or(at.file);
            if let Some((file, doc)) = self.documents.get_key_value(name)
                && let Some(target) = doc.pointer(fragment)
            {
                // Localized texts and Markdown are where drafters write free text.
                let text =
                    at.text || fragment.ends_with("/localized") || fragment.ends_with("/markdown");
                self.expand(
                    At {
                        file,
                        node: target,
                        text,
                    },
                    out,
                    depth + 1,
                );
            }
        }
        for keyword in ["anyOf", "oneOf", "allOf"] {
            if let Some(branches) = at.node.get(keyword).and_then(Json::as_array) {
                for branch in branches {
                    self.expand(at.with(branch), out, depth + 1);
                }
            }
        }
    }
}

/// A document being checked, and what its messages depend on.
pub(crate) struct Doc<'a> {
    /// The schema's file name.
    schema: &'a str,
    file: FileId,
    tree: &'a Node,
    syntax: Syntax,
    /// The framework, for the vocabularies (absent for `mirps.toml`, which defines them).
    config: Option<&'a Config>,
}

/// A place in a schema: the file it is in, the node, and whether it was reached through a
/// definition of free text (`localized`, `markdown`).
#[derive(Clone, Copy)]
struct At<'s> {
    file: &'s str,
    node: &'s Json,
    text: bool,
}

impl<'s> At<'s> {
    fn new(file: &'s str, node: &'s Json) -> At<'s> {
        At {
            file,
            node,
            text: false,
        }
    }

    fn with(self, node: &'s Json) -> At<'s> {
        At { node, ..self }
    }
}

/// What a schema asks for at one place of a document.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Expected {
    /// A number or a whole number is accepted.
    pub number: bool,
    /// A whole number is accepted (a year, a count).
    pub whole_number: bool,
    /// The smallest `maximum` of the accepted numbers.
    pub max: Option<f64>,
    /// A text is accepted.
    pub string: bool,
    /// A free text (a title, a description) is accepted, as opposed to a code or an id.
    pub free_text: bool,
}

/// Beyond this many unknown keys in one mapping, a key is matched to the allowed ones only by
/// its words, not by edit distance: so many keys are no one's slip, and a mapping of 200,000
/// would take that many times every name's distance.
const MANY_UNKNOWN_KEYS: usize = 64;

/// Whether `node`, which lacks `property`, has an unknown key that stands for it (`titulo` for
/// `title`).
fn misspelt_here(schema: &Json, node: &Node, property: &str) -> bool {
    let Some(properties) = schema.get("properties").and_then(Json::as_object) else {
        return false;
    };
    let allowed: Vec<&str> = properties.keys().map(String::as_str).collect();
    let unknown = || {
        node.entries()
            .iter()
            .map(|e| e.key.key_text())
            .filter(|k| !properties.contains_key(k.as_ref()))
    };
    let names = words::Keys::new(&allowed, unknown().count() <= MANY_UNKNOWN_KEYS);
    unknown().any(|key| names.suggest(&key) == Some(property))
}

/// A schema's title or description in both languages: `x-mirps-title` (`{ "es": …, "en": … }`)
/// when the schema has it, else its `title` as written.
fn schema_words(node: &Json, keyword: &str) -> Text {
    let plain = node.get(keyword).and_then(Json::as_str).unwrap_or_default();
    let both = node.get(format!("x-mirps-{keyword}").as_str());
    let es = both.and_then(|b| b.get("es")).and_then(Json::as_str);
    let en = both.and_then(|b| b.get("en")).and_then(Json::as_str);
    match (es, en) {
        (Some(es), Some(en)) => Text::pair(es, en),
        (Some(es), None) => Text::pair(es, plain),
        (None, Some(en)) => Text::pair(plain, en),
        (None, None) => Text::verbatim(plain),
    }
}

fn range(
    name: Text,
    limit: Limit,
    bound: &Json,
    error: &ValidationError<'_>,
    file: FileId,
    span: Span,
) -> Diagnostic {
    diags::out_of_range(
        file,
        span,
        name,
        limit,
        &bound.to_string(),
        &scalar_text(error.instance()),
    )
}

/// The types named in a `type` error's kind (written with `Debug`).
fn type_list(debug: &str) -> Vec<Type> {
    [
        ("Object", Type::Mapping),
        ("Array", Type::List),
        ("String", Type::Text),
        ("Integer", Type::WholeNumber),
        ("Number", Type::Number),
        ("Boolean", Type::Boolean),
        ("Null", Type::Null),
    ]
    .iter()
    .filter(|(name, _)| debug.contains(name))
    .map(|(_, t)| *t)
    .collect()
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
    fn validators_compile_schemas_without_annotations_but_keep_property_names() {
        let schema: Json = serde_json::json!({
            "title": "Compromiso / Commitment",
            "x-mirps-title": { "es": "Compromiso", "en": "Commitment" },
            "type": "object",
            "properties": {
                "title": { "description": "the title", "type": "string", "examples": ["x"] },
                "status": { "enum": ["draft"], "default": "draft", "title": "Status" }
            },
            "allOf": [{ "description": "d", "required": ["title"] }],
            "$defs": { "description": { "$comment": "c", "type": "string" } }
        });
        assert_eq!(
            without_annotations(&schema),
            serde_json::json!({
                "type": "object",
                "properties": {
                    "title": { "type": "string" },
                    "status": { "enum": ["draft"], "default": "draft" }
                },
                "allOf": [{ "required": ["title"] }],
                "$defs": { "description": { "type": "string" } }
            })
        );
    }
    use crate::lang::Lang;

    #[test]
    fn field_names_read_naturally() {
        let en = |p: &str| diags::field(p).render(Lang::En);
        let es = |p: &str| diags::field(p).render(Lang::Es);
        assert_eq!(en(""), "the document");
        assert_eq!(es(""), "el documento");
        assert_eq!(en("/commitments/0/pillar"), "`pillar`");
        assert_eq!(
            en("/commitments/0/populations/1"),
            "each item of `populations`"
        );
        assert_eq!(
            es("/commitments/0/populations/1"),
            "cada elemento de `populations`"
        );
        assert_eq!(en("/commitments/0"), "this commitment");
        assert_eq!(es("/commitments/0"), "este compromiso");
        assert_eq!(en("/commitments/0/partners/2"), "each item of `partners`");
    }

    #[test]
    fn embedded_schemas_compile() {
        let schemas = Schemas::load(None).unwrap();
        assert_eq!(schemas.validators.len(), 4);
    }

    #[test]
    fn the_schema_says_what_a_place_expects() {
        let schemas = Schemas::load(None).unwrap();
        let at = |p| schemas.expected_at("national-chapter.schema.json", p);
        let money = at("/commitments/3/budget/state_investment");
        assert!(money.number && !money.string && !money.free_text);
        assert!(money.max.is_some_and(|m| m >= 1000.0));
        let title = at("/commitments/3/title/es");
        assert!(title.string && title.free_text && !title.number);
        assert!(at("/commitments/3/title").free_text);
        assert!(at("/name").free_text);
        assert!(at("/commitments/0/description").free_text);
        assert!(!at("/kind").free_text);
        assert!(!at("/commitments/0/id").free_text);
        assert!(!at("/commitments/0/pillar").free_text);
        assert!(!at("/commitments/0/lead").free_text);
        assert!(!at("/commitments/0/populations/0").free_text);
        let percent = at("/commitments/0/progress/0/percent");
        assert!(percent.number && percent.max.is_some_and(|m| m < 1000.0));
        assert!(at("/commitments/0/timeframe/start").whole_number);
        assert!(!at("/updated").whole_number);
        let places = schemas.expected_at("cooperation.schema.json", "/pledges/0/places");
        assert!(places.number && places.whole_number);
        let allocated =
            schemas.expected_at("cooperation.schema.json", "/pledges/0/supports/1/amount");
        assert!(allocated.number);
    }
}

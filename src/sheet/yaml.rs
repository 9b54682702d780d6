//! The document as YAML: written whole with the span of every value (the text mirps validates
//! for a workbook, and what `mirps sheet import` prints), and the minimal edit of a chapter's
//! own text that turns its document into a new one, keeping its comments, key order and
//! formatting.

use std::collections::HashSet;

use serde_json::{Map, Value as Json};

use super::import::same;
use crate::load::tree::{Node, Value};
use crate::source::Span;

/// YAML text of `doc` in the style of the shipped chapters, and the span of every value by
/// JSON Pointer. Strings at the `loose` pointers (a text typed in a number or date column)
/// are written unquoted when YAML allows it, so that they read back as the drafter typed them
/// (`450.000` as the number YAML makes of it, for the checks that catch such slips).
pub fn to_yaml(doc: &Json, loose: &HashSet<String>) -> (String, Vec<(String, Span)>) {
    let mut out = Writer {
        text: String::new(),
        spans: Vec::new(),
        loose,
    };
    match doc {
        Json::Object(map) => out.entries("", map, 0, false),
        other => {
            out.scalar("", other, 0, false);
            out.text.push('\n');
        }
    }
    (out.text, out.spans)
}

struct Writer<'a> {
    text: String,
    spans: Vec<(String, Span)>,
    loose: &'a HashSet<String>,
}

impl Writer<'_> {
    fn pad(&mut self, indent: usize) {
        self.text.extend(std::iter::repeat_n(' ', indent));
    }

    /// The entries of a mapping, each on its own line at `indent` (the first one after text
    /// already written on its line when `continued`, as after `- `).
    fn entries(&mut self, pointer: &str, map: &Map<String, Json>, indent: usize, continued: bool) {
        for (i, (key, value)) in ordered(map).into_iter().enumerate() {
            if i > 0 || !continued {
                self.pad(indent);
            }
            let key_start = self.text.len();
            self.text.push_str(&key_text(key));
            let key_span = Span::new(key_start, self.text.len());
            self.text.push(':');
            let here = format!("{pointer}/{}", escape_pointer(key));
            self.after_key(&here, value, indent);
            // The key stands for its value too (a key missing in `budget` is reported at
            // `budget`), after the value's own span.
            self.spans.push((here, key_span));
        }
    }

    /// The value of a `key:` just written.
    fn after_key(&mut self, pointer: &str, value: &Json, indent: usize) {
        match value {
            Json::Object(map) if map.is_empty() => self.inline(pointer, value, " {}"),
            Json::Array(items) if items.is_empty() => self.inline(pointer, value, " []"),
            _ if flowable(value) => {
                self.text.push(' ');
                let start = self.text.len();
                self.flow(pointer, value);
                self.record(pointer, start);
                self.text.push('\n');
            }
            Json::Object(map) => {
                self.text.push('\n');
                let start = self.text.len();
                self.entries(pointer, map, indent + 2, false);
                self.record(pointer, start);
            }
            Json::Array(items) => {
                self.text.push('\n');
                let start = self.text.len();
                self.items(pointer, items, indent + 2);
                self.record(pointer, start);
            }
            scalar => {
                self.text.push(' ');
                self.scalar(pointer, scalar, indent + 2, false);
                self.text.push('\n');
            }
        }
    }

    fn inline(&mut self, pointer: &str, _value: &Json, text: &str) {
        let start = self.text.len() + 1;
        self.text.push_str(text);
        self.record(pointer, start);
        self.text.push('\n');
    }

    fn items(&mut self, pointer: &str, items: &[Json], indent: usize) {
        for (i, item) in items.iter().enumerate() {
            let here = format!("{pointer}/{i}");
            self.pad(indent);
            self.text.push_str("- ");
            let start = self.text.len();
            match item {
                Json::Object(map) if !map.is_empty() => {
                    self.entries(&here, map, indent + 2, true);
                }
                Json::Array(list) if !list.is_empty() && !flowable(item) => {
                    self.text.push('\n');
                    self.items(&here, list, indent + 2);
                }
                other if flowable(other) && !is_scalar(other) => {
                    self.flow(&here, other);
                    self.text.push('\n');
                }
                Json::Object(_) => {
                    self.text.push_str("{}\n");
                }
                Json::Array(_) => {
                    self.text.push_str("[]\n");
                }
                scalar => {
                    self.scalar(&here, scalar, indent + 2, false);
                    self.text.push('\n');
                }
            }
            self.record(&here, start);
        }
    }

    /// A scalar where a value goes; a text of several lines as a literal block at `indent`.
    fn scalar(&mut self, pointer: &str, value: &Json, indent: usize, in_flow: bool) {
        let start = self.text.len();
        match value {
            Json::String(s) if !in_flow && literal_ok(s) => {
                let block = literal(s, &" ".repeat(indent));
                let body_start = self.text.len() + chomping(s).len() + 1;
                self.text.push_str(&block);
                self.spans
                    .push((pointer.to_string(), Span::new(body_start, self.text.len())));
                return;
            }
            Json::String(s) if self.loose.contains(pointer) && loose_ok(s, in_flow) => {
                self.text.push_str(s);
            }
            other => self.text.push_str(&scalar_text(other, in_flow)),
        }
        self.spans
            .push((pointer.to_string(), Span::new(start, self.text.len())));
    }

    fn flow(&mut self, pointer: &str, value: &Json) {
        match value {
            Json::Array(items) => {
                self.text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    self.flow(&format!("{pointer}/{i}"), item);
                }
                self.text.push(']');
            }
            Json::Object(map) => {
                self.text.push_str("{ ");
                for (i, (key, item)) in ordered(map).into_iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    self.text.push_str(&key_text(key));
                    self.text.push_str(": ");
                    self.flow(&format!("{pointer}/{}", escape_pointer(key)), item);
                }
                self.text.push_str(" }");
            }
            scalar => self.scalar(pointer, scalar, 0, true),
        }
    }

    fn record(&mut self, pointer: &str, start: usize) {
        let end = self.text.trim_end().len().max(start);
        self.spans
            .push((pointer.to_string(), Span::new(start, end)));
    }
}

/// The order the chapters write keys in (the model's field order), languages first as the
/// framework lists them: a JSON object keeps no order of its own.
const KEY_ORDER: &[&str] = &[
    "es",
    "en",
    "fr",
    "pt",
    "kind",
    "schema_version",
    "state",
    "organization",
    "contributor",
    "id",
    "year",
    "type",
    "pillar",
    "name",
    "title",
    "language",
    "south_south",
    "status",
    "percent",
    "updated",
    "institution",
    "email",
    "phone",
    "contact",
    "summary",
    "challenges",
    "context",
    "sections",
    "body",
    "description",
    "populations",
    "working_groups",
    "pillars",
    "states",
    "beneficiaries",
    "complements",
    "lead",
    "partners",
    "supports",
    "amount",
    "currency",
    "required",
    "state_investment",
    "pledged",
    "disbursed",
    "places",
    "timeframe",
    "period",
    "start",
    "end",
    "budget",
    "unit",
    "baseline",
    "target",
    "indicators",
    "priority",
    "progress",
    "grf_pledges",
    "grf_pledge",
    "url",
    "institutions",
    "commitments",
    "programmes",
    "pledges",
];

fn ordered(map: &Map<String, Json>) -> Vec<(&String, &Json)> {
    let mut entries: Vec<(&String, &Json)> = map.iter().collect();
    entries.sort_by_key(|(k, _)| {
        (
            KEY_ORDER
                .iter()
                .position(|o| o == k)
                .unwrap_or(KEY_ORDER.len()),
            k.as_str(),
        )
    });
    entries
}

fn is_scalar(value: &Json) -> bool {
    !matches!(value, Json::Array(_) | Json::Object(_))
}

/// Written on one line in flow style, as the shipped chapters write populations
/// (`[refugees, asylum-seekers]`) and time frames (`{ start: 2019, end: 2020 }`).
fn flowable(value: &Json) -> bool {
    let short_scalar = |v: &Json| match v {
        Json::String(s) => s.chars().count() <= 40 && !s.contains('\n'),
        Json::Array(_) | Json::Object(_) => false,
        _ => true,
    };
    match value {
        Json::Array(items) => !items.is_empty() && items.iter().all(short_scalar),
        Json::Object(map) => {
            !map.is_empty()
                && map.len() <= 3
                && map.values().all(|v| {
                    short_scalar(v) && !v.is_string()
                        || matches!(v, Json::String(s) if s.len() <= 12)
                })
                && map.values().any(|v| !v.is_string())
        }
        _ => false,
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn key_text(key: &str) -> String {
    if plain_ok(key, true) {
        key.to_string()
    } else {
        quoted(key)
    }
}

/// A scalar's text: numbers and booleans as they are, text plain when YAML reads it back as
/// the same text, else double-quoted.
fn scalar_text(value: &Json, in_flow: bool) -> String {
    match value {
        Json::Null => "null".to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) if plain_ok(s, in_flow) => s.clone(),
        Json::String(s) => quoted(s),
        other => quoted(&other.to_string()),
    }
}

fn quoted(s: &str) -> String {
    // JSON's escapes are YAML's double-quoted escapes.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// Whether `s` written unquoted reads back as this very text.
fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let is_date = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if is_date {
        return true;
    }
    if !(first.is_alphabetic() || first == '(' || first == '¿' || first == '¡') {
        return false;
    }
    if s.ends_with([' ', ':', '\t'])
        || s.contains(": ")
        || s.contains(" #")
        || s.chars()
            .any(|c| c.is_control() || crate::load::yaml::is_unshowable(c))
    {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
    )
}

/// Whether a text typed in a number or date column can be written unquoted: one line that
/// YAML reads as a scalar (a number, a date, a word), not as structure.
fn loose_ok(s: &str, in_flow: bool) -> bool {
    !s.is_empty()
        && s.trim() == s
        && s.chars()
            .all(|c| c.is_alphanumeric() || " .,'$-/".contains(c))
        && !s.starts_with(['-', '\'', ','])
        && !(in_flow && s.contains(','))
}

/// Whether a text can be a literal block (`|`): several lines, nothing YAML would change.
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with("\n\n")
        && !s.contains('\r')
        && !s.chars().any(|c| {
            (c.is_control() && c != '\n' && c != '\t') || crate::load::yaml::is_unshowable(c)
        })
        && !s.split('\n').any(|line| line.ends_with([' ', '\t']))
}

/// `s` as a literal block (`|` and its lines, each after `pad`), with no final line break.
fn literal(s: &str, pad: &str) -> String {
    let mut with = chomping(s).to_string();
    with.push('\n');
    let body = s.strip_suffix('\n').unwrap_or(s);
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            with.push('\n');
        }
        if !line.is_empty() {
            with.push_str(pad);
            with.push_str(line);
        }
    }
    with
}

fn chomping(s: &str) -> &'static str {
    if s.ends_with('\n') { "|" } else { "|-" }
}

// ---------------------------------------------------------------------------------------------
// The minimal edit.

/// The text of a chapter whose document is `new`: `text` (whose tree is `tree`) with only the
/// values that differ changed, entries and items added in its own style and removed whole.
pub fn patch(text: &str, tree: &Node, new: &Json) -> String {
    let mut edits = Vec::new();
    let ctx = Ctx { text };
    ctx.node(tree, new, None, &mut edits);
    apply(text, edits)
}

/// A replacement of `range` of the text by `with`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in edits {
        if edit.start < at || edit.end > text.len() {
            // Overlapping edits cannot happen by construction; never write a broken text.
            continue;
        }
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.with);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    out
}

struct Ctx<'a> {
    text: &'a str,
}

impl Ctx<'_> {
    fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The end of the line holding `offset`, after its line break.
    fn line_end(&self, offset: usize) -> usize {
        self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i + 1)
    }

    fn column(&self, offset: usize) -> usize {
        self.text[self.line_start(offset)..offset].chars().count()
    }

    /// Whether a collection node is written in flow style (`[…]`, `{…}`).
    fn is_flow(&self, node: &Node) -> bool {
        let start = node.span.start as usize;
        matches!(self.text.as_bytes().get(start), Some(b'[' | b'{'))
    }

    /// Where a block scalar's header (`|`, `>-`) starts, if `node` is one.
    fn block_header(&self, node: &Node) -> Option<usize> {
        let before = &self.text[..node.span.start as usize];
        let trimmed = before.trim_end_matches([' ', '\n', '\r']);
        let line = &trimmed[self.line_start(trimmed.len())..];
        let header = line.trim_end_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
        if !header.ends_with(['|', '>']) {
            return None;
        }
        // The indicator's offset: where the line starts, and the header up to its last character.
        Some(trimmed.len() - line.len() + header.len() - 1)
    }

    /// The end of what `node` writes (its spans run on to the next token).
    fn content_end(&self, node: &Node) -> usize {
        match &node.value {
            Value::Map(entries) if !self.is_flow(node) && !entries.is_empty() => entries
                .last()
                .map_or(node.span.end as usize, |e| self.content_end(&e.value)),
            Value::Seq(items) if !self.is_flow(node) && !items.is_empty() => items
                .last()
                .map_or(node.span.end as usize, |i| self.content_end(i)),
            Value::Map(_) | Value::Seq(_) => {
                // A flow collection's span stops before its closing bracket.
                let end = node.span.end as usize;
                match self.text.as_bytes().get(end) {
                    Some(b']' | b'}') => end + 1,
                    _ => self.text[..end].trim_end().len(),
                }
            }
            _ if self.block_header(node).is_some() => {
                let span = &self.text[node.span.range()];
                node.span.start as usize + span.trim_end().len()
            }
            _ => node.span.end as usize,
        }
    }

    fn node(&self, old: &Node, new: &Json, indent: Option<usize>, edits: &mut Vec<Edit>) {
        if same(&old.to_json(), new) {
            return;
        }
        match (&old.value, new) {
            // A mapping keeping some of its keys is edited key by key; one keeping none is
            // written anew.
            (Value::Map(entries), Json::Object(map))
                if !self.is_flow(old)
                    && entries
                        .iter()
                        .any(|e| map.contains_key(e.key.key_text().as_ref())) =>
            {
                self.map(entries, map, edits);
            }
            (Value::Seq(items), Json::Array(list))
                if !items.is_empty() && !list.is_empty() && !self.is_flow(old) =>
            {
                self.seq(items, list, edits);
            }
            (Value::Map(_) | Value::Seq(_), _) if self.is_flow(old) && flow_ok(new) => {
                let mut w = Writer {
                    text: String::new(),
                    spans: Vec::new(),
                    loose: &HashSet::new(),
                };
                w.flow("", new);
                edits.push(Edit {
                    start: old.span.start as usize,
                    end: self.content_end(old),
                    with: w.text,
                });
            }
            (Value::Map(_) | Value::Seq(_), _) => self.replace_entry_value(old, new, indent, edits),
            (_, Json::Object(_) | Json::Array(_)) => {
                self.replace_entry_value(old, new, indent, edits)
            }
            _ => self.scalar(old, new, indent, edits),
        }
    }

    /// A scalar changed to another scalar: the value alone is rewritten, in its style.
    fn scalar(&self, old: &Node, new: &Json, indent: Option<usize>, edits: &mut Vec<Edit>) {
        let in_flow = self.inside_flow(old);
        if let Some(header) = self.block_header(old)
            && let Json::String(s) = new
            && literal_ok(s)
        {
            let pad = " ".repeat(self.column(old.span.start as usize));
            let with = literal(s, &pad);
            edits.push(Edit {
                start: header,
                end: self.content_end(old),
                with,
            });
            return;
        }
        let start = self.block_header(old).unwrap_or(old.span.start as usize);
        let with = match new {
            Json::String(s) if !in_flow && literal_ok(s) && indent.is_some() => {
                literal(s, &" ".repeat(indent.unwrap_or(0) + 2))
            }
            // Keep a quoted value quoted when it can stay so.
            Json::String(s) if self.text.as_bytes().get(old.span.start as usize) == Some(&b'"') => {
                quoted(s)
            }
            Json::String(s)
                if self.text.as_bytes().get(old.span.start as usize) == Some(&b'\'')
                    && !s.contains('\n') =>
            {
                format!("'{}'", s.replace('\'', "''"))
            }
            other => scalar_text(other, in_flow),
        };
        edits.push(Edit {
            start,
            end: self.content_end(old),
            with,
        });
    }

    /// Just after the `:` of a `key:` line above `line` (the line a block value starts on),
    /// passing blank and comment lines; `None` when the line above is no such key.
    fn key_line_above(&self, line: usize) -> Option<usize> {
        let mut end = line;
        while end > 0 {
            let start = self.line_start(end - 1);
            let text = self.text[start..end].trim_end();
            let trimmed = text.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                end = start;
                continue;
            }
            return text.ends_with(':').then_some(start + text.len());
        }
        None
    }

    /// Whether `node` sits inside a flow collection (`[a, b]`, `{ start: 2019 }`).
    fn inside_flow(&self, node: &Node) -> bool {
        let line_start = self.line_start(node.span.start as usize);
        let before = &self.text[line_start..node.span.start as usize];
        let opens = before.matches(['[', '{']).count();
        let closes = before.matches([']', '}']).count();
        opens > closes
    }

    /// A value changed shape (a text became a mapping, a flow list grew structure): the value
    /// is written anew after its key.
    fn replace_entry_value(
        &self,
        old: &Node,
        new: &Json,
        indent: Option<usize>,
        edits: &mut Vec<Edit>,
    ) {
        let indent =
            indent.unwrap_or_else(|| self.column(old.span.start as usize).saturating_sub(2));
        let start = self.block_header(old).unwrap_or(old.span.start as usize);
        // From just after `key:` (keeping the key and its comments before it).
        let key_line = self.line_start(start);
        // `key: value` on one line, or `key:` on a line above a block (past comments).
        let colon = self.text[key_line..start]
            .rfind(':')
            .map(|i| key_line + i + 1)
            .or_else(|| self.key_line_above(key_line));
        let Some(after_colon) = colon.filter(|c| *c <= start) else {
            // A sequence item (`- text` becoming a mapping): write the item anew.
            let mut w = Writer {
                text: String::new(),
                spans: Vec::new(),
                loose: &HashSet::new(),
            };
            match new {
                Json::Object(map) if !map.is_empty() => {
                    w.entries("", map, indent + 2, true);
                }
                other => {
                    w.scalar("", other, indent + 2, false);
                }
            }
            edits.push(Edit {
                start: old.span.start as usize,
                end: self.content_end(old),
                with: w.text.trim_end_matches('\n').to_string(),
            });
            return;
        };
        let mut w = Writer {
            text: String::new(),
            spans: Vec::new(),
            loose: &HashSet::new(),
        };
        w.after_key("", new, indent);
        edits.push(Edit {
            start: after_colon,
            end: self.content_end(old),
            with: w.text.trim_end_matches('\n').to_string(),
        });
    }

    fn map(
        &self,
        entries: &[crate::load::tree::Entry],
        new: &Map<String, Json>,
        edits: &mut Vec<Edit>,
    ) {
        let indent = self.column(entries[0].key.span.start as usize);
        // The first key of a sequence's item shares the line of its `- `: when it goes (with
        // the ones after it that go too), the first key kept moves up onto that line.
        let first = entries[0].key.span.start as usize;
        let on_dash_line = self.text[self.line_start(first)..first].contains('-');
        let lead = if on_dash_line {
            entries
                .iter()
                .take_while(|e| !new.contains_key(e.key.key_text().as_ref()))
                .count()
        } else {
            0
        };
        if let Some(kept) = entries.get(lead).filter(|_| lead > 0) {
            edits.push(Edit {
                start: first,
                end: kept.key.span.start as usize,
                with: String::new(),
            });
        }
        for entry in &entries[lead.min(entries.len())..] {
            let key = entry.key.key_text();
            match new.get(key.as_ref()) {
                Some(value) => self.node(&entry.value, value, Some(indent), edits),
                None => {
                    let start = self.line_start(entry.key.span.start as usize);
                    let end = self.line_end(self.content_end(&entry.value));
                    edits.push(Edit {
                        start,
                        end,
                        with: String::new(),
                    });
                }
            }
        }
        // New keys, after the last entry, in the document's order.
        let added: Vec<(&String, &Json)> = new
            .iter()
            .filter(|(k, _)| !entries.iter().any(|e| e.key.is_key(k)))
            .collect();
        if added.is_empty() {
            return;
        }
        let mut w = Writer {
            text: String::new(),
            spans: Vec::new(),
            loose: &HashSet::new(),
        };
        let map: Map<String, Json> = added
            .into_iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        w.entries("", &map, indent, false);
        let added = w.text.trim_end_matches('\n');
        // After the last entry kept (never inside one that goes), else before the first.
        let kept = entries
            .iter()
            .rev()
            .find(|e| new.contains_key(e.key.key_text().as_ref()));
        edits.push(match kept {
            Some(entry) => {
                let at = self.content_end(&entry.value);
                Edit {
                    start: at,
                    end: at,
                    with: format!("\n{added}"),
                }
            }
            None => {
                let at = self.line_start(entries[0].key.span.start as usize);
                Edit {
                    start: at,
                    end: at,
                    with: format!("{added}\n"),
                }
            }
        });
    }

    fn seq(&self, items: &[Node], new: &[Json], edits: &mut Vec<Edit>) {
        let dash = self.dash_column(&items[0]);
        // Blank lines between items, as the file writes them.
        let spaced = items.len() >= 2 && {
            let a = self.content_end(&items[items.len() - 2]);
            let b = self.line_start(items[items.len() - 1].span.start as usize);
            self.text[a.min(b)..b].matches('\n').count() >= 2
        };
        let old_ids: Vec<Option<String>> = items
            .iter()
            .map(|i| i.get("id").and_then(Node::as_str).map(str::to_string))
            .collect();
        let new_ids: Vec<Option<String>> = new
            .iter()
            .map(|i| i.get("id").and_then(Json::as_str).map(str::to_string))
            .collect();
        let by_id = old_ids.iter().all(Option::is_some)
            && new_ids.iter().all(Option::is_some)
            && unique(&old_ids)
            && unique(&new_ids);
        // Pairs (old index, new index) kept in place.
        let pairs: Vec<(usize, usize)> = if by_id {
            new_ids
                .iter()
                .enumerate()
                .filter_map(|(n, id)| old_ids.iter().position(|o| o == id).map(|o| (o, n)))
                .collect()
        } else {
            (0..items.len().min(new.len())).map(|i| (i, i)).collect()
        };
        let in_order = pairs.windows(2).all(|w| w[0].0 < w[1].0);
        let pairs = if in_order {
            pairs
        } else {
            (0..items.len().min(new.len())).map(|i| (i, i)).collect()
        };
        for &(o, n) in &pairs {
            self.node(&items[o], &new[n], Some(dash), edits);
        }
        // Items gone from the new list.
        for (o, item) in items.iter().enumerate() {
            if pairs.iter().any(|(po, _)| *po == o) {
                continue;
            }
            let start = self.line_start(item.span.start as usize);
            let mut end = self.line_end(self.content_end(item));
            // With the blank line that set it apart.
            if spaced && self.text[end..].starts_with('\n') {
                end += 1;
            }
            edits.push(Edit {
                start,
                end,
                with: String::new(),
            });
        }
        // New items, each after the kept item before it (or before the first one).
        for (n, value) in new.iter().enumerate() {
            if pairs.iter().any(|(_, pn)| *pn == n) {
                continue;
            }
            let before = pairs
                .iter()
                .filter(|(_, pn)| *pn < n)
                .map(|(po, _)| *po)
                .max();
            let mut w = Writer {
                text: String::new(),
                spans: Vec::new(),
                loose: &HashSet::new(),
            };
            w.items("", std::slice::from_ref(value), dash);
            let rendered = w.text.trim_end_matches('\n').to_string();
            let gap = if spaced { "\n" } else { "" };
            match before {
                Some(o) => {
                    let at = self.content_end(&items[o]);
                    edits.push(Edit {
                        start: at,
                        end: at,
                        with: format!("\n{gap}{rendered}"),
                    });
                }
                None => {
                    let at = self.line_start(items[0].span.start as usize);
                    edits.push(Edit {
                        start: at,
                        end: at,
                        with: format!("{rendered}\n{gap}"),
                    });
                }
            }
        }
    }

    /// The column of the `-` of a block sequence's item.
    fn dash_column(&self, item: &Node) -> usize {
        let start = item.span.start as usize;
        let line_start = self.line_start(start);
        match self.text[line_start..start].rfind('-') {
            Some(i) => self.text[line_start..line_start + i].chars().count(),
            None => self.column(start).saturating_sub(2),
        }
    }
}

fn unique(ids: &[Option<String>]) -> bool {
    let set: HashSet<&Option<String>> = ids.iter().collect();
    set.len() == ids.len()
}

/// Whether a value can be written in flow style where a flow collection stood.
fn flow_ok(value: &Json) -> bool {
    match value {
        Json::Array(items) => items.iter().all(flow_ok),
        Json::Object(map) => map.values().all(flow_ok),
        Json::String(s) => !s.contains('\n'),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn tree(text: &str) -> Node {
        let src = SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into());
        let mut d = Vec::new();
        crate::load::yaml::parse(0, &src, &mut d).expect("parses")
    }

    fn roundtrip(text: &str, change: impl FnOnce(&mut Json)) -> String {
        let old = tree(text);
        let mut new = old.to_json();
        change(&mut new);
        let patched = patch(text, &old, &new);
        let reread = tree(&patched).to_json();
        assert!(
            same(&reread, &new),
            "patched text reads back as the new document:\n{patched}"
        );
        patched
    }

    const CHAPTER: &str = "# a chapter\nkind: national-chapter\nname:\n  es: Guatemala # the State\n  en: Guatemala\nsummary:\n  es: |\n    Line one\n    line two\n  en: |\n    One\n\ncommitments:\n  # pillar 1\n  - id: GTM-1.1\n    pillar: reception-admission\n    populations: [asylum-seekers]\n    timeframe: { start: 2019 }\n\n  - id: GTM-1.2\n    pillar: immediate-needs\n    populations: [refugees]\n    timeframe: { start: 2019, end: 2020 }\n";

    #[test]
    fn nothing_changed_is_the_same_bytes() {
        assert_eq!(roundtrip(CHAPTER, |_| {}), CHAPTER);
    }

    #[test]
    fn a_changed_value_changes_that_value_only() {
        let out = roundtrip(CHAPTER, |d| {
            d["commitments"][0]["pillar"] = "durable-solutions".into()
        });
        assert_eq!(
            out,
            CHAPTER.replace("pillar: reception-admission", "pillar: durable-solutions")
        );
        let out = roundtrip(CHAPTER, |d| d["name"]["es"] = "Guate: mala".into());
        assert_eq!(
            out,
            CHAPTER.replace("es: Guatemala #", "es: \"Guate: mala\" #")
        );
    }

    #[test]
    fn a_block_text_stays_a_block() {
        let out = roundtrip(CHAPTER, |d| {
            d["summary"]["es"] = "Line one\nline 2\n".into()
        });
        assert_eq!(out, CHAPTER.replace("    line two\n", "    line 2\n"));
    }

    #[test]
    fn flow_lists_and_maps_are_rewritten_on_their_line() {
        let out = roundtrip(CHAPTER, |d| {
            d["commitments"][0]["populations"] = serde_json::json!(["asylum-seekers", "refugees"]);
            d["commitments"][1]["timeframe"] = serde_json::json!({"start": 2019});
        });
        assert_eq!(
            out,
            CHAPTER
                .replace("[asylum-seekers]", "[asylum-seekers, refugees]")
                .replace("{ start: 2019, end: 2020 }", "{ start: 2019 }")
        );
    }

    #[test]
    fn a_new_commitment_is_appended_in_the_files_style() {
        let out = roundtrip(CHAPTER, |d| {
            d["commitments"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({
                    "id": "GTM-1.3", "pillar": "reception-admission",
                    "title": {"es": "Nuevo", "en": "New"},
                    "populations": ["refugees"], "timeframe": {"start": 2021}
                }));
        });
        assert_eq!(
            out,
            format!(
                "{CHAPTER}\n  - id: GTM-1.3\n    pillar: reception-admission\n    title:\n      es: Nuevo\n      en: New\n    populations: [refugees]\n    timeframe: {{ start: 2021 }}\n"
            )
        );
    }

    #[test]
    fn a_removed_commitment_and_key_go_whole() {
        let out = roundtrip(CHAPTER, |d| {
            d["commitments"].as_array_mut().unwrap().remove(0);
            d.as_object_mut().unwrap().remove("summary");
        });
        assert!(
            !out.contains("GTM-1.1") && !out.contains("Line one"),
            "{out}"
        );
        assert!(out.contains("# pillar 1\n  - id: GTM-1.2"), "{out}");
        let out = roundtrip(CHAPTER, |d| {
            d["commitments"][1]
                .as_object_mut()
                .unwrap()
                .insert("priority".into(), "high".into());
        });
        assert!(
            out.contains("timeframe: { start: 2019, end: 2020 }\n    priority: high"),
            "{out}"
        );
    }

    #[test]
    fn a_text_becoming_translations_is_rewritten() {
        let text = "title: Hola\nnext: 1\n";
        let out = roundtrip(text, |d| {
            d["title"] = serde_json::json!({"es": "Hola", "en": "Hello"})
        });
        assert_eq!(out, "title:\n  es: Hola\n  en: Hello\nnext: 1\n");
    }

    #[test]
    fn spans_point_at_values() {
        let doc = serde_json::json!({"a": "x: y", "b": [1, 2], "c": {"d": "line\nline2\n"}, "l": [{"id": "A", "n": 450}]});
        let loose = HashSet::from(["/l/0/n".to_string()]);
        let (text, spans) = to_yaml(&doc, &loose);
        let at = |p: &str| {
            let span = spans.iter().find(|(q, _)| q == p).unwrap().1;
            &text[span.range()]
        };
        assert_eq!(at("/a"), "\"x: y\"");
        assert_eq!(at("/b/1"), "2");
        assert_eq!(at("/c/d"), "    line\n    line2");
        assert_eq!(at("/l/0/id"), "A");
        assert!(same(&tree(&text).to_json(), &doc), "{text}");
    }

    /// Every scalar pointer and every list of mappings of a document.
    fn places(value: &Json, at: String, scalars: &mut Vec<String>, lists: &mut Vec<String>) {
        match value {
            Json::Object(map) => {
                for (k, v) in map {
                    places(v, format!("{at}/{}", escape_pointer(k)), scalars, lists);
                }
            }
            Json::Array(items) => {
                if items.iter().all(Json::is_object) && !items.is_empty() {
                    lists.push(at.clone());
                }
                for (i, v) in items.iter().enumerate() {
                    places(v, format!("{at}/{i}"), scalars, lists);
                }
            }
            _ => scalars.push(at),
        }
    }

    /// The edit of `text` into `new` reads back as `new`.
    fn assert_patches(text: &str, old: &Node, new: &Json, what: &str) {
        let patched = patch(text, old, new);
        assert!(same(&tree(&patched).to_json(), new), "{what}:\n{patched}");
    }

    #[test]
    fn every_kind_of_edit_of_every_shipped_chapter_reads_back_as_intended() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("chapters");
        let mut files = Vec::new();
        for dir in ["national", "regional", "cooperating"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                files.push(entry.unwrap().path());
            }
        }
        assert!(files.len() >= 15);
        let edits = [
            Json::from("Nuevo: valor # con signos"),
            Json::from("línea uno\nlínea dos\n"),
            Json::from(12345),
            Json::from("plain"),
        ];
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let old = tree(&text);
            let doc = old.to_json();
            let (mut scalars, mut lists) = (Vec::new(), Vec::new());
            places(&doc, String::new(), &mut scalars, &mut lists);
            for (n, pointer) in scalars.iter().enumerate().step_by(3) {
                let mut new = doc.clone();
                *new.pointer_mut(pointer).unwrap() = edits[n % edits.len()].clone();
                assert_patches(&text, &old, &new, &format!("{}: {pointer}", file.display()));
            }
            for pointer in scalars.iter().skip(1).step_by(4) {
                // The key removed, and a new one added beside it.
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                let mut new = doc.clone();
                let Some(map) = new.pointer_mut(parent).and_then(Json::as_object_mut) else {
                    continue;
                };
                map.remove(key);
                map.insert("zz_added".to_string(), Json::from("añadido"));
                assert_patches(
                    &text,
                    &old,
                    &new,
                    &format!("{}: removing {pointer}", file.display()),
                );
            }
            for pointer in &lists {
                // The first item removed, then a copy of the last with a new id appended.
                let mut new = doc.clone();
                let items = new.pointer_mut(pointer).unwrap().as_array_mut().unwrap();
                let mut copy = items.last().unwrap().clone();
                items.remove(0);
                if let Some(id) = copy.get_mut("id") {
                    *id = Json::from("NEW-9.9");
                }
                items.push(copy);
                assert_patches(&text, &old, &new, &format!("{}: {pointer}", file.display()));
                // Every item removed: an empty list, not nothing.
                let mut new = doc.clone();
                *new.pointer_mut(pointer).unwrap() = Json::Array(Vec::new());
                assert_patches(&text, &old, &new, &format!("{}: {pointer}", file.display()));
            }
        }
    }
}

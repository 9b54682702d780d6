//! YAML text → spanned [`Node`] tree, in bounded time and memory.
//!
//! Built on saphyr's event parser rather than its loader so that mirps decides the limits and
//! the diagnostics: duplicate keys are reported at the second key with the first one labelled
//! (and loading goes on), nesting deeper than [`MAX_DEPTH`] and alias expansion beyond
//! [`ALIAS_BUDGET`] nodes stop the file with a `too-complex` error, and scalars are resolved
//! with the YAML 1.2 core schema (so `2019-11-15` stays text and `no` stays text). A syntax
//! error is reported where the drafter must act, in plain words ([`super::syntax`]).

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr::Scalar;
use saphyr_parser::{Event, Parser, ScanError, SpannedEventReceiver, Tag};

use super::diags;
use super::syntax::{self, Problem};
use super::tree::{Entry, Node, Value};
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile, Span};

pub use super::diags::control_character as control_character_found;

/// Deepest nesting of mappings and sequences accepted. Real chapters use fewer than ten.
pub const MAX_DEPTH: usize = 64;
/// Most nodes that alias expansion may produce in one file (defeats "billion laughs").
pub const ALIAS_BUDGET: usize = 10_000;

/// Parse one YAML file holding exactly one document. Problems go to `diags`; `None` when no
/// usable tree could be built.
pub fn parse(file: FileId, source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    let mut builder = Builder {
        file,
        source,
        stack: Vec::new(),
        docs: Vec::new(),
        anchors: HashMap::new(),
        alias_nodes: 0,
        fatal: None,
        diags: Vec::new(),
        cursor: (0, 0),
        doc_starts: Vec::new(),
    };
    // Pull events in a loop: `Parser::load` recurses once per nesting level and would overflow
    // the stack on deeply indented input before mirps's own depth limit could stop it.
    for item in Parser::new_from_str(&source.text) {
        match item {
            Ok((event, span)) => builder.on_event(event, span),
            Err(e) => builder.fail(syntax_error(file, source, &e)),
        }
        if builder.fatal.is_some() {
            break;
        }
    }
    diags.append(&mut builder.diags);
    if let Some(fatal) = builder.fatal {
        diags.push(fatal);
        return None;
    }
    let mut docs = builder.docs.into_iter();
    match (docs.next(), docs.next()) {
        (None, _) => {
            diags.push(diags::empty_document(file));
            None
        }
        (Some(first), None) => Some(first),
        (Some(first), Some(_)) => {
            let second = second_document(&source.text, builder.doc_starts.get(1).copied());
            diags.push(diags::multiple_documents(file, second));
            Some(first)
        }
    }
}

/// Where the second document of `text` starts: its `---`, or its first character when it has
/// none (a document after `...` needs no `---`), never part of a character.
fn second_document(text: &str, start: Option<usize>) -> Span {
    let mut start = start.unwrap_or(0).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let rest = &text[start..];
    let len = if rest.starts_with("---") {
        3
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    Span::new(start, start + len)
}

/// The diagnostic for a parser error: the mistake found where the drafter must act (see
/// [`syntax`]), in plain words.
fn syntax_error(file: FileId, source: &SourceFile, e: &ScanError) -> Diagnostic {
    let m = e.marker();
    let at = source.offset_of(m.line(), m.col());
    match syntax::explain(source, e.info(), at) {
        Problem::TooDeep { at } => diags::too_deep(file, at),
        Problem::ControlCharacter { at } => {
            // A raw control character (NUL, ESC…) in the file: name it, at its place. The
            // scanner's position is where it stopped, which is not always the character (after
            // a run of replaced bytes it pointed past the end of the file): then the first such
            // character of the text is the one, since the scanner reads in order.
            let text = &source.text;
            let at = at.min(text.len());
            let found = text[at..]
                .chars()
                .next()
                .filter(|c| is_unshowable(*c))
                .map(|c| (at, c))
                .or_else(|| text.char_indices().find(|(_, c)| is_unshowable(*c)));
            match found {
                Some((at, c)) => {
                    diags::control_character(file, Span::new(at, at + c.len_utf8()), c)
                }
                None => diags::control_character(file, Span::at(at), '\0'),
            }
        }
        Problem::TabIndent { span, line } => diags::tab_indent(file, span, line),
        Problem::TabAfterColon { span, line, key } => {
            diags::tab_after_colon(file, span, line, &key)
        }
        Problem::Tab { span, line } => diags::tab(file, span, line),
        Problem::DedentedKey {
            span,
            line,
            key,
            parent,
            parent_line,
            want,
            like,
        } => diags::dedented_key(
            file,
            span,
            line,
            &key,
            (&parent, parent_line),
            want,
            like.as_ref().map(|(k, l)| (k.as_str(), *l)),
        ),
        Problem::Misaligned {
            span,
            line,
            key,
            has,
            want,
            like,
            like_line,
        } => diags::misaligned_key(file, span, (line, &key), has, want, (&like, like_line)),
        Problem::DedentedText {
            span,
            line,
            key,
            want,
        } => diags::dedented_text(file, span, line, &key, want),
        Problem::FirstLineIndented {
            span,
            line,
            key,
            want,
        } => diags::first_line_indented(file, span, line, &key, want),
        Problem::ColonInText { span, key, fix, .. } => {
            diags::colon_in_text(file, span, key.as_deref(), &fix)
        }
        Problem::MissingDash {
            span,
            line,
            key,
            list,
            fix,
        } => diags::missing_dash(file, span, line, &key, list.as_deref(), &fix),
        Problem::DashWithoutSpace { span, line, fix } => {
            diags::dash_without_space(file, span, line, &fix)
        }
        Problem::MissingColon {
            span,
            line,
            key,
            fix,
        } => diags::missing_colon(file, span, line, &key, &fix),
        Problem::MissingSpace {
            span,
            line,
            key,
            fix,
        } => diags::missing_space(file, span, line, &key, &fix),
        Problem::UnclosedQuote {
            span,
            line,
            quote,
            fix,
        } => diags::unclosed_quote(file, span, line, quote, &fix),
        Problem::TextAfterQuote {
            span,
            key,
            quote,
            fix,
            ..
        } => diags::text_after_quote(file, span, key.as_deref(), quote, &fix),
        Problem::TextAfterBracket {
            span,
            key,
            open,
            fix,
            ..
        } => diags::text_after_bracket(file, span, key.as_deref(), open, &fix),
        Problem::SpecialStart {
            span, key, ch, fix, ..
        } => diags::special_start(file, span, key.as_deref(), ch, &fix),
        Problem::BadEscape { span, ch, fix, .. } => {
            diags::bad_escape(file, span, ch, fix.as_deref())
        }
        Problem::UnclosedBracket {
            span,
            line,
            open,
            fix,
        } => diags::unclosed_bracket(file, span, line, open, fix.as_deref()),
        Problem::StrayBracket { span, close, .. } => diags::stray_bracket(file, span, close),
        Problem::TextAfterBlockIndicator {
            span,
            line,
            key,
            indicator,
        } => diags::text_after_block_indicator(file, span, line, &key, indicator),
        Problem::Other { at, words } => diags::syntax_other(file, at, &words),
    }
}

struct Frame {
    node: Node,
    anchor: usize,
    /// For mappings: the key waiting for its value.
    pending_key: Option<Node>,
    /// For large mappings: the entries by the hash of their key, to report duplicates
    /// without a quadratic scan (and without copying the keys).
    keys: Option<KeyIndex>,
    /// A list item's first key was written again: the rest of the keys of the next item
    /// (written without its `-`) repeat too, and are not reported one by one.
    merged: bool,
}

/// Indexes into a mapping's entries, by the hash of their key text.
struct KeyIndex {
    table: hashbrown::HashTable<usize>,
    hasher: foldhash::fast::RandomState,
}

impl KeyIndex {
    fn of(entries: &[Entry]) -> KeyIndex {
        let mut index = KeyIndex {
            table: hashbrown::HashTable::with_capacity(entries.len() * 2),
            hasher: foldhash::fast::RandomState::default(),
        };
        for (i, e) in entries.iter().enumerate() {
            index.insert(entries, i, &e.key.key_text());
        }
        index
    }

    fn hash(&self, key: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.hasher, key)
    }

    /// The entry whose key is `key`.
    fn get<'e>(&self, entries: &'e [Entry], key: &str) -> Option<&'e Entry> {
        self.table
            .find(self.hash(key), |&i| entries[i].key.is_key(key))
            .map(|&i| &entries[i])
    }

    /// Index entry `i`, whose key is `key`.
    fn insert(&mut self, entries: &[Entry], i: usize, key: &str) {
        let hasher = &self.hasher;
        self.table
            .insert_unique(std::hash::BuildHasher::hash_one(hasher, key), i, |&j| {
                std::hash::BuildHasher::hash_one(hasher, entries[j].key.key_text().as_ref())
            });
    }
}

/// Mappings up to this size are searched linearly for duplicate keys.
const LINEAR_KEYS: usize = 16;

struct Builder<'s> {
    file: FileId,
    source: &'s SourceFile,
    stack: Vec<Frame>,
    docs: Vec<Node>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    fatal: Option<Diagnostic>,
    diags: Vec<Diagnostic>,
    /// (character index, byte offset) of the last marker converted.
    cursor: (usize, usize),
    /// Where each document starts (its `---` when explicit).
    doc_starts: Vec<usize>,
}

impl Builder<'_> {
    fn fail(&mut self, diagnostic: Diagnostic) {
        if self.fatal.is_none() {
            self.fatal = Some(diagnostic);
        }
        self.stack.clear();
        self.anchors.clear();
    }

    /// Byte offset of a parser marker. Markers mostly move forward, so a cursor advanced
    /// from the previous one makes this linear over the file; going back restarts at the line.
    fn offset(&mut self, m: saphyr_parser::Marker) -> usize {
        let (mut chars, mut bytes) = self.cursor;
        if m.index() < chars {
            bytes = self.source.offset_of(m.line(), 0);
            chars = m.index() - m.col();
        }
        self.cursor = advance(&self.source.text, (chars, bytes), m.index());
        self.cursor.1
    }

    fn open(&mut self, value: Value, anchor: usize, start: usize) {
        if self.stack.len() >= MAX_DEPTH {
            let d = diags::nested_too_deep(self.file, start, MAX_DEPTH);
            self.fail(d);
            return;
        }
        self.stack.push(Frame {
            node: Node::new(Span::at(start), value),
            anchor,
            pending_key: None,
            keys: None,
            merged: false,
        });
    }

    fn close(&mut self, end: usize) {
        if let Some(mut frame) = self.stack.pop() {
            frame.node.span = Span::new(frame.node.span.start as usize, end);
            self.insert(frame.node, frame.anchor);
        }
    }

    fn insert(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let in_seq = self.stack.len() >= 2
            && matches!(self.stack[self.stack.len() - 2].node.value, Value::Seq(_));
        let source = self.source;
        let Some(parent) = self.stack.last_mut() else {
            self.docs.push(node);
            return;
        };
        match &mut parent.node.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match parent.pending_key.take() {
                None => parent.pending_key = Some(node),
                Some(key) => {
                    let text = key.key_text();
                    let first = match &parent.keys {
                        Some(keys) => keys.get(entries, &text),
                        None => entries.iter().find(|e| e.key.is_key(&text)),
                    }
                    .map(|e| e.key.span);
                    if let Some(first) = first {
                        // The first key of a list item written again: perhaps a new item
                        // without its `-`.
                        let in_item =
                            in_seq && entries.first().is_some_and(|e| e.key.is_key(&text));
                        let line = |span: Span| source.line_col(span.start as usize).0;
                        if !parent.merged {
                            self.diags.push(diags::duplicate_key(
                                self.file,
                                &text,
                                (key.span, line(key.span)),
                                (first, line(first)),
                                in_item,
                            ));
                        }
                        parent.merged |= in_item;
                    } else {
                        if parent.keys.is_none() && entries.len() >= LINEAR_KEYS {
                            parent.keys = Some(KeyIndex::of(entries));
                        }
                        if let Some(keys) = &mut parent.keys {
                            keys.insert(entries, entries.len(), &text);
                        }
                        entries.push(Entry { key, value: node });
                    }
                }
            },
            _ => {}
        }
    }

    fn alias(&mut self, id: usize, span: Span) {
        let Some(target) = self.anchors.get(&id) else {
            return;
        };
        let size = count_nodes(target);
        self.alias_nodes = self.alias_nodes.saturating_add(size);
        if self.alias_nodes > ALIAS_BUDGET {
            let d = diags::too_many_aliases(self.file, span, ALIAS_BUDGET);
            self.fail(d);
            return;
        }
        let mut node = target.clone();
        node.span = span;
        self.insert(node, 0);
    }
}

/// Move a (character index, byte offset) cursor forward to character `target` of `text` (or
/// to its end).
fn advance(text: &str, (mut chars, mut bytes): (usize, usize), target: usize) -> (usize, usize) {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let text = text.as_bytes();
    while chars < target && bytes < text.len() {
        // Markers are mostly a few ASCII characters apart: take up to eight at once when the
        // bytes they cover are all ASCII, else one character by its first byte.
        let step = (target - chars).min(8);
        if let Some(word) = text.get(bytes..bytes + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let covered = if step == 8 {
                HIGH_BITS
            } else {
                HIGH_BITS & ((1 << (step * 8)) - 1)
            };
            if word & covered == 0 {
                bytes += step;
                chars += step;
                continue;
            }
        }
        bytes += match text[bytes] {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
        chars += 1;
    }
    (chars, bytes.min(text.len()))
}

/// The first control character of `text` that no output can show: C0 controls but tab, line
/// feed and carriage return (which YAML itself normalises), DEL, and the C1 controls. They
/// reach a text through YAML escapes (`"\e"`, `"\0"`, `"\x1b"`) or a paste from elsewhere.
pub fn control_character(text: &str) -> Option<char> {
    // Fast path: scan bytes; C1 controls are 0xC2 0x80..=0x9F in UTF-8.
    let bytes = text.as_bytes();
    let suspect = bytes
        .iter()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2);
    if !suspect {
        return None;
    }
    text.chars().find(|&c| is_unshowable(c))
}

/// Whether `c` is a control character an output cannot show (see [`control_character`]).
pub fn is_unshowable(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|e| 1 + count_nodes(&e.value))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// Most significant digits a number with a fraction or an exponent may have: numbers are read
/// as binary floating point, which holds 15 exactly (`123456789012345.12`, 17, would be read
/// as `…345.125` and published as `.12` by one output and `.13` by another).
const MAX_SIGNIFICANT_DIGITS: u32 = 15;

/// `invalid-value` when a number with a fraction or an exponent has more significant digits
/// than are kept exactly ([`MAX_SIGNIFICANT_DIGITS`]) or more than 28 decimal places (`1e-30`
/// would be 0): it would be published changed, so it is refused at its place.
fn inexact_number(file: FileId, span: Span, written: &str, read: f64) -> Option<Diagnostic> {
    use rust_decimal::Decimal;
    if !read.is_finite() {
        return None;
    }
    let text = written.trim_start_matches('+');
    let exact = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    };
    let fits = match exact {
        Some(d) => {
            let mut digits = d.mantissa().unsigned_abs();
            while digits != 0 && digits % 10 == 0 {
                digits /= 10;
            }
            digits < 10u128.pow(MAX_SIGNIFICANT_DIGITS)
        }
        // Too large for a decimal: the schema's range says so, at the value.
        None => read.abs() >= 7.9e28,
    };
    if fits {
        return None;
    }
    let kept = read.to_string();
    let shown = if kept.len() > 40 {
        format!("{read:e}")
    } else {
        kept
    };
    Some(diags::inexact_number(file, span, written, &shown))
}

fn scalar(
    text: Cow<'_, str>,
    style: saphyr_parser::ScalarStyle,
    tag: Option<&Cow<'_, Tag>>,
) -> Option<Value> {
    if surely_text(&text, style, tag) {
        return Some(Value::Str(text.into()));
    }
    Some(
        match Scalar::parse_from_cow_and_metadata(text, style, tag)? {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(b),
            Scalar::Integer(i) => Value::Int(i),
            Scalar::FloatingPoint(f) => Value::Float(f.into_inner()),
            Scalar::String(s) => Value::Str(s.into()),
        },
    )
}

/// Whether a scalar resolves to text without trying the core schema's other types: quoted and
/// block scalars always do, and so does a plain untagged one whose first character cannot
/// start a null, a boolean or a number (`~`, `null`, `true`, `false`, `.inf`, `-1`, `0x1f`…).
/// Most scalars are keys and texts, so this skips parsing them as numbers.
fn surely_text(text: &str, style: saphyr_parser::ScalarStyle, tag: Option<&Cow<'_, Tag>>) -> bool {
    if style != saphyr_parser::ScalarStyle::Plain {
        return true;
    }
    tag.is_none()
        && text
            .as_bytes()
            .first()
            .is_some_and(|&b| b >= 0x80 || (b.is_ascii_alphabetic() && !b"nNtTfFiI".contains(&b)))
}

impl<'input> SpannedEventReceiver<'input> for Builder<'_> {
    fn on_event(&mut self, event: Event<'input>, span: saphyr_parser::Span) {
        if self.fatal.is_some() {
            return;
        }
        let start = self.offset(span.start);
        match event {
            Event::SequenceStart(anchor, _) => self.open(Value::Seq(Vec::new()), anchor, start),
            Event::MappingStart(anchor, _) => self.open(Value::Map(Vec::new()), anchor, start),
            Event::SequenceEnd | Event::MappingEnd => self.close(start),
            Event::Scalar(text, style, anchor, tag) => {
                let end = self.offset(span.end);
                let span = Span::new(start, end);
                if let Some(c) = control_character(&text) {
                    self.diags.push(control_character_found(self.file, span, c));
                }
                // A number's text, kept to compare with the number it is read as.
                let written = (!surely_text(&text, style, tag.as_ref())).then(|| text.to_string());
                match scalar(text, style, tag.as_ref()) {
                    Some(value) => {
                        if let (Value::Float(f), Some(written)) = (&value, &written)
                            && let Some(d) = inexact_number(self.file, span, written, *f)
                        {
                            self.diags.push(d);
                        }
                        self.insert(Node::new(span, value), anchor)
                    }
                    None => {
                        self.diags.push(diags::tag_mismatch(self.file, span));
                        self.insert(Node::new(span, Value::Null), anchor);
                    }
                }
            }
            Event::Alias(id) => {
                let end = self.offset(span.end);
                self.alias(id, Span::new(start, end));
            }
            Event::DocumentEnd => {
                // A document with no content (`---` alone) yields no node at all.
            }
            Event::DocumentStart(_) => self.doc_starts.push(start),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn load(text: &str) -> (Option<Node>, Vec<Diagnostic>) {
        let source = SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into());
        let mut diags = Vec::new();
        let node = parse(0, &source, &mut diags);
        (node, diags)
    }

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let (node, diags) = load("kind: national-chapter\ntítulo: Recepción\n");
        assert!(diags.is_empty());
        let node = node.unwrap();
        let entry = node.entry("título").unwrap();
        assert_eq!(entry.key.span, Span::new(23, 30));
        assert_eq!(entry.value.span, Span::new(32, 42));
        assert_eq!(entry.value.as_str(), Some("Recepción"));
    }

    /// Parser positions count characters; spans count bytes.
    #[test]
    fn character_positions_become_byte_offsets() {
        let text = "aé🦀\nñ x ü😀ß\nabcdefghijklmnopé🦀qrstuvwxyz 0123456789ñ\n";
        let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        for (from, &from_byte) in starts.iter().enumerate() {
            for (to, &to_byte) in starts.iter().enumerate().skip(from) {
                assert_eq!(advance(text, (from, from_byte), to), (to, to_byte));
            }
            let end = advance(text, (from, from_byte), starts.len() + 5);
            assert_eq!(end.1, text.len());
        }
        let (node, _) = load("é: 🦀\nñañá: [ü, 'ß']\n");
        let entry = node.unwrap().entries()[1].clone();
        assert_eq!(entry.key.span, Span::new(9, 16));
        assert_eq!(entry.value.as_seq()[1].span, Span::new(23, 27));
    }

    /// The shortcut for text agrees with the core schema.
    #[test]
    fn text_shortcut_agrees_with_the_core_schema() {
        use saphyr_parser::ScalarStyle;
        let samples = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "12",
            "-12",
            "+12",
            "0x1f",
            "0o17",
            "1.5",
            ".5",
            "5.",
            "1e3",
            "-1E-3",
            ".inf",
            "-.inf",
            "+.INF",
            ".nan",
            ".NaN",
            "inf",
            "infinity",
            "nan",
            "NaN",
            "Inf",
            "2019-11-15",
            "GTM-1.1",
            "Recepción",
            "ñandú",
            "Éxito",
            "a",
            "Z9",
            "x1e3",
            "e5",
            "E5",
            "_1",
            "título",
            "🦀",
        ];
        for text in samples {
            if surely_text(text, ScalarStyle::Plain, None) {
                assert!(
                    matches!(
                        Scalar::parse_from_cow_and_metadata(text.into(), ScalarStyle::Plain, None),
                        Some(Scalar::String(_))
                    ),
                    "`{text}` is not text in the core schema"
                );
            }
        }
        assert!(surely_text("Recepción", ScalarStyle::Plain, None));
        assert!(!surely_text("true", ScalarStyle::Plain, None));
        assert!(surely_text("12", ScalarStyle::SingleQuoted, None));
    }

    #[test]
    fn resolves_scalars_with_the_core_schema() {
        let (node, _) = load("a: 2019-11-15\nb: no\nc: 12\nd: 1.5\ne: ~\nf: true\ng: '12'\n");
        let j = node.unwrap().to_json();
        assert_eq!(j["a"], "2019-11-15");
        assert_eq!(j["b"], "no");
        assert_eq!(j["c"], 12);
        assert_eq!(j["d"], 1.5);
        assert!(j["e"].is_null());
        assert_eq!(j["f"], true);
        assert_eq!(j["g"], "12");
    }

    #[test]
    fn duplicate_key_is_reported_at_the_second_key_and_loading_goes_on() {
        let (node, diags) = load("a: 1\nb: 2\na: 3\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::DuplicateKey);
        assert_eq!(diags[0].labels[0].span, Span::new(10, 11));
        assert_eq!(diags[0].labels[1].span, Span::new(0, 1));
        assert_eq!(node.unwrap().to_json()["a"], 1);
    }

    #[test]
    fn syntax_error_carries_the_parser_position() {
        let (node, diags) = load("a: [1, 2\nb: 3\n");
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::YamlSyntax);
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            let items = [prev.as_str(); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        let started = std::time::Instant::now();
        let (node, diags) = load(&text);
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::TooComplex);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let (node, diags) = load(&text);
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::TooComplex, "{}", diags[0].message);
        let text = format!("{}x\n", "- ".repeat(10_000));
        let (node, diags) = load(&text);
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::TooComplex);
        let text = "a:\n".to_string()
            + &(1..200)
                .map(|i| format!("{}b:\n", " ".repeat(i)))
                .collect::<String>();
        let (node, diags) = load(&text);
        assert!(node.is_none());
        assert_eq!(diags[0].code, Code::TooComplex);
    }

    #[test]
    fn empty_and_multi_document_files() {
        assert_eq!(load("").1[0].code, Code::EmptyDocument);
        assert_eq!(load("# only a comment\n").1[0].code, Code::EmptyDocument);
        let (node, diags) = load("a: 1\n---\nb: 2\n");
        assert!(node.is_some());
        assert_eq!(diags[0].code, Code::MultipleDocuments);
        assert_eq!(diags[0].labels[0].span, Span::new(5, 8), "at the `---`");
    }

    /// Found by fuzzing: the label of a second document was always three bytes long, as a
    /// `---` is, and split the character a document after `...` starts with.
    #[test]
    fn a_second_document_without_its_dashes_is_labelled_on_its_first_character() {
        let text = "a: 1\n...\nñé: 2\n";
        let (_, diags) = load(text);
        assert_eq!(diags[0].code, Code::MultipleDocuments);
        let span = diags[0].labels[0].span;
        assert_eq!(&text[span.range()], "ñ");
    }
}

//! The traps of YAML that a schema cannot see, found in the source text of a document.
//!
//! YAML reads some things drafters write otherwise than they meant, and the value it reads may
//! even be valid: `450.000` is 450 (a dot between thousands, as the region writes them),
//! `title: Compromiso #3` is `Compromiso` (the rest is a comment), `{ required: US$ 450,000 }`
//! is `US$ 450` and a key `000`. The typed value has lost what was written; the source text at
//! the value's span still has it. Each trap is one diagnostic, and it stands for the schema
//! errors it explains (the unknown key `0`), which are dropped.

use std::borrow::Cow;

use super::words::{self, WrittenAmount};
use super::{Doc, Schemas, diags};
use crate::diag::Diagnostic;
use crate::load::tree::{Node, Value};
use crate::source::{SourceFile, Span};

/// A trap found, and the span of the source it explains: diagnostics inside it are its
/// consequences.
pub(super) struct Trap {
    pub diag: Diagnostic,
    pub cover: Span,
}

/// One step of the path from the root to a node.
enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

struct Scan<'a, 's> {
    schemas: &'s Schemas,
    doc: &'s Doc<'s>,
    text: &'a str,
    /// Whether the document failed its schema: only then can a text stand where a number is
    /// asked for, so only then are texts and split flow entries read as amounts.
    invalid: bool,
    path: Vec<Step<'a>>,
    found: Vec<Trap>,
}

/// The traps of `tree`, read from `source`.
pub(super) fn scan(
    schemas: &Schemas,
    doc: &Doc<'_>,
    source: &SourceFile,
    valid: bool,
) -> Vec<Trap> {
    let mut scan = Scan {
        schemas,
        doc,
        text: &source.text,
        invalid: !valid,
        path: Vec::new(),
        found: Vec::new(),
    };
    scan.node(doc.tree);
    scan.found
}

impl<'a> Scan<'a, '_> {
    fn node(&mut self, node: &'a Node) {
        match &node.value {
            // A value that is part of an amount split by a flow mapping is reported with it.
            _ if self.covered(node.span) => {}
            Value::Float(f) => self.dotted_number(node, *f),
            Value::Str(s) => {
                self.hash_in_text(node, s);
                if self.invalid {
                    self.amount_as_text(node, s);
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Step::Index(i));
                    self.node(item);
                    self.path.pop();
                }
            }
            Value::Map(entries) => {
                for entry in entries {
                    self.path.push(Step::Key(entry.key.key_text()));
                    if self.invalid {
                        self.split_amount(&entry.value);
                    }
                    self.node(&entry.value);
                    self.path.pop();
                }
            }
            Value::Null | Value::Bool(_) | Value::Int(_) => {}
        }
    }

    /// Whether `span` is part of the last trap found.
    fn covered(&self, span: Span) -> bool {
        self.found
            .last()
            .is_some_and(|t| t.cover.start <= span.start && span.end <= t.cover.end)
    }

    /// The JSON Pointer of the node being looked at.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in &self.path {
            pointer.push('/');
            match step {
                Step::Key(k) => pointer.push_str(&k.replace('~', "~0").replace('/', "~1")),
                Step::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        pointer
    }

    /// The source text of a span (empty if the span is not in the text).
    fn source(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// `450.000`, read as 450: a number with one dot followed by exactly three digits, where an
    /// amount or a count is asked for.
    fn dotted_number(&mut self, node: &Node, read: f64) {
        let written = self.source(node.span);
        if !looks_dotted(written) {
            return;
        }
        let pointer = self.pointer();
        let expect = self.schemas.expected_at(self.doc.schema, &pointer);
        // A percentage or a year cannot be thousands.
        if !expect.number || expect.max.is_some_and(|max| max < 1000.0) {
            return;
        }
        let Some(amount) = words::written_amount(written) else {
            return;
        };
        self.found.push(Trap {
            diag: diags::thousands_separator(
                self.doc.file,
                node.span,
                diags::field(&pointer),
                written,
                &amount,
                Some(read.to_string()),
            ),
            cover: node.span,
        });
    }

    /// `US$ 450,000`, `450 000`, `1.200.000` as text where a number is asked for.
    fn amount_as_text(&mut self, node: &Node, text: &str) {
        if text.len() > 40 || !text.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let Some(amount) = words::written_amount(text) else {
            return;
        };
        let pointer = self.pointer();
        let expect = self.schemas.expected_at(self.doc.schema, &pointer);
        if !expect.number || expect.string {
            return;
        }
        let diag = self.amount_diagnostic(node.span, &pointer, text, &amount);
        self.found.push(Trap {
            diag,
            cover: node.span,
        });
    }

    /// `{ required: US$ 450,000 }`: in a flow mapping the comma ends the entry, so YAML reads
    /// `US$ 450` and then a key `000`. The value is followed, without a space, by `,` and digits.
    fn split_amount(&mut self, value: &Node) {
        if !matches!(value.value, Value::Str(_) | Value::Int(_) | Value::Float(_)) {
            return;
        }
        let bytes = self.text.as_bytes();
        let mut end = value.span.end as usize;
        // `,000`, then maybe more groups and decimals: `,000,000.50`.
        while matches!(bytes.get(end), Some(b',' | b'.'))
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
            && (end > value.span.end as usize || bytes[end] == b',')
        {
            end += 1;
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
        }
        if end == value.span.end as usize {
            return;
        }
        let span = Span::new(value.span.start as usize, end);
        let written = self.source(span);
        let Some(amount) = words::written_amount(written) else {
            return;
        };
        let pointer = self.pointer();
        let expect = self.schemas.expected_at(self.doc.schema, &pointer);
        if !expect.number {
            return;
        }
        let diag = self.amount_diagnostic(span, &pointer, written, &amount);
        self.found.push(Trap { diag, cover: span });
    }

    fn amount_diagnostic(
        &self,
        span: Span,
        pointer: &str,
        written: &str,
        amount: &WrittenAmount,
    ) -> Diagnostic {
        let name = diags::field(pointer);
        let commas_or_spaces = written.contains([',', ' ', '\u{a0}', '\u{202f}', '\'']);
        if amount.dots && !amount.currency && !commas_or_spaces {
            return diags::thousands_separator(self.doc.file, span, name, written, amount, None);
        }
        // The currency has its own key when the mapping holding the amount has one.
        let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let currency_key = self
            .doc
            .tree
            .pointer(parent)
            .is_some_and(|(n, _)| n.get("currency").is_some());
        diags::amount_format(self.doc.file, span, name, written, amount, currency_key)
    }

    /// `title: Compromiso #3 de protección`: a plain text followed on its line by ` #`, which
    /// YAML reads as the start of a comment, where the schema asks for free text.
    fn hash_in_text(&mut self, node: &Node, kept: &str) {
        let bytes = self.text.as_bytes();
        let (start, end) = (node.span.start as usize, node.span.end as usize);
        // Quoted and block texts keep their `#`; an alias (`*name`) is no text written here.
        if matches!(
            bytes.get(start),
            None | Some(b'"' | b'\'' | b'|' | b'>' | b'*')
        ) {
            return;
        }
        if !matches!(bytes.get(end), Some(b' ' | b'\t')) {
            return;
        }
        let line_end =
            memchr::memchr2(b'\n', b'\r', &bytes[end..]).map_or(bytes.len(), |i| end + i);
        let rest = &self.text[end..line_end];
        let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if !rest[gap..].starts_with('#') {
            return;
        }
        let comment_end = end + rest.trim_end().len();
        let pointer = self.pointer();
        let expect = self.schemas.expected_at(self.doc.schema, &pointer);
        if !expect.free_text {
            return;
        }
        let whole = format!("{kept}{}", &self.text[end..comment_end]);
        let span = Span::new(start, comment_end);
        self.found.push(Trap {
            diag: diags::text_after_hash(
                self.doc.file,
                span,
                diags::field(&text_field(&pointer)),
                kept,
                &quote(&whole),
            ),
            cover: span,
        });
    }
}

/// `450.000`: one to three digits (not starting with 0), a dot, exactly three digits.
fn looks_dotted(written: &str) -> bool {
    let Some((whole, fraction)) = written.split_once('.') else {
        return false;
    };
    (1..=3).contains(&whole.len())
        && !whole.starts_with('0')
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.len() == 3
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// The field a text belongs to: `/commitments/2/title` for `/commitments/2/title/es`.
fn text_field(pointer: &str) -> Cow<'_, str> {
    match pointer.rsplit_once('/') {
        Some((parent, last))
            if last.len() == 2
                && last.bytes().all(|b| b.is_ascii_lowercase())
                && parent
                    .rsplit('/')
                    .next()
                    .is_some_and(|p| p.parse::<usize>().is_err()) =>
        {
            Cow::Borrowed(parent)
        }
        _ => Cow::Borrowed(pointer),
    }
}

/// `text` between quotes as YAML reads it back: double quotes, or single ones (with `'`
/// doubled) when the text holds a double quote or a backslash.
fn quote(text: &str) -> String {
    if text.contains(['"', '\\']) {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        format!("\"{text}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_numbers() {
        assert!(looks_dotted("450.000"));
        assert!(looks_dotted("1.200"));
        assert!(!looks_dotted("0.125"));
        assert!(!looks_dotted("450.5"));
        assert!(!looks_dotted("4500.000"));
        assert!(!looks_dotted("450.0000"));
        assert!(!looks_dotted("450"));
    }

    #[test]
    fn text_fields_and_quotes() {
        assert_eq!(
            text_field("/commitments/2/title/es"),
            "/commitments/2/title"
        );
        assert_eq!(text_field("/commitments/2/title"), "/commitments/2/title");
        assert_eq!(text_field("/sections/0"), "/sections/0");
        assert_eq!(quote("Compromiso #3"), "\"Compromiso #3\"");
        assert_eq!(quote("El \"plan\" #3 d'a"), "'El \"plan\" #3 d''a'");
    }
}

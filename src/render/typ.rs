//! The Typst source of the PDF (`<lang>/mirps.typ`): the framework's views as *data*, handed
//! to the template (`mirps-pdf.typ`), which does all the layout.
//!
//! Safety: content is never written as Typst markup or code. Every content string becomes a
//! Typst string literal ([`string`]: backslash, quote and control characters escaped), inside
//! arrays and dictionaries whose shape mirps fixes; Markdown fields become a small tree of
//! blocks and inlines ([`rich`]) built from such strings. The template shows strings as text,
//! so `#read(…)`, `#import`, `$…$` or `]` in content stay literal characters: nothing in a
//! chapter can run code, read a file or change the layout.

use std::fmt::Write as _;

use anyhow::Result;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value, json};

use super::edition::Edition;

/// `text` as a Typst string literal, quotes included: the only way content enters the source.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON value as a Typst value: objects become dictionaries (string keys), arrays arrays,
/// strings string literals, null `none`. Objects with an `md` key are the views' Markdown
/// fields ([`super::view::Html`]: citations are `[ID](#ID "title")`); they become `(blocks: …,
/// fallback: …)` with the text as a [`rich`] tree, written on one line (their HTML forms are
/// left out). Other
/// containers of containers get a line per item, so the source reads (and errors point) well.
fn push_value(out: &mut String, value: &Value, known: Known<'_>, depth: Depth) {
    match value {
        Value::Null => out.push_str("none"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => push_number(out, n),
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            let inner = depth
                .filter(|_| items.iter().any(is_container))
                .map(|d| d + 1);
            out.push('(');
            for item in items {
                newline(out, inner);
                push_value(out, item, known, inner);
                out.push(',');
            }
            if !items.is_empty() {
                newline(out, inner.and(depth));
            }
            out.push(')');
        }
        Value::Object(map) => {
            if let Some(Value::String(markdown)) = map.get("md") {
                let mut rich_map = Map::new();
                rich_map.insert("blocks".into(), rich(markdown, known));
                if let Some(fallback) = map.get("fallback") {
                    rich_map.insert("fallback".into(), fallback.clone());
                }
                push_dict(out, &rich_map, known, None);
            } else {
                push_dict(out, map, known, depth);
            }
        }
    }
}

/// How deep a value is, for the indentation of its lines; `None` when it is written on one line.
type Depth = Option<usize>;

fn is_container(value: &Value) -> bool {
    matches!(value, Value::Array(_) | Value::Object(_))
}

fn newline(out: &mut String, depth: Depth) {
    if let Some(depth) = depth {
        out.push('\n');
        for _ in 0..depth.min(12) {
            out.push_str("  ");
        }
    }
}

fn push_dict(out: &mut String, map: &Map<String, Value>, known: Known<'_>, depth: Depth) {
    let entries: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    push_entries(out, &entries, known, depth);
}

/// A dictionary of `entries`, in their order.
fn push_entries(out: &mut String, entries: &[(&str, &Value)], known: Known<'_>, depth: Depth) {
    if entries.is_empty() {
        out.push_str("(:)");
        return;
    }
    let inner = depth
        .filter(|_| entries.iter().any(|(_, v)| is_container(v)))
        .map(|d| d + 1);
    out.push('(');
    for (key, value) in entries {
        newline(out, inner);
        push_string(out, key);
        out.push_str(": ");
        push_value(out, value, known, inner);
        out.push(',');
    }
    newline(out, inner.and(depth));
    out.push(')');
}

fn push_number(out: &mut String, n: &serde_json::Number) {
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else {
        let f = n.as_f64().unwrap_or(0.0);
        if f.is_finite() {
            let _ = write!(out, "{f:?}");
        } else {
            out.push_str("0.0");
        }
    }
}

/// Whether an id is a commitment, programme or pledge of the framework (a citation target).
type Known<'a> = &'a dyn Fn(&str) -> bool;

/// A Markdown text as a tree of blocks made of strings, for the template's `rich()`.
///
/// Blocks: `(par: inlines)`, `(heading: inlines)`, `(list: (blocks, …), ordered: bool,
/// start: int)`, `(quote: blocks)`, `(pre: "text")`, `(rule: true)`. Inlines: a string,
/// `(emph: inlines)`, `(strong: inlines)`, `(strike: inlines)`, `(code: "text")`,
/// `(ref: "ID", title: "…", body: inlines)` for a citation of a `known` id, `(url: "…", body: inlines)` for an http(s) or
/// mailto link, `(linebreak: true)`. Other links keep only their text; images only their
/// alternative text (nothing is ever loaded); raw HTML stays text.
pub fn rich(markdown: &str, known: Known<'_>) -> Value {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut stack = vec![Frame::new(Kind::Root)];
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Kind::Par,
                    Tag::Heading { .. } => Kind::Heading,
                    Tag::BlockQuote(_) => Kind::Quote,
                    Tag::CodeBlock(_) => Kind::Pre,
                    Tag::List(start) => Kind::List(start),
                    Tag::Item => Kind::Item,
                    Tag::Emphasis => Kind::Inline("emph"),
                    Tag::Strong => Kind::Inline("strong"),
                    Tag::Strikethrough => Kind::Inline("strike"),
                    Tag::Link {
                        dest_url, title, ..
                    } => Kind::Link(dest_url.to_string(), title.to_string()),
                    _ => Kind::Transparent,
                };
                if kind.is_block()
                    && let Some(parent) = stack.last_mut()
                {
                    parent.flush();
                }
                stack.push(Frame::new(kind));
            }
            Event::End(end) => {
                if stack.len() < 2 {
                    continue;
                }
                let mut frame = stack.pop().unwrap_or_else(|| Frame::new(Kind::Root));
                let parent = stack.last_mut().expect("the root frame stays");
                if matches!(end, TagEnd::Image) {
                    // The alternative text only.
                    parent.inlines.append(&mut frame.inlines);
                    continue;
                }
                frame.close(parent, known);
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                if let Some(top) = stack.last_mut() {
                    top.text(&text);
                }
            }
            Event::Code(text) => {
                if let Some(top) = stack.last_mut() {
                    top.inlines.push(json!({ "code": text.as_ref() }));
                }
            }
            Event::SoftBreak => {
                if let Some(top) = stack.last_mut() {
                    top.text(" ");
                }
            }
            Event::HardBreak => {
                if let Some(top) = stack.last_mut() {
                    top.inlines.push(json!({ "linebreak": true }));
                }
            }
            Event::Rule => {
                if let Some(top) = stack.last_mut() {
                    top.flush();
                    top.blocks.push(json!({ "rule": true }));
                }
            }
            Event::TaskListMarker(done) => {
                if let Some(top) = stack.last_mut() {
                    top.text(if done { "☑ " } else { "☐ " });
                }
            }
            Event::FootnoteReference(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                if let Some(top) = stack.last_mut() {
                    top.text(&text);
                }
            }
        }
    }
    // Unclosed frames cannot happen with pulldown-cmark; fold them in all the same.
    while stack.len() > 1 {
        let frame = stack.pop().unwrap_or_else(|| Frame::new(Kind::Root));
        if let Some(parent) = stack.last_mut() {
            frame.close(parent, known);
        }
    }
    let mut root = stack.pop().unwrap_or_else(|| Frame::new(Kind::Root));
    root.flush();
    Value::Array(root.blocks)
}

#[derive(Debug)]
enum Kind {
    Root,
    Par,
    Heading,
    Quote,
    Pre,
    List(Option<u64>),
    Item,
    Inline(&'static str),
    Link(String, String),
    Transparent,
}

impl Kind {
    fn is_block(&self) -> bool {
        matches!(
            self,
            Kind::Par | Kind::Heading | Kind::Quote | Kind::Pre | Kind::List(_)
        )
    }
}

struct Frame {
    kind: Kind,
    blocks: Vec<Value>,
    inlines: Vec<Value>,
}

impl Frame {
    fn new(kind: Kind) -> Frame {
        Frame {
            kind,
            blocks: Vec::new(),
            inlines: Vec::new(),
        }
    }

    /// Add text, merged with the text before it.
    fn text(&mut self, text: &str) {
        if let Some(Value::String(last)) = self.inlines.last_mut() {
            last.push_str(text);
        } else {
            self.inlines.push(Value::String(text.to_string()));
        }
    }

    /// Pending inlines become a paragraph.
    fn flush(&mut self) {
        if self.inlines.is_empty() {
            return;
        }
        let inlines = std::mem::take(&mut self.inlines);
        if inlines
            .iter()
            .all(|i| i.as_str().is_some_and(|s| s.trim().is_empty()))
        {
            return;
        }
        self.blocks.push(json!({ "par": inlines }));
    }

    fn add_inline(&mut self, value: Value) {
        if let (Value::String(s), Some(Value::String(last))) = (&value, self.inlines.last_mut()) {
            last.push_str(s);
        } else {
            self.inlines.push(value);
        }
    }

    /// Close this frame into its parent.
    fn close(mut self, parent: &mut Frame, known: Known<'_>) {
        match self.kind {
            Kind::Root | Kind::Transparent => {
                self.flush_if_blocks();
                parent.blocks.append(&mut self.blocks);
                for inline in self.inlines {
                    parent.add_inline(inline);
                }
            }
            Kind::Par => {
                if !self.inlines.is_empty() {
                    parent.blocks.push(json!({ "par": self.inlines }));
                }
            }
            Kind::Heading => parent.blocks.push(json!({ "heading": self.inlines })),
            Kind::Pre => {
                let text: String = self
                    .inlines
                    .iter()
                    .filter_map(|i| i.as_str())
                    .collect::<String>()
                    .trim_end_matches('\n')
                    .to_string();
                parent.blocks.push(json!({ "pre": text }));
            }
            Kind::Quote => {
                self.flush();
                parent.blocks.push(json!({ "quote": self.blocks }));
            }
            Kind::Item => {
                self.flush();
                parent.blocks.push(Value::Array(self.blocks));
            }
            Kind::List(start) => parent.blocks.push(json!({
                "list": self.blocks,
                "ordered": start.is_some(),
                "start": start.unwrap_or(1),
            })),
            Kind::Inline(name) => parent.add_inline(json!({ name: self.inlines })),
            Kind::Link(dest, title) => {
                let value = if let Some(id) = dest.strip_prefix('#').filter(|id| known(id)) {
                    json!({ "ref": id, "title": title, "body": self.inlines })
                } else if is_safe_url(&dest) {
                    json!({ "url": dest, "body": self.inlines })
                } else {
                    // Any other scheme (javascript:, file:, data:, …) or an anchor that is no
                    // item of the framework keeps its text only.
                    for inline in self.inlines {
                        parent.add_inline(inline);
                    }
                    return;
                };
                parent.add_inline(value);
            }
        }
    }

    fn flush_if_blocks(&mut self) {
        if !self.blocks.is_empty() {
            self.flush();
        }
    }
}

/// Links a reader may follow from the PDF: web and mail addresses only.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// The Typst source of a language's PDF: an import of the template, and the edition as data.
pub fn source(edition: &Edition) -> Result<String> {
    let document = super::site::document(edition)?;
    let mut out = String::with_capacity(1 << 16);
    out.push_str(
        "// The PDF of the framework, generated by `mirps build`: do not edit.\n\
         // The layout is in the template, `mirps-pdf.typ` (built in, or the framework's\n\
         // override in `[paths] templates`); below is only data, every text a string.\n\
         #import \"mirps-pdf.typ\": report\n\
         #report(",
    );
    let known = |id: &str| edition.targets.contains_key(id);
    // The edition's keys only: the shared context also holds the print page's furniture.
    let null = Value::Null;
    let entries: Vec<(&str, &Value)> = super::edition::KEYS
        .iter()
        .map(|key| (*key, document.get(key).unwrap_or(&null)))
        .collect();
    push_entries(&mut out, &entries, &known, Some(0));
    out.push_str(")\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(id: &str) -> bool {
        id == "GTM-1.1"
    }

    #[test]
    fn strings_are_escaped_so_content_cannot_end_them() {
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string(r#"a "quoted" \ b"#), r#""a \"quoted\" \\ b""#);
        assert_eq!(string("line\nnext\ttab\r"), r#""line\nnext\ttab\r""#);
        assert_eq!(string("\u{0}\u{1b}\u{7f}"), r#""\u{0}\u{1b}\u{7f}""#);
        // Typst syntax is just characters inside a string.
        assert_eq!(
            string(r#"#read("/etc/passwd") $x$ #panic() ]"#),
            r##""#read(\"/etc/passwd\") $x$ #panic() ]""##
        );
        assert_eq!(string("¿Año? ¡Sí! ñ –"), "\"¿Año? ¡Sí! ñ –\"");
    }

    #[test]
    fn a_string_literal_has_no_unescaped_quote_inside() {
        for evil in [
            "\"",
            "\\\"",
            "\\",
            "\"); #read(\"x\") //",
            "\\\\\"",
            "a\"\nb",
        ] {
            let literal = string(evil);
            let inner = &literal[1..literal.len() - 1];
            let mut escaped = false;
            for c in inner.chars() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else {
                    assert_ne!(c, '"', "unescaped quote in {literal}");
                    assert!(!c.is_control(), "raw control character in {literal}");
                }
            }
            assert!(
                !escaped,
                "a trailing backslash would escape the quote: {literal}"
            );
        }
    }

    #[test]
    fn values_become_typst_literals() {
        let mut out = String::new();
        push_value(
            &mut out,
            &json!({ "a": [1, 2.5, "x"], "b": null, "c": true, "d": [], "e": {} , "f": ["one"]}),
            &known,
            Some(0),
        );
        assert_eq!(
            out,
            "(\n  \"a\": (1,2.5,\"x\",),\n  \"b\": none,\n  \"c\": true,\n  \"d\": (),\n  \
             \"e\": (:),\n  \"f\": (\"one\",),\n)"
        );
    }

    #[test]
    fn markdown_becomes_a_tree_of_strings() {
        let tree = rich(
            "Ver *esto* y **aquello** en [GTM-1.1](#GTM-1.1 \"Registro\") [x](#X-9).\n\n- uno\n- `dos`",
            &known,
        );
        assert_eq!(
            tree,
            json!([
                { "par": [
                    "Ver ",
                    { "emph": ["esto"] },
                    " y ",
                    { "strong": ["aquello"] },
                    " en ",
                    { "ref": "GTM-1.1", "title": "Registro", "body": ["GTM-1.1"] },
                    " x.",
                ]},
                { "list": [[{ "par": ["uno"] }], [{ "par": [{ "code": "dos" }] }]], "ordered": false, "start": 1 },
            ])
        );
    }

    #[test]
    fn only_web_and_mail_links_survive() {
        let tree = rich(
            "[a](javascript:alert(1)) [b](file:///etc/passwd) [c](https://example.org) ![img](/etc/passwd)",
            &known,
        );
        let text = tree.to_string();
        assert!(!text.contains("javascript"), "{text}");
        assert!(!text.contains("/etc/passwd"), "{text}");
        assert!(
            text.contains(r#"{"body":["c"],"url":"https://example.org"}"#),
            "{text}"
        );
        assert!(text.contains("img"), "the alternative text stays: {text}");
    }

    #[test]
    fn typst_syntax_in_markdown_stays_text() {
        let tree = rich(
            "#import \"x.typ\" #read(\"/etc/passwd\") $x$ #panic(\"boom\")",
            &known,
        );
        assert_eq!(
            tree,
            json!([{ "par": ["#import \"x.typ\" #read(\"/etc/passwd\") $x$ #panic(\"boom\")"] }])
        );
        let mut out = String::new();
        push_value(
            &mut out,
            &json!({ "md": "#import \"x.typ\" #read(\"/etc/passwd\") $x$" }),
            &known,
            Some(0),
        );
        assert_eq!(
            out,
            r##"("blocks": (("par": ("#import \"x.typ\" #read(\"/etc/passwd\") $x$",),),),)"##
        );
    }
}

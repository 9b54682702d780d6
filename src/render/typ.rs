//! The Typst source of the PDF (`<lang>/mirps.typ`): the framework's views as *data*, handed
//! to the template (`mirps-pdf.typ`), which does all the layout.
//!
//! Safety: content is never written as Typst markup or code. Every content string becomes a
//! Typst string literal ([`string`]: backslash, quote and control characters escaped), inside
//! arrays and dictionaries whose shape mirps fixes; Markdown fields become a small tree of
//! blocks and inlines ([`rich`]) built from such strings. The template shows strings as text,
//! so `#read(…)`, `#import`, `$…$` or `]` in content stay literal characters: nothing in a
//! chapter can run code, read a file or change the layout.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context as _, Result};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::site::{Build, SiteInfo};
use super::text::Links;
use super::view::{self, Lang, Vocab};

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
/// strings string literals, null `none`. Objects with an `html` key are the views' Markdown
/// fields (in the Markdown document's dialect: citations are `[ID](#ID "title")`); they become
/// `(blocks: …, fallback: …)` with the text as a [`rich`] tree, written on one line. Other
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
            if let Some(Value::String(markdown)) = map.get("html") {
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
    if map.is_empty() {
        out.push_str("(:)");
        return;
    }
    let inner = depth
        .filter(|_| map.values().any(is_container))
        .map(|d| d + 1);
    out.push('(');
    for (key, value) in map {
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

/// `2025-11-30` as a date in words of `lang` (ISO form for other languages or other shapes).
pub fn long_date(iso: &str, lang: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return iso.to_string();
    };
    let (Ok(m), Ok(d)) = (month.parse::<usize>(), day.parse::<u32>()) else {
        return iso.to_string();
    };
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if !(1..=12).contains(&m) {
        return iso.to_string();
    }
    match lang {
        "es" => format!("{d} de {} de {year}", ES[m - 1]),
        "en" => format!("{d} {} {year}", EN[m - 1]),
        _ => iso.to_string(),
    }
}

/// `(year, month, day)` of an ISO date, for the compiler's fixed `today()`.
pub fn ymd(iso: &str) -> Option<(i32, u8, u8)> {
    let mut parts = iso.get(..10)?.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some((year, month, day))
}

fn number(d: Decimal) -> f64 {
    d.round().to_f64().unwrap_or(0.0)
}

/// A State's line of the overview: formatted totals and, for the chart, the figures.
#[derive(Serialize)]
struct StateLine {
    state: String,
    name: String,
    totals: view::TotalsView,
    /// Required, State investment, pledged (allocated and unallocated), in the base currency.
    chart: [f64; 3],
}

#[derive(Serialize)]
struct PillarLine {
    id: String,
    number: u32,
    title: String,
    /// Commitments by latest status: planned, in progress, completed, suspended, not reported.
    status: [usize; 5],
}

#[derive(Serialize)]
struct FundingLine {
    state: String,
    pillar: String,
    commitments: usize,
    required: String,
    state_investment: String,
    allocated: String,
    gap: String,
}

#[derive(Serialize)]
struct ContributorLine {
    contributor: String,
    name: String,
    south_south: bool,
    pledged: String,
    disbursed: String,
    allocated: String,
    unallocated: String,
}

/// The commitment index of one State.
#[derive(Serialize)]
struct IndexGroup {
    state: String,
    name: String,
    rows: Vec<view::Row>,
}

#[derive(Serialize)]
struct Meta {
    #[serde(flatten)]
    site: SiteInfo,
    cutoff_long: String,
    rates_date_long: Option<String>,
    rates: Vec<(String, String)>,
}

/// Everything the template lays out.
#[derive(Serialize)]
struct Data {
    lang: String,
    meta: Meta,
    figures: view::Figures,
    states: Vec<StateLine>,
    pillars: Vec<PillarLine>,
    matrix: Vec<view::MatrixRow>,
    funding: Vec<FundingLine>,
    contributors_funding: Vec<ContributorLine>,
    chapters: Vec<view::ChapterView>,
    plans: Vec<view::PlanView>,
    contributors: Vec<view::CooperationView>,
    index: Vec<IndexGroup>,
}

impl Build<'_> {
    /// The Typst source of this language's PDF: an import of the template and the data.
    pub fn typst(&self) -> Result<String> {
        let framework = self.framework;
        let config = &framework.config;
        let targets = view::targets(framework, self.lang);
        let lang = Lang {
            framework,
            code: self.lang,
            default: config.default_language(),
            targets: &targets,
            // Markdown fields stay Markdown (citations as `#ID` links), parsed by `rich`.
            markdown: true,
        };
        let vocab = Vocab::new(framework, self.lang);
        let single = Links::SinglePage;
        let name_of_state: BTreeMap<&str, String> = framework
            .chapters
            .iter()
            .map(|c| (c.state.as_str(), lang.text(&c.name, &c.language).text))
            .collect();
        let status_counts: BTreeMap<String, [usize; 5]> =
            view::pillar_status(framework).into_iter().collect();
        let funding = &framework.funding;

        let mut index: Vec<IndexGroup> = Vec::new();
        for row in view::rows(&lang, &vocab) {
            match index.last_mut() {
                Some(group) if group.state == row.state => group.rows.push(row),
                _ => index.push(IndexGroup {
                    name: name_of_state
                        .get(row.state.as_str())
                        .cloned()
                        .unwrap_or_else(|| row.state.clone()),
                    state: row.state.clone(),
                    rows: vec![row],
                }),
            }
        }

        let data = Data {
            lang: self.lang.to_string(),
            meta: Meta {
                site: SiteInfo::new(config, &lang, self.stamp),
                cutoff_long: long_date(&config.cutoff, self.lang),
                rates_date_long: config
                    .currency
                    .rates_date
                    .as_deref()
                    .map(|d| long_date(d, self.lang)),
                rates: config
                    .currency
                    .rates
                    .iter()
                    .map(|(currency, rate)| (currency.clone(), rate.to_string()))
                    .collect(),
            },
            figures: view::figures(framework),
            states: framework
                .chapters
                .iter()
                .map(|c| {
                    let t = funding.by_state.get(&c.state).cloned().unwrap_or_default();
                    let unallocated = funding
                        .unallocated_by_state
                        .get(&c.state)
                        .copied()
                        .unwrap_or_default();
                    StateLine {
                        state: c.state.clone(),
                        name: lang.text(&c.name, &c.language).text,
                        totals: view::state_totals(framework, &c.state),
                        chart: [
                            number(t.required),
                            number(t.state_investment),
                            number(t.allocated + unallocated),
                        ],
                    }
                })
                .collect(),
            pillars: config
                .pillars
                .iter()
                .map(|p| PillarLine {
                    id: p.id.clone(),
                    number: p.number,
                    title: vocab.pillars.get(&p.id).cloned().unwrap_or_default(),
                    status: status_counts.get(&p.id).copied().unwrap_or_default(),
                })
                .collect(),
            matrix: view::matrix(&lang),
            funding: {
                // By State, then in the order of the pillars.
                let order = |pillar: &str| config.pillars.iter().position(|p| p.id == pillar);
                let mut lines: Vec<(&str, &str, &crate::link::money::Totals)> = funding
                    .by_state_pillar
                    .iter()
                    .map(|(key, t)| {
                        let (state, pillar) = key.split_once('/').unwrap_or((key, ""));
                        (state, pillar, t)
                    })
                    .collect();
                lines.sort_by_key(|(state, pillar, _)| (*state, order(pillar)));
                lines
                    .into_iter()
                    .map(|(state, pillar, t)| FundingLine {
                        state: state.to_string(),
                        pillar: vocab
                            .pillars
                            .get(pillar)
                            .cloned()
                            .unwrap_or_else(|| pillar.to_string()),
                        commitments: t.commitments,
                        required: view::amount(t.required),
                        state_investment: view::amount(t.state_investment),
                        allocated: view::amount(t.allocated),
                        gap: view::amount(t.gap),
                    })
                    .collect()
            },
            contributors_funding: framework
                .cooperation
                .iter()
                .map(|c| {
                    let t = funding
                        .by_contributor
                        .get(&c.contributor)
                        .cloned()
                        .unwrap_or_default();
                    ContributorLine {
                        contributor: c.contributor.clone(),
                        name: lang.text(&c.name, &c.language).text,
                        south_south: c.south_south,
                        pledged: view::amount(t.pledged),
                        disbursed: view::amount(t.disbursed),
                        allocated: view::amount(t.allocated),
                        unallocated: view::amount(t.unallocated),
                    }
                })
                .collect(),
            chapters: framework
                .chapters
                .iter()
                .map(|c| view::chapter(&lang, &vocab, c, single))
                .collect(),
            plans: framework
                .plans
                .iter()
                .map(|p| view::plan(&lang, &vocab, p, single))
                .collect(),
            contributors: framework
                .cooperation
                .iter()
                .map(|c| view::cooperation(&lang, c, single))
                .collect(),
            index,
        };
        let value = serde_json::to_value(&data).with_context(|| {
            crate::t!(
                es: "no se pueden preparar los datos del PDF",
                en: "cannot prepare the PDF data",
            )
        })?;
        let mut out = String::with_capacity(1 << 16);
        out.push_str(
            "// The PDF of the framework, generated by `mirps build`: do not edit.\n\
             // The layout is in the template, `mirps-pdf.typ` (built in, or the framework's\n\
             // override in `[paths] templates`); below is only data, every text a string.\n\
             #import \"mirps-pdf.typ\": report\n\
             #report(",
        );
        let known = |id: &str| targets.contains_key(id);
        push_value(&mut out, &value, &known, Some(0));
        out.push_str(")\n");
        Ok(out)
    }
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
            &json!({ "html": "#import \"x.typ\" #read(\"/etc/passwd\") $x$" }),
            &known,
            Some(0),
        );
        assert_eq!(
            out,
            r##"("blocks": (("par": ("#import \"x.typ\" #read(\"/etc/passwd\") $x$",),),),)"##
        );
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(long_date("2025-11-30", "es"), "30 de noviembre de 2025");
        assert_eq!(long_date("2025-01-02", "en"), "2 January 2025");
        assert_eq!(long_date("2025-13-02", "en"), "2025-13-02");
        assert_eq!(long_date("2025-11-30", "fr"), "2025-11-30");
        assert_eq!(ymd("2025-11-30"), Some((2025, 11, 30)));
        assert_eq!(ymd("soon"), None);
    }
}

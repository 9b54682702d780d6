//! Content text for outputs: Markdown fields to sanitized HTML (pulldown-cmark, then ammonia),
//! `[[ID]]` citations to links carrying the target's title, and escaping for Markdown output.
//!
//! Content comes from many authors and is untrusted: the HTML of a Markdown field keeps only
//! ammonia's safe tags and attributes, links keep only http(s), mailto and relative URLs, and
//! no script, style, event handler or iframe survives.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

/// A content heading three levels down (`#` → `<h4>`), at most `<h6>`.
fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H4,
        HeadingLevel::H2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// What a citation links to: the page-relative href of the item and its title.
#[derive(Clone, Debug)]
pub struct Target {
    /// Relative to the HTML root, e.g. `national/gtm.html#GTM-1.3`.
    pub href: String,
    /// The item's anchor, e.g. `GTM-1.3`.
    pub anchor: String,
    pub title: String,
}

/// Where links of a page point: `prefix` goes before every site-relative href (`../` on a
/// nested page); on the single-page print version, only anchors are used.
#[derive(Clone, Copy, Debug)]
pub enum Links<'a> {
    Site { prefix: &'a str },
    SinglePage,
}

impl Links<'_> {
    pub fn href(&self, target: &Target) -> String {
        match self {
            Links::Site { prefix } => format!("{prefix}{}", target.href),
            Links::SinglePage => format!("#{}", target.anchor),
        }
    }
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect())
        // Relative links are kept only when they are the site's own (citations made by mirps);
        // a relative link written in content would point at nothing in the published site.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(own_link)))
        // Images would be fetched from elsewhere or point at nothing: content has none.
        .rm_tags(["img"])
        .link_rel(Some("noopener noreferrer"))
        .add_tag_attributes("a", ["title"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("td", ["align"]);
    b
});

/// Whether a relative URL is one mirps makes: `#ID`, or `[../]{national,regional,cooperation}/x.html#ID`.
fn own_link(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    let path = url.strip_prefix("../").unwrap_or(url);
    let ours = url.starts_with('#')
        || ["national/", "regional/", "cooperation/"]
            .iter()
            .any(|dir| {
                path.strip_prefix(dir).is_some_and(|rest| {
                    rest.split_once(".html#").is_some_and(|(page, id)| {
                        !page.is_empty()
                            && page.chars().all(|c| c.is_ascii_alphanumeric())
                            && !id.is_empty()
                    })
                })
            });
    ours.then(|| url.into())
}

/// Deepest nesting of lists and block quotes kept from content; deeper ones are flattened into
/// the deepest kept one, their text kept. No real text nests this deep, and without a bound a
/// text of 10,000 nested `*` would make every renderer recurse 10,000 levels.
const MAX_BLOCK_DEPTH: usize = 6;
/// Deepest nesting of emphasis, strong, strikethrough and links kept from content.
const MAX_INLINE_DEPTH: usize = 6;

fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options
}

/// How a citation is linked: the href and the title of the item an id names, or `None` to
/// leave the id as plain text.
type Cite<'c> = &'c dyn Fn(&str) -> Option<(String, String)>;

/// Which nesting bound a tag counts against.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nest {
    Block,
    /// A list item: kept with its list.
    Item,
    Inline,
    Other,
}

impl Nest {
    fn of(tag: &Tag<'_>) -> Nest {
        match tag {
            Tag::List(_) | Tag::BlockQuote(_) => Nest::Block,
            Tag::Item => Nest::Item,
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. } => Nest::Inline,
            _ => Nest::Other,
        }
    }
}

/// Content Markdown as events that every output renders safely, whatever the text holds:
///
/// - nesting is bounded ([`MAX_BLOCK_DEPTH`], [`MAX_INLINE_DEPTH`]): deeper lists, quotes and
///   emphasis are flattened, their text kept;
/// - raw HTML is text;
/// - a table row keeps the cells its text has: the empty ones the parser adds to fill a short
///   row are dropped, so that 256 columns over a thousand one-letter rows stay a few KB;
/// - a link keeps its target only when it is a web or mail address or an anchor (`#…`), read
///   after Markdown decoded it (`&#106;avascript:` is `javascript:`); an image keeps only its
///   alternative text (nothing is loaded from elsewhere);
/// - `[[ID]]` becomes a link made by `cite`, whose title is data for the renderer to escape
///   where it lands, never Markdown to be read again.
///
/// Each event comes with its range in `text` when it is the text's own, so a Markdown writer can
/// keep the author's spelling where it means the same; made or changed events have none.
fn content_events<'a>(text: &'a str, cite: Cite<'_>) -> Vec<(Event<'a>, Option<Range<usize>>)> {
    let mut out: Vec<(Event<'a>, Option<Range<usize>>)> = Vec::new();
    // Each open tag: whether it was kept, and the bound it counts against.
    let mut open: Vec<(bool, Nest)> = Vec::new();
    let (mut blocks, mut inlines) = (0usize, 0usize);
    // Dropped open tags: everything nested in a dropped tag of its bound is dropped too.
    let (mut dropped_blocks, mut dropped_inlines) = (0usize, 0usize);
    let mut in_code = false;
    let mut links = 0usize;
    // Where the table row being read ends: a cell that is empty and sits there is padding the
    // parser added to a short row, dropped so a row of one byte stays one cell.
    let mut row_end = None;
    // Consecutive texts, merged so a citation split over several events is still found.
    let mut pending = Pending::default();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Text(t) if !in_code => {
                pending.push(&t, Some(range));
                continue;
            }
            // Raw HTML is text, written anew (its spelling is HTML).
            Event::Html(t) | Event::InlineHtml(t) if !in_code => {
                pending.push(&t, None);
                continue;
            }
            _ => pending.flush(&mut out, cite, links > 0),
        }
        match event {
            Event::Start(tag) => {
                if matches!(tag, Tag::TableHead | Tag::TableRow) {
                    row_end = Some(range.end);
                }
                let nest = Nest::of(&tag);
                let keep = match (&nest, &tag) {
                    (_, Tag::Image { .. }) => false,
                    (_, Tag::TableCell) if range.is_empty() && Some(range.start) == row_end => {
                        false
                    }
                    (_, Tag::Link { dest_url, .. }) if !is_followable(dest_url) => false,
                    (Nest::Block, _) => dropped_blocks == 0 && blocks < MAX_BLOCK_DEPTH,
                    (Nest::Item, _) => dropped_blocks == 0,
                    (Nest::Inline, _) => dropped_inlines == 0 && inlines < MAX_INLINE_DEPTH,
                    (Nest::Other, _) => true,
                };
                match (keep, nest) {
                    (true, Nest::Block) => blocks += 1,
                    (true, Nest::Inline) => inlines += 1,
                    (false, Nest::Block) => dropped_blocks += 1,
                    (false, Nest::Inline) => dropped_inlines += 1,
                    // A flattened item's text is set apart from the one before it.
                    (false, Nest::Item) => pending.push(" ", None),
                    _ => {}
                }
                open.push((keep, nest));
                if !keep {
                    continue;
                }
                if matches!(tag, Tag::Link { .. }) {
                    links += 1;
                }
                in_code |= matches!(tag, Tag::CodeBlock(_));
                out.push(match tag {
                    // Raw HTML blocks are shown as text, in a paragraph.
                    Tag::HtmlBlock => (Event::Start(Tag::Paragraph), None),
                    tag => (Event::Start(tag), Some(range)),
                });
            }
            Event::End(end) => {
                let Some((kept, nest)) = open.pop() else {
                    continue;
                };
                match (kept, nest) {
                    (true, Nest::Block) => blocks -= 1,
                    (true, Nest::Inline) => inlines -= 1,
                    (false, Nest::Block) => dropped_blocks -= 1,
                    (false, Nest::Inline) => dropped_inlines -= 1,
                    _ => {}
                }
                if !kept {
                    continue;
                }
                if matches!(end, TagEnd::Link) {
                    links -= 1;
                }
                if matches!(end, TagEnd::CodeBlock) {
                    in_code = false;
                }
                out.push(match end {
                    TagEnd::HtmlBlock => (Event::End(TagEnd::Paragraph), None),
                    end => (Event::End(end), Some(range)),
                });
            }
            other => out.push((other, Some(range))),
        }
    }
    pending.flush(&mut out, cite, links > 0);
    out
}

/// Longest title a citation's link carries, in characters: a tooltip, not the text. Every
/// citation carries it, so without a bound a text citing a long title thousands of times made
/// outputs a thousand times larger than the chapters.
const MAX_TOOLTIP: usize = 200;

/// A cited item's title as its link's title: on one line (an attribute, never a place for a
/// paragraph), at most [`MAX_TOOLTIP`] characters, the last a `…` when cut.
fn tooltip(title: &str) -> String {
    let mut out = String::new();
    for (n, word) in title.split_whitespace().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.len() > 4 * MAX_TOOLTIP {
            break;
        }
    }
    match out.char_indices().nth(MAX_TOOLTIP - 1) {
        Some((cut, _)) => {
            out.truncate(cut);
            out.truncate(out.trim_end().len());
            out.push('…');
            out
        }
        None => out,
    }
}

/// Texts waiting to be scanned for citations, and the source range they cover while they are
/// the text's own, unbroken.
#[derive(Default)]
struct Pending {
    text: String,
    range: Option<Range<usize>>,
}

impl Pending {
    fn push(&mut self, text: &str, range: Option<Range<usize>>) {
        self.range = if self.text.is_empty() {
            range
        } else {
            match (self.range.take(), range) {
                (Some(before), Some(next)) if before.end == next.start => {
                    Some(before.start..next.end)
                }
                _ => None,
            }
        };
        self.text.push_str(text);
    }

    /// Push the merged text, with its `[[ID]]` citations made links (plain ids inside a link,
    /// which cannot hold another).
    fn flush<'a>(
        &mut self,
        out: &mut Vec<(Event<'a>, Option<Range<usize>>)>,
        cite: Cite<'_>,
        in_link: bool,
    ) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let range = self.range.take();
        let found = crate::check::citations(&text);
        if found.is_empty() {
            out.push((Event::Text(text.into()), range));
            return;
        }
        let mut last = 0;
        for (offset, id) in found {
            let end = offset + text[offset..].find("]]").map_or(0, |e| e + 2);
            if offset > last {
                out.push((Event::Text(text[last..offset].to_string().into()), None));
            }
            match cite(id).filter(|_| !in_link) {
                Some((href, title)) => {
                    out.push((
                        Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: href.into(),
                            title: tooltip(&title).into(),
                            id: "".into(),
                        }),
                        None,
                    ));
                    out.push((Event::Text(id.to_string().into()), None));
                    out.push((Event::End(TagEnd::Link), None));
                }
                None => out.push((Event::Text(id.to_string().into()), None)),
            }
            last = end;
        }
        if last < text.len() {
            out.push((Event::Text(text[last..].to_string().into()), None));
        }
    }
}

/// Whether a reader may follow a link written in content: a web or mail address, or an anchor
/// of the page. Checked as a browser reads it (leading spaces and controls ignored, any case).
fn is_followable(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let lower = url
        .get(..8.min(url.len()))
        .unwrap_or(url)
        .to_ascii_lowercase();
    url.starts_with('#')
        || ["http://", "https://", "mailto:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme))
}

/// Markdown → safe HTML, with `[[ID]]` citations resolved through `targets`.
pub fn markdown_to_html(text: &str, targets: &HashMap<String, Target>, links: Links<'_>) -> String {
    let cite = |id: &str| targets.get(id).map(|t| (links.href(t), t.title.clone()));
    // Headings written in content sit inside a page section: shift them below the page's own.
    let events = content_events(text, &cite)
        .into_iter()
        .map(|(event, _)| shift_heading(event));
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    SANITIZER.clean(&raw).to_string()
}

/// A content heading moved three levels down (see [`deeper`]).
fn shift_heading(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: deeper(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(deeper(level))),
        other => other,
    }
}

/// Markdown content for a Markdown document, written anew from its events: citations become
/// links to their anchors, raw HTML shows as text, links keep only web, mail and anchor
/// targets, headings sit below the document's own, and every text is escaped by the writer for
/// the spot it lands in, so nothing in it can end a link, start a heading or add HTML.
pub fn markdown_to_markdown(text: &str, targets: &HashMap<String, Target>) -> String {
    let cite = |id: &str| {
        targets
            .get(id)
            .map(|t| (format!("#{}", t.anchor), t.title.clone()))
    };
    let events: Vec<(Event<'_>, Option<Range<usize>>)> = content_events(text, &cite)
        .into_iter()
        .map(|(event, range)| match event {
            // A shifted heading is spelled anew.
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {
                (shift_heading(event), None)
            }
            event => (event, range),
        })
        .collect();
    let mut out = String::with_capacity(text.len() + 16);
    // Bullets as drafters write them (`- `).
    let written = pulldown_cmark_to_cmark::Options {
        list_token: '-',
        ..Default::default()
    };
    match pulldown_cmark_to_cmark::cmark_with_source_range_and_options(
        events.iter().map(|(event, range)| (event, range.clone())),
        text,
        &mut out,
        options(),
        written,
    ) {
        Ok(_) => out,
        // The writer refuses events it cannot write back; the text is still shown, as text.
        Err(_) => escape_markdown(text),
    }
}

/// Turn `javascript:`, `vbscript:` and `data:` (any case) into inert text, so no link of a
/// Markdown document can run code wherever it is rendered: the colon is percent-encoded, which
/// makes the URL a harmless relative one.
fn defuse_schemes(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i < text.len() {
        let hit = ["javascript:", "vbscript:", "data:"]
            .iter()
            .find(|s| lower[i..].starts_with(*s));
        if let Some(scheme) = hit {
            let colon = i + scheme.len() - 1;
            out.push_str(&text[last..colon]);
            out.push_str("%3A");
            last = colon + 1;
            i = last;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Plain text (a title, a name) for a Markdown document: characters Markdown would read as
/// formatting or HTML are escaped.
pub fn escape_markdown(text: &str) -> String {
    let text = defuse_schemes(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> HashMap<String, Target> {
        [(
            "GTM-1.1".to_string(),
            Target {
                href: "national/gtm.html#GTM-1.1".into(),
                anchor: "GTM-1.1".into(),
                title: "Registro \"rápido\"".into(),
            },
        )]
        .into()
    }

    /// `Lang::html_on` converts a text once for the site and the single page when
    /// `check::citations` finds none in it: only citations may link differently there,
    /// whatever else the text holds.
    #[test]
    fn only_citations_link_differently_on_the_single_page() {
        let site = Links::Site { prefix: "../" };
        for text in [
            "Ver [enlace](https://example.org/a) y <https://example.org/b>.",
            "[relativo](national/gtm.html#GTM-1.1) [ancla](#GTM-1.1) `[GTM-1.1]` [GTM-1.1]",
            "# Título\n\n- a\n- **b**\n\n| a | b |\n|---|---|\n| 1 | 2 |",
            "abre [[ y no cierra\n\n[[]]",
        ] {
            assert!(crate::check::citations(text).is_empty(), "{text}");
            assert_eq!(
                markdown_to_html(text, &targets(), site),
                markdown_to_html(text, &targets(), Links::SinglePage),
                "{text}"
            );
        }
        let cited = "Ver [[GTM-1.1]].";
        assert_ne!(
            markdown_to_html(cited, &targets(), site),
            markdown_to_html(cited, &targets(), Links::SinglePage)
        );
    }

    #[test]
    fn citations_become_links_with_the_title() {
        let html = markdown_to_html(
            "Ver [[GTM-1.1]].",
            &targets(),
            Links::Site { prefix: "../" },
        );
        assert!(html.contains(r#"<a href="../national/gtm.html#GTM-1.1" title="Registro &quot;rápido&quot;" rel="noopener noreferrer">GTM-1.1</a>"#), "{html}");
        let single = markdown_to_html("[[GTM-1.1]]", &targets(), Links::SinglePage);
        assert!(single.contains(r##"href="#GTM-1.1""##), "{single}");
        let md = markdown_to_markdown("Ver [[GTM-1.1]] y [[X-9]].", &targets());
        assert_eq!(
            md,
            "Ver [GTM-1.1](#GTM-1.1 \"Registro \\\"rápido\\\"\") y X-9."
        );
        // In code, a citation is code.
        let code = markdown_to_html("`[[GTM-1.1]]`", &targets(), Links::SinglePage);
        assert!(!code.contains("<a"), "{code}");
    }

    /// Content is parsed as a reader's Markdown viewer would parse it, then written back.
    fn as_a_viewer_reads_it(markdown: &str) -> String {
        let mut html = String::new();
        html::push_html(&mut html, Parser::new_ext(markdown, options()));
        html
    }

    #[test]
    fn no_script_survives() {
        let evil = "<script>alert(1)</script><img src=x onerror=alert(1)><iframe src=x></iframe>\
                    [a](javascript:alert(1)) <a href=\"javascript:alert(1)\">b</a> {{ 7*7 }} \
                    [e](&#106;avascript:alert(1)) [f]( JAVASCRIPT:x) ![i](https://example.org/t.png)\n\n\
                    [r]: javascript:alert(2)\n\n[g][r] <javascript:alert(3)>";
        let html = markdown_to_html(evil, &targets(), Links::Site { prefix: "" });
        let md = markdown_to_markdown(evil, &targets());
        // Rendered with raw HTML allowed, as many Markdown viewers do.
        let viewed = as_a_viewer_reads_it(&md);
        for out in [&html, &viewed] {
            for bad in [
                "<script",
                "<img",
                "<iframe",
                "<a href=\"javascript",
                "href=\"&#106",
            ] {
                assert!(!out.to_ascii_lowercase().contains(bad), "{bad} in {out}");
            }
            assert!(
                !out.contains("<a href") || out.matches("<a href").count() == 0,
                "{out}"
            );
            assert!(out.contains("{{ 7*7 }}"));
            assert!(
                out.contains("&lt;script&gt;"),
                "raw HTML shows as text: {out}"
            );
        }
        let relative = markdown_to_html(
            "[x](other.html) [y](../national/gtm.html#GTM-1.1) [z](#GTM-1.1) [w](https://example.org)",
            &targets(),
            Links::Site { prefix: "" },
        );
        assert!(!relative.contains("other.html"), "{relative}");
        assert!(!relative.contains("href=\"../national"), "{relative}");
        assert!(relative.contains("href=\"#GTM-1.1\""), "{relative}");
        assert!(
            relative.contains("href=\"https://example.org\""),
            "{relative}"
        );
    }

    /// A cited title with a blank line escaped the Markdown link title: a real heading and a
    /// live `<script>` followed, in any viewer that renders the document's HTML.
    #[test]
    fn markdown_breakout_through_a_cited_title() {
        let mut targets = targets();
        targets.get_mut("GTM-1.1").unwrap().title =
            "Registro\n\n# Encabezado falso\n\n<script>alert(1)</script>\") [x](javascript:alert(1)".into();
        let md = markdown_to_markdown("Ver [[GTM-1.1]] ahora.", &targets);
        let viewed = as_a_viewer_reads_it(&md);
        assert!(!viewed.contains("<h1"), "{md}\n{viewed}");
        assert!(!viewed.contains("<script"), "{md}\n{viewed}");
        assert!(!viewed.contains("href=\"javascript"), "{md}\n{viewed}");
        assert_eq!(viewed.matches("<a ").count(), 1, "{md}\n{viewed}");
        assert!(viewed.contains("ahora."), "{viewed}");
    }

    /// 10,000 nested list markers overflowed the stack of the PDF's Markdown tree; 100 nested
    /// emphases exceeded Typst's call depth. Nesting is flattened beyond a bound, text kept.
    /// How deeply `tag` elements nest in `html`.
    fn deepest(html: &str, tag: &str) -> usize {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let (mut depth, mut most, mut rest) = (0usize, 0, html);
        while let Some(at) = rest.find('<') {
            rest = &rest[at..];
            if rest.starts_with(&open) {
                depth += 1;
                most = most.max(depth);
            } else if rest.starts_with(&close) {
                depth = depth.saturating_sub(1);
            }
            rest = &rest[1..];
        }
        most
    }

    /// 10,000 nested list markers overflowed the stack of the PDF's Markdown tree; 100 nested
    /// emphases exceeded Typst's call depth. Nesting is flattened beyond a bound, text kept.
    #[test]
    fn deep_nesting_is_flattened_and_the_text_kept() {
        let lists = format!("{}fondo", "* ".repeat(10_000));
        let quotes = format!("{}cita", "> ".repeat(10_000));
        let emphasis: String = (0..100)
            .map(|i| if i % 2 == 0 { "*a " } else { "_b " })
            .chain(["texto"])
            .chain(
                (0..100)
                    .rev()
                    .map(|i| if i % 2 == 0 { " a*" } else { " b_" }),
            )
            .collect();
        let mixed = (0..60)
            .map(|i| format!("{}- nivel {i}\n", "  ".repeat(i)))
            .collect::<String>();
        let plain = markdown_to_html(&emphasis, &HashMap::new(), Links::SinglePage);
        assert!(
            deepest(&as_a_viewer_reads_it(&emphasis), "em") > 50,
            "{plain}"
        );
        for text in [&lists, &quotes, &emphasis, &mixed] {
            let html = markdown_to_html(text, &targets(), Links::SinglePage);
            let md = markdown_to_markdown(text, &targets());
            let viewed = as_a_viewer_reads_it(&md);
            for out in [&html, &viewed] {
                assert!(deepest(out, "ul") <= MAX_BLOCK_DEPTH, "{out}");
                assert!(deepest(out, "blockquote") <= MAX_BLOCK_DEPTH, "{out}");
                assert!(deepest(out, "em") <= MAX_INLINE_DEPTH, "{out}");
            }
            assert!(md.len() < 20 * text.len().max(1000), "{}", md.len());
        }
        assert!(markdown_to_html(&lists, &targets(), Links::SinglePage).contains("fondo"));
        assert!(markdown_to_markdown(&quotes, &targets()).contains("cita"));
        assert!(markdown_to_markdown(&emphasis, &targets()).contains("texto"));
        let mixed_html = markdown_to_html(&mixed, &targets(), Links::SinglePage);
        assert!(mixed_html.contains("nivel 0") && mixed_html.contains("nivel 59"));
    }

    /// A table of 256 columns whose 1,024 rows had one letter each (3 KB) became 2.4 MB of
    /// HTML: every row was padded to the header's width. Rows keep the cells they have.
    #[test]
    fn short_table_rows_are_not_padded_to_the_header() {
        let text = format!(
            "{}|\n{}|\n{}",
            "|a".repeat(256),
            "|-".repeat(256),
            "x\n".repeat(1024)
        );
        let html = markdown_to_html(&text, &targets(), Links::SinglePage);
        let md = markdown_to_markdown(&text, &targets());
        assert!(html.len() < 20 * text.len(), "{} bytes of HTML", html.len());
        assert!(md.len() < 20 * text.len(), "{} bytes of Markdown", md.len());
        assert_eq!(html.matches("<td>x</td>").count(), 1024);
        assert_eq!(html.matches("<td>").count(), 1024, "no padding cells");

        // Cells the author left empty are cells of the text, kept in place.
        let gaps = "|a|b|c|\n|-|-|-|\n|1||3|\n|||\n";
        let html = markdown_to_html(gaps, &targets(), Links::SinglePage);
        assert!(html.contains("<td>1</td><td></td><td>3</td>"), "{html}");
        assert_eq!(html.matches("<td></td>").count(), 3, "{html}");
        let md = markdown_to_markdown(gaps, &targets());
        assert_eq!(as_a_viewer_reads_it(&md), as_a_viewer_reads_it(gaps));
    }

    /// Each citation carried the cited title whole: 2,000 citations of a 10,000-character
    /// title made 72 KB of chapters into 121 MB of outputs. A citation's title is a tooltip,
    /// cut at 200 characters.
    #[test]
    fn citations_of_a_long_title_do_not_multiply_the_output() {
        let mut targets = targets();
        targets.get_mut("GTM-1.1").unwrap().title = "T".repeat(10_000);
        let text = "[[GTM-1.1]]".repeat(2_000);
        let html = markdown_to_html(&text, &targets, Links::SinglePage);
        let md = markdown_to_markdown(&text, &targets);
        for out in [&html, &md] {
            assert!(out.len() < 40 * text.len(), "{} bytes", out.len());
            assert_eq!(
                out.matches(&format!("T{}…", "T".repeat(198))).count(),
                2_000
            );
        }
        assert_eq!(tooltip("  Registro\n\n  rápido "), "Registro rápido");
        let cut = tooltip(&"á ".repeat(300));
        assert_eq!(cut.chars().count(), 200, "{cut}");
        assert!(cut.ends_with("á…"), "{cut}");
    }

    #[test]
    fn content_headings_stay_below_the_page_headings() {
        let html = markdown_to_html("# A\n\n### B", &targets(), Links::SinglePage);
        assert_eq!(html, "<h4>A</h4>\n<h6>B</h6>\n");
    }

    #[test]
    fn markdown_escapes_formatting_in_plain_text() {
        assert_eq!(
            escape_markdown("*a* [b] <c> #1"),
            "\\*a\\* \\[b\\] &lt;c&gt; \\#1"
        );
    }
}

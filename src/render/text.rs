//! Content text for outputs: Markdown fields to sanitized HTML (pulldown-cmark, then ammonia),
//! `[[ID]]` citations to links carrying the target's title, and escaping for Markdown output.
//!
//! Content comes from many authors and is untrusted: the HTML of a Markdown field keeps only
//! ammonia's safe tags and attributes, links keep only http(s), mailto and relative URLs, and
//! no script, style, event handler or iframe survives.

use std::collections::HashMap;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

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

/// Markdown → safe HTML, with `[[ID]]` citations resolved through `targets`.
pub fn markdown_to_html(text: &str, targets: &HashMap<String, Target>, links: Links<'_>) -> String {
    let text = cite(text, |id| match targets.get(id) {
        Some(t) => format!(
            "[{}]({} \"{}\")",
            id,
            links.href(t),
            t.title.replace('"', "'")
        ),
        None => id.to_string(),
    });
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // Headings written in content sit inside a page section: shift them below the page's own.
    let events = Parser::new_ext(&text, options).map(|event| match event {
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
    });
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    SANITIZER.clean(&raw).to_string()
}

/// Markdown content for a Markdown document: citations become links, and raw HTML is
/// neutralised so it shows as text wherever the document is rendered.
pub fn markdown_to_markdown(text: &str, targets: &HashMap<String, Target>) -> String {
    let text = defuse_schemes(&text.replace('<', "&lt;").replace('>', "&gt;"));
    cite(&text, |id| match targets.get(id) {
        Some(t) => format!("[{}](#{} \"{}\")", id, t.anchor, t.title.replace('"', "'")),
        None => id.to_string(),
    })
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

/// Replace every `[[ID]]` in `text` with `link(ID)`.
fn cite(text: &str, link: impl Fn(&str) -> String) -> String {
    let found = crate::check::citations(text);
    if found.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (offset, id) in found {
        let end = offset + text[offset..].find("]]").map_or(0, |e| e + 2);
        out.push_str(&text[last..offset]);
        out.push_str(&link(id));
        last = end;
    }
    out.push_str(&text[last..]);
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

    #[test]
    fn citations_become_links_with_the_title() {
        let html = markdown_to_html(
            "Ver [[GTM-1.1]].",
            &targets(),
            Links::Site { prefix: "../" },
        );
        assert!(html.contains(r#"<a href="../national/gtm.html#GTM-1.1" title="Registro 'rápido'" rel="noopener noreferrer">GTM-1.1</a>"#), "{html}");
        let single = markdown_to_html("[[GTM-1.1]]", &targets(), Links::SinglePage);
        assert!(single.contains(r##"href="#GTM-1.1""##), "{single}");
        let md = markdown_to_markdown("Ver [[GTM-1.1]] y [[X-9]].", &targets());
        assert_eq!(md, "Ver [GTM-1.1](#GTM-1.1 \"Registro 'rápido'\") y X-9.");
    }

    #[test]
    fn no_script_survives() {
        let evil = "<script>alert(1)</script><img src=x onerror=alert(1)><iframe src=x></iframe>\
                    [a](javascript:alert(1)) <a href=\"javascript:alert(1)\">b</a> {{ 7*7 }}";
        let html = markdown_to_html(evil, &targets(), Links::Site { prefix: "" });
        for bad in ["<script", "onerror", "<iframe", "href=\"javascript", "<img"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        let relative = markdown_to_html(
            "[x](other.html) [y](../national/gtm.html#GTM-1.1)",
            &targets(),
            Links::Site { prefix: "" },
        );
        assert!(!relative.contains("other.html"), "{relative}");
        assert!(
            relative.contains("href=\"../national/gtm.html#GTM-1.1\""),
            "{relative}"
        );
        assert!(html.contains("{{ 7*7 }}"));
        let md = markdown_to_markdown(evil, &targets());
        assert!(!md.contains("<script"));
        assert!(!md.to_ascii_lowercase().contains("javascript:"), "{md}");
        assert!(md.contains("[a](javascript%3Aalert(1))"));
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

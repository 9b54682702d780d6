//! Content Markdown → the HTML of the site (nested pages and the single page) and the Markdown
//! document, with `[[ID]]` citations resolved to a target whose title the fuzzer chooses.
//!
//! Checks, besides "no panic":
//! - HTML: no element that runs or loads anything (`script`, `img`, `iframe`, `style`, …), no
//!   event handler, `style` or `src` attribute, and every `href` a web or mail address, an
//!   anchor or a page of the site;
//! - Markdown: read again by pulldown-cmark as a viewer would (raw HTML allowed), it holds no
//!   raw HTML at all (so no `<script>`), and no link or image to a `javascript:`, `vbscript:` or
//!   `data:` URL;
//! - each output stays within [`size_bound`] of its input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mirps::render::text::{self, Links};
use mirps_fuzz::markdown::{
    as_browser_reads, is_dangerous, size_bound, split, tags, targets, unescape_attribute,
};
use pulldown_cmark::{Event, Options, Parser, Tag};

const FORBIDDEN_TAGS: &[&str] = &[
    "script", "img", "iframe", "frame", "style", "object", "embed", "svg", "math", "form", "input",
    "button", "base", "link", "meta", "video", "audio", "source", "picture",
];

fuzz_target!(|data: &[u8]| {
    if data.len() > mirps_fuzz::MAX_LEN {
        return;
    }
    let (title, text) = split(data);
    let targets = targets(&title);
    let bound = size_bound(&text, &title);

    for links in [Links::Site { prefix: "../" }, Links::SinglePage] {
        let html = text::markdown_to_html(&text, &targets, links);
        assert!(
            html.len() <= bound,
            "{} bytes of HTML from {} bytes",
            html.len(),
            text.len()
        );
        check_html(&html);
    }

    let markdown = text::markdown_to_markdown(&text, &targets);
    assert!(
        markdown.len() <= bound,
        "{} bytes of Markdown from {} bytes",
        markdown.len(),
        text.len()
    );
    check_markdown(&markdown);
});

fn check_html(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    for (tag, attrs) in tags(html) {
        assert!(!FORBIDDEN_TAGS.contains(&tag.as_str()), "<{tag}> in {html}");
        for (name, value) in attrs {
            assert!(
                !name.starts_with("on") && name != "style" && name != "src" && name != "srcset",
                "attribute {name} on <{tag}> in {html}"
            );
            if name == "href" {
                let url = as_browser_reads(&unescape_attribute(&value));
                let allowed = ["http://", "https://", "mailto:", "#"]
                    .iter()
                    .chain(&["national/", "regional/", "cooperation/"])
                    .chain(&["../national/", "../regional/", "../cooperation/"])
                    .any(|prefix| url.starts_with(prefix));
                assert!(allowed, "href {value:?} in {html}");
            }
        }
    }
}

fn check_markdown(markdown: &str) {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                panic!("raw HTML {raw:?} in the Markdown document:\n{markdown}")
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                assert!(
                    !is_dangerous(&dest_url),
                    "link to {dest_url:?} in:\n{markdown}"
                );
            }
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options));
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "{markdown}\n→ {html}"
    );
}

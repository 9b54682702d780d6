//! Content Markdown → the Typst source of the PDF, the way `mirps build` makes it: the field is
//! written as the Markdown document's dialect (`markdown_to_markdown`, citations as `#ID`
//! links), then read into the tree of blocks and inlines of strings (`render::typ::rich`) that
//! the template lays out; every text enters the source as a string literal (`typ::string`).
//! Built with the feature `pdf` (it needs the Typst module): `cargo fuzz run --features pdf`.
//!
//! Checks, besides "no panic":
//! - every link of the tree is a web or mail address (`url`) or a citation of a known id (`ref`);
//! - lists and quotes nest at most 6 deep, emphasis and links at most 7 (6 written, 1 citation),
//!   so the template's recursion stays well inside Typst's limit;
//! - every string of the tree, and the title, becomes one well-formed Typst string literal that
//!   reads back as the same text;
//! - the tree stays within [`size_bound`] of the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mirps::render::{text, typ};
use mirps_fuzz::markdown::{size_bound, split, targets};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    if data.len() > mirps_fuzz::MAX_LEN {
        return;
    }
    let (title, content) = split(data);
    let targets = targets(&title);
    let markdown = text::markdown_to_markdown(&content, &targets);
    let known = |id: &str| targets.contains_key(id);
    let tree = typ::rich(&markdown, &known);
    check(&tree, &targets, 0, 0);
    let written = serde_json::to_string(&tree).expect("the tree is JSON");
    let bound = size_bound(&content, &title);
    assert!(
        written.len() <= bound,
        "{} bytes of tree from {} bytes",
        written.len(),
        content.len()
    );
    check_literal(&title);
});

/// Walk the tree: links, nesting and every string.
fn check(
    value: &Value,
    targets: &std::collections::HashMap<String, text::Target>,
    blocks: usize,
    inlines: usize,
) {
    assert!(blocks <= 6, "lists and quotes nested {blocks} deep");
    assert!(inlines <= 7, "emphasis and links nested {inlines} deep");
    match value {
        Value::String(s) => check_literal(s),
        Value::Array(items) => {
            for item in items {
                check(item, targets, blocks, inlines);
            }
        }
        Value::Object(map) => {
            if let Some(url) = map.get("url") {
                let url = url.as_str().expect("a url is a string");
                let lower = url.trim().to_ascii_lowercase();
                assert!(
                    ["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| lower.starts_with(s)),
                    "url {url:?}"
                );
            }
            if let Some(id) = map.get("ref") {
                let id = id.as_str().expect("a ref is a string");
                assert!(targets.contains_key(id), "ref to unknown {id:?}");
            }
            let block = map.contains_key("list") || map.contains_key("quote");
            let inline = ["emph", "strong", "strike", "url", "ref"]
                .iter()
                .any(|k| map.contains_key(*k));
            for (key, item) in map {
                check_literal(key);
                check(
                    item,
                    targets,
                    blocks + usize::from(block),
                    inlines + usize::from(inline),
                );
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// `typ::string(text)` is one Typst string literal: quoted, no raw control character, every
/// quote inside escaped; and it reads back as `text`.
fn check_literal(text: &str) {
    let literal = typ::string(text);
    let inner = literal
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or_else(|| panic!("not quoted: {literal:?}"));
    let mut read = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        assert!(!c.is_control(), "raw control {c:?} in {literal:?}");
        assert!(c != '"', "unescaped quote in {literal:?}");
        if c != '\\' {
            read.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => read.push('\\'),
            Some('"') => read.push('"'),
            Some('n') => read.push('\n'),
            Some('r') => read.push('\r'),
            Some('t') => read.push('\t'),
            Some('u') => {
                assert_eq!(chars.next(), Some('{'), "{literal:?}");
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).expect("hex escape");
                read.push(char::from_u32(code).expect("a character"));
            }
            other => panic!("escape \\{other:?} in {literal:?}"),
        }
    }
    assert_eq!(read, text, "{literal:?}");
}

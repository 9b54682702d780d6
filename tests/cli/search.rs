//! The site's search index (`<lang>/html/assets/search.js`): what it lets a reader find.

use scraper::{Html, Selector};

use super::support::Framework;

/// The entries of a built site's search index.
fn search_entries(html_root: &std::path::Path) -> Vec<serde_json::Value> {
    let script = std::fs::read_to_string(html_root.join("assets/search.js")).unwrap();
    let json = script
        .trim_end()
        .strip_prefix("window.MIRPS_SEARCH = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap_or_else(|| panic!("not one assignment: {}", &script[..script.len().min(200)]));
    serde_json::from_str(json).expect("the search index is JSON")
}

/// The search found commitments, programmes and pledges but none of the chapters' text: "San
/// Pedro Sula", in the summaries, found nothing (issue #11, defect 7).
#[test]
fn search_finds_chapter_text() {
    let framework = Framework::shipped();
    let out = framework.path().join("build");
    let out_arg = out.to_str().unwrap();
    framework
        .run(&["build", "--format", "html", "--out", out_arg])
        .assert_code(0);
    let root = out.join("es/html");
    let entries = search_entries(&root);
    let hits: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| e["k"] == "t" && e["d"].as_str().unwrap_or("").contains("San Pedro Sula"))
        .collect();
    assert!(
        !hits.is_empty(),
        "no chapter text with San Pedro Sula in the es search index"
    );
    for hit in hits {
        let href = hit["h"].as_str().unwrap();
        let (page, anchor) = href
            .split_once('#')
            .unwrap_or_else(|| panic!("no anchor: {href}"));
        let path = root.join(page);
        assert!(path.is_file(), "{href}: no such page");
        // Every hit's anchor is on its page (a chapter's part, or a plan's or contributor's
        // summary).
        let html = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        let selector = Selector::parse("[id]").unwrap();
        assert!(
            html.select(&selector)
                .any(|e| e.value().attr("id") == Some(anchor)),
            "{href}: no element with id {anchor}"
        );
    }
    // And one of them is a national chapter's part.
    assert!(entries.iter().any(|e| {
        e["k"] == "t"
            && e["d"].as_str().unwrap_or("").contains("San Pedro Sula")
            && e["h"]
                .as_str()
                .is_some_and(|h| h.starts_with("national/") && h.contains(".html#"))
    }));
}

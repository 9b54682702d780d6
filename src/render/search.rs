//! `assets/search.js`: the site's search index, one entry per commitment, programme and pledge
//! and one per part of the narrative (a chapter's summary, context and sections, a plan's and a
//! contributor's summary), as plain text in the site's language. `assets/app.js` searches it
//! in the browser, ignoring case and accents.
//!
//! The index is a script assigning one array to `window.MIRPS_SEARCH` (a page opened from
//! `file://` cannot fetch a JSON file). Its texts are data: JSON-escaped, and with every `<`
//! escaped so that no text can end a script or open a comment even if the file is inlined.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::routes;
use super::routes::anchor::{
    CONTEXT_PART as CONTEXT_ANCHOR, SUMMARY_PART as SUMMARY_ANCHOR, section as section_anchor,
};
use super::view::Lang;
use crate::link::Framework;
use crate::model::Localized;

/// Longest description of a commitment, programme or pledge kept in the index, in characters.
const MAX_ITEM_TEXT: usize = 400;

/// Longest text of one part of the narrative kept in the index, in characters: about 600
/// words, more than any summary, context or section of the shipped framework, so the whole of
/// the narrative a reader sees is found. The bound is what keeps the index small whatever a
/// text holds: a pasted report of a megabyte adds 4 KB, and the narrative stays a sliver of
/// an index whose size is set by its commitments (a framework of 100,000 commitments has a
/// few hundred parts of narrative: at most a megabyte or two of it).
const MAX_NARRATIVE_TEXT: usize = 4_000;

/// Kinds of entry, as `assets/app.js` reads them (`k`).
const KIND_COMMITMENT: &str = "c";
const KIND_PROGRAMME: &str = "p";
const KIND_PLEDGE: &str = "g";
/// A part of the narrative.
const KIND_TEXT: &str = "t";

/// Parts of the narrative: a chapter's summary and context are named by the catalogue's words
/// of these keys (`templates/i18n.toml`), a section by its own heading.
const PART_SUMMARY: &str = "summary";
const PART_CONTEXT: &str = "context";

#[derive(Serialize)]
struct Entry<'a> {
    /// Id: the item's (`GTM-1.3`), or for a part of the narrative its document's code (`GTM`).
    i: &'a str,
    /// Title: the item's, or a part of the narrative's heading: its document's name and the
    /// part's (`Guatemala — Contexto`).
    t: String,
    /// Description or text, as plain text.
    d: String,
    /// Href relative to the HTML root.
    h: String,
    /// Kind: c (commitment), p (programme), g (pledge), t (text of the narrative).
    k: &'static str,
}

/// The whole of `assets/search.js` for `lang`.
pub fn index<'a>(framework: &'a Framework, lang: &Lang<'_>) -> anyhow::Result<String> {
    let mut entries = Vec::new();
    // A commitment, programme or pledge: its id, title and description, on `page`.
    let item = |id: &'a str,
                title: &Localized,
                description: Option<&Localized>,
                doc: &str,
                page: String,
                kind: &'static str| Entry {
        i: id,
        t: lang.text(title, doc).text,
        d: description
            .map(|d| plain(&lang.text(d, doc).text))
            .unwrap_or_default(),
        h: routes::at(&page, &routes::anchor::item(id)),
        k: kind,
    };
    for (ch, c) in framework.commitments() {
        entries.push(item(
            &c.id,
            &c.title,
            c.description.as_ref(),
            &ch.language,
            routes::chapter(&ch.state),
            KIND_COMMITMENT,
        ));
    }
    for (plan, p) in framework.programmes() {
        entries.push(item(
            &p.id,
            &p.title,
            p.description.as_ref(),
            &plan.language,
            routes::plan(&plan.organization),
            KIND_PROGRAMME,
        ));
    }
    for (coop, p) in framework.pledges() {
        entries.push(item(
            &p.id,
            &p.title,
            p.description.as_ref(),
            &coop.language,
            routes::cooperation(&coop.contributor),
            KIND_PLEDGE,
        ));
    }

    // The narrative, in the order of the site's index.
    let word = |key: &str| {
        lang.words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    };
    let part = |code, name: &str, part: &str, page: &str, anchor: &str, text: &str| Entry {
        i: code,
        t: heading(name, part),
        d: narrative(text),
        h: routes::at(page, anchor),
        k: KIND_TEXT,
    };
    let (summary_word, context_word) = (word(PART_SUMMARY), word(PART_CONTEXT));
    for ch in &framework.chapters {
        let doc = &ch.language;
        let page = routes::chapter(&ch.state);
        let name = lang.text(&ch.name, doc).text;
        let summary = lang.text(&ch.summary, doc).text;
        entries.push(part(
            &ch.state,
            &name,
            &summary_word,
            &page,
            SUMMARY_ANCHOR,
            &summary,
        ));
        if let Some(context) = &ch.context {
            let context = lang.text(context, doc).text;
            entries.push(part(
                &ch.state,
                &name,
                &context_word,
                &page,
                CONTEXT_ANCHOR,
                &context,
            ));
        }
        for (n, section) in ch.sections.iter().enumerate() {
            let title = lang.text(&section.title, doc).text;
            let body = lang.text(&section.body, doc).text;
            let anchor = section_anchor(n + 1);
            entries.push(part(&ch.state, &name, &title, &page, &anchor, &body));
        }
    }
    for plan in &framework.plans {
        let doc = &plan.language;
        let page = routes::plan(&plan.organization);
        let name = lang.text(&plan.name, doc).text;
        let summary = lang.text(&plan.summary, doc).text;
        let code = &plan.organization;
        entries.push(part(
            code,
            &name,
            &summary_word,
            &page,
            SUMMARY_ANCHOR,
            &summary,
        ));
    }
    for coop in &framework.cooperation {
        let Some(summary) = &coop.summary else {
            continue;
        };
        let doc = &coop.language;
        let page = routes::cooperation(&coop.contributor);
        let name = lang.text(&coop.name, doc).text;
        let summary = lang.text(summary, doc).text;
        let code = &coop.contributor;
        entries.push(part(
            code,
            &name,
            &summary_word,
            &page,
            SUMMARY_ANCHOR,
            &summary,
        ));
    }

    // JSON is valid JavaScript; `<` is escaped so the file stays inert even if inlined, and the
    // two line separators JSON allows in strings are escaped for the scripts that do not.
    let json = serde_json::to_string(&entries)?
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    Ok(format!("window.MIRPS_SEARCH = {json};\n"))
}

/// Plain text from a description, for the index: no markup, citations as their ids. A quick
/// filter rather than a Markdown reading: there is one description per commitment, and the
/// index of a large framework is made from hundreds of thousands of them.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '*' | '_' | '#' | '`' | '[' | ']' | '>' | '|' => {}
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(out, MAX_ITEM_TEXT)
}

/// A part of the narrative's heading, on one line: `Guatemala — Contexto`. A heading is a
/// title, not a text: at most [`MAX_ITEM_TEXT`] characters of it are kept.
fn heading(name: &str, part: &str) -> String {
    let mut out = String::with_capacity(name.len() + part.len() + 5);
    push_words(&mut out, name);
    let name = cut(out.trim_end().to_string(), MAX_ITEM_TEXT);
    out.clear();
    push_words(&mut out, part);
    let part = cut(out.trim_end().to_string(), MAX_ITEM_TEXT);
    format!("{name} — {part}")
}

/// `text` cut to at most `max` characters, the last a `…` when cut (at a space when one is near).
fn cut(mut text: String, max: usize) -> String {
    let Some((at, _)) = text.char_indices().nth(max) else {
        return text;
    };
    text.truncate(at);
    // A word cut in two would not be found either way: end at the last space, if it is near.
    if let Some(space) = text.rfind(' ').filter(|&s| s > at - at / 8) {
        text.truncate(space);
    }
    text.truncate(text.trim_end().len());
    text.push('…');
    text
}

/// Append `text` with every run of white space (and control characters) as one space, and
/// none at the start.
fn push_words(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// The text a reader sees of a Markdown part of the narrative, on one line: the words of its
/// texts and code, raw HTML as the text it is shown as, `[[ID]]` citations as their ids, and
/// blocks set apart by a space. At most [`MAX_NARRATIVE_TEXT`] characters.
fn narrative(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::new();
    // Consecutive texts, merged so that a citation the parser split is still found.
    let mut pending = String::new();
    let mut in_code = false;
    // Enough read when the text surely holds more characters than are kept (a character is
    // at most 4 bytes): the rest of a long text is never parsed.
    let enough = 4 * MAX_NARRATIVE_TEXT + 4;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) if in_code => push_words(&mut out, &t),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => pending.push_str(&t),
            Event::SoftBreak | Event::HardBreak => pending.push(' '),
            other => {
                flush(&mut pending, &mut out);
                match other {
                    Event::Code(t) => push_words(&mut out, &t),
                    Event::Start(tag) => {
                        in_code |= matches!(tag, Tag::CodeBlock(_));
                        if !inline(&tag) {
                            push_words(&mut out, " ");
                        }
                    }
                    Event::End(end) => {
                        in_code &= !matches!(end, TagEnd::CodeBlock);
                        if !inline_end(end) {
                            push_words(&mut out, " ");
                        }
                    }
                    _ => push_words(&mut out, " "),
                }
            }
        }
        if out.len() + pending.len() > enough {
            break;
        }
    }
    flush(&mut pending, &mut out);
    cut(out.trim_end().to_string(), MAX_NARRATIVE_TEXT)
}

/// Push merged texts, with their `[[ID]]` citations as the ids (as the page shows them).
fn flush(pending: &mut String, out: &mut String) {
    if pending.is_empty() {
        return;
    }
    let text = std::mem::take(pending);
    let mut last = 0;
    for (offset, id) in crate::check::citations(&text) {
        if offset < last {
            continue;
        }
        push_words(out, &text[last..offset]);
        push_words(out, id);
        last = text[offset..]
            .find("]]")
            .map_or(text.len(), |e| offset + e + 2);
    }
    push_words(out, &text[last..]);
}

/// Tags inside a line of text: no space is put around their words.
fn inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::render::templates::Templates;
    use crate::render::view::{self, Numbers};

    /// The shipped framework, validated and linked.
    pub(crate) fn shipped() -> Framework {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let options = crate::validate::Options {
            start: Some(root.to_path_buf()),
            ..Default::default()
        };
        let mut validated = crate::validate::validate(&options).unwrap();
        assert!(
            !validated.diagnostics.has_errors(),
            "the shipped framework has errors"
        );
        crate::link::link(&mut validated, &Default::default())
    }

    /// `assets/search.js` of `framework` in `code`, with the built-in catalogue of words.
    fn script(framework: &Framework, code: &str) -> String {
        let targets = view::targets(framework, code);
        let words = Templates::load(None).unwrap().labels(code).unwrap();
        let lang = Lang {
            framework,
            code,
            default: framework.config.default_language(),
            targets: &targets,
            numbers: Numbers::PLAIN,
            words: &words,
        };
        index(framework, &lang).unwrap()
    }

    /// The entries of `assets/search.js`, read back.
    fn entries(framework: &Framework, code: &str) -> Vec<serde_json::Value> {
        let script = script(framework, code);
        let json = script
            .strip_prefix("window.MIRPS_SEARCH = ")
            .and_then(|s| s.strip_suffix(";\n"))
            .expect("one assignment");
        serde_json::from_str(json).expect("the index is JSON")
    }

    fn texts(entries: &[serde_json::Value]) -> Vec<&serde_json::Value> {
        entries.iter().filter(|e| e["k"] == KIND_TEXT).collect()
    }

    /// The parts of the narrative of the document of `code`.
    fn parts_of<'e>(entries: &'e [serde_json::Value], code: &str) -> Vec<&'e serde_json::Value> {
        texts(entries)
            .into_iter()
            .filter(|e| e["i"] == code)
            .collect()
    }

    /// The shipped framework with a chapter written in Spanish that has sections, and its
    /// index in `chapters`.
    fn with_sections() -> (Framework, usize) {
        let mut framework = shipped();
        let n = framework
            .chapters
            .iter()
            .position(|c| !c.sections.is_empty())
            .expect("a shipped chapter with sections");
        framework.chapters[n].language = "es".into();
        (framework, n)
    }

    fn d(entry: &serde_json::Value) -> &str {
        entry["d"].as_str().unwrap()
    }

    /// Only commitments, programmes and pledges were in the index: "San Pedro Sula", in the
    /// summaries, found nothing (issue #11, defect 7).
    #[test]
    fn search_finds_chapter_text() {
        let framework = shipped();
        let es = entries(&framework, "es");
        let hit = parts_of(&es, "GTM")
            .into_iter()
            .find(|e| d(e).contains("San Pedro Sula"))
            .expect("Guatemala's summary, with San Pedro Sula in it, is in the index");
        assert_eq!(hit["t"], "Guatemala — Resumen");
        assert_eq!(hit["h"], "national/gtm.html#summary");
        // Every part of every chapter, and every plan's and contributor's summary, once.
        let parts: usize = framework
            .chapters
            .iter()
            .map(|c| 1 + usize::from(c.context.is_some()) + c.sections.len())
            .sum::<usize>()
            + framework.plans.len()
            + framework
                .cooperation
                .iter()
                .filter(|c| c.summary.is_some())
                .count();
        assert_eq!(texts(&es).len(), parts);
        // The items are still there, as before.
        let items = es.iter().filter(|e| e["k"] != KIND_TEXT).count();
        assert_eq!(
            items,
            framework.commitments().count()
                + framework.programmes().count()
                + framework.pledges().count()
        );
        // English has its own text and words.
        let en = entries(&framework, "en");
        let summary = parts_of(&en, "GTM")[0];
        assert_eq!(summary["t"], "Guatemala — Summary");
        assert!(d(summary).contains("Guatemala joined the MIRPS process"));
        assert!(d(summary).contains("San Pedro Sula Declaration"));
    }

    #[test]
    fn search_text_parts_link_to_their_anchors() {
        let framework = shipped();
        let es = entries(&framework, "es");
        for ch in &framework.chapters {
            let page = routes::chapter(&ch.state);
            let name = ch.name.get("es", &ch.language).unwrap_or_default();
            let parts = parts_of(&es, &ch.state);
            let mut expected = vec![(format!("{name} — Resumen"), routes::at(&page, "summary"))];
            if ch.context.is_some() {
                expected.push((format!("{name} — Contexto"), routes::at(&page, "context")));
            }
            for (n, section) in ch.sections.iter().enumerate() {
                let title = section.title.get("es", &ch.language).unwrap_or_default();
                let anchor = format!("section-{}", n + 1);
                expected.push((
                    format!("{name} — {}", title.trim()),
                    routes::at(&page, &anchor),
                ));
            }
            let found: Vec<(String, String)> = parts
                .iter()
                .map(|e| {
                    (
                        e["t"].as_str().unwrap().into(),
                        e["h"].as_str().unwrap().into(),
                    )
                })
                .collect();
            assert_eq!(found, expected, "{}", ch.state);
        }
        for plan in &framework.plans {
            let parts = parts_of(&es, &plan.organization);
            assert_eq!(parts.len(), 1);
            assert_eq!(
                parts[0]["h"],
                routes::at(&routes::plan(&plan.organization), "summary")
            );
        }
        for coop in framework.cooperation.iter().filter(|c| c.summary.is_some()) {
            let parts = parts_of(&es, &coop.contributor);
            let page = routes::cooperation(&coop.contributor);
            assert_eq!(parts[0]["h"], routes::at(&page, "summary"));
        }
        // Items keep their hrefs.
        let item = es.iter().find(|e| e["i"] == "GTM-1.1").unwrap();
        assert_eq!(item["h"], "national/gtm.html#GTM-1.1");
        assert_eq!(item["k"], KIND_COMMITMENT);
    }

    #[test]
    fn search_text_keeps_accents_and_drops_markdown() {
        let (mut framework, n) = with_sections();
        framework.chapters[n].summary = Localized::Plain(
            "La **Secretaría** de _Migración_ de [Panamá](https://example.org) ve [[GTM-1.1]].\n\
             \n\
             - `código` de **1.048**\n\
             - personas\n\n\
             # Título\n\n\
             | a | b |\n|---|---|\n| celda | otra |\n"
                .into(),
        );
        let state = framework.chapters[n].state.clone();
        let es = entries(&framework, "es");
        assert_eq!(
            d(parts_of(&es, &state)[0]),
            "La Secretaría de Migración de Panamá ve GTM-1.1. código de 1.048 personas Título \
             a b celda otra"
        );
    }

    #[test]
    fn search_text_cannot_end_the_script() {
        let (mut framework, n) = with_sections();
        framework.chapters[n].summary = Localized::Plain(
            "Fin </script><script>alert(1)</script> <!-- \u{2028} `</script>`".into(),
        );
        framework.chapters[n].sections[0].title =
            Localized::Plain("</script><img src=x onerror=alert(1)>".into());
        let script = script(&framework, "es");
        assert!(!script.contains('<'), "a `<` is in the index");
        assert!(!script.contains('\u{2028}'));
        // The texts are still there, as data.
        let state = framework.chapters[n].state.clone();
        let es = entries(&framework, "es");
        let parts = parts_of(&es, &state);
        assert!(d(parts[0]).contains("</script><script>alert(1)</script>"));
        assert!(parts.iter().any(|e| {
            e["t"]
                .as_str()
                .unwrap()
                .ends_with(" — </script><img src=x onerror=alert(1)>")
        }));
    }

    #[test]
    fn search_text_is_bounded() {
        let (mut framework, n) = with_sections();
        let long = "palabra ñandú ".repeat(100_000);
        framework.chapters[n].summary = Localized::Plain(long.clone());
        framework.chapters[n].sections[0].title = Localized::Plain(long);
        let state = framework.chapters[n].state.clone();
        let es = entries(&framework, "es");
        let parts = parts_of(&es, &state);
        let summary = d(parts[0]);
        let chars = summary.chars().count();
        assert!(chars <= MAX_NARRATIVE_TEXT + 1, "{chars}");
        assert!(chars > MAX_NARRATIVE_TEXT - 20, "{chars}");
        assert!(summary.ends_with("ñandú…") || summary.ends_with("palabra…"));
        let section = parts
            .iter()
            .find(|e| e["h"].as_str().unwrap().ends_with("#section-1"))
            .unwrap();
        assert!(section["t"].as_str().unwrap().chars().count() < 2 * MAX_ITEM_TEXT);
    }

    #[test]
    fn search_text_citations_are_ids() {
        assert_eq!(
            narrative("ver [[GTM-1.3]] y [[ HND-2.1 ]]"),
            "ver GTM-1.3 y HND-2.1"
        );
        // Inside code, a citation is what it says.
        assert_eq!(narrative("`[[GTM-1.3]]`"), "[[GTM-1.3]]");
        assert_eq!(narrative("[[sin cerrar"), "[[sin cerrar");
        assert_eq!(narrative("San Pedro\n  Sula"), "San Pedro Sula");
        assert_eq!(narrative(""), "");
    }
}

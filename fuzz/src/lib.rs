//! What the fuzz targets share: how an input becomes files, and the checks that every
//! diagnostic renderer and the money roll-ups must pass whatever the input.
//!
//! A failed check panics, which libFuzzer reports as a crash with the input that caused it.

use mirps::diag::emit::{self, Format};
use mirps::diag::{Diagnostic, Severity};
use mirps::escape;
use mirps::link::Framework;
use mirps::source::Sources;
use rust_decimal::Decimal;

pub mod markdown;

/// The largest input worth trying: far below the 64 MB a file may have, far above any chapter.
pub const MAX_LEN: usize = 256 * 1024;

/// Most documents one input is split into (see [`split_files`]).
pub const MAX_FILES: usize = 32;

/// An input as chapter files: the parts between NUL bytes (which no chapter can hold: a control
/// character is an error of its own), at most [`MAX_FILES`] of them, each named after its place.
/// Bytes that are not UTF-8 are replaced, as an editor would show them.
pub fn split_files(data: &[u8]) -> Vec<(String, String)> {
    data.splitn(MAX_FILES, |&b| b == 0)
        .enumerate()
        .map(|(i, part)| {
            (
                format!("chapters/fuzz-{i}.yaml"),
                String::from_utf8_lossy(part).into_owned(),
            )
        })
        .collect()
}

/// Every label lies inside its file, on character boundaries: the renderers slice the text there.
pub fn check_labels(diagnostics: &[Diagnostic], sources: &Sources) {
    for d in diagnostics {
        for label in &d.labels {
            assert!(
                label.file < sources.len(),
                "label in file {} of {}: {d:?}",
                label.file,
                sources.len()
            );
            let text = &sources.get(label.file).text;
            let (start, end) = (label.span.start as usize, label.span.end as usize);
            assert!(
                start <= end && end <= text.len(),
                "label {start}..{end} outside its file of {} bytes: {d:?}",
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "label {start}..{end} splits a character: {d:?}"
            );
        }
    }
}

/// Render `diagnostics` in every format and check what each promises:
///
/// - short and github: one line per diagnostic, nothing that controls a terminal, no carriage
///   return; every github line is one workflow command of the right kind;
/// - human without colour: nothing that controls a terminal, no lone carriage return; with
///   colour, the only escape sequences are colours (`ESC [ … m`);
/// - json: valid JSON whose counts match;
/// - sarif: valid JSON with one result per diagnostic, each naming its rule, every region
///   starting at line and column 1 or later and ending no earlier than it starts;
/// - the job summary: a heading and one table row per diagnostic.
pub fn render_all(diagnostics: &[Diagnostic], sources: &Sources) {
    check_labels(diagnostics, sources);
    let n = diagnostics.len();

    let short = emit::render(diagnostics, sources, Format::Short, mirps::lang::Lang::Es, false);
    assert_eq!(short.matches('\n').count(), n, "short: {short:?}");
    assert!(
        short.is_empty() || short.ends_with('\n'),
        "short: {short:?}"
    );
    assert_terminal_safe("short", &short, false);

    let github = emit::render(diagnostics, sources, Format::Github, mirps::lang::Lang::Es, false);
    assert_eq!(github.matches('\n').count(), n, "github: {github:?}");
    assert_terminal_safe("github", &github, false);
    for (line, d) in github.lines().zip(diagnostics) {
        let command = match d.severity {
            Severity::Error => "::error ",
            Severity::Warning => "::warning ",
            Severity::Note => "::notice ",
        };
        assert!(line.starts_with(command), "github: {line:?} for {d:?}");
    }

    let human = emit::render(diagnostics, sources, Format::Human, mirps::lang::Lang::Es, false);
    assert_terminal_safe("human", &human, true);
    let colored = emit::render(diagnostics, sources, Format::Human, mirps::lang::Lang::Es, true);
    assert_only_colors(&colored);

    let json = emit::render(diagnostics, sources, Format::Json, mirps::lang::Lang::Es, false);
    let value: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("json: {e}: {json}"));
    assert_eq!(value["diagnostics"].as_array().map(Vec::len), Some(n));
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count() as u64;
    assert_eq!(value["errors"].as_u64(), Some(count(Severity::Error)));
    assert_eq!(value["warnings"].as_u64(), Some(count(Severity::Warning)));
    assert_eq!(value["notes"].as_u64(), Some(count(Severity::Note)));

    let sarif = emit::render(diagnostics, sources, Format::Sarif, mirps::lang::Lang::Es, false);
    let value: serde_json::Value =
        serde_json::from_str(&sarif).unwrap_or_else(|e| panic!("sarif: {e}: {sarif}"));
    let run = &value["runs"][0];
    let results = run["results"].as_array().expect("sarif: results");
    assert_eq!(results.len(), n, "sarif: {sarif}");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for (result, d) in results.iter().zip(diagnostics) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"].as_str(), Some(d.code.as_str()));
        let places = result["locations"].as_array().into_iter().flatten();
        let related = result["relatedLocations"].as_array().into_iter().flatten();
        for place in places.chain(related) {
            let region = &place["physicalLocation"]["region"];
            let at = |key: &str| region[key].as_u64().expect("a position");
            assert!(at("startLine") >= 1 && at("startColumn") >= 1, "{region}");
            assert!(
                (at("endLine"), at("endColumn")) >= (at("startLine"), at("startColumn")),
                "{region}"
            );
        }
    }

    let counts = mirps::diag::summary::Counts {
        files: 1,
        errors: count(Severity::Error) as usize,
        warnings: count(Severity::Warning) as usize,
        failed: true,
    };
    let summary = mirps::diag::summary::markdown(
        diagnostics,
        sources,
        &Default::default(),
        counts,
        &Default::default(),
        mirps::lang::Lang::En,
    );
    assert!(summary.starts_with("### mirps validate failed: "));
    let rows = summary
        .lines()
        .filter(|l| ["| error |", "| warning |", "| note |"].iter().any(|s| l.starts_with(s)))
        .count();
    // One row per diagnostic (a summary stops listing past 900 KiB).
    assert!(rows == n || summary.contains(" more not listed here"), "{summary}");
}

/// No character that controls a terminal; no carriage return (or, when `crlf`, none but
/// before a line feed), which would move back over the line and hide what it held.
fn assert_terminal_safe(format: &str, out: &str, crlf: bool) {
    if let Some(c) = out.chars().find(|&c| escape::is_unsafe(c)) {
        panic!("{format}: unsafe character {c:?} in {out:?}");
    }
    let bytes = out.as_bytes();
    for (at, _) in out.match_indices('\r') {
        let before_lf = bytes.get(at + 1) == Some(&b'\n');
        assert!(
            crlf && before_lf,
            "{format}: carriage return at {at} in {out:?}"
        );
    }
}

/// The coloured human format: every ESC starts a colour (`ESC [ digits/; m`), every other
/// unsafe character is absent.
fn assert_only_colors(out: &str) {
    let bytes = out.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == 0x1b) {
        let start = i + at;
        let rest = &bytes[start + 1..];
        let params = rest
            .iter()
            .skip(1)
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count();
        assert!(
            rest.first() == Some(&b'[') && rest.get(1 + params) == Some(&b'm'),
            "human (colour): escape that is no colour at {start} in {out:?}"
        );
        i = start + 2 + params + 1;
    }
    let plain: String = strip_colors(out);
    assert_terminal_safe("human (colour)", &plain, true);
}

fn strip_colors(out: &str) -> String {
    let mut plain = String::with_capacity(out.len());
    let mut chars = out.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// The money of a linked framework adds up: no gap or surplus below zero, each commitment's
/// gap and surplus the difference of what it requires and what covers it, and the totals count
/// every commitment once.
pub fn check_funding(framework: &Framework) {
    let funding = &framework.funding;
    for m in &funding.commitments {
        assert!(
            m.gap >= Decimal::ZERO && m.surplus >= Decimal::ZERO,
            "{m:?}"
        );
        assert!(m.gap.is_zero() || m.surplus.is_zero(), "{m:?}");
        if m.costed
            && let Some(covered) = m.state_investment.checked_add(m.allocated)
            && let Some(difference) = m.required.checked_sub(covered)
        {
            assert_eq!(m.gap - m.surplus, difference, "{m:?}");
        }
    }
    let commitments = funding.commitments.len();
    assert_eq!(funding.total.commitments, commitments);
    let by = |totals: &std::collections::BTreeMap<String, mirps::link::money::Totals>| {
        totals.values().map(|t| t.commitments).sum::<usize>()
    };
    assert_eq!(by(&funding.by_state), commitments);
    assert_eq!(by(&funding.by_pillar), commitments);
    assert_eq!(by(&funding.by_state_pillar), commitments);
    for c in funding.by_contributor.values() {
        assert!(c.unallocated >= Decimal::ZERO, "{c:?}");
    }
    for amount in funding.unallocated_by_state.values() {
        assert!(*amount > Decimal::ZERO, "{funding:?}");
    }
}

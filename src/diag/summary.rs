//! The job summary of a CI run: a Markdown page with the counts and a table of every problem,
//! for GitHub's `GITHUB_STEP_SUMMARY`. GitHub shows at most ten annotations of each kind per
//! step; the summary lists them all (within the size GitHub accepts).

use std::fmt::Write;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::emit::Repository;
use super::{Diagnostic, plural};
use crate::escape;
use crate::render::text::escape_markdown;
use crate::source::Sources;

/// What a run checked and found, for the summary's heading.
#[derive(Clone, Copy, Debug)]
pub struct Counts {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Whether the run fails (errors, or warnings with `--deny warnings`).
    pub failed: bool,
}

/// Where the summary's links point.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// The address of `docs/validate.md`: each code links to its entry.
    pub docs: Option<String>,
    /// The address files are shown under at the checked commit
    /// (`https://github.com/OWNER/REPO/blob/SHA`): each place links to its line.
    pub blob: Option<String>,
}

/// GitHub refuses a step summary over 1 MiB; the table stops well before, saying how many
/// problems it leaves out.
const MAX_BYTES: usize = 900 * 1024;

/// The summary of a run, as Markdown.
pub fn markdown(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    repository: &Repository,
    counts: Counts,
    links: &Links,
) -> String {
    let mut out = String::new();
    let found = match (counts.errors, counts.warnings) {
        (0, 0) => "no problems found".to_string(),
        (errors, warnings) => format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    };
    let verdict = if counts.failed { "failed" } else { "passed" };
    let _ = writeln!(out, "### mirps validate {verdict}: {found}\n");
    let _ = writeln!(out, "{} checked.", plural(counts.files, "file"));
    if diagnostics.is_empty() {
        return out;
    }
    out.push_str("\n| | Code | Where | Problem |\n| --- | --- | --- | --- |\n");
    for (listed, d) in diagnostics.iter().enumerate() {
        if out.len() > MAX_BYTES {
            let _ = writeln!(
                out,
                "\n{} more not listed here: run `mirps validate` to see them all.",
                diagnostics.len() - listed
            );
            break;
        }
        row(&mut out, d, sources, repository, links);
    }
    out
}

fn row(
    out: &mut String,
    d: &Diagnostic,
    sources: &Sources,
    repository: &Repository,
    links: &Links,
) {
    let severity = d.severity.as_str();
    let code = match &links.docs {
        Some(docs) => format!("[`{}`]({}#{})", d.code, url(docs), d.code),
        None => format!("`{}`", d.code),
    };
    let place = d.primary().map(|label| {
        let file = sources.get(label.file);
        let (line, col) = file.line_col(label.span.start as usize);
        let path = repository.path(file);
        let text = escape_markdown(&escape::line(&format!("{path}:{line}:{col}")));
        match &links.blob {
            Some(blob) => format!(
                "[{text}]({}/{}#L{line})",
                url(blob),
                super::sarif::uri_path(&path)
            ),
            None => text,
        }
    });
    let mut problem = inline(&escape::line(&d.message));
    if let Some(help) = &d.help {
        problem.push_str("<br>help: ");
        problem.push_str(&inline(&escape::line(help)));
    }
    let _ = writeln!(
        out,
        "| {severity} | {code} | {} | {problem} |",
        place.unwrap_or_default()
    );
}

/// A message for a table cell: its `quoted` words as code spans (where nothing is read as
/// Markdown or HTML), the rest escaped; `|` cannot end the cell in either.
fn inline(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        // Odd parts are between two backticks, unless the last backtick has no partner.
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        if quoted && !part.is_empty() {
            out.push('`');
            out.push_str(&part.replace('|', "\\|"));
            out.push('`');
        } else {
            if i % 2 == 1 {
                out.push_str("\\`");
            }
            out.push_str(&escape_markdown(part));
        }
    }
    out
}

/// What would end a Markdown link or a table cell, or start HTML, in an address.
const LINK_ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'`')
    .add(b'"')
    .add(b'\\');

/// An address from the environment, made safe inside a Markdown link: the characters that
/// would end the link or the table cell are percent-encoded, and controls dropped (an address
/// has none).
pub(super) fn url(address: &str) -> String {
    let address: String = address
        .chars()
        .filter(|&c| !c.is_control() && !escape::is_unsafe(c))
        .collect();
    utf8_percent_encode(&address, LINK_ESCAPED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_cannot_leave_their_link() {
        assert_eq!(
            url("https://x.org/a b)(|`<script>\n"),
            "https://x.org/a%20b%29%28%7C%60%3Cscript%3E"
        );
    }
}

//! The job summary of a CI run: a Markdown page with the counts and a table of every problem,
//! for GitHub's `GITHUB_STEP_SUMMARY`. GitHub shows at most ten annotations of each kind per
//! step; the summary lists them all (within the size GitHub accepts).

use std::fmt::Write;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::emit::{Place, Repository};
use super::{Diagnostic, Text, count};
use crate::escape;
use crate::lang::Lang;
use crate::render::text::escape_markdown;
use crate::source::Sources;
use crate::t;

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
    lang: Lang,
) -> String {
    let mut out = String::new();
    let heading = match (counts.failed, counts.errors, counts.warnings) {
        (false, 0, 0) => t!(
            es: "mirps validate aprobó: no se encontraron problemas",
            en: "mirps validate passed: no problems found",
        ),
        (failed, errors, warnings) => {
            let found = t!(
                es: "{errors}, {warnings}",
                en: "{errors}, {warnings}",
                errors = errors_found(errors),
                warnings = warnings_found(warnings),
            );
            match failed {
                true => {
                    t!(es: "mirps validate falló: {found}", en: "mirps validate failed: {found}", found = found)
                }
                false => {
                    t!(es: "mirps validate aprobó: {found}", en: "mirps validate passed: {found}", found = found)
                }
            }
        }
    };
    let _ = writeln!(out, "### {}\n", heading.render(lang));
    let checked = count(
        counts.files,
        t!(es: "Se revisó {n} archivo.", en: "{n} file checked.", n = counts.files),
        t!(es: "Se revisaron {n} archivos.", en: "{n} files checked.", n = counts.files),
    );
    let _ = writeln!(out, "{}", checked.render(lang));
    if diagnostics.is_empty() {
        return out;
    }
    let header = t!(
        es: "| | Código | Dónde | Problema |",
        en: "| | Code | Where | Problem |",
    );
    let _ = writeln!(out, "\n{}\n| --- | --- | --- | --- |", header.render(lang));
    for (listed, d) in diagnostics.iter().enumerate() {
        if out.len() > MAX_BYTES {
            let more = t!(
                es: "Faltan {n} más en esta lista: ejecute `mirps validate` para verlos todos.",
                en: "{n} more not listed here: run `mirps validate` to see them all.",
                n = diagnostics.len() - listed,
            );
            let _ = writeln!(out, "\n{}", more.render(lang));
            break;
        }
        row(&mut out, d, sources, repository, links, lang);
    }
    out
}

/// `1 error`, `2 errores`.
pub fn errors_found(n: usize) -> Text {
    count(
        n,
        t!(es: "{n} error", en: "{n} error", n = n),
        t!(es: "{n} errores", en: "{n} errors", n = n),
    )
}

/// `1 warning`, `2 avisos`.
pub fn warnings_found(n: usize) -> Text {
    count(
        n,
        t!(es: "{n} aviso", en: "{n} warning", n = n),
        t!(es: "{n} avisos", en: "{n} warnings", n = n),
    )
}

/// `1 note`, `2 notas`.
pub fn notes_found(n: usize) -> Text {
    count(
        n,
        t!(es: "{n} nota", en: "{n} note", n = n),
        t!(es: "{n} notas", en: "{n} notes", n = n),
    )
}

/// The severity as a reader's word: `error`, `aviso`, `nota`.
pub fn severity_word(severity: super::Severity, lang: Lang) -> &'static str {
    use super::Severity;
    match (severity, lang) {
        (Severity::Error, _) => "error",
        (Severity::Warning, Lang::Es) => "aviso",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Note, Lang::Es) => "nota",
        (Severity::Note, Lang::En) => "note",
    }
}

fn row(
    out: &mut String,
    d: &Diagnostic,
    sources: &Sources,
    repository: &Repository,
    links: &Links,
    lang: Lang,
) {
    let severity = severity_word(d.severity, lang);
    let code = match &links.docs {
        Some(docs) => format!("[`{}`]({}#{})", d.code, url(docs), d.code),
        None => format!("`{}`", d.code),
    };
    let place = d.primary().map(|label| {
        let file = sources.get(label.file);
        let path = repository.path(file);
        let text = escape_markdown(&super::emit::position(file, &path, label.span));
        // A link to the line, or to the workbook (a cell has no address on GitHub).
        let anchor = match Place::of(file, label.span) {
            Place::Text => format!("#L{}", file.line_col(label.span.start as usize).0),
            Place::Cell(..) | Place::Workbook => String::new(),
        };
        match &links.blob {
            Some(blob) => format!(
                "[{text}]({}/{}{anchor})",
                url(blob),
                super::sarif::uri_path(&path)
            ),
            None => text,
        }
    });
    let mut problem = inline(&escape::line(&d.message.render(lang)));
    if let Some(help) = &d.help {
        problem.push_str("<br>");
        problem.push_str(super::emit::help_word(lang));
        problem.push_str(": ");
        problem.push_str(&inline(&escape::line(&help.render(lang))));
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
    fn a_problem_in_a_workbook_is_listed_at_its_cell_linking_the_workbook() {
        let (d, s) = super::super::emit::workbook_sample();
        let counts = Counts {
            files: 1,
            errors: 1,
            warnings: 0,
            failed: true,
        };
        let row = |links: &Links| {
            markdown(&d, &s, &Repository::default(), counts, links, Lang::En)
                .lines()
                .last()
                .unwrap()
                .to_string()
        };
        assert_eq!(
            row(&Links::default()),
            "| error | `unknown-pillar` | gtm.xlsx:Compromisos!D7 | \
             `pillar` must be a pillar; found `recepcion`<br>help: did you mean `reception-admission`? |"
        );
        // A cell has no address on GitHub: the link is to the workbook, with no line.
        let links = Links {
            docs: None,
            blob: Some("https://github.com/o/r/blob/abc".into()),
        };
        assert!(
            row(&links).contains(
                "| [gtm.xlsx:Compromisos!D7](https://github.com/o/r/blob/abc/gtm.xlsx) |"
            ),
            "{}",
            row(&links)
        );
    }

    #[test]
    fn addresses_cannot_leave_their_link() {
        assert_eq!(
            url("https://x.org/a b)(|`<script>\n"),
            "https://x.org/a%20b%29%28%7C%60%3Cscript%3E"
        );
    }
}

//! Renderers of [`Diagnostic`]s: human (source snippets), short, json and GitHub workflow
//! commands. They all read the same model; positions come from [`SourceFile::line_col`].
//!
//! [`SourceFile::line_col`]: crate::source::SourceFile::line_col

use std::borrow::Cow;
use std::collections::HashMap;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use super::{Diagnostic, Severity};
use crate::escape;
use crate::source::{FileId, SourceFile, Sources, Span};

/// An output format for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels, for people.
    Human,
    /// One line each: `PATH:LINE:COL: SEVERITY[CODE]: MESSAGE`.
    Short,
    /// A JSON object with every diagnostic and the counts.
    Json,
    /// GitHub Actions workflow commands, shown as annotations on pull requests.
    Github,
}

/// Render `diagnostics` in `format`. `color` only affects the human format.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    color: bool,
) -> String {
    match format {
        Format::Human => human(diagnostics, sources, color),
        Format::Short => short(diagnostics, sources),
        Format::Json => json(diagnostics, sources),
        Format::Github => github(diagnostics, sources),
    }
}

fn position<'s>(d: &Diagnostic, sources: &'s Sources) -> Option<(&'s str, usize, usize)> {
    let label = d.primary()?;
    let file = sources.get(label.file);
    let (line, col) = file.line_col(label.span.start as usize);
    Some((&file.name, line, col))
}

/// Source snippets, like a compiler. Text from content (names, messages, snippets) cannot
/// control the terminal: unsafe characters are escaped in messages and shown as visible
/// stand-ins in snippets (see [`crate::escape`]).
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    use rayon::prelude::*;
    let config = term::Config::default();
    let shown = Shown::new(sources, diagnostics);
    // Each diagnostic is rendered on its own, so they are rendered in chunks on every core and
    // joined in order: for 200,000 diagnostics, the snippets are most of the run.
    let chunks: Vec<Vec<u8>> = diagnostics
        .par_chunks(256)
        .map(|chunk| {
            let mut buffer = if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            };
            for d in chunk {
                render_one(&mut buffer, &config, &shown, sources, d);
            }
            buffer.into_inner()
        })
        .collect();
    let mut out = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    for chunk in chunks {
        out.extend_from_slice(&chunk);
    }
    // The renderer writes UTF-8 (the sources are text): taken as it is, without a copy.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One diagnostic with its snippets, into `buffer`.
fn render_one(
    buffer: &mut termcolor::Buffer,
    config: &term::Config,
    shown: &Shown<'_>,
    sources: &Sources,
    d: &Diagnostic,
) {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let labels = d
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, l.file, shown.range(l.file, l.span))
                .with_message(escape::line(&l.message))
        })
        .collect();
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape::line(help)));
    }
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(escape::line(&d.message))
        .with_labels(labels)
        .with_notes(notes);
    // A label outside its file cannot happen for spans the loader made; if it ever does, fall
    // back to the one-line form rather than lose the diagnostic.
    if term::emit_to_write_style(buffer, config, shown, &diagnostic).is_err() {
        let line = short(std::slice::from_ref(d), sources);
        let _ = std::io::Write::write_all(buffer, line.as_bytes());
    }
}

/// The files as the human format shows them: a file holding unsafe characters is shown as a
/// copy with a visible stand-in for each, and spans are moved to match; other files as they
/// are.
struct Shown<'a> {
    sources: &'a Sources,
    copies: HashMap<FileId, ShownFile>,
}

/// A file's shown copy, and where its text moved: after the original offset `.0`, offsets
/// grow by `.1`.
struct ShownFile {
    file: SourceFile,
    shifts: Vec<(usize, usize)>,
}

impl<'a> Shown<'a> {
    fn new(sources: &'a Sources, diagnostics: &[Diagnostic]) -> Shown<'a> {
        let mut copies = HashMap::new();
        // Each file is looked at once, however many diagnostics it has.
        let mut seen = std::collections::HashSet::new();
        for label in diagnostics.iter().flat_map(|d| &d.labels) {
            if !seen.insert(label.file) {
                continue;
            }
            let file = sources.get(label.file);
            if let Some(copy) = ShownFile::of(file) {
                copies.insert(label.file, copy);
            }
        }
        Shown { sources, copies }
    }

    fn file(&self, id: FileId) -> Option<&SourceFile> {
        match self.copies.get(&id) {
            Some(copy) => Some(&copy.file),
            None => (id < self.sources.len()).then(|| self.sources.get(id)),
        }
    }

    /// A span of the file, as a range of its shown text.
    fn range(&self, id: FileId, span: Span) -> std::ops::Range<usize> {
        match self.copies.get(&id) {
            Some(copy) => copy.offset(span.start as usize)..copy.offset(span.end as usize),
            None => span.range(),
        }
    }
}

impl ShownFile {
    /// The shown copy of `file`, when its name or text holds an unsafe character.
    fn of(file: &SourceFile) -> Option<ShownFile> {
        let name = escape::line(&file.name);
        if !file.text.chars().any(escape::is_unsafe) && matches!(name, Cow::Borrowed(_)) {
            return None;
        }
        let mut text = String::with_capacity(file.text.len() + 16);
        let mut shifts = Vec::new();
        for (at, c) in file.text.char_indices() {
            if escape::is_unsafe(c) {
                let stand_in = escape::stand_in(c);
                text.push(stand_in);
                let grown = text.len() - (at + c.len_utf8());
                shifts.push((at + c.len_utf8(), grown));
            } else {
                text.push(c);
            }
        }
        Some(ShownFile {
            file: SourceFile::new(name.into_owned(), file.path.clone(), text),
            shifts,
        })
    }

    fn offset(&self, original: usize) -> usize {
        let before = self.shifts.partition_point(|(at, _)| *at <= original);
        match before {
            0 => original,
            n => original + self.shifts[n - 1].1,
        }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Shown<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.file(id)
            .map(|f| f.name.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.file(id)
            .map(|f| f.text.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        at: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.file(id)
            .map(|f| f.line_index(at))
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        self.file(id)
            .map(|f| f.line_range_with_break(line))
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }
}

/// `PATH:LINE:COL: SEVERITY[CODE]: MESSAGE`, one line each.
pub fn short(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(diagnostics.len() * 128);
    for d in diagnostics {
        let message = escape::line(&d.message);
        let _ = match position(d, sources) {
            Some((path, line, col)) => writeln!(
                out,
                "{}:{line}:{col}: {}[{}]: {message}",
                escape::line(path),
                d.severity.as_str(),
                d.code
            ),
            None => writeln!(out, "{}[{}]: {message}", d.severity.as_str(), d.code),
        };
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    notes: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// Byte offsets into the file as written (a byte order mark counts).
    start: u64,
    end: u64,
    primary: bool,
    message: &'a str,
}

/// A JSON object: `{version, errors, warnings, notes, diagnostics: [...]}`.
pub fn json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let report = JsonReport {
        version: 1,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                code: d.code.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                labels: d
                    .labels
                    .iter()
                    .map(|l| {
                        let file = sources.get(l.file);
                        let (line, column) = file.line_col(l.span.start as usize);
                        let (end_line, end_column) = file.line_col(l.span.end as usize);
                        JsonLabel {
                            file: &file.name,
                            line,
                            column,
                            end_line,
                            end_column,
                            start: file.file_offset(l.span.start),
                            end: file.file_offset(l.span.end),
                            primary: l.primary,
                            message: &l.message,
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    // JSON escapes C0 controls itself; DEL, the C1 controls and the bidirectional controls get
    // `\u` escapes too (they can only be inside strings), so the text is safe in a terminal.
    if out.chars().any(escape::is_unsafe) {
        out = out
            .chars()
            .map(|c| {
                if escape::is_unsafe(c) {
                    format!("\\u{:04x}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect();
    }
    out.push('\n');
    out
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::MESSAGE`.
pub fn github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        // Line breaks are escaped as GitHub reads them (`%0A`), other unsafe characters
        // visibly: no text can start a line of its own, where it would be a workflow command.
        let message = escape_data(&escape::text(&message));
        match d.primary() {
            Some(label) => {
                let file = sources.get(label.file);
                let (line, col) = file.line_col(label.span.start as usize);
                let (end_line, end_col) = file.line_col(label.span.end as usize);
                let mut props = format!(
                    "file={},line={line},col={col}",
                    escape_property(&escape::line(&file.name))
                );
                if end_line == line {
                    props.push_str(&format!(",endColumn={end_col}"));
                } else {
                    props.push_str(&format!(",endLine={end_line}"));
                }
                out.push_str(&format!(
                    "::{command} {props},title={}::{message}\n",
                    d.code
                ));
            }
            None => out.push_str(&format!("::{command} title={}::{message}\n", d.code)),
        }
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::{SourceFile, Span};

    fn sample() -> (Vec<Diagnostic>, Sources) {
        let mut sources = Sources::default();
        let file = sources.add(SourceFile::new(
            "chapters/a,b.yaml".into(),
            "a.yaml".into(),
            "id: GTM-1.1\nid2: GTM-1.1\n".into(),
        ));
        let d = Diagnostic::new(Code::DuplicateId, "id `GTM-1.1` is used twice\n100%")
            .at(file, Span::new(17, 24), "second use")
            .also(file, Span::new(4, 11), "first use")
            .help("rename one");
        (vec![d], sources)
    }

    #[test]
    fn short_is_one_line_with_position() {
        let (d, s) = sample();
        assert_eq!(
            short(&d, &s),
            "chapters/a,b.yaml:2:6: error[duplicate-id]: id `GTM-1.1` is used twice\\n100%\n"
        );
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let (d, s) = sample();
        assert_eq!(
            github(&d, &s),
            "::error file=chapters/a%2Cb.yaml,line=2,col=6,endColumn=13,title=duplicate-id::id `GTM-1.1` is used twice%0A100%25%0Ahelp: rename one\n"
        );
    }

    #[test]
    fn json_carries_every_label() {
        let (d, s) = sample();
        let v: serde_json::Value = serde_json::from_str(&json(&d, &s)).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["diagnostics"][0]["labels"][1]["line"], 1);
        assert_eq!(v["diagnostics"][0]["labels"][1]["primary"], false);
        assert_eq!(v["diagnostics"][0]["help"], "rename one");
    }
}

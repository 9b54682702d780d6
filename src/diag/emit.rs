//! Renderers of [`Diagnostic`]s: human (source snippets), short, json and GitHub workflow
//! commands. They all read the same model; positions come from [`SourceFile::line_col`].
//!
//! [`SourceFile::line_col`]: crate::source::SourceFile::line_col

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use super::{Diagnostic, Severity};
use crate::source::Sources;

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

fn position(d: &Diagnostic, sources: &Sources) -> Option<(String, usize, usize)> {
    let label = d.primary()?;
    let file = sources.get(label.file);
    let (line, col) = file.line_col(label.span.start as usize);
    Some((file.name.clone(), line, col))
}

/// Source snippets, like a compiler.
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    for d in diagnostics {
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
                cs::Label::new(style, l.file, l.span.range()).with_message(&l.message)
            })
            .collect();
        let mut notes = Vec::new();
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        let diagnostic = cs::Diagnostic::new(severity)
            .with_code(d.code.as_str())
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(notes);
        // A label outside its file cannot happen for spans the loader made; if it ever does,
        // fall back to the one-line form rather than lose the diagnostic.
        if term::emit_to_write_style(&mut buffer, &config, sources, &diagnostic).is_err() {
            let line = short(std::slice::from_ref(d), sources);
            let _ = std::io::Write::write_all(&mut buffer, line.as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// `PATH:LINE:COL: SEVERITY[CODE]: MESSAGE`, one line each.
pub fn short(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let message = one_line(&d.message);
        match position(d, sources) {
            Some((path, line, col)) => out.push_str(&format!(
                "{path}:{line}:{col}: {}[{}]: {message}\n",
                d.severity.as_str(),
                d.code
            )),
            None => out.push_str(&format!("{}[{}]: {message}\n", d.severity.as_str(), d.code)),
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
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
    /// Byte offsets into the file.
    start: u32,
    end: u32,
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
                            start: l.span.start,
                            end: l.span.end,
                            primary: l.primary,
                            message: &l.message,
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
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
        let message = escape_data(&message);
        match d.primary() {
            Some(label) => {
                let file = sources.get(label.file);
                let (line, col) = file.line_col(label.span.start as usize);
                let (end_line, end_col) = file.line_col(label.span.end as usize);
                let mut props =
                    format!("file={},line={line},col={col}", escape_property(&file.name));
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
            "chapters/a,b.yaml:2:6: error[duplicate-id]: id `GTM-1.1` is used twice 100%\n"
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

//! Renderers of [`Diagnostic`]s: human (source snippets), short, json, GitHub workflow commands
//! and SARIF. They all read the same model; positions come from [`SourceFile::line_col`].
//!
//! [`SourceFile::line_col`]: crate::source::SourceFile::line_col

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use super::{Diagnostic, Label, Severity};
use crate::escape;
use crate::lang::Lang;
use crate::source::{Cell, CellMap, FileId, SourceFile, Sources, Span, column_letters};

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
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis tools.
    Sarif,
}

/// How to write diagnostics besides their format.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The language of the messages.
    pub lang: Lang,
    /// Colour the human format.
    pub color: bool,
    /// Where the `github` and `sarif` paths start (see [`Repository`]).
    pub repository: Repository,
    /// The address of `docs/validate.md`, for links to each code's documentation (`sarif`).
    pub docs_url: Option<String>,
}

/// The paths a CI system reads: relative to the repository root, where the framework may be a
/// subfolder (`marco/chapters/…`). The `short` and `human` formats keep the framework's paths.
#[derive(Clone, Debug, Default)]
pub struct Repository {
    /// The repository root.
    root: Option<PathBuf>,
    /// The framework's folder inside it, with `/` separators and a trailing `/` (empty at the
    /// root).
    prefix: String,
}

impl Repository {
    /// The repository holding the framework at `framework` (an absolute path): `workspace` (the
    /// CI's checkout, `GITHUB_WORKSPACE`) when the framework lies inside it, else the nearest
    /// folder above holding `.git`, else the framework itself.
    pub fn of(framework: &Path, workspace: Option<&Path>) -> Repository {
        let framework = std::fs::canonicalize(framework).unwrap_or_else(|_| framework.into());
        let workspace = workspace
            .filter(|w| !w.as_os_str().is_empty())
            .map(|w| std::fs::canonicalize(w).unwrap_or_else(|_| w.into()))
            .filter(|w| framework.starts_with(w));
        let root = workspace
            .or_else(|| {
                framework
                    .ancestors()
                    .find(|dir| dir.join(".git").exists())
                    .map(Path::to_path_buf)
            })
            .unwrap_or_else(|| framework.clone());
        // The root is the framework or a folder above it.
        let mut prefix = crate::load::display_name(&root, &framework);
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Repository {
            root: Some(root),
            prefix,
        }
    }

    /// The path of `file` from the repository root, with `/` separators.
    pub fn path<'f>(&self, file: &'f SourceFile) -> Cow<'f, str> {
        // A file named by the framework's path (the usual case).
        if !Path::new(&file.name).is_absolute() {
            return match self.prefix.is_empty() {
                true => Cow::Borrowed(&file.name),
                false => Cow::Owned(format!("{}{}", self.prefix, file.name)),
            };
        }
        // A file outside the framework, named on the command line.
        match &self.root {
            Some(root) if file.path.starts_with(root) => {
                Cow::Owned(crate::load::display_name(root, &file.path))
            }
            _ => Cow::Borrowed(&file.name),
        }
    }
}

/// Render `diagnostics` in `format` and `lang`, as one text. `color` only affects the human
/// format.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    lang: Lang,
    color: bool,
) -> String {
    let settings = Settings {
        lang,
        color,
        ..Settings::default()
    };
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(diagnostics, sources, format, &settings, &mut out);
    // Every renderer writes UTF-8 (the sources are text): taken as it is, without a copy.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Write `diagnostics` in `format` to `out` as they are rendered, so a run with very many holds
/// only a batch of them in memory, and a reader that stops early (`| head`) stops the writing.
pub fn write(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    settings: &Settings,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(diagnostics, sources, settings, out),
        Format::Short => short(diagnostics, sources, settings.lang, out),
        Format::Json => json(diagnostics, sources, settings.lang, out),
        Format::Github => github(diagnostics, sources, settings, out),
        Format::Sarif => super::sarif::write(diagnostics, sources, settings, out),
    }
}

/// Where a label is, as the reader of its file finds it. The text of a file read from a
/// workbook is the document mirps made of it, which its drafter never saw: a place in it is
/// shown as the cell its value came from, never as a line and column.
#[derive(Clone, Copy, Debug)]
pub enum Place<'s> {
    /// At a line and column of the file's text.
    Text,
    /// At a cell of a workbook; the map holds the values of its row.
    Cell(&'s Cell, &'s CellMap),
    /// In a workbook, at no one cell (the workbook as a whole).
    Workbook,
}

impl<'s> Place<'s> {
    /// Where `span` of `file` is.
    pub fn of(file: &'s SourceFile, span: Span) -> Place<'s> {
        match file.cells.as_deref() {
            None => Place::Text,
            Some(map) => map
                .cell_of(span)
                .map_or(Place::Workbook, |cell| Place::Cell(cell, map)),
        }
    }
}

/// `NAME:LINE:COL`, `NAME:Sheet!D7` or `NAME`: where `span` of `file` is, with the file
/// under `name`, safe for one line of a terminal.
pub(super) fn position(file: &SourceFile, name: &str, span: Span) -> String {
    let name = escape::line(name);
    match Place::of(file, span) {
        Place::Text => {
            let (line, col) = file.line_col(span.start as usize);
            format!("{name}:{line}:{col}")
        }
        Place::Cell(cell, _) => format!("{name}:{}", escape::line(&cell.location())),
        Place::Workbook => name.into_owned(),
    }
}

/// How many diagnostics the human format renders before it writes them.
const BATCH: usize = 8192;

/// Source snippets, like a compiler. Text from content (names, messages, snippets) cannot
/// control the terminal: unsafe characters are escaped in messages and shown as visible
/// stand-ins in snippets (see [`crate::escape`]).
fn human(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    settings: &Settings,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    use rayon::prelude::*;
    let (color, lang) = (settings.color, settings.lang);
    let config = term::Config::default();
    let shown = Shown::new(sources, diagnostics);
    // Each diagnostic is rendered on its own, so a batch is rendered in chunks on every core
    // and written in order: for 200,000 diagnostics, the snippets are most of the run.
    for batch in diagnostics.chunks(BATCH) {
        let chunks: Vec<Vec<u8>> = batch
            .par_chunks(256)
            .map(|chunk| {
                let mut buffer = if color {
                    termcolor::Buffer::ansi()
                } else {
                    termcolor::Buffer::no_color()
                };
                for d in chunk {
                    render_one(&mut buffer, &config, &shown, sources, d, lang);
                }
                buffer.into_inner()
            })
            .collect();
        for chunk in chunks {
            out.write_all(&chunk)?;
        }
    }
    Ok(())
}

/// One diagnostic with its snippets, into `buffer`.
fn render_one(
    buffer: &mut termcolor::Buffer,
    config: &term::Config,
    shown: &Shown<'_>,
    sources: &Sources,
    d: &Diagnostic,
    lang: Lang,
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
                .with_message(escape::line(&l.message.render(lang)).into_owned())
        })
        .collect();
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!(
            "{}: {}",
            help_word(lang),
            escape::line(&help.render(lang))
        ));
    }
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(escape::line(&d.message.render(lang)).into_owned())
        .with_labels(labels)
        .with_notes(notes);
    // At cells of a workbook: their rows instead of snippets of the text mirps made of it.
    if d.labels.iter().any(|l| sources.get(l.file).cells.is_some()) {
        let places: Vec<Place> = d
            .labels
            .iter()
            .map(|l| Place::of(sources.get(l.file), l.span))
            .collect();
        // Writing into memory cannot fail.
        let _ = super::snippet::cells(buffer, shown, &diagnostic, &places, lang);
        return;
    }
    // The common case is written directly, exactly as codespan would write it.
    if super::snippet::render(buffer, shown, &diagnostic) {
        return;
    }
    // A label outside its file cannot happen for spans the loader made; if it ever does, fall
    // back to the one-line form rather than lose the diagnostic.
    if term::emit_to_write_style(buffer, config, shown, &diagnostic).is_err() {
        let _ = short(std::slice::from_ref(d), sources, lang, buffer);
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

/// `PATH:LINE:COL: SEVERITY[CODE]: MESSAGE`, one line each (`PATH:Sheet!D7: …` at a cell of
/// a workbook).
fn short(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    lang: Lang,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    for d in diagnostics {
        let message = d.message.render(lang);
        let message = escape::line(&message);
        match d.primary() {
            Some(label) => {
                let file = sources.get(label.file);
                writeln!(
                    out,
                    "{}: {}[{}]: {message}",
                    position(file, &file.name, label.span),
                    d.severity.as_str(),
                    d.code
                )?
            }
            None => writeln!(out, "{}[{}]: {message}", d.severity.as_str(), d.code)?,
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    notes: usize,
    diagnostics: JsonDiagnostics<'a>,
}

/// The diagnostics of the JSON report, each made as it is written.
struct JsonDiagnostics<'a> {
    diagnostics: &'a [Diagnostic],
    sources: &'a Sources,
    lang: Lang,
}

impl Serialize for JsonDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.diagnostics
                .iter()
                .map(|d| JsonDiagnostic::of(d, self.sources, self.lang)),
        )
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    labels: Vec<JsonLabel<'a>>,
}

impl<'a> JsonDiagnostic<'a> {
    fn of(d: &'a Diagnostic, sources: &'a Sources, lang: Lang) -> JsonDiagnostic<'a> {
        JsonDiagnostic {
            severity: d.severity,
            code: d.code.as_str(),
            message: d.message.render(lang),
            help: d.help.as_ref().map(|h| h.render(lang)),
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel::of(l, sources.get(l.file), lang))
                .collect(),
        }
    }
}

/// A label's place: in a text file its line, column and offsets; in a workbook its cell, with
/// none of the positions in the document mirps made of it (which its drafter never saw).
#[derive(Serialize)]
#[serde(untagged)]
enum JsonLabel<'a> {
    Text {
        file: &'a str,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        /// Byte offsets into the file as written (a byte order mark counts).
        start: u64,
        end: u64,
        primary: bool,
        message: String,
    },
    Cell {
        file: &'a str,
        sheet: &'a str,
        /// 1-based, as the spreadsheet numbers its rows.
        row: u64,
        /// The column's letters: `D`.
        column: String,
        /// `D7`.
        cell: String,
        column_title: &'a str,
        primary: bool,
        message: String,
    },
    /// In a workbook, at no one cell.
    Workbook {
        file: &'a str,
        primary: bool,
        message: String,
    },
}

impl<'a> JsonLabel<'a> {
    fn of(l: &Label, file: &'a SourceFile, lang: Lang) -> JsonLabel<'a> {
        let (primary, message) = (l.primary, l.message.render(lang));
        match Place::of(file, l.span) {
            Place::Text => {
                let (line, column) = file.line_col(l.span.start as usize);
                let (end_line, end_column) = file.line_col(l.span.end as usize);
                JsonLabel::Text {
                    file: &file.name,
                    line,
                    column,
                    end_line,
                    end_column,
                    start: file.file_offset(l.span.start),
                    end: file.file_offset(l.span.end),
                    primary,
                    message,
                }
            }
            Place::Cell(cell, _) => JsonLabel::Cell {
                file: &file.name,
                sheet: &cell.sheet,
                row: u64::from(cell.row) + 1,
                column: column_letters(cell.col),
                cell: cell.reference(),
                column_title: &cell.title,
                primary,
                message,
            },
            Place::Workbook => JsonLabel::Workbook {
                file: &file.name,
                primary,
                message,
            },
        }
    }
}

/// A JSON object: `{version, errors, warnings, notes, diagnostics: [...]}`.
fn json(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    lang: Lang,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let report = JsonReport {
        version: 1,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
        diagnostics: JsonDiagnostics {
            diagnostics,
            sources,
            lang,
        },
    };
    write_json(&report, out)
}

/// `value` as pretty JSON safe in a terminal (see [`SafeJson`]), and a line break.
pub(super) fn write_json(value: &impl Serialize, out: &mut dyn io::Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    let formatter = SafeJson(serde_json::ser::PrettyFormatter::new());
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Pretty JSON safe in a terminal. JSON escapes C0 controls itself; DEL, the C1 controls and
/// the bidirectional controls get `\u` escapes too (they can only be inside strings).
struct SafeJson<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for SafeJson<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every unsafe character that reaches here is DEL or starts with 0xC2 (C1) or 0xE2
        // (bidirectional): a byte scan settles most fragments.
        if memchr::memchr3(0x7f, 0xc2, 0xe2, fragment.as_bytes()).is_none() {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (at, c) in fragment
            .char_indices()
            .filter(|&(_, c)| escape::is_unsafe(c))
        {
            writer.write_all(&fragment.as_bytes()[start..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::MESSAGE`
/// (`::error file=…,title=CODE::Sheet!D7: MESSAGE` at a cell of a workbook).
fn github(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    settings: &Settings,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let (lang, repository) = (settings.lang, &settings.repository);
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let message = with_help(d, lang);
        // Line breaks are escaped as GitHub reads them (`%0A`), other unsafe characters
        // visibly: no text can start a line of its own, where it would be a workflow command.
        let message = escape_data(&escape::text(&message));
        match d.primary() {
            // A workbook has no lines: the annotation is on the file, its message says the cell.
            Some(label) if sources.get(label.file).cells.is_some() => {
                let file = sources.get(label.file);
                let path = escape_property(&escape::line(&repository.path(file)));
                let at = match Place::of(file, label.span) {
                    Place::Cell(cell, _) => {
                        format!("{}: ", escape_data(&escape::line(&cell.location())))
                    }
                    Place::Text | Place::Workbook => String::new(),
                };
                writeln!(
                    out,
                    "::{command} file={path},title={}::{at}{message}",
                    d.code
                )?;
            }
            Some(label) => {
                let file = sources.get(label.file);
                let (line, col) = file.line_col(label.span.start as usize);
                let (end_line, end_col) = file.line_col(label.span.end as usize);
                let file = escape_property(&escape::line(&repository.path(file)));
                let end = if end_line == line {
                    format!("endColumn={end_col}")
                } else {
                    format!("endLine={end_line}")
                };
                writeln!(
                    out,
                    "::{command} file={file},line={line},col={col},{end},title={}::{message}",
                    d.code
                )?;
            }
            None => writeln!(out, "::{command} title={}::{message}", d.code)?,
        }
    }
    Ok(())
}

/// A GitHub notice that no content reaches: `::notice title=TITLE::MESSAGE`.
pub fn github_notice(out: &mut dyn io::Write, title: &str, message: &str) -> io::Result<()> {
    writeln!(
        out,
        "::notice title={}::{}",
        escape_property(&escape::line(title)),
        escape_data(&escape::text(message))
    )
}

/// The word before a help text: `help` (`ayuda`).
pub(super) fn help_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "ayuda",
        Lang::En => "help",
    }
}

/// The message in `lang`, with its help on a line of its own (for the formats that have no
/// place for a help).
pub(super) fn with_help(d: &Diagnostic, lang: Lang) -> String {
    let mut message = d.message.render(lang);
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(help_word(lang));
        message.push_str(": ");
        message.push_str(&help.render(lang));
    }
    message
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A workbook read as `gtm.xlsx` (its text the YAML mirps made of it, its cells on row 7 of
/// `Compromisos`), a chapter `chapters/hnd.yaml`, and an unknown pillar at cell D7 with a help.
#[cfg(test)]
pub(super) fn workbook_sample() -> (Vec<Diagnostic>, Sources) {
    workbook_with(
        "Compromisos",
        &[
            ("Id", "GTM-1.1"),
            ("Título", "Oficinas de recepción"),
            ("Descripción", "x"),
            ("Pilar", "recepcion"),
            ("Poblaciones", "refugees"),
            ("Grupos", "protection"),
            ("Líder", "IGM"),
        ],
    )
}

/// [`workbook_sample`] with its sheet named `sheet` and row 7 holding `row` (title, value)
/// from column A.
#[cfg(test)]
pub(super) fn workbook_with(sheet: &str, row: &[(&str, &str)]) -> (Vec<Diagnostic>, Sources) {
    use crate::diag::{Code, Text};
    use std::sync::Arc;
    let text = "kind: national-chapter\ncommitments:\n  - id: GTM-1.1\n    pillar: recepcion\n";
    let mut file = SourceFile::new("gtm.xlsx".into(), "gtm.xlsx".into(), text.into());
    let span = |word: &str| {
        let at = text.find(word).unwrap();
        Span::new(at, at + word.len())
    };
    let cell = |col, title: &str| Cell {
        sheet: sheet.into(),
        row: 6,
        col,
        title: title.into(),
    };
    let item = Span::new(span("id: GTM").start as usize, text.len());
    file.cells = Some(Arc::new(CellMap {
        ranges: vec![
            (item, cell(0, "Id")),
            (span("GTM-1.1"), cell(0, "Id")),
            (span("recepcion"), cell(3, "Pilar")),
        ],
        rows: vec![(
            (sheet.into(), 6),
            (0..)
                .zip(row)
                .map(|(col, (title, value))| (col, title.to_string(), value.to_string()))
                .collect(),
        )],
    }));
    let mut sources = Sources::default();
    let workbook = sources.add(file);
    sources.add(SourceFile::new(
        "chapters/hnd.yaml".into(),
        "hnd.yaml".into(),
        "id: GTM-1.1\n".into(),
    ));
    let d = Diagnostic::new(
        Code::UnknownPillar,
        Text::verbatim("`pillar` must be a pillar; found `recepcion`"),
    )
    .at(workbook, span("recepcion"), Text::verbatim("not a pillar"))
    .did_you_mean("reception-admission");
    (vec![d], sources)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Text};
    use crate::source::{SourceFile, Span};

    fn sample() -> (Vec<Diagnostic>, Sources) {
        let mut sources = Sources::default();
        let file = sources.add(SourceFile::new(
            "chapters/a,b.yaml".into(),
            "a.yaml".into(),
            "id: GTM-1.1\nid2: GTM-1.1\n".into(),
        ));
        let d = Diagnostic::new(
            Code::DuplicateId,
            Text::verbatim("id `GTM-1.1` is used twice\n100%"),
        )
        .at(file, Span::new(17, 24), Text::verbatim("second use"))
        .also(file, Span::new(4, 11), Text::verbatim("first use"))
        .help(Text::verbatim("rename one"));
        (vec![d], sources)
    }

    /// The workbook's file (0) at `span` of its text, and the chapter (1).
    fn in_workbook(sources: &Sources, word: &str) -> Span {
        let at = sources.get(0).text.find(word).unwrap();
        Span::new(at, at + word.len())
    }

    #[test]
    fn a_problem_in_a_workbook_is_at_its_cell_in_short_and_github() {
        let (d, s) = workbook_sample();
        assert_eq!(
            render(&d, &s, Format::Short, Lang::En, false),
            "gtm.xlsx:Compromisos!D7: error[unknown-pillar]: `pillar` must be a pillar; found `recepcion`\n"
        );
        assert_eq!(
            render(&d, &s, Format::Github, Lang::En, false),
            "::error file=gtm.xlsx,title=unknown-pillar::Compromisos!D7: `pillar` must be a pillar; found `recepcion`%0Ahelp: did you mean `reception-admission`?\n"
        );
    }

    #[test]
    fn json_gives_the_cell_of_a_label_in_a_workbook_and_no_line() {
        let (d, s) = workbook_sample();
        let v: serde_json::Value =
            serde_json::from_str(&render(&d, &s, Format::Json, Lang::En, false)).unwrap();
        assert_eq!(
            v["diagnostics"][0]["labels"][0],
            serde_json::json!({
                "file": "gtm.xlsx",
                "sheet": "Compromisos",
                "row": 7,
                "column": "D",
                "cell": "D7",
                "column_title": "Pilar",
                "primary": true,
                "message": "not a pillar",
            })
        );
    }

    #[test]
    fn human_shows_the_row_around_the_cell_instead_of_the_text() {
        let (d, s) = workbook_sample();
        assert_eq!(
            render(&d, &s, Format::Human, Lang::En, false),
            "\
error[unknown-pillar]: `pillar` must be a pillar; found `recepcion`
  ┌─ gtm.xlsx:Compromisos!D7
  │
  │   Id (A7):          GTM-1.1
  │   Título (B7):      Oficinas de recepción
  │   Descripción (C7): x
  │ > Pilar (D7):       recepcion
  │                     ^^^^^^^^^ not a pillar
  │   Poblaciones (E7): refugees
  │   Grupos (F7):      protection
  │
  = help: did you mean `reception-admission`?

"
        );
        // Coloured as codespan colours a snippet: the mark, the value and the label in red.
        let colored = render(&d, &s, Format::Human, Lang::En, true);
        assert!(
            colored.contains(
                "\u{1b}[31m>\u{1b}[0m Pilar (D7):       \u{1b}[0m\u{1b}[31mrecepcion\u{1b}[0m"
            ),
            "{colored:?}"
        );
        assert!(!render(&d, &s, Format::Human, Lang::En, false).contains('\u{1b}'));
    }

    #[test]
    fn human_shows_an_empty_cell_and_cuts_long_values() {
        let long = "palabra ".repeat(20);
        let (mut d, s) = workbook_with(
            "Compromisos",
            &[("Id", "GTM-1.1"), ("Título", &long), ("Descripción", "x")],
        );
        // D7 (Pilar) has no value in its row.
        d[0].labels[0].span = in_workbook(&s, "recepcion");
        let out = render(&d, &s, Format::Human, Lang::Es, false);
        assert!(out.contains("  │ > Pilar (D7):       (vacía)\n"), "{out}");
        assert!(
            out.contains("  │                     ^^^^^^^ not a pillar\n"),
            "{out}"
        );
        let cut = format!("  │   Título (B7):      {}…\n", &long[..60]);
        assert!(out.contains(&cut), "{out}");
    }

    /// Values, titles and sheet names come from the drafter's workbook: none of them may
    /// control the terminal or start a workflow command of their own.
    #[test]
    fn workbook_text_cannot_control_the_terminal_or_the_log() {
        let (d, s) = workbook_with(
            "Hoja\u{1b}]0;x\u{7}",
            &[
                ("Id\u{1b}[2J", "GTM-1.1\n::error file=x.yaml::falso"),
                ("Título", "a\u{202e}b\tc\r"),
                ("Descripción", "x"),
                ("Pilar", "recepcion\u{9b}31m"),
            ],
        );
        for color in [false, true] {
            let human = render(&d, &s, Format::Human, Lang::En, color);
            let without_colors: String = human
                .split('\u{1b}')
                .enumerate()
                .map(|(i, part)| match i {
                    0 => part,
                    // Only colours: `ESC [ digits;… m`.
                    _ => {
                        let end = part.find('m').expect("a colour");
                        assert!(
                            part[..end]
                                .bytes()
                                .all(|b| b == b'[' || b == b';' || b.is_ascii_digit()),
                            "{human:?}"
                        );
                        &part[end + 1..]
                    }
                })
                .collect();
            assert!(
                !without_colors.chars().any(crate::escape::is_unsafe),
                "{human:?}"
            );
            assert!(without_colors.contains("  │   Id␛[2J (A7): "), "{human}");
            assert!(
                without_colors.contains(" GTM-1.1␊::error file=x.yaml::falso\n"),
                "{human}"
            );
            assert!(without_colors.contains(" a\u{fffd}b c␍\n"), "{human}");
            assert!(
                without_colors.contains("┌─ gtm.xlsx:'Hoja\\u{1b}]0;x\\u{7}'!D7\n"),
                "{human}"
            );
        }
        let short = render(&d, &s, Format::Short, Lang::En, false);
        assert_eq!(short.lines().count(), 1);
        assert!(
            short.starts_with("gtm.xlsx:'Hoja\\u{1b}]0;x\\u{7}'!D7: error"),
            "{short}"
        );
        let github = render(&d, &s, Format::Github, Lang::En, false);
        assert_eq!(github.lines().count(), 1);
        assert!(!github.chars().any(crate::escape::is_unsafe), "{github}");
        let json = render(&d, &s, Format::Json, Lang::En, false);
        assert!(!json.chars().any(crate::escape::is_unsafe), "{json}");
    }

    /// A place in a workbook's text that no cell holds is shown as the workbook, never as a
    /// line of a text the drafter never saw.
    #[test]
    fn a_place_in_a_workbook_outside_every_cell_is_the_workbook() {
        let (mut d, s) = workbook_sample();
        d[0].labels[0].span = in_workbook(&s, "kind");
        assert_eq!(
            render(&d, &s, Format::Short, Lang::En, false),
            "gtm.xlsx: error[unknown-pillar]: `pillar` must be a pillar; found `recepcion`\n"
        );
        let github = render(&d, &s, Format::Github, Lang::En, false);
        assert!(
            github.starts_with("::error file=gtm.xlsx,title=unknown-pillar::`pillar`"),
            "{github}"
        );
        let v: serde_json::Value =
            serde_json::from_str(&render(&d, &s, Format::Json, Lang::En, false)).unwrap();
        assert_eq!(
            v["diagnostics"][0]["labels"][0],
            serde_json::json!({"file": "gtm.xlsx", "primary": true, "message": "not a pillar"})
        );
        let human = render(&d, &s, Format::Human, Lang::En, false);
        assert!(
            human.contains("  ┌─ gtm.xlsx\n  │\n  │ not a pillar\n"),
            "{human}"
        );
        assert!(!human.contains("kind"), "{human}");
    }

    /// A duplicate id between a workbook and a chapter: the cell of one, the line of the other.
    #[test]
    fn a_problem_in_a_workbook_and_a_chapter_shows_the_cell_and_the_line() {
        let (_, s) = workbook_sample();
        let d = vec![
            Diagnostic::new(
                Code::DuplicateId,
                Text::verbatim("id `GTM-1.1` is used twice"),
            )
            .at(0, in_workbook(&s, "GTM-1.1"), Text::verbatim("second use"))
            .also(1, Span::new(4, 11), Text::verbatim("first use")),
        ];
        assert_eq!(
            render(&d, &s, Format::Human, Lang::En, false),
            "\
error[duplicate-id]: id `GTM-1.1` is used twice
  ┌─ gtm.xlsx:Compromisos!A7
  │
  │ > Id (A7):          GTM-1.1
  │                     ^^^^^^^ second use
  │   Título (B7):      Oficinas de recepción
  │   Descripción (C7): x
  │
  ┌─ chapters/hnd.yaml:1:5
  │
1 │ id: GTM-1.1
  │     ------- first use

"
        );
        let v: serde_json::Value =
            serde_json::from_str(&render(&d, &s, Format::Json, Lang::En, false)).unwrap();
        let labels = &v["diagnostics"][0]["labels"];
        assert_eq!(labels[0]["cell"], "A7");
        assert_eq!(labels[0].get("line"), None);
        assert_eq!(labels[1]["line"], 1);
        assert_eq!(labels[1]["column"], 5);
        assert_eq!(labels[1].get("sheet"), None);
    }

    #[test]
    fn short_is_one_line_with_position() {
        let (d, s) = sample();
        assert_eq!(
            render(&d, &s, Format::Short, Lang::En, false),
            "chapters/a,b.yaml:2:6: error[duplicate-id]: id `GTM-1.1` is used twice\\n100%\n"
        );
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let (d, s) = sample();
        assert_eq!(
            render(&d, &s, Format::Github, Lang::En, false),
            "::error file=chapters/a%2Cb.yaml,line=2,col=6,endColumn=13,title=duplicate-id::id `GTM-1.1` is used twice%0A100%25%0Ahelp: rename one\n"
        );
    }

    #[test]
    fn repository_paths_add_the_framework_folder() {
        let repository = tempfile::tempdir().unwrap();
        let framework = repository.path().join("marco");
        std::fs::create_dir_all(&framework).unwrap();
        std::fs::create_dir(repository.path().join(".git")).unwrap();
        let inside = SourceFile::new(
            "chapters/gtm.yaml".into(),
            framework.join("chapters/gtm.yaml"),
            String::new(),
        );
        // A file named on the command line from elsewhere in the repository.
        let outside = repository.path().join("otros/hnd.yaml");
        let outside = SourceFile::new(
            outside.display().to_string(),
            outside.clone(),
            String::new(),
        );
        let found = Repository::of(&framework, None);
        assert_eq!(found.path(&inside), "marco/chapters/gtm.yaml");
        assert_eq!(found.path(&outside), "otros/hnd.yaml");
        // The framework's own folder when there is no repository around it.
        let alone = Repository::of(&framework, Some(&framework));
        assert_eq!(alone.path(&inside), "chapters/gtm.yaml");
        assert_eq!(Repository::default().path(&inside), "chapters/gtm.yaml");
    }

    #[test]
    fn json_carries_every_label() {
        let (d, s) = sample();
        let v: serde_json::Value =
            serde_json::from_str(&render(&d, &s, Format::Json, Lang::En, false)).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["diagnostics"][0]["labels"][1]["line"], 1);
        assert_eq!(v["diagnostics"][0]["labels"][1]["primary"], false);
        assert_eq!(v["diagnostics"][0]["help"], "rename one");
    }

    /// Render `diagnostic` over `text` with the direct renderer (`None` when it declines) and
    /// with codespan, in `color` or not.
    fn both(
        text: &str,
        diagnostic: &cs::Diagnostic<FileId>,
        color: bool,
    ) -> (Option<Vec<u8>>, Vec<u8>) {
        let mut sources = Sources::default();
        sources.add(SourceFile::new(
            "chapters/gtm.yaml".into(),
            "gtm.yaml".into(),
            text.into(),
        ));
        let shown = Shown::new(&sources, &[]);
        let buffer = || {
            if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            }
        };
        let mut direct = buffer();
        let taken = super::super::snippet::render(&mut direct, &shown, diagnostic);
        let mut codespan = buffer();
        term::emit_to_write_style(&mut codespan, &term::Config::default(), &shown, diagnostic)
            .unwrap();
        if !taken {
            assert!(
                direct.is_empty(),
                "declined but wrote {:?}",
                direct.as_slice()
            );
        }
        (taken.then(|| direct.into_inner()), codespan.into_inner())
    }

    fn unknown_key(text: &str, span: std::ops::Range<usize>) -> cs::Diagnostic<FileId> {
        cs::Diagnostic::error()
            .with_code("unknown-key")
            .with_message("unknown key `clave` in the document")
            .with_labels(vec![
                cs::Label::primary(0, span).with_message("not part of the format"),
            ])
            .with_notes(vec![format!(
                "help: the keys allowed here are {}",
                text.len()
            )])
    }

    #[test]
    fn an_unknown_key_is_rendered_directly_as_codespan_renders_it() {
        let text = "kind: national\nclave: valor\n";
        for color in [false, true] {
            let (direct, codespan) = both(text, &unknown_key(text, 15..20), color);
            assert_eq!(
                direct.as_deref(),
                Some(codespan.as_slice()),
                "color {color}"
            );
        }
    }

    #[test]
    fn lines_beyond_printable_ascii_are_left_to_codespan() {
        for text in ["título: x\n", "a:\tb\n", "a: \u{1b}b\n"] {
            let (direct, _) = both(text, &unknown_key(text, 0..2), false);
            assert_eq!(direct, None, "{text:?}");
        }
    }

    proptest::proptest! {
        /// Whenever the direct renderer takes a diagnostic, it writes exactly what codespan
        /// writes: any line ends, spans anywhere (empty, at a line break, past it, across
        /// lines), either label style, any messages and notes, with and without colour.
        #[test]
        fn the_direct_renderer_writes_what_codespan_writes(
            lines in proptest::collection::vec(
                ("[ -~]{0,12}", proptest::sample::select(vec!["\n", "\r\n", "\r", "", "\t", "é"])),
                1..6,
            ),
            start in 0usize..80,
            width in 0usize..12,
            primary in proptest::arbitrary::any::<bool>(),
            second in proptest::arbitrary::any::<bool>(),
            severity in proptest::sample::select(vec![
                cs::Severity::Bug,
                cs::Severity::Error,
                cs::Severity::Warning,
                cs::Severity::Help,
                cs::Severity::Note,
            ]),
            code in "[a-z-]{0,8}",
            message in "[ -~]{0,20}",
            label in "[ -~]{0,10}",
            notes in proptest::collection::vec("[ -~\n]{0,20}", 0..3),
            color in proptest::arbitrary::any::<bool>(),
        ) {
            let text: String = lines.iter().map(|(l, end)| format!("{l}{end}")).collect();
            let start = start.min(text.len());
            let end = (start + width).min(text.len());
            proptest::prop_assume!(text.is_char_boundary(start) && text.is_char_boundary(end));
            let style = if primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            let mut labels = vec![cs::Label::new(style, 0, start..end).with_message(label)];
            if second {
                labels.push(cs::Label::secondary(0, 0..0));
            }
            let diagnostic = cs::Diagnostic::new(severity)
                .with_code(code)
                .with_message(message)
                .with_labels(labels)
                .with_notes(notes);
            let (direct, codespan) = both(&text, &diagnostic, color);
            if let Some(direct) = direct {
                proptest::prop_assert_eq!(
                    String::from_utf8_lossy(&direct),
                    String::from_utf8_lossy(&codespan)
                );
            }
        }
    }
}

//! The most common diagnostic in the human format, rendered without codespan's general
//! machinery: one primary label within one line of printable ASCII, as an unknown key is. The
//! output is byte for byte what [`codespan_reporting::term::emit_to_write_style`] writes with
//! the default configuration, colours included (they come from the same [`WriteStyle`]
//! calls); the tests below compare the two. A chapter with 200,000 unknown keys spends most of
//! its human report in codespan's per-character loops; this takes a fraction of that.
//!
//! And the diagnostics at cells of a workbook ([`cells`]), which codespan cannot show: their
//! file's text is not what the drafter wrote, so the row of the cell is shown instead.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle, Severity};
use codespan_reporting::files::Files;
use codespan_reporting::term::WriteStyle;

use super::emit::Place;
use crate::escape;
use crate::lang::Lang;
use crate::source::{Cell, CellMap, column_letters};

/// Render `diagnostic` into `w` when it is the simple case, and say whether it was; for any
/// other diagnostic nothing is written and the caller renders it with codespan.
pub fn render<'f, F, W>(w: &mut W, files: &'f F, diagnostic: &Diagnostic<F::FileId>) -> bool
where
    F: Files<'f> + ?Sized,
    W: WriteStyle + ?Sized,
{
    let Some(simple) = Simple::of(files, diagnostic) else {
        return false;
    };
    let Ok(source) = files.source(diagnostic.labels[0].file_id) else {
        return false;
    };
    let Some(text) = source.as_ref().get(simple.line.clone()) else {
        return false;
    };
    // The callers write into memory, which does not fail.
    let _ = simple.write(w, diagnostic, text);
    true
}

/// What the snippet of a simple diagnostic needs, found before anything is written.
struct Simple {
    name: String,
    line_number: usize,
    column_number: usize,
    /// The labelled line in its file, without its line break.
    line: std::ops::Range<usize>,
    /// The label as a range of `text`, at least one column wide (a caret for an empty span).
    start: usize,
    end: usize,
}

impl Simple {
    fn of<'f, F>(files: &'f F, diagnostic: &Diagnostic<F::FileId>) -> Option<Simple>
    where
        F: Files<'f> + ?Sized,
    {
        let [label] = diagnostic.labels.as_slice() else {
            return None;
        };
        if label.style != LabelStyle::Primary || label.range.end < label.range.start {
            return None;
        }
        let id = label.file_id;
        let index = files.line_index(id, label.range.start).ok()?;
        if files.line_index(id, label.range.end).ok()? != index {
            return None;
        }
        let range = files.line_range(id, index).ok()?;
        let source = files.source(id).ok()?;
        let text = source.as_ref().get(range.clone())?;
        // codespan trims the same characters off the line it shows.
        let text = text.trim_end_matches(['\n', '\r', '\0']);
        // Printable ASCII: one byte is one column, no tab stops, no wide characters.
        if !text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return None;
        }
        let line = range.start..range.start + text.len();
        let start = label.range.start.checked_sub(range.start)?;
        let end = (label.range.end - range.start).max(start + 1);
        let location = files.location(id, label.range.start).ok()?;
        Some(Simple {
            name: files.name(id).ok()?.to_string(),
            line_number: files.line_number(id, index).ok()?,
            column_number: location.column_number,
            line,
            start,
            end,
        })
    }

    fn write<W, Id>(&self, w: &mut W, diagnostic: &Diagnostic<Id>, text: &str) -> io::Result<()>
    where
        W: WriteStyle + ?Sized,
    {
        let severity = diagnostic.severity;
        header(w, diagnostic)?;

        let pad = self.line_number.ilog10() as usize + 1;
        let gutter = |w: &mut W| gutter(w, pad);

        // `┌─ file:line:column`, then an empty line of the border.
        gutter(w)?;
        w.set_source_border()?;
        w.write_all("┌─".as_bytes())?;
        w.reset()?;
        writeln!(
            w,
            " {}:{}:{}",
            self.name, self.line_number, self.column_number
        )?;
        gutter(w)?;
        border(w)?;
        writeln!(w)?;

        // The line, the labelled part in the label's colour.
        w.set_line_number()?;
        write!(w, "{:>pad$}", self.line_number)?;
        w.reset()?;
        w.write_all(b" ")?;
        border(w)?;
        w.write_all(b" ")?;
        let len = text.len();
        let (from, to) = (self.start.min(len), self.end.min(len));
        w.write_all(&text.as_bytes()[..from])?;
        if from < to {
            w.set_label(severity, LabelStyle::Primary)?;
            w.write_all(&text.as_bytes()[from..to])?;
            w.reset()?;
        }
        w.write_all(&text.as_bytes()[to..])?;
        writeln!(w)?;

        // The carets under it: one column past the end of the line can hold one too.
        gutter(w)?;
        border(w)?;
        w.write_all(b" ")?;
        let mut in_label = false;
        for column in 0..=len {
            let under = (self.start..self.end).contains(&column);
            if under != in_label {
                if under {
                    w.set_label(severity, LabelStyle::Primary)?;
                } else {
                    w.reset()?;
                }
                in_label = under;
            }
            if under {
                w.write_all(b"^")?;
            } else if column < self.end {
                w.write_all(b" ")?;
            }
        }
        if in_label {
            w.reset()?;
        }
        let message = &diagnostic.labels[0].message;
        if !message.is_empty() {
            w.write_all(b" ")?;
            w.set_label(severity, LabelStyle::Primary)?;
            w.write_all(message.as_bytes())?;
            w.reset()?;
        }
        writeln!(w)?;

        // The notes, after an empty line of the border.
        if !diagnostic.notes.is_empty() {
            gutter(w)?;
            border(w)?;
            writeln!(w)?;
        }
        notes(w, diagnostic, pad)
    }
}

/// Render `diagnostic`, some of whose labels are in workbooks (`places`, one per label, say
/// where), in codespan's layout: for a label at a cell, the cell's row around it (`Title (D7):
/// value` lines, the cell marked `>`) instead of a snippet of the document mirps made of the
/// workbook, which its drafter never saw. A label in a text file gets its line, as codespan
/// shows it. Values are content: unsafe characters and line breaks are shown as visible
/// stand-ins, as in snippets of files, and long values are cut.
pub fn cells<'f, F, W>(
    w: &mut W,
    files: &'f F,
    diagnostic: &Diagnostic<usize>,
    places: &[Place<'_>],
    lang: Lang,
) -> io::Result<()>
where
    F: Files<'f, FileId = usize> + ?Sized,
    W: WriteStyle + ?Sized,
{
    header(w, diagnostic)?;
    let labels = &diagnostic.labels;
    // The primary label first, the others in their order.
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&i| labels[i].style != LabelStyle::Primary);
    // As wide as the largest line number shown, as codespan makes it.
    let pad = order
        .iter()
        .filter(|&&i| matches!(places.get(i), Some(Place::Text) | None))
        .filter_map(|&i| {
            let label = &labels[i];
            let index = files.line_index(label.file_id, label.range.start).ok()?;
            files.line_number(label.file_id, index).ok()
        })
        .max()
        .map_or(1, |n| n.max(1).ilog10() as usize + 1);
    for (n, &i) in order.iter().enumerate() {
        let label = &labels[i];
        let name = files
            .name(label.file_id)
            .map(|name| escape::line(&name.to_string()).into_owned())
            .unwrap_or_default();
        match places.get(i).copied().unwrap_or(Place::Text) {
            Place::Text => text_label(w, files, diagnostic.severity, label, &name, pad)?,
            Place::Cell(cell, map) => {
                locus(
                    w,
                    pad,
                    &format!("{name}:{}", escape::line(&cell.location())),
                )?;
                gutter(w, pad)?;
                border(w)?;
                writeln!(w)?;
                cell_row(w, diagnostic.severity, label, cell, map, pad, lang)?;
            }
            Place::Workbook => {
                locus(w, pad, &name)?;
                if !label.message.is_empty() {
                    gutter(w, pad)?;
                    border(w)?;
                    writeln!(w)?;
                    gutter(w, pad)?;
                    border(w)?;
                    w.write_all(b" ")?;
                    w.set_label(diagnostic.severity, label.style)?;
                    w.write_all(label.message.as_bytes())?;
                    w.reset()?;
                    writeln!(w)?;
                }
            }
        }
        // An empty line of the border before the next place or the notes, as codespan.
        if n + 1 < order.len() || !diagnostic.notes.is_empty() {
            gutter(w, pad)?;
            border(w)?;
            writeln!(w)?;
        }
    }
    notes(w, diagnostic, pad)
}

/// How many cells of the row before and after the labelled one are shown (the row's first
/// cell, which names it, always is).
const ROW_CONTEXT: usize = 2;
/// Characters shown of a value, and of a column's title; longer ones are cut with `…`.
const VALUE_CHARS: usize = 60;
const TITLE_CHARS: usize = 40;

/// `┌─ where`.
fn locus<W: WriteStyle + ?Sized>(w: &mut W, pad: usize, at: &str) -> io::Result<()> {
    gutter(w, pad)?;
    w.set_source_border()?;
    w.write_all("┌─".as_bytes())?;
    w.reset()?;
    writeln!(w, " {at}")
}

/// The row of `cell`, the cell marked, and the label's carets and message under its value:
///
/// ```text
///   │   Id (A7):    GTM-1.1
///   │ > Pilar (D7): recepcion
///   │               ^^^^^^^^^ not a pillar of the framework
/// ```
fn cell_row<W: WriteStyle + ?Sized>(
    w: &mut W,
    severity: Severity,
    label: &Label<usize>,
    cell: &Cell,
    map: &CellMap,
    pad: usize,
    lang: Lang,
) -> io::Result<()> {
    let mut row: Vec<(u32, &str, &str)> = map
        .row_of(cell)
        .iter()
        .map(|(col, title, value)| (*col, title.as_str(), value.as_str()))
        .collect();
    row.sort_by_key(|&(col, _, _)| col);
    row.dedup_by_key(|&mut (col, _, _)| col);
    // An empty cell has no value in its row: it is shown all the same.
    let at = match row.binary_search_by_key(&cell.col, |&(col, _, _)| col) {
        Ok(at) => at,
        Err(at) => {
            row.insert(at, (cell.col, cell.title.as_str(), ""));
            at
        }
    };
    let empty = crate::t!(es: "(vacía)", en: "(empty)").render(lang);
    let shown: Vec<(bool, String, String)> = row
        .iter()
        .enumerate()
        .filter(|&(i, _)| i == 0 || i.abs_diff(at) <= ROW_CONTEXT)
        .map(|(i, &(col, title, value))| {
            let title = if title.is_empty() && i == at {
                cell.title.as_str()
            } else {
                title
            };
            let reference = format!("{}{}", column_letters(col), u64::from(cell.row) + 1);
            let name = format!("{} ({reference}):", visible(title, TITLE_CHARS));
            let value = match value.is_empty() {
                true if i == at => empty.clone(),
                _ => visible(value, VALUE_CHARS),
            };
            (i == at, name, value)
        })
        .collect();
    let width = shown
        .iter()
        .map(|(_, name, _)| name.chars().count())
        .max()
        .unwrap_or(0);
    let style = label.style;
    for (marked, name, value) in &shown {
        gutter(w, pad)?;
        border(w)?;
        w.write_all(b" ")?;
        if *marked {
            w.set_label(severity, style)?;
            w.write_all(b">")?;
            w.reset()?;
        } else {
            w.write_all(b" ")?;
        }
        let fill = width - name.chars().count();
        write!(w, " {name}{:fill$} ", "")?;
        if !*marked {
            writeln!(w, "{value}")?;
            continue;
        }
        // The value in the label's colour, as codespan colours the labelled text.
        w.set_label(severity, style)?;
        w.write_all(value.as_bytes())?;
        w.reset()?;
        writeln!(w)?;
        // The carets under the value, and the label's message.
        gutter(w, pad)?;
        border(w)?;
        write!(w, "{:indent$}", "", indent = width + 4)?;
        w.set_label(severity, style)?;
        let caret = if style == LabelStyle::Primary {
            "^"
        } else {
            "-"
        };
        w.write_all(caret.repeat(value.chars().count().max(1)).as_bytes())?;
        if !label.message.is_empty() {
            write!(w, " {}", label.message)?;
        }
        w.reset()?;
        writeln!(w)?;
    }
    Ok(())
}

/// A label in a text file, in a diagnostic that also points into a workbook: its line, the
/// label's part underlined.
fn text_label<'f, F, W>(
    w: &mut W,
    files: &'f F,
    severity: Severity,
    label: &Label<usize>,
    name: &str,
    pad: usize,
) -> io::Result<()>
where
    F: Files<'f, FileId = usize> + ?Sized,
    W: WriteStyle + ?Sized,
{
    let id = label.file_id;
    let Some((number, column, line, start)) = (|| {
        let index = files.line_index(id, label.range.start).ok()?;
        let range = files.line_range(id, index).ok()?;
        let source = files.source(id).ok()?;
        let line = source.as_ref().get(range.clone())?;
        let line = line.trim_end_matches(['\n', '\r', '\0']).to_string();
        let location = files.location(id, label.range.start).ok()?;
        let start = label.range.start.checked_sub(range.start)?;
        Some((location.line_number, location.column_number, line, start))
    })() else {
        return locus(w, pad, name);
    };
    locus(w, pad, &format!("{name}:{number}:{column}"))?;
    gutter(w, pad)?;
    border(w)?;
    writeln!(w)?;
    // Tabs as one space each, so that the carets stand under what they mark.
    let shown: String = line.replace('\t', " ");
    let before = line.get(..start.min(line.len())).unwrap_or_default();
    let end = label.range.end.saturating_sub(label.range.start) + start;
    let marked = line
        .get(start.min(line.len())..end.min(line.len()))
        .unwrap_or_default();
    w.set_line_number()?;
    write!(w, "{number:>pad$}")?;
    w.reset()?;
    w.write_all(b" ")?;
    border(w)?;
    writeln!(w, " {shown}")?;
    gutter(w, pad)?;
    border(w)?;
    write!(w, " {:indent$}", "", indent = before.chars().count())?;
    w.set_label(severity, label.style)?;
    let caret = if label.style == LabelStyle::Primary {
        "^"
    } else {
        "-"
    };
    w.write_all(caret.repeat(marked.chars().count().max(1)).as_bytes())?;
    if !label.message.is_empty() {
        write!(w, " {}", label.message)?;
    }
    w.reset()?;
    writeln!(w)
}

/// A value from a workbook for one line of a terminal: unsafe characters and line breaks as
/// visible stand-ins (`␛`, `␊`), a tab as a space, at most `max` characters.
fn visible(value: &str, max: usize) -> String {
    let mut out = String::with_capacity(value.len().min(max * 4));
    for (n, c) in value.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        out.push(match c {
            '\t' => ' ',
            '\n' | '\r' => escape::stand_in(c),
            c if escape::is_unsafe(c) => escape::stand_in(c),
            c => c,
        });
    }
    out
}

/// The header: `error[code]: message`.
fn header<W, Id>(w: &mut W, diagnostic: &Diagnostic<Id>) -> io::Result<()>
where
    W: WriteStyle + ?Sized,
{
    w.set_header(diagnostic.severity)?;
    w.write_all(match diagnostic.severity {
        Severity::Bug => b"bug",
        Severity::Error => b"error",
        Severity::Warning => b"warning",
        Severity::Help => b"help",
        Severity::Note => b"note",
    })?;
    if let Some(code) = diagnostic.code.as_deref().filter(|c| !c.is_empty()) {
        write!(w, "[{code}]")?;
    }
    w.set_header_message()?;
    write!(w, ": {}", diagnostic.message)?;
    w.reset()?;
    writeln!(w)
}

/// The space left of the border, `pad` wide and one more.
fn gutter<W: WriteStyle + ?Sized>(w: &mut W, pad: usize) -> io::Result<()> {
    write!(w, "{:pad$} ", "")
}

/// The border left of a snippet: `│`.
fn border<W: WriteStyle + ?Sized>(w: &mut W) -> io::Result<()> {
    w.set_source_border()?;
    w.write_all("│".as_bytes())?;
    w.reset()?;
    Ok(())
}

/// The notes, `= help: …`, and the empty line that ends a diagnostic.
fn notes<W, Id>(w: &mut W, diagnostic: &Diagnostic<Id>, pad: usize) -> io::Result<()>
where
    W: WriteStyle + ?Sized,
{
    for note in &diagnostic.notes {
        for (i, line) in note.lines().enumerate() {
            gutter(w, pad)?;
            if i == 0 {
                w.set_note_bullet()?;
                w.write_all(b"=")?;
                w.reset()?;
            } else {
                w.write_all(b" ")?;
            }
            writeln!(w, " {line}")?;
        }
    }
    writeln!(w)
}

//! The most common diagnostic in the human format, rendered without codespan's general
//! machinery: one primary label within one line of printable ASCII, as an unknown key is. The
//! output is byte for byte what [`codespan_reporting::term::emit_to_write_style`] writes with
//! the default configuration, colours included (they come from the same [`WriteStyle`]
//! calls); the tests below compare the two. A chapter with 200,000 unknown keys spends most of
//! its human report in codespan's per-character loops; this takes a fraction of that.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic, LabelStyle, Severity};
use codespan_reporting::files::Files;
use codespan_reporting::term::WriteStyle;

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
        // The header: `error[code]: message`.
        w.set_header(severity)?;
        w.write_all(match severity {
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
        writeln!(w)?;

        let pad = self.line_number.ilog10() as usize + 1;
        let gutter = |w: &mut W| -> io::Result<()> {
            write!(w, "{:pad$} ", "")?;
            Ok(())
        };
        let border = |w: &mut W| -> io::Result<()> {
            w.set_source_border()?;
            w.write_all("│".as_bytes())?;
            w.reset()?;
            Ok(())
        };

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
        for note in &diagnostic.notes {
            for (i, line) in note.lines().enumerate() {
                gutter(w)?;
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
}

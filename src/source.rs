//! Loaded files and positions in them.
//!
//! Every position mirps reports is a byte range into a [`SourceFile`]; the one place that turns a
//! byte offset into a 1-based line and column is [`SourceFile::line_col`], so all emitters agree.
//! A line ends at LF, CRLF or a lone CR, as YAML reads it. A byte order mark is kept out of the
//! text (parsers never see it) but not out of the offsets: [`SourceFile::file_offset`] gives the
//! offset in the file as written.

use std::ops::Range;
use std::path::PathBuf;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A byte range in one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One file's text, the name it is reported under, and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    /// The path shown in diagnostics: relative to the framework root when inside it.
    pub name: String,
    /// The path on disk.
    pub path: PathBuf,
    /// The file's text, without the byte order mark it may start with.
    pub text: String,
    line_starts: Vec<u32>,
    /// Bytes of the byte order mark removed from the start of the file (0 or 3).
    bom: u32,
    /// For a workbook: the cell each part of [`SourceFile::text`] (the document mirps read from
    /// the workbook, as YAML) came from. Diagnostics are reported at cells, not lines.
    pub cells: Option<std::sync::Arc<CellMap>>,
}

/// A cell of a workbook: where a value of a document read from a spreadsheet came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// The sheet's name, as the workbook has it (`Compromisos`).
    pub sheet: String,
    /// 0-based row and column, counted from A1 of the sheet.
    pub row: u32,
    pub col: u32,
    /// The title of the cell's column (`Pilar`).
    pub title: String,
}

impl Cell {
    /// The cell's reference as a spreadsheet writes it: `D7`.
    pub fn reference(&self) -> String {
        format!("{}{}", column_letters(self.col), self.row + 1)
    }

    /// Where the cell is, as a spreadsheet writes it: `Compromisos!D7`, the sheet name
    /// quoted when it holds anything but letters, digits and `_` (`'Mis datos'!A1`).
    pub fn location(&self) -> String {
        let plain =
            !self.sheet.is_empty() && self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
        if plain {
            format!("{}!{}", self.sheet, self.reference())
        } else {
            format!("'{}'!{}", self.sheet.replace('\'', "''"), self.reference())
        }
    }
}

/// The letters of a 0-based column: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Which cell each byte range of a workbook's document came from, and the values of each row
/// (for showing a problem with its row around it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellMap {
    /// Byte ranges of the document's text and their cells, in text order. A range may hold
    /// others (a row's item holds its values); the innermost one that holds a span is its cell.
    pub ranges: Vec<(Span, Cell)>,
    /// The cells of each row with a value, by (sheet, row): (column, title, value as shown).
    pub rows: Vec<RowValues>,
}

/// The cells of one row with a value, by (sheet, row): (column, title, value as shown).
pub type RowValues = ((String, u32), Vec<(u32, String, String)>);

impl CellMap {
    /// The cell a span of the document's text came from: the innermost range holding its start.
    pub fn cell_of(&self, span: Span) -> Option<&Cell> {
        self.ranges
            .iter()
            .filter(|(range, _)| {
                range.start <= span.start && span.start <= range.end.max(range.start)
            })
            .min_by_key(|(range, _)| range.end - range.start)
            .map(|(_, cell)| cell)
    }

    /// The values of the row a cell is on: (column, title, value).
    pub fn row_of(&self, cell: &Cell) -> &[(u32, String, String)] {
        self.rows
            .iter()
            .find(|((sheet, row), _)| *sheet == cell.sheet && *row == cell.row)
            .map_or(&[], |(_, values)| values.as_slice())
    }
}

/// The byte order mark, as it starts a UTF-8 file.
const BOM: char = '\u{feff}';

impl SourceFile {
    /// A file with its text as read; a leading byte order mark is set aside (see
    /// [`SourceFile::file_offset`]).
    pub fn new(name: String, path: PathBuf, mut text: String) -> SourceFile {
        let bom = if text.starts_with(BOM) {
            text.drain(..BOM.len_utf8());
            BOM.len_utf8() as u32
        } else {
            0
        };
        let line_starts = line_starts(&text);
        SourceFile {
            name,
            path,
            text,
            line_starts,
            bom,
            cells: None,
        }
    }

    /// The offset in the file as written of an offset into [`SourceFile::text`]: spans skip
    /// the byte order mark, a reader of the file counts it.
    pub fn file_offset(&self, offset: u32) -> u64 {
        u64::from(offset) + u64::from(self.bom)
    }

    /// Zero-based index of the line holding `offset` (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset.min(self.text.len())).unwrap_or(u32::MAX);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of line `index` (zero-based), without its line break.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let start = self
            .line_starts
            .get(index)
            .map_or(self.text.len(), |s| *s as usize);
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |s| *s as usize);
        let line = &self.text[start..end];
        let trimmed = line.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }

    /// Byte range of line `index` (zero-based), with its line break.
    pub fn line_range_with_break(&self, index: usize) -> Range<usize> {
        let start = self.line_range(index).start;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |s| *s as usize);
        start..end
    }

    /// 1-based line and column (counted in characters) of a byte offset.
    ///
    /// An offset inside a multi-byte character or past the end is clamped to the character start
    /// or the end of the text, so any offset gives a valid position.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let start = self.line_starts[line] as usize;
        let col = self.text[start..offset].chars().count();
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and a 0-based character column, as YAML parsers report.
    pub fn offset_of(&self, line: usize, col0: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let start = start as usize;
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(col0)
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

/// Where each line starts. LF, CRLF and a lone CR each end a line (YAML's line breaks).
fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    starts.extend(
        memchr::memchr2_iter(b'\n', b'\r', bytes)
            // In CRLF, the LF ends the line.
            .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
            .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
    );
    starts
}

/// All files of one run. Diagnostics refer to them by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.line_index(byte_index))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        // codespan wants the range including the line break.
        Ok(file.line_range_with_break(line_index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("f.yaml".into(), PathBuf::from("f.yaml"), text.into())
    }

    #[test]
    fn line_col_is_one_based() {
        let f = file("ab\ncd\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(1), (1, 2));
        assert_eq!(f.line_col(2), (1, 3)); // the line break itself
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(6), (3, 1)); // end of text after a final newline
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = file("título: Recepción\n");
        let offset = f.text.find("Recepción").unwrap();
        assert_eq!(offset, 9); // "título: " is 8 characters, 9 bytes
        assert_eq!(f.line_col(offset), (1, 9));
    }

    #[test]
    fn line_col_clamps_inside_a_character_and_past_the_end() {
        let f = file("ñ");
        assert_eq!(f.line_col(1), (1, 1));
        assert_eq!(f.line_col(99), (1, 2));
        assert_eq!(file("").line_col(0), (1, 1));
    }

    #[test]
    fn line_col_handles_crlf() {
        let f = file("a\r\nb");
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_range(0), 0..1);
    }

    /// Lone CR line endings (old Mac files) put every diagnostic on line 1.
    #[test]
    fn lone_cr_ends_a_line_like_lf_and_crlf() {
        for text in [
            "a: 1\nb: 2\nc: 3\n",
            "a: 1\r\nb: 2\r\nc: 3\r\n",
            "a: 1\rb: 2\rc: 3\r",
        ] {
            let f = file(text);
            let c = text.find('c').unwrap();
            assert_eq!(f.line_col(c), (3, 1), "{text:?}");
            assert_eq!(&f.text[f.line_range(1)], "b: 2", "{text:?}");
            assert_eq!(f.offset_of(3, 0), c, "{text:?}");
        }
        let mixed = file("a\r\rb\n\r\nc");
        assert_eq!(mixed.line_col(mixed.text.find('b').unwrap()), (3, 1));
        assert_eq!(mixed.line_col(mixed.text.find('c').unwrap()), (5, 1));
    }

    /// In a file with a byte order mark, JSON offsets were 3 bytes short of the file's.
    #[test]
    fn byte_order_mark_is_out_of_the_text_but_in_the_file_offsets() {
        let f = file("\u{feff}a: 1\nb: 2\n");
        assert_eq!(f.text, "a: 1\nb: 2\n");
        let b = f.text.find('b').unwrap();
        assert_eq!(f.line_col(b), (2, 1));
        assert_eq!(f.line_col(0), (1, 1), "the mark is not a column");
        assert_eq!(f.file_offset(b as u32), b as u64 + 3);
        assert_eq!(file("a").file_offset(0), 0);
    }

    proptest::proptest! {
        /// Every offset of any text (line breaks of every kind, multi-byte characters, a byte
        /// order mark) maps to a line and column inside the text, and back to itself.
        #[test]
        fn every_offset_maps_inside_the_text(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\r".to_string()),
                    proptest::strategy::Just("\r\n".to_string()),
                    proptest::strategy::Just("ñ".to_string()),
                    proptest::strategy::Just("🦀".to_string()),
                    "[a-z \t]{0,5}",
                    proptest::arbitrary::any::<String>(),
                ],
                0..40,
            ),
            bom in proptest::arbitrary::any::<bool>(),
        ) {
            let text = format!("{}{}", if bom { "\u{feff}" } else { "" }, parts.concat());
            let f = file(&text);
            // LF, CR and CRLF each end a line.
            let lines = f.text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1;
            for offset in 0..=f.text.len() + 2 {
                let (line, col) = f.line_col(offset);
                proptest::prop_assert!(line >= 1 && line <= lines, "{offset}: line {line} of {lines}");
                proptest::prop_assert!(col >= 1);
                let range = f.line_range(line - 1);
                let clamped = offset.min(f.text.len());
                proptest::prop_assert!(range.start <= clamped, "{offset} before its line {range:?}");
                if f.text.is_char_boundary(clamped) && clamped <= range.end {
                    proptest::prop_assert_eq!(f.offset_of(line, col - 1), clamped);
                }
                proptest::prop_assert_eq!(
                    f.file_offset(offset as u32),
                    offset as u64 + if bom { 3 } else { 0 }
                );
            }
        }
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let f = file("uno: á\ndos: ñandú\n");
        for offset in [0, 5, 8, 12, 13] {
            if !f.text.is_char_boundary(offset) {
                continue;
            }
            let (line, col) = f.line_col(offset);
            assert_eq!(f.offset_of(line, col - 1), offset);
        }
        assert_eq!(f.offset_of(9, 0), f.text.len());
    }
}

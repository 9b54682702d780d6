//! Reading a `.xlsx` file into a [`Workbook`] of plain values (with calamine), refusing what is
//! not a workbook mirps can read, in bounded time and memory.
//!
//! A workbook comes from a drafter's computer or from a pull request, so its bytes are hostile
//! until proven otherwise. What this module guarantees:
//!
//! - **What is read.** Only an Office Open XML workbook: a zip archive named `.xlsx` (or
//!   `.xlsm`, `.xltx`, `.xltm`, the same format). An old `.xls`, an `.ods`, a `.csv` or anything
//!   else is [`ReadError::Format`], said with its extension; a workbook protected by a password
//!   (Excel stores those as an OLE compound file holding an `EncryptedPackage` stream) is
//!   [`ReadError::Encrypted`]; a damaged archive or XML is [`ReadError::Corrupt`], with the
//!   underlying message.
//! - **Bounded memory and time.** The file is at most [`MAX_FILE_BYTES`]. Before calamine sees
//!   a byte, the archive's central directory is read here and refused when its entries declare
//!   more than [`MAX_UNCOMPRESSED_BYTES`] in all, or an entry over 1 MiB compresses more than
//!   [`MAX_RATIO`]:1 (a zip bomb), or it has more than [`MAX_ENTRIES`] entries. An entry that
//!   lies about its size cannot get past that check either: the zip reader under calamine stops
//!   an entry at the size the central directory declares, and that error is
//!   [`ReadError::TooLarge`] here. Cells are streamed, never laid out as a dense grid (a sheet
//!   with one value at A1 and one at XFD1048576 costs two cells), and more than [`MAX_CELLS`]
//!   cells with a value (merged ranges counted with them) is [`ReadError::TooLarge`].
//! - **Never a panic.** Every offset in the archive is checked. calamine 0.38 does unchecked
//!   arithmetic on cell references (a `<dimension ref="B2:A1"/>` subtracts with overflow), which
//!   panics in builds with overflow checks; its work runs under `catch_unwind`, and a panic there
//!   is [`ReadError::Corrupt`].
//!
//! What a [`Sheet`] holds: the cells with a value, at their absolute position (0-based from A1,
//! so a sheet whose data starts at C4 has its first cell at (3, 2)). Empty cells, empty text and
//! formatted empty rows are not cells. Strings are kept exactly (a leading `=` or `+` stays
//! text); numbers are [`CellValue::Number`]; a date cell (a serial number with a date format, in
//! the 1900 or the 1904 date system, or an ISO date) is [`CellValue::Date`], its time dropped; an
//! error value is [`CellValue::Error`] (`#DIV/0!`). A cell holding a formula has
//! `formula: true` and the value the spreadsheet saved with it; a formula saved without a value
//! (as openpyxl writes them) is kept as empty text with `formula: true`, so the import can say
//! that the cell holds a formula mirps cannot evaluate instead of finding it empty.

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use super::{CellValue, GridCell, Sheet, Workbook};
use crate::diag::Text;
use crate::t;

/// Largest file read, on disk.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Largest sum of the sizes the archive's entries declare once uncompressed.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 256 << 20;
/// Largest compression ratio of an entry over [`RATIO_FLOOR`] bytes (XML compresses about
/// 10:1, and deflate cannot pass about 1032:1: only a run of one byte gets near this).
pub const MAX_RATIO: u64 = 1000;
/// Entries up to this size may compress as well as they like.
const RATIO_FLOOR: u64 = 1 << 20;
/// Most entries in the archive (a workbook of a hundred sheets has a few hundred).
pub const MAX_ENTRIES: u64 = 10_000;
/// Most cells with a value in a workbook (a 1,000-commitment chapter has about 50,000).
pub const MAX_CELLS: usize = 2_000_000;
// The limits are written out in `ReadError::text`.
const _: () = assert!(
    MAX_FILE_BYTES == 64 << 20 && MAX_UNCOMPRESSED_BYTES == 256 << 20 && MAX_CELLS == 2_000_000,
    "update the limits written in ReadError::text"
);

/// Excel's grid: rows and columns beyond it are not in any real workbook.
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;

/// Why a file could not be read as a workbook.
#[derive(Debug)]
pub enum ReadError {
    /// Not an Office Open XML workbook: `.xls`, `.ods`, `.csv`, or anything else. `extension`
    /// is the file's (lowercase, without the dot), or what its content is when the name says
    /// `.xlsx` (`xls`), or empty when there is no name to go by.
    Format {
        extension: String,
    },
    /// Protected by a password (encrypted).
    Encrypted,
    /// Damaged, or not what its name says; the detail, as the underlying reader put it.
    Corrupt(Text),
    /// Larger than mirps reads (a zip bomb, a sheet of millions of cells).
    TooLarge,
    Io(std::io::Error),
}

impl ReadError {
    /// What went wrong, in plain words.
    pub fn text(&self) -> Text {
        match self {
            ReadError::Format { extension } if extension.is_empty() => t!(
                es: "este archivo no es un libro de Excel: mirps lee libros de Excel (.xlsx); guarde el archivo como «Libro de Excel (.xlsx)» y vuelva a intentarlo",
                en: "this file is not an Excel workbook: mirps reads Excel workbooks (.xlsx); save the file as .xlsx (Excel Workbook) and try again",
            ),
            ReadError::Format { extension } if extension == "ods" => t!(
                es: "mirps no lee archivos `.ods`: lee libros de Excel (.xlsx); en LibreOffice, use Archivo › Guardar como… › «Excel 2007-365 (.xlsx)» y vuelva a intentarlo",
                en: "mirps cannot read `.ods` files: it reads Excel workbooks (.xlsx); in LibreOffice, use File › Save As… › “Excel 2007-365 (.xlsx)” and try again",
            ),
            ReadError::Format { extension } => t!(
                es: "mirps no lee archivos `.{extension}`: lee libros de Excel (.xlsx); guarde el archivo como «Libro de Excel (.xlsx)» y vuelva a intentarlo",
                en: "mirps cannot read `.{extension}` files: it reads Excel workbooks (.xlsx); save the file as .xlsx (Excel Workbook) and try again",
                extension = extension,
            ),
            ReadError::Encrypted => t!(
                es: "el libro está protegido con una contraseña (cifrado) y mirps no puede leerlo: ábralo en Excel, quite la contraseña (Archivo › Información › Proteger libro › Cifrar con contraseña, y borre la contraseña), guárdelo y vuelva a intentarlo",
                en: "the workbook is protected by a password (encrypted), so mirps cannot read it: open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, and clear it), save it and try again",
            ),
            ReadError::Corrupt(detail) => t!(
                es: "el archivo está dañado o no es un libro de Excel (.xlsx) ({detail}): ábralo en Excel o LibreOffice, guárdelo de nuevo como «Libro de Excel (.xlsx)» y vuelva a intentarlo",
                en: "the file is damaged or is not an Excel workbook (.xlsx) ({detail}): open it in Excel or LibreOffice, save it again as .xlsx (Excel Workbook) and try again",
                detail = detail.clone(),
            ),
            ReadError::TooLarge => t!(
                es: "el libro es más grande de lo que mirps lee (como máximo 64 MiB en disco, 256 MiB una vez descomprimido y 2 000 000 de celdas con valor): compruebe que es el archivo que quería, o divídalo en varios libros",
                en: "the workbook is larger than mirps reads (at most 64 MiB on disk, 256 MiB uncompressed and 2,000,000 cells with a value): check that it is the file you meant, or split it into several workbooks",
            ),
            ReadError::Io(error) => match error.kind() {
                std::io::ErrorKind::NotFound => {
                    t!(es: "el archivo no existe", en: "the file does not exist")
                }
                std::io::ErrorKind::PermissionDenied => t!(
                    es: "no tiene permiso para leer el archivo",
                    en: "you do not have permission to read the file",
                ),
                _ => t!(
                    es: "no se pudo leer el archivo ({error})",
                    en: "the file could not be read ({error})",
                    error = Text::verbatim(error.to_string()),
                ),
            },
        }
    }
}

/// In the language of the run.
impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(error) => Some(error),
            _ => None,
        }
    }
}

/// Read the workbook at `path`.
pub fn read(path: &Path) -> Result<Workbook, ReadError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| !e.is_empty());
    let bytes = read_file(path)?;
    read_named(&bytes, extension.as_deref())
}

/// Read a workbook from its bytes (a file without a name: its content alone decides).
pub fn read_bytes(bytes: &[u8]) -> Result<Workbook, ReadError> {
    read_named(bytes, None)
}

/// The bytes of the file at `path`, refusing what is not a regular file (a named pipe would
/// block) or is larger than [`MAX_FILE_BYTES`], even if it grows while it is read.
fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "it is a folder"
        } else {
            "it is not a regular file"
        };
        return Err(ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            what,
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The extensions of the Office Open XML spreadsheet format that calamine reads as `.xlsx`.
fn is_xlsx_extension(extension: &str) -> bool {
    matches!(extension, "xlsx" | "xlsm" | "xltx" | "xltm")
}

/// An extension as a message can show it: short, without control characters.
fn shown_extension(extension: &str) -> String {
    extension
        .chars()
        .take(16)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

fn format_error(extension: &str) -> ReadError {
    ReadError::Format {
        extension: shown_extension(extension),
    }
}

fn read_named(bytes: &[u8], extension: Option<&str>) -> Result<Workbook, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    let named_xlsx = extension.is_some_and(is_xlsx_extension);
    if bytes.starts_with(OLE_MAGIC) {
        // Excel saves a workbook with a password as an OLE compound file holding the
        // encrypted zip in a stream named `EncryptedPackage` (its name, in UTF-16, is in the
        // file's directory). Without one, it is an old `.xls` (or another OLE document).
        if is_encrypted_package(bytes) {
            return Err(ReadError::Encrypted);
        }
        return Err(match extension {
            Some(ext) if !named_xlsx => format_error(ext),
            _ => format_error("xls"),
        });
    }
    if let Some(ext) = extension
        && !named_xlsx
    {
        return Err(format_error(ext));
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(if !named_xlsx {
            format_error("")
        } else if bytes.is_empty() {
            ReadError::Corrupt(t!(es: "el archivo está vacío", en: "the file is empty"))
        } else {
            ReadError::Corrupt(
                t!(es: "no es un archivo zip, como lo es todo .xlsx", en: "it is not a zip archive, as every .xlsx file is"),
            )
        });
    }
    let entries = central_directory(bytes)?;
    check_entries(&entries)?;
    parse_guarded(bytes)
}

/// Whether an OLE compound file holds an `EncryptedPackage` stream (a password-protected
/// Office Open XML document).
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    memchr::memmem::find(bytes, &name).is_some()
}

/// One entry of a zip archive's central directory.
#[derive(Debug)]
struct Entry {
    name: Vec<u8>,
    flags: u16,
    compressed: u64,
    uncompressed: u64,
}

fn damaged(what: &str) -> ReadError {
    ReadError::Corrupt(
        t!(es: "el archivo zip está dañado: {what}", en: "the zip archive is damaged: {what}", what = what),
    )
}

fn slice(bytes: &[u8], at: u64, len: u64) -> Option<&[u8]> {
    let start = usize::try_from(at).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    bytes.get(start..end)
}

fn le16(bytes: &[u8], at: u64) -> Option<u16> {
    let b = slice(bytes, at, 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn le32(bytes: &[u8], at: u64) -> Option<u32> {
    let b = slice(bytes, at, 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn le64(bytes: &[u8], at: u64) -> Option<u64> {
    let b: [u8; 8] = slice(bytes, at, 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(b))
}

/// The central directory of the zip archive `bytes`, read strictly: the last end record of the
/// file, whose comment reaches the end exactly, and a directory that ends where that record (or
/// its zip64 record) starts. The zip reader under calamine takes the same record (it starts
/// from the end and keeps a record whose directory abuts it), so the sizes checked here are the
/// sizes it will enforce.
fn central_directory(bytes: &[u8]) -> Result<Vec<Entry>, ReadError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const EOCD_LEN: u64 = 22;
    let len = bytes.len() as u64;
    let truncated = || damaged("no end of central directory record (the file may be truncated)");
    if len < EOCD_LEN {
        return Err(truncated());
    }
    let search_from = len.saturating_sub(EOCD_LEN + u64::from(u16::MAX));
    let tail = slice(bytes, search_from, len - search_from).ok_or_else(truncated)?;
    let eocd = search_from
        + memchr::memmem::rfind(tail, EOCD)
            .map(|at| at as u64)
            .ok_or_else(truncated)?;
    let field16 = |at: u64| le16(bytes, eocd + at).ok_or_else(truncated);
    let field32 = |at: u64| le32(bytes, eocd + at).ok_or_else(truncated);
    if eocd + EOCD_LEN + u64::from(field16(20)?) != len {
        return Err(damaged(
            "the archive does not end where its last record says (the file may be truncated, or have data after it)",
        ));
    }
    if field16(4)? != 0 || field16(6)? != 0 {
        return Err(damaged("an archive split over several disks"));
    }
    let mut count = u64::from(field16(10)?);
    let mut size = u64::from(field32(12)?);
    let mut offset = u64::from(field32(16)?);
    let mut end = eocd;
    if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
        // Zip64: a locator just before the end record points at the zip64 end record.
        let no_zip64 = || damaged("a zip64 archive without its zip64 records");
        let locator = eocd.checked_sub(20).ok_or_else(no_zip64)?;
        if slice(bytes, locator, 4) != Some(b"PK\x06\x07") {
            return Err(no_zip64());
        }
        let record = le64(bytes, locator + 8).ok_or_else(no_zip64)?;
        if slice(bytes, record, 4) != Some(b"PK\x06\x06") {
            return Err(no_zip64());
        }
        count = le64(bytes, record + 32).ok_or_else(no_zip64)?;
        size = le64(bytes, record + 40).ok_or_else(no_zip64)?;
        offset = le64(bytes, record + 48).ok_or_else(no_zip64)?;
        end = record;
    }
    if offset.checked_add(size) != Some(end) {
        return Err(damaged(
            "the central directory is not where the archive says",
        ));
    }
    if count > MAX_ENTRIES {
        return Err(ReadError::TooLarge);
    }
    let bad_entry = || damaged("an entry of the central directory is cut short");
    let mut entries = Vec::with_capacity(count as usize);
    let mut at = offset;
    for _ in 0..count {
        if slice(bytes, at, 4) != Some(b"PK\x01\x02") {
            return Err(bad_entry());
        }
        let f16 = |o: u64| le16(bytes, at + o).ok_or_else(bad_entry);
        let f32 = |o: u64| le32(bytes, at + o).ok_or_else(bad_entry);
        let flags = f16(8)?;
        let mut compressed = u64::from(f32(20)?);
        let mut uncompressed = u64::from(f32(24)?);
        let name_len = u64::from(f16(28)?);
        let extra_len = u64::from(f16(30)?);
        let comment_len = u64::from(f16(32)?);
        let name = slice(bytes, at + 46, name_len).ok_or_else(bad_entry)?;
        let extra = slice(bytes, at + 46 + name_len, extra_len).ok_or_else(bad_entry)?;
        if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF {
            // The zip64 extra field holds, in this order, the sizes that did not fit.
            let zip64 = zip64_field(extra).ok_or_else(bad_entry)?;
            let mut next = 0;
            if uncompressed == 0xFFFF_FFFF {
                uncompressed = le64(zip64, next).ok_or_else(bad_entry)?;
                next += 8;
            }
            if compressed == 0xFFFF_FFFF {
                compressed = le64(zip64, next).ok_or_else(bad_entry)?;
            }
        }
        entries.push(Entry {
            name: name.to_vec(),
            flags,
            compressed,
            uncompressed,
        });
        at += 46 + name_len + extra_len + comment_len;
        if at > end {
            return Err(bad_entry());
        }
    }
    if at != end {
        return Err(damaged(
            "the central directory does not hold the entries it counts",
        ));
    }
    Ok(entries)
}

/// The data of the zip64 extended information field (id 1) in an entry's extra fields.
fn zip64_field(extra: &[u8]) -> Option<&[u8]> {
    let mut at = 0u64;
    while at + 4 <= extra.len() as u64 {
        let id = le16(extra, at)?;
        let len = u64::from(le16(extra, at + 2)?);
        let data = slice(extra, at + 4, len)?;
        if id == 1 {
            return Some(data);
        }
        at += 4 + len;
    }
    None
}

/// Refuse an archive that would cost too much to open (a zip bomb), that is encrypted, or that
/// is another format in a zip (an `.ods` or `.xlsb` renamed `.xlsx`).
fn check_entries(entries: &[Entry]) -> Result<(), ReadError> {
    let mut total: u64 = 0;
    for entry in entries {
        total = total.saturating_add(entry.uncompressed);
        if entry.uncompressed > RATIO_FLOOR
            && entry.uncompressed / entry.compressed.max(1) > MAX_RATIO
        {
            return Err(ReadError::TooLarge);
        }
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(ReadError::TooLarge);
    }
    if entries.iter().any(|e| e.flags & 1 != 0) {
        return Err(ReadError::Encrypted);
    }
    let has = |name: &[u8]| entries.iter().any(|e| e.name.eq_ignore_ascii_case(name));
    if has(b"mimetype") && has(b"content.xml") && !has(b"xl/workbook.xml") {
        return Err(format_error("ods"));
    }
    if has(b"xl/workbook.bin") && !has(b"xl/workbook.xml") {
        return Err(format_error("xlsb"));
    }
    Ok(())
}

/// [`parse`], with a panic inside calamine turned into [`ReadError::Corrupt`].
fn parse_guarded(bytes: &[u8]) -> Result<Workbook, ReadError> {
    match catch_unwind(AssertUnwindSafe(|| parse(bytes))) {
        Ok(result) => result,
        Err(_) => Err(ReadError::Corrupt(t!(
            es: "el XML del libro contiene valores que ningún programa de hojas de cálculo escribe",
            en: "the workbook's XML holds values no spreadsheet writes",
        ))),
    }
}

/// The words of an error and of its sources, once each.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut words = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let more = inner.to_string();
        if !words.contains(&more) {
            words.push_str(": ");
            words.push_str(&more);
        }
        source = inner.source();
    }
    words
}

fn from_calamine(error: XlsxError) -> ReadError {
    if matches!(error, XlsxError::Password) {
        return ReadError::Encrypted;
    }
    let words = error_chain(&error);
    // The zip reader's refusal of an entry that inflates past its declared size (see the
    // module's documentation): a bomb whose headers lie.
    if words.contains("larger than its declared uncompressed size") {
        return ReadError::TooLarge;
    }
    ReadError::Corrupt(Text::verbatim(words))
}

/// Cells (and merged ranges) still allowed in the workbook.
struct Budget(usize);

impl Budget {
    fn spend(&mut self, n: usize) -> Result<(), ReadError> {
        self.0 = self.0.checked_sub(n).ok_or(ReadError::TooLarge)?;
        Ok(())
    }
}

fn parse(bytes: &[u8]) -> Result<Workbook, ReadError> {
    let mut xlsx: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(from_calamine)?;
    let is_1904 = xlsx.has_1904_epoch();
    let metadata = xlsx.sheets_metadata().to_vec();
    let mut budget = Budget(MAX_CELLS);
    let mut sheets: Vec<Sheet> = Vec::new();
    for meta in metadata {
        // Chart and dialog sheets hold no cells.
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        if sheets.iter().any(|s| s.name == meta.name) {
            // calamine finds a sheet by its name: a second sheet of the same name would read
            // as the first. Excel refuses such a workbook too.
            return Err(ReadError::Corrupt(t!(
                es: "dos hojas se llaman «{name}»",
                en: "two sheets are named “{name}”",
                name = meta.name.as_str(),
            )));
        }
        let hidden = matches!(
            meta.visible,
            SheetVisible::Hidden | SheetVisible::VeryHidden
        );
        let mut sheet = Sheet {
            name: meta.name,
            hidden,
            cells: BTreeMap::new(),
            merged: Vec::new(),
        };
        read_cells(&mut xlsx, &mut sheet, is_1904, &mut budget)?;
        let merged = xlsx
            .merge_cells_by_sheet_name(&sheet.name)
            .map_err(from_calamine)?;
        budget.spend(merged.len())?;
        for region in merged {
            let (r0, c0) = region.start;
            let (r1, c1) = region.end;
            let (r0, r1) = (r0.min(r1), r0.max(r1));
            let (c0, c1) = (c0.min(c1), c0.max(c1));
            if r1 > MAX_ROW || c1 > MAX_COL {
                return Err(outside(&sheet.name));
            }
            sheet.merged.push((r0, c0, r1, c1));
        }
        sheets.push(sheet);
    }
    if sheets.is_empty() {
        return Err(ReadError::Corrupt(
            t!(es: "el libro no tiene ninguna hoja de cálculo", en: "the workbook has no worksheet"),
        ));
    }
    Ok(Workbook { sheets })
}

fn outside(sheet: &str) -> ReadError {
    ReadError::Corrupt(t!(
        es: "la hoja «{sheet}» tiene una celda más allá de la última fila o columna que puede tener una hoja",
        en: "sheet “{sheet}” has a cell beyond the last row or column a sheet can have",
        sheet = sheet,
    ))
}

/// Stream the cells of `sheet` (named in it) into it: one pass over its XML, keeping only the
/// cells with a value.
fn read_cells(
    xlsx: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &mut Sheet,
    is_1904: bool,
    budget: &mut Budget,
) -> Result<(), ReadError> {
    let mut cells = match xlsx.worksheet_cells_reader(&sheet.name) {
        Ok(cells) => cells,
        // A sheet part that is not a worksheet (a chart filed as one): no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(from_calamine(e)),
    };
    loop {
        // Without shared-formula expansion: calamine would grow a table to the index the file
        // names (`si="4000000000"`), and mirps only needs to know that a formula is there.
        let record = match cells.next_cell_with_formula_metadata() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            // An error value calamine does not know (`#SPILL!`, `#CALC!`): it gives no
            // position, so the cell is skipped and the stream goes on past it.
            Err(XlsxError::CellError(_)) => {
                budget.spend(1)?;
                continue;
            }
            Err(e) => return Err(from_calamine(e)),
        };
        let formula = record.formula.is_some();
        let value = match value(record.value, is_1904) {
            Some(value) => value,
            None if formula => CellValue::Text(String::new()),
            None => continue,
        };
        let (row, col) = record.pos;
        if row > MAX_ROW || col > MAX_COL {
            return Err(outside(&sheet.name));
        }
        let cell = GridCell { value, formula };
        if sheet.cells.insert((row, col), cell).is_none() {
            budget.spend(1)?;
        }
    }
    Ok(())
}

/// A cell's value, or `None` for an empty cell (or empty text).
fn value(data: DataRef<'_>, is_1904: bool) -> Option<CellValue> {
    Some(match data {
        DataRef::Empty => return None,
        DataRef::String(s) if s.is_empty() => return None,
        DataRef::SharedString("") => return None,
        DataRef::String(s) => CellValue::Text(s),
        DataRef::SharedString(s) => CellValue::Text(s.to_string()),
        DataRef::Int(n) => CellValue::Number(n as f64),
        DataRef::Float(n) => CellValue::Number(n),
        DataRef::Bool(b) => CellValue::Bool(b),
        DataRef::DateTime(dt) if dt.is_datetime() => serial_date(dt.as_f64(), is_1904),
        // A duration (`[h]:mm`) is an amount of days, not a date.
        DataRef::DateTime(dt) => CellValue::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) => match iso_date(&s) {
            Some((y, m, d)) => CellValue::Date(y, m, d),
            None => CellValue::Text(s),
        },
        DataRef::DurationIso(s) => CellValue::Text(s),
        DataRef::Error(e) => CellValue::Error(e.to_string()),
    })
}

/// The date of an Excel serial number, its time dropped. Not a date (kept as the number): a
/// time of day alone (below 1 in the 1900 system), a negative or non-finite serial, or one past
/// 9999-12-31. Serial 60 in the 1900 system is 1900-02-29, a day Excel counts and the calendar
/// does not: it is kept as that text, for the import to refuse as a date.
fn serial_date(serial: f64, is_1904: bool) -> CellValue {
    const LAST_1900: f64 = 2_958_465.0; // 9999-12-31
    let days = serial.floor();
    let unix_days = if is_1904 {
        // Serial 0 is 1904-01-01, 24,107 days before 1970-01-01.
        (0.0..=LAST_1900 - 1462.0)
            .contains(&days)
            .then(|| days as i64 - 24_107)
    } else if (1.0..60.0).contains(&days) {
        // Serial 1 is 1900-01-01.
        Some(days as i64 - 25_568)
    } else if days == 60.0 {
        return CellValue::Text("1900-02-29".into());
    } else {
        // From serial 61 (1900-03-01) Excel's count is the calendar's; 25,569 is 1970-01-01.
        (61.0..=LAST_1900)
            .contains(&days)
            .then(|| days as i64 - 25_569)
    };
    match unix_days {
        Some(d) => {
            let (y, m, day) = crate::model::civil_from_days(d);
            // The serials read keep the year within 1900..=9999.
            let y = i32::try_from(y).unwrap_or(9999);
            CellValue::Date(y, m, day)
        }
        None => CellValue::Number(serial),
    }
}

/// The date of an ISO 8601 date or date-time (`2024-05-01`, `2024-05-01T10:30:00Z`), its time
/// dropped; `None` for anything else (a time alone, a date that does not exist).
fn iso_date(text: &str) -> Option<(i32, u32, u32)> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter()
            .try_fold(0u32, |n, d| Some(n * 10 + u32::from(d - b'0')))
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), None | Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&day)
        .then_some((year as i32, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    use rust_xlsxwriter::{ExcelDateTime, Format, Formula};

    // ---- Building inputs -------------------------------------------------------------------

    fn save(workbook: &mut rust_xlsxwriter::Workbook) -> Vec<u8> {
        workbook.save_to_buffer().unwrap()
    }

    fn read_as(bytes: &[u8], name: &str) -> Result<Workbook, ReadError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        read(&path)
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
            }
        }
        !crc
    }

    /// One entry of a hand-made zip: its stored bytes and what its headers say.
    struct ZipEntry {
        name: String,
        method: u16,
        data: Vec<u8>,
        crc: u32,
        uncompressed: u32,
    }

    impl ZipEntry {
        /// Stored (not compressed), with honest headers.
        fn stored(name: &str, data: &[u8]) -> ZipEntry {
            ZipEntry {
                name: name.into(),
                method: 0,
                data: data.to_vec(),
                crc: crc32(data),
                uncompressed: data.len() as u32,
            }
        }
    }

    /// A zip archive of `entries`, their headers saying what each entry says.
    fn zip(entries: &[ZipEntry]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for e in entries {
            let offset = out.len() as u32;
            let header = |sig: &[u8], central: bool| {
                let mut h = sig.to_vec();
                if central {
                    h.extend(20u16.to_le_bytes()); // version made by
                }
                h.extend(20u16.to_le_bytes()); // version needed
                h.extend(0u16.to_le_bytes()); // flags
                h.extend(e.method.to_le_bytes());
                h.extend(0u32.to_le_bytes()); // time and date
                h.extend(e.crc.to_le_bytes());
                h.extend((e.data.len() as u32).to_le_bytes());
                h.extend(e.uncompressed.to_le_bytes());
                h.extend((e.name.len() as u16).to_le_bytes());
                h.extend(0u16.to_le_bytes()); // extra
                if central {
                    h.extend([0; 8]); // comment length, disk, internal and external attributes
                    h.extend([0; 2]);
                    h.extend(offset.to_le_bytes());
                }
                h.extend(e.name.as_bytes());
                h
            };
            out.extend(header(b"PK\x03\x04", false));
            out.extend(&e.data);
            directory.extend(header(b"PK\x01\x02", true));
        }
        let cd_offset = out.len() as u32;
        out.extend(&directory);
        out.extend(b"PK\x05\x06");
        out.extend([0; 4]);
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((directory.len() as u32).to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend([0; 2]);
        out
    }

    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    /// Style 1 is a date (built-in number format 14).
    const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

    fn workbook_xml(date1904: bool) -> String {
        let pr = if date1904 {
            r#"<workbookPr date1904="1"/>"#
        } else {
            ""
        };
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}<sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        )
    }

    fn sheet_xml(sheet_data: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
        )
    }

    /// A hand-made workbook of one sheet "Hoja1" whose `<sheetData>` is `sheet_data`, with
    /// `extra` entries (a shared-strings part).
    fn hand_made(sheet_data: &str, date1904: bool, extra: Vec<ZipEntry>) -> Vec<u8> {
        let mut entries = vec![
            ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
            ZipEntry::stored("xl/workbook.xml", workbook_xml(date1904).as_bytes()),
            ZipEntry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ZipEntry::stored("xl/styles.xml", STYLES.as_bytes()),
            ZipEntry::stored("xl/worksheets/sheet1.xml", sheet_xml(sheet_data).as_bytes()),
        ];
        entries.extend(extra);
        zip(&entries)
    }

    /// Bits, least significant first, as deflate packs them.
    #[derive(Default)]
    struct Bits {
        out: Vec<u8>,
        used: u32,
    }

    impl Bits {
        fn push(&mut self, value: u32, count: u32) {
            for i in 0..count {
                if self.used == 0 {
                    self.out.push(0);
                }
                if (value >> i) & 1 == 1 {
                    *self.out.last_mut().unwrap() |= 1 << self.used;
                }
                self.used = (self.used + 1) % 8;
            }
        }

        /// A Huffman code, written from its most significant bit.
        fn code(&mut self, code: u32, len: u32) {
            for i in (0..len).rev() {
                self.push((code >> i) & 1, 1);
            }
        }

        /// `count` zero bits, fast.
        fn zeros(&mut self, mut count: u64) {
            while count > 0 && self.used != 0 {
                self.push(0, 1);
                count -= 1;
            }
            self.out.resize(self.out.len() + (count / 8) as usize, 0);
            self.push(0, (count % 8) as u32);
        }
    }

    /// A raw deflate stream of `n` zero bytes (n ≥ 1) that compresses as well as deflate can,
    /// about 1032:1: one dynamic-Huffman block whose codes are a literal 0 (`10`), the end of
    /// the block (`11`), length 258 (`0`) and distance 1 (`0`), so each run of 258 zeros costs
    /// two zero bits. (Checked against zlib's inflate for lengths 1 to 100,000 when written;
    /// the zip reader inflating it is what stops the lying entry below.)
    fn deflate_zeros(n: u64) -> Vec<u8> {
        let mut bits = Bits::default();
        bits.push(1, 1); // last block
        bits.push(2, 2); // dynamic Huffman codes
        bits.push(29, 5); // 286 literal/length codes
        bits.push(0, 5); // 1 distance code
        bits.push(14, 4); // 18 code length codes
        // Lengths of the code length codes, in their order 16 17 18 0 8 7 9 6 10 5 11 4 12 3
        // 13 2 14 1: symbol 18 gets 1 bit, symbols 1 and 2 get 2 bits.
        for len in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] {
            bits.push(len, 3);
        }
        // Code length codes: 18 → `0`, 1 → `10`, 2 → `11`.
        let (one, two) = ((0b10, 2), (0b11, 2));
        let zeros = |bits: &mut Bits, run: u32| {
            bits.code(0, 1);
            bits.push(run - 11, 7);
        };
        bits.code(two.0, two.1); // literal 0: 2 bits
        zeros(&mut bits, 138); // literals 1..=138
        zeros(&mut bits, 117); // literals 139..=255
        bits.code(two.0, two.1); // end of block: 2 bits
        zeros(&mut bits, 28); // lengths 257..=284
        bits.code(one.0, one.1); // length 258 (symbol 285): 1 bit
        bits.code(one.0, one.1); // distance 1: 1 bit
        bits.code(0b10, 2); // one literal 0
        let rest = n - 1;
        bits.zeros(rest / 258 * 2); // runs of 258
        for _ in 0..rest % 258 {
            bits.code(0b10, 2);
        }
        bits.code(0b11, 2); // end of block
        bits.out
    }

    /// A raw deflate stream holding `data` in stored blocks.
    fn deflate_stored(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let chunks: Vec<&[u8]> = data.chunks(65_535).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            out.push(u8::from(i + 1 == chunks.len()));
            out.extend((chunk.len() as u16).to_le_bytes());
            out.extend((!(chunk.len() as u16)).to_le_bytes());
            out.extend(*chunk);
        }
        out
    }

    fn cell(sheet: &Sheet, row: u32, col: u32) -> &CellValue {
        &sheet
            .get(row, col)
            .unwrap_or_else(|| panic!("no cell at ({row}, {col}) in {:?}", sheet.cells))
            .value
    }

    // ---- Values ----------------------------------------------------------------------------

    #[test]
    fn values_are_read_at_their_cells_with_their_types() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("Compromisos").unwrap();
        ws.write_string(0, 0, "id").unwrap();
        ws.write_string(1, 0, "GTM-1.1").unwrap();
        ws.write_number(1, 1, 450000).unwrap();
        ws.write_number(1, 2, 0.25).unwrap();
        ws.write_boolean(1, 3, true).unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let day = ExcelDateTime::from_ymd(2019, 11, 15).unwrap();
        ws.write_datetime_with_format(1, 4, &day, &date).unwrap();
        let stamp = ExcelDateTime::parse_from_str("2020-02-29T18:30:00").unwrap();
        ws.write_datetime_with_format(
            1,
            5,
            &stamp,
            &Format::new().set_num_format("dd/mm/yyyy hh:mm"),
        )
        .unwrap();
        ws.write_string(1, 6, "=HYPERLINK(\"x\")").unwrap();
        ws.write_string(1, 7, "+502 5555").unwrap();
        ws.write_string(1, 8, "  espacios  ").unwrap();
        ws.write_string(1, 9, "").unwrap();
        ws.write_blank(1, 10, &date).unwrap();
        let wb = read_bytes(&save(&mut book)).unwrap();

        assert_eq!(wb.sheets.len(), 1);
        let s = wb.sheet("Compromisos").unwrap();
        assert!(!s.hidden);
        assert_eq!(cell(s, 0, 0), &CellValue::Text("id".into()));
        assert_eq!(cell(s, 1, 0), &CellValue::Text("GTM-1.1".into()));
        assert_eq!(cell(s, 1, 1), &CellValue::Number(450000.0));
        assert_eq!(cell(s, 1, 2), &CellValue::Number(0.25));
        assert_eq!(cell(s, 1, 3), &CellValue::Bool(true));
        assert_eq!(cell(s, 1, 4), &CellValue::Date(2019, 11, 15));
        assert_eq!(cell(s, 1, 5), &CellValue::Date(2020, 2, 29));
        assert_eq!(cell(s, 1, 6), &CellValue::Text("=HYPERLINK(\"x\")".into()));
        assert_eq!(cell(s, 1, 7), &CellValue::Text("+502 5555".into()));
        assert_eq!(cell(s, 1, 8), &CellValue::Text("  espacios  ".into()));
        // Empty text and a formatted blank are no value.
        assert_eq!(s.get(1, 9), None);
        assert_eq!(s.get(1, 10), None);
        assert_eq!(s.cells.len(), 10);
        assert!(s.cells.values().all(|c| !c.formula));
    }

    #[test]
    fn a_sheet_starting_at_c4_keeps_its_absolute_positions() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(3, 2, "C4").unwrap();
        ws.write_number(4, 3, 1).unwrap();
        let wb = read_bytes(&save(&mut book)).unwrap();
        let s = &wb.sheets[0];
        assert_eq!(
            s.cells.keys().copied().collect::<Vec<_>>(),
            [(3, 2), (4, 3)]
        );
        assert_eq!(cell(s, 3, 2), &CellValue::Text("C4".into()));
    }

    #[test]
    fn sheets_keep_their_order_names_and_visibility() {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().set_name("Visible").unwrap();
        book.add_worksheet()
            .set_name("Listas")
            .unwrap()
            .set_hidden(true);
        book.add_worksheet()
            .set_name("Rutas")
            .unwrap()
            .set_very_hidden(true);
        let wb = read_bytes(&save(&mut book)).unwrap();
        let seen: Vec<_> = wb
            .sheets
            .iter()
            .map(|s| (s.name.as_str(), s.hidden))
            .collect();
        assert_eq!(
            seen,
            [("Visible", false), ("Listas", true), ("Rutas", true)]
        );
    }

    #[test]
    fn a_formula_gives_its_cached_value_and_is_marked() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_formula(0, 0, Formula::new("=1+1").set_result("2"))
            .unwrap();
        ws.write_formula(0, 1, Formula::new("=\"a\"&\"b\"").set_result("ab"))
            .unwrap();
        ws.write_number(0, 2, 5).unwrap();
        let wb = read_bytes(&save(&mut book)).unwrap();
        let s = &wb.sheets[0];
        assert_eq!(
            s.get(0, 0),
            Some(&GridCell {
                value: CellValue::Number(2.0),
                formula: true
            })
        );
        assert_eq!(
            s.get(0, 1),
            Some(&GridCell {
                value: CellValue::Text("ab".into()),
                formula: true
            })
        );
        assert!(!s.get(0, 2).unwrap().formula);
    }

    #[test]
    fn a_formula_saved_without_a_value_is_kept_as_empty_text() {
        // openpyxl writes formulas so: no `<v>`.
        let book = hand_made(
            r#"<row r="1"><c r="A1"><f>SUM(B1:B2)</f></c><c r="B1" t="str"><f>"x"</f><v></v></c></row>"#,
            false,
            vec![],
        );
        let wb = read_bytes(&book).unwrap();
        let empty_formula = GridCell {
            value: CellValue::Text(String::new()),
            formula: true,
        };
        assert_eq!(wb.sheets[0].get(0, 0), Some(&empty_formula));
        assert_eq!(wb.sheets[0].get(0, 1), Some(&empty_formula));
    }

    #[test]
    fn merged_ranges_are_listed() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.merge_range(0, 0, 0, 3, "Título", &Format::new())
            .unwrap();
        ws.merge_range(2, 1, 5, 2, "Bloque", &Format::new())
            .unwrap();
        let wb = read_bytes(&save(&mut book)).unwrap();
        let s = &wb.sheets[0];
        let mut merged = s.merged.clone();
        merged.sort();
        assert_eq!(merged, [(0, 0, 0, 3), (2, 1, 5, 2)]);
        assert_eq!(cell(s, 0, 0), &CellValue::Text("Título".into()));
        assert_eq!(cell(s, 2, 1), &CellValue::Text("Bloque".into()));
    }

    #[test]
    fn dates_in_both_date_systems_and_iso_text() {
        // Style 1 is a date format. In 1900, serial 43784 is 2019-11-15; in 1904 the same
        // day is 43784 - 1462.
        let data = r#"<row r="1"><c r="A1" s="1"><v>43784.75</v></c><c r="B1" s="1"><v>1</v></c><c r="C1" s="1"><v>59</v></c><c r="D1" s="1"><v>61</v></c><c r="E1" s="1"><v>60</v></c><c r="F1" s="1"><v>0.5</v></c><c r="G1" s="1"><v>2958466</v></c></row><row r="2"><c r="A2" t="d"><v>2024-05-01T10:30:00Z</v></c><c r="B2" t="d"><v>2024-02-30</v></c><c r="C2" t="d"><v>10:30:00</v></c><c r="D2" t="d"><v>2000-02-29</v></c></row>"#;
        let wb = read_bytes(&hand_made(data, false, vec![])).unwrap();
        let s = &wb.sheets[0];
        assert_eq!(cell(s, 0, 0), &CellValue::Date(2019, 11, 15));
        assert_eq!(cell(s, 0, 1), &CellValue::Date(1900, 1, 1));
        assert_eq!(cell(s, 0, 2), &CellValue::Date(1900, 2, 28));
        assert_eq!(cell(s, 0, 3), &CellValue::Date(1900, 3, 1));
        assert_eq!(cell(s, 0, 4), &CellValue::Text("1900-02-29".into()));
        assert_eq!(cell(s, 0, 5), &CellValue::Number(0.5));
        assert_eq!(cell(s, 0, 6), &CellValue::Number(2958466.0));
        assert_eq!(cell(s, 1, 0), &CellValue::Date(2024, 5, 1));
        assert_eq!(cell(s, 1, 1), &CellValue::Text("2024-02-30".into()));
        assert_eq!(cell(s, 1, 2), &CellValue::Text("10:30:00".into()));
        assert_eq!(cell(s, 1, 3), &CellValue::Date(2000, 2, 29));

        let data =
            r#"<row r="1"><c r="A1" s="1"><v>42322</v></c><c r="B1" s="1"><v>0</v></c></row>"#;
        let wb = read_bytes(&hand_made(data, true, vec![])).unwrap();
        assert_eq!(cell(&wb.sheets[0], 0, 0), &CellValue::Date(2019, 11, 15));
        assert_eq!(cell(&wb.sheets[0], 0, 1), &CellValue::Date(1904, 1, 1));
    }

    #[test]
    fn error_cells_and_empty_shared_strings() {
        let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t></t></si><si><t>=no es fórmula</t></si></sst>"#;
        let data = r#"<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c><c r="B1" t="e"><f>1/0</f><v>#N/A</v></c><c r="C1" t="s"><v>0</v></c><c r="D1" t="s"><v>1</v></c><c r="E1" t="e"><v>#SPILL!</v></c><c r="F1"><v>7</v></c></row>"#;
        let wb = read_bytes(&hand_made(
            data,
            false,
            vec![ZipEntry::stored("xl/sharedStrings.xml", strings.as_bytes())],
        ))
        .unwrap();
        let s = &wb.sheets[0];
        assert_eq!(cell(s, 0, 0), &CellValue::Error("#DIV/0!".into()));
        assert_eq!(
            s.get(0, 1),
            Some(&GridCell {
                value: CellValue::Error("#N/A".into()),
                formula: true
            })
        );
        assert_eq!(s.get(0, 2), None, "empty shared string");
        assert_eq!(cell(s, 0, 3), &CellValue::Text("=no es fórmula".into()));
        // An error value calamine does not know is skipped, and the cells after it are read.
        assert_eq!(s.get(0, 4), None);
        assert_eq!(cell(s, 0, 5), &CellValue::Number(7.0));
    }

    #[test]
    fn a_hundred_thousand_formatted_empty_rows_cost_nothing() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        let fill = Format::new().set_background_color("#FFFF00");
        ws.write_string(0, 0, "cabecera").unwrap();
        for row in 1..=100_000 {
            ws.set_row_format(row, &fill).unwrap();
        }
        for col in 0..50 {
            ws.write_blank(99_999, col, &fill).unwrap();
        }
        let bytes = save(&mut book);
        let start = std::time::Instant::now();
        let wb = read_bytes(&bytes).unwrap();
        let took = start.elapsed();
        assert_eq!(wb.sheets[0].cells.len(), 1);
        assert_eq!(wb.sheets[0].last_row(), Some(0));
        // A guard against a dense grid (100,000 × 50 cells), not a benchmark: a debug build
        // reads this in a fraction of a second.
        eprintln!("100,000 formatted rows read in {took:?}");
        assert!(took.as_secs() < 5, "took {took:?}");
    }

    #[test]
    fn a_cell_at_the_far_corner_costs_one_cell() {
        let book = hand_made(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#,
            false,
            vec![],
        );
        let wb = read_bytes(&book).unwrap();
        assert_eq!(
            wb.sheets[0].cells.keys().copied().collect::<Vec<_>>(),
            [(0, 0), (1_048_575, 16_383)]
        );
    }

    #[test]
    fn a_cell_beyond_the_grid_is_corrupt() {
        let book = hand_made(
            r#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#,
            false,
            vec![],
        );
        assert!(matches!(read_bytes(&book), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn too_many_cells_are_too_large() {
        // 2,000,001 cells would take a while to build in a test; the budget is what counts.
        let mut budget = Budget(2);
        assert!(budget.spend(2).is_ok());
        assert!(matches!(budget.spend(1), Err(ReadError::TooLarge)));
        let mut data = String::from(r#"<row r="1">"#);
        for col in 0..3 {
            data.push_str(&format!(r#"<c r="{}1"><v>1</v></c>"#, (b'A' + col) as char));
        }
        data.push_str("</row>");
        let bytes = hand_made(&data, false, vec![]);
        let mut xlsx: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        let mut sheet = Sheet {
            name: "Hoja1".into(),
            ..Sheet::default()
        };
        assert!(matches!(
            read_cells(&mut xlsx, &mut sheet, false, &mut Budget(2)),
            Err(ReadError::TooLarge)
        ));
        let mut sheet = Sheet {
            name: "Hoja1".into(),
            ..Sheet::default()
        };
        assert!(read_cells(&mut xlsx, &mut sheet, false, &mut Budget(3)).is_ok());
    }

    // ---- Refusals --------------------------------------------------------------------------

    fn small_workbook() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(0, 0, "GTM-1.1").unwrap();
        ws.write_number(0, 1, 3).unwrap();
        ws.merge_range(1, 0, 1, 2, "x", &Format::new()).unwrap();
        save(&mut book)
    }

    fn extension_of(result: Result<Workbook, ReadError>) -> String {
        match result {
            Err(ReadError::Format { extension }) => extension,
            other => panic!("expected a format error, got {other:?}"),
        }
    }

    #[test]
    fn a_real_workbook_reads_from_a_path() {
        let wb = read_as(&small_workbook(), "gtm.XLSX").unwrap();
        assert_eq!(
            cell(&wb.sheets[0], 0, 0),
            &CellValue::Text("GTM-1.1".into())
        );
    }

    #[test]
    fn other_formats_are_refused_with_their_extension() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.resize(4096, 0);
        assert_eq!(extension_of(read_as(&ole, "viejo.xls")), "xls");
        // An old workbook renamed .xlsx is still an old workbook.
        assert_eq!(extension_of(read_as(&ole, "viejo.xlsx")), "xls");
        assert_eq!(
            extension_of(read_as(b"id,pillar\nGTM-1.1,x\n", "gtm.csv")),
            "csv"
        );
        // A real workbook under another name is refused by its name: the drafter is told
        // which formats mirps reads.
        assert_eq!(extension_of(read_as(&small_workbook(), "gtm.csv")), "csv");
        assert_eq!(extension_of(read_as(&small_workbook(), "gtm.zip")), "zip");
        let ods = zip(&[
            ZipEntry::stored(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ZipEntry::stored("content.xml", b"<office:document-content/>"),
        ]);
        assert_eq!(extension_of(read_as(&ods, "hoja.ods")), "ods");
        // An .ods renamed .xlsx is found out by its entries.
        assert_eq!(extension_of(read_as(&ods, "hoja.xlsx")), "ods");
        assert_eq!(extension_of(read_bytes(&ods)), "ods");
        let xlsb = zip(&[ZipEntry::stored("xl/workbook.bin", b"\0\0")]);
        assert_eq!(extension_of(read_as(&xlsb, "libro.xlsx")), "xlsb");
        assert_eq!(extension_of(read_as(b"random bytes", "notas.txt")), "txt");
        assert_eq!(extension_of(read_as(b"random bytes", "sin-nombre")), "");
        assert_eq!(extension_of(read_bytes(b"random bytes")), "");
        assert_eq!(extension_of(read_as(b"x", "a.\x1b[31mred")), "?[31mred");
    }

    #[test]
    fn a_password_protected_workbook_is_encrypted() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.resize(1024, 0);
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        ole.resize(4096, 0);
        assert!(matches!(
            read_as(&ole, "gtm.xlsx"),
            Err(ReadError::Encrypted)
        ));
        assert!(matches!(read_bytes(&ole), Err(ReadError::Encrypted)));
        // Zip's own encryption, flag bit 0 in the central directory.
        let mut bytes = small_workbook();
        let cd = memchr::memmem::find(&bytes, b"PK\x01\x02").unwrap();
        bytes[cd + 8] |= 1;
        assert!(matches!(read_bytes(&bytes), Err(ReadError::Encrypted)));
    }

    #[test]
    fn damaged_files_are_corrupt_with_the_detail() {
        let bytes = small_workbook();
        for cut in [bytes.len() / 2, bytes.len() - 1, 30, 4] {
            let result = read_as(&bytes[..cut], "gtm.xlsx");
            assert!(
                matches!(result, Err(ReadError::Corrupt(ref d)) if d.render(crate::lang::Lang::En).contains("truncated")),
                "{cut}: {result:?}"
            );
        }
        assert!(matches!(
            read_as(b"", "gtm.xlsx"),
            Err(ReadError::Corrupt(_))
        ));
        assert!(matches!(
            read_as(b"id,pillar\n", "gtm.xlsx"),
            Err(ReadError::Corrupt(ref d)) if d.render(crate::lang::Lang::En).contains("not a zip")
        ));
        // A zip that is not a workbook.
        let not_a_workbook = zip(&[ZipEntry::stored("a.txt", b"hola")]);
        let Err(ReadError::Corrupt(detail)) = read_bytes(&not_a_workbook) else {
            panic!("expected corrupt");
        };
        assert!(!detail.is_empty());
        // Damaged XML in the sheet.
        let broken = hand_made(r#"<row r="1"><c r="A1"><v>1</v></row>"#, false, vec![]);
        assert!(matches!(read_bytes(&broken), Err(ReadError::Corrupt(_))));
        // A flipped byte in compressed data fails its checksum or its inflation.
        let mut flipped = bytes.clone();
        let sheet = memchr::memmem::find(&flipped, b"xl/worksheets/sheet1.xml").unwrap();
        flipped[sheet + 40] ^= 0xFF;
        assert!(matches!(read_bytes(&flipped), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn a_reference_calamine_cannot_subtract_is_corrupt_not_a_panic() {
        // `<dimension ref="B2:A1"/>` makes calamine 0.38 subtract with overflow.
        let book = zip(&[
            ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
            ZipEntry::stored("xl/workbook.xml", workbook_xml(false).as_bytes()),
            ZipEntry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ZipEntry::stored(
                "xl/worksheets/sheet1.xml",
                br#"<worksheet><dimension ref="B2:A1"/><sheetData><row r="1"><c r="AAAAAAAAAAAAAAAAA1"><v>1</v></c></row></sheetData></worksheet>"#,
            ),
        ]);
        assert!(matches!(read_bytes(&book), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn a_zip_bomb_of_a_gigabyte_of_zeros_is_too_large() {
        // 1 GiB of zeros, about 1 MB compressed, declared honestly.
        let n: u64 = 1 << 30;
        let data = deflate_zeros(n);
        assert!(data.len() < 1_100_000);
        let bomb = hand_made(
            r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
            false,
            vec![ZipEntry {
                name: "xl/media/zeros.bin".into(),
                method: 8,
                data,
                crc: 0,
                uncompressed: n as u32,
            }],
        );
        let start = std::time::Instant::now();
        assert!(matches!(read_bytes(&bomb), Err(ReadError::TooLarge)));
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn an_entry_that_compresses_past_the_ratio_is_too_large() {
        // 200 MiB is under the total limit; the ratio (about 1032:1) is not.
        let n: u64 = 200 << 20;
        let bomb = hand_made(
            "",
            false,
            vec![ZipEntry {
                name: "xl/sharedStrings.xml".into(),
                method: 8,
                data: deflate_zeros(n),
                crc: 0,
                uncompressed: n as u32,
            }],
        );
        assert!(matches!(read_bytes(&bomb), Err(ReadError::TooLarge)));
        // An entry of 1 MiB is allowed any ratio.
        let n: u64 = 1 << 20;
        let zeros = vec![0u8; n as usize];
        let small = hand_made(
            "",
            false,
            vec![ZipEntry {
                name: "xl/media/zeros.bin".into(),
                method: 8,
                data: deflate_zeros(n),
                crc: crc32(&zeros),
                uncompressed: n as u32,
            }],
        );
        assert!(check_entries(&central_directory(&small).unwrap()).is_ok());
        assert!(read_bytes(&small).is_ok());
    }

    #[test]
    fn an_entry_that_lies_about_its_size_is_too_large() {
        // sharedStrings.xml says 1 KB and inflates to 1 GiB of zeros: only the declared size
        // is read, then the zip reader stops.
        let n: u64 = 1 << 30;
        let bomb = hand_made(
            "",
            false,
            vec![ZipEntry {
                name: "xl/sharedStrings.xml".into(),
                method: 8,
                data: deflate_zeros(n),
                crc: 0,
                uncompressed: 1000,
            }],
        );
        let start = std::time::Instant::now();
        let result = read_bytes(&bomb);
        assert!(matches!(result, Err(ReadError::TooLarge)), "{result:?}");
        assert!(start.elapsed().as_secs() < 5);
        // A stored worksheet that says it is shorter than it is.
        let sheet = sheet_xml(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
        let lying = zip(&[
            ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
            ZipEntry::stored("xl/workbook.xml", workbook_xml(false).as_bytes()),
            ZipEntry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ZipEntry {
                uncompressed: 100,
                ..ZipEntry::stored("xl/worksheets/sheet1.xml", sheet.as_bytes())
            },
        ]);
        let result = read_bytes(&lying);
        assert!(matches!(result, Err(ReadError::TooLarge)), "{result:?}");
    }

    #[test]
    fn deflated_entries_are_read() {
        // The hand-made deflate streams are real deflate: a workbook of them reads.
        let sheet = sheet_xml(r#"<row r="1"><c r="A1"><v>42</v></c></row>"#);
        let book = zip(&[
            ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
            ZipEntry::stored("xl/workbook.xml", workbook_xml(false).as_bytes()),
            ZipEntry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ZipEntry {
                method: 8,
                data: deflate_stored(sheet.as_bytes()),
                ..ZipEntry::stored("xl/worksheets/sheet1.xml", sheet.as_bytes())
            },
        ]);
        let wb = read_bytes(&book).unwrap();
        assert_eq!(cell(&wb.sheets[0], 0, 0), &CellValue::Number(42.0));
    }

    #[test]
    fn too_many_entries_or_a_large_file_are_too_large() {
        let many: Vec<ZipEntry> = (0..=MAX_ENTRIES)
            .map(|i| ZipEntry::stored(&format!("x{i}"), b""))
            .collect();
        assert!(matches!(read_bytes(&zip(&many)), Err(ReadError::TooLarge)));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grande.xlsx");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(matches!(read(&path), Err(ReadError::TooLarge)));
    }

    #[test]
    fn io_errors_are_io() {
        let dir = tempfile::tempdir().unwrap();
        let missing = read(&dir.path().join("no.xlsx"));
        assert!(
            matches!(missing, Err(ReadError::Io(ref e)) if e.kind() == std::io::ErrorKind::NotFound)
        );
        assert!(matches!(read(dir.path()), Err(ReadError::Io(_))));
    }

    #[test]
    fn archives_that_are_not_laid_out_as_they_say_are_corrupt() {
        let bytes = small_workbook();
        // Data after the end record.
        let mut trailing = bytes.clone();
        trailing.extend(b"garbage");
        assert!(matches!(read_bytes(&trailing), Err(ReadError::Corrupt(_))));
        // A central directory offset that points elsewhere.
        let mut moved = bytes.clone();
        let eocd = moved.len() - 22;
        moved[eocd + 16] ^= 0x01;
        assert!(matches!(read_bytes(&moved), Err(ReadError::Corrupt(_))));
        // An entry count that does not match.
        let mut miscounted = bytes.clone();
        miscounted[eocd + 10] = miscounted[eocd + 10].wrapping_add(1);
        assert!(matches!(
            read_bytes(&miscounted),
            Err(ReadError::Corrupt(_))
        ));
    }

    // ---- Never a panic ---------------------------------------------------------------------

    fn any_result(result: Result<Workbook, ReadError>) {
        if let Err(e) = result {
            // Every error has words in both languages.
            assert!(!e.text().render(Lang::Es).is_empty());
            assert!(!e.text().render(Lang::En).is_empty());
        }
    }

    #[test]
    fn mutated_workbooks_never_panic() {
        use proptest::prelude::*;
        let real = small_workbook();
        let hand = hand_made(
            r#"<row r="1"><c r="A1" s="1"><v>43784</v></c><c r="B1" t="e"><v>#N/A</v></c><c r="C1" t="d"><v>2024-05-01</v></c><c r="D1"><f t="shared" si="0" ref="D1:D2">A1</f><v>1</v></c></row><row r="2"><c r="D2"><f t="shared" si="0"/><v>1</v></c></row>"#,
            true,
            vec![],
        );
        let config = ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(
            which in 0..2usize,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        )| {
            let mut bytes = if which == 0 { real.clone() } else { hand.clone() };
            for (at, byte) in &edits {
                let i = at.index(bytes.len());
                bytes[i] = *byte;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()));
            }
            any_result(read_bytes(&bytes));
        });
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        use proptest::prelude::*;
        let config = ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(
            magic in 0..3usize,
            body in prop::collection::vec(any::<u8>(), 0..2048),
        )| {
            let mut bytes = [ZIP_MAGIC, OLE_MAGIC, b""][magic].to_vec();
            bytes.extend(&body);
            any_result(read_bytes(&bytes));
        });
    }

    #[test]
    fn mutated_sheet_xml_never_panics() {
        // Stored entries put the mutations straight into the XML calamine parses.
        use proptest::prelude::*;
        let data = r#"<row r="3"><c r="C3" s="1"><v>43784</v></c><c r="D3" t="s"><v>0</v></c><c r="E3" t="b"><v>1</v></c></row><row r="4"><c r="C4"><f t="shared" si="0" ref="C4:C5">A1</f><v>2</v></c></row>"#;
        let sheet = sheet_xml(data);
        let config = ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        proptest!(config, |(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        )| {
            let mut xml = sheet.clone().into_bytes();
            for (at, byte) in &edits {
                let i = at.index(xml.len());
                xml[i] = *byte;
            }
            let book = zip(&[
                ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
                ZipEntry::stored("xl/workbook.xml", workbook_xml(false).as_bytes()),
                ZipEntry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
                ZipEntry::stored("xl/styles.xml", STYLES.as_bytes()),
                ZipEntry::stored("xl/worksheets/sheet1.xml", &xml),
            ]);
            any_result(read_bytes(&book));
        });
    }

    // ---- Words -----------------------------------------------------------------------------

    #[test]
    fn every_error_says_what_mirps_reads_in_both_languages() {
        let format = ReadError::Format {
            extension: "csv".into(),
        };
        assert_eq!(
            format.text().render(Lang::En),
            "mirps cannot read `.csv` files: it reads Excel workbooks (.xlsx); save the file as .xlsx (Excel Workbook) and try again"
        );
        assert_eq!(
            format.text().render(Lang::Es),
            "mirps no lee archivos `.csv`: lee libros de Excel (.xlsx); guarde el archivo como «Libro de Excel (.xlsx)» y vuelva a intentarlo"
        );
        let ods = ReadError::Format {
            extension: "ods".into(),
        };
        assert!(ods.text().render(Lang::Es).contains("LibreOffice"));
        let corrupt = ReadError::Corrupt(Text::verbatim("invalid checksum"));
        assert!(
            corrupt
                .text()
                .render(Lang::Es)
                .contains("(invalid checksum)")
        );
        assert!(
            corrupt
                .text()
                .render(Lang::En)
                .contains("(invalid checksum)")
        );
        for e in [
            ReadError::Format {
                extension: String::new(),
            },
            ReadError::Encrypted,
            ReadError::TooLarge,
            ReadError::Io(std::io::Error::other("boom")),
        ] {
            let (es, en) = (e.text().render(Lang::Es), e.text().render(Lang::En));
            assert!(!es.is_empty() && !en.is_empty() && es != en, "{e:?}");
        }
    }

    #[test]
    fn serial_dates_match_the_calendar() {
        assert_eq!(crate::model::civil_from_days(0), (1970, 1, 1));
        assert_eq!(crate::model::civil_from_days(-25_567), (1900, 1, 1));
        assert_eq!(crate::model::civil_from_days(2_932_896), (9999, 12, 31));
        assert_eq!(
            serial_date(2_958_465.9, false),
            CellValue::Date(9999, 12, 31)
        );
        assert!(matches!(serial_date(f64::NAN, false), CellValue::Number(n) if n.is_nan()));
        assert_eq!(serial_date(-1.0, true), CellValue::Number(-1.0));
        assert_eq!(iso_date("2019-11-15"), Some((2019, 11, 15)));
        assert_eq!(iso_date("1900-02-29"), None);
        assert_eq!(iso_date("2019-1-15"), None);
        assert_eq!(iso_date("2019-11-15x"), None);
        assert_eq!(iso_date("20é9-11-15"), None);
    }
}

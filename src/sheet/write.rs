//! Writing workbooks (with rust_xlsxwriter): a document as a new workbook in the layout of its
//! kind, and the annotated copy of a drafter's workbook.
//!
//! What a workbook holds is decided by [`layout`]; this module only puts it into cells. The
//! guarantees it adds:
//!
//! - Text is always written as a string cell, never as a formula: `=SUM(A1)`, `+1`, `-x` and
//!   `@x` stay the text they are (rust_xlsxwriter writes a formula only when asked to, and this
//!   module never asks).
//! - Nothing is cut: a text longer than a cell can hold (32,767 characters) is an error naming
//!   its sheet and cell, never a truncated cell. Every language of every localized text gets a
//!   column ([`languages`]).
//! - Dropdowns refer to lists on a hidden sheet (Excel caps an inline list at 255
//!   characters) and only warn: a drafter may write another value, which `mirps validate`
//!   then reports.
//! - The same document gives the same bytes (the creation date is the document's own
//!   `updated` date, not the clock).

use serde_json::Value as Json;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Note, Url, Workbook as XlsxBook, Worksheet, XlsxError,
};

use super::layout::{self, Column, RowItem, Shape, Table, Vocab};
use super::{CellValue, Mark, Workbook};
use crate::config::Config;
use crate::diag::Severity;
use crate::lang::Lang;
use crate::model::Kind;
use crate::source::{Cell, column_letters};
use crate::t;

/// Most UTF-16 code units a cell's text may have (Excel's limit).
const MAX_CELL_TEXT: usize = 32_767;
/// Most UTF-16 code units of a note (rust_xlsxwriter keeps 54 of a cell's for an author's name).
const MAX_NOTE_TEXT: usize = MAX_CELL_TEXT - 54;
/// The last row and column of a worksheet (0-based).
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;
/// Most hyperlinks Excel keeps in one worksheet.
const MAX_HYPERLINKS: usize = 65_530;
/// Most cells of one merged range an annotated copy keeps merged, and of all of a sheet's.
const MAX_MERGED_AREA: u64 = 10_000;
const MAX_MERGED_CELLS: u64 = 1_000_000;
/// Dropdowns cover the data rows down to at least this row (0-based: row 1,000)…
const DROPDOWN_LAST_ROW: u32 = 999;
/// …and at least this many rows under the data, for the rows a drafter adds.
const DROPDOWN_ROOM: u32 = 500;

/// The languages of a workbook's localized columns: the framework's, then every other
/// language a localized text of `doc` is written in (a plain text counts as written in the
/// document's language), in order of appearance (within one text, in the order of its JSON
/// map's keys), so that no translation is lost. Only codes a workbook can name in a column
/// (`title/fr`) are taken; others are schema errors.
pub fn languages(config: &Config, doc: &Json) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |code: &str| {
        if !out.iter().any(|l| l == code) {
            out.push(code.to_string());
        }
    };
    for code in &config.languages {
        add(code);
    }
    let doc_lang = doc_language(config, doc);
    let kinds = match doc
        .get("kind")
        .and_then(Json::as_str)
        .and_then(Kind::from_name)
    {
        Some(kind) => vec![kind],
        None => Kind::ALL.to_vec(),
    };
    for kind in kinds {
        for table in layout::tables(kind) {
            let fields: Vec<_> = table.fields.iter().filter(|f| f.localized).collect();
            if fields.is_empty() {
                continue;
            }
            for row in layout::row_items(table, doc) {
                for field in &fields {
                    let named = |code: &str| {
                        layout::parse_column(table, &format!("{}/{code}", field.path)).is_some()
                    };
                    match lookup(&row.item, field.path) {
                        Some(Json::String(_)) if named(&doc_lang) => add(&doc_lang),
                        Some(Json::Object(texts)) => {
                            for code in texts.keys().filter(|code| named(code)) {
                                add(code);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    out
}

/// The language of a document's plain texts: its `language`, else (when it has none, or one
/// no column can be named after) the framework's first, so that its plain texts still have a
/// column.
fn doc_language(config: &Config, doc: &Json) -> String {
    let is_code = |l: &&str| {
        (2..=8).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    doc.get("language")
        .and_then(Json::as_str)
        .filter(is_code)
        .unwrap_or_else(|| config.default_language())
        .to_string()
}

fn lookup<'a>(item: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('/').try_fold(item, |node, step| node.get(step))
}

/// The workbook of a document `doc` (its JSON value) of `kind`, read from `source` (the path
/// relative to the framework's root, written in the `_mirps` sheet), with titles in `lang`.
pub fn export(
    doc: &Json,
    kind: Kind,
    config: &Config,
    lang: Lang,
    source: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut book = build(doc, kind, config, lang, source)?;
    book.save_to_buffer().map_err(xlsx_error)
}

/// An error of rust_xlsxwriter, which this module's checks should have prevented.
fn xlsx_error(error: XlsxError) -> anyhow::Error {
    anyhow::Error::new(error).context(t!(
        es: "no se pudo escribir el libro de cálculo",
        en: "could not write the workbook",
    ))
}

/// The formats of a workbook.
struct Styles {
    header: Format,
    path: Format,
    date: Format,
    wrap: Format,
    list_header: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#DDEBF7")
                .set_border(FormatBorder::Thin),
            path: Format::new().set_font_color("#808080").set_font_size(8),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            list_header: Format::new().set_bold(),
        }
    }
}

/// One sheet to write: a table, its name, its columns and its rows.
struct Plan<'a> {
    table: &'static Table,
    name: String,
    columns: Vec<Column>,
    rows: Vec<RowItem<'a>>,
}

impl Plan<'_> {
    /// The last row the dropdowns cover.
    fn last_row(&self) -> u32 {
        let rows = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        let data_last = (layout::FIRST_DATA_ROW.saturating_add(rows.saturating_sub(1)))
            .saturating_add(DROPDOWN_ROOM);
        data_last.clamp(DROPDOWN_LAST_ROW, LAST_ROW)
    }
}

/// The new workbook of a document (see [`export`]), before it is saved.
fn build(
    doc: &Json,
    kind: Kind,
    config: &Config,
    lang: Lang,
    source: &str,
) -> anyhow::Result<XlsxBook> {
    let langs = languages(config, doc);
    let doc_lang = doc_language(config, doc);
    let styles = Styles::new();
    let tables = layout::tables(kind);

    let mut taken: Vec<String> = vec![
        layout::META_SHEET.to_string(),
        layout::LISTS_SHEET.to_string(),
    ];
    let mut plans = Vec::with_capacity(tables.len());
    for table in tables {
        let name = free_name(
            &sheet_name(&layout::sheet_title(table).render(lang)),
            &taken,
        );
        taken.push(name.clone());
        let columns = layout::columns(table, &langs, |field| {
            layout::list_len(kind, table, field, config, doc)
        });
        let rows = layout::row_items(table, doc);
        if columns.len() > LAST_COL as usize + 1 {
            return Err(anyhow::Error::msg(t!(
                es: "la hoja «{sheet}» tendría {count} columnas, más de las 16.384 que admite un libro de cálculo (¿hay textos en demasiados idiomas?)",
                en: "sheet “{sheet}” would have {count} columns, more than the 16,384 a workbook can hold (are texts written in too many languages?)",
                sheet = name,
                count = columns.len(),
            )));
        }
        if rows.len() > (LAST_ROW - layout::FIRST_DATA_ROW) as usize {
            return Err(anyhow::Error::msg(t!(
                es: "la hoja «{sheet}» tendría {count} filas, más de las que admite un libro de cálculo",
                en: "sheet “{sheet}” would have {count} rows, more than a workbook can hold",
                sheet = name,
                count = rows.len(),
            )));
        }
        plans.push(Plan {
            table,
            name,
            columns,
            rows,
        });
    }

    // The institutions sheet's `id` column, which the dropdowns of institutions refer to, so
    // that institutions a drafter adds there are offered too.
    let institutions = plans
        .iter()
        .find(|p| p.table.id == "institutions")
        .and_then(|plan| {
            let col = plan.columns.iter().position(|c| c.path == "id")?;
            Some(format!(
                "={}!${col}${first}:${col}${last}",
                quoted(&plan.name),
                col = column_letters(u32::try_from(col).ok()?),
                first = layout::FIRST_DATA_ROW + 1,
                last = plan.last_row() + 1,
            ))
        });

    let mut book = XlsxBook::new();
    book.set_properties(&properties(doc, kind, lang));
    let mut lists = Lists::default();
    for plan in &plans {
        let sheet = book.add_worksheet();
        write_table(
            sheet,
            plan,
            &Context {
                kind,
                config,
                doc,
                lang,
                doc_lang: &doc_lang,
                styles: &styles,
                institutions: institutions.as_deref(),
            },
            &mut lists,
        )?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(layout::LISTS_SHEET).map_err(xlsx_error)?;
    sheet.set_hidden(true);
    lists.write(sheet, &styles)?;

    let sheet = book.add_worksheet();
    sheet.set_name(layout::META_SHEET).map_err(xlsx_error)?;
    sheet.set_hidden(true);
    let mut meta: Vec<(String, String)> = vec![
        ("layout".into(), layout::LAYOUT.into()),
        ("kind".into(), kind.as_str().into()),
        ("source".into(), source.into()),
        ("languages".into(), langs.join(",")),
        ("lang".into(), lang.as_str().into()),
    ];
    for plan in &plans {
        meta.push((format!("sheet:{}", plan.table.id), plan.name.clone()));
    }
    for (row, (key, value)) in (0u32..).zip(&meta) {
        write_text(sheet, layout::META_SHEET, row, 0, key, None)?;
        write_text(sheet, layout::META_SHEET, row, 1, value, None)?;
    }
    sheet.set_column_width(0, 16).map_err(xlsx_error)?;
    sheet.set_column_width(1, 40).map_err(xlsx_error)?;

    Ok(book)
}

/// The workbook's properties: a title, and a fixed creation date (the document's `updated`),
/// so that the same document gives the same bytes.
fn properties(doc: &Json, kind: Kind, lang: Lang) -> DocProperties {
    let created = doc
        .get("updated")
        .and_then(Json::as_str)
        .and_then(parse_date)
        .or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).ok());
    let name = doc
        .get("name")
        .and_then(|n| n.get(lang.as_str()).or(Some(n)))
        .and_then(Json::as_str)
        .unwrap_or(kind.as_str());
    let properties = DocProperties::new().set_title(name).set_author("mirps");
    match created {
        Some(date) => properties.set_creation_datetime(&date),
        None => properties,
    }
}

/// What every sheet of an export reads.
struct Context<'a> {
    kind: Kind,
    config: &'a Config,
    doc: &'a Json,
    lang: Lang,
    doc_lang: &'a str,
    styles: &'a Styles,
    /// The range of the institutions sheet's ids, as a formula.
    institutions: Option<&'a str>,
}

fn write_table(
    sheet: &mut Worksheet,
    plan: &Plan,
    cx: &Context,
    lists: &mut Lists,
) -> anyhow::Result<()> {
    let name = plan.name.as_str();
    sheet.set_name(name).map_err(xlsx_error)?;
    let last_row = plan.last_row();
    for (col, column) in (0u16..).zip(&plan.columns) {
        let title = layout::column_title(cx.kind, plan.table, column, cx.lang);
        write_text(
            sheet,
            name,
            layout::TITLE_ROW,
            col,
            &title,
            Some(&cx.styles.header),
        )?;
        if let Some(description) = layout::column_description(cx.kind, plan.table, column, cx.lang)
        {
            sheet
                .insert_note(layout::TITLE_ROW, col, &note(&description))
                .map_err(xlsx_error)?;
        }
        write_text(
            sheet,
            name,
            layout::PATH_ROW,
            col,
            &column.path,
            Some(&cx.styles.path),
        )?;
        sheet
            .set_column_width(col, width(column))
            .map_err(xlsx_error)?;
        match column.shape() {
            Shape::Markdown => {
                sheet
                    .set_column_format(col, &cx.styles.wrap)
                    .map_err(xlsx_error)?;
            }
            Shape::Date => {
                sheet
                    .set_column_format(col, &cx.styles.date)
                    .map_err(xlsx_error)?;
            }
            _ => {}
        }
        if let Some(vocab) = column.vocab() {
            let source = match (vocab, cx.institutions) {
                (Vocab::Institutions, Some(range)) => Some(range.to_string()),
                _ => lists.range(vocab, plan.table, column, cx),
            };
            if let Some(source) = source {
                sheet
                    .add_data_validation(
                        layout::FIRST_DATA_ROW,
                        col,
                        last_row,
                        col,
                        &dropdown(&source, cx.lang)?,
                    )
                    .map_err(xlsx_error)?;
            }
        }
    }
    sheet
        .set_row_height(layout::TITLE_ROW, 45)
        .map_err(xlsx_error)?;
    sheet.set_row_hidden(layout::PATH_ROW).map_err(xlsx_error)?;
    sheet
        .set_freeze_panes(layout::FIRST_DATA_ROW, 0)
        .map_err(xlsx_error)?;

    for (row, item) in (layout::FIRST_DATA_ROW..).zip(&plan.rows) {
        for (col, column) in (0u16..).zip(&plan.columns) {
            match column.path.as_str() {
                layout::PARENT_ID => {
                    if let Some(id) = &item.parent_id {
                        write_text(sheet, name, row, col, id, None)?;
                    }
                }
                layout::TEXT_KEY => {
                    if let Some(key) = item.text_key {
                        write_text(sheet, name, row, col, key, None)?;
                    }
                }
                _ => {
                    if let Some(value) = layout::cell_value(&item.item, column, cx.doc_lang) {
                        write_value(sheet, name, row, col, value, column.shape(), cx.styles)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// A dropdown offering the values of `source` (a range, as a formula), which only warns when a
/// drafter writes another value.
fn dropdown(source: &str, lang: Lang) -> anyhow::Result<DataValidation> {
    DataValidation::new()
        .allow_list_formula(Formula::new(source))
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title(t!(es: "Valor fuera de la lista", en: "Value not in the list").render(lang))
        .and_then(|v| {
            v.set_error_message(
                t!(
                    es: "Este valor no está en la lista. Puede conservarlo: «mirps validate» le dirá si no es válido.",
                    en: "This value is not in the list. You may keep it: “mirps validate” will tell you if it is not valid.",
                )
                .render(lang),
            )
        })
        .map_err(xlsx_error)
}

/// A note of mirps (no author's name in front of its text), sized to its text.
fn note(text: &str) -> Note {
    let text = cap(text, MAX_NOTE_TEXT);
    let lines: usize = text
        .lines()
        .map(|line| line.chars().count() / 48 + 1)
        .sum::<usize>()
        .max(1);
    let height = u32::try_from(lines.saturating_mul(15).saturating_add(16)).unwrap_or(u32::MAX);
    Note::new(text)
        .set_author("mirps")
        .add_author_prefix(false)
        .set_width(340)
        .set_height(height.clamp(60, 480))
}

/// `text`, cut (with `…`) to at most `max` UTF-16 code units.
fn cap(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the `…`
    for ch in text.chars() {
        used += ch.len_utf16();
        if used > max {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

/// A column's width, in characters: ids narrow, long texts wide.
fn width(column: &Column) -> f64 {
    let Some(field) = column.field else {
        return 14.0;
    };
    if field.path == "id" {
        return 14.0;
    }
    match field.shape {
        Shape::Markdown => 60.0,
        Shape::Text if field.vocab.is_some() => 20.0,
        Shape::Text if field.localized => 40.0,
        Shape::Text => 24.0,
        Shape::Number => 16.0,
        Shape::Integer | Shape::Bool => 10.0,
        Shape::Date | Shape::YearOrDate => 12.0,
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, no apostrophe at
/// either end, not empty.
fn sheet_name(wanted: &str) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches('\'').trim();
    let name = cut_utf16(trimmed, 31);
    let name = name.trim_end_matches('\'');
    if name.is_empty() {
        "_".to_string()
    } else {
        name.to_string()
    }
}

/// `name`, or `name 2`, `name 3`…, whichever is not `taken` (as Excel compares names: without
/// regard to case).
fn free_name(name: &str, taken: &[String]) -> String {
    let used = |candidate: &str| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == candidate.to_lowercase())
    };
    if !used(name) {
        return name.to_string();
    }
    (2u32..)
        .map(|n| {
            let suffix = format!(" {n}");
            format!(
                "{}{suffix}",
                cut_utf16(name, 31 - suffix.len()).trim_end_matches('\'')
            )
        })
        .find(|candidate| !used(candidate))
        .unwrap_or_else(|| name.to_string())
}

fn cut_utf16(text: &str, max: usize) -> &str {
    let mut used = 0;
    for (at, ch) in text.char_indices() {
        used += ch.len_utf16();
        if used > max {
            return &text[..at];
        }
    }
    text
}

/// A sheet's name as a formula writes it: `'Mis datos'`.
fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// Write `text` as a string cell (never a formula), refusing a text longer than a cell holds.
fn write_text(
    sheet: &mut Worksheet,
    sheet_name: &str,
    row: u32,
    col: u16,
    text: &str,
    format: Option<&Format>,
) -> anyhow::Result<()> {
    let length = text.encode_utf16().count();
    if length > MAX_CELL_TEXT {
        let cell = Cell {
            sheet: sheet_name.to_string(),
            row,
            col: u32::from(col),
            title: String::new(),
        };
        return Err(anyhow::Error::msg(t!(
            es: "el texto de la celda {cell} tiene {length} caracteres, más de los 32.767 que admite una celda; acórtelo o divídalo antes de exportar",
            en: "the text of cell {cell} has {length} characters, more than the 32,767 a cell can hold; shorten or split it before exporting",
            cell = cell.location(),
            length = length,
        )));
    }
    match format {
        Some(format) => sheet.write_string_with_format(row, col, text, format),
        None => sheet.write_string(row, col, text),
    }
    .map_err(xlsx_error)?;
    Ok(())
}

/// Write a document's value in a cell of `shape`.
fn write_value(
    sheet: &mut Worksheet,
    sheet_name: &str,
    row: u32,
    col: u16,
    value: &Json,
    shape: Shape,
    styles: &Styles,
) -> anyhow::Result<()> {
    match (value, shape) {
        (Json::String(s), Shape::Date | Shape::YearOrDate) => match parse_date(s) {
            Some(date) => {
                sheet
                    .write_datetime_with_format(row, col, &date, &styles.date)
                    .map_err(xlsx_error)?;
            }
            None => write_text(sheet, sheet_name, row, col, s, None)?,
        },
        (Json::String(s), _) => write_text(sheet, sheet_name, row, col, s, None)?,
        (Json::Number(n), Shape::Number | Shape::Integer | Shape::YearOrDate) => match exact_f64(n)
        {
            Some(number) => {
                sheet.write_number(row, col, number).map_err(xlsx_error)?;
            }
            None => write_text(sheet, sheet_name, row, col, &n.to_string(), None)?,
        },
        (Json::Bool(b), Shape::Bool) => {
            sheet.write_boolean(row, col, *b).map_err(xlsx_error)?;
        }
        (Json::Null, _) => {}
        (other, _) => {
            let text = match other {
                Json::Number(n) => n.to_string(),
                Json::Bool(b) => b.to_string(),
                _ => serde_json::to_string(other).unwrap_or_default(),
            };
            write_text(sheet, sheet_name, row, col, &text, None)?;
        }
    }
    Ok(())
}

/// A JSON number as a cell's number, when a cell holds it exactly (integers beyond 2⁵³ do not:
/// they are written as text rather than changed).
fn exact_f64(n: &serde_json::Number) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    if let Some(i) = n.as_i64() {
        return (i.unsigned_abs() <= EXACT).then_some(i as f64);
    }
    if let Some(u) = n.as_u64() {
        return (u <= EXACT).then_some(u as f64);
    }
    n.as_f64().filter(|f| f.is_finite())
}

/// A `YYYY-MM-DD` date a date cell can hold (from 1901 on: Excel's calendar is wrong before
/// March 1900, so earlier dates stay text).
fn parse_date(s: &str) -> Option<ExcelDateTime> {
    let bytes = s.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    let year: u16 = s.get(0..4)?.parse().ok()?;
    let month: u8 = s.get(5..7)?.parse().ok()?;
    let day: u8 = s.get(8..10)?.parse().ok()?;
    if year < 1901 {
        return None;
    }
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// The dropdowns' lists, as they are written on the hidden lists sheet: a column per list,
/// under a header naming it, and for pillars, populations and working groups a column of
/// their titles next to their codes.
#[derive(Default)]
struct Lists {
    lists: Vec<List>,
    /// The next free column.
    next_col: u32,
}

struct List {
    vocab: Vocab,
    /// The table and field of a schema's list (statuses differ from table to table).
    table: &'static str,
    field: &'static str,
    col: u32,
    header: String,
    values: Vec<ListValue>,
    titles: Option<Vec<String>>,
    /// The range holding the values, as a formula.
    range: Option<String>,
}

enum ListValue {
    Text(String),
    Bool(bool),
}

impl Lists {
    /// The range of the list of `vocab` for `column` of `table`, as a formula; `None` for an
    /// empty list.
    fn range(
        &mut self,
        vocab: Vocab,
        table: &'static Table,
        column: &Column,
        cx: &Context,
    ) -> Option<String> {
        let (table_id, field_path) = match (vocab, column.field) {
            (Vocab::Schema, Some(field)) => (table.id, field.path),
            _ => ("", ""),
        };
        if let Some(list) = self
            .lists
            .iter()
            .find(|l| l.vocab == vocab && l.table == table_id && l.field == field_path)
        {
            return list.range.clone();
        }
        let field = column.field;
        let values: Vec<ListValue> = match vocab {
            Vocab::Bool => vec![ListValue::Bool(true), ListValue::Bool(false)],
            _ => layout::vocabulary(vocab, cx.kind, table, field.as_ref(), cx.config, cx.doc)
                .into_iter()
                .map(ListValue::Text)
                .collect(),
        };
        let values: Vec<ListValue> = values.into_iter().take(LAST_ROW as usize).collect();
        let titles = titles(vocab, cx);
        let header = match vocab {
            Vocab::Pillars => t!(es: "Pilares", en: "Pillars").render(cx.lang),
            Vocab::Populations => t!(es: "Poblaciones", en: "Populations").render(cx.lang),
            Vocab::WorkingGroups => {
                t!(es: "Grupos de trabajo", en: "Working groups").render(cx.lang)
            }
            Vocab::Institutions => t!(es: "Instituciones", en: "Institutions").render(cx.lang),
            Vocab::Currencies => t!(es: "Monedas", en: "Currencies").render(cx.lang),
            Vocab::States => t!(es: "Estados", en: "States").render(cx.lang),
            Vocab::Texts => t!(es: "Textos", en: "Texts").render(cx.lang),
            Vocab::Bool => t!(es: "Sí o no", en: "Yes or no").render(cx.lang),
            Vocab::Schema => format!(
                "{}: {}",
                layout::sheet_title(table).render(cx.lang),
                layout::column_title(cx.kind, table, column, cx.lang)
            ),
        };
        let col = self.next_col;
        let range = (!values.is_empty() && col <= LAST_COL).then(|| {
            let letters = column_letters(col);
            format!(
                "={}!${letters}$2:${letters}${}",
                quoted(layout::LISTS_SHEET),
                values.len() + 1
            )
        });
        if range.is_some() {
            self.next_col += if titles.is_some() { 2 } else { 1 };
        }
        self.lists.push(List {
            vocab,
            table: table_id,
            field: field_path,
            col,
            header,
            values,
            titles,
            range: range.clone(),
        });
        range
    }

    fn write(&self, sheet: &mut Worksheet, styles: &Styles) -> anyhow::Result<()> {
        let name = layout::LISTS_SHEET;
        for list in self.lists.iter().filter(|l| l.range.is_some()) {
            let Ok(col) = u16::try_from(list.col) else {
                continue;
            };
            write_text(sheet, name, 0, col, &list.header, Some(&styles.list_header))?;
            sheet.set_column_width(col, 22).map_err(xlsx_error)?;
            for (row, value) in (1u32..).zip(&list.values) {
                match value {
                    ListValue::Text(text) => write_text(sheet, name, row, col, text, None)?,
                    ListValue::Bool(b) => {
                        sheet.write_boolean(row, col, *b).map_err(xlsx_error)?;
                    }
                }
            }
            if let Some(titles) = &list.titles {
                let Some(next) = col.checked_add(1) else {
                    continue;
                };
                let header = format!("{} ({})", list.header, t!(es: "títulos", en: "titles"));
                write_text(sheet, name, 0, next, &header, Some(&styles.list_header))?;
                sheet.set_column_width(next, 40).map_err(xlsx_error)?;
                for (row, title) in (1u32..).zip(titles.iter().take(list.values.len())) {
                    write_text(sheet, name, row, next, title, None)?;
                }
            }
        }
        Ok(())
    }
}

/// The titles of a vocabulary's codes, in the reader's language, for those that have them.
fn titles(vocab: Vocab, cx: &Context) -> Option<Vec<String>> {
    let fallback = cx.config.default_language();
    let title = |t: &crate::model::Localized| {
        t.resolve(cx.lang.as_str(), fallback, fallback)
            .0
            .to_string()
    };
    match vocab {
        Vocab::Pillars => Some(cx.config.pillars.iter().map(|p| title(&p.title)).collect()),
        Vocab::Populations => Some(
            cx.config
                .populations
                .iter()
                .map(|p| title(&p.title))
                .collect(),
        ),
        Vocab::WorkingGroups => Some(
            cx.config
                .working_groups
                .iter()
                .map(|p| title(&p.title))
                .collect(),
        ),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The annotated copy.

/// A copy of `workbook` with every mark's cell highlighted and carrying a note, and a first
/// sheet listing the problems with links to their cells.
pub fn annotate(
    workbook: &Workbook,
    kind: Option<Kind>,
    _config: &Config,
    lang: Lang,
    marks: &[Mark],
) -> anyhow::Result<Vec<u8>> {
    let mut book = build_annotated(workbook, kind, lang, marks)?;
    book.save_to_buffer().map_err(xlsx_error)
}

/// The formats of an annotated copy.
struct MarkStyles {
    date: Format,
    header: Format,
    wrap: Format,
}

/// The fill of a cell with a problem of `severity`.
fn fill(severity: Severity) -> Format {
    let color = match severity {
        Severity::Error => "#FFC7CE",
        Severity::Warning => "#FFE699",
        Severity::Note => "#BDD7EE",
    };
    Format::new().set_background_color(color)
}

fn severity_word(severity: Severity) -> crate::diag::Text {
    match severity {
        Severity::Error => t!(es: "error", en: "error"),
        Severity::Warning => t!(es: "advertencia", en: "warning"),
        Severity::Note => t!(es: "nota", en: "note"),
    }
}

fn build_annotated(
    workbook: &Workbook,
    kind: Option<Kind>,
    lang: Lang,
    marks: &[Mark],
) -> anyhow::Result<XlsxBook> {
    let styles = MarkStyles {
        date: Format::new().set_num_format("yyyy-mm-dd"),
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color("#DDEBF7")
            .set_border(FormatBorder::Thin),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    };

    // Names: the drafter's sheets keep theirs; the problems sheet takes a free one.
    let originals: Vec<String> = workbook.sheets.iter().map(|s| s.name.clone()).collect();
    let problems_name = free_name(
        &t!(es: "Problemas", en: "Problems").render(lang),
        &originals,
    );
    let mut taken = vec![problems_name.clone()];
    let mut names = Vec::with_capacity(workbook.sheets.len());
    for sheet in &workbook.sheets {
        let name = free_name(&sheet_name(&sheet.name), &taken);
        taken.push(name.clone());
        names.push(name);
    }
    // The sheet each mark is on (the first of that name), if the workbook has it.
    let index: std::collections::HashMap<&str, usize> = workbook
        .sheets
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let mark_sheets: Vec<Option<usize>> = marks
        .iter()
        .map(|m| index.get(m.cell.sheet.as_str()).copied())
        .collect();

    let kinds = match kind {
        Some(kind) => vec![kind],
        None => Kind::ALL.to_vec(),
    };

    let mut book = XlsxBook::new();
    book.set_properties(
        &DocProperties::new()
            .set_author("mirps")
            .set_creation_datetime(&ExcelDateTime::from_ymd(1980, 1, 1).map_err(xlsx_error)?),
    );

    let sheet = book.add_worksheet();
    write_problems(
        sheet,
        &problems_name,
        marks,
        &names,
        &mark_sheets,
        lang,
        &styles,
    )?;
    sheet.set_active(true);

    for (index, (original, name)) in workbook.sheets.iter().zip(&names).enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(xlsx_error)?;
        if original.hidden {
            sheet.set_hidden(true);
        }
        // The marks of this sheet, by cell.
        let mut marked: std::collections::BTreeMap<(u32, u32), Vec<&Mark>> = Default::default();
        let here = marks
            .iter()
            .zip(&mark_sheets)
            .filter(|(_, sheet)| **sheet == Some(index))
            .map(|(mark, _)| mark);
        for mark in here {
            if mark.cell.row <= LAST_ROW && mark.cell.col <= LAST_COL {
                marked
                    .entry((mark.cell.row, mark.cell.col))
                    .or_default()
                    .push(mark);
            }
        }
        let fill_of = |row: u32, col: u32| {
            marked
                .get(&(row, col))
                .and_then(|ms| ms.iter().map(|m| m.severity).max())
                .map(fill)
        };
        // Merged cells, as far as they are reasonable: rust_xlsxwriter writes every cell of a
        // merged range, so a huge range (a hostile workbook's A1:XFD1048576) is left unmerged.
        let mut merged_cells: u64 = 0;
        for &(first_row, first_col, last_row, last_col) in &original.merged {
            let (Ok(fc), Ok(lc)) = (u16::try_from(first_col), u16::try_from(last_col)) else {
                continue;
            };
            let area = u64::from(last_row.saturating_sub(first_row) + 1)
                * u64::from(last_col.saturating_sub(first_col) + 1);
            if area > MAX_MERGED_AREA || merged_cells + area > MAX_MERGED_CELLS {
                continue;
            }
            merged_cells += area;
            // Best effort: a merge Excel would refuse (overlapping, one cell) is left out.
            let format = fill_of(first_row, first_col).unwrap_or_default();
            let _ = sheet.merge_range(first_row, fc, last_row, lc, "", &format);
        }
        for (&(row, col), cell) in &original.cells {
            let (Ok(col16), true) = (u16::try_from(col), row <= LAST_ROW && col <= LAST_COL) else {
                continue;
            };
            let highlight = fill_of(row, col);
            write_cell(
                sheet,
                name,
                row,
                col16,
                &cell.value,
                highlight.as_ref(),
                &styles,
            )?;
        }
        for (&(row, col), found) in &marked {
            let Ok(col16) = u16::try_from(col) else {
                continue;
            };
            if original.get(row, col).is_none() {
                let format = found
                    .iter()
                    .map(|m| m.severity)
                    .max()
                    .map(fill)
                    .unwrap_or_default();
                sheet.write_blank(row, col16, &format).map_err(xlsx_error)?;
            }
            sheet
                .insert_note(row, col16, &note(&note_text(found, lang)))
                .map_err(xlsx_error)?;
        }
        if let Some((row, table)) = path_row(original, &kinds) {
            sheet.set_row_hidden(row).map_err(xlsx_error)?;
            if row < LAST_ROW {
                sheet.set_freeze_panes(row + 1, 0).map_err(xlsx_error)?;
            }
            // The layout's widths, as the exported workbook had them.
            for (&(_, col), cell) in original.cells.range((row, 0)..=(row, u32::MAX)) {
                let CellValue::Text(path) = &cell.value else {
                    continue;
                };
                if let (Some(column), Ok(col)) =
                    (layout::parse_column(table, path), u16::try_from(col))
                {
                    sheet
                        .set_column_width(col, width(&column))
                        .map_err(xlsx_error)?;
                }
            }
        }
    }
    Ok(book)
}

/// The row of machine paths of a sheet, and its table: the first row (of the sheet's first 50)
/// whose cells (two or more) are all paths of one table of `kinds`.
fn path_row(sheet: &super::Sheet, kinds: &[Kind]) -> Option<(u32, &'static Table)> {
    let mut rows: Vec<u32> = Vec::new();
    for &(row, _) in sheet.cells.keys() {
        if rows.last() != Some(&row) {
            if rows.len() == 50 {
                break;
            }
            rows.push(row);
        }
    }
    rows.into_iter().find_map(|row| {
        let paths: Option<Vec<&str>> = sheet
            .cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|(_, cell)| match &cell.value {
                CellValue::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        // One lone word that happens to be a path (`id`, `unit`) is a drafter's, not the row
        // of paths.
        let paths = paths.filter(|p| p.len() >= 2)?;
        let table = kinds
            .iter()
            .flat_map(|k| layout::tables(*k))
            .find(|table| {
                paths
                    .iter()
                    .all(|p| layout::parse_column(table, p).is_some())
            })?;
        Some((row, table))
    })
}

/// Write a cell of a drafter's workbook back as it was, with a problem's fill if it has one.
fn write_cell(
    sheet: &mut Worksheet,
    name: &str,
    row: u32,
    col: u16,
    value: &CellValue,
    highlight: Option<&Format>,
    styles: &MarkStyles,
) -> anyhow::Result<()> {
    match value {
        CellValue::Text(text) | CellValue::Error(text) => {
            write_text(sheet, name, row, col, text, highlight)?
        }
        CellValue::Number(n) => {
            match highlight {
                Some(format) => sheet.write_number_with_format(row, col, *n, format),
                None => sheet.write_number(row, col, *n),
            }
            .map_err(xlsx_error)?;
        }
        CellValue::Bool(b) => {
            match highlight {
                Some(format) => sheet.write_boolean_with_format(row, col, *b, format),
                None => sheet.write_boolean(row, col, *b),
            }
            .map_err(xlsx_error)?;
        }
        CellValue::Date(y, m, d) => {
            let date = u16::try_from(*y)
                .ok()
                .zip(u8::try_from(*m).ok())
                .zip(u8::try_from(*d).ok())
                .and_then(|((y, m), d)| ExcelDateTime::from_ymd(y, m, d).ok());
            match date {
                Some(date) => {
                    let format = match highlight {
                        Some(fill) => fill.clone().set_num_format("yyyy-mm-dd"),
                        None => styles.date.clone(),
                    };
                    sheet
                        .write_datetime_with_format(row, col, &date, &format)
                        .map_err(xlsx_error)?;
                }
                None => write_text(sheet, name, row, col, &value.shown(), highlight)?,
            }
        }
    }
    Ok(())
}

/// The note of a cell with problems: each as `severity[code]: message`, with its help.
fn note_text(marks: &[&Mark], lang: Lang) -> String {
    let mut out = String::new();
    for mark in marks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&format!(
            "{}[{}]: {}",
            severity_word(mark.severity).render(lang),
            mark.code,
            mark.message
        ));
        if let Some(help) = &mark.help {
            out.push('\n');
            out.push_str(help);
        }
        if out.len() > MAX_NOTE_TEXT * 4 {
            break;
        }
    }
    cap(&out, MAX_NOTE_TEXT)
}

/// The first sheet of an annotated copy: every problem, with a link to its cell.
fn write_problems(
    sheet: &mut Worksheet,
    name: &str,
    marks: &[Mark],
    names: &[String],
    mark_sheets: &[Option<usize>],
    lang: Lang,
    styles: &MarkStyles,
) -> anyhow::Result<()> {
    sheet.set_name(name).map_err(xlsx_error)?;
    let headers = [
        (t!(es: "N.º", en: "No."), 6.0),
        (t!(es: "Gravedad", en: "Severity"), 12.0),
        (t!(es: "Código", en: "Code"), 24.0),
        (t!(es: "Hoja", en: "Sheet"), 18.0),
        (t!(es: "Celda", en: "Cell"), 8.0),
        (t!(es: "Columna", en: "Column"), 24.0),
        (t!(es: "Mensaje", en: "Message"), 70.0),
        (t!(es: "Ayuda", en: "Help"), 50.0),
    ];
    for (col, (title, width)) in (0u16..).zip(&headers) {
        write_text(
            sheet,
            name,
            0,
            col,
            &title.render(lang),
            Some(&styles.header),
        )?;
        sheet.set_column_width(col, *width).map_err(xlsx_error)?;
    }
    for col in [6u16, 7] {
        sheet
            .set_column_format(col, &styles.wrap)
            .map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;

    if marks.is_empty() {
        let none = t!(es: "No se encontraron problemas.", en: "No problems found.").render(lang);
        write_text(sheet, name, 1, 0, &none, None)?;
        return Ok(());
    }

    // One row per problem, leaving the last row for saying how many more there are.
    let room = (LAST_ROW - 1) as usize;
    let mut links = 0;
    let listed = marks.iter().zip(mark_sheets).enumerate().take(room);
    for (row, (number, (mark, sheet_index))) in (1u32..).zip(listed) {
        sheet
            .write_number(row, 0, (number + 1) as f64)
            .map_err(xlsx_error)?;
        write_text(
            sheet,
            name,
            row,
            1,
            &severity_word(mark.severity).render(lang),
            Some(&fill(mark.severity)),
        )?;
        write_text(sheet, name, row, 2, &mark.code, None)?;
        let target = sheet_index.and_then(|index| names.get(index));
        write_text(
            sheet,
            name,
            row,
            3,
            target.unwrap_or(&mark.cell.sheet),
            None,
        )?;
        let reference = mark.cell.reference();
        let in_range = mark.cell.row <= LAST_ROW && mark.cell.col <= LAST_COL;
        match target {
            Some(target) if in_range && links < MAX_HYPERLINKS => {
                let cell = Cell {
                    sheet: target.clone(),
                    ..mark.cell.clone()
                };
                let url = Url::new(format!("internal:{}", cell.location())).set_text(&reference);
                sheet.write_url(row, 4, url).map_err(xlsx_error)?;
                links += 1;
            }
            _ => write_text(sheet, name, row, 4, &reference, None)?,
        }
        write_text(sheet, name, row, 5, &mark.cell.title, None)?;
        write_text(
            sheet,
            name,
            row,
            6,
            &cap(&mark.message, MAX_CELL_TEXT),
            None,
        )?;
        if let Some(help) = &mark.help {
            write_text(sheet, name, row, 7, &cap(help, MAX_CELL_TEXT), None)?;
        }
    }
    if marks.len() > room {
        let more = t!(
            es: "… y {count} problemas más, que no caben en esta hoja.",
            en: "… and {count} more problems, which do not fit in this sheet.",
            count = marks.len() - room,
        );
        write_text(sheet, name, LAST_ROW, 0, &more.render(lang), None)?;
    }
    let last = u32::try_from(marks.len().min(room)).unwrap_or(LAST_ROW - 1);
    sheet.autofilter(0, 0, last, 7).map_err(xlsx_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::{GridCell, Sheet};
    use calamine::{Data, Reader, SheetVisible, Xlsx};
    use serde_json::json;
    use std::io::Cursor;

    fn config() -> Config {
        Config::defaults(std::path::PathBuf::from("."))
    }

    /// A small national chapter: two institutions, two commitments, a budget, an indicator,
    /// a progress entry, dates, a plain title, a French summary and a formula-looking title.
    fn chapter() -> Json {
        json!({
            "kind": "national-chapter",
            "schema_version": 1,
            "state": "GTM",
            "name": {"es": "Guatemala", "en": "Guatemala"},
            "language": "es",
            "status": "adopted",
            "updated": "2019-11-15",
            "contact": {"institution": "IGM", "email": "mirps@example.org"},
            "summary": {"es": "Resumen", "en": "Summary", "fr": "Résumé"},
            "sections": [{"title": {"es": "Prioridades", "en": "Priorities"}, "body": "Cuerpo"}],
            "institutions": [
                {"id": "IGM", "name": "Instituto Guatemalteco de Migración"},
                {"id": "MINEX", "name": {"es": "Ministerio de Relaciones Exteriores", "en": "Ministry of Foreign Affairs"}}
            ],
            "commitments": [
                {
                    "id": "GTM-1.1",
                    "pillar": "reception-admission",
                    "title": "Reglamento del procedimiento de refugio",
                    "populations": ["asylum-seekers", "refugees"],
                    "lead": "IGM",
                    "partners": ["+1", "-x", "@x"],
                    "timeframe": {"start": 2018, "end": "2020-12-31"},
                    "budget": {"currency": "USD", "required": 450000, "state_investment": 120000.5},
                    "priority": "high",
                    "indicators": [
                        {"description": {"es": "Oficinas abiertas", "en": "Offices opened"}, "unit": "offices", "baseline": 0, "target": 3}
                    ],
                    "progress": [
                        {"year": 2019, "status": "in-progress", "percent": 40, "summary": {"es": "Avance", "en": "Progress"}}
                    ]
                },
                {
                    "id": "GTM-2.1",
                    "pillar": "immediate-needs",
                    "title": {"es": "=HYPERLINK(\"x\")", "en": "=SUM(A1)"},
                    "populations": ["refugees"],
                    "lead": "MINEX"
                }
            ]
        })
    }

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("the workbook opens")
    }

    fn range(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> calamine::Range<Data> {
        book.worksheet_range(sheet).expect("the sheet is there")
    }

    /// The column of a sheet whose hidden path row holds `path`.
    fn col_of(sheet: &calamine::Range<Data>, path: &str) -> u32 {
        let (_, width) = sheet.get_size();
        (0..width as u32)
            .find(|&c| {
                sheet.get_value((layout::PATH_ROW, c)) == Some(&Data::String(path.to_string()))
            })
            .unwrap_or_else(|| panic!("no column {path}"))
    }

    fn value(sheet: &calamine::Range<Data>, row: u32, path: &str) -> Data {
        sheet
            .get_value((row, col_of(sheet, path)))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    fn text(s: &str) -> Data {
        Data::String(s.to_string())
    }

    /// The parts of a saved workbook (a zip archive), by name: read with the small inflater
    /// below, so the tests can look at the XML itself without another dependency.
    fn parts(book: &mut XlsxBook) -> std::collections::BTreeMap<String, String> {
        let zip = book.save_to_buffer().unwrap();
        let u16_at = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]) as usize;
        let u32_at = |at: usize| {
            u32::from_le_bytes([zip[at], zip[at + 1], zip[at + 2], zip[at + 3]]) as usize
        };
        let end = (0..zip.len() - 21)
            .rev()
            .find(|&at| u32_at(at) == 0x0605_4b50)
            .expect("an end of central directory");
        let mut at = u32_at(end + 16);
        let mut out = std::collections::BTreeMap::new();
        for _ in 0..u16_at(end + 10) {
            assert_eq!(u32_at(at), 0x0201_4b50, "a central directory entry");
            let (method, size) = (u16_at(at + 10), u32_at(at + 20));
            let name_len = u16_at(at + 28);
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            let local = u32_at(at + 42);
            let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let raw = &zip[data..data + size];
            let bytes = match method {
                0 => raw.to_vec(),
                8 => inflate(raw),
                other => panic!("compression method {other}"),
            };
            out.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
        }
        out
    }

    /// The notes of every sheet (their comments parts), as one text.
    fn comments(parts: &std::collections::BTreeMap<String, String>) -> String {
        parts
            .iter()
            .filter(|(name, _)| name.starts_with("xl/comments"))
            .map(|(_, xml)| xml.as_str())
            .collect()
    }

    /// Whether a sheet's XML hides its row `r` (1-based, as the XML numbers rows).
    fn row_hidden(sheet: &str, r: u32) -> bool {
        let start = format!("<row r=\"{r}\"");
        sheet
            .split_once(start.as_str())
            .and_then(|(_, rest)| rest.split_once('>'))
            .is_some_and(|(attributes, _)| attributes.contains("hidden=\"1\""))
    }

    /// No part of the workbook holds a formula (`<f>` is a cell's formula in SpreadsheetML).
    fn no_formulas(parts: &std::collections::BTreeMap<String, String>) {
        for (name, xml) in parts {
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "a formula in {name}"
            );
        }
    }

    /// Raw DEFLATE (RFC 1951), as zip archives hold it.
    fn inflate(data: &[u8]) -> Vec<u8> {
        struct Bits<'a> {
            data: &'a [u8],
            pos: usize,
        }
        impl Bits<'_> {
            fn bit(&mut self) -> usize {
                let bit = (self.data[self.pos / 8] >> (self.pos % 8)) & 1;
                self.pos += 1;
                bit as usize
            }
            fn bits(&mut self, n: usize) -> usize {
                (0..n).fold(0, |acc, i| acc | (self.bit() << i))
            }
            fn decode(&mut self, (counts, symbols): &(Vec<usize>, Vec<usize>)) -> usize {
                let (mut code, mut first, mut index) = (0, 0, 0);
                for count in counts.iter().skip(1) {
                    code |= self.bit();
                    if code < first + count {
                        return symbols[index + code - first];
                    }
                    index += count;
                    first = (first + count) << 1;
                    code <<= 1;
                }
                panic!("bad Huffman code")
            }
        }
        fn huffman(lengths: &[usize]) -> (Vec<usize>, Vec<usize>) {
            let mut counts = vec![0; 16];
            for &l in lengths {
                counts[l] += 1;
            }
            counts[0] = 0;
            let mut symbols: Vec<usize> = (0..lengths.len()).filter(|&s| lengths[s] != 0).collect();
            symbols.sort_by_key(|&s| lengths[s]);
            (counts, symbols)
        }
        const LBASE: [usize; 29] = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
            115, 131, 163, 195, 227, 258,
        ];
        const LEXT: [usize; 29] = [
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
        ];
        const DBASE: [usize; 30] = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
            1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
        ];
        const DEXT: [usize; 30] = [
            0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
            12, 13, 13,
        ];
        const ORDER: [usize; 19] = [
            16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
        ];
        let mut input = Bits { data, pos: 0 };
        let mut out: Vec<u8> = Vec::new();
        loop {
            let last = input.bit();
            match input.bits(2) {
                0 => {
                    input.pos = input.pos.div_ceil(8) * 8;
                    let len = input.bits(16);
                    input.bits(16);
                    let start = input.pos / 8;
                    out.extend_from_slice(&data[start..start + len]);
                    input.pos += len * 8;
                }
                kind => {
                    let (lit, dist) = if kind == 1 {
                        let mut l = vec![8; 288];
                        l[144..256].fill(9);
                        l[256..280].fill(7);
                        (huffman(&l), huffman(&[5; 30]))
                    } else {
                        let hlit = input.bits(5) + 257;
                        let hdist = input.bits(5) + 1;
                        let hclen = input.bits(4) + 4;
                        let mut cl = [0; 19];
                        for &i in &ORDER[..hclen] {
                            cl[i] = input.bits(3);
                        }
                        let cl = huffman(&cl);
                        let mut lengths = Vec::new();
                        while lengths.len() < hlit + hdist {
                            match input.decode(&cl) {
                                sym @ 0..=15 => lengths.push(sym),
                                16 => {
                                    let prev = *lengths.last().unwrap();
                                    let n = 3 + input.bits(2);
                                    lengths.extend(std::iter::repeat_n(prev, n));
                                }
                                17 => {
                                    let n = 3 + input.bits(3);
                                    lengths.extend(std::iter::repeat_n(0, n));
                                }
                                _ => {
                                    let n = 11 + input.bits(7);
                                    lengths.extend(std::iter::repeat_n(0, n));
                                }
                            }
                        }
                        (huffman(&lengths[..hlit]), huffman(&lengths[hlit..]))
                    };
                    loop {
                        match input.decode(&lit) {
                            sym @ 0..=255 => out.push(sym as u8),
                            256 => break,
                            sym => {
                                let len = LBASE[sym - 257] + input.bits(LEXT[sym - 257]);
                                let d = input.decode(&dist);
                                let back = DBASE[d] + input.bits(DEXT[d]);
                                for _ in 0..len {
                                    out.push(out[out.len() - back]);
                                }
                            }
                        }
                    }
                }
            }
            if last == 1 {
                return out;
            }
        }
    }

    #[test]
    fn the_test_inflater_reads_what_the_workbook_writer_compresses() {
        // Guards the helper the XML tests rely on: a workbook's parts decode to XML.
        let mut book = build(&chapter(), Kind::National, &config(), Lang::Es, "gtm.yaml").unwrap();
        let parts = parts(&mut book);
        assert!(parts["[Content_Types].xml"].starts_with("<?xml"));
        assert!(parts["xl/workbook.xml"].contains("<sheet name=\"Compromisos\""));
    }

    #[test]
    fn export_names_sheets_in_the_readers_language() {
        let doc = chapter();
        let es = open(
            export(
                &doc,
                Kind::National,
                &config(),
                Lang::Es,
                "chapters/national/gtm.yaml",
            )
            .unwrap(),
        );
        assert_eq!(
            es.sheet_names(),
            [
                "Capítulo",
                "Textos",
                "Instituciones",
                "Compromisos",
                "Indicadores",
                "Avances",
                "_listas",
                "_mirps"
            ]
        );
        let hidden: Vec<_> = es
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible != SheetVisible::Visible)
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(hidden, ["_listas", "_mirps"]);
        let en = open(export(&doc, Kind::National, &config(), Lang::En, "gtm.yaml").unwrap());
        assert_eq!(
            en.sheet_names(),
            [
                "Chapter",
                "Texts",
                "Institutions",
                "Commitments",
                "Indicators",
                "Progress",
                "_listas",
                "_mirps"
            ]
        );
    }

    #[test]
    fn export_writes_titles_paths_and_values_at_their_cells() {
        let doc = chapter();
        let mut book = open(
            export(
                &doc,
                Kind::National,
                &config(),
                Lang::Es,
                "chapters/national/gtm.yaml",
            )
            .unwrap(),
        );

        let commitments = range(&mut book, "Compromisos");
        let paths: Vec<_> = (0..6)
            .map(|c| {
                commitments
                    .get_value((layout::PATH_ROW, c))
                    .cloned()
                    .unwrap_or(Data::Empty)
            })
            .collect();
        assert_eq!(
            paths,
            [
                text("id"),
                text("pillar"),
                text("title/es"),
                text("title/en"),
                text("title/fr"),
                text("description/es")
            ]
        );
        // Titles come from the schema, in Spanish, with the language of localized columns.
        let title = commitments.get_value((layout::TITLE_ROW, 2)).cloned();
        assert!(
            matches!(&title, Some(Data::String(t)) if t.ends_with("(es)") && t != "title/es"),
            "{title:?}"
        );
        let first = layout::FIRST_DATA_ROW;
        assert_eq!(value(&commitments, first, "id"), text("GTM-1.1"));
        assert_eq!(
            value(&commitments, first, "pillar"),
            text("reception-admission")
        );
        // A plain title is the document's language's.
        assert_eq!(
            value(&commitments, first, "title/es"),
            text("Reglamento del procedimiento de refugio")
        );
        assert_eq!(value(&commitments, first, "title/en"), Data::Empty);
        assert_eq!(
            value(&commitments, first, "populations/0"),
            text("asylum-seekers")
        );
        assert_eq!(
            value(&commitments, first, "populations/1"),
            text("refugees")
        );
        assert_eq!(
            value(&commitments, first, "budget/required"),
            Data::Float(450000.0)
        );
        assert_eq!(
            value(&commitments, first, "budget/state_investment"),
            Data::Float(120000.5)
        );
        assert_eq!(
            value(&commitments, first, "timeframe/start"),
            Data::Float(2018.0)
        );
        match value(&commitments, first, "timeframe/end") {
            Data::DateTime(date) => assert_eq!(date.as_f64(), 44196.0), // 2020-12-31
            other => panic!("not a date cell: {other:?}"),
        }
        for (i, partner) in ["+1", "-x", "@x"].into_iter().enumerate() {
            assert_eq!(
                value(&commitments, first, &format!("partners/{i}")),
                text(partner)
            );
        }
        assert_eq!(
            value(&commitments, first + 1, "title/es"),
            text("=HYPERLINK(\"x\")")
        );
        assert_eq!(value(&commitments, first + 1, "title/en"), text("=SUM(A1)"));
        assert_eq!(value(&commitments, first + 1, "lead"), text("MINEX"));

        let chapter = range(&mut book, "Capítulo");
        match value(&chapter, first, "updated") {
            Data::DateTime(date) => assert_eq!(date.as_f64(), 43784.0), // 2019-11-15
            other => panic!("not a date cell: {other:?}"),
        }
        assert_eq!(
            value(&chapter, first, "contact/email"),
            text("mirps@example.org")
        );

        let texts = range(&mut book, "Textos");
        assert_eq!(value(&texts, first, "@text"), text("summary"));
        assert_eq!(value(&texts, first, "body/fr"), text("Résumé"));
        assert_eq!(value(&texts, first + 1, "@text"), text("section"));
        assert_eq!(value(&texts, first + 1, "title/en"), text("Priorities"));

        let institutions = range(&mut book, "Instituciones");
        assert_eq!(
            value(&institutions, first + 1, "name/en"),
            text("Ministry of Foreign Affairs")
        );

        let indicators = range(&mut book, "Indicadores");
        assert_eq!(value(&indicators, first, "^id"), text("GTM-1.1"));
        assert_eq!(value(&indicators, first, "target"), Data::Float(3.0));
        let progress = range(&mut book, "Avances");
        assert_eq!(value(&progress, first, "^id"), text("GTM-1.1"));
        assert_eq!(value(&progress, first, "percent"), Data::Float(40.0));

        let meta = range(&mut book, layout::META_SHEET);
        let pairs: Vec<(String, String)> = (0..meta.get_size().0 as u32)
            .map(|r| {
                let cell = |c| {
                    meta.get_value((r, c))
                        .map(|v| v.to_string())
                        .unwrap_or_default()
                };
                (cell(0), cell(1))
            })
            .collect();
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("layout"), Some(layout::LAYOUT));
        assert_eq!(get("kind"), Some("national-chapter"));
        assert_eq!(get("source"), Some("chapters/national/gtm.yaml"));
        assert_eq!(get("languages"), Some("es,en,fr"));
        assert_eq!(get("lang"), Some("es"));
        assert_eq!(get("sheet:commitments"), Some("Compromisos"));
        assert_eq!(get("sheet:progress"), Some("Avances"));

        let lists = range(&mut book, layout::LISTS_SHEET);
        let row_of = |code: &str| {
            lists
                .cells()
                .find(|(_, _, v)| **v == text(code))
                .map(|(r, c, _)| (r, c))
                .unwrap_or_else(|| panic!("{code} is not listed"))
        };
        // A pillar's title stands next to its code.
        let (r, c) = row_of("reception-admission");
        assert_eq!(lists.get((r, c + 1)), Some(&text("Recepción y admisión")));
        row_of("high");
        row_of("USD");
    }

    #[test]
    fn export_xml_has_dropdowns_frozen_panes_notes_and_no_formulas() {
        let mut book = build(&chapter(), Kind::National, &config(), Lang::Es, "gtm.yaml").unwrap();
        let parts = parts(&mut book);
        // The fourth sheet is the commitments'.
        let sheet = &parts["xl/worksheets/sheet4.xml"];
        assert!(
            sheet.contains("<dataValidation type=\"list\" errorStyle=\"warning\""),
            "{sheet}"
        );
        // Pillars (B) from the lists sheet, where that range holds the pillars' ids; the lead
        // from the institutions sheet, rows a drafter adds included.
        let source = sheet
            .split_once("sqref=\"B3:B1000\"><formula1>'_listas'!$")
            .and_then(|(_, rest)| rest.split_once("</formula1>"))
            .map(|(range, _)| range.to_string())
            .unwrap_or_else(|| panic!("no dropdown of pillars: {sheet}"));
        let (letters, rows) = source.split_once('$').unwrap();
        assert_eq!(rows, "2:$".to_string() + letters + "$5");
        let col = letters
            .bytes()
            .fold(0, |n, b| n * 26 + u32::from(b - b'A') + 1)
            - 1;
        let mut read =
            open(export(&chapter(), Kind::National, &config(), Lang::Es, "gtm.yaml").unwrap());
        let lists = range(&mut read, layout::LISTS_SHEET);
        let pillars: Vec<_> = (1..5).map(|r| lists.get_value((r, col)).cloned()).collect();
        let ids = [
            "reception-admission",
            "immediate-needs",
            "host-communities",
            "durable-solutions",
        ];
        assert_eq!(pillars, ids.map(|id| Some(text(id))));
        assert_eq!(lists.get_value((0, col)), Some(&text("Pilares")));
        assert!(
            sheet.contains("<formula1>'Instituciones'!$A$3:$A$1000</formula1>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("topLeftCell=\"A3\"") && sheet.contains("state=\"frozen\""),
            "{sheet}"
        );
        assert!(
            row_hidden(sheet, 2) && !row_hidden(sheet, 1),
            "the path row is not hidden"
        );
        let comments = comments(&parts);
        assert!(
            comments.contains("<comment ref=\"A1\""),
            "no note on a header: {comments}"
        );
        assert!(parts["xl/sharedStrings.xml"].contains("<t>=HYPERLINK(\"x\")</t>"));
        no_formulas(&parts);
    }
    #[test]
    fn export_refuses_a_text_longer_than_a_cell_instead_of_cutting_it() {
        let mut doc = chapter();
        doc["summary"] = json!("a");
        doc["commitments"][0]["description"] = json!("x".repeat(MAX_CELL_TEXT + 1));
        let error = export(&doc, Kind::National, &config(), Lang::Es, "gtm.yaml").unwrap_err();
        // Columns: id, pillar, title/es, title/en, description/es (E); first data row 3.
        let message = error.to_string();
        assert!(message.contains("Compromisos!E3"), "{message}");
        assert!(message.contains("32768"), "{message}");
    }

    #[test]
    fn numbers_a_cell_cannot_hold_exactly_are_written_as_text() {
        let mut doc = chapter();
        doc["commitments"][0]["budget"]["required"] = json!(1u64 << 60);
        let mut book = open(export(&doc, Kind::National, &config(), Lang::Es, "gtm.yaml").unwrap());
        let commitments = range(&mut book, "Compromisos");
        assert_eq!(
            value(&commitments, layout::FIRST_DATA_ROW, "budget/required"),
            text("1152921504606846976")
        );
    }

    #[test]
    fn languages_keep_every_translation_in_order_of_appearance() {
        let config = config();
        let mut doc = chapter();
        doc["commitments"][1]["description"] = json!({"pt": "Descrição", "es": "Descripción"});
        assert_eq!(languages(&config, &doc), ["es", "en", "fr", "pt"]);
        // Plain texts in a language the framework lacks get its column.
        let doc = json!({"kind": "national-chapter", "language": "pt", "name": "Brasil"});
        assert_eq!(languages(&config, &doc), ["es", "en", "pt"]);
        // A language no column can be named after: its plain texts go to the framework's first.
        let doc = json!({"kind": "national-chapter", "language": "es MX", "name": "Guatemala"});
        assert_eq!(languages(&config, &doc), ["es", "en"]);
        let mut book = open(export(&doc, Kind::National, &config, Lang::Es, "x.yaml").unwrap());
        let chapter = range(&mut book, "Capítulo");
        assert_eq!(
            value(&chapter, layout::FIRST_DATA_ROW, "name/es"),
            text("Guatemala")
        );
        // Keys that are not language codes are no language (a budget, a support's id).
        let doc = json!({"kind": "cooperation", "pledges": [{"supports": [{"id": "GTM-1.1"}]}]});
        assert_eq!(languages(&config, &doc), ["es", "en"]);
    }

    #[test]
    fn sheet_names_are_names_excel_accepts() {
        assert_eq!(sheet_name("a/b:c*d?e[f]g\\h"), "a_b_c_d_e_f_g_h");
        assert_eq!(sheet_name("'quoted'"), "quoted");
        assert_eq!(sheet_name(""), "_");
        assert_eq!(sheet_name(&"ñ".repeat(40)).chars().count(), 31);
        let taken = vec!["Problemas".to_string(), "problemas 2".to_string()];
        assert_eq!(free_name("Problemas", &taken), "Problemas 3");
        assert_eq!(
            free_name(&"x".repeat(31), &["X".repeat(31)])
                .chars()
                .count(),
            31
        );
    }

    fn cell(value: CellValue) -> GridCell {
        GridCell {
            value,
            formula: false,
        }
    }

    fn drafters_workbook() -> Workbook {
        let mut commitments = Sheet {
            name: "Compromisos".into(),
            ..Sheet::default()
        };
        let cells = [
            ((0, 0), CellValue::Text("Identificador".into())),
            ((0, 1), CellValue::Text("Pilar".into())),
            ((1, 0), CellValue::Text("id".into())),
            ((1, 1), CellValue::Text("pillar".into())),
            ((1, 2), CellValue::Text("budget/required".into())),
            ((1, 3), CellValue::Text("priority".into())),
            ((1, 4), CellValue::Text("timeframe/start".into())),
            ((1, 5), CellValue::Text("title/es".into())),
            ((2, 0), CellValue::Text("GTM-1.1".into())),
            ((2, 1), CellValue::Text("recepcion".into())),
            ((2, 2), CellValue::Number(450000.0)),
            ((2, 3), CellValue::Bool(true)),
            ((2, 4), CellValue::Date(2019, 11, 15)),
            ((2, 5), CellValue::Error("#DIV/0!".into())),
            ((3, 5), CellValue::Text("=SUM(A1)".into())),
        ];
        for ((r, c), v) in cells {
            commitments.cells.insert((r, c), cell(v));
        }
        let mut meta = Sheet {
            name: "_mirps".into(),
            hidden: true,
            ..Sheet::default()
        };
        meta.cells
            .insert((0, 0), cell(CellValue::Text("layout".into())));
        meta.cells
            .insert((0, 1), cell(CellValue::Text(layout::LAYOUT.into())));
        Workbook {
            sheets: vec![commitments, meta],
        }
    }

    fn mark(
        row: u32,
        col: u32,
        severity: Severity,
        code: &str,
        message: &str,
        help: Option<&str>,
    ) -> Mark {
        Mark {
            cell: Cell {
                sheet: "Compromisos".into(),
                row,
                col,
                title: "Pilar".into(),
            },
            severity,
            code: code.into(),
            message: message.into(),
            help: help.map(str::to_string),
        }
    }

    fn marks() -> Vec<Mark> {
        vec![
            mark(
                2,
                1,
                Severity::Error,
                "unknown-pillar",
                "`pillar` debe ser uno de …; se encontró `recepcion`",
                Some("¿quiso decir `reception-admission`?"),
            ),
            mark(2, 1, Severity::Warning, "other-thing", "otra cosa", None),
            mark(
                6,
                3,
                Severity::Note,
                "a-note",
                "una nota en una celda vacía",
                None,
            ),
        ]
    }

    #[test]
    fn annotate_lists_problems_first_with_links_and_keeps_every_cell() {
        let workbook = drafters_workbook();
        let bytes = annotate(
            &workbook,
            Some(Kind::National),
            &config(),
            Lang::Es,
            &marks(),
        )
        .unwrap();
        let mut book = open(bytes);
        assert_eq!(book.sheet_names(), ["Problemas", "Compromisos", "_mirps"]);
        let hidden: Vec<_> = book
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible != SheetVisible::Visible)
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(hidden, ["_mirps"]);

        let problems = range(&mut book, "Problemas");
        assert_eq!(problems.get_size().0, 4, "a header and one row per mark");
        let row: Vec<String> = (0..8)
            .map(|c| {
                problems
                    .get_value((1, c))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            row,
            [
                "1",
                "error",
                "unknown-pillar",
                "Compromisos",
                "B3",
                "Pilar",
                "`pillar` debe ser uno de …; se encontró `recepcion`",
                "¿quiso decir `reception-admission`?",
            ]
        );
        assert_eq!(problems.get_value((2, 1)), Some(&text("advertencia")));
        assert_eq!(problems.get_value((3, 1)), Some(&text("nota")));
        assert_eq!(problems.get_value((3, 4)), Some(&text("D7")));

        let copy = range(&mut book, "Compromisos");
        for ((r, c), original) in &workbook.sheets[0].cells {
            let read = copy.get_value((*r, *c)).cloned().unwrap_or(Data::Empty);
            match (&original.value, &read) {
                (CellValue::Text(t) | CellValue::Error(t), Data::String(s)) => assert_eq!(t, s),
                (CellValue::Number(n), Data::Float(f)) => assert_eq!(n, f),
                (CellValue::Bool(a), Data::Bool(b)) => assert_eq!(a, b),
                (CellValue::Date(2019, 11, 15), Data::DateTime(d)) => {
                    assert_eq!(d.as_f64(), 43784.0)
                }
                (expected, got) => panic!("{r},{c}: {expected:?} read back as {got:?}"),
            }
        }
        let meta = range(&mut book, "_mirps");
        assert_eq!(meta.get_value((0, 1)), Some(&text(layout::LAYOUT)));

        let mut annotated =
            build_annotated(&workbook, Some(Kind::National), Lang::Es, &marks()).unwrap();
        let parts = parts(&mut annotated);
        let problems = &parts["xl/worksheets/sheet1.xml"];
        assert!(
            problems.contains("location=\"Compromisos!B3\""),
            "no link to the cell: {problems}"
        );
        assert!(
            problems.contains("location=\"Compromisos!D7\""),
            "no link to the empty cell"
        );
        assert!(
            problems.contains("<pane ySplit=\"1\""),
            "the problems' header is not frozen"
        );
        // Both problems of B3 in one note, with the help.
        let comments = comments(&parts);
        let note = "error[unknown-pillar]: `pillar` debe ser uno de …; se encontró `recepcion`\n¿quiso decir `reception-admission`?\n\nadvertencia[other-thing]: otra cosa";
        assert!(comments.contains(note), "{comments}");
        assert!(comments.contains("<comment ref=\"B3\""));
        assert!(comments.contains("<comment ref=\"D7\""));
        assert!(comments.contains("nota[a-note]: una nota en una celda vacía"));
        // The path row stays hidden, the panes frozen under it.
        let copy = &parts["xl/worksheets/sheet2.xml"];
        assert!(
            copy.contains("topLeftCell=\"A3\""),
            "the pane is not frozen under the path row"
        );
        assert!(
            row_hidden(copy, 2) && !row_hidden(copy, 3),
            "the path row is not hidden"
        );
        no_formulas(&parts);
    }

    #[test]
    fn annotate_picks_a_free_name_for_the_problems_sheet() {
        let mut workbook = drafters_workbook();
        workbook.sheets[0].name = "Problemas".into();
        let bytes = annotate(&workbook, None, &config(), Lang::Es, &[]).unwrap();
        let mut book = open(bytes);
        assert_eq!(book.sheet_names(), ["Problemas 2", "Problemas", "_mirps"]);
        let problems = range(&mut book, "Problemas 2");
        assert_eq!(
            problems.get_value((1, 0)),
            Some(&text("No se encontraron problemas."))
        );
        let bytes = annotate(&workbook, None, &config(), Lang::En, &[]).unwrap();
        let mut book = open(bytes);
        assert_eq!(book.sheet_names()[0], "Problems");
        assert_eq!(
            range(&mut book, "Problems").get_value((1, 0)),
            Some(&text("No problems found."))
        );
    }

    #[test]
    fn a_note_with_many_problems_is_capped_to_excels_limit() {
        let many: Vec<Mark> = (0..2_000)
            .map(|i| {
                mark(
                    2,
                    1,
                    Severity::Error,
                    "unknown-pillar",
                    &format!("problema {i} {}", "x".repeat(40)),
                    None,
                )
            })
            .collect();
        let refs: Vec<&Mark> = many.iter().collect();
        let text = note_text(&refs, Lang::Es);
        assert!(text.encode_utf16().count() <= MAX_NOTE_TEXT);
        assert!(text.ends_with('…'));
        annotate(
            &drafters_workbook(),
            Some(Kind::National),
            &config(),
            Lang::Es,
            &many,
        )
        .unwrap();
    }
    #[test]
    fn every_shipped_document_exports_with_a_row_per_item() {
        use crate::load::yaml;
        use crate::source::SourceFile;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let found = crate::load::discover(&root.join("chapters"), root).unwrap();
        assert!(found.files.len() >= 20, "the shipped chapters are there");
        for path in found.files {
            let text = std::fs::read_to_string(&path).unwrap();
            let source = SourceFile::new(path.display().to_string(), path.clone(), text);
            let tree = yaml::parse(0, &source, &mut Vec::new()).unwrap();
            let doc = tree.to_json();
            let kind = Kind::from_name(doc["kind"].as_str().unwrap()).unwrap();
            let bytes = export(&doc, kind, &config(), Lang::Es, "x.yaml")
                .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
            let mut book = open(bytes);
            for table in layout::tables(kind) {
                let name = layout::sheet_title(table).render(Lang::Es);
                let sheet = range(&mut book, &name);
                let rows = layout::row_items(table, &doc).len() as u32;
                let last = sheet.end().map_or(0, |(r, _)| r);
                assert_eq!(
                    last + 1,
                    (layout::FIRST_DATA_ROW + rows).max(2),
                    "{} {name}",
                    path.display()
                );
            }
        }
    }
    #[test]
    fn annotate_keeps_reasonable_merges_and_leaves_a_sheet_wide_one_unmerged() {
        // rust_xlsxwriter writes every cell of a merged range: A1:XFD1048576 would never end.
        let mut workbook = drafters_workbook();
        let notes = &mut workbook.sheets[1];
        notes.merged = vec![(0, 0, LAST_ROW, LAST_COL), (5, 0, 5, 2)];
        notes
            .cells
            .insert((5, 0), cell(CellValue::Text("id".into())));
        notes.cells.insert(
            (9, LAST_COL + 5),
            cell(CellValue::Text("off the sheet".into())),
        );
        let mut book = build_annotated(&workbook, Some(Kind::National), Lang::Es, &[]).unwrap();
        let parts = parts(&mut book);
        let sheet = &parts["xl/worksheets/sheet3.xml"];
        assert!(sheet.contains("<mergeCell ref=\"A6:C6\"/>"), "{sheet}");
        assert!(!sheet.contains("A1:XFD1048576"), "{sheet}");
        // A lone word that is also a path (`id`) is not taken for the row of paths.
        assert!(!row_hidden(sheet, 6), "{sheet}");
        assert!(!sheet.contains("pane"), "{sheet}");
    }
}

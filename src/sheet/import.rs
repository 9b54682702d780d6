//! A workbook back into its document: the sheets and columns named by the hidden rows of
//! machine paths (see [`super::layout`]) fill a copy of the chapter's current document, so what
//! the workbook does not hold (keys no sheet has) is kept, and the cell of every value is known.

use serde_json::{Map, Value as Json};

use super::layout::{self, Column, Rows, Shape, Table};
use super::{CellValue, Sheet, Workbook};
use crate::diag::Text;
use crate::lang::Lang;
use crate::model::Kind;
use crate::source::Cell;
use crate::t;

/// How far down a sheet the row of machine paths is looked for (a drafter may have added rows
/// above the table, or moved it).
const HEADER_SEARCH_ROWS: u32 = 50;

/// A workbook's document, and where each of its values came from.
#[derive(Debug)]
pub struct Imported {
    pub kind: Kind,
    /// The chapter the workbook was made from, relative to the framework's root (`_mirps`).
    pub source: Option<String>,
    pub doc: Json,
    /// JSON Pointer of each value (and of each row's item) → its cell.
    pub origins: Vec<(String, Cell)>,
    /// The cells with a value of each row, by (sheet, row): (column, title, value as shown).
    pub rows: Vec<crate::source::RowValues>,
    /// What the reading found at cells: formulas, merged cells, rows that belong nowhere.
    pub findings: Vec<Finding>,
    /// Values that are text typed in a number or date column (`450.000`), by pointer.
    pub loose: std::collections::HashSet<String>,
}

/// Something import noticed at a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub cell: Cell,
    pub what: FindingKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// The cell holds a formula: its saved value was read.
    Formula { value: String },
    /// The cell is the first of merged cells: the others' values are not read.
    Merged { range: String },
    /// A child row names a parent that no row of the parent's sheet has.
    Orphan { parent: String, sheet: String },
    /// A row of the texts sheet says neither `summary`, `context` nor `section`.
    UnknownText { found: String },
}

/// Why a workbook cannot be read as a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No `_mirps` sheet: not made by `mirps sheet export` or `template`.
    NoLayout,
    /// A `_mirps` sheet of another layout version.
    OtherLayout(String),
    /// A kind mirps does not know.
    UnknownKind(String),
    /// A column whose machine path the layout does not have.
    UnknownColumn { cell: Cell, path: String },
}

impl Refusal {
    pub fn text(&self) -> Text {
        match self {
            Refusal::NoLayout => t!(
                es: "este libro no fue creado por `mirps sheet export` ni `mirps sheet template` (le falta la hoja oculta `{meta}`): mirps solo lee libros de su propio formato; cree uno con `mirps sheet export CAPITULO.yaml -o LIBRO.xlsx`",
                en: "this workbook was not made by `mirps sheet export` or `mirps sheet template` (it lacks the hidden `{meta}` sheet): mirps reads only workbooks of its own layout; make one with `mirps sheet export CHAPTER.yaml -o BOOK.xlsx`",
                meta = layout::META_SHEET,
            ),
            Refusal::OtherLayout(found) => t!(
                es: "este libro tiene el formato `{found}`, que esta versión de mirps no lee (lee `{known}`); expórtelo de nuevo con `mirps sheet export`",
                en: "this workbook has the layout `{found}`, which this version of mirps does not read (it reads `{known}`); export it again with `mirps sheet export`",
                found = found.as_str(),
                known = layout::LAYOUT,
            ),
            Refusal::UnknownKind(found) => t!(
                es: "este libro dice contener un documento de tipo `{found}`, que mirps no conoce",
                en: "this workbook says it holds a document of kind `{found}`, which mirps does not know",
                found = found.as_str(),
            ),
            Refusal::UnknownColumn { cell, path } => t!(
                es: "la columna {cell} tiene la ruta oculta `{path}`, que no forma parte del formato de la hoja: no cambie ni borre la segunda fila (oculta) de las hojas",
                en: "column {cell} has the hidden path `{path}`, which is not part of the sheet's layout: do not change or delete the second (hidden) row of the sheets",
                cell = cell.location(),
                path = path.as_str(),
            ),
        }
    }
}

/// The `_mirps` sheet's value for `key`.
fn meta(workbook: &Workbook, key: &str) -> Option<String> {
    let sheet = workbook.sheet(layout::META_SHEET)?;
    let row = sheet
        .cells
        .iter()
        .find(|((_, col), cell)| *col == 0 && cell.value.shown() == key)
        .map(|((row, _), _)| *row)?;
    sheet.text(row, 1)
}

/// The chapter a workbook was made from, as its `_mirps` sheet names it (relative to the
/// framework's root).
pub fn source_of(workbook: &Workbook) -> Option<String> {
    meta(workbook, "source").filter(|s| !s.is_empty())
}

/// The kind of document a workbook holds, from its `_mirps` sheet.
pub fn kind_of(workbook: &Workbook) -> Result<Kind, Refusal> {
    let found = meta(workbook, "layout").ok_or(Refusal::NoLayout)?;
    if found != layout::LAYOUT {
        return Err(Refusal::OtherLayout(found));
    }
    let kind = meta(workbook, "kind").unwrap_or_default();
    Kind::from_name(&kind).ok_or(Refusal::UnknownKind(kind))
}

/// The sheet showing `table`: the one `_mirps` names, else one titled as mirps titles it.
fn sheet_for<'a>(workbook: &'a Workbook, table: &Table) -> Option<&'a Sheet> {
    if let Some(name) = meta(workbook, &format!("sheet:{}", table.id))
        && let Some(sheet) = workbook.sheet(&name)
    {
        return Some(sheet);
    }
    let title = layout::sheet_title(table);
    if let Some(sheet) = [Lang::Es, Lang::En]
        .into_iter()
        .find_map(|lang| workbook.sheet(&title.render(lang)))
    {
        return Some(sheet);
    }
    // A sheet the drafter renamed: the one whose hidden row is this table's, every column of it.
    workbook.sheets.iter().find(|sheet| {
        !sheet.hidden
            && header(sheet, table).is_ok_and(|h| {
                h.as_ref().is_some_and(|h| {
                    h.columns.len() >= 2
                        && h.columns
                            .iter()
                            .any(|(_, c, _)| c.field.is_some_and(|f| f.path != "id"))
                })
            })
    })
}

/// A table's columns as a sheet has them: the row of machine paths, and each column's place.
struct Header {
    path_row: u32,
    columns: Vec<(u32, Column, String)>,
}

fn header(sheet: &Sheet, table: &Table) -> Result<Option<Header>, Refusal> {
    let last = sheet.last_row().unwrap_or(0).min(HEADER_SEARCH_ROWS);
    for row in 0..=last {
        let cells: Vec<(u32, String)> = sheet
            .cells
            .range((row, 0)..(row + 1, 0))
            .map(|((_, col), cell)| (*col, cell.value.shown()))
            .filter(|(_, text)| !text.trim().is_empty())
            .collect();
        if cells.is_empty()
            || !cells
                .iter()
                .any(|(_, p)| layout::parse_column(table, p).is_some())
        {
            continue;
        }
        let mut columns = Vec::new();
        for (col, path) in cells {
            let Some(column) = layout::parse_column(table, &path) else {
                return Err(Refusal::UnknownColumn {
                    cell: Cell {
                        sheet: sheet.name.clone(),
                        row,
                        col,
                        title: String::new(),
                    },
                    path,
                });
            };
            let title = row
                .checked_sub(1)
                .and_then(|r| sheet.text(r, col))
                .unwrap_or_else(|| path.clone());
            columns.push((col, column, title));
        }
        return Ok(Some(Header {
            path_row: row,
            columns,
        }));
    }
    Ok(None)
}

/// Read `workbook` into its document. `base` is the chapter's current document when there is
/// one: the workbook's values are written over it, so keys no sheet holds are kept; without it,
/// the document starts empty.
pub fn import(workbook: &Workbook, base: Option<&Json>) -> Result<Imported, Refusal> {
    let kind = kind_of(workbook)?;
    let mut doc = match base {
        Some(base) if base.is_object() => base.clone(),
        _ => serde_json::json!({ "kind": kind.as_str(), "schema_version": 1 }),
    };
    let mut out = Imported {
        kind,
        source: meta(workbook, "source").filter(|s| !s.is_empty()),
        doc: Json::Null,
        origins: Vec::new(),
        rows: Vec::new(),
        findings: Vec::new(),
        loose: Default::default(),
    };
    // The document's language decides which column a plain (not translated) text is in: the
    // chapter sheet's, else the current document's.
    let mut doc_lang = doc
        .get("language")
        .and_then(Json::as_str)
        .unwrap_or("es")
        .to_string();
    for table in layout::tables(kind) {
        let Some(sheet) = sheet_for(workbook, table) else {
            // A sheet the drafter removed changes nothing of the document.
            continue;
        };
        let Some(header) = header(sheet, table)? else {
            continue;
        };
        let rows = data_rows(sheet, &header, &mut out);
        match table.rows {
            Rows::Root => {
                if let Some(row) = rows.first() {
                    let item = std::mem::take(&mut doc);
                    let (item, origins, loose) = fill(item, sheet, row, &header, &doc_lang, "");
                    doc = item;
                    out.origins
                        .push((String::new(), row_cell(sheet, row, &header)));
                    out.origins.extend(origins);
                    out.loose.extend(loose);
                }
                if let Some(lang) = doc.get("language").and_then(Json::as_str) {
                    doc_lang = lang.to_string();
                }
            }
            Rows::Items(key) => {
                let old = take_list(&mut doc, key);
                let mut items = Vec::new();
                for row in &rows {
                    let id = row_text(row, &header, "id");
                    let base_item =
                        take_by_id(&old, id.as_deref()).unwrap_or_else(|| Json::Object(Map::new()));
                    let pointer = format!("/{key}/{}", items.len());
                    let (item, origins, loose) =
                        fill(base_item, sheet, row, &header, &doc_lang, &pointer);
                    out.origins.push((pointer, row_cell(sheet, row, &header)));
                    out.origins.extend(origins);
                    out.loose.extend(loose);
                    items.push(item);
                }
                put_list(&mut doc, key, items);
            }
            Rows::Children { parent, child } => {
                children(
                    &mut doc, sheet, table, &header, &rows, parent, child, &doc_lang, &mut out,
                );
            }
            Rows::Texts => texts(&mut doc, sheet, &header, &rows, &doc_lang, &mut out),
        }
    }
    out.doc = doc;
    Ok(out)
}

/// One data row: its number and its cells in the table's columns.
struct Row {
    row: u32,
    cells: Vec<(u32, CellValue)>,
}

fn data_rows(sheet: &Sheet, header: &Header, out: &mut Imported) -> Vec<Row> {
    let first = header.path_row + 1;
    let last = sheet.last_row().unwrap_or(0);
    let mut rows: Vec<Row> = Vec::new();
    if first > last {
        return rows;
    }
    for ((row, col), cell) in sheet.cells.range((first, 0)..=(last, u32::MAX)) {
        let Some((_, _, title)) = header.columns.iter().find(|(c, _, _)| c == col) else {
            continue;
        };
        let place = Cell {
            sheet: sheet.name.clone(),
            row: *row,
            col: *col,
            title: title.clone(),
        };
        if cell.formula {
            out.findings.push(Finding {
                cell: place.clone(),
                what: FindingKind::Formula {
                    value: cell.value.shown(),
                },
            });
        }
        if matches!(&cell.value, CellValue::Text(t) if t.trim().is_empty()) {
            continue;
        }
        if let Some(&(r0, c0, r1, c1)) = sheet
            .merged
            .iter()
            .find(|(r0, c0, _, _)| r0 == row && c0 == col)
            && (r1 > r0 || c1 > c0)
        {
            out.findings.push(Finding {
                cell: place,
                what: FindingKind::Merged {
                    range: format!(
                        "{}{}:{}{}",
                        crate::source::column_letters(c0),
                        r0 + 1,
                        crate::source::column_letters(c1),
                        r1 + 1
                    ),
                },
            });
        }
        match rows.last_mut() {
            Some(last) if last.row == *row => last.cells.push((*col, cell.value.clone())),
            _ => rows.push(Row {
                row: *row,
                cells: vec![(*col, cell.value.clone())],
            }),
        }
    }
    for row in &rows {
        let values = row
            .cells
            .iter()
            .filter_map(|(col, value)| {
                let (_, _, title) = header.columns.iter().find(|(c, _, _)| c == col)?;
                Some((*col, title.clone(), value.shown()))
            })
            .collect();
        out.rows.push(((sheet.name.clone(), row.row), values));
    }
    rows
}

/// The cell standing for a whole row: its first cell with a value.
fn row_cell(sheet: &Sheet, row: &Row, header: &Header) -> Cell {
    let col = row.cells.first().map_or(0, |(c, _)| *c);
    cell_at(sheet, row, header, col)
}

/// The text in the column of machine path `path`.
fn row_text(row: &Row, header: &Header, path: &str) -> Option<String> {
    let (col, _, _) = header.columns.iter().find(|(_, c, _)| c.path == path)?;
    row.cells
        .iter()
        .find(|(c, _)| c == col)
        .map(|(_, v)| v.shown().trim().to_string())
}

fn take_list(doc: &mut Json, key: &str) -> Vec<Option<Json>> {
    match doc.get_mut(key).map(Json::take) {
        Some(Json::Array(items)) => items.into_iter().map(Some).collect(),
        _ => Vec::new(),
    }
}

fn put_list(doc: &mut Json, key: &str, items: Vec<Json>) {
    if let Some(map) = doc.as_object_mut() {
        map.insert(key.to_string(), Json::Array(items));
    }
}

/// The item of `old` with `id` (taken, so two rows with one id do not share it).
fn take_by_id(old: &[Option<Json>], id: Option<&str>) -> Option<Json> {
    let id = id?;
    old.iter()
        .flatten()
        .find(|item| item_id(item) == Some(id))
        .cloned()
}

fn item_id(item: &Json) -> Option<&str> {
    match item {
        Json::String(s) => Some(s),
        _ => item.get("id").and_then(Json::as_str),
    }
}

/// A list field's cells: (position, value, column).
type ListCells = (&'static str, Vec<(usize, Json, u32)>);
/// A localized field's cells: (language, text, column).
type TextCells = (&'static str, Vec<(String, String, u32)>);

/// The cells gathered for the field at `path`, a new list the first time.
fn cells_of<'a, T>(
    fields: &'a mut Vec<(&'static str, Vec<T>)>,
    path: &'static str,
) -> &'a mut Vec<T> {
    let at = match fields.iter().position(|(p, _)| *p == path) {
        Some(at) => at,
        None => {
            fields.push((path, Vec::new()));
            fields.len() - 1
        }
    };
    &mut fields[at].1
}

/// Write the cells of `row` over `item` (whose pointer in the document is `pointer`): every
/// column of the layout is set from its cell, or removed when the cell is empty. Returns the
/// item and the cell of each value.
fn fill(
    mut item: Json,
    sheet: &Sheet,
    row: &Row,
    header: &Header,
    doc_lang: &str,
    pointer: &str,
) -> (Json, Vec<(String, Cell)>, Vec<String>) {
    let mut origins = Vec::new();
    let mut loose = Vec::new();
    let mut lists: Vec<ListCells> = Vec::new();
    // Localized fields are gathered whole, then written: a plain text stays plain when only
    // its language's column is filled.
    let mut localized: Vec<TextCells> = Vec::new();
    for (col, column, _) in &header.columns {
        let Some(field) = column.field else {
            continue;
        };
        let value = row.cells.iter().find(|(c, _)| c == col).map(|(_, v)| v);
        if let Some(lang) = &column.lang {
            let cells = cells_of(&mut localized, field.path);
            if let Some(v) = value {
                cells.push((lang.clone(), cell_text(v, field.shape), *col));
            }
            continue;
        }
        if let Some(index) = column.index {
            let cells = cells_of(&mut lists, field.path);
            if let Some(v) = value {
                cells.push((index, convert(v, field.shape), *col));
            }
            continue;
        }
        // A support written as its id alone becomes a mapping only when it gains an amount.
        if let Json::String(id) = &item {
            let id = id.clone();
            item = serde_json::json!({ "id": id });
        }
        match value {
            Some(v) => {
                let new = convert(v, field.shape);
                let old = lookup(&item, field.path);
                let keep = old.is_some_and(|old| same(old, &new));
                if new.is_string() && !matches!(field.shape, Shape::Text | Shape::Markdown) {
                    loose.push(format!("{pointer}/{}", field.path));
                }
                if !keep {
                    set(&mut item, field.path, new);
                }
                origins.push((
                    format!("{pointer}/{}", field.path),
                    cell_at(sheet, row, header, *col),
                ));
            }
            None => remove(&mut item, field.path),
        }
    }
    for (path, values) in localized {
        let old = lookup(&item, path).cloned();
        let new = localized_value(old.as_ref(), &values, doc_lang);
        match new {
            Some(new) => {
                if !old.as_ref().is_some_and(|old| same(old, &new)) {
                    set(&mut item, path, new.clone());
                }
                for (lang, _, col) in &values {
                    let at = if new.is_string() {
                        format!("{pointer}/{path}")
                    } else {
                        format!("{pointer}/{path}/{lang}")
                    };
                    origins.push((at, cell_at(sheet, row, header, *col)));
                }
            }
            None => remove(&mut item, path),
        }
    }
    for (path, mut values) in lists {
        values.sort_by_key(|(index, _, _)| *index);
        if values.is_empty() {
            remove(&mut item, path);
            continue;
        }
        let new = Json::Array(values.iter().map(|(_, v, _)| v.clone()).collect());
        if !lookup(&item, path).is_some_and(|old| same(old, &new)) {
            set(&mut item, path, new);
        }
        for (at, (_, _, col)) in values.iter().enumerate() {
            origins.push((
                format!("{pointer}/{path}/{at}"),
                cell_at(sheet, row, header, *col),
            ));
        }
    }
    // A support that has only its id again is written as the id.
    if let Some(map) = item.as_object()
        && map.len() == 1
        && let Some(Json::String(id)) = map.get("id")
        && header.columns.iter().any(|(_, c, _)| c.path == "amount")
    {
        item = Json::String(id.clone());
    }
    (item, origins, loose)
}

fn cell_at(sheet: &Sheet, row: &Row, header: &Header, col: u32) -> Cell {
    Cell {
        sheet: sheet.name.clone(),
        row: row.row,
        col,
        title: header
            .columns
            .iter()
            .find(|(c, _, _)| *c == col)
            .map(|(_, _, t)| t.clone())
            .unwrap_or_default(),
    }
}

/// A localized field's new value from its columns' texts: a plain text when the field was
/// plain (or absent) and only the document's language is filled, else the translations in the
/// order the field had them, new languages after.
fn localized_value(
    old: Option<&Json>,
    values: &[(String, String, u32)],
    doc_lang: &str,
) -> Option<Json> {
    if values.is_empty() {
        return None;
    }
    let plain_before = !matches!(old, Some(Json::Object(_)));
    if plain_before && values.len() == 1 && values[0].0 == doc_lang {
        return Some(Json::String(values[0].1.clone()));
    }
    let mut map = Map::new();
    if let Some(Json::Object(old)) = old {
        for key in old.keys() {
            if let Some((_, text, _)) = values.iter().find(|(lang, _, _)| lang == key) {
                map.insert(key.clone(), Json::String(text.clone()));
            }
        }
    }
    for (lang, text, _) in values {
        if !map.contains_key(lang) {
            map.insert(lang.clone(), Json::String(text.clone()));
        }
    }
    Some(Json::Object(map))
}

/// Whether an old value and a new one are the same for the document: numbers by value,
/// texts but for line-break style and trailing line breaks (a spreadsheet keeps neither
/// faithfully), lists and mappings item by item.
pub fn same(old: &Json, new: &Json) -> bool {
    match (old, new) {
        (Json::Number(a), Json::Number(b)) => a.as_f64() == b.as_f64(),
        (Json::String(a), Json::String(b)) => a == b || normalize(a) == normalize(b),
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Json::Object(a), Json::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => old == new,
    }
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
        .trim_end_matches('\n')
        .to_string()
}

/// A cell's text for a text field: what it shows.
fn cell_text(value: &CellValue, _shape: Shape) -> String {
    value.shown().replace("\r\n", "\n")
}

/// A cell's value for a field of `shape`. A value of the wrong type is kept as the text it
/// shows, so that validation reports it where it is.
fn convert(value: &CellValue, shape: Shape) -> Json {
    match (shape, value) {
        (Shape::Number, CellValue::Number(n))
        | (Shape::Integer, CellValue::Number(n))
        | (Shape::YearOrDate, CellValue::Number(n)) => number(*n),
        (Shape::Date | Shape::YearOrDate, CellValue::Date(y, m, d)) => {
            Json::String(format!("{y:04}-{m:02}-{d:02}"))
        }
        (Shape::Bool, CellValue::Bool(b)) => Json::Bool(*b),
        (Shape::Bool, CellValue::Text(t)) => match t.trim().to_lowercase().as_str() {
            "true" | "verdadero" | "sí" | "si" | "yes" => Json::Bool(true),
            "false" | "falso" | "no" => Json::Bool(false),
            _ => Json::String(t.clone()),
        },
        (Shape::Number | Shape::Integer | Shape::YearOrDate, CellValue::Text(t)) => {
            match t.trim().parse::<i64>() {
                Ok(i) if t.trim() == i.to_string() => Json::from(i),
                _ => Json::String(t.clone()),
            }
        }
        (_, v) => Json::String(cell_text(v, shape)),
    }
}

fn number(n: f64) -> Json {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 {
        Json::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number)
    }
}

fn lookup<'a>(item: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('/').try_fold(item, |node, step| node.get(step))
}

/// Set the value at `path` (`budget/required`), making the mappings on the way.
fn set(item: &mut Json, path: &str, value: Json) {
    let mut node = item;
    let mut steps = path.split('/').peekable();
    while let Some(step) = steps.next() {
        if !node.is_object() {
            *node = Json::Object(Map::new());
        }
        let Some(map) = node.as_object_mut() else {
            return;
        };
        if steps.peek().is_none() {
            map.insert(step.to_string(), value);
            return;
        }
        node = map
            .entry(step.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
    }
}

/// Remove the value at `path`, and the mappings it leaves empty (`budget` without its keys).
fn remove(item: &mut Json, path: &str) {
    fn go(node: &mut Json, steps: &[&str]) -> bool {
        let Some(map) = node.as_object_mut() else {
            return false;
        };
        match steps {
            [] => false,
            [last] => map.remove(*last).is_some(),
            [first, rest @ ..] => {
                let removed = map.get_mut(*first).is_some_and(|child| go(child, rest));
                if removed
                    && map
                        .get(*first)
                        .is_some_and(|c| c.as_object().is_some_and(Map::is_empty))
                {
                    map.remove(*first);
                }
                removed
            }
        }
    }
    let steps: Vec<&str> = path.split('/').collect();
    go(item, &steps);
}

#[allow(clippy::too_many_arguments)]
fn children(
    doc: &mut Json,
    sheet: &Sheet,
    table: &Table,
    header: &Header,
    rows: &[Row],
    parent: &str,
    child: &str,
    doc_lang: &str,
    out: &mut Imported,
) {
    let Some(parents) = doc.get_mut(parent).and_then(Json::as_array_mut) else {
        return;
    };
    let ids: Vec<Option<String>> = parents
        .iter()
        .map(|p| p.get("id").and_then(Json::as_str).map(str::to_string))
        .collect();
    let mut lists: Vec<Vec<Json>> = vec![Vec::new(); parents.len()];
    let mut old: Vec<Vec<Option<Json>>> = parents.iter_mut().map(|p| take_list(p, child)).collect();
    for row in rows {
        let parent_id = row_text(row, header, layout::PARENT_ID).unwrap_or_default();
        let Some(at) = ids
            .iter()
            .position(|id| id.as_deref() == Some(parent_id.as_str()))
        else {
            let (col, _, title) = header
                .columns
                .iter()
                .find(|(_, c, _)| c.path == layout::PARENT_ID)
                .cloned()
                .unwrap_or((
                    0,
                    layout::parse_column(table, layout::PARENT_ID).expect("a child table has it"),
                    String::new(),
                ));
            out.findings.push(Finding {
                cell: Cell {
                    sheet: sheet.name.clone(),
                    row: row.row,
                    col,
                    title,
                },
                what: FindingKind::Orphan {
                    parent: parent_id,
                    sheet: parent.to_string(),
                },
            });
            continue;
        };
        let index = lists[at].len();
        let base = old[at]
            .get_mut(index)
            .and_then(Option::take)
            .unwrap_or_else(|| Json::Object(Map::new()));
        let pointer = format!("/{parent}/{at}/{child}/{index}");
        let (item, origins, loose) = fill(base, sheet, row, header, doc_lang, &pointer);
        out.origins.push((pointer, row_cell(sheet, row, header)));
        out.origins.extend(origins);
        out.loose.extend(loose);
        lists[at].push(item);
    }
    for (parent_item, list) in parents.iter_mut().zip(lists) {
        if list.is_empty() {
            if let Some(map) = parent_item.as_object_mut() {
                map.remove(child);
            }
        } else {
            put_list(parent_item, child, list);
        }
    }
}

fn texts(
    doc: &mut Json,
    sheet: &Sheet,
    header: &Header,
    rows: &[Row],
    doc_lang: &str,
    out: &mut Imported,
) {
    let mut old_sections = take_list(doc, "sections");
    let mut sections = Vec::new();
    let mut seen = Vec::new();
    for row in rows {
        let key = row_text(row, header, layout::TEXT_KEY).unwrap_or_default();
        match key.as_str() {
            "summary" | "context" => {
                seen.push(key.clone());
                let base =
                    serde_json::json!({ "body": doc.get(&key).cloned().unwrap_or(Json::Null) });
                let (item, origins, loose) = fill(base, sheet, row, header, doc_lang, "");
                drop(loose);
                for (pointer, cell) in origins {
                    if let Some(rest) = pointer.strip_prefix("/body") {
                        out.origins.push((format!("/{key}{rest}"), cell));
                    }
                }
                out.origins
                    .push((format!("/{key}"), row_cell(sheet, row, header)));
                if let Some(map) = doc.as_object_mut() {
                    match item.get("body") {
                        Some(body) if !body.is_null() => {
                            map.insert(key.clone(), body.clone());
                        }
                        _ => {
                            map.remove(&key);
                        }
                    }
                }
            }
            "section" => {
                let index = sections.len();
                let base = old_sections
                    .get_mut(index)
                    .and_then(Option::take)
                    .unwrap_or_else(|| Json::Object(Map::new()));
                let pointer = format!("/sections/{index}");
                let (item, origins, loose) = fill(base, sheet, row, header, doc_lang, &pointer);
                out.origins.push((pointer, row_cell(sheet, row, header)));
                out.origins.extend(origins);
                out.loose.extend(loose);
                sections.push(item);
            }
            _ => out.findings.push(Finding {
                cell: row_cell(sheet, row, header),
                what: FindingKind::UnknownText { found: key },
            }),
        }
    }
    // A text whose row was deleted is removed.
    if let Some(map) = doc.as_object_mut() {
        for key in ["summary", "context"] {
            if !seen.iter().any(|s| s == key) {
                map.remove(key);
            }
        }
        if sections.is_empty() {
            map.remove("sections");
        } else {
            map.insert("sections".to_string(), Json::Array(sections));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_plain_text_stays_plain_unless_another_language_is_filled() {
        let es = |t: &str| vec![("es".to_string(), t.to_string(), 2)];
        assert_eq!(
            localized_value(Some(&json!("Hola")), &es("Hola de nuevo"), "es"),
            Some(json!("Hola de nuevo"))
        );
        let both = vec![
            ("es".to_string(), "Hola".to_string(), 2),
            ("en".to_string(), "Hello".to_string(), 3),
        ];
        assert_eq!(
            localized_value(Some(&json!("Hola")), &both, "es"),
            Some(json!({"es": "Hola", "en": "Hello"}))
        );
        // Translations stay translations, even with one language left.
        assert_eq!(
            localized_value(
                Some(&json!({"es": "Hola", "en": "Hello"})),
                &es("Hola"),
                "es"
            ),
            Some(json!({"es": "Hola"}))
        );
        assert_eq!(localized_value(Some(&json!("Hola")), &[], "es"), None);
    }

    #[test]
    fn cells_become_values_of_their_columns_shape() {
        assert_eq!(
            convert(&CellValue::Number(2019.0), Shape::YearOrDate),
            json!(2019)
        );
        assert_eq!(
            convert(&CellValue::Date(2019, 3, 1), Shape::YearOrDate),
            json!("2019-03-01")
        );
        assert_eq!(
            convert(&CellValue::Number(12.5), Shape::Number),
            json!(12.5)
        );
        assert_eq!(
            convert(&CellValue::Text("450".into()), Shape::Number),
            json!(450)
        );
        // Text that is no number is kept as typed, for validation to report at its cell.
        assert_eq!(
            convert(&CellValue::Text("450.000".into()), Shape::Number),
            json!("450.000")
        );
        assert_eq!(
            convert(&CellValue::Text("sí".into()), Shape::Bool),
            json!(true)
        );
        assert_eq!(convert(&CellValue::Number(7.0), Shape::Text), json!("7"));
    }

    #[test]
    fn values_compare_as_the_document_reads_them() {
        assert!(same(&json!(100), &json!(100.0)));
        assert!(same(&json!("a\nb\n"), &json!("a\r\nb")));
        assert!(!same(&json!("a"), &json!("b")));
        assert!(!same(&json!([1, 2]), &json!([2, 1])));
    }

    #[test]
    fn emptied_cells_remove_their_keys_and_the_mappings_they_empty() {
        let mut item = json!({"budget": {"currency": "USD", "required": 5}, "id": "X"});
        remove(&mut item, "budget/required");
        assert_eq!(item, json!({"budget": {"currency": "USD"}, "id": "X"}));
        remove(&mut item, "budget/currency");
        assert_eq!(item, json!({"id": "X"}));
        set(&mut item, "timeframe/start", json!(2019));
        assert_eq!(item, json!({"id": "X", "timeframe": {"start": 2019}}));
    }

    #[test]
    fn a_workbook_without_its_description_sheet_is_refused() {
        let workbook = Workbook::default();
        assert_eq!(kind_of(&workbook), Err(Refusal::NoLayout));
    }
}

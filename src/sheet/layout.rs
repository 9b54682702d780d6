//! The layout of a workbook: which sheets a document kind has, which columns each sheet has,
//! and how every column maps to a place in the document. Export, import, validation and the
//! annotated copy all read this one description, so a workbook written by one is read by the
//! others.
//!
//! A sheet has a row of column titles (row 1, frozen, in the reader's language) and under it a
//! hidden row of *machine paths* (row 2), which import reads: titles can be translated or
//! edited without breaking import. Data starts on row 3.
//!
//! Machine paths are relative to the row's item: `title/es`, `timeframe/start`,
//! `populations/0` (the first population). Two are special: `^id` is the id of the item a
//! child row belongs to (the commitment of an indicator), and `@text` says which narrative text
//! a row of the texts sheet holds (`summary`, `context` or `section`).

use serde_json::Value as Json;

use crate::config::Config;
use crate::diag::Text;
use crate::lang::Lang;
use crate::model::Kind;
use crate::t;

/// The version of the layout, written in the workbook's hidden `_mirps` sheet. Import refuses
/// any other.
pub const LAYOUT: &str = "mirps-sheet 1";

/// The hidden sheet describing the workbook (kind, layout, source file, languages).
pub const META_SHEET: &str = "_mirps";

/// The hidden sheet holding the dropdowns' lists.
pub const LISTS_SHEET: &str = "_listas";

/// Row of the column titles, of the machine paths, and the first row of data (0-based).
pub const TITLE_ROW: u32 = 0;
pub const PATH_ROW: u32 = 1;
pub const FIRST_DATA_ROW: u32 = 2;

/// The machine path of the column holding the parent item's id in a child sheet.
pub const PARENT_ID: &str = "^id";
/// The machine path of the column naming the text of a row of the texts sheet.
pub const TEXT_KEY: &str = "@text";

/// What a cell holds, and so how it is written and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Plain text (an id, a name, an e-mail address, a unit).
    Text,
    /// Text that may hold Markdown (descriptions, summaries): a long, wrapped cell.
    Markdown,
    /// A number (an amount, a baseline, a target).
    Number,
    /// A whole number (a percentage, a number of places, a year).
    Integer,
    /// A date, written as a date cell and read back as `YYYY-MM-DD`.
    Date,
    /// A year (a whole number) or a date.
    YearOrDate,
    /// Yes or no.
    Bool,
}

/// Where the values a dropdown offers come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vocab {
    Pillars,
    Populations,
    WorkingGroups,
    /// The document's own institutions (its `institutions` sheet).
    Institutions,
    /// The base currency and every currency with a rate.
    Currencies,
    /// The framework's member States.
    States,
    /// The values the schema allows at the field (`enum`): statuses, priorities, types.
    Schema,
    /// The narrative texts: `summary`, `context`, `section`.
    Texts,
    /// Yes and no (`true`, `false`).
    Bool,
}

/// One field of a table's item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Path in the item, `/`-separated (`timeframe/start`).
    pub path: &'static str,
    pub shape: Shape,
    /// Written in every language of the framework, one column each (`title/es`, `title/en`).
    pub localized: bool,
    /// A list: one column per item (`populations/0`, `populations/1`, …).
    pub list: bool,
    pub vocab: Option<Vocab>,
}

/// How the rows of a sheet map to the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// One row: the document itself.
    Root,
    /// One row per item of the list at this key of the document (`commitments`).
    Items(&'static str),
    /// One row per item of the list `child` of each item of the list `parent`; the first
    /// column (`^id`) holds the parent's id (`commitments` → `indicators`).
    Children {
        parent: &'static str,
        child: &'static str,
    },
    /// The narrative texts: `summary` and `context` of the document, then one row per item of
    /// `sections`; the first column (`@text`) says which.
    Texts,
}

/// One sheet of a workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table {
    /// The sheet's machine name (`commitments`), as the `_mirps` sheet lists it.
    pub id: &'static str,
    pub rows: Rows,
    pub fields: &'static [Field],
}

const fn field(path: &'static str, shape: Shape) -> Field {
    Field {
        path,
        shape,
        localized: false,
        list: false,
        vocab: None,
    }
}

const fn text(path: &'static str) -> Field {
    field(path, Shape::Text)
}

const fn localized(path: &'static str, shape: Shape) -> Field {
    Field {
        localized: true,
        ..field(path, shape)
    }
}

const fn code(path: &'static str, vocab: Vocab) -> Field {
    Field {
        vocab: Some(vocab),
        ..field(path, Shape::Text)
    }
}

const fn codes(path: &'static str, vocab: Vocab) -> Field {
    Field {
        list: true,
        ..code(path, vocab)
    }
}

const fn list(path: &'static str) -> Field {
    Field {
        list: true,
        ..field(path, Shape::Text)
    }
}

const CONTACT: [Field; 4] = [
    text("contact/institution"),
    text("contact/name"),
    text("contact/email"),
    text("contact/phone"),
];

const NATIONAL: &[Table] = &[
    Table {
        id: "chapter",
        rows: Rows::Root,
        fields: &[
            code("state", Vocab::States),
            localized("name", Shape::Text),
            text("language"),
            code("status", Vocab::Schema),
            field("updated", Shape::Date),
            CONTACT[0],
            CONTACT[1],
            CONTACT[2],
            CONTACT[3],
        ],
    },
    Table {
        id: "texts",
        rows: Rows::Texts,
        fields: &[
            localized("title", Shape::Text),
            localized("body", Shape::Markdown),
        ],
    },
    Table {
        id: "institutions",
        rows: Rows::Items("institutions"),
        fields: &[text("id"), localized("name", Shape::Text), text("url")],
    },
    Table {
        id: "commitments",
        rows: Rows::Items("commitments"),
        fields: &[
            text("id"),
            code("pillar", Vocab::Pillars),
            localized("title", Shape::Text),
            localized("description", Shape::Markdown),
            codes("populations", Vocab::Populations),
            codes("working_groups", Vocab::WorkingGroups),
            code("lead", Vocab::Institutions),
            codes("partners", Vocab::Institutions),
            field("timeframe/start", Shape::YearOrDate),
            field("timeframe/end", Shape::YearOrDate),
            code("budget/currency", Vocab::Currencies),
            field("budget/required", Shape::Number),
            field("budget/state_investment", Shape::Number),
            code("priority", Vocab::Schema),
            list("grf_pledges"),
        ],
    },
    Table {
        id: "indicators",
        rows: Rows::Children {
            parent: "commitments",
            child: "indicators",
        },
        fields: &[
            localized("description", Shape::Text),
            text("unit"),
            field("baseline", Shape::Number),
            field("target", Shape::Number),
        ],
    },
    Table {
        id: "progress",
        rows: Rows::Children {
            parent: "commitments",
            child: "progress",
        },
        fields: &[
            field("year", Shape::Integer),
            code("status", Vocab::Schema),
            field("percent", Shape::Integer),
            localized("summary", Shape::Markdown),
            localized("challenges", Shape::Markdown),
        ],
    },
];

const REGIONAL: &[Table] = &[
    Table {
        id: "plan",
        rows: Rows::Root,
        fields: &[
            text("organization"),
            localized("name", Shape::Text),
            code("type", Vocab::Schema),
            text("language"),
            field("updated", Shape::Date),
            localized("summary", Shape::Markdown),
            CONTACT[0],
            CONTACT[1],
            CONTACT[2],
            CONTACT[3],
        ],
    },
    Table {
        id: "programmes",
        rows: Rows::Items("programmes"),
        fields: &[
            text("id"),
            localized("title", Shape::Text),
            localized("description", Shape::Markdown),
            codes("pillars", Vocab::Pillars),
            codes("states", Vocab::States),
            list("complements"),
            code("budget/currency", Vocab::Currencies),
            field("budget/required", Shape::Number),
            field("budget/state_investment", Shape::Number),
            field("timeframe/start", Shape::YearOrDate),
            field("timeframe/end", Shape::YearOrDate),
            code("status", Vocab::Schema),
        ],
    },
];

const COOPERATION: &[Table] = &[
    Table {
        id: "contributor",
        rows: Rows::Root,
        fields: &[
            text("contributor"),
            localized("name", Shape::Text),
            text("language"),
            Field {
                vocab: Some(Vocab::Bool),
                ..field("south_south", Shape::Bool)
            },
            field("updated", Shape::Date),
            localized("summary", Shape::Markdown),
            CONTACT[0],
            CONTACT[1],
            CONTACT[2],
            CONTACT[3],
        ],
    },
    Table {
        id: "pledges",
        rows: Rows::Items("pledges"),
        fields: &[
            text("id"),
            code("type", Vocab::Schema),
            localized("title", Shape::Text),
            localized("description", Shape::Markdown),
            codes("beneficiaries", Vocab::States),
            code("amount/currency", Vocab::Currencies),
            field("amount/pledged", Shape::Number),
            field("amount/disbursed", Shape::Number),
            field("places", Shape::Integer),
            field("period/start", Shape::YearOrDate),
            field("period/end", Shape::YearOrDate),
            code("status", Vocab::Schema),
            text("grf_pledge"),
        ],
    },
    Table {
        id: "supports",
        rows: Rows::Children {
            parent: "pledges",
            child: "supports",
        },
        // An item with only an id is written as that id (`- GTM-1.1`).
        fields: &[text("id"), field("amount", Shape::Number)],
    },
];

/// The sheets of a document kind, in workbook order.
pub fn tables(kind: Kind) -> &'static [Table] {
    match kind {
        Kind::National => NATIONAL,
        Kind::Regional => REGIONAL,
        Kind::Cooperation => COOPERATION,
    }
}

/// The table of `kind` called `id`.
pub fn table(kind: Kind, id: &str) -> Option<&'static Table> {
    tables(kind).iter().find(|t| t.id == id)
}

/// The sheet's title, in the reader's language.
pub fn sheet_title(table: &Table) -> Text {
    match table.id {
        "chapter" => t!(es: "Capítulo", en: "Chapter"),
        "plan" => t!(es: "Plan", en: "Plan"),
        "contributor" => t!(es: "Cooperante", en: "Contributor"),
        "texts" => t!(es: "Textos", en: "Texts"),
        "institutions" => t!(es: "Instituciones", en: "Institutions"),
        "commitments" => t!(es: "Compromisos", en: "Commitments"),
        "indicators" => t!(es: "Indicadores", en: "Indicators"),
        "progress" => t!(es: "Avances", en: "Progress"),
        "programmes" => t!(es: "Programas", en: "Programmes"),
        "pledges" => t!(es: "Contribuciones", en: "Pledges"),
        "supports" => t!(es: "Apoyos", en: "Supports"),
        _ => Text::verbatim(table.id),
    }
}

/// One column of a sheet, as the hidden row names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The machine path (`title/es`, `populations/0`, `^id`, `@text`).
    pub path: String,
    /// The field it fills; `None` for `^id` and `@text`.
    pub field: Option<Field>,
    /// The language of a localized field's column.
    pub lang: Option<String>,
    /// The position in a list field.
    pub index: Option<usize>,
}

impl Column {
    fn special(path: &str) -> Column {
        Column {
            path: path.to_string(),
            field: None,
            lang: None,
            index: None,
        }
    }

    /// The shape of the cells, for writing and reading.
    pub fn shape(&self) -> Shape {
        self.field.map_or(Shape::Text, |f| f.shape)
    }

    /// The vocabulary of its dropdown, if any.
    pub fn vocab(&self) -> Option<Vocab> {
        match self.path.as_str() {
            TEXT_KEY => Some(Vocab::Texts),
            _ => self.field.and_then(|f| f.vocab),
        }
    }
}

/// The columns of `table` for a framework in `languages`, with `list_len(field)` columns for
/// each list field.
pub fn columns(
    table: &Table,
    languages: &[String],
    mut list_len: impl FnMut(&Field) -> usize,
) -> Vec<Column> {
    let mut out = Vec::new();
    match table.rows {
        Rows::Children { .. } => out.push(Column::special(PARENT_ID)),
        Rows::Texts => out.push(Column::special(TEXT_KEY)),
        Rows::Root | Rows::Items(_) => {}
    }
    for field in table.fields {
        if field.localized {
            for lang in languages {
                out.push(Column {
                    path: format!("{}/{lang}", field.path),
                    field: Some(*field),
                    lang: Some(lang.clone()),
                    index: None,
                });
            }
        } else if field.list {
            for index in 0..list_len(field).max(1) {
                out.push(Column {
                    path: format!("{}/{index}", field.path),
                    field: Some(*field),
                    lang: None,
                    index: Some(index),
                });
            }
        } else {
            out.push(Column {
                path: field.path.to_string(),
                field: Some(*field),
                lang: None,
                index: None,
            });
        }
    }
    out
}

/// The column a machine path names in `table`, or `None` when the table has no such column
/// (a workbook of another layout).
pub fn parse_column(table: &Table, path: &str) -> Option<Column> {
    match (path, table.rows) {
        (PARENT_ID, Rows::Children { .. }) => return Some(Column::special(PARENT_ID)),
        (TEXT_KEY, Rows::Texts) => return Some(Column::special(TEXT_KEY)),
        _ => {}
    }
    for field in table.fields {
        if path == field.path && !field.localized && !field.list {
            return Some(Column {
                path: path.to_string(),
                field: Some(*field),
                lang: None,
                index: None,
            });
        }
        let Some(rest) = path
            .strip_prefix(field.path)
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        if field.localized && is_language_code(rest) {
            return Some(Column {
                path: path.to_string(),
                field: Some(*field),
                lang: Some(rest.to_string()),
                index: None,
            });
        }
        if field.list
            && let Ok(index) = rest.parse::<usize>()
            && index < MAX_LIST_COLUMNS
            && rest == index.to_string()
        {
            return Some(Column {
                path: path.to_string(),
                field: Some(*field),
                lang: None,
                index: Some(index),
            });
        }
    }
    None
}

/// Most columns a list field can have in a workbook mirps reads.
pub const MAX_LIST_COLUMNS: usize = 200;

/// A two-letter (or `es-419`-like) language code.
fn is_language_code(s: &str) -> bool {
    (2..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The column's title, in `lang`: the field's title from the schema, with the language or the
/// position of the column (`Título (es)`, `Poblaciones 2`).
pub fn column_title(kind: Kind, table: &Table, column: &Column, lang: Lang) -> String {
    let base = match column.path.as_str() {
        PARENT_ID => parent_title(table).render(lang),
        TEXT_KEY => t!(es: "Texto", en: "Text").render(lang),
        _ => column
            .field
            .and_then(|f| schema_title(kind, table, &f, lang))
            .unwrap_or_else(|| column.path.clone()),
    };
    match (&column.lang, column.index) {
        (Some(code), _) => format!("{base} ({code})"),
        (None, Some(index)) => format!("{base} {}", index + 1),
        (None, None) => base,
    }
}

fn parent_title(table: &Table) -> Text {
    match table.rows {
        Rows::Children {
            parent: "pledges", ..
        } => t!(es: "Contribución", en: "Pledge"),
        _ => t!(es: "Compromiso", en: "Commitment"),
    }
}

/// The column's description from the schema, in `lang`, for the header's note.
pub fn column_description(
    kind: Kind,
    table: &Table,
    column: &Column,
    lang: Lang,
) -> Option<String> {
    match column.path.as_str() {
        PARENT_ID => {
            return Some(
                t!(
                    es: "El identificador del elemento al que pertenece esta fila (tal como figura en la hoja «{sheet}»).",
                    en: "The id of the item this row belongs to (as written in the “{sheet}” sheet).",
                    sheet = match table.rows {
                        Rows::Children { parent: "pledges", .. } => t!(es: "Contribuciones", en: "Pledges"),
                        _ => t!(es: "Compromisos", en: "Commitments"),
                    },
                )
                .render(lang),
            );
        }
        TEXT_KEY => {
            return Some(
                t!(
                    es: "Qué texto contiene la fila: `summary` (el resumen), `context` (el contexto) o `section` (una sección, con su título).",
                    en: "Which text the row holds: `summary`, `context`, or `section` (a section, with its title).",
                )
                .render(lang),
            );
        }
        _ => {}
    }
    let schema = schema_at(kind, table, &column.field?)?;
    localized_annotation(schema, "x-mirps-description", lang)
}

/// The values the schema allows at a field (`enum`), for [`Vocab::Schema`].
pub fn schema_enum(kind: Kind, table: &Table, field: &Field) -> Vec<String> {
    schema_at(kind, table, field)
        .and_then(|s| s.get("enum"))
        .and_then(Json::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The values a dropdown offers, for a document `doc` (its institutions) in the framework of
/// `config`.
pub fn vocabulary(
    vocab: Vocab,
    kind: Kind,
    table: &Table,
    field: Option<&Field>,
    config: &Config,
    doc: &Json,
) -> Vec<String> {
    match vocab {
        Vocab::Pillars => config.pillars.iter().map(|p| p.id.clone()).collect(),
        Vocab::Populations => config.populations.iter().map(|p| p.id.clone()).collect(),
        Vocab::WorkingGroups => config.working_groups.iter().map(|p| p.id.clone()).collect(),
        Vocab::Institutions => doc
            .get("institutions")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|i| i.get("id").and_then(Json::as_str).map(str::to_string))
            .collect(),
        Vocab::Currencies => std::iter::once(config.currency.base.clone())
            .chain(config.currency.rates.keys().cloned())
            .collect(),
        Vocab::States => config.members.clone(),
        Vocab::Schema => field.map_or_else(Vec::new, |f| schema_enum(kind, table, f)),
        Vocab::Texts => ["summary", "context", "section"].map(String::from).to_vec(),
        Vocab::Bool => ["true", "false"].map(String::from).to_vec(),
    }
}

/// One row of a sheet: the document's item it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct RowItem<'a> {
    /// The item: a commitment, an indicator, the document itself; for the texts sheet's
    /// `summary` and `context` rows, `{ "body": … }`.
    pub item: std::borrow::Cow<'a, Json>,
    /// JSON Pointer of the item in the document (`/commitments/3`, `` for the document); for
    /// the `summary` and `context` rows, of the text itself (`/summary`).
    pub pointer: String,
    /// The `^id` column's value: the id of the item a child row belongs to.
    pub parent_id: Option<String>,
    /// The `@text` column's value: `summary`, `context` or `section`.
    pub text_key: Option<&'static str>,
}

/// The rows `table` shows of document `doc`, in order.
pub fn row_items<'a>(table: &Table, doc: &'a Json) -> Vec<RowItem<'a>> {
    use std::borrow::Cow;
    let list = |key: &str| {
        doc.get(key)
            .and_then(Json::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    match table.rows {
        Rows::Root => vec![RowItem {
            item: Cow::Borrowed(doc),
            pointer: String::new(),
            parent_id: None,
            text_key: None,
        }],
        Rows::Items(key) => list(key)
            .iter()
            .enumerate()
            .map(|(i, item)| RowItem {
                item: Cow::Borrowed(item),
                pointer: format!("/{key}/{i}"),
                parent_id: None,
                text_key: None,
            })
            .collect(),
        Rows::Children { parent, child } => {
            let mut rows = Vec::new();
            for (i, parent_item) in list(parent).iter().enumerate() {
                let id = parent_item
                    .get("id")
                    .and_then(Json::as_str)
                    .unwrap_or_default();
                let children = parent_item.get(child).and_then(Json::as_array);
                for (j, item) in children.into_iter().flatten().enumerate() {
                    rows.push(RowItem {
                        item: Cow::Borrowed(item),
                        pointer: format!("/{parent}/{i}/{child}/{j}"),
                        parent_id: Some(id.to_string()),
                        text_key: None,
                    });
                }
            }
            rows
        }
        Rows::Texts => {
            let mut rows = Vec::new();
            for key in ["summary", "context"] {
                if let Some(text) = doc.get(key) {
                    rows.push(RowItem {
                        item: Cow::Owned(serde_json::json!({ "body": text })),
                        pointer: format!("/{key}"),
                        parent_id: None,
                        text_key: Some(key),
                    });
                }
            }
            for (i, item) in list("sections").iter().enumerate() {
                rows.push(RowItem {
                    item: Cow::Borrowed(item),
                    pointer: format!("/sections/{i}"),
                    parent_id: None,
                    text_key: Some("section"),
                });
            }
            rows
        }
    }
}

/// Where in a row's item a column's value is, as a JSON Pointer relative to the item
/// (`/title/es`, `/populations/0`), given the document's language: a localized text written as
/// plain text (`title: Hola`) is the value of the document's language's column. `None` for the
/// special columns, and for a plain text's columns of the other languages.
pub fn relative_pointer(item: &Json, column: &Column, doc_lang: &str) -> Option<String> {
    let field = column.field?;
    // `summary` and `context` rows hold only a body.
    let path = field.path;
    if let Some(lang) = &column.lang {
        let base = lookup(item, path);
        return match base {
            Some(Json::String(_)) => (lang == doc_lang).then(|| format!("/{path}")),
            _ => Some(format!("/{path}/{lang}")),
        };
    }
    if let Some(index) = column.index {
        return Some(format!("/{path}/{index}"));
    }
    // A support written as its id alone (`- GTM-1.1`).
    if item.is_string() {
        return (path == "id").then(String::new);
    }
    Some(format!("/{path}"))
}

/// The value of a column in a row's item.
pub fn cell_value<'a>(item: &'a Json, column: &Column, doc_lang: &str) -> Option<&'a Json> {
    let pointer = relative_pointer(item, column, doc_lang)?;
    item.pointer(&pointer).filter(|v| !v.is_null())
}

fn lookup<'a>(item: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('/').try_fold(item, |node, step| node.get(step))
}

/// How many columns a list field gets in a workbook of `doc`: enough for its longest list, for
/// every value of its vocabulary (a commitment may serve every population), and at least three
/// for free lists, so a drafter can add to them.
pub fn list_len(kind: Kind, table: &Table, field: &Field, config: &Config, doc: &Json) -> usize {
    let longest = row_items(table, doc)
        .iter()
        .filter_map(|row| {
            lookup(&row.item, field.path)
                .and_then(Json::as_array)
                .map(Vec::len)
        })
        .max()
        .unwrap_or(0);
    let room = match field.vocab {
        Some(vocab) => vocabulary(vocab, kind, table, Some(field), config, doc)
            .len()
            .min(12),
        None => longest + 2,
    };
    longest.max(room).clamp(1, MAX_LIST_COLUMNS)
}

/// The schema of `kind`'s documents, parsed once.
fn kind_schema(kind: Kind) -> Option<&'static Json> {
    use std::sync::OnceLock;
    static SCHEMAS: OnceLock<Vec<(Kind, Json)>> = OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        [Kind::National, Kind::Regional, Kind::Cooperation]
            .into_iter()
            .filter_map(|k| Some((k, embedded(crate::schema::Schemas::for_kind(k))?)))
            .collect()
    });
    all.iter().find(|(k, _)| *k == kind).map(|(_, s)| s)
}

fn common_schema() -> Option<&'static Json> {
    use std::sync::OnceLock;
    static COMMON: OnceLock<Option<Json>> = OnceLock::new();
    COMMON
        .get_or_init(|| embedded("common.schema.json"))
        .as_ref()
}

fn embedded(name: &str) -> Option<Json> {
    let (_, text) = crate::schema::EMBEDDED.iter().find(|(n, _)| *n == name)?;
    serde_json::from_str(text).ok()
}

/// Follow a `$ref` to the common schema's definitions.
fn resolve(schema: &'static Json) -> &'static Json {
    match schema.get("$ref").and_then(Json::as_str) {
        Some(reference) => reference
            .rsplit_once("#/$defs/")
            .and_then(|(_, name)| common_schema()?.get("$defs")?.get(name))
            .unwrap_or(schema),
        None => schema,
    }
}

/// The schema of a field of `table`'s items (the property's own schema, before `$ref`s, so its
/// title and description are the field's).
fn schema_at(kind: Kind, table: &Table, field: &Field) -> Option<&'static Json> {
    let mut node = kind_schema(kind)?;
    let prefix: &[&str] = match table.rows {
        Rows::Root => &[],
        Rows::Items(list) => &[list, "*"][..],
        Rows::Children { parent, child } => &[parent, "*", child, "*"][..],
        Rows::Texts => &["sections", "*"][..],
    };
    let steps = prefix.iter().copied().chain(field.path.split('/'));
    // The texts sheet's `body` of `summary` and `context` rows has no schema of its own: the
    // section's stands for them.
    for step in steps {
        let here = resolve(node);
        node = if step == "*" {
            here.get("items")?
        } else {
            property(here, step)?
        };
    }
    Some(node)
}

/// The schema of property `name` of an object schema, looking into the branches of a `oneOf`
/// (a support is an id or an object with an id and an amount).
fn property(schema: &'static Json, name: &str) -> Option<&'static Json> {
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(found);
    }
    schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))?
        .as_array()?
        .iter()
        .find_map(|branch| resolve(branch).get("properties")?.get(name))
}

fn schema_title(kind: Kind, table: &Table, field: &Field, lang: Lang) -> Option<String> {
    let schema = schema_at(kind, table, field)?;
    localized_annotation(schema, "x-mirps-title", lang)
        .or_else(|| localized_annotation(resolve(schema), "x-mirps-title", lang))
}

fn localized_annotation(schema: &Json, key: &str, lang: Lang) -> Option<String> {
    let texts = schema.get(key)?;
    texts
        .get(lang.as_str())
        .or_else(|| texts.get("en"))
        .and_then(Json::as_str)
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_schema_title_in_both_languages() {
        for kind in [Kind::National, Kind::Regional, Kind::Cooperation] {
            for table in tables(kind) {
                for field in table.fields {
                    for lang in [Lang::Es, Lang::En] {
                        assert!(
                            schema_title(kind, table, field, lang).is_some(),
                            "{kind:?} {} {}",
                            table.id,
                            field.path
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn columns_read_back_from_their_paths() {
        let langs = vec!["es".to_string(), "en".to_string()];
        for kind in [Kind::National, Kind::Regional, Kind::Cooperation] {
            for table in tables(kind) {
                for column in columns(table, &langs, |_| 3) {
                    assert_eq!(parse_column(table, &column.path), Some(column.clone()));
                }
            }
        }
        let commitments = table(Kind::National, "commitments").unwrap();
        assert!(parse_column(commitments, "title/xx yy").is_none());
        assert!(parse_column(commitments, "populations/01").is_none());
        assert!(parse_column(commitments, "nope").is_none());
        assert!(parse_column(commitments, PARENT_ID).is_none());
    }

    #[test]
    fn schema_enums_are_found() {
        let commitments = table(Kind::National, "commitments").unwrap();
        let priority = commitments
            .fields
            .iter()
            .find(|f| f.path == "priority")
            .unwrap();
        assert_eq!(
            schema_enum(Kind::National, commitments, priority),
            ["high", "medium", "low"]
        );
    }
}

//! Every diagnostic of the schema stage, in Spanish and English: one constructor per message.
//!
//! The stage finds what is wrong (a key missing, a value of the wrong type, an amount written
//! with separators) and calls one of these; the words are all here. Words that depend on the
//! file's syntax (a YAML mapping, a TOML table) are chosen from [`Syntax`].

use std::sync::Arc;

use serde_json::Value as Json;

use super::words::{Vocabulary, WrittenAmount, WrittenDate};
use crate::diag::{Arg, Code, Diagnostic, Text};
use crate::source::{FileId, Span};
use crate::t;

/// The syntax of the file checked: YAML documents speak of mappings, `mirps.toml` of tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// A JSON type a schema asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Mapping,
    List,
    Text,
    WholeNumber,
    Number,
    Boolean,
    Null,
}

/// "`pillar`", "this commitment", "each item of `populations`", "this item" or "the document",
/// for a JSON Pointer.
pub fn field(pointer: &str) -> Text {
    let segments: Vec<&str> = pointer.split('/').filter(|s| !s.is_empty()).collect();
    let is_index = |s: &str| s.parse::<usize>().is_ok();
    match segments.as_slice() {
        [] => t!(es: "el documento", en: "the document"),
        [.., parent, last] if is_index(last) && !is_index(parent) => match item(parent) {
            Some(item) => item,
            None => t!(
                es: "cada elemento de `{list}`",
                en: "each item of `{list}`",
                list = *parent,
            ),
        },
        [.., last] if is_index(last) => t!(es: "este elemento", en: "this item"),
        [.., last] => t!(
            es: "`{key}`",
            en: "`{key}`",
            key = last.replace("~1", "/").replace("~0", "~"),
        ),
    }
}

/// "this commitment" for an item of `commitments`, and so on for the format's lists of mappings.
fn item(list: &str) -> Option<Text> {
    Some(match list {
        "commitments" => t!(es: "este compromiso", en: "this commitment"),
        "programmes" => t!(es: "este programa", en: "this programme"),
        "pledges" => t!(es: "esta contribución", en: "this pledge"),
        "institutions" => t!(es: "esta institución", en: "this institution"),
        "indicators" => t!(es: "este indicador", en: "this indicator"),
        "progress" => t!(es: "este informe de avance", en: "this progress entry"),
        "sections" => t!(es: "esta sección", en: "this section"),
        "supports" => t!(es: "este elemento apoyado", en: "this supported item"),
        _ => return None,
    })
}

/// The types a schema asks for, in words: "text or a mapping (`key: value` lines)".
pub fn types(expected: &[Type], syntax: Syntax) -> Text {
    let mut words = expected.iter().map(|t| type_words(*t, syntax));
    let Some(first) = words.next() else {
        return t!(es: "otro tipo", en: "another type");
    };
    words.fold(
        first,
        |all, next| t!(es: "{all} o {next}", en: "{all} or {next}", all = all, next = next),
    )
}

fn type_words(kind: Type, syntax: Syntax) -> Text {
    match (kind, syntax) {
        (Type::Mapping, Syntax::Yaml) => t!(
            es: "un bloque de claves (líneas `clave: valor`)",
            en: "a mapping (`key: value` lines)",
        ),
        (Type::Mapping, Syntax::Toml) => t!(
            es: "una tabla (`[sección]` o `{{ clave = valor }}`)",
            en: "a table (`[section]` or `{{ key = value }}`)",
        ),
        (Type::List, _) => t!(es: "una lista", en: "a list"),
        (Type::Text, _) => t!(es: "texto", en: "text"),
        (Type::WholeNumber, _) => t!(es: "un número entero", en: "a whole number"),
        (Type::Number, _) => t!(es: "un número", en: "a number"),
        (Type::Boolean, _) => t!(es: "`true` o `false`", en: "`true` or `false`"),
        (Type::Null, _) => t!(es: "vacío", en: "empty"),
    }
}

/// A value found, in words: "the text `x`", "the number 3", "a list".
pub fn value(value: &Json, syntax: Syntax) -> Text {
    match value {
        Json::Null => t!(es: "nada", en: "nothing"),
        Json::Bool(b) => t!(es: "`{b}`", en: "`{b}`", b = b.to_string()),
        Json::Number(n) => t!(es: "el número {n}", en: "the number {n}", n = n.to_string()),
        Json::String(s) if s.chars().count() > 40 => t!(es: "un texto", en: "text"),
        Json::String(s) => t!(es: "el texto `{s}`", en: "the text `{s}`", s = s.as_str()),
        Json::Array(_) => t!(es: "una lista", en: "a list"),
        Json::Object(_) => match syntax {
            Syntax::Yaml => t!(es: "un bloque de claves", en: "a mapping"),
            Syntax::Toml => t!(es: "una tabla", en: "a table"),
        },
    }
}

/// `required`: a key the mapping must have.
pub fn missing_key(
    file: FileId,
    span: Span,
    owner: Text,
    property: &str,
    help: Option<Text>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::MissingKey,
        t!(
            es: "falta la clave obligatoria `{property}` en {owner}",
            en: "{owner} is missing the required key `{property}`",
            owner = owner,
            property = property,
        ),
    )
    .at(
        file,
        span,
        t!(
            es: "aquí falta `{property}`",
            en: "`{property}` is missing here",
            property = property,
        ),
    );
    match help {
        Some(help) => d.help(help),
        None => d,
    }
}

/// The help of a missing key: "add `timeframe:` (Time frame)", with an example value when the
/// key takes a code or a number (never a text, which would be someone else's words).
pub fn add_key(property: &str, example: Option<&str>, title: Option<Text>) -> Text {
    match (example, title) {
        (Some(e), Some(title)) => t!(
            es: "añada `{property}: {e}` ({title})",
            en: "add `{property}: {e}` ({title})",
            property = property,
            e = e,
            title = title,
        ),
        (None, Some(title)) => t!(
            es: "añada `{property}:` ({title})",
            en: "add `{property}:` ({title})",
            property = property,
            title = title,
        ),
        (Some(e), None) => t!(
            es: "añada `{property}: {e}`",
            en: "add `{property}: {e}`",
            property = property,
            e = e,
        ),
        (None, None) => t!(
            es: "añada `{property}:`",
            en: "add `{property}:`",
            property = property,
        ),
    }
}

/// `additionalProperties`: a key the format does not have. The help is added by the caller
/// ("did you mean", or [`allowed_keys`]).
pub fn unknown_key(file: FileId, span: Span, owner: Text, key: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownKey,
        t!(
            es: "clave desconocida `{key}` en {owner}",
            en: "unknown key `{key}` in {owner}",
            key = key,
            owner = owner,
        ),
    )
    .at(
        file,
        span,
        t!(es: "no forma parte del formato", en: "not part of the format"),
    )
}

/// "the keys allowed here are `a`, `b` or `c`": shared by the unknown keys of one mapping.
pub fn allowed_keys(allowed: &[&str]) -> Arc<Text> {
    Arc::new(t!(
        es: "las claves permitidas aquí son {allowed}",
        en: "the keys allowed here are {allowed}",
        allowed = Arg::one_of(allowed),
    ))
}

/// `type`: a value of the wrong type.
pub fn wrong_type(file: FileId, span: Span, name: Text, expected: Text, found: Text) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        t!(
            es: "{name} debe ser {expected}; se encontró {found}",
            en: "{name} must be {expected}; found {found}",
            name = name,
            expected = expected.clone(),
            found = found,
        ),
    )
    .at(
        file,
        span,
        t!(es: "se esperaba {expected}", en: "expected {expected}", expected = expected),
    )
}

/// "one of the accepted forms", when the alternatives of a value say nothing of their types.
pub fn accepted_forms() -> Text {
    t!(es: "una de las formas aceptadas", en: "one of the accepted forms")
}

/// "for example `a` or `b`", under a value of the wrong type.
pub fn for_example(examples: &[String]) -> Text {
    t!(
        es: "por ejemplo {examples}",
        en: "for example {examples}",
        examples = Arg::one_of(examples),
    )
}

/// `enum`: a value not in the list. The help ("did you mean") is added by the caller.
pub fn not_in_list(
    file: FileId,
    span: Span,
    name: Text,
    options: &[String],
    found: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "{name} debe ser uno de estos valores: {options}; se encontró `{found}`",
            en: "{name} must be one of {options}; found `{found}`",
            name = name,
            options = Arg::one_of(options),
            found = found,
        ),
    )
    .at(
        file,
        span,
        t!(es: "valor no permitido", en: "not an allowed value"),
    )
}

/// `const`: a value that can only be one.
pub fn not_the_constant(
    file: FileId,
    span: Span,
    name: Text,
    expected: &str,
    found: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "{name} debe ser `{expected}`; se encontró `{found}`",
            en: "{name} must be `{expected}`; found `{found}`",
            name = name,
            expected = expected,
            found = found,
        ),
    )
    .at(
        file,
        span,
        t!(es: "valor inesperado", en: "unexpected value"),
    )
}

/// The formats a string may be asked to have, besides dates (see [`date_format`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Email,
    Uri,
    Other,
}

/// `format` (e-mail, web address): a text not in the form asked for.
pub fn wrong_format(
    file: FileId,
    span: Span,
    name: Text,
    format: Format,
    found: &str,
) -> Diagnostic {
    let message = match format {
        Format::Email => t!(
            es: "{name} debe ser una dirección de correo electrónico; se encontró `{found}`",
            en: "{name} must be an email address; found `{found}`",
            name = name,
            found = found,
        ),
        Format::Uri => t!(
            es: "{name} debe ser una dirección web; se encontró `{found}`",
            en: "{name} must be a web address; found `{found}`",
            name = name,
            found = found,
        ),
        Format::Other => t!(
            es: "{name} no tiene el formato esperado; se encontró `{found}`",
            en: "{name} must be in the expected format; found `{found}`",
            name = name,
            found = found,
        ),
    };
    let example = match format {
        Format::Email => Some("mirps@example.org"),
        Format::Uri => Some("https://example.org"),
        Format::Other => None,
    };
    let d = Diagnostic::new(Code::InvalidValue, message).at(
        file,
        span,
        t!(es: "forma incorrecta", en: "wrong form"),
    );
    match example {
        Some(example) => d.help(t!(
            es: "por ejemplo `{example}`",
            en: "for example `{example}`",
            example = example,
        )),
        None => d,
    }
}

/// `format: date`: a date not written year-month-day. `read` is the date as the drafter wrote
/// it, read; `year_too` says whether the field also takes a year alone.
pub fn date_format(
    file: FileId,
    span: Span,
    name: Text,
    found: &str,
    read: Option<WrittenDate>,
    year_too: bool,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::DateFormat,
        t!(
            es: "{name} debe ser una fecha escrita AAAA-MM-DD; se encontró `{found}`",
            en: "{name} must be a date written YYYY-MM-DD; found `{found}`",
            name = name,
            found = found,
        ),
    )
    .at(file, span, t!(es: "forma incorrecta", en: "wrong form"));
    match read {
        Some(date @ WrittenDate::Day(..)) => {
            let iso = date.iso();
            let mut d = d.help(t!(
                es: "escríbala año-mes-día: `{iso}`",
                en: "write it year-month-day: `{iso}`",
                iso = iso.as_str(),
            ));
            d.fix = Some(iso.into());
            d
        }
        Some(WrittenDate::Month(year, month)) if year_too => d.help(t!(
            es: "indique también el día, en el orden año-mes-día (`{month}-DD`, por ejemplo `{month}-01`), o solo el año: `{year}`",
            en: "give the day too, year-month-day (`{month}-DD`, for example `{month}-01`), or just the year: `{year}`",
            month = format!("{year:04}-{month:02}"),
            year = format!("{year:04}"),
        )),
        Some(WrittenDate::Month(year, month)) => d.help(t!(
            es: "indique también el día, en el orden año-mes-día: `{month}-DD` (por ejemplo `{month}-01`)",
            en: "give the day too, year-month-day: `{month}-DD` (for example `{month}-01`)",
            month = format!("{year:04}-{month:02}"),
        )),
        None => d.help(t!(
            es: "por ejemplo `{example}`",
            en: "for example `{example}`",
            example = "2019-11-15",
        )),
    }
}

/// `pattern`: a code or an id not in its form. `examples` are the schema's.
pub fn wrong_form(
    file: FileId,
    span: Span,
    name: Text,
    found: &str,
    examples: &[String],
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "{name} `{found}` no tiene la forma esperada",
            en: "{name} `{found}` does not have the expected form",
            name = name,
            found = found,
        ),
    )
    .at(file, span, t!(es: "forma incorrecta", en: "wrong form"));
    if examples.is_empty() {
        return d;
    }
    d.help(t!(
        es: "escríbalo como {examples}",
        en: "write it like {examples}",
        examples = Arg::one_of(examples),
    ))
}

/// A pillar, population or working group that is not one of the framework's, found by the
/// schema (it is not even written as an id: `Soluciones duraderas`). The suggestion, if any,
/// comes from that vocabulary alone.
pub fn unknown_vocabulary(
    file: FileId,
    span: Span,
    vocabulary: Vocabulary,
    found: &str,
    ids: &[&str],
    suggestion: Option<&str>,
) -> Diagnostic {
    let ids = Arg::one_of(ids);
    let (code, message, label) = match vocabulary {
        Vocabulary::Pillar => (
            Code::UnknownPillar,
            t!(
                es: "`{found}` no es un pilar de este marco; use uno de estos: {ids}",
                en: "`{found}` is not a pillar of this framework; use one of {ids}",
                found = found,
                ids = ids,
            ),
            t!(es: "pilar desconocido", en: "unknown pillar"),
        ),
        Vocabulary::Population => (
            Code::UnknownPopulation,
            t!(
                es: "`{found}` no es una población de este marco; use una de estas: {ids}",
                en: "`{found}` is not a population of this framework; use one of {ids}",
                found = found,
                ids = ids,
            ),
            t!(es: "población desconocida", en: "unknown population"),
        ),
        Vocabulary::WorkingGroup => (
            Code::UnknownWorkingGroup,
            t!(
                es: "`{found}` no es un grupo de trabajo de este marco; use uno de estos: {ids}",
                en: "`{found}` is not a working group of this framework; use one of {ids}",
                found = found,
                ids = ids,
            ),
            t!(es: "grupo de trabajo desconocido", en: "unknown working group"),
        ),
    };
    let d = Diagnostic::new(code, message).at(file, span, label);
    match suggestion {
        Some(id) => d.did_you_mean(id),
        None => d,
    }
}

/// The comparisons of a number's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
}

/// `minimum`, `maximum` and their exclusive forms: a number out of range.
pub fn out_of_range(
    file: FileId,
    span: Span,
    name: Text,
    limit: Limit,
    bound: &str,
    found: &str,
) -> Diagnostic {
    let message = match limit {
        Limit::AtLeast => t!(
            es: "{name} debe ser como mínimo {bound}; se encontró {found}",
            en: "{name} must be at least {bound}; found {found}",
            name = name,
            bound = bound,
            found = found,
        ),
        Limit::AtMost => t!(
            es: "{name} debe ser como máximo {bound}; se encontró {found}",
            en: "{name} must be at most {bound}; found {found}",
            name = name,
            bound = bound,
            found = found,
        ),
        Limit::MoreThan => t!(
            es: "{name} debe ser mayor que {bound}; se encontró {found}",
            en: "{name} must be more than {bound}; found {found}",
            name = name,
            bound = bound,
            found = found,
        ),
        Limit::LessThan => t!(
            es: "{name} debe ser menor que {bound}; se encontró {found}",
            en: "{name} must be less than {bound}; found {found}",
            name = name,
            bound = bound,
            found = found,
        ),
    };
    Diagnostic::new(Code::InvalidValue, message).at(
        file,
        span,
        t!(es: "fuera de rango", en: "out of range"),
    )
}

/// `minItems`: a list too short.
pub fn too_few_items(file: FileId, span: Span, name: Text, limit: u64) -> Diagnostic {
    let message = if limit == 1 {
        t!(
            es: "{name} necesita al menos {limit} elemento",
            en: "{name} needs at least {limit} item",
            name = name,
            limit = limit,
        )
    } else {
        t!(
            es: "{name} necesita al menos {limit} elementos",
            en: "{name} needs at least {limit} items",
            name = name,
            limit = limit,
        )
    };
    Diagnostic::new(Code::InvalidValue, message).at(
        file,
        span,
        t!(es: "faltan elementos", en: "too few items"),
    )
}

/// `minLength`, `minProperties`: an empty text or mapping.
pub fn empty(file: FileId, span: Span, name: Text) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(es: "{name} no puede estar vacío", en: "{name} must not be empty", name = name),
    )
    .at(file, span, t!(es: "vacío", en: "empty"))
}

/// `uniqueItems`: a list that repeats a value.
pub fn repeated_item(file: FileId, span: Span, name: Text) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(es: "{name} repite un mismo valor", en: "{name} lists the same value twice", name = name),
    )
    .at(
        file,
        span,
        t!(es: "valor repetido en esta lista", en: "repeated value in this list"),
    )
}

/// `propertyNames`: a translation keyed by something else than a language code.
pub fn not_a_language(file: FileId, span: Span, name: Text, bad: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "`{bad}` en {name} no es un código de idioma de dos letras",
            en: "`{bad}` in {name} is not a two-letter language code",
            bad = bad,
            name = name,
        ),
    )
    .at(
        file,
        span,
        t!(
            es: "se esperaba un código como `es` o `en`",
            en: "expected a code such as `es` or `en`",
        ),
    )
    .help(t!(
        es: "las traducciones se escriben por idioma: `{{ es: …, en: … }}`",
        en: "translations are keyed by language: `{{ es: …, en: … }}`",
    ))
}

/// A schema keyword this stage does not describe: the validator's own words, in English only.
pub fn other(file: FileId, span: Span, name: Text, error: String) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "{name} no cumple el esquema: {error}",
            en: "{name}: {error}",
            name = name,
            error = Text::verbatim(error),
        ),
    )
    .at(file, span, t!(es: "aquí", en: "here"))
}

/// A document that fails its schema for a reason no other message describes.
pub fn document_mismatch(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "el documento no cumple su esquema",
            en: "the document does not match its schema",
        ),
    )
    .at(file, span, t!(es: "aquí", en: "here"))
}

/// `thousands-separator`: a number written with a dot between thousands, which YAML reads as
/// decimals (`450.000` is 450). `read` is the number YAML read, when it read one.
pub fn thousands_separator(
    file: FileId,
    span: Span,
    name: Text,
    written: &str,
    amount: &WrittenAmount,
    read: Option<String>,
) -> Diagnostic {
    let d = match read {
        Some(read) => Diagnostic::new(
            Code::ThousandsSeparator,
            t!(
                es: "{name} vale `{written}`: parece {spaced} con un punto como separador de miles, pero YAML lo lee como {read}",
                en: "{name} is `{written}`: this looks like {spaced} with a dot as a thousands separator, but YAML reads it as {read}",
                name = name,
                written = written,
                spaced = amount.spaced.as_str(),
                read = read.as_str(),
            ),
        )
        .at(
            file,
            span,
            t!(es: "se lee como {read}", en: "read as {read}", read = read.as_str()),
        ),
        None => Diagnostic::new(
            Code::ThousandsSeparator,
            t!(
                es: "{name} vale `{written}`: parece {spaced} con puntos como separadores de miles, pero un número se escribe sin ellos",
                en: "{name} is `{written}`: this looks like {spaced} with dots as thousands separators, but a number is written without them",
                name = name,
                written = written,
                spaced = amount.spaced.as_str(),
            ),
        )
        .at(file, span, t!(es: "no es un número", en: "not a number")),
    };
    let mut d = d.help(t!(
        es: "escriba `{number}`, sin separadores de miles",
        en: "write `{number}`, without thousands separators",
        number = amount.number.as_str(),
    ));
    d.fix = Some(amount.number.as_str().into());
    d
}

/// `amount-format`: an amount written with a currency or with commas or spaces between
/// thousands (`US$ 450,000`, `450 000`). `currency_key` says whether the currency has its own
/// key next to the amount.
pub fn amount_format(
    file: FileId,
    span: Span,
    name: Text,
    written: &str,
    amount: &WrittenAmount,
    currency_key: bool,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::AmountFormat,
        t!(
            es: "{name} debe ser un número simple, sin moneda ni separadores de miles; se encontró `{written}`",
            en: "{name} must be a plain number, without currency or thousands separators; found `{written}`",
            name = name,
            written = written,
        ),
    )
    .at(
        file,
        span,
        t!(es: "no es un número simple", en: "not a plain number"),
    );
    let number = amount.number.as_str();
    let mut d = if amount.currency && currency_key {
        d.help(t!(
            es: "escriba `{number}`; la moneda va en `currency`",
            en: "write `{number}`; the currency goes in `currency`",
            number = number,
        ))
    } else {
        d.help(t!(es: "escriba `{number}`", en: "write `{number}`", number = number))
    };
    d.fix = Some(number.into());
    d
}

/// `text-after-hash`: a text cut at ` #`, which YAML reads as the start of a comment. `kept`
/// is what YAML read; `quoted` the whole text between quotes.
pub fn text_after_hash(
    file: FileId,
    span: Span,
    name: Text,
    kept: &str,
    quoted: &str,
) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::TextAfterHash,
        t!(
            es: "se perdió el texto que sigue al `#`: YAML lo lee como un comentario, así que {name} solo dice `{kept}`",
            en: "the text after `#` was dropped: YAML reads it as a comment, so {name} is only `{kept}`",
            name = name,
            kept = kept,
        ),
    )
    .at(
        file,
        span,
        t!(
            es: "desde el `#`, YAML lo lee como un comentario",
            en: "from `#` on, YAML reads this as a comment",
        ),
    )
    .help(t!(
        es: "ponga todo el texto entre comillas: `{quoted}`",
        en: "put the whole text between quotes: `{quoted}`",
        quoted = quoted,
    ));
    d.fix = Some(quoted.into());
    d
}

//! The diagnostics of `mirps.toml`, one constructor per diagnostic: each builds the whole
//! [`Diagnostic`] — message, labels and help — in Spanish and English.

use crate::diag::{Code, Diagnostic, Text};
use crate::t;

pub use crate::diag::At;

/// `toml-syntax`: the parser's own message (`message`, in English: it speaks no other), with a
/// hint for the commonest mistakes.
pub fn toml_syntax(at: At, message: &str) -> Diagnostic {
    let d = Diagnostic::new(
        Code::TomlSyntax,
        t!(
            es: "error de sintaxis TOML: {message}",
            en: "TOML syntax error: {message}",
            message = toml_words(message),
        ),
    )
    .at(at.0, at.1, t!(es: "aquí", en: "here"));
    if message.contains("duplicate key") {
        d.help(t!(
            es: "cada clave puede aparecer una sola vez en una tabla",
            en: "each key may appear once in a table",
        ))
    } else if message.contains("string") {
        d.help(t!(
            es: "los textos van entre comillas: `short_title = \"MIRPS\"`",
            en: "text values are quoted: `short_title = \"MIRPS\"`",
        ))
    } else {
        d
    }
}

/// The TOML parser's message, in Spanish too for the commonest ones (the parser speaks English
/// only: a message it has not been seen to give stays in English).
fn toml_words(message: &str) -> Text {
    const SPANISH: &[(&str, &str)] = &[
        (
            "string values must be quoted",
            "los textos van entre comillas",
        ),
        ("duplicate key", "una clave aparece dos veces"),
        (
            "missing comma between array elements",
            "falta una coma entre los elementos de la lista",
        ),
        (
            "missing comma between key-value pairs",
            "falta una coma entre los pares `clave = valor`",
        ),
        (
            "missing assignment between key-value pairs",
            "falta el `=` entre la clave y su valor",
        ),
        ("missing value for key", "falta el valor de la clave"),
        ("key with no value", "falta el valor de la clave"),
        ("missing value", "falta un valor"),
        (
            "unclosed array table",
            "falta `]]` al final del nombre de la tabla",
        ),
        ("unclosed array", "falta el `]` que cierra la lista"),
        ("unclosed inline table", "falta la `}` que cierra la tabla"),
        (
            "unclosed table",
            "falta el `]` al final del nombre de la tabla",
        ),
        ("missing opening quote", "falta la comilla de apertura"),
        (
            "invalid basic string",
            "un texto entre comillas no está bien cerrado",
        ),
        (
            "invalid literal string",
            "un texto entre comillas no está bien cerrado",
        ),
        (
            "invalid unquoted key",
            "una clave sin comillas solo lleva letras, cifras, `-` y `_`",
        ),
        (
            "unquoted keys cannot be empty",
            "falta la clave antes del `=`",
        ),
        ("extra comma in array", "sobra una coma en la lista"),
        ("extra comma in inline table", "sobra una coma en la tabla"),
        ("extra `=`", "sobra un `=`"),
        ("extra assignment between key-value pairs", "sobra un `=`"),
        ("unexpected leading zero", "un número no empieza con cero"),
        ("unexpected content", "hay algo de más en la línea"),
        (
            "unexpected key or value",
            "hay una clave o un valor donde no corresponde",
        ),
        ("invalid value", "valor no válido"),
    ];
    match SPANISH.iter().find(|(head, _)| message.starts_with(head)) {
        Some((_, es)) => Text::pair(*es, message),
        None => Text::verbatim(message),
    }
}

/// `model-mismatch`: `mirps.toml` passed its schema but could not be read (`error` is serde's).
pub fn unreadable(at: At, file_name: &str, error: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ModelMismatch,
        t!(
            es: "no se pudo leer `{file}`: {error}",
            en: "`{file}` could not be read: {error}",
            file = file_name,
            error = error,
        ),
    )
    .at(at.0, at.1, t!(es: "en este archivo", en: "in this file"))
}

/// The vocabularies of `mirps.toml`.
#[derive(Clone, Copy, Debug)]
pub enum List {
    Pillars,
    Populations,
    WorkingGroups,
}

/// `duplicate-vocabulary`: an id defined twice in one vocabulary.
pub fn duplicate_term(again: At, first: At, list: List, id: &str) -> Diagnostic {
    let message = match list {
        List::Pillars => t!(
            es: "el pilar `{id}` está definido dos veces",
            en: "the pillar `{id}` is defined twice",
            id = id,
        ),
        List::Populations => t!(
            es: "la población `{id}` está definida dos veces",
            en: "the population `{id}` is defined twice",
            id = id,
        ),
        List::WorkingGroups => t!(
            es: "el grupo de trabajo `{id}` está definido dos veces",
            en: "the working group `{id}` is defined twice",
            id = id,
        ),
    };
    let again_label: Text = match list {
        List::Populations => t!(es: "definida de nuevo aquí", en: "defined again here"),
        _ => t!(es: "definido de nuevo aquí", en: "defined again here"),
    };
    let first_label: Text = match list {
        List::Populations => t!(es: "definida primero aquí", en: "first defined here"),
        _ => t!(es: "definido primero aquí", en: "first defined here"),
    };
    Diagnostic::new(Code::DuplicateVocabulary, message)
        .at(again.0, again.1, again_label)
        .also(first.0, first.1, first_label)
}

/// `duplicate-vocabulary`: two pillars with one number.
pub fn duplicate_pillar_number(again: At, first: At, number: i64) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateVocabulary,
        t!(
            es: "dos pilares tienen el número {n}",
            en: "two pillars have the number {n}",
            n = number,
        ),
    )
    .at(
        again.0,
        again.1,
        t!(es: "número repetido aquí", en: "number used again here"),
    )
    .also(
        first.0,
        first.1,
        t!(es: "usado primero aquí", en: "first used here"),
    )
}

/// `invalid-value`: a rate given for the base currency itself.
pub fn rate_of_base_currency(at: At, base: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "`{base}` es la moneda base, así que no lleva tipo de cambio: los montos en {base} ya están en la moneda base",
            en: "`{base}` is the base currency, so it has no exchange rate: amounts in {base} are already in the base currency",
            base = base,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "tipo de cambio de la moneda base", en: "rate of the base currency"),
    )
    .help(t!(
        es: "quite `{base} = …` de `rates`",
        en: "remove `{base} = …` from `rates`",
        base = base,
    ))
}

/// `outside-framework`: a `[paths]` folder outside the framework.
pub fn path_outside(at: At, key: &str, dir: &str) -> Diagnostic {
    Diagnostic::new(
        Code::OutsideFramework,
        t!(
            es: "`[paths] {key}` apunta a `{dir}`, fuera del marco; mirps solo lee archivos que están dentro de él",
            en: "`[paths] {key}` points to `{dir}`, outside the framework; mirps reads only files inside it",
            key = key,
            dir = dir,
        ),
    )
    .at(at.0, at.1, t!(es: "fuera del marco", en: "outside the framework"))
    .help(t!(
        es: "use una carpeta dentro de la carpeta del marco, como `{key}`",
        en: "use a folder inside the framework's folder, such as `{key}`",
        key = key,
    ))
}

/// `invalid-value`: `languages = []`.
pub fn no_languages(at: At) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "`languages` debe nombrar al menos un idioma",
            en: "`languages` must name at least one language",
        ),
    )
    .at(at.0, at.1, t!(es: "vacío", en: "empty"))
}

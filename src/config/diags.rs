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

/// Why a logo of `[publication] logos` cannot be published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogoProblem {
    /// No file has that name.
    Missing,
    /// The name is a link to nothing (or a link that leads round in a circle).
    BrokenLink,
    /// The name is a folder, a pipe, a device…
    NotAFile(crate::guard::FileKind),
    /// Its size in bytes, over [`super::publication::MAX_LOGO_BYTES`].
    TooLarge(u64),
    /// The system's own words.
    Io(String),
    /// Neither a PNG nor an SVG document (an SVG is UTF-8 text whose first element is `<svg>`).
    WrongKind,
    /// An SVG holding something that could run or fetch once embedded in the site.
    UnsafeSvg(SvgHazard),
}

/// What makes an SVG unsafe to embed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SvgHazard {
    /// An element that runs or embeds something (`script`, `foreignObject`, `iframe`…), by the
    /// name written.
    Element(String),
    /// An event attribute (`onload`), by the name written.
    EventAttribute(String),
    /// A reference to something outside the SVG (`http://…`, `javascript:`, `other.svg#a`), or
    /// a CSS `@import`.
    Reference(String),
    /// An entity declaration (`<!ENTITY`).
    Entity,
    /// A backslash escape in CSS, which can hide a reference.
    CssEscape,
}

/// Point `d` at `at` when the logo's place in `mirps.toml` is known.
fn at_logo(d: Diagnostic, at: Option<At>, label: Text) -> Diagnostic {
    match at {
        Some((file, span)) => d.at(file, span, label),
        None => d,
    }
}

/// `outside-framework`: a logo outside the framework, written so (`target` none) or reached
/// through a link to `target`.
pub fn logo_outside(at: Option<At>, file: &str, target: Option<&str>) -> Diagnostic {
    let message = match target {
        None => t!(
            es: "el logotipo `{file}` está fuera de la carpeta del marco; mirps solo lee archivos que están dentro de ella",
            en: "the logo `{file}` lies outside the framework's folder; mirps reads only files inside it",
            file = file,
        ),
        Some(target) => t!(
            es: "el logotipo `{file}` es un enlace simbólico a `{target}`, fuera del marco; mirps solo lee archivos que están dentro de él",
            en: "the logo `{file}` is a link to `{target}`, outside the framework; mirps reads only files inside it",
            file = file,
            target = target,
        ),
    };
    at_logo(
        Diagnostic::new(Code::OutsideFramework, message),
        at,
        t!(es: "fuera del marco", en: "outside the framework"),
    )
    .help(t!(
        es: "copie el logotipo en la carpeta del marco (por ejemplo, en `assets/logos/`) y escriba su ruta relativa a `mirps.toml`, sin `..`",
        en: "copy the logo into the framework's folder (under `assets/logos/`, say) and write its path relative to `mirps.toml`, without `..`",
    ))
}

/// `logo-unreadable`: a logo that cannot be published, and why.
pub fn logo_unreadable(at: Option<At>, file: &str, problem: LogoProblem) -> Diagnostic {
    let limit = super::publication::MAX_LOGO_BYTES;
    let (message, label, help): (Text, Text, Text) = match problem {
        LogoProblem::Missing => (
            t!(
                es: "el logotipo `{file}` no existe",
                en: "the logo `{file}` does not exist",
                file = file,
            ),
            t!(es: "no hay ningún archivo con este nombre", en: "no file has this name"),
            t!(
                es: "ponga el archivo del logotipo en la carpeta del marco y escriba su ruta relativa a `mirps.toml` (por ejemplo, `assets/logos/mirps.svg`), o quite esta entrada de `logos`",
                en: "put the logo's file in the framework's folder and write its path relative to `mirps.toml` (such as `assets/logos/mirps.svg`), or remove this entry from `logos`",
            ),
        ),
        LogoProblem::BrokenLink => (
            t!(
                es: "el logotipo `{file}` es un enlace simbólico a un archivo que no existe",
                en: "the logo `{file}` is a link to a file that does not exist",
                file = file,
            ),
            t!(es: "enlace roto", en: "broken link"),
            t!(
                es: "reemplace el enlace por el archivo del logotipo",
                en: "replace the link with the logo's file itself",
            ),
        ),
        LogoProblem::NotAFile(what) => (
            t!(
                es: "el logotipo `{file}` es {what}, no un archivo común",
                en: "the logo `{file}` is {what}, not a regular file",
                file = file,
                what = what,
            ),
            t!(es: "no es un archivo", en: "not a file"),
            t!(
                es: "escriba la ruta del archivo del logotipo, con su nombre y extensión (`assets/logos/mirps.svg`)",
                en: "write the path of the logo's file, with its name and extension (`assets/logos/mirps.svg`)",
            ),
        ),
        LogoProblem::TooLarge(size) => (
            t!(
                es: "el logotipo `{file}` pesa {size} bytes; un logotipo puede pesar como máximo 1 MiB ({limit} bytes)",
                en: "the logo `{file}` is {size} bytes; a logo may be at most 1 MiB ({limit} bytes)",
                file = file,
                size = size,
                limit = limit,
            ),
            t!(es: "demasiado grande", en: "too large"),
            t!(
                es: "exporte el logotipo de nuevo en SVG, o en PNG de unos cientos de píxeles de ancho",
                en: "export the logo again as SVG, or as a PNG a few hundred pixels wide",
            ),
        ),
        LogoProblem::Io(error) => (
            t!(
                es: "no se puede leer el logotipo `{file}`: {error}",
                en: "the logo `{file}` cannot be read: {error}",
                file = file,
                error = error,
            ),
            t!(es: "ilegible", en: "unreadable"),
            t!(
                es: "compruebe que el archivo se pueda leer (sus permisos)",
                en: "check that the file can be read (its permissions)",
            ),
        ),
        LogoProblem::WrongKind => (
            t!(
                es: "el logotipo `{file}` no es una imagen PNG ni SVG",
                en: "the logo `{file}` is neither a PNG nor an SVG image",
                file = file,
            ),
            t!(es: "ni PNG ni SVG", en: "neither PNG nor SVG"),
            t!(
                es: "guarde el logotipo como SVG (texto UTF-8 que empieza con `<svg`) o como PNG",
                en: "save the logo as SVG (UTF-8 text that starts with `<svg`) or as PNG",
            ),
        ),
        LogoProblem::UnsafeSvg(hazard) => {
            let what: Text = match hazard {
                SvgHazard::Element(name) => t!(
                    es: "un elemento `<{name}>`",
                    en: "a `<{name}>` element",
                    name = name,
                ),
                SvgHazard::EventAttribute(name) => t!(
                    es: "el atributo de evento `{name}`",
                    en: "the event attribute `{name}`",
                    name = name,
                ),
                SvgHazard::Reference(target) => t!(
                    es: "una referencia externa (`{target}`)",
                    en: "an external reference (`{target}`)",
                    target = target,
                ),
                SvgHazard::Entity => t!(
                    es: "una declaración de entidad (`<!ENTITY`)",
                    en: "an entity declaration (`<!ENTITY`)",
                ),
                SvgHazard::CssEscape => t!(
                    es: "un escape de CSS (`\\`)",
                    en: "a CSS escape (`\\`)",
                ),
            };
            (
                t!(
                    es: "el logotipo SVG `{file}` contiene {what}, que no se admite en un logotipo: el sitio lo inserta en sus páginas",
                    en: "the SVG logo `{file}` holds {what}, which a logo may not hold: the site embeds it in its pages",
                    file = file,
                    what = what,
                ),
                t!(es: "SVG no seguro", en: "unsafe SVG"),
                t!(
                    es: "quítelo del SVG (un logotipo solo necesita formas, trazados y texto; sus referencias van a elementos propios, `#id`), o exporte el logotipo como SVG simple o como PNG",
                    en: "remove it from the SVG (a logo needs only shapes, paths and text; its references point to its own elements, `#id`), or export the logo as a plain SVG or as PNG",
                ),
            )
        }
    };
    at_logo(Diagnostic::new(Code::LogoUnreadable, message), at, label).help(help)
}

/// `invalid-value`: one character both between thousands and before the decimals.
pub fn same_separators(at: At, thousands: At, lang: &str, separator: char) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "en `[numbers] {lang}`, `thousands` y `decimal` son el mismo signo (`{separator}`), así que una cifra como 1{separator}500 podría leerse de dos maneras",
            en: "in `[numbers] {lang}`, `thousands` and `decimal` are the same sign (`{separator}`), so a figure such as 1{separator}500 could be read two ways",
            lang = lang,
            separator = separator,
        ),
    )
    .at(at.0, at.1, t!(es: "el mismo signo que `thousands`", en: "the same sign as `thousands`"))
    .also(thousands.0, thousands.1, t!(es: "separador de miles", en: "thousands separator"))
    .help(t!(
        es: "use signos distintos: en español, `thousands = \" \"` (un espacio fino) y `decimal = \",\"`; en inglés, `thousands = \",\"` y `decimal = \".\"`",
        en: "use two different signs: in Spanish, `thousands = \" \"` (a thin space) and `decimal = \",\"`; in English, `thousands = \",\"` and `decimal = \".\"`",
    ))
}

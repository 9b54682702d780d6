//! Every diagnostic the loader reports, one constructor each, in Spanish and English: reading a
//! file, parsing its YAML (one constructor per class of syntax mistake, see
//! [`super::syntax`]), and detecting its kind. The loader calls these and writes no sentence
//! itself.

use crate::diag::{Arg, Code, Diagnostic, Text, count};
use crate::guard::FileKind;
use crate::source::{FileId, Span};
use crate::t;

/// `6 spaces` / `6 espacios`.
fn spaces(n: usize) -> Text {
    count(
        n,
        t!(es: "{n} espacio", en: "{n} space", n = n),
        t!(es: "{n} espacios", en: "{n} spaces", n = n),
    )
}

/// The help of every mistake fixed by quoting a text.
fn quote_it(fix: &str) -> Text {
    t!(
        es: "ponga todo el texto entre comillas: `{fix}`",
        en: "put the whole text between quotes: `{fix}`",
        fix = fix,
    )
}

/// "the text of `title`" / "el texto de `title`", or "this text" without a key.
fn text_of(key: Option<&str>) -> Text {
    match key {
        Some(key) => t!(es: "el texto de `{key}`", en: "the text of `{key}`", key = key),
        None => t!(es: "este texto", en: "this text"),
    }
}

// --- Reading files -------------------------------------------------------------------------

/// `invalid-utf8`: the file's bytes are not UTF-8 from `at` on.
pub fn not_utf8(file: FileId, at: usize) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidUtf8,
        t!(es: "el archivo no es texto UTF-8", en: "the file is not UTF-8 text"),
    )
    .at(
        file,
        Span::new(at, at + 1),
        t!(es: "primer byte que no es UTF-8", en: "first byte that is not UTF-8"),
    )
    .help(t!(
        es: "guarde el archivo como UTF-8 (la mayoría de los editores lo ofrecen en «Guardar con codificación»)",
        en: "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
    ))
}

/// `too-complex`: the file is larger than mirps reads.
pub fn too_large(file: FileId, megabytes: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        Code::TooComplex,
        t!(
            es: "el archivo ocupa {size} MB, más de los {limit} MB que mirps lee",
            en: "the file is {size} MB, more than the {limit} MB mirps reads",
            size = megabytes,
            limit = limit,
        ),
    )
    .at(file, Span::at(0), t!(es: "este archivo", en: "this file"))
    .help(t!(
        es: "divida el documento o compruebe que es el archivo que quería",
        en: "split the document or check that this is the file you meant",
    ))
}

/// `outside-framework`: a link to `target`, outside the framework.
pub fn link_outside(file: FileId, target: &str) -> Diagnostic {
    Diagnostic::new(
        Code::OutsideFramework,
        t!(
            es: "es un enlace a `{target}`, fuera del marco; mirps no lo lee",
            en: "this is a link to `{target}`, outside the framework; mirps does not read it",
            target = target,
        ),
    )
    .at(
        file,
        Span::at(0),
        t!(es: "enlace fuera del marco", en: "link out of the framework"),
    )
    .help(t!(
        es: "copie el documento dentro de la carpeta de capítulos del marco, o quite el enlace",
        en: "put the document itself in the framework's chapters folder, or remove the link",
    ))
}

/// `not-a-file`: a link to nothing.
pub fn link_to_nothing(file: FileId) -> Diagnostic {
    Diagnostic::new(
        Code::NotAFile,
        t!(
            es: "es un enlace que apunta a un archivo que no existe",
            en: "this is a link to a file that does not exist",
        ),
    )
    .at(
        file,
        Span::at(0),
        t!(es: "enlace a un archivo inexistente", en: "link to nothing"),
    )
    .help(t!(
        es: "quite el enlace o haga que apunte a un documento del marco",
        en: "remove the link, or make it point to a document of the framework",
    ))
}

/// `not-a-file`: a link that leads back to itself or to a folder holding it.
pub fn link_loop(file: FileId) -> Diagnostic {
    Diagnostic::new(
        Code::NotAFile,
        t!(
            es: "es un enlace que da vueltas en círculo (apunta a sí mismo o a una carpeta que lo contiene); mirps no lo sigue",
            en: "this is a link that leads round in a circle (to itself, or to a folder that holds it); mirps does not follow it",
        ),
    )
    .at(file, Span::at(0), t!(es: "enlace circular", en: "circular link"))
    .help(t!(es: "quite el enlace", en: "remove the link"))
}

/// `not-a-file`: a named pipe, a device…
pub fn not_a_file(file: FileId, what: FileKind) -> Diagnostic {
    Diagnostic::new(
        Code::NotAFile,
        t!(
            es: "es {what}, no un archivo común; mirps no lo lee",
            en: "this is {what}, not a regular file; mirps does not read it",
            what = what,
        ),
    )
    .at(
        file,
        Span::at(0),
        t!(es: "no es un archivo", en: "not a file"),
    )
    .help(t!(
        es: "los capítulos son archivos de texto; quite este o reemplácelo por el documento",
        en: "chapters are plain text files; remove this one or replace it with the document",
    ))
}

// --- Documents -----------------------------------------------------------------------------

/// `empty-document`: nothing but comments.
pub fn empty_document(file: FileId) -> Diagnostic {
    Diagnostic::new(
        Code::EmptyDocument,
        t!(
            es: "el archivo no contiene ningún documento YAML (está vacío o solo tiene comentarios)",
            en: "the file holds no YAML document (it is empty or only comments)",
        ),
    )
    .at(
        file,
        Span::at(0),
        t!(es: "aquí debería empezar el documento", en: "expected a document here"),
    )
    .help(t!(
        es: "un capítulo empieza con `kind:` y `schema_version:`",
        en: "a chapter starts with `kind:` and `schema_version:`",
    ))
}

/// `multiple-documents`: a second document starts at `second`.
pub fn multiple_documents(file: FileId, second: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MultipleDocuments,
        t!(
            es: "el archivo contiene más de un documento YAML",
            en: "the file holds more than one YAML document",
        ),
    )
    .at(
        file,
        second,
        t!(es: "aquí empieza un segundo documento", en: "a second document starts here"),
    )
    .help(t!(
        es: "ponga cada capítulo, plan o documento de cooperación en un archivo propio",
        en: "put each chapter, plan or cooperation document in a file of its own",
    ))
}

/// `wrong-type`: the document is not a mapping.
pub fn not_a_mapping(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        t!(
            es: "un documento debe estar hecho de líneas `clave: valor`",
            en: "a document must be a mapping of `key: value` lines",
        ),
    )
    .at(
        file,
        span,
        t!(es: "esto no está escrito como líneas `clave: valor`", en: "this is not a mapping"),
    )
    .help(t!(
        es: "un capítulo empieza con `kind: national-chapter`",
        en: "a chapter starts with `kind: national-chapter`",
    ))
}

/// `unknown-kind`: the document has no `kind`.
pub fn kind_missing(file: FileId, span: Span, kinds: &[&str]) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownKind,
        t!(
            es: "el documento no dice qué es: falta `kind`",
            en: "the document does not say what it is: `kind` is missing",
        ),
    )
    .at(
        file,
        span,
        t!(es: "agregue `kind:` a este documento", en: "add `kind:` to this document"),
    )
    .help(t!(
        es: "agregue `kind:` con {kinds}",
        en: "add `kind:` with {kinds}",
        kinds = Arg::one_of(kinds),
    ))
}

/// `unknown-kind`: `kind` is `found`, which is none of `kinds`.
pub fn kind_unknown(
    file: FileId,
    span: Span,
    found: &str,
    kinds: &[&str],
    candidate: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownKind,
        t!(
            es: "`kind` debe ser {kinds}; se encontró `{found}`",
            en: "`kind` must be {kinds}; found `{found}`",
            kinds = Arg::one_of(kinds),
            found = found,
        ),
    )
    .at(file, span, t!(es: "tipo desconocido", en: "unknown kind"));
    match candidate {
        Some(candidate) => d.did_you_mean(candidate),
        None => d,
    }
}

// --- Limits --------------------------------------------------------------------------------

/// The help of every nesting limit.
fn too_deep_help() -> Text {
    t!(
        es: "un capítulo solo necesita unos pocos niveles; revise si hay un corchete sin cerrar o una sangría que crece sin parar",
        en: "a chapter needs only a few levels; check for runaway brackets or indentation",
    )
}

/// `too-complex`: nesting beyond what the YAML parser follows.
pub fn too_deep(file: FileId, at: usize) -> Diagnostic {
    Diagnostic::new(
        Code::TooComplex,
        t!(
            es: "el documento está anidado a demasiada profundidad para leerlo",
            en: "the document is nested too deeply to read",
        ),
    )
    .at(
        file,
        Span::at(at),
        t!(es: "demasiado profundo desde aquí", en: "too deep from here"),
    )
    .help(too_deep_help())
}

/// `too-complex`: nesting deeper than `max` levels.
pub fn nested_too_deep(file: FileId, at: usize, max: usize) -> Diagnostic {
    Diagnostic::new(
        Code::TooComplex,
        t!(
            es: "el documento tiene más de {max} niveles de anidación",
            en: "the document is nested more than {max} levels deep",
            max = max,
        ),
    )
    .at(
        file,
        Span::at(at),
        t!(es: "demasiado profundo desde aquí", en: "too deep from here"),
    )
    .help(too_deep_help())
}

/// `too-complex`: aliases expanding beyond `budget` values.
pub fn too_many_aliases(file: FileId, span: Span, budget: usize) -> Diagnostic {
    Diagnostic::new(
        Code::TooComplex,
        t!(
            es: "los alias de este archivo se expanden a más de {budget} valores",
            en: "aliases in this file expand to more than {budget} values",
            budget = budget,
        ),
    )
    .at(
        file,
        span,
        t!(es: "expansión detenida aquí", en: "expansion stopped here"),
    )
    .help(t!(
        es: "escriba los valores completos en lugar de repetir anclas (`*nombre`)",
        en: "write the values out instead of repeating anchors (`*name`)",
    ))
}

// --- Values --------------------------------------------------------------------------------

/// `duplicate-key`: `key` written again at `second` (on `line`), first at `first` (on
/// `first_line`). `in_item`: the key is the first of a list item's keys, so the second one may
/// be a new item without its `-`.
pub fn duplicate_key(
    file: FileId,
    key: &str,
    (second, line): (Span, usize),
    (first, first_line): (Span, usize),
    in_item: bool,
) -> Diagnostic {
    let help = if in_item {
        t!(
            es: "si la línea {line} empieza un elemento nuevo de la lista, escriba `- ` antes de `{key}:`; si no, borre una de las dos líneas `{key}:` (mirps solo lee la primera, la de la línea {first_line})",
            en: "if line {line} starts a new item of the list, write `- ` before `{key}:`; if not, delete one of the two `{key}:` lines (mirps reads only the first, on line {first_line})",
            line = line,
            key = key,
            first_line = first_line,
        )
    } else {
        t!(
            es: "borre una de las dos líneas `{key}:`; mirps solo lee la primera, la de la línea {first_line}",
            en: "delete one of the two `{key}:` lines; mirps reads only the first, on line {first_line}",
            key = key,
            first_line = first_line,
        )
    };
    Diagnostic::new(
        Code::DuplicateKey,
        t!(
            es: "la clave `{key}` aparece dos veces en el mismo bloque",
            en: "the key `{key}` appears twice in the same block",
            key = key,
        ),
    )
    .at(
        file,
        second,
        t!(es: "segunda aparición", en: "second occurrence"),
    )
    .also(
        file,
        first,
        t!(es: "primera aparición", en: "first occurrence"),
    )
    .help(help)
}

/// `control-character`: a text holds `c`, which no output can show.
pub fn control_character(file: FileId, span: Span, c: char) -> Diagnostic {
    let name = match c {
        '\0' => Text::verbatim("NUL"),
        '\u{7}' => Text::verbatim("BEL"),
        '\u{8}' => t!(es: "retroceso", en: "backspace"),
        '\u{b}' => t!(es: "tabulación vertical", en: "vertical tab"),
        '\u{c}' => t!(es: "salto de página", en: "form feed"),
        '\u{1b}' => Text::verbatim("ESC"),
        '\u{7f}' => Text::verbatim("DEL"),
        _ => t!(es: "carácter de control", en: "control character"),
    };
    Diagnostic::new(
        Code::ControlCharacter,
        t!(
            es: "este texto contiene un carácter de control invisible ({name}, U+{code}) que no se puede publicar",
            en: "this text holds an invisible control character ({name}, U+{code}) that cannot be published",
            name = name,
            code = format!("{:04X}", u32::from(c)),
        ),
    )
    .at(
        file,
        span,
        t!(es: "carácter de control en este texto", en: "control character in this text"),
    )
    .help(t!(
        es: "quítelo: entre comillas dobles aparece como una secuencia de escape (`\\v`, `\\e` o `\\0`); en un texto pegado de otro lugar, vuelva a escribir ese tramo a mano",
        en: "remove it: in double quotes it is written as an escape such as `\\v`, `\\e` or `\\0`; in pasted text, retype the spot",
    ))
}

/// `yaml-syntax`: a value that its `!!` tag cannot read.
pub fn tag_mismatch(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "este valor no corresponde a su etiqueta YAML",
            en: "this value does not match its YAML tag",
        ),
    )
    .at(
        file,
        span,
        t!(es: "no se puede leer con esta etiqueta", en: "cannot be read with this tag"),
    )
    .help(t!(
        es: "quite la etiqueta `!!` o corrija el valor",
        en: "remove the `!!` tag or fix the value",
    ))
}

/// `invalid-value`: `written` has more digits than a number keeps; it would read as `shown`.
pub fn inexact_number(file: FileId, span: Span, written: &str, shown: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "`{written}` tiene más cifras de las que un número conserva con exactitud (15 cifras significativas, 28 decimales); se leería como `{shown}`",
            en: "`{written}` has more digits than a number keeps exactly (15 significant digits, 28 decimal places); it would be read as `{shown}`",
            written = written,
            shown = shown,
        ),
    )
    .at(file, span, t!(es: "demasiadas cifras", en: "too many digits"))
    .help(t!(
        es: "redondéelo: un monto rara vez necesita más precisión que los centavos",
        en: "round it: amounts are rarely more precise than cents",
    ))
}

// --- YAML syntax, one constructor per class of mistake ------------------------------------

/// `yaml-syntax`: the indentation of `line` holds a tab.
pub fn tab_indent(file: FileId, span: Span, line: usize) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "la línea {line} tiene un tabulador en la sangría; YAML solo admite espacios",
            en: "line {line} is indented with a tab; YAML indents with spaces only",
            line = line,
        ),
    )
    .at(file, span, t!(es: "tabulador", en: "tab"))
    .help(t!(
        es: "reemplace el tabulador del inicio de la línea {line} por espacios",
        en: "replace the tab at the start of line {line} with spaces",
        line = line,
    ))
}

/// `yaml-syntax`: a tab right after `key:`.
pub fn tab_after_colon(file: FileId, span: Span, line: usize, key: &str) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "después de `{key}:` hay un tabulador; YAML exige un espacio después de los dos puntos",
            en: "a tab follows `{key}:`; YAML needs a space after the colon",
            key = key,
        ),
    )
    .at(file, span, t!(es: "tabulador", en: "tab"))
    .help(t!(
        es: "reemplace el tabulador que sigue a `{key}:` en la línea {line} por un espacio",
        en: "replace the tab after `{key}:` on line {line} with a space",
        key = key,
        line = line,
    ))
}

/// `yaml-syntax`: a tab where YAML accepts only spaces.
pub fn tab(file: FileId, span: Span, line: usize) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "la línea {line} tiene un tabulador donde YAML solo acepta espacios",
            en: "line {line} holds a tab where YAML accepts only spaces",
            line = line,
        ),
    )
    .at(file, span, t!(es: "tabulador", en: "tab"))
    .help(t!(
        es: "reemplace el tabulador de la línea {line} por espacios",
        en: "replace the tab on line {line} with spaces",
        line = line,
    ))
}

/// `yaml-syntax`: `key:` on `line` should be indented under `parent:`, with `want` spaces
/// (like `like`, when a key already has them).
pub fn dedented_key(
    file: FileId,
    span: Span,
    line: usize,
    key: &str,
    (parent, parent_line): (&str, usize),
    want: usize,
    like: Option<(&str, usize)>,
) -> Diagnostic {
    let help = match like {
        Some((like, like_line)) => t!(
            es: "ponga {want} al inicio de la línea {line}, como `{like}:` en la línea {like_line}",
            en: "start line {line} with {want}, like `{like}:` on line {like_line}",
            want = spaces(want),
            line = line,
            like = like,
            like_line = like_line,
        ),
        None => t!(
            es: "ponga {want} al inicio de la línea {line}, dos más que `{parent}:`",
            en: "start line {line} with {want}, two more than `{parent}:`",
            want = spaces(want),
            line = line,
            parent = parent,
        ),
    };
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "`{key}:` no tiene sangría suficiente para quedar bajo `{parent}:` (línea {parent_line})",
            en: "`{key}:` is not indented under `{parent}:` (line {parent_line})",
            key = key,
            parent = parent,
            parent_line = parent_line,
        ),
    )
    .at(
        file,
        span,
        t!(
            es: "falta sangría bajo `{parent}:`",
            en: "not indented under `{parent}:`",
            parent = parent,
        ),
    )
    .help(help)
}

/// `yaml-syntax`: `key:` has `has` spaces and lines up with no key above it; `like` (on
/// `like_line`) has the `want` it should have.
pub fn misaligned_key(
    file: FileId,
    span: Span,
    (line, key): (usize, &str),
    has: usize,
    want: usize,
    (like, like_line): (&str, usize),
) -> Diagnostic {
    let help = if want == 0 {
        t!(
            es: "alinéela con `{like}:` de la línea {like_line}: quite los espacios del inicio de la línea {line}",
            en: "line it up with `{like}:` on line {like_line}: remove the spaces at the start of line {line}",
            like = like,
            like_line = like_line,
            line = line,
        )
    } else {
        t!(
            es: "alinéela con `{like}:` de la línea {like_line}: ponga {want} al inicio de la línea {line}",
            en: "line it up with `{like}:` on line {like_line}: start line {line} with {want}",
            like = like,
            like_line = like_line,
            want = spaces(want),
            line = line,
        )
    };
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "la clave `{key}` tiene {has} de sangría y no queda alineada con ninguna clave de arriba",
            en: "`{key}:` is indented {has}, which lines it up with no key above it",
            key = key,
            has = spaces(has),
        ),
    )
    .at(file, span, t!(es: "desalineada", en: "out of line"))
    .help(help)
}

/// `yaml-syntax`: a line of the text of `key` starts further left than the text.
pub fn dedented_text(file: FileId, span: Span, line: usize, key: &str, want: usize) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "esta línea del texto de `{key}` tiene menos sangría que el resto del texto",
            en: "this line of the text of `{key}` is indented less than the text",
            key = key,
        ),
    )
    .at(
        file,
        span,
        t!(es: "menos sangría que su texto", en: "less indented than its text"),
    )
    .help(t!(
        es: "ponga {want} al inicio de la línea {line}, como el resto del texto",
        en: "start line {line} with {want}, like the rest of the text",
        want = spaces(want),
        line = line,
    ))
}

/// `yaml-syntax`: the first line of the block text of `key` is indented more than the lines
/// after it, which YAML then reads as outside the text.
pub fn first_line_indented(
    file: FileId,
    span: Span,
    line: usize,
    key: &str,
    want: usize,
) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "la primera línea del texto de `{key}` tiene más sangría que las siguientes, que así quedan fuera del texto",
            en: "the first line of the text of `{key}` is indented more than the lines after it, which leaves them out of the text",
            key = key,
        ),
    )
    .at(
        file,
        span,
        t!(es: "más sangría que el resto del texto", en: "more indented than the rest of the text"),
    )
    .help(t!(
        es: "ponga {want} al inicio de la línea {line}, como el resto del texto",
        en: "start line {line} with {want}, like the rest of the text",
        want = spaces(want),
        line = line,
    ))
}

/// `yaml-syntax`: `: ` inside a text without quotes; `fix` is the line with it quoted.
pub fn colon_in_text(file: FileId, span: Span, key: Option<&str>, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "{text} contiene `: `, que YAML lee como el comienzo de una clave nueva",
            en: "{text} holds `: `, which YAML reads as the start of a new key",
            text = text_of(key),
        ),
    )
    .at(
        file,
        span,
        t!(es: "`: ` en un texto sin comillas", en: "`: ` in a text without quotes"),
    )
    .help(quote_it(fix))
}

/// `yaml-syntax`: `line` starts a new item of a list (of `list`) without its `-`.
pub fn missing_dash(
    file: FileId,
    span: Span,
    line: usize,
    key: &str,
    list: Option<&str>,
    fix: &str,
) -> Diagnostic {
    let message = match list {
        Some(list) => t!(
            es: "la línea {line} empieza un elemento nuevo de `{list}`, pero le falta el `-`",
            en: "line {line} starts a new item of `{list}` but has no `-`",
            line = line,
            list = list,
        ),
        None => t!(
            es: "la línea {line} empieza un elemento nuevo de la lista, pero le falta el `-`",
            en: "line {line} starts a new item of the list but has no `-`",
            line = line,
        ),
    };
    Diagnostic::new(Code::YamlSyntax, message)
        .at(
            file,
            span,
            t!(es: "falta `-` antes de `{key}`", en: "no `-` before `{key}`", key = key),
        )
        .help(t!(
            es: "escriba `- ` antes de `{key}`, en la columna del `-` de los demás elementos: `{fix}`",
            en: "write `- ` before `{key}`, at the column of the other items' `-`: `{fix}`",
            key = key,
            fix = fix,
        ))
}

/// `yaml-syntax`: `-year: 2019`, a dash without the space after it.
pub fn dash_without_space(file: FileId, span: Span, line: usize, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "después del `-` debe ir un espacio para empezar un elemento de la lista",
            en: "`-` must be followed by a space to start an item of a list",
        ),
    )
    .at(
        file,
        span,
        t!(es: "falta un espacio después del `-`", en: "space missing after `-`"),
    )
    .help(t!(
        es: "escriba `{fix}` en la línea {line}",
        en: "write `{fix}` on line {line}",
        fix = fix,
        line = line,
    ))
}

/// `yaml-syntax`: `lead AMN`, a key without its colon.
pub fn missing_colon(file: FileId, span: Span, line: usize, key: &str, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "a la clave `{key}` le faltan los dos puntos (`:`)",
            en: "the key `{key}` has no `:` after it",
            key = key,
        ),
    )
    .at(
        file,
        span,
        t!(es: "faltan los dos puntos", en: "`:` missing"),
    )
    .help(t!(
        es: "escriba `{fix}` en la línea {line}",
        en: "write `{fix}` on line {line}",
        fix = fix,
        line = line,
    ))
}

/// `yaml-syntax`: `lead:AMN`, a colon without the space after it.
pub fn missing_space(file: FileId, span: Span, line: usize, key: &str, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "después de `{key}:` debe ir un espacio",
            en: "`{key}:` must be followed by a space",
            key = key,
        ),
    )
    .at(
        file,
        span,
        t!(es: "falta un espacio después de `:`", en: "space missing after `:`"),
    )
    .help(t!(
        es: "escriba `{fix}` en la línea {line}",
        en: "write `{fix}` on line {line}",
        fix = fix,
        line = line,
    ))
}

/// `yaml-syntax`: a text opened with `quote` on `line` is never closed.
pub fn unclosed_quote(file: FileId, span: Span, line: usize, quote: char, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "el texto que se abre con `{quote}` en la línea {line} nunca se cierra",
            en: "the text opened with `{quote}` on line {line} is never closed",
            quote = quote,
            line = line,
        ),
    )
    .at(
        file,
        span,
        t!(es: "comilla de apertura", en: "opening quote"),
    )
    .help(t!(
        es: "cierre el texto con `{quote}`: `{fix}`",
        en: "end the text with `{quote}`: `{fix}`",
        quote = quote,
        fix = fix,
    ))
}

/// `yaml-syntax`: text after the closing `quote` of a quoted text.
pub fn text_after_quote(
    file: FileId,
    span: Span,
    key: Option<&str>,
    quote: char,
    fix: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "{text} sigue después de la comilla de cierre `{quote}`",
            en: "{text} goes on after its closing `{quote}`",
            text = text_of(key),
            quote = quote,
        ),
    )
    .at(
        file,
        span,
        t!(es: "texto después de la comilla de cierre", en: "text after the closing quote"),
    )
    .help(t!(
        es: "ponga todo el texto entre comillas del otro tipo: `{fix}`",
        en: "put the whole text between quotes of the other kind: `{fix}`",
        fix = fix,
    ))
}

/// `yaml-syntax`: a text starting with `[` or `{` goes on after the closing bracket.
pub fn text_after_bracket(
    file: FileId,
    span: Span,
    key: Option<&str>,
    open: char,
    fix: &str,
) -> Diagnostic {
    let what = if open == '{' {
        t!(
            es: "`{{`, que YAML lee como el comienzo de un grupo de claves",
            en: "`{{`, which YAML reads as the start of a group of keys",
        )
    } else {
        t!(
            es: "`[`, que YAML lee como el comienzo de una lista",
            en: "`[`, which YAML reads as the start of a list",
        )
    };
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "{text} empieza con {what}",
            en: "{text} starts with {what}",
            text = text_of(key),
            what = what,
        ),
    )
    .at(
        file,
        span,
        t!(es: "comienzo del texto", en: "start of the text"),
    )
    .help(quote_it(fix))
}

/// `yaml-syntax`: a text starting with `ch`, a character YAML reserves.
pub fn special_start(
    file: FileId,
    span: Span,
    key: Option<&str>,
    ch: char,
    fix: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "{text} empieza con `{ch}`, un carácter reservado en YAML",
            en: "{text} starts with `{ch}`, which YAML reserves",
            text = text_of(key),
            ch = ch,
        ),
    )
    .at(
        file,
        span,
        t!(es: "carácter reservado", en: "reserved character"),
    )
    .help(quote_it(fix))
}

/// `yaml-syntax`: text after the `|` or `>` that starts the block text of `key`.
pub fn text_after_block_indicator(
    file: FileId,
    span: Span,
    line: usize,
    key: &str,
    indicator: char,
) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "después de `{key}: {indicator}` no puede ir nada en la misma línea",
            en: "nothing may follow `{key}: {indicator}` on its line",
            key = key,
            indicator = indicator,
        ),
    )
    .at(
        file,
        span,
        t!(es: "texto después de `{indicator}`", en: "text after `{indicator}`", indicator = indicator),
    )
    .help(t!(
        es: "deje `{key}: {indicator}` solo en la línea {line} y empiece el texto en la línea siguiente, con más sangría que `{key}:`",
        en: "leave `{key}: {indicator}` alone on line {line} and start the text on the next line, indented more than `{key}:`",
        key = key,
        indicator = indicator,
        line = line,
    ))
}

/// `yaml-syntax`: `\ch` between double quotes is no escape; `fix` is the text in single quotes.
pub fn bad_escape(file: FileId, span: Span, ch: char, fix: Option<&str>) -> Diagnostic {
    let help = match fix {
        Some(fix) => t!(
            es: "escriba el texto entre comillas simples, donde `\\` es un carácter normal: `{fix}`",
            en: "write the text between single quotes, where `\\` is a plain character: `{fix}`",
            fix = fix,
        ),
        None => t!(
            es: "escriba `\\\\` para una barra invertida, o ponga el texto entre comillas simples",
            en: "write `\\\\` for a backslash, or put the text between single quotes",
        ),
    };
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "entre comillas dobles, `\\` empieza una secuencia de escape (como `\\n`), y `\\{ch}` no es una secuencia válida",
            en: "between double quotes `\\` starts an escape (such as `\\n`), and `\\{ch}` is not one",
            ch = ch,
        ),
    )
    .at(file, span, t!(es: "secuencia desconocida", en: "unknown escape"))
    .help(help)
}

/// `yaml-syntax`: `open` on `line` is never closed; `fix` is that line closed.
pub fn unclosed_bracket(
    file: FileId,
    span: Span,
    line: usize,
    open: char,
    fix: Option<&str>,
) -> Diagnostic {
    let (what, close) = if open == '{' {
        (t!(es: "la llave `{{`", en: "the `{{`"), '}')
    } else {
        (t!(es: "el corchete `[`", en: "the `[`"), ']')
    };
    let help = match fix {
        Some(fix) => t!(
            es: "escriba el `{close}` de cierre: `{fix}`",
            en: "write the closing `{close}`: `{fix}`",
            close = close,
            fix = fix,
        ),
        None => t!(
            es: "escriba el `{close}` de cierre donde termina",
            en: "write the closing `{close}` where it ends",
            close = close,
        ),
    };
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "{what} de la línea {line} nunca se cierra con `{close}`",
            en: "{what} on line {line} is never closed with `{close}`",
            what = what,
            line = line,
            close = close,
        ),
    )
    .at(file, span, t!(es: "se abre aquí", en: "opened here"))
    .help(help)
}

/// `yaml-syntax`: a `]` or `}` that closes nothing.
pub fn stray_bracket(file: FileId, span: Span, close: char) -> Diagnostic {
    let (what, open) = if close == '}' {
        (t!(es: "esta llave `}}`", en: "this `}}`"), '{')
    } else {
        (t!(es: "este corchete `]`", en: "this `]`"), '[')
    };
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "{what} no cierra nada que esté abierto",
            en: "{what} closes nothing that was opened",
            what = what,
        ),
    )
    .at(file, span, t!(es: "no cierra nada", en: "nothing to close"))
    .help(t!(
        es: "quite este carácter, o agregue el `{open}` que debería cerrar",
        en: "remove it, or add the `{open}` it should close",
        open = open,
    ))
}

/// `yaml-syntax`: any other syntax error, in the parser's own `words`.
pub fn syntax_other(file: FileId, at: usize, words: &str) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        t!(
            es: "no se puede leer esta línea como YAML (el analizador dice: «{words}»)",
            en: "this line cannot be read as YAML (the parser says: “{words}”)",
            words = words,
        ),
    )
    .at(file, Span::at(at), t!(es: "aquí", en: "here"))
    .help(t!(
        es: "mirps deja de leer el archivo aquí: revise las comillas, los dos puntos y la sangría de esta línea y de la anterior",
        en: "mirps stops reading the file here: check the quotes, the colons and the indentation of this line and the one before it",
    ))
}

//! Stable diagnostic codes. A code never changes meaning once released; scripts and CI filters
//! rely on it.

use super::Severity;
use crate::lang::Lang;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $en:literal, $es:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code's place in [`Code::ALL`] (the variants are declared in that order).
            pub fn index(self) -> usize {
                self as usize
            }

            /// The code as printed, e.g. `duplicate-id`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means, in one sentence, in `lang`.
            pub fn description(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Code::$variant, Lang::Es) => $es,
                    (Code::$variant, Lang::En) => $en,)*
                }
            }

            /// The severity a diagnostic of this code has unless a rule says otherwise.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    InvalidUtf8 = "invalid-utf8", Error,
        "The file is not valid UTF-8 text.",
        "El archivo no es texto UTF-8 válido.";
    YamlSyntax = "yaml-syntax", Error,
        "The file is not well-formed YAML.",
        "El archivo no es YAML bien formado.";
    TomlSyntax = "toml-syntax", Error,
        "`mirps.toml` is not well-formed TOML.",
        "`mirps.toml` no es TOML bien formado.";
    DuplicateKey = "duplicate-key", Error,
        "A key appears twice in the same mapping.",
        "Una clave aparece dos veces en el mismo bloque.";
    TooComplex = "too-complex", Error,
        "The file is too large, too deeply nested or expands too many aliases to be read safely.",
        "El archivo es demasiado grande, está anidado a demasiada profundidad o expande demasiados alias para leerlo con seguridad.";
    EmptyDocument = "empty-document", Error,
        "The file holds no YAML document.",
        "El archivo no contiene ningún documento YAML.";
    MultipleDocuments = "multiple-documents", Error,
        "The file holds more than one YAML document; a chapter is one document.",
        "El archivo contiene más de un documento YAML; un capítulo es un solo documento.";
    UnknownKind = "unknown-kind", Error,
        "`kind` is missing or is not a known document kind.",
        "Falta `kind` o no es un tipo de documento conocido.";
    MissingKey = "missing-key", Error,
        "A required key is missing.",
        "Falta una clave obligatoria.";
    UnknownKey = "unknown-key", Error,
        "A key is not part of the format.",
        "Una clave no forma parte del formato.";
    WrongType = "wrong-type", Error,
        "A value has the wrong type (text where a list is expected, say).",
        "Un valor es del tipo equivocado (un texto donde se espera una lista, por ejemplo).";
    InvalidValue = "invalid-value", Error,
        "A value is not allowed (not one of the listed values, wrong form, out of range).",
        "Un valor no está permitido (no es uno de los valores de la lista, no tiene la forma esperada o está fuera de rango).";
    ThousandsSeparator = "thousands-separator", Error,
        "A number is written with a dot between thousands (`450.000`), which YAML reads as decimals (450).",
        "Un número está escrito con un punto entre los miles (`450.000`), que YAML lee como decimales (450).";
    AmountFormat = "amount-format", Error,
        "An amount is written with a currency or with separators (`US$ 450,000`) instead of a plain number (`450000`).",
        "Un monto está escrito con moneda o con separadores (`US$ 450,000`) en lugar de un número simple (`450000`).";
    TextAfterHash = "text-after-hash", Warning,
        "An unquoted text holds ` #`: YAML drops the rest of the line as a comment.",
        "Un texto sin comillas contiene ` #`: YAML descarta el resto de la línea como un comentario.";
    DateFormat = "date-format", Error,
        "A date is not written year-month-day (`2019-11-15`), or is not a real date.",
        "Una fecha no está escrita año-mes-día (`2019-11-15`) o no es una fecha real.";
    DuplicateId = "duplicate-id", Error,
        "Two commitments, programmes or pledges share an id.",
        "Dos compromisos, programas o contribuciones tienen el mismo identificador.";
    IdPrefix = "id-prefix", Error,
        "An id does not start with its owner's code.",
        "Un identificador no empieza con el código de su titular.";
    IdPillar = "id-pillar", Warning,
        "A commitment id's pillar number differs from its `pillar`.",
        "El número de pilar del identificador de un compromiso no coincide con su `pillar`.";
    UnknownPillar = "unknown-pillar", Error,
        "A pillar is not one of the framework's pillars.",
        "Un pilar no es uno de los pilares del marco.";
    UnknownPopulation = "unknown-population", Error,
        "A population is not one of the framework's populations.",
        "Una población no es una de las poblaciones del marco.";
    UnknownWorkingGroup = "unknown-working-group", Error,
        "A working group is not one of the framework's working groups.",
        "Un grupo de trabajo no es uno de los grupos de trabajo del marco.";
    UnknownInstitution = "unknown-institution", Error,
        "A commitment's `lead` names no institution of the chapter.",
        "El `lead` de un compromiso no nombra ninguna institución del capítulo.";
    DuplicateInstitution = "duplicate-institution", Error,
        "Two institutions of a chapter share an id.",
        "Dos instituciones de un capítulo tienen el mismo identificador.";
    NotMember = "not-a-member", Error,
        "A State is not a member of the framework.",
        "Un Estado no es miembro del marco.";
    MissingChapter = "missing-chapter", Warning,
        "A member State has no national chapter.",
        "Un Estado miembro no tiene capítulo nacional.";
    DuplicateChapter = "duplicate-chapter", Error,
        "Two documents are written for the same State or organization.",
        "Hay dos documentos para el mismo Estado u organización.";
    DateOrder = "date-order", Error,
        "A period ends before it starts.",
        "Un período termina antes de empezar.";
    DuplicateProgressYear = "duplicate-progress-year", Error,
        "Two progress entries report the same year.",
        "Dos informes de avance corresponden al mismo año.";
    UnknownCurrency = "unknown-currency", Error,
        "An amount uses a currency with no exchange rate to the base currency.",
        "Un monto usa una moneda sin tipo de cambio a la moneda base.";
    StatusMismatch = "status-mismatch", Error,
        "A status contradicts the figures next to it.",
        "Un estado contradice las cifras que lo acompañan.";
    MissingForType = "missing-for-type", Error,
        "A pledge lacks what its type requires (an amount, a number of places).",
        "A una contribución le falta lo que su tipo exige (un monto, un número de plazas).";
    MissingTranslation = "missing-translation", Warning,
        "A text has no version in one of the framework's languages.",
        "Un texto no tiene versión en uno de los idiomas del marco.";
    UnknownReference = "unknown-reference", Error,
        "A cited or referenced id is not defined anywhere in the framework.",
        "Un identificador citado o referido no está definido en ninguna parte del marco.";
    SkippedReferences = "skipped-references", Note,
        "References to the ids of a file that could not be read were skipped (shown without `--notes`).",
        "Se omitieron las referencias a los identificadores de un archivo que no se pudo leer (se muestra también sin `--notes`).";
    DuplicateVocabulary = "duplicate-vocabulary", Error,
        "`mirps.toml` defines a pillar, population or working group twice.",
        "`mirps.toml` define dos veces un pilar, una población o un grupo de trabajo.";
    WrongKind = "wrong-kind", Error,
        "A reference names the wrong kind of item (a programme complements commitments; a pledge supports commitments or programmes).",
        "Una referencia nombra un elemento del tipo equivocado (un programa complementa compromisos; una contribución apoya compromisos o programas).";
    DuplicateReference = "duplicate-reference", Error,
        "A programme or pledge lists the same id twice, which would count it twice.",
        "Un programa o una contribución cita dos veces el mismo identificador, que se contaría dos veces.";
    OutsideStates = "outside-states", Warning,
        "A programme complements a commitment of a State it does not cover.",
        "Un programa complementa un compromiso de un Estado que no abarca.";
    OutsideBeneficiaries = "outside-beneficiaries", Warning,
        "A pledge supports a commitment or programme of a State that is not among its beneficiaries.",
        "Una contribución apoya un compromiso o programa de un Estado que no está entre sus beneficiarios.";
    OverAllocated = "over-allocated", Error,
        "A pledge allocates more to its targets than it pledges.",
        "Una contribución asigna a sus destinos más de lo que aporta.";
    Unsupported = "unsupported", Note,
        "No regional programme or pledge supports this commitment (shown with `--notes`; listed by `mirps report`).",
        "Ningún programa regional ni contribución apoya este compromiso (se muestra con `--notes`; lo lista `mirps report`).";
    OutsideFramework = "outside-framework", Error,
        "A file or folder is a link to a place outside the framework, or a configured folder lies outside it; mirps does not read it.",
        "Un archivo o carpeta es un enlace a un lugar fuera del marco, o una carpeta configurada está fuera de él; mirps no lo lee.";
    NotAFile = "not-a-file", Error,
        "A path where a document is expected is not a regular file (a link to nothing, a named pipe, a device); mirps does not read it.",
        "Donde se espera un documento hay algo que no es un archivo común (un enlace roto, una tubería con nombre, un dispositivo); mirps no lo lee.";
    LogoUnreadable = "logo-unreadable", Error,
        "A logo of `[publication] logos` in `mirps.toml` cannot be published: the file is missing or not a regular file, is larger than 1 MiB, is neither PNG nor SVG, or is an SVG holding scripts, event attributes or external references.",
        "Un logotipo de `[publication] logos` de `mirps.toml` no se puede publicar: el archivo no existe o no es un archivo común, pesa más de 1 MiB, no es PNG ni SVG, o es un SVG con scripts, atributos de evento o referencias externas.";
    WorkbookUnreadable = "workbook-unreadable", Error,
        "A file given as a workbook is not an Excel workbook (.xlsx) mirps can read: another format, damaged, protected by a password or too large.",
        "Un archivo dado como libro no es un libro de Excel (.xlsx) que mirps pueda leer: otro formato, dañado, protegido con contraseña o demasiado grande.";
    WorkbookLayout = "workbook-layout", Error,
        "A workbook was not made by `mirps sheet export` or `template`, or its hidden row of column paths was changed.",
        "Un libro no fue creado por `mirps sheet export` ni `template`, o se cambió su fila oculta de rutas de columna.";
    WorkbookFormula = "workbook-formula", Warning,
        "A cell of a workbook holds a formula: the value it last showed was read, not the formula.",
        "Una celda de un libro contiene una fórmula: se leyó el último valor que mostró, no la fórmula.";
    WorkbookMerged = "workbook-merged", Warning,
        "Cells of a workbook are merged: only the first cell's value is read.",
        "Hay celdas combinadas en un libro: solo se lee el valor de la primera.";
    WorkbookRow = "workbook-row", Error,
        "A row of a workbook belongs to nothing: its commitment or pledge is not in the workbook, or its kind of text is unknown.",
        "Una fila de un libro no pertenece a nada: su compromiso o contribución no está en el libro, o su tipo de texto es desconocido.";
    ControlCharacter = "control-character", Error,
        "A text holds an invisible control character (such as NUL or ESC) that cannot be published.",
        "Un texto contiene un carácter de control invisible (como NUL o ESC) que no se puede publicar.";
    ModelMismatch = "model-mismatch", Error,
        "The document passed its schema but could not be read; the schema and the program disagree.",
        "El documento cumple su esquema pero no se pudo leer; el esquema y el programa no coinciden.";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{name}"
            );
            for lang in Lang::ALL {
                assert!(code.description(lang).ends_with('.'));
            }
            assert_ne!(code.description(Lang::Es), code.description(Lang::En));
            assert_eq!(Code::ALL[code.index()], *code);
        }
    }
}

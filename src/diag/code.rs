//! Stable diagnostic codes. A code never changes meaning once released; scripts and CI filters
//! rely on it.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $description:literal;)*) => {
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

            /// What the code means, in one sentence.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)*
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
    InvalidUtf8 = "invalid-utf8", Error, "The file is not valid UTF-8 text.";
    YamlSyntax = "yaml-syntax", Error, "The file is not well-formed YAML.";
    TomlSyntax = "toml-syntax", Error, "`mirps.toml` is not well-formed TOML.";
    DuplicateKey = "duplicate-key", Error, "A key appears twice in the same mapping.";
    TooComplex = "too-complex", Error, "The file is too large, too deeply nested or expands too many aliases to be read safely.";
    EmptyDocument = "empty-document", Error, "The file holds no YAML document.";
    MultipleDocuments = "multiple-documents", Error, "The file holds more than one YAML document; a chapter is one document.";
    UnknownKind = "unknown-kind", Error, "`kind` is missing or is not a known document kind.";
    MissingKey = "missing-key", Error, "A required key is missing.";
    UnknownKey = "unknown-key", Error, "A key is not part of the format.";
    WrongType = "wrong-type", Error, "A value has the wrong type (text where a list is expected, say).";
    InvalidValue = "invalid-value", Error, "A value is not allowed (not one of the listed values, wrong form, out of range).";
    DuplicateId = "duplicate-id", Error, "Two commitments, programmes or pledges share an id.";
    IdPrefix = "id-prefix", Error, "An id does not start with its owner's code.";
    IdPillar = "id-pillar", Warning, "A commitment id's pillar number differs from its `pillar`.";
    UnknownPillar = "unknown-pillar", Error, "A pillar is not one of the framework's pillars.";
    UnknownPopulation = "unknown-population", Error, "A population is not one of the framework's populations.";
    UnknownWorkingGroup = "unknown-working-group", Error, "A working group is not one of the framework's working groups.";
    UnknownInstitution = "unknown-institution", Error, "A commitment's `lead` names no institution of the chapter.";
    DuplicateInstitution = "duplicate-institution", Error, "Two institutions of a chapter share an id.";
    NotMember = "not-a-member", Error, "A State is not a member of the framework.";
    MissingChapter = "missing-chapter", Warning, "A member State has no national chapter.";
    DuplicateChapter = "duplicate-chapter", Error, "Two documents are written for the same State or organization.";
    DateOrder = "date-order", Error, "A period ends before it starts.";
    DuplicateProgressYear = "duplicate-progress-year", Error, "Two progress entries report the same year.";
    UnknownCurrency = "unknown-currency", Error, "An amount uses a currency with no exchange rate to the base currency.";
    StatusMismatch = "status-mismatch", Error, "A status contradicts the figures next to it.";
    MissingForType = "missing-for-type", Error, "A pledge lacks what its type requires (an amount, a number of places).";
    MissingTranslation = "missing-translation", Warning, "A text has no version in one of the framework's languages.";
    UnknownReference = "unknown-reference", Error, "A cited or referenced id is not defined anywhere in the framework.";
    DuplicateVocabulary = "duplicate-vocabulary", Error, "`mirps.toml` defines a pillar, population or working group twice.";
    WrongKind = "wrong-kind", Error, "A reference names the wrong kind of item (a programme complements commitments; a pledge supports commitments or programmes).";
    DuplicateReference = "duplicate-reference", Error, "A programme or pledge lists the same id twice, which would count it twice.";
    OutsideStates = "outside-states", Warning, "A programme complements a commitment of a State it does not cover.";
    OutsideBeneficiaries = "outside-beneficiaries", Warning, "A pledge supports a commitment or programme of a State that is not among its beneficiaries.";
    OverAllocated = "over-allocated", Error, "A pledge allocates more to its targets than it pledges.";
    Unsupported = "unsupported", Note, "No regional programme or pledge supports this commitment (shown with `--notes`; listed by `mirps report`).";
    OutsideFramework = "outside-framework", Error, "A file or folder is a link to a place outside the framework, or a configured folder lies outside it; mirps does not read it.";
    NotAFile = "not-a-file", Error, "A path where a document is expected is not a regular file (a link to nothing, a named pipe, a device); mirps does not read it.";
    ControlCharacter = "control-character", Error, "A text holds an invisible control character (such as NUL or ESC) that cannot be published.";
    ModelMismatch = "model-mismatch", Error, "The document passed its schema but could not be read; the schema and the program disagree.";
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
            assert!(code.description().ends_with('.'));
            assert_eq!(Code::ALL[code.index()], *code);
        }
    }
}

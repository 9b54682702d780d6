//! The traps of YAML and of the format that drafters fall into, each on a copy of the shipped
//! framework with `chapters/national/gtm.yaml` changed as a drafter would change it. Each test is
//! named after what broke; each checks the code, the line, and the help in both languages.

use super::support::{Framework, parse_short};

const GTM: &str = "chapters/national/gtm.yaml";

/// The start of commitment GTM-1.3 in the shipped gtm.yaml, where most edits go.
const GTM_1_3: &str = "  - id: GTM-1.3\n    pillar: reception-admission\n";

/// A copy of the shipped framework with `edits` (`from` → `to`, each once) made to gtm.yaml.
fn drafted(edits: &[(&str, &str)]) -> Framework {
    let framework = Framework::shipped();
    let path = framework.path().join(GTM);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "gtm.yaml has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap();
    framework
}

/// The 1-based line of gtm.yaml (as edited) holding `needle`.
fn line_of(framework: &Framework, needle: &str) -> usize {
    let text = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("gtm.yaml has no {needle:?}"));
    text[..at].matches('\n').count() + 1
}

/// What validating a drafted framework said, in English and in Spanish.
struct Said {
    /// `(line, severity, code)` of each diagnostic, from `--format short`.
    found: Vec<(usize, String, String)>,
    en: String,
    es: String,
    code: Option<i32>,
}

fn validate(framework: &Framework) -> Said {
    let short = framework.validate(&["--format", "short"]);
    short.assert_no_crash();
    assert_eq!(short.stderr, "", "nothing on stderr");
    let found = short
        .stdout
        .lines()
        .map(parse_short)
        .map(|l| {
            assert_eq!(
                l.path, GTM,
                "only gtm.yaml has a problem:\n{}",
                short.stdout
            );
            (l.line, l.severity.to_string(), l.code.to_string())
        })
        .collect();
    let en = framework.validate(&["--lang", "en"]);
    let es = framework.validate(&["--lang", "es"]);
    assert_eq!(en.code, short.code);
    assert_eq!(es.code, short.code);
    Said {
        found,
        en: en.stdout,
        es: es.stdout,
        code: short.code,
    }
}

impl Said {
    /// Exactly one diagnostic: `severity[code]` at `line`.
    #[track_caller]
    fn one(&self, line: usize, severity: &str, code: &str) -> &Said {
        assert_eq!(
            self.found,
            vec![(line, severity.to_string(), code.to_string())],
            "one {severity}[{code}] at line {line}:\n{}",
            self.en
        );
        self
    }

    /// The English and the Spanish output each say what they should.
    #[track_caller]
    fn says(&self, en: &str, es: &str) -> &Said {
        assert!(self.en.contains(en), "English lacks {en:?}:\n{}", self.en);
        assert!(self.es.contains(es), "Spanish lacks {es:?}:\n{}", self.es);
        self
    }

    /// Neither language says `text`.
    #[track_caller]
    fn never(&self, text: &str) -> &Said {
        assert!(
            !self.en.contains(text),
            "English says {text:?}:\n{}",
            self.en
        );
        assert!(
            !self.es.contains(text),
            "Spanish says {text:?}:\n{}",
            self.es
        );
        self
    }
}

#[test]
fn dot_thousands_separator_is_not_published_as_450() {
    let framework = drafted(&[(
        GTM_1_3,
        &format!(
            "{GTM_1_3}    budget: {{ currency: USD, required: 900000, state_investment: 450.000 }}\n"
        ),
    )]);
    let said = validate(&framework);
    said.one(
        line_of(&framework, "state_investment: 450.000"),
        "error",
        "thousands-separator",
    )
    .says(
        "this looks like 450 000 with a dot as a thousands separator, but YAML reads it as 450",
        "parece 450 000 con un punto como separador de miles, pero YAML lo lee como 450",
    )
    .says(
        "help: write `450000`, without thousands separators",
        "ayuda: escriba `450000`, sin separadores de miles",
    );
    assert_eq!(said.code, Some(1), "an error, not a warning");
    // Nothing is published with the amount read as 450.
    let export = framework.run(&["export", "--format", "csv"]);
    export.assert_no_crash();
    assert_ne!(export.code, Some(0), "export refuses:\n{}", export.stdout);
    assert!(!export.stdout.contains("GTM-1.3"), "{}", export.stdout);
}

#[test]
fn dot_thousands_separator_in_a_block_mapping_and_in_a_count() {
    let framework = drafted(&[(
        GTM_1_3,
        &format!("{GTM_1_3}    budget:\n      currency: USD\n      required: 1.500\n"),
    )]);
    validate(&framework)
        .one(
            line_of(&framework, "required: 1.500"),
            "error",
            "thousands-separator",
        )
        .says("help: write `1500`", "ayuda: escriba `1500`");
}

#[test]
fn dotted_text_amount_has_help() {
    let framework = drafted(&[(
        GTM_1_3,
        &format!("{GTM_1_3}    budget: {{ currency: USD, required: 1.200.000 }}\n"),
    )]);
    validate(&framework)
        .one(
            line_of(&framework, "1.200.000"),
            "error",
            "thousands-separator",
        )
        .says(
            "looks like 1 200 000 with dots as thousands separators",
            "parece 1 200 000 con puntos como separadores de miles",
        )
        .says(
            "help: write `1200000`, without thousands separators",
            "ayuda: escriba `1200000`, sin separadores de miles",
        );
}

#[test]
fn us_dollar_amount_gives_the_number() {
    // In a flow mapping the comma ends the entry: YAML reads `US$ 450` and a key `000`.
    let framework = drafted(&[(
        GTM_1_3,
        &format!("{GTM_1_3}    budget: {{ currency: USD, required: US$ 450,000 }}\n"),
    )]);
    validate(&framework)
        .one(line_of(&framework, "US$ 450,000"), "error", "amount-format")
        .says(
            "`required` must be a plain number, without currency or thousands separators; found `US$ 450,000`",
            "`required` debe ser un número simple, sin moneda ni separadores de miles; se encontró `US$ 450,000`",
        )
        .says(
            "help: write `450000`; the currency goes in `currency`",
            "ayuda: escriba `450000`; la moneda va en `currency`",
        )
        .never("unknown key")
        .never("clave desconocida");
}

#[test]
fn us_dollar_amount_on_its_own_line_gives_the_number() {
    let framework = drafted(&[(
        GTM_1_3,
        &format!("{GTM_1_3}    budget:\n      currency: USD\n      required: US$ 450,000\n"),
    )]);
    validate(&framework)
        .one(line_of(&framework, "US$ 450,000"), "error", "amount-format")
        .says(
            "help: write `450000`; the currency goes in `currency`",
            "ayuda: escriba `450000`; la moneda va en `currency`",
        );
}

#[test]
fn comma_and_space_separated_amounts_give_the_number() {
    for written in ["450,000", "450 000"] {
        let framework = drafted(&[(
            GTM_1_3,
            &format!("{GTM_1_3}    budget: {{ currency: USD, required: {written} }}\n"),
        )]);
        validate(&framework)
            .one(line_of(&framework, written), "error", "amount-format")
            .says("help: write `450000`", "ayuda: escriba `450000`")
            .never("unknown key");
    }
}

#[test]
fn hash_in_plain_title_is_reported() {
    let framework = drafted(&[(
        "      es: Mejorar el registro, la determinación de la condición de refugiado y la gestión de casos\n",
        "      es: Compromiso #3 de protección\n",
    )]);
    let said = validate(&framework);
    said.one(line_of(&framework, "Compromiso #3"), "warning", "text-after-hash")
        .says(
            "the text after `#` was dropped: YAML reads it as a comment, so `title` is only `Compromiso`",
            "se perdió el texto que sigue al `#`: YAML lo lee como un comentario, así que `title` solo dice `Compromiso`",
        )
        .says(
            "help: put the whole text between quotes: `\"Compromiso #3 de protección\"`",
            "ayuda: ponga todo el texto entre comillas: `\"Compromiso #3 de protección\"`",
        );
    assert_eq!(said.code, Some(0), "a warning");
}

#[test]
fn hash_after_a_code_or_an_id_is_a_comment() {
    let framework = drafted(&[
        (
            "kind: national-chapter\n",
            "kind: national-chapter  # capítulo nacional\n",
        ),
        ("    lead: DRER\n", "    lead: DRER   # el departamento\n"),
        ("status: adopted\n", "status: adopted # aprobado en 2019\n"),
        (
            "populations: [asylum-seekers]",
            "populations: [asylum-seekers] # solicitantes",
        ),
    ]);
    let said = validate(&framework);
    assert!(said.found.is_empty(), "{}", said.en);
}

#[test]
fn pillar_soluciones_duraderas_suggests_durable_solutions_only() {
    let framework = drafted(&[(
        GTM_1_3,
        "  - id: GTM-1.3\n    pillar: Soluciones duraderas\n",
    )]);
    let said = validate(&framework);
    said.one(
        line_of(&framework, "Soluciones duraderas"),
        "error",
        "unknown-pillar",
    )
    .says(
        "help: did you mean `durable-solutions`?",
        "ayuda: ¿quiso decir `durable-solutions`?",
    )
    .says(
        "`Soluciones duraderas` is not a pillar of this framework",
        "`Soluciones duraderas` no es un pilar de este marco",
    );
    // Examples from the other vocabularies (populations, working groups) are not offered.
    said.never("asylum-seekers").never("`protection`");
}

#[test]
fn population_in_spanish_suggests_the_population() {
    let framework = drafted(&[(
        "    populations: [asylum-seekers]\n    working_groups: [protection]\n    lead: DRER\n",
        "    populations: [solicitantes de asilo]\n    working_groups: [protection]\n    lead: DRER\n",
    )]);
    validate(&framework)
        .one(
            line_of(&framework, "solicitantes de asilo]"),
            "error",
            "unknown-population",
        )
        .says(
            "help: did you mean `asylum-seekers`?",
            "ayuda: ¿quiso decir `asylum-seekers`?",
        )
        .never("durable-solutions");
}

#[test]
fn status_en_curso_suggests() {
    let framework = drafted(&[("status: in-progress", "status: en curso")]);
    validate(&framework)
        .one(
            line_of(&framework, "status: en curso"),
            "error",
            "invalid-value",
        )
        .says(
            "help: did you mean `in-progress`?",
            "ayuda: ¿quiso decir `in-progress`?",
        );
}

#[test]
fn status_completado_suggests() {
    let framework = drafted(&[("status: completed", "status: completado")]);
    validate(&framework)
        .one(
            line_of(&framework, "status: completado"),
            "error",
            "invalid-value",
        )
        .says(
            "help: did you mean `completed`?",
            "ayuda: ¿quiso decir `completed`?",
        );
}

#[test]
fn priority_alta_suggests() {
    let framework = drafted(&[(GTM_1_3, &format!("{GTM_1_3}    priority: alta\n"))]);
    validate(&framework)
        .one(
            line_of(&framework, "priority: alta"),
            "error",
            "invalid-value",
        )
        .says("help: did you mean `high`?", "ayuda: ¿quiso decir `high`?");
}

#[test]
fn titulo_help_names_the_key_not_a_title() {
    let framework = drafted(&[(
        &format!("{GTM_1_3}    title:"),
        &format!("{GTM_1_3}    titulo:"),
    )]);
    let said = validate(&framework);
    said.one(line_of(&framework, "titulo:"), "error", "unknown-key")
        .says(
            "help: did you mean `title`?",
            "ayuda: ¿quiso decir `title`?",
        )
        // Not the missing `title` again, and no title quoted from anywhere.
        .never("missing-key")
        .never("Cédula")
        .never("Fortalecer");
}

#[test]
fn descripcion_and_prioridad_name_their_keys() {
    let framework = drafted(&[
        (
            "    description:\n      es: Logro informado en la plataforma del MIRPS.",
            "    descripcion:\n      es: Logro informado en la plataforma del MIRPS.",
        ),
        (GTM_1_3, &format!("{GTM_1_3}    prioridad: high\n")),
    ]);
    let said = validate(&framework);
    let line_desc = line_of(&framework, "descripcion:");
    let line_prio = line_of(&framework, "prioridad:");
    assert_eq!(
        said.found,
        vec![
            (line_prio, "error".into(), "unknown-key".into()),
            (line_desc, "error".into(), "unknown-key".into()),
        ],
        "{}",
        said.en
    );
    said.says("did you mean `description`?", "¿quiso decir `description`?")
        .says("did you mean `priority`?", "¿quiso decir `priority`?");
}

#[test]
fn day_first_date_gives_the_iso_date() {
    for written in ["15/11/2019", "15-11-2019", "15 de noviembre de 2019"] {
        let framework = drafted(&[("updated: 2025-10-31", &format!("updated: {written}"))]);
        validate(&framework)
            .one(line_of(&framework, "updated:"), "error", "date-format")
            .says(
                "help: write it year-month-day: `2019-11-15`",
                "ayuda: escríbala año-mes-día: `2019-11-15`",
            );
    }
}

#[test]
fn month_without_day_asks_for_the_day() {
    let framework = drafted(&[("updated: 2025-10-31", "updated: noviembre de 2019")]);
    validate(&framework)
        .one(line_of(&framework, "updated:"), "error", "date-format")
        .says(
            "help: give the day too, year-month-day: `2019-11-DD`",
            "ayuda: indique también el día, en el orden año-mes-día: `2019-11-DD`",
        );
    // Where a year alone is accepted, the year is offered too.
    let framework = drafted(&[(
        "timeframe: { start: 2018 }",
        "timeframe: { start: noviembre de 2018 }",
    )]);
    validate(&framework)
        .one(
            line_of(&framework, "noviembre de 2018"),
            "error",
            "date-format",
        )
        .says("or just the year: `2018`", "o solo el año: `2018`");
}

/// The shipped framework trips none of the traps (no ` #` in a plain text, no `450.000`).
#[test]
fn shipped_framework_trips_no_trap() {
    let framework = drafted(&[]);
    let said = validate(&framework);
    assert!(said.found.is_empty(), "{}", said.en);
    assert_eq!(said.code, Some(0));
}

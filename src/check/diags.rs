//! The diagnostics of the document and framework rules, one constructor per diagnostic: each
//! builds the whole [`Diagnostic`] — message, labels and help — in Spanish and English. The
//! rules decide what is wrong; these functions say it.

use std::sync::Arc;

use crate::diag::{Arg, Code, Diagnostic, Severity, Text, count};
use crate::model::Kind;
use crate::t;

pub use crate::diag::At;

// ---------------------------------------------------------------------------------------------
// Document rules
// ---------------------------------------------------------------------------------------------

/// `status-mismatch`: a submitted or adopted chapter without commitments.
pub fn status_without_commitments(at: At, status: &str) -> Diagnostic {
    Diagnostic::new(
        Code::StatusMismatch,
        t!(
            es: "un capítulo marcado como `{status}` debe incluir al menos un compromiso",
            en: "a chapter marked `{status}` must list at least one commitment",
            status = status,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "estado indicado aquí", en: "status set here"),
    )
    .help(t!(
        es: "agregue los compromisos, o ponga `status: draft` mientras los redacta",
        en: "add the commitments, or set `status: draft` while they are being written",
    ))
}

/// `unknown-institution`: a commitment's `lead` is not among the chapter's institutions.
pub fn unknown_institution(
    at: At,
    lead: &str,
    candidate: Option<&str>,
    institutions: &[&str],
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownInstitution,
        t!(
            es: "`lead` nombra `{lead}`, que no es una institución de este capítulo",
            en: "`lead` names `{lead}`, which is not an institution of this chapter",
            lead = lead,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "no está en `institutions`", en: "not in `institutions`"),
    );
    match candidate {
        Some(candidate) => d.did_you_mean(candidate),
        None => d.help(t!(
            es: "agregue `{lead}` a `institutions`, o use una de estas: {ids}",
            en: "add `{lead}` to `institutions`, or use one of {ids}",
            lead = lead,
            ids = Arg::one_of(institutions),
        )),
    }
}

/// `duplicate-institution`: two institutions of a chapter share an id.
pub fn duplicate_institution(again: At, first: At, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateInstitution,
        t!(
            es: "la institución `{id}` aparece dos veces",
            en: "the institution `{id}` is listed twice",
            id = id,
        ),
    )
    .at(
        again.0,
        again.1,
        t!(es: "repetida aquí", en: "listed again here"),
    )
    .also(
        first.0,
        first.1,
        t!(es: "primera vez aquí", en: "first listed here"),
    )
}

/// `duplicate-progress-year`: a commitment reports the same year twice.
pub fn duplicate_progress_year(again: At, first: At, id: &str, year: i32) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateProgressYear,
        t!(
            es: "{id} tiene dos entradas de avance para {year}",
            en: "{id} has two progress entries for {year}",
            id = id,
            year = year,
        ),
    )
    .at(
        again.0,
        again.1,
        t!(es: "informado de nuevo aquí", en: "reported again here"),
    )
    .also(
        first.0,
        first.1,
        t!(es: "informado primero aquí", en: "first reported here"),
    )
    .help(t!(
        es: "una las dos entradas: cada año de informe tiene una sola entrada",
        en: "merge the two entries; each reporting year has one entry",
    ))
}

fn percent_label() -> Text {
    t!(es: "no coincide con el estado", en: "does not match the status")
}

fn status_label() -> Text {
    t!(es: "estado", en: "status")
}

/// `status-mismatch`: `completed` below 100 percent.
pub fn completed_below_100(percent_at: At, status_at: At, percent: u8) -> Diagnostic {
    Diagnostic::new(
        Code::StatusMismatch,
        t!(
            es: "el estado es `completed` pero `percent` es {percent}",
            en: "status is `completed` but `percent` is {percent}",
            percent = u32::from(percent),
        ),
    )
    .at(percent_at.0, percent_at.1, percent_label())
    .also(status_at.0, status_at.1, status_label())
    .help(t!(
        es: "un compromiso completado está al 100 %; ponga `percent: 100` o `status: in-progress`",
        en: "a completed commitment is at 100 percent; set `percent: 100` or `status: in-progress`",
    ))
}

/// `status-mismatch` (warning): `planned` with work already done.
pub fn planned_but_started(percent_at: At, status_at: At, percent: u8) -> Diagnostic {
    Diagnostic::new(
        Code::StatusMismatch,
        t!(
            es: "el estado es `planned` pero `percent` es {percent}",
            en: "status is `planned` but `percent` is {percent}",
            percent = u32::from(percent),
        ),
    )
    .severity(Severity::Warning)
    .at(percent_at.0, percent_at.1, percent_label())
    .also(status_at.0, status_at.1, status_label())
    .help(t!(
        es: "si el trabajo ya empezó, el estado es `in-progress`",
        en: "work that has started is `in-progress`",
    ))
}

/// `status-mismatch` (warning): `in-progress` at 100 percent.
pub fn in_progress_but_finished(percent_at: At, status_at: At) -> Diagnostic {
    Diagnostic::new(
        Code::StatusMismatch,
        t!(
            es: "el estado es `in-progress` pero `percent` es 100",
            en: "status is `in-progress` but `percent` is 100",
        ),
    )
    .severity(Severity::Warning)
    .at(percent_at.0, percent_at.1, percent_label())
    .also(status_at.0, status_at.1, status_label())
    .help(t!(
        es: "si el trabajo terminó, el estado es `completed`",
        en: "finished work is `completed`",
    ))
}

/// `invalid-value`: a pledge disbursed more than it pledged.
pub fn disbursed_over_pledged(
    disbursed_at: At,
    pledged_at: At,
    id: &str,
    disbursed: &str,
    pledged: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "{id} desembolsó {disbursed}, más de los {pledged} comprometidos",
            en: "{id} disbursed {disbursed}, more than the {pledged} pledged",
            id = id,
            disbursed = disbursed,
            pledged = pledged,
        ),
    )
    .at(
        disbursed_at.0,
        disbursed_at.1,
        t!(es: "más de lo comprometido", en: "more than pledged"),
    )
    .also(
        pledged_at.0,
        pledged_at.1,
        t!(es: "comprometido", en: "pledged"),
    )
}

/// `status-mismatch` (warning): a `fulfilled` pledge that disbursed less than it pledged.
pub fn fulfilled_not_disbursed(
    disbursed_at: At,
    status_at: At,
    id: &str,
    disbursed: &str,
    pledged: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::StatusMismatch,
        t!(
            es: "{id} está `fulfilled` pero desembolsó {disbursed} de {pledged}",
            en: "{id} is `fulfilled` but disbursed {disbursed} of {pledged}",
            id = id,
            disbursed = disbursed,
            pledged = pledged,
        ),
    )
    .severity(Severity::Warning)
    .at(
        disbursed_at.0,
        disbursed_at.1,
        t!(es: "menos de lo comprometido", en: "less than pledged"),
    )
    .also(status_at.0, status_at.1, status_label())
    .help(t!(
        es: "una contribución cumplida desembolsó todo lo comprometido; si no es así, ponga `status: in-progress`",
        en: "a fulfilled pledge has disbursed what it pledged; or set `status: in-progress`",
    ))
}

/// `missing-for-type`: a financial pledge without `amount`.
pub fn financial_without_amount(at: At, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingForType,
        t!(
            es: "la contribución financiera {id} no tiene `amount`",
            en: "the financial pledge {id} has no `amount`",
            id = id,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(
            es: "una contribución financiera indica su monto",
            en: "financial pledges state their amount",
        ),
    )
    .help(t!(
        es: "agregue `amount: {{ currency: USD, pledged: 100000 }}`",
        en: "add `amount: {{ currency: USD, pledged: 100000 }}`",
    ))
}

/// `missing-for-type`: a pledge allocates amounts in `supports` without an `amount`.
pub fn allocates_without_amount(at: At, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingForType,
        t!(
            es: "{id} asigna montos en `supports` pero no tiene `amount`",
            en: "{id} allocates amounts in `supports` but has no `amount`",
            id = id,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(
            es: "las asignaciones necesitan la moneda de la contribución",
            en: "allocations need the pledge's currency",
        ),
    )
    .help(t!(
        es: "agregue `amount:` con la moneda y el total comprometido",
        en: "add `amount:` with the currency and the total pledged",
    ))
}

/// `missing-for-type`: a resettlement pledge without `places`.
pub fn resettlement_without_places(at: At, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingForType,
        t!(
            es: "la contribución de reasentamiento {id} no dice cuántas plazas ofrece (`places`)",
            en: "the resettlement pledge {id} does not say how many `places`",
            id = id,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(
            es: "una contribución de reasentamiento indica sus plazas",
            en: "resettlement pledges state their places",
        ),
    )
    .help(t!(
        es: "agregue `places: 200` (las personas que se reasentarán)",
        en: "add `places: 200` (people to be resettled)",
    ))
}

/// `id-prefix`: an id that does not start with its owner's code; `suggested` is the id with it.
pub fn id_prefix(at: At, id: &str, prefix: &str, suggested: &str) -> Diagnostic {
    Diagnostic::new(
        Code::IdPrefix,
        t!(
            es: "el identificador `{id}` no empieza con `{prefix}`",
            en: "the id `{id}` does not start with `{prefix}`",
            id = id,
            prefix = prefix,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "se espera `{prefix}…`", en: "expected `{prefix}…`", prefix = prefix),
    )
    .help(t!(
        es: "los identificadores empiezan con el código de su titular: `{suggested}`",
        en: "ids start with the owner's code: `{suggested}`",
        suggested = suggested,
    ))
}

/// `id-pillar`: the pillar number in a commitment id differs from its `pillar`.
pub fn id_pillar(
    id_at: At,
    pillar_at: At,
    id: &str,
    number: u32,
    pillar: &str,
    pillar_number: u32,
) -> Diagnostic {
    Diagnostic::new(
        Code::IdPillar,
        t!(
            es: "`{id}` indica el pilar {number}, pero su pilar `{pillar}` es el número {pillar_number}",
            en: "`{id}` reads as pillar {number}, but its pillar `{pillar}` is number {pillar_number}",
            id = id,
            number = number,
            pillar = pillar,
            pillar_number = pillar_number,
        ),
    )
    .at(
        id_at.0,
        id_at.1,
        t!(es: "pilar {number}", en: "pillar {number}", number = number),
    )
    .also(
        pillar_at.0,
        pillar_at.1,
        t!(es: "pilar {number}", en: "pillar {number}", number = pillar_number),
    )
    .help(t!(
        es: "numere los compromisos como ESTADO-PILAR.N, para que se encuentren bajo su pilar",
        en: "number commitments as STATE-PILLAR.N so readers find them under the right pillar",
    ))
}

/// Where a State is named, for `not-a-member`.
#[derive(Clone, Copy, Debug)]
pub enum StateRole {
    /// A national chapter's `state`.
    ChapterState,
    /// A programme's `states`.
    States,
    /// A pledge's `beneficiaries`.
    Beneficiaries,
}

/// `not-a-member`: a State that is not a member of the framework.
pub fn not_a_member(
    at: At,
    state: &str,
    role: StateRole,
    members: &[&str],
    candidate: Option<&str>,
) -> Diagnostic {
    let message = match role {
        StateRole::ChapterState => t!(
            es: "`{state}`, el `state` del capítulo, no es un Estado miembro de este marco",
            en: "`{state}` as the chapter's `state` is not a member State of this framework",
            state = state,
        ),
        StateRole::States => t!(
            es: "`{state}` en `states` no es un Estado miembro de este marco",
            en: "`{state}` in `states` is not a member State of this framework",
            state = state,
        ),
        StateRole::Beneficiaries => t!(
            es: "`{state}` en `beneficiaries` no es un Estado miembro de este marco",
            en: "`{state}` in `beneficiaries` is not a member State of this framework",
            state = state,
        ),
    };
    let d = Diagnostic::new(Code::NotMember, message).at(
        at.0,
        at.1,
        t!(es: "no está en `members`", en: "not in `members`"),
    );
    match candidate {
        Some(candidate) => d.did_you_mean(candidate),
        None => d.help(t!(
            es: "los miembros son {members}; la secretaría agrega Estados en `mirps.toml`",
            en: "members are {members}; the secretariat adds States in `mirps.toml`",
            members = Arg::one_of(members),
        )),
    }
}

/// `date-order`: a period that ends before it starts.
pub fn date_order(end_at: At, start_at: At, end: &str, start: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DateOrder,
        t!(
            es: "el período termina ({end}) antes de empezar ({start})",
            en: "the period ends ({end}) before it starts ({start})",
            end = end,
            start = start,
        ),
    )
    .at(end_at.0, end_at.1, t!(es: "fin", en: "end"))
    .also(start_at.0, start_at.1, t!(es: "inicio", en: "start"))
    .help(t!(
        es: "intercambie `start` y `end`, o corrija el año",
        en: "swap `start` and `end`, or correct the year",
    ))
}

/// `invalid-value` (warning): the State invests more than the commitment requires.
pub fn state_investment_over_required(
    state_at: At,
    required_at: At,
    state: &str,
    required: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "la inversión del Estado ({state}) supera el monto requerido ({required})",
            en: "the State investment ({state}) exceeds the amount required ({required})",
            state = state,
            required = required,
        ),
    )
    .severity(Severity::Warning)
    .at(
        state_at.0,
        state_at.1,
        t!(es: "más de lo requerido", en: "more than required"),
    )
    .also(
        required_at.0,
        required_at.1,
        t!(es: "requerido", en: "required"),
    )
    .help(t!(
        es: "`required` es el costo total del compromiso, con la inversión del Estado incluida",
        en: "`required` is the commitment's total cost, State investment included",
    ))
}

/// `unknown-currency`: a currency with no rate to the base currency.
pub fn unknown_currency(at: At, code: &str, base: &str, known: &[&str]) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownCurrency,
        t!(
            es: "no hay tipo de cambio de {code} a {base}",
            en: "there is no exchange rate from {code} to {base}",
            code = code,
            base = base,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "moneda sin tipo de cambio", en: "no rate for this currency"),
    )
    .help(t!(
        es: "las monedas con tipo de cambio son {known}; o pida a la secretaría que agregue `{code}` en `[currency] rates` de mirps.toml",
        en: "the currencies with a rate are {known}; or ask the secretariat to add `{code}` under `[currency] rates` in mirps.toml",
        known = Arg::one_of(known),
        code = code,
    ))
}

/// A language by its code, for messages: "English (`en`)" / "inglés (`en`)".
pub fn language_name(code: &str) -> Text {
    match code {
        "es" | "en" | "fr" | "pt" => t!(
            es: "{name} (`{code}`)",
            en: "{name} (`{code}`)",
            name = crate::lang::language_name(code),
            code = code,
        ),
        other => t!(es: "`{code}`", en: "`{code}`", code = other),
    }
}

/// "Spanish (`es`) or English (`en`)" / "español (`es`) ni en inglés (`en`)", after "no text in".
fn language_names(codes: &[&str]) -> Text {
    match codes {
        [] => Text::EMPTY,
        [one] => language_name(one),
        [first, rest @ ..] => t!(
            es: "{first} ni en {rest}",
            en: "{first} or {rest}",
            first = language_name(first),
            rest = language_names(rest),
        ),
    }
}

/// `missing-translation`: `field` lacks the languages `missing`.
pub fn missing_translation(at: At, field: &str, missing: &[&str]) -> Diagnostic {
    let example = missing
        .iter()
        .map(|l| format!("{l}: …"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::new(
        Code::MissingTranslation,
        t!(
            es: "`{field}` no tiene texto en {names}",
            en: "`{field}` has no {names} text",
            field = field,
            names = language_names(missing),
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "falta: {langs}", en: "missing {langs}", langs = missing.join(", ")),
    )
    .help(t!(
        es: "escríbalo con una traducción por idioma: agregue `{example}`",
        en: "write it as a map of translations, adding {example}",
        example = example,
    ))
}

// ---------------------------------------------------------------------------------------------
// Framework rules
// ---------------------------------------------------------------------------------------------

/// `duplicate-id`: two items share an id.
pub fn duplicate_id(again: At, first: At, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateId,
        t!(
            es: "el identificador `{id}` se usa dos veces",
            en: "the id `{id}` is used twice",
            id = id,
        ),
    )
    .at(
        again.0,
        again.1,
        t!(es: "usado de nuevo aquí", en: "used again here"),
    )
    .also(
        first.0,
        first.1,
        t!(es: "usado primero aquí", en: "first used here"),
    )
    .help(t!(
        es: "cada compromiso, programa y contribución necesita su propio identificador; renumere uno de los dos",
        en: "every commitment, programme and pledge needs its own id; renumber one of them",
    ))
}

/// `duplicate-chapter`: two documents for one owner.
pub fn duplicate_chapter(again: At, first: At, kind: Kind, owner: &str) -> Diagnostic {
    let message = match kind {
        Kind::National => t!(
            es: "`{owner}` tiene más de un capítulo nacional",
            en: "`{owner}` has more than one national chapter",
            owner = owner,
        ),
        Kind::Regional => t!(
            es: "`{owner}` tiene más de un plan regional",
            en: "`{owner}` has more than one regional plan",
            owner = owner,
        ),
        Kind::Cooperation => t!(
            es: "`{owner}` tiene más de un documento de cooperación",
            en: "`{owner}` has more than one cooperation document",
            owner = owner,
        ),
    };
    Diagnostic::new(Code::DuplicateChapter, message)
        .at(
            again.0,
            again.1,
            t!(es: "otro aquí", en: "another one here"),
        )
        .also(
            first.0,
            first.1,
            t!(es: "el primero aquí", en: "first one here"),
        )
        .help(t!(
            es: "deje un solo documento por Estado u organización: una los dos",
            en: "keep one document per State or organization; merge the two",
        ))
}

/// `missing-chapter`: a member State without a national chapter; `path` is where to add it.
pub fn missing_chapter(at: At, member: &str, path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingChapter,
        t!(
            es: "el Estado miembro `{member}` no tiene capítulo nacional",
            en: "the member State `{member}` has no national chapter",
            member = member,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "miembro sin capítulo", en: "member without a chapter"),
    )
    .help(t!(
        es: "agregue `{path}` con `state: {member}`",
        en: "add `{path}` with `state: {member}`",
        path = path,
        member = member,
    ))
}

/// How a reference is written, for `unknown-reference`.
#[derive(Clone, Copy, Debug)]
pub enum ReferenceWay {
    Citation,
    Complements,
    Supports,
}

/// `unknown-reference`: an id defined nowhere; `candidate` is a close one.
pub fn unknown_reference(
    at: At,
    way: ReferenceWay,
    target: &str,
    candidate: Option<&str>,
) -> Diagnostic {
    let message = match way {
        ReferenceWay::Citation => t!(
            es: "este texto cita `{target}`, que no está definido en el marco",
            en: "this text cites `{target}`, which is not defined in the framework",
            target = target,
        ),
        ReferenceWay::Complements => t!(
            es: "este programa complementa `{target}`, que no está definido en el marco",
            en: "this programme complements `{target}`, which is not defined in the framework",
            target = target,
        ),
        ReferenceWay::Supports => t!(
            es: "esta contribución apoya `{target}`, que no está definido en el marco",
            en: "this pledge supports `{target}`, which is not defined in the framework",
            target = target,
        ),
    };
    let d = Diagnostic::new(Code::UnknownReference, message).at(
        at.0,
        at.1,
        t!(es: "identificador desconocido", en: "unknown id"),
    );
    match candidate {
        Some(candidate) => d.did_you_mean(candidate),
        None => d.help(t!(
            es: "revise el identificador, o agregue el compromiso, programa o contribución que nombra",
            en: "check the id, or add the commitment, programme or pledge it names",
        )),
    }
}

/// `skipped-references`: references to the ids of files that could not be read were set aside.
///
/// `first` is the first of them, `references` how many there are, in `files` files; `prefixes`
/// the owner codes they start with (`GTM`) and `unread` the files that could not be read.
pub fn skipped_references(
    first: At,
    references: usize,
    files: usize,
    prefixes: &[String],
    unread: &[&str],
) -> Diagnostic {
    let ids: Vec<String> = prefixes.iter().map(|p| format!("{p}-…")).collect();
    let in_files = count(
        files,
        t!(es: "{n} archivo", en: "{n} file", n = files),
        t!(es: "{n} archivos", en: "{n} files", n = files),
    );
    let message = count(
        references,
        t!(
            es: "no se comprobó {n} referencia a {ids} (en {files}): no se pudo leer {unread}",
            en: "{n} reference to {ids} (in {files}) was not checked: {unread} could not be read",
            n = references,
            ids = Arg::one_of(&ids),
            files = in_files.clone(),
            unread = Arg::all_of(unread),
        ),
        t!(
            es: "no se comprobaron {n} referencias a {ids} (en {files}): no se pudo leer {unread}",
            en: "{n} references to {ids} (in {files}) were not checked: {unread} could not be read",
            n = references,
            ids = Arg::one_of(&ids),
            files = in_files,
            unread = Arg::all_of(unread),
        ),
    );
    let help: Arc<Text> = Arc::new(t!(
        es: "corrija primero el error de {unread}; mirps comprobará estas referencias cuando pueda leerlo",
        en: "correct the error in {unread} first; mirps checks these references once it can read it",
        unread = Arg::all_of(unread),
    ));
    Diagnostic::new(Code::SkippedReferences, message)
        .at(first.0, first.1, t!(es: "sin comprobar", en: "not checked"))
        .help(help)
}

/// `model-mismatch`: a schema-valid document the typed model cannot read (`error` is serde's).
pub fn model_mismatch(at: At, error: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ModelMismatch,
        t!(
            es: "el documento cumple su esquema pero mirps no puede leerlo: {error}",
            en: "the document matches its schema but mirps cannot read it: {error}",
            error = error,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "en este documento", en: "in this document"),
    )
    .help(t!(
        es: "es un error de mirps o de un esquema propio del marco; infórmelo, por favor, junto con el archivo",
        en: "this is a bug in mirps or in an overriding schema; please report it with the file",
    ))
}

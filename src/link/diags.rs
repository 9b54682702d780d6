//! The diagnostics of linking, one constructor per diagnostic: each builds the whole
//! [`Diagnostic`] — message, labels and help — in Spanish and English.

use crate::check::ItemKind;
use crate::diag::{Code, Diagnostic, Text};
use crate::t;

pub use crate::diag::At;

/// `duplicate-reference`: a programme or pledge lists a target twice.
pub fn duplicate_reference(again: At, first: At, from: &str, target: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateReference,
        t!(
            es: "{from} menciona `{target}` dos veces",
            en: "{from} lists `{target}` twice",
            from = from,
            target = target,
        ),
    )
    .at(again.0, again.1, t!(es: "repetido aquí", en: "listed again here"))
    .also(first.0, first.1, t!(es: "primera vez aquí", en: "first listed here"))
    .help(t!(
        es: "escriba cada destino una sola vez; si le asigna un monto, ponga el total en una sola entrada",
        en: "list each target once; with an allocation, give the total amount in one entry",
    ))
}

/// "a programme" / "un programa": an item of `kind`, with its article.
fn a_kind(kind: ItemKind) -> Text {
    match kind {
        ItemKind::Commitment => t!(es: "un compromiso", en: "a commitment"),
        ItemKind::Programme => t!(es: "un programa", en: "a programme"),
        ItemKind::Pledge => t!(es: "una contribución", en: "a pledge"),
    }
}

/// `wrong-kind`: a programme complements something other than a national commitment.
pub fn complements_wrong_kind(at: At, from: &str, target: &str, kind: ItemKind) -> Diagnostic {
    Diagnostic::new(
        Code::WrongKind,
        t!(
            es: "{from} complementa `{target}`, que es {kind}",
            en: "{from} complements `{target}`, which is {kind}",
            from = from,
            target = target,
            kind = a_kind(kind),
        ),
    )
    .at(at.0, at.1, a_kind(kind))
    .help(t!(
        es: "`complements` enumera compromisos nacionales",
        en: "`complements` lists national commitments",
    ))
}

/// `wrong-kind`: a pledge supports something other than a commitment or a programme.
pub fn supports_wrong_kind(at: At, from: &str, target: &str, kind: ItemKind) -> Diagnostic {
    Diagnostic::new(
        Code::WrongKind,
        t!(
            es: "{from} apoya `{target}`, que es {kind}",
            en: "{from} supports `{target}`, which is {kind}",
            from = from,
            target = target,
            kind = a_kind(kind),
        ),
    )
    .at(at.0, at.1, a_kind(kind))
    .help(t!(
        es: "`supports` enumera compromisos nacionales o programas regionales",
        en: "`supports` lists national commitments or regional programmes",
    ))
}

/// `outside-states`: a programme complements a commitment of a State it does not cover.
pub fn outside_states(at: At, from: &str, target: &str, whose: &str) -> Diagnostic {
    Diagnostic::new(
        Code::OutsideStates,
        t!(
            es: "{from} complementa `{target}` ({whose}), de un Estado que no está en sus `states`",
            en: "{from} complements `{target}` ({whose}), a State outside its `states`",
            from = from,
            target = target,
            whose = whose,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "{whose} no está en `states`", en: "{whose} is not in `states`", whose = whose),
    )
    .help(t!(
        es: "agregue {whose} a `states`, o quite `{target}`",
        en: "add {whose} to `states`, or remove `{target}`",
        whose = whose,
        target = target,
    ))
}

/// `outside-beneficiaries`: a pledge supports an item of a State not among its beneficiaries.
pub fn outside_beneficiaries(at: At, from: &str, target: &str, whose: &str) -> Diagnostic {
    Diagnostic::new(
        Code::OutsideBeneficiaries,
        t!(
            es: "{from} apoya `{target}` ({whose}), que no está entre sus `beneficiaries`",
            en: "{from} supports `{target}` ({whose}), which is not among its `beneficiaries`",
            from = from,
            target = target,
            whose = whose,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(
            es: "{whose} no está en `beneficiaries`",
            en: "{whose} is not in `beneficiaries`",
            whose = whose,
        ),
    )
    .help(t!(
        es: "agregue {whose} a `beneficiaries`, o quite `{target}`",
        en: "add {whose} to `beneficiaries`, or remove `{target}`",
        whose = whose,
        target = target,
    ))
}

/// `over-allocated`: a pledge allocates more than it pledges; `allocated` is `None` when the
/// sum is too large to hold.
pub fn over_allocated(
    at: At,
    id: &str,
    allocated: Option<&str>,
    currency: &str,
    pledged: &str,
) -> Diagnostic {
    let allocated = match allocated {
        Some(amount) => Text::verbatim(amount),
        None => t!(es: "más", en: "more"),
    };
    Diagnostic::new(
        Code::OverAllocated,
        t!(
            es: "{id} asigna {allocated} {currency} a sus destinos, pero aporta {pledged} {currency}",
            en: "{id} allocates {allocated} {currency} to its targets but pledges {pledged} {currency}",
            id = id,
            allocated = allocated,
            currency = currency,
            pledged = pledged,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "asigna más de lo que aporta", en: "over-allocated pledge"),
    )
    .help(t!(
        es: "reduzca el `amount` de algunas entradas de `supports`, o corrija `pledged`",
        en: "lower the `amount` of some `supports` entries, or correct `pledged`",
    ))
}

/// `invalid-value`: an amount that makes the framework's money too large to compute exactly;
/// `limit` is the limit in words ("7.9 × 10^26").
pub fn amount_too_large(at: Option<At>, item: &str, limit: &str) -> Diagnostic {
    let d = Diagnostic::new(
        Code::InvalidValue,
        t!(
            es: "con este monto de {item}, los montos del marco suman demasiado para calcularlos con exactitud (todos juntos, en la moneda base, deben quedar por debajo de {limit})",
            en: "this amount of {item} makes the framework's money too large to compute exactly (all amounts together, in the base currency, must stay under {limit})",
            item = item,
            limit = limit,
        ),
    );
    let d = match at {
        Some((file, span)) => d.at(file, span, t!(es: "demasiado grande", en: "too large")),
        None => d,
    };
    d.help(t!(
        es: "revise el monto: escríbalo como un número simple en la moneda del presupuesto, sin exponentes",
        en: "check the amount: write it as a plain number in the budget's currency, without exponents",
    ))
}

/// `unsupported`: a commitment no programme or pledge supports.
pub fn unsupported(at: At, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Unsupported,
        t!(
            es: "ningún programa ni contribución apoya {id}",
            en: "no programme or pledge supports {id}",
            id = id,
        ),
    )
    .at(
        at.0,
        at.1,
        t!(es: "compromiso sin apoyo", en: "unsupported commitment"),
    )
}

//! Rules on one document: id form, vocabularies, institutions, dates, progress, currencies,
//! status-dependent requirements.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Ctx;
use crate::diag::{Code, Diagnostic, Severity, closest, one_of};
use crate::model::{
    Budget, Cooperation, Document, NationalChapter, PledgeStatus, PledgeType, ProgressStatus,
    RegionalPlan, Status, Support, Timeframe,
};

pub fn check(doc: &Document, ctx: &mut Ctx<'_>) {
    match doc {
        Document::National(d) => national(d, ctx),
        Document::Regional(d) => regional(d, ctx),
        Document::Cooperation(d) => cooperation(d, ctx),
    }
}

fn national(d: &NationalChapter, ctx: &mut Ctx<'_>) {
    member(&d.state, "/state", "as the chapter's `state`", ctx);
    if d.status != Status::Draft && d.commitments.is_empty() {
        let status = if d.status == Status::Adopted {
            "adopted"
        } else {
            "submitted"
        };
        ctx.push(
            Diagnostic::new(
                Code::StatusMismatch,
                format!("a chapter marked `{status}` must list at least one commitment"),
            )
            .at(ctx.file, ctx.span("/status"), "status set here")
            .help("add the commitments, or set `status: draft` while they are being written"),
        );
    }
    let institutions = unique_institutions(d, ctx);
    for (i, c) in d.commitments.iter().enumerate() {
        let at = format!("/commitments/{i}");
        id_prefix(&c.id, &d.state, &format!("{at}/id"), ctx);
        id_pillar(&c.id, &c.pillar, &at, ctx);
        vocabulary(
            &c.pillar,
            || format!("{at}/pillar"),
            Vocabulary::Pillar,
            ctx,
        );
        for (j, p) in c.populations.iter().enumerate() {
            vocabulary(
                p,
                || format!("{at}/populations/{j}"),
                Vocabulary::Population,
                ctx,
            );
        }
        for (j, w) in c.working_groups.iter().enumerate() {
            vocabulary(
                w,
                || format!("{at}/working_groups/{j}"),
                Vocabulary::WorkingGroup,
                ctx,
            );
        }
        if !institutions.contains_key(c.lead.as_str()) {
            let ids: Vec<&str> = d.institutions.iter().map(|i| i.id.as_str()).collect();
            let mut diag = Diagnostic::new(
                Code::UnknownInstitution,
                format!(
                    "`lead` names `{}`, which is not an institution of this chapter",
                    c.lead
                ),
            )
            .at(
                ctx.file,
                ctx.span(&format!("{at}/lead")),
                "not in `institutions`",
            );
            diag = match closest(&c.lead, ids.iter().copied()) {
                Some(candidate) => diag.did_you_mean(candidate),
                None => diag.help(format!(
                    "add `{}` to `institutions`, or use one of {}",
                    c.lead,
                    one_of(&ids)
                )),
            };
            ctx.push(diag);
        }
        timeframe(&c.timeframe, &format!("{at}/timeframe"), ctx);
        if let Some(b) = &c.budget {
            budget(b, &format!("{at}/budget"), ctx);
        }
        let mut years: HashMap<i32, usize> = HashMap::new();
        for (j, p) in c.progress.iter().enumerate() {
            let here = format!("{at}/progress/{j}");
            if let Some(first) = years.insert(p.year, j) {
                ctx.push(
                    Diagnostic::new(
                        Code::DuplicateProgressYear,
                        format!("{} has two progress entries for {}", c.id, p.year),
                    )
                    .at(
                        ctx.file,
                        ctx.span(&format!("{here}/year")),
                        "reported again here",
                    )
                    .also(
                        ctx.file,
                        ctx.span(&format!("{at}/progress/{first}/year")),
                        "first reported here",
                    )
                    .help("merge the two entries; each reporting year has one entry"),
                );
            }
            progress_status(p.status, p.percent, &here, ctx);
        }
    }
}

/// Institution ids, reporting duplicates.
fn unique_institutions<'d>(d: &'d NationalChapter, ctx: &mut Ctx<'_>) -> HashMap<&'d str, usize> {
    let mut seen = HashMap::new();
    for (i, inst) in d.institutions.iter().enumerate() {
        if let Some(first) = seen.insert(inst.id.as_str(), i) {
            ctx.push(
                Diagnostic::new(
                    Code::DuplicateInstitution,
                    format!("the institution `{}` is listed twice", inst.id),
                )
                .at(
                    ctx.file,
                    ctx.span(&format!("/institutions/{i}/id")),
                    "listed again here",
                )
                .also(
                    ctx.file,
                    ctx.span(&format!("/institutions/{first}/id")),
                    "first listed here",
                ),
            );
            seen.insert(inst.id.as_str(), first);
        }
    }
    seen
}

fn progress_status(status: ProgressStatus, percent: Option<u8>, at: &str, ctx: &mut Ctx<'_>) {
    let Some(percent) = percent else { return };
    let problem = match status {
        ProgressStatus::Completed if percent < 100 => Some((
            Severity::Error,
            format!("status is `completed` but `percent` is {percent}"),
            "a completed commitment is at 100 percent; set `percent: 100` or `status: in-progress`",
        )),
        ProgressStatus::Planned if percent > 0 => Some((
            Severity::Warning,
            format!("status is `planned` but `percent` is {percent}"),
            "work that has started is `in-progress`",
        )),
        ProgressStatus::InProgress if percent == 100 => Some((
            Severity::Warning,
            "status is `in-progress` but `percent` is 100".to_string(),
            "finished work is `completed`",
        )),
        _ => None,
    };
    if let Some((severity, message, help)) = problem {
        ctx.push(
            Diagnostic::new(Code::StatusMismatch, message)
                .severity(severity)
                .at(
                    ctx.file,
                    ctx.span(&format!("{at}/percent")),
                    "does not match the status",
                )
                .also(ctx.file, ctx.span(&format!("{at}/status")), "status")
                .help(help),
        );
    }
}

fn regional(d: &RegionalPlan, ctx: &mut Ctx<'_>) {
    for (i, p) in d.programmes.iter().enumerate() {
        let at = format!("/programmes/{i}");
        id_prefix(&p.id, &d.organization, &format!("{at}/id"), ctx);
        for (j, pillar) in p.pillars.iter().enumerate() {
            vocabulary(
                pillar,
                || format!("{at}/pillars/{j}"),
                Vocabulary::Pillar,
                ctx,
            );
        }
        for (j, state) in p.states.iter().enumerate() {
            member(state, &format!("{at}/states/{j}"), "in `states`", ctx);
        }
        if let Some(b) = &p.budget {
            budget(b, &format!("{at}/budget"), ctx);
        }
        if let Some(tf) = &p.timeframe {
            timeframe(tf, &format!("{at}/timeframe"), ctx);
        }
    }
}

fn cooperation(d: &Cooperation, ctx: &mut Ctx<'_>) {
    for (i, p) in d.pledges.iter().enumerate() {
        let at = format!("/pledges/{i}");
        id_prefix(&p.id, &d.contributor, &format!("{at}/id"), ctx);
        for (j, state) in p.beneficiaries.iter().enumerate() {
            member(
                state,
                &format!("{at}/beneficiaries/{j}"),
                "in `beneficiaries`",
                ctx,
            );
        }
        if let Some(tf) = &p.period {
            timeframe(tf, &format!("{at}/period"), ctx);
        }
        let allocates = p
            .supports
            .iter()
            .any(|s| matches!(s, Support::Allocated { .. }));
        match (&p.amount, p.pledge_type) {
            (None, PledgeType::Financial) => ctx.push(
                Diagnostic::new(
                    Code::MissingForType,
                    format!("the financial pledge {} has no `amount`", p.id),
                )
                .at(
                    ctx.file,
                    ctx.span(&format!("{at}/type")),
                    "financial pledges state their amount",
                )
                .help("add `amount: { currency: USD, pledged: 100000 }`"),
            ),
            (None, _) if allocates => ctx.push(
                Diagnostic::new(
                    Code::MissingForType,
                    format!(
                        "{} allocates amounts in `supports` but has no `amount`",
                        p.id
                    ),
                )
                .at(
                    ctx.file,
                    ctx.span(&format!("{at}/supports")),
                    "allocations need the pledge's currency",
                )
                .help("add `amount:` with the currency and the total pledged"),
            ),
            (Some(amount), _) => {
                let here = format!("{at}/amount");
                currency(&amount.currency, &format!("{here}/currency"), ctx);
                if let Some(disbursed) = amount.disbursed {
                    if disbursed > amount.pledged {
                        ctx.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                format!(
                                    "{} disbursed {disbursed}, more than the {} pledged",
                                    p.id, amount.pledged
                                ),
                            )
                            .at(
                                ctx.file,
                                ctx.span(&format!("{here}/disbursed")),
                                "more than pledged",
                            )
                            .also(
                                ctx.file,
                                ctx.span(&format!("{here}/pledged")),
                                "pledged",
                            ),
                        );
                    } else if p.status == PledgeStatus::Fulfilled && disbursed < amount.pledged {
                        ctx.push(
                            Diagnostic::new(
                                Code::StatusMismatch,
                                format!("{} is `fulfilled` but disbursed {disbursed} of {}", p.id, amount.pledged),
                            )
                            .severity(Severity::Warning)
                            .at(ctx.file, ctx.span(&format!("{here}/disbursed")), "less than pledged")
                            .also(ctx.file, ctx.span(&format!("{at}/status")), "status")
                            .help("a fulfilled pledge has disbursed what it pledged; or set `status: in-progress`"),
                        );
                    }
                }
            }
            (None, _) => {}
        }
        if p.pledge_type == PledgeType::Resettlement && p.places.is_none() {
            ctx.push(
                Diagnostic::new(
                    Code::MissingForType,
                    format!(
                        "the resettlement pledge {} does not say how many `places`",
                        p.id
                    ),
                )
                .at(
                    ctx.file,
                    ctx.span(&format!("{at}/type")),
                    "resettlement pledges state their places",
                )
                .help("add `places: 200` (people to be resettled)"),
            );
        }
    }
}

/// An item id must start with its owner's code and a hyphen.
fn id_prefix(id: &str, owner: &str, at: &str, ctx: &mut Ctx<'_>) {
    if id
        .strip_prefix(owner)
        .is_some_and(|rest| rest.starts_with('-'))
    {
        return;
    }
    let prefix = format!("{owner}-");
    {
        let suffix = id.split_once('-').map_or(id, |(_, rest)| rest);
        ctx.push(
            Diagnostic::new(
                Code::IdPrefix,
                format!("the id `{id}` does not start with `{prefix}`"),
            )
            .at(ctx.file, ctx.span(at), format!("expected `{prefix}…`"))
            .help(format!(
                "ids start with the owner's code: `{prefix}{suffix}`"
            )),
        );
    }
}

/// `GTM-1.3` says pillar 1: warn when the commitment's `pillar` has another number.
fn id_pillar(id: &str, pillar: &str, at: &str, ctx: &mut Ctx<'_>) {
    let Some(pillar) = ctx.config.pillar(pillar) else {
        return;
    };
    let Some((_, rest)) = id.split_once('-') else {
        return;
    };
    let Some((number, _)) = rest.split_once('.') else {
        return;
    };
    let Ok(number) = number.parse::<u32>() else {
        return;
    };
    if number != pillar.number {
        ctx.push(
            Diagnostic::new(
                Code::IdPillar,
                format!(
                    "`{id}` reads as pillar {number}, but its pillar `{}` is number {}",
                    pillar.id, pillar.number
                ),
            )
            .at(
                ctx.file,
                ctx.span(&format!("{at}/id")),
                format!("pillar {number}"),
            )
            .also(
                ctx.file,
                ctx.span(&format!("{at}/pillar")),
                format!("pillar {}", pillar.number),
            )
            .help(
                "number commitments as STATE-PILLAR.N so readers find them under the right pillar",
            ),
        );
    }
}

#[derive(Clone, Copy)]
enum Vocabulary {
    Pillar,
    Population,
    WorkingGroup,
}

/// A pillar, population or working group id must be one the configuration defines.
fn vocabulary(value: &str, at: impl FnOnce() -> String, which: Vocabulary, ctx: &mut Ctx<'_>) {
    let config = ctx.config;
    let known = match which {
        Vocabulary::Pillar => config.pillars.iter().any(|p| p.id == value),
        Vocabulary::Population => config.populations.iter().any(|p| p.id == value),
        Vocabulary::WorkingGroup => config.working_groups.iter().any(|p| p.id == value),
    };
    if known {
        return;
    }
    let at = at();
    let (ids, code, what): (Vec<&str>, Code, &str) = match which {
        Vocabulary::Pillar => (
            ctx.config.pillars.iter().map(|p| p.id.as_str()).collect(),
            Code::UnknownPillar,
            "pillar",
        ),
        Vocabulary::Population => (
            ctx.config
                .populations
                .iter()
                .map(|p| p.id.as_str())
                .collect(),
            Code::UnknownPopulation,
            "population",
        ),
        Vocabulary::WorkingGroup => (
            ctx.config
                .working_groups
                .iter()
                .map(|p| p.id.as_str())
                .collect(),
            Code::UnknownWorkingGroup,
            "working group",
        ),
    };
    let mut d = Diagnostic::new(
        code,
        format!(
            "`{value}` is not a {what} of this framework; use one of {}",
            one_of(&ids)
        ),
    )
    .at(ctx.file, ctx.span(&at), format!("unknown {what}"));
    if let Some(candidate) = closest(value, ids.iter().copied()) {
        d = d.did_you_mean(candidate);
    }
    ctx.push(d);
}

/// A State named in a document must be a member of the framework.
fn member(state: &str, at: &str, role: &str, ctx: &mut Ctx<'_>) {
    let members = &ctx.config.members;
    if members.iter().any(|m| m == state) {
        return;
    }
    let ids: Vec<&str> = members.iter().map(String::as_str).collect();
    let mut d = Diagnostic::new(
        Code::NotMember,
        format!("`{state}` {role} is not a member State of this framework"),
    )
    .at(ctx.file, ctx.span(at), "not in `members`");
    d = match closest(state, ids.iter().copied()) {
        Some(candidate) => d.did_you_mean(candidate),
        None => d.help(format!(
            "members are {}; the secretariat adds States in `mirps.toml`",
            one_of(&ids)
        )),
    };
    ctx.push(d);
}

fn timeframe(tf: &Timeframe, at: &str, ctx: &mut Ctx<'_>) {
    if tf.is_reversed() {
        let end = tf.end.as_ref().map(ToString::to_string).unwrap_or_default();
        ctx.push(
            Diagnostic::new(
                Code::DateOrder,
                format!("the period ends ({end}) before it starts ({})", tf.start),
            )
            .at(ctx.file, ctx.span(&format!("{at}/end")), "end")
            .also(ctx.file, ctx.span(&format!("{at}/start")), "start")
            .help("swap `start` and `end`, or correct the year"),
        );
    }
}

fn budget(b: &Budget, at: &str, ctx: &mut Ctx<'_>) {
    currency(&b.currency, &format!("{at}/currency"), ctx);
    if let Some(state) = b.state_investment
        && state > b.required
        && b.required > Decimal::ZERO
    {
        ctx.push(
            Diagnostic::new(
                Code::InvalidValue,
                format!(
                    "the State investment ({state}) exceeds the amount required ({})",
                    b.required
                ),
            )
            .severity(Severity::Warning)
            .at(
                ctx.file,
                ctx.span(&format!("{at}/state_investment")),
                "more than required",
            )
            .also(ctx.file, ctx.span(&format!("{at}/required")), "required")
            .help("`required` is the commitment's total cost, State investment included"),
        );
    }
}

/// A currency other than the base currency needs a rate in `mirps.toml`.
fn currency(code: &str, at: &str, ctx: &mut Ctx<'_>) {
    let currency = &ctx.config.currency;
    if currency.knows(code) {
        return;
    }
    let mut known: Vec<&str> = vec![currency.base.as_str()];
    known.extend(currency.rates.keys().map(String::as_str));
    ctx.push(
        Diagnostic::new(
            Code::UnknownCurrency,
            format!("there is no exchange rate from {code} to {}", currency.base),
        )
        .at(ctx.file, ctx.span(at), "no rate for this currency")
        .help(format!(
            "the currencies with a rate are {}; or ask the secretariat to add `{code}` under `[currency] rates` in mirps.toml",
            one_of(&known)
        )),
    );
}

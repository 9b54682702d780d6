//! Rules on one document: id form, vocabularies, institutions, dates, progress, currencies,
//! status-dependent requirements.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Ctx;
use super::diags::{self, StateRole};
use crate::diag::closest;
use crate::schema::words::{self, Vocabulary};

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
    member(&d.state, "/state", StateRole::ChapterState, ctx);
    // A chapter whose commitments were set aside (they failed their schema) still has them.
    if d.status != Status::Draft && d.commitments.is_empty() && !ctx.partial {
        let status = if d.status == Status::Adopted {
            "adopted"
        } else {
            "submitted"
        };
        ctx.push(diags::status_without_commitments(ctx.at("/status"), status));
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
            let candidate = closest(&c.lead, ids.iter().copied());
            ctx.push(diags::unknown_institution(
                ctx.at(&format!("{at}/lead")),
                &c.lead,
                candidate,
                &ids,
            ));
        }
        timeframe(&c.timeframe, &format!("{at}/timeframe"), ctx);
        if let Some(b) = &c.budget {
            budget(b, &format!("{at}/budget"), ctx);
        }
        let mut years: HashMap<i32, usize> = HashMap::new();
        for (j, p) in c.progress.iter().enumerate() {
            let here = format!("{at}/progress/{j}");
            if let Some(first) = years.insert(p.year, j) {
                ctx.push(diags::duplicate_progress_year(
                    ctx.at(&format!("{here}/year")),
                    ctx.at(&format!("{at}/progress/{first}/year")),
                    &c.id,
                    p.year,
                ));
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
            ctx.push(diags::duplicate_institution(
                ctx.at(&format!("/institutions/{i}/id")),
                ctx.at(&format!("/institutions/{first}/id")),
                &inst.id,
            ));
            seen.insert(inst.id.as_str(), first);
        }
    }
    seen
}

fn progress_status(status: ProgressStatus, percent: Option<u8>, at: &str, ctx: &mut Ctx<'_>) {
    let Some(percent) = percent else { return };
    let percent_at = || ctx.at(&format!("{at}/percent"));
    let status_at = || ctx.at(&format!("{at}/status"));
    let problem = match status {
        ProgressStatus::Completed if percent < 100 => Some(diags::completed_below_100(
            percent_at(),
            status_at(),
            percent,
        )),
        ProgressStatus::Planned if percent > 0 => Some(diags::planned_but_started(
            percent_at(),
            status_at(),
            percent,
        )),
        ProgressStatus::InProgress if percent == 100 => {
            Some(diags::in_progress_but_finished(percent_at(), status_at()))
        }
        _ => None,
    };
    if let Some(problem) = problem {
        ctx.push(problem);
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
            member(state, &format!("{at}/states/{j}"), StateRole::States, ctx);
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
                StateRole::Beneficiaries,
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
            (None, PledgeType::Financial) => ctx.push(diags::financial_without_amount(
                ctx.at(&format!("{at}/type")),
                &p.id,
            )),
            (None, _) if allocates => ctx.push(diags::allocates_without_amount(
                ctx.at(&format!("{at}/supports")),
                &p.id,
            )),
            (Some(amount), _) => {
                let here = format!("{at}/amount");
                currency(&amount.currency, &format!("{here}/currency"), ctx);
                if let Some(disbursed) = amount.disbursed {
                    if disbursed > amount.pledged {
                        ctx.push(diags::disbursed_over_pledged(
                            ctx.at(&format!("{here}/disbursed")),
                            ctx.at(&format!("{here}/pledged")),
                            &p.id,
                            &disbursed.to_string(),
                            &amount.pledged.to_string(),
                        ));
                    } else if p.status == PledgeStatus::Fulfilled && disbursed < amount.pledged {
                        ctx.push(diags::fulfilled_not_disbursed(
                            ctx.at(&format!("{here}/disbursed")),
                            ctx.at(&format!("{at}/status")),
                            &p.id,
                            &disbursed.to_string(),
                            &amount.pledged.to_string(),
                        ));
                    }
                }
            }
            (None, _) => {}
        }
        if p.pledge_type == PledgeType::Resettlement && p.places.is_none() {
            ctx.push(diags::resettlement_without_places(
                ctx.at(&format!("{at}/type")),
                &p.id,
            ));
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
    let suffix = id.split_once('-').map_or(id, |(_, rest)| rest);
    ctx.push(diags::id_prefix(
        ctx.at(at),
        id,
        &prefix,
        &format!("{prefix}{suffix}"),
    ));
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
        ctx.push(diags::id_pillar(
            ctx.at(&format!("{at}/id")),
            ctx.at(&format!("{at}/pillar")),
            id,
            number,
            &pillar.id,
            pillar.number,
        ));
    }
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
    let (file, span) = ctx.at(&at());
    let ids = which.ids(config);
    // A title or a Spanish word of the same vocabulary, else the nearest id.
    let candidate = words::vocabulary_suggestion(config, which, value);
    // The schema says the same of a value not even written as an id: one constructor for both.
    let d = crate::schema::diags::unknown_vocabulary(file, span, which, value, &ids, candidate);
    ctx.push(d);
}

/// A State named in a document must be a member of the framework.
fn member(state: &str, at: &str, role: StateRole, ctx: &mut Ctx<'_>) {
    let members = &ctx.config.members;
    if members.iter().any(|m| m == state) {
        return;
    }
    let ids: Vec<&str> = members.iter().map(String::as_str).collect();
    let candidate = closest(state, ids.iter().copied());
    ctx.push(diags::not_a_member(
        ctx.at(at),
        state,
        role,
        &ids,
        candidate,
    ));
}

fn timeframe(tf: &Timeframe, at: &str, ctx: &mut Ctx<'_>) {
    if tf.is_reversed() {
        let end = tf.end.as_ref().map(ToString::to_string).unwrap_or_default();
        ctx.push(diags::date_order(
            ctx.at(&format!("{at}/end")),
            ctx.at(&format!("{at}/start")),
            &end,
            &tf.start.to_string(),
        ));
    }
}

fn budget(b: &Budget, at: &str, ctx: &mut Ctx<'_>) {
    currency(&b.currency, &format!("{at}/currency"), ctx);
    if let Some(state) = b.state_investment
        && state > b.required
        && b.required > Decimal::ZERO
    {
        ctx.push(diags::state_investment_over_required(
            ctx.at(&format!("{at}/state_investment")),
            ctx.at(&format!("{at}/required")),
            &state.to_string(),
            &b.required.to_string(),
        ));
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
    ctx.push(diags::unknown_currency(
        ctx.at(at),
        code,
        &currency.base,
        &known,
    ));
}

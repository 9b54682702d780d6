//! The money of the framework, exact (decimal arithmetic, never `f64` sums), in the base
//! currency converted with the `[currency]` rates of `mirps.toml`.
//!
//! Per commitment: required, State investment, the pledged amounts allocated to it, and the gap
//! (required − State investment − allocated; never negative — a surplus is shown as such).
//! Amounts a pledge does not allocate to a target are *unallocated*: they count for the pledge's
//! beneficiary State when it has one, and are listed per pledge when it has several — never
//! spread over commitments by guesswork. Disbursements are attributed to a commitment only when
//! the pledge allocates its whole amount to that one target.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Framework;
use crate::model::{Commitment, NationalChapter, ProgressStatus, Support as Target};

/// The money of one commitment.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CommitmentMoney {
    pub id: String,
    pub state: String,
    pub pillar: String,
    pub lead: String,
    /// Whether the commitment has a budget at all.
    pub costed: bool,
    pub required: Decimal,
    pub state_investment: Decimal,
    /// Pledged amounts allocated to this commitment.
    pub allocated: Decimal,
    /// Disbursed amounts of pledges that allocate their whole amount to this commitment.
    pub disbursed: Decimal,
    pub gap: Decimal,
    pub surplus: Decimal,
    /// Programmes and pledges linked to it.
    pub supporters: usize,
    /// Status of the latest progress entry, if any.
    pub status: Option<ProgressStatus>,
}

/// Sums over a group of commitments.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    pub commitments: usize,
    /// Commitments with at least one supporting programme or pledge.
    pub supported: usize,
    /// Commitments with a budget.
    pub costed: usize,
    pub required: Decimal,
    pub state_investment: Decimal,
    pub allocated: Decimal,
    pub disbursed: Decimal,
    /// Sum of the commitments' gaps (one commitment's surplus does not fill another's gap).
    pub gap: Decimal,
    pub surplus: Decimal,
}

impl Totals {
    /// Count one commitment in.
    pub fn add(&mut self, c: &CommitmentMoney) {
        self.commitments += 1;
        self.supported += usize::from(c.supporters > 0);
        self.costed += usize::from(c.costed);
        self.required += c.required;
        self.state_investment += c.state_investment;
        self.allocated += c.allocated;
        self.disbursed += c.disbursed;
        self.gap += c.gap;
        self.surplus += c.surplus;
    }
}

/// A contributor's pledges in sum.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ContributorMoney {
    pub contributor: String,
    pub south_south: bool,
    pub pledges: usize,
    pub pledged: Decimal,
    pub disbursed: Decimal,
    /// Allocated to specific commitments or programmes.
    pub allocated: Decimal,
    pub unallocated: Decimal,
    /// Commitments and programmes its pledges support.
    pub targets: usize,
}

/// An organization's programmes in sum.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OrganizationMoney {
    pub organization: String,
    pub programmes: usize,
    pub required: Decimal,
    /// Pledged amounts allocated to its programmes.
    pub allocated: Decimal,
    /// National commitments its programmes complement.
    pub complements: usize,
}

/// A pledge's amount that is not allocated to targets and has several beneficiaries.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Unallocated {
    pub pledge: String,
    pub beneficiaries: Vec<String>,
    pub amount: Decimal,
}

/// Every roll-up the follow-up needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Funding {
    pub base_currency: String,
    pub commitments: Vec<CommitmentMoney>,
    pub total: Totals,
    pub by_state: BTreeMap<String, Totals>,
    pub by_pillar: BTreeMap<String, Totals>,
    /// Keyed `STATE/pillar`.
    pub by_state_pillar: BTreeMap<String, Totals>,
    pub by_contributor: BTreeMap<String, ContributorMoney>,
    pub by_organization: BTreeMap<String, OrganizationMoney>,
    /// Unallocated amounts of single-beneficiary pledges, per State.
    pub unallocated_by_state: BTreeMap<String, Decimal>,
    /// Unallocated amounts of multi-beneficiary pledges, per pledge.
    pub unallocated_shared: Vec<Unallocated>,
}

/// The largest money mirps computes with. Every amount of the framework, in the base currency,
/// added together, and then times 100 (a share in percent), must fit in a [`Decimal`] (about
/// 7.9 × 10²⁸): checked once, up front, by [`fits`]. Every total and share of the roll-ups and
/// the pages is a part of that sum, so once it fits none of them can overflow.
pub const HEADROOM: u32 = 100;

/// Where an amount is written: the commitment, programme or pledge, and the path of the value
/// inside it (`["budget", "required"]`, `["supports", "2", "amount"]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmountAt {
    pub item: String,
    pub path: Vec<String>,
}

impl AmountAt {
    fn new(item: &str, path: &[&str]) -> AmountAt {
        AmountAt {
            item: item.to_string(),
            path: path.iter().map(|p| p.to_string()).collect(),
        }
    }
}

/// Whether the framework's money fits (see [`HEADROOM`]); if not, the amount that made it too
/// large, in document order. Amounts in a currency without a rate count as nothing (they are
/// reported elsewhere, `unknown-currency`).
pub fn fits(framework: &Framework) -> Result<(), AmountAt> {
    let currency = &framework.config.currency;
    let limit = Decimal::MAX / Decimal::from(HEADROOM);
    let mut total = Decimal::ZERO;
    let mut add = |amount: Decimal, code: &str, at: &dyn Fn() -> AmountAt| {
        if !currency.knows(code) {
            return Ok(());
        }
        match currency
            .to_base(amount.abs(), code)
            .and_then(|base| total.checked_add(base))
        {
            Some(sum) if sum <= limit => {
                total = sum;
                Ok(())
            }
            _ => Err(at()),
        }
    };
    for (_, c) in framework.commitments() {
        if let Some(b) = &c.budget {
            add(b.required, &b.currency, &|| {
                AmountAt::new(&c.id, &["budget", "required"])
            })?;
            if let Some(s) = b.state_investment {
                add(s, &b.currency, &|| {
                    AmountAt::new(&c.id, &["budget", "state_investment"])
                })?;
            }
        }
    }
    for (_, p) in framework.programmes() {
        if let Some(b) = &p.budget {
            add(b.required, &b.currency, &|| {
                AmountAt::new(&p.id, &["budget", "required"])
            })?;
        }
    }
    for (_, p) in framework.pledges() {
        let Some(amount) = &p.amount else { continue };
        let code = &amount.currency;
        add(amount.pledged, code, &|| {
            AmountAt::new(&p.id, &["amount", "pledged"])
        })?;
        if let Some(d) = amount.disbursed {
            add(d, code, &|| AmountAt::new(&p.id, &["amount", "disbursed"]))?;
        }
        for (i, s) in p.supports.iter().enumerate() {
            if let Target::Allocated { amount: a, .. } = s {
                let index = i.to_string();
                add(*a, code, &|| {
                    AmountAt::new(&p.id, &["supports", index.as_str(), "amount"])
                })?;
            }
        }
    }
    Ok(())
}

impl Funding {
    /// Compute every roll-up of a linked framework, or say which amount makes its money too
    /// large to compute exactly (see [`fits`]).
    pub fn compute(framework: &Framework) -> Result<Funding, AmountAt> {
        fits(framework)?;
        Ok(Funding::compute_fitting(framework))
    }

    /// The roll-ups of a framework whose money fits: no sum here can overflow.
    fn compute_fitting(framework: &Framework) -> Funding {
        let currency = &framework.config.currency;
        let to_base =
            |amount: Decimal, code: &str| currency.to_base(amount, code).unwrap_or_default();
        let mut funding = Funding {
            base_currency: currency.base.clone(),
            ..Funding::default()
        };

        // Disbursements attributable to a single target: the pledge allocates all it pledges to it.
        let mut attributed: HashMap<&str, Decimal> = HashMap::new();
        for (coop, p) in framework.pledges() {
            let Some(amount) = &p.amount else { continue };
            let contributor = funding
                .by_contributor
                .entry(coop.contributor.clone())
                .or_insert_with(|| ContributorMoney {
                    contributor: coop.contributor.clone(),
                    south_south: coop.south_south,
                    ..ContributorMoney::default()
                });
            let pledged = to_base(amount.pledged, &amount.currency);
            let disbursed = to_base(amount.disbursed.unwrap_or_default(), &amount.currency);
            let allocated_own: Decimal = p
                .supports
                .iter()
                .filter_map(|s| match s {
                    Target::Allocated { amount, .. } => Some(*amount),
                    Target::Id(_) => None,
                })
                .sum();
            let allocated = to_base(allocated_own, &amount.currency);
            let unallocated = (pledged - allocated).max(Decimal::ZERO);
            contributor.pledged += pledged;
            contributor.disbursed += disbursed;
            contributor.allocated += allocated;
            contributor.unallocated += unallocated;
            if let [Target::Allocated { id, amount: only }] = p.supports.as_slice()
                && *only == amount.pledged
            {
                *attributed.entry(id.as_str()).or_default() += disbursed;
            }
            if !unallocated.is_zero() {
                match p.beneficiaries.as_slice() {
                    [one] => {
                        *funding.unallocated_by_state.entry(one.clone()).or_default() += unallocated
                    }
                    many => funding.unallocated_shared.push(Unallocated {
                        pledge: p.id.clone(),
                        beneficiaries: many.to_vec(),
                        amount: unallocated,
                    }),
                }
            }
        }
        for (coop, p) in framework.pledges() {
            let contributor = funding
                .by_contributor
                .entry(coop.contributor.clone())
                .or_insert_with(|| ContributorMoney {
                    contributor: coop.contributor.clone(),
                    south_south: coop.south_south,
                    ..ContributorMoney::default()
                });
            contributor.pledges += 1;
            contributor.targets += p.supports.len();
        }

        for (plan, p) in framework.programmes() {
            let org = funding
                .by_organization
                .entry(plan.organization.clone())
                .or_insert_with(|| OrganizationMoney {
                    organization: plan.organization.clone(),
                    ..OrganizationMoney::default()
                });
            org.programmes += 1;
            org.complements += p.complements.len();
            if let Some(b) = &p.budget {
                org.required += to_base(b.required, &b.currency);
            }
            org.allocated += framework
                .supporters(&p.id)
                .iter()
                .filter_map(|s| s.allocated)
                .sum::<Decimal>();
        }

        // Each commitment's money on its own, chapters in parallel; then the sums, in order.
        let per_chapter: Vec<Vec<CommitmentMoney>> = framework
            .chapters
            .par_iter()
            .map(|chapter| {
                chapter
                    .commitments
                    .iter()
                    .map(|c| commitment_money(framework, chapter, c, &attributed, &to_base))
                    .collect()
            })
            .collect();
        funding.commitments = per_chapter.into_iter().flatten().collect();
        let mut key = String::new();
        for money in &funding.commitments {
            funding.total.add(money);
            totals(&mut funding.by_state, &money.state).add(money);
            totals(&mut funding.by_pillar, &money.pillar).add(money);
            key.clear();
            key.push_str(&money.state);
            key.push('/');
            key.push_str(&money.pillar);
            totals(&mut funding.by_state_pillar, &key).add(money);
        }
        funding
    }
}

/// The money of one commitment.
fn commitment_money(
    framework: &Framework,
    chapter: &NationalChapter,
    c: &Commitment,
    attributed: &HashMap<&str, Decimal>,
    to_base: &(impl Fn(Decimal, &str) -> Decimal + Sync),
) -> CommitmentMoney {
    let supporters = framework.supporters(&c.id);
    let (costed, required, state_investment) = match &c.budget {
        Some(b) => (
            true,
            to_base(b.required, &b.currency),
            to_base(b.state_investment.unwrap_or_default(), &b.currency),
        ),
        None => (false, Decimal::ZERO, Decimal::ZERO),
    };
    let allocated: Decimal = supporters.iter().filter_map(|s| s.allocated).sum();
    let covered = state_investment + allocated;
    CommitmentMoney {
        id: c.id.clone(),
        state: chapter.state.clone(),
        pillar: c.pillar.clone(),
        lead: c.lead.clone(),
        costed,
        required,
        state_investment,
        allocated,
        disbursed: attributed.get(c.id.as_str()).copied().unwrap_or_default(),
        gap: (required - covered).max(Decimal::ZERO),
        surplus: if costed {
            (covered - required).max(Decimal::ZERO)
        } else {
            Decimal::ZERO
        },
        supporters: supporters.len(),
        status: c.latest_progress().map(|p| p.status),
    }
}

/// The totals under `key`, added when missing (the key is copied only then).
fn totals<'m>(map: &'m mut BTreeMap<String, Totals>, key: &str) -> &'m mut Totals {
    if !map.contains_key(key) {
        map.insert(key.to_string(), Totals::default());
    }
    map.get_mut(key).expect("inserted above")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::str::FromStr;

    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use crate::config::Config;
    use crate::schema::Schemas;

    /// An amount as a drafter writes it: a whole number or one with cents, or in the
    /// exponent form YAML also reads.
    fn amount() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u64..=1_000_000_000_000_000).prop_map(|n| n.to_string()),
            (0u64..=10_000_000_000_000, 0u32..100).prop_map(|(n, c)| format!("{n}.{c:02}")),
            (1u32..10, 0i32..15).prop_map(|(m, e)| format!("{m}e{e}")),
        ]
    }

    fn currency() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just("USD"), Just("EUR"), Just("MXN")]
    }

    /// An exchange rate anywhere in the accepted range, 10^-9 to 10^9.
    fn rate() -> impl Strategy<Value = String> {
        (1u32..10_000, -13i32..6).prop_map(|(m, e)| format!("{m}e{e}"))
    }

    /// An amount in the base currency as every total counts it: to the cent, half away from
    /// zero.
    fn cents(amount: Decimal) -> Decimal {
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    /// The number YAML and then mirps read from `text`.
    fn read(text: &str) -> Decimal {
        let f: f64 = text.parse().unwrap();
        Decimal::from_str(&f.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// For any amounts and rates: no panic; every total is the exact sum, in the base
        /// currency, of what the documents say; or, where the money is too large to compute,
        /// an error names an amount (and the money really is that large).
        #[test]
        fn totals_are_exact_or_an_error(
            budgets in proptest::collection::vec((currency(), amount(), amount()), 1..30),
            pledges in proptest::collection::vec((currency(), amount(), amount(), 0usize..30), 1..10),
            eur in rate(),
            mxn in rate(),
        ) {
            let mut config = Config::defaults(std::path::PathBuf::from("."));
            config.members = vec!["GTM".into()];
            config.languages = vec!["es".into()];
            config.currency.rates.insert("EUR".into(), read(&eur));
            config.currency.rates.insert("MXN".into(), read(&mxn));
            let mut chapter = String::from(
                "kind: national-chapter\nschema_version: 1\nstate: GTM\nname: Guatemala\nlanguage: es\nstatus: adopted\nupdated: 2019-11-15\nsummary: Plan\ninstitutions:\n  - { id: IGM, name: Instituto }\ncommitments:\n",
            );
            for (i, (cur, required, invested)) in budgets.iter().enumerate() {
                chapter.push_str(&format!(
                    "  - {{ id: GTM-1.{n}, pillar: reception-admission, title: T, populations: [refugees], lead: IGM, timeframe: {{ start: 2019 }}, budget: {{ currency: {cur}, required: {required}, state_investment: {invested} }} }}\n",
                    n = i + 1
                ));
            }
            let mut coop = String::from(
                "kind: cooperation\nschema_version: 1\ncontributor: CAN\nname: Canadá\nlanguage: es\nsouth_south: false\nupdated: 2019-12-17\npledges:\n",
            );
            for (i, (cur, pledged, allocated, target)) in pledges.iter().enumerate() {
                let target = target % budgets.len() + 1;
                coop.push_str(&format!(
                    "  - {{ id: CAN-{n}, type: financial, title: T, beneficiaries: [GTM], supports: [{{ id: GTM-1.{target}, amount: {allocated} }}], amount: {{ currency: {cur}, pledged: {pledged} }}, period: {{ start: 2020 }}, status: in-progress }}\n",
                    n = i + 1
                ));
            }
            let schemas = Schemas::load(None).unwrap();
            let mut validated = crate::validate::validate_texts(
                config.clone(),
                &schemas,
                vec![("gtm.yaml".into(), chapter), ("can.yaml".into(), coop)],
                &HashSet::new(),
            );
            prop_assert_eq!(validated.documents.len(), 2, "{:?}", validated.diagnostics);
            let framework = crate::link::link(&mut validated, &Default::default());

            // The sums, computed here on their own.
            let base = |amount: &str, cur: &str| {
                let rate = match cur {
                    "USD" => Decimal::ONE,
                    other => config.currency.rates[other],
                };
                read(amount).checked_mul(rate).map(cents)
            };
            let mut grand = Some(Decimal::ZERO);
            let mut add = |x: Option<Decimal>| {
                grand = grand.and_then(|g| x.and_then(|x| g.checked_add(x)));
            };
            for (cur, required, invested) in &budgets {
                add(base(required, cur));
                add(base(invested, cur));
            }
            for (cur, pledged, allocated, _) in &pledges {
                add(base(pledged, cur));
                add(base(allocated, cur));
            }
            let fits = grand
                .and_then(|g| g.checked_mul(Decimal::from(super::HEADROOM)))
                .is_some();
            let too_large = validated
                .diagnostics
                .iter()
                .any(|d| d.message.render(crate::lang::Lang::En).contains("too large to compute exactly"));
            prop_assert_eq!(too_large, !fits, "{:?}", validated.diagnostics);
            if fits {
                let required: Decimal = budgets.iter().map(|(c, r, _)| base(r, c).unwrap()).sum();
                let invested: Decimal = budgets.iter().map(|(c, _, i)| base(i, c).unwrap()).sum();
                let total = &framework.funding.total;
                prop_assert_eq!(total.required, required);
                prop_assert_eq!(total.state_investment, invested);
                prop_assert_eq!(total.commitments, budgets.len());
                let pledged: Decimal = pledges.iter().map(|(c, p, _, _)| base(p, c).unwrap()).sum();
                let contributor = framework.funding.by_contributor.get("CAN");
                prop_assert_eq!(contributor.map_or(Decimal::ZERO, |c| c.pledged), pledged);
                // Each commitment's gap: what its budget needs beyond its State's investment
                // and the amounts allocated to it, never negative.
                for (i, m) in framework.funding.commitments.iter().enumerate() {
                    let (cur, r, inv) = &budgets[i];
                    let allocated: Decimal = pledges
                        .iter()
                        .filter(|(_, _, _, t)| t % budgets.len() == i)
                        .map(|(c, _, a, _)| base(a, c).unwrap())
                        .sum();
                    let gap = (base(r, cur).unwrap() - base(inv, cur).unwrap() - allocated)
                        .max(Decimal::ZERO);
                    prop_assert_eq!(m.allocated, allocated, "{}", m.id);
                    prop_assert_eq!(m.gap, gap, "{}", m.id);
                }
            }
        }

        /// Whatever the amounts and rates, also beyond the schema's ranges (a framework's own
        /// schema may lift them): no panic, and the roll-ups are either exact or refused.
        #[test]
        fn any_amount_and_rate_is_exact_or_refused(
            amounts in proptest::collection::vec(
                prop_oneof![
                    any::<u64>().prop_map(Decimal::from),
                    (1u64..80, 0u32..28).prop_map(|(m, e)| Decimal::from(m) * Decimal::from(10u64.pow(e % 19)) * Decimal::from(10u64.pow(e.saturating_sub(18)))),
                    Just(Decimal::MAX),
                    (0i64..1_000_000, 0u32..28).prop_map(|(m, s)| Decimal::new(m, s)),
                ],
                1..12,
            ),
            rate in prop_oneof![
                Just(Decimal::new(1, 28)),
                Just(Decimal::from(1_000_000_000u64) * Decimal::from(1_000_000_000u64)),
                (1i64..1_000_000, 0u32..20).prop_map(|(m, s)| Decimal::new(m, s)),
            ],
        ) {
            let mut config = Config::defaults(std::path::PathBuf::from("."));
            config.currency.rates.insert("EUR".into(), rate);
            let mut chapter = String::from(
                "kind: national-chapter\nschema_version: 1\nstate: GTM\nname: Guatemala\nlanguage: es\nstatus: adopted\nupdated: 2019-11-15\nsummary: Plan\ninstitutions:\n  - { id: IGM, name: Instituto }\ncommitments:\n",
            );
            for (i, _) in amounts.iter().enumerate() {
                chapter.push_str(&format!(
                    "  - {{ id: GTM-1.{n}, pillar: reception-admission, title: T, populations: [refugees], lead: IGM, timeframe: {{ start: 2019 }}, budget: {{ currency: {cur}, required: 1 }} }}\n",
                    n = i + 1,
                    cur = if i.is_multiple_of(2) { "USD" } else { "EUR" },
                ));
            }
            let source = crate::source::SourceFile::new("gtm.yaml".into(), "gtm.yaml".into(), chapter);
            let tree = crate::load::yaml::parse(0, &source, &mut Vec::new()).unwrap();
            let crate::model::Document::National(mut chapter) =
                crate::model::Document::from_tree(crate::model::Kind::National, &tree).unwrap()
            else {
                unreachable!("a national chapter")
            };
            // The amounts themselves, as no YAML could write them.
            for (c, amount) in chapter.commitments.iter_mut().zip(&amounts) {
                if let Some(b) = &mut c.budget {
                    b.required = *amount;
                    b.state_investment = Some(*amount);
                }
            }
            let framework = crate::link::Framework {
                config: config.clone(),
                chapters: vec![chapter],
                plans: Vec::new(),
                cooperation: Vec::new(),
                supported_by: Default::default(),
                funding: Default::default(),
            };
            let to_base = |i: usize, a: Decimal| if i.is_multiple_of(2) { Some(cents(a)) } else { a.checked_mul(rate).map(cents) };
            let mut grand = Some(Decimal::ZERO);
            for (i, a) in amounts.iter().enumerate() {
                for _ in 0..2 {
                    grand = grand.and_then(|g| to_base(i, *a).and_then(|b| g.checked_add(b)));
                }
            }
            let fits = grand.is_some_and(|g| g <= Decimal::MAX / Decimal::from(super::HEADROOM));
            match super::Funding::compute(&framework) {
                Ok(funding) => {
                    prop_assert!(fits);
                    let required = amounts
                        .iter()
                        .enumerate()
                        .map(|(i, a)| to_base(i, *a).unwrap())
                        .fold(Decimal::ZERO, |s, a| s + a);
                    prop_assert_eq!(funding.total.required, required);
                    prop_assert_eq!(funding.total.state_investment, required);
                    prop_assert_eq!(funding.total.gap, Decimal::ZERO);
                }
                Err(at) => {
                    prop_assert!(!fits, "refused though it fits: {at:?}");
                    prop_assert!(at.item.starts_with("GTM-1."));
                }
            }
        }
    }
}

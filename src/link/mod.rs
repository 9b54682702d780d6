//! Linking: the validated documents become one [`Framework`]. Every `complements`, `supports`
//! and `[[ID]]` is resolved, reverse links ("supported by") are attached to every commitment and
//! programme, and the money is rolled up ([`money`]).
//!
//! Problems that need the whole framework — a reference to the wrong kind of item, support
//! outside a pledge's beneficiaries, over-allocated pledges — are diagnostics with positions,
//! like every other rule.

mod diags;
pub mod money;

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::{Declared, Facts, ItemKind, Via};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{
    Commitment, Cooperation, Document, NationalChapter, Pledge, Programme, RegionalPlan,
};
use crate::source::{FileId, Span};
use crate::validate::Validated;

/// An item defined outside the files read (from a published `mirps.json`, see `--against`).
#[derive(Clone, Debug)]
pub struct External {
    pub kind: ItemKind,
    /// The State of a commitment, the States of a programme or the beneficiaries of a pledge.
    pub states: Vec<String>,
}

/// One incoming link: a programme complementing, or a pledge supporting, an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Support {
    /// The programme or pledge id.
    pub id: String,
    pub kind: ItemKind,
    /// The amount allocated to the target, in the base currency (pledges only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated: Option<Decimal>,
}

/// The linked framework: documents in a stable order, an index of every id, reverse links and
/// the money.
pub struct Framework {
    pub config: Config,
    pub chapters: Vec<NationalChapter>,
    pub plans: Vec<RegionalPlan>,
    pub cooperation: Vec<Cooperation>,
    /// Incoming links per commitment or programme id, each list in a stable order. Hashed:
    /// every commitment is looked up here, by the money, the notes and the pages; the export
    /// sorts the ids.
    pub supported_by: HashMap<String, Vec<Support>>,
    pub funding: money::Funding,
}

/// Where an id lives.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Commitment(usize),
    Programme(usize, usize),
    Pledge(usize, usize),
}

impl Framework {
    pub fn commitments(&self) -> impl Iterator<Item = (&NationalChapter, &Commitment)> {
        self.chapters
            .iter()
            .flat_map(|ch| ch.commitments.iter().map(move |c| (ch, c)))
    }

    pub fn programmes(&self) -> impl Iterator<Item = (&RegionalPlan, &Programme)> {
        self.plans
            .iter()
            .flat_map(|p| p.programmes.iter().map(move |g| (p, g)))
    }

    pub fn pledges(&self) -> impl Iterator<Item = (&Cooperation, &Pledge)> {
        self.cooperation
            .iter()
            .flat_map(|c| c.pledges.iter().map(move |p| (c, p)))
    }

    /// The incoming links of a commitment or programme.
    pub fn supporters(&self, id: &str) -> &[Support] {
        self.supported_by.get(id).map_or(&[], Vec::as_slice)
    }
}

/// Link validated documents into a [`Framework`], taking the documents out of `validated` and
/// adding the link diagnostics to its diagnostics. `external` holds items of a published
/// framework that references may name.
pub fn link(validated: &mut Validated, external: &HashMap<String, External>) -> Framework {
    let config = validated.config.clone();
    let documents = std::mem::take(&mut validated.documents);
    let facts = &validated.facts;
    let mut found = Vec::new();
    let diags = &mut found;
    let mut chapters = Vec::new();
    let mut plans = Vec::new();
    let mut cooperation = Vec::new();
    for (_, doc) in documents {
        match doc {
            Document::National(d) => chapters.push(d),
            Document::Regional(d) => plans.push(d),
            Document::Cooperation(d) => cooperation.push(d),
        }
    }
    chapters.sort_by(|a, b| a.state.cmp(&b.state));
    plans.sort_by(|a, b| a.organization.cmp(&b.organization));
    cooperation.sort_by(|a, b| a.contributor.cmp(&b.contributor));

    // Sized up front: at 100,000 commitments, growing the maps costs more than filling them.
    let items = chapters.iter().map(|c| c.commitments.len()).sum::<usize>()
        + plans.iter().map(|p| p.programmes.len()).sum::<usize>()
        + cooperation.iter().map(|c| c.pledges.len()).sum::<usize>();
    let mut index: HashMap<&str, Slot> = HashMap::with_capacity(items);
    for (i, ch) in chapters.iter().enumerate() {
        for c in &ch.commitments {
            index.entry(&c.id).or_insert(Slot::Commitment(i));
        }
    }
    for (i, plan) in plans.iter().enumerate() {
        for (j, p) in plan.programmes.iter().enumerate() {
            index.entry(&p.id).or_insert(Slot::Programme(i, j));
        }
    }
    for (i, coop) in cooperation.iter().enumerate() {
        for (j, p) in coop.pledges.iter().enumerate() {
            index.entry(&p.id).or_insert(Slot::Pledge(i, j));
        }
    }
    let mut declared: HashMap<&str, &Declared> =
        HashMap::with_capacity(facts.iter().map(|f| f.declared.len()).sum());
    declared.extend(
        facts
            .iter()
            .flat_map(|f| &f.declared)
            .map(|d| (d.id.as_str(), d)),
    );
    let lookup = Lookup {
        chapters: &chapters,
        plans: &plans,
        cooperation: &cooperation,
        index: &index,
        external,
    };

    check_references(facts, &lookup, diags);
    let supported_by = reverse_links(&lookup, &config);
    over_allocation(&cooperation, &config, &declared, diags);

    let mut framework = Framework {
        config,
        chapters,
        plans,
        cooperation,
        supported_by,
        funding: money::Funding::default(),
    };
    // Independent of each other: the unsupported commitments and the money.
    let (unsupported, funding) = rayon::join(
        || unsupported(&framework, &declared),
        || money::Funding::compute(&framework),
    );
    framework.funding = match funding {
        Ok(funding) => funding,
        // An error: nothing is published from this framework, the roll-ups stay empty.
        Err(at) => {
            found.push(amount_too_large(&at, &declared, &validated.sources));
            money::Funding {
                base_currency: framework.config.currency.base.clone(),
                ..Default::default()
            }
        }
    };
    found.extend(unsupported);
    validated.add_diagnostics(found);
    framework
}

struct Lookup<'a> {
    chapters: &'a [NationalChapter],
    plans: &'a [RegionalPlan],
    cooperation: &'a [Cooperation],
    index: &'a HashMap<&'a str, Slot>,
    external: &'a HashMap<String, External>,
}

impl Lookup<'_> {
    /// The kind of an id and the States it concerns.
    fn resolve(&self, id: &str) -> Option<(ItemKind, Vec<String>)> {
        match self.index.get(id) {
            Some(Slot::Commitment(i)) => {
                Some((ItemKind::Commitment, vec![self.chapters[*i].state.clone()]))
            }
            Some(Slot::Programme(i, j)) => Some((
                ItemKind::Programme,
                self.plans[*i].programmes[*j].states.clone(),
            )),
            Some(Slot::Pledge(i, j)) => Some((
                ItemKind::Pledge,
                self.cooperation[*i].pledges[*j].beneficiaries.clone(),
            )),
            None => self.external.get(id).map(|e| (e.kind, e.states.clone())),
        }
    }

    /// The States the referring item covers: a programme's `states`, a pledge's beneficiaries.
    fn covered(&self, from: &str) -> Option<&[String]> {
        match self.index.get(from)? {
            Slot::Programme(i, j) => Some(&self.plans[*i].programmes[*j].states),
            Slot::Pledge(i, j) => Some(&self.cooperation[*i].pledges[*j].beneficiaries),
            Slot::Commitment(_) => None,
        }
    }
}

/// Kinds and States of every `complements`/`supports` reference, and no target listed twice.
fn check_references(facts: &[Facts], lookup: &Lookup<'_>, diags: &mut Vec<Diagnostic>) {
    for f in facts {
        let mut seen: HashMap<(&str, &str), (FileId, Span)> = HashMap::new();
        for r in &f.references {
            if r.via == Via::Citation {
                continue;
            }
            let Some(from) = r.from.as_deref() else {
                continue;
            };
            if let Some(&(file, span)) = seen.get(&(from, r.target.as_str())) {
                diags.push(diags::duplicate_reference(
                    (r.file, r.span),
                    (file, span),
                    from,
                    &r.target,
                ));
                continue;
            }
            seen.insert((from, r.target.as_str()), (r.file, r.span));
            let Some((kind, states)) = lookup.resolve(&r.target) else {
                continue; // unknown ids are reported by the framework rules
            };
            let allowed = match r.via {
                Via::Complements => kind == ItemKind::Commitment,
                Via::Supports => kind != ItemKind::Pledge,
                Via::Citation => true,
            };
            if !allowed {
                let at = (r.file, r.span);
                diags.push(match r.via {
                    Via::Complements => diags::complements_wrong_kind(at, from, &r.target, kind),
                    _ => diags::supports_wrong_kind(at, from, &r.target, kind),
                });
                continue;
            }
            let Some(covered) = lookup.covered(from) else {
                continue;
            };
            let outside = match kind {
                ItemKind::Commitment => !states.iter().all(|s| covered.contains(s)),
                _ => !states.iter().any(|s| covered.contains(s)),
            };
            if outside {
                let whose = states.join(", ");
                let at = (r.file, r.span);
                diags.push(match r.via {
                    Via::Complements => diags::outside_states(at, from, &r.target, &whose),
                    _ => diags::outside_beneficiaries(at, from, &r.target, &whose),
                });
            }
        }
    }
}

/// Incoming links of every commitment and programme, with allocations in the base currency.
fn reverse_links(lookup: &Lookup<'_>, config: &Config) -> HashMap<String, Vec<Support>> {
    let mut supported_by: HashMap<String, Vec<Support>> = HashMap::new();
    for plan in lookup.plans {
        for p in &plan.programmes {
            let mut seen = HashSet::new();
            for target in &p.complements {
                if seen.insert(target) && lookup.index.contains_key(target.as_str()) {
                    supported_by
                        .entry(target.clone())
                        .or_default()
                        .push(Support {
                            id: p.id.clone(),
                            kind: ItemKind::Programme,
                            allocated: None,
                        });
                }
            }
        }
    }
    for coop in lookup.cooperation {
        for p in &coop.pledges {
            let currency = p.amount.as_ref().map(|a| a.currency.as_str());
            let mut seen = HashSet::new();
            for s in &p.supports {
                let target = s.id();
                // A target listed twice is an error; it is counted once.
                if !seen.insert(target)
                    || !matches!(
                        lookup.index.get(target),
                        Some(Slot::Commitment(..) | Slot::Programme(..))
                    )
                {
                    continue;
                }
                let allocated = match (s, currency) {
                    (crate::model::Support::Allocated { amount, .. }, Some(cur)) => {
                        config.currency.to_base(*amount, cur)
                    }
                    _ => None,
                };
                supported_by
                    .entry(target.to_string())
                    .or_default()
                    .push(Support {
                        id: p.id.clone(),
                        kind: ItemKind::Pledge,
                        allocated,
                    });
            }
        }
    }
    for list in supported_by.values_mut() {
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }
    supported_by
}

/// A pledge cannot allocate more than it pledges.
fn over_allocation(
    cooperation: &[Cooperation],
    config: &Config,
    declared: &HashMap<&str, &Declared>,
    diags: &mut Vec<Diagnostic>,
) {
    let _ = config;
    for coop in cooperation {
        for p in &coop.pledges {
            let Some(amount) = &p.amount else { continue };
            // A sum too large to hold is more than anything pledged.
            let allocated: Option<Decimal> = p
                .supports
                .iter()
                .filter_map(|s| match s {
                    crate::model::Support::Allocated { amount, .. } => Some(*amount),
                    crate::model::Support::Id(_) => None,
                })
                .try_fold(Decimal::ZERO, |sum, a| sum.checked_add(a));
            if allocated.is_none_or(|allocated| allocated > amount.pledged) {
                let allocated = allocated.map(|a| a.to_string());
                let Some(d) = declared.get(p.id.as_str()) else {
                    continue;
                };
                diags.push(diags::over_allocated(
                    (d.file, d.span),
                    &p.id,
                    allocated.as_deref(),
                    &amount.currency,
                    &amount.pledged.to_string(),
                ));
            }
        }
    }
}

/// `invalid-value` at an amount that makes the framework's money too large to compute exactly
/// (see [`money::HEADROOM`]).
fn amount_too_large(
    at: &money::AmountAt,
    declared: &HashMap<&str, &Declared>,
    sources: &crate::source::Sources,
) -> Diagnostic {
    let place = declared.get(at.item.as_str()).map(|d| {
        let span = value_span(sources, d.file, d.span, &at.path).unwrap_or(d.span);
        (d.file, span)
    });
    diags::amount_too_large(place, &at.item, &money_limit())
}

/// The limit of [`money::fits`] in words: "7.9 × 10^26".
fn money_limit() -> String {
    let limit = Decimal::MAX / Decimal::from(money::HEADROOM);
    let digits = limit.trunc().to_string();
    format!(
        "{}.{} × 10^{}",
        &digits[..1],
        &digits[1..2],
        digits.len() - 1
    )
}

/// The span of the value at `path` inside the item (commitment, programme, pledge) whose `id`
/// is at `id_span` in `file`. The typed documents keep no positions; a file is read again only
/// on this rare path.
fn value_span(
    sources: &crate::source::Sources,
    file: FileId,
    id_span: Span,
    path: &[String],
) -> Option<Span> {
    let source = sources.get(file);
    let tree = crate::load::yaml::parse(file, source, &mut Vec::new())?;
    let item = find_item(&tree, id_span)?;
    let pointer: String = path.iter().map(|p| format!("/{p}")).collect();
    item.pointer(&pointer).map(|(node, _)| node.span)
}

/// The mapping whose `id` value is at `id_span` (trees are at most 64 levels deep).
fn find_item(node: &crate::load::tree::Node, id_span: Span) -> Option<&crate::load::tree::Node> {
    if node.get("id").is_some_and(|id| id.span == id_span) {
        return Some(node);
    }
    match &node.value {
        crate::load::tree::Value::Map(entries) => {
            entries.iter().find_map(|e| find_item(&e.value, id_span))
        }
        crate::load::tree::Value::Seq(items) => items.iter().find_map(|i| find_item(i, id_span)),
        _ => None,
    }
}

/// A note on every commitment nothing supports.
fn unsupported(framework: &Framework, declared: &HashMap<&str, &Declared>) -> Vec<Diagnostic> {
    framework
        .commitments()
        .filter(|(_, c)| framework.supporters(&c.id).is_empty())
        .filter_map(|(_, c)| declared.get(c.id.as_str()))
        .map(|d| diags::unsupported((d.file, d.span), &d.id))
        .collect()
}

/// Largest `mirps.json` that `--against` reads. A published framework of 100,000 commitments
/// is about 150 MB; the file is read as a stream into the few fields needed, not held whole.
pub const MAX_PUBLISHED_BYTES: u64 = 1024 * 1024 * 1024;

/// The parts of a published `mirps.json` that `--against` needs: the version, and each
/// commitment's, programme's and pledge's id and States. Everything else is skipped unread.
#[derive(serde::Deserialize)]
struct Published {
    mirps_json_version: Option<u32>,
    #[serde(default)]
    chapters: Vec<PublishedChapter>,
    #[serde(default)]
    plans: Vec<PublishedPlan>,
    #[serde(default)]
    cooperation: Vec<PublishedCooperation>,
}

#[derive(serde::Deserialize)]
struct PublishedChapter {
    #[serde(default)]
    state: String,
    #[serde(default)]
    commitments: Vec<PublishedItem>,
}

#[derive(serde::Deserialize)]
struct PublishedPlan {
    #[serde(default)]
    programmes: Vec<PublishedItem>,
}

#[derive(serde::Deserialize)]
struct PublishedCooperation {
    #[serde(default)]
    pledges: Vec<PublishedItem>,
}

#[derive(serde::Deserialize)]
struct PublishedItem {
    id: String,
    #[serde(default)]
    states: Vec<String>,
    #[serde(default)]
    beneficiaries: Vec<String>,
}

/// The items of a published `mirps.json` (from `mirps export`), for `validate --against`.
pub fn load_published(path: &std::path::Path) -> anyhow::Result<HashMap<String, External>> {
    use anyhow::Context;
    use anyhow::Error as E;
    let shown = path.display().to_string();
    let cannot_read = || {
        crate::t!(
            es: "no se puede leer `{path}`",
            en: "cannot read `{path}`",
            path = shown.as_str(),
        )
    };
    let file = std::fs::File::open(path).with_context(cannot_read)?;
    let meta = file.metadata().with_context(cannot_read)?;
    if !meta.is_file() {
        return Err(E::msg(crate::t!(
            es: "`{path}` es {what}, no un archivo mirps.json",
            en: "`{path}` is {what}, not a mirps.json file",
            path = shown.as_str(),
            what = crate::guard::file_kind(&meta.file_type()),
        )));
    }
    if meta.len() > MAX_PUBLISHED_BYTES {
        return Err(E::msg(crate::t!(
            es: "`{path}` ocupa {size} MB, más de los {limit} MB que puede ocupar un mirps.json publicado",
            en: "`{path}` is {size} MB, more than the {limit} MB a published mirps.json may be",
            path = shown.as_str(),
            size = meta.len() / 1_000_000,
            limit = MAX_PUBLISHED_BYTES / 1_000_000,
        )));
    }
    let reader = std::io::BufReader::new(file);
    let published: Published = match serde_json::from_reader(reader) {
        Ok(published) => published,
        Err(e) if e.is_data() => {
            return Err(E::msg(crate::t!(
                es: "`{path}` no es un mirps.json de `mirps export`: {error}",
                en: "`{path}` is not a mirps.json from `mirps export`: {error}",
                path = shown.as_str(),
                error = e.to_string(),
            )));
        }
        Err(e) => {
            return Err(E::msg(crate::t!(
                es: "`{path}` no es JSON; se espera un mirps.json de `mirps export` ({error})",
                en: "`{path}` is not JSON; expected a mirps.json from `mirps export` ({error})",
                path = shown.as_str(),
                error = e.to_string(),
            )));
        }
    };
    match published.mirps_json_version {
        None => {
            return Err(E::msg(crate::t!(
                es: "`{path}` no es un mirps.json (no tiene `mirps_json_version`)",
                en: "`{path}` is not a mirps.json (no `mirps_json_version`)",
                path = shown.as_str(),
            )));
        }
        Some(crate::render::data::FORMAT_VERSION) => {}
        Some(other) => {
            return Err(E::msg(crate::t!(
                es: "`{path}` es un mirps.json de la versión {other}; este mirps lee la versión {version} (expórtelo de nuevo con este mirps, o use el mirps que le corresponde)",
                en: "`{path}` is a mirps.json of version {other}; this mirps reads version {version} (export it again with this mirps, or use the mirps that matches it)",
                path = shown.as_str(),
                other = other,
                version = crate::render::data::FORMAT_VERSION,
            )));
        }
    }
    let mut items = HashMap::new();
    for chapter in published.chapters {
        for c in chapter.commitments {
            let states = vec![chapter.state.clone()];
            items.insert(
                c.id,
                External {
                    kind: ItemKind::Commitment,
                    states,
                },
            );
        }
    }
    for plan in published.plans {
        for p in plan.programmes {
            items.insert(
                p.id,
                External {
                    kind: ItemKind::Programme,
                    states: p.states,
                },
            );
        }
    }
    for coop in published.cooperation {
        for p in coop.pledges {
            items.insert(
                p.id,
                External {
                    kind: ItemKind::Pledge,
                    states: p.beneficiaries,
                },
            );
        }
    }
    Ok(items)
}

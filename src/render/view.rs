//! Views: what templates see. Built per language and per page from the linked [`Framework`],
//! with every text already chosen in the page's language (or marked as a fallback), Markdown
//! already turned into safe HTML, links already made relative to the page, and amounts already
//! formatted. Templates only lay out.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::Serialize;

use super::text::{self, Links, Target};
use crate::link::Framework;
use crate::link::money::CommitmentMoney;
use crate::model::{Commitment, Localized, NationalChapter, ProgressStatus, Timeframe};

/// A text in the page's language, or in another one (`fallback` names it).
#[derive(Clone, Debug, Serialize)]
pub struct Text {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// Safe HTML from a Markdown field.
#[derive(Clone, Debug, Serialize)]
pub struct Html {
    pub html: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// Everything needed to render texts of one language.
pub struct Lang<'a> {
    pub framework: &'a Framework,
    pub code: &'a str,
    pub default: &'a str,
    pub targets: &'a HashMap<String, Target>,
    /// For the Markdown document: Markdown fields stay Markdown (citations linked, raw HTML
    /// neutralised) instead of becoming HTML.
    pub markdown: bool,
}

impl Lang<'_> {
    /// A localized text in this language, else the default one, marked as a fallback.
    pub fn text(&self, text: &Localized, doc_lang: &str) -> Text {
        let (value, exact) = text.resolve(self.code, self.default, doc_lang);
        Text {
            text: value.to_string(),
            fallback: (!exact).then(|| self.language_of(text, value, doc_lang)),
        }
    }

    /// A Markdown field as safe HTML, with citations linked for `links`.
    pub fn html(&self, text: &Localized, doc_lang: &str, links: Links<'_>) -> Html {
        let (value, exact) = text.resolve(self.code, self.default, doc_lang);
        Html {
            html: if self.markdown {
                text::markdown_to_markdown(value, self.targets)
            } else {
                text::markdown_to_html(value, self.targets, links)
            },
            fallback: (!exact).then(|| self.language_of(text, value, doc_lang)),
        }
    }

    fn language_of(&self, text: &Localized, value: &str, doc_lang: &str) -> String {
        match text {
            Localized::Plain(_) => doc_lang.to_string(),
            Localized::Map(m) => m
                .iter()
                .find(|(_, t)| t.as_str() == value)
                .map_or_else(|| self.default.to_string(), |(l, _)| l.clone()),
        }
    }
}

/// Where each commitment, programme and pledge lives, for citations and links.
pub fn targets(framework: &Framework, lang: &str) -> HashMap<String, Target> {
    let default = framework.config.default_language();
    let mut map = HashMap::new();
    for (ch, c) in framework.commitments() {
        map.insert(
            c.id.clone(),
            Target {
                href: format!("national/{}.html#{}", ch.state.to_lowercase(), c.id),
                anchor: c.id.clone(),
                title: c.title.resolve(lang, default, &ch.language).0.to_string(),
            },
        );
    }
    for (plan, p) in framework.programmes() {
        map.insert(
            p.id.clone(),
            Target {
                href: format!(
                    "regional/{}.html#{}",
                    plan.organization.to_lowercase(),
                    p.id
                ),
                anchor: p.id.clone(),
                title: p.title.resolve(lang, default, &plan.language).0.to_string(),
            },
        );
    }
    for (coop, p) in framework.pledges() {
        map.insert(
            p.id.clone(),
            Target {
                href: format!(
                    "cooperation/{}.html#{}",
                    coop.contributor.to_lowercase(),
                    p.id
                ),
                anchor: p.id.clone(),
                title: p.title.resolve(lang, default, &coop.language).0.to_string(),
            },
        );
    }
    map
}

/// `1234567` → `1,234,567` (whole units).
pub fn amount(d: Decimal) -> String {
    let text = d.round().abs().to_string();
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 && (text.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if d.is_sign_negative() && !d.round().is_zero() {
        out.insert(0, '-');
    }
    out
}

fn percent(part: Decimal, whole: Decimal) -> Option<String> {
    let share = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(format!("{}", share.round_dp(0)))
}

fn timeframe(tf: &Timeframe) -> String {
    match &tf.end {
        Some(end) => format!("{}–{end}", tf.start),
        None => format!("{}–", tf.start),
    }
}

/// A link to a commitment, programme or pledge.
#[derive(Clone, Debug, Serialize)]
pub struct ItemLink {
    pub id: String,
    pub title: String,
    pub href: String,
    /// Allocated amount, formatted, when a pledge allocates one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

fn item_link(id: &str, lang: &Lang<'_>, links: Links<'_>, amount_of: Option<Decimal>) -> ItemLink {
    let (href, title) = match lang.targets.get(id) {
        Some(t) => (links.href(t), t.title.clone()),
        None => (String::new(), String::new()),
    };
    ItemLink {
        id: id.to_string(),
        title,
        href,
        amount: amount_of.map(amount),
    }
}

/// Money of a commitment, formatted.
#[derive(Clone, Debug, Serialize)]
pub struct MoneyView {
    pub currency: String,
    pub required: String,
    pub state_investment: String,
    pub allocated: String,
    pub gap: String,
    pub surplus: Option<String>,
    pub funded_percent: Option<String>,
}

fn money_view(m: &CommitmentMoney, currency: &str) -> Option<MoneyView> {
    m.costed.then(|| MoneyView {
        currency: currency.to_string(),
        required: amount(m.required),
        state_investment: amount(m.state_investment),
        allocated: amount(m.allocated),
        gap: amount(m.gap),
        surplus: (!m.surplus.is_zero()).then(|| amount(m.surplus)),
        funded_percent: percent(m.required - m.gap, m.required),
    })
}

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorView {
    pub description: Text,
    pub unit: String,
    pub baseline: Option<String>,
    pub target: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProgressView {
    pub year: i32,
    pub status: &'static str,
    pub percent: Option<u8>,
    pub summary: Option<Html>,
    pub challenges: Option<Html>,
}

/// One commitment, ready to lay out.
#[derive(Clone, Debug, Serialize)]
pub struct CommitmentView {
    pub id: String,
    pub state: String,
    pub title: Text,
    pub description: Option<Html>,
    pub pillar: String,
    pub populations: Vec<String>,
    pub working_groups: Vec<String>,
    pub lead: String,
    pub lead_name: String,
    pub partners: Vec<String>,
    pub timeframe: String,
    pub priority: Option<&'static str>,
    pub status: Option<&'static str>,
    pub percent: Option<u8>,
    pub money: Option<MoneyView>,
    pub indicators: Vec<IndicatorView>,
    pub progress: Vec<ProgressView>,
    pub supported_by: Vec<ItemLink>,
    pub grf_pledges: Vec<String>,
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Vocabulary titles in the page language.
pub struct Vocab {
    pub pillars: BTreeMap<String, String>,
    pub populations: BTreeMap<String, String>,
    pub working_groups: BTreeMap<String, String>,
}

impl Vocab {
    pub fn new(framework: &Framework, lang: &str) -> Vocab {
        let config = &framework.config;
        let default = config.default_language();
        let title = |t: &Localized| t.resolve(lang, default, default).0.to_string();
        Vocab {
            pillars: config
                .pillars
                .iter()
                .map(|p| (p.id.clone(), title(&p.title)))
                .collect(),
            populations: config
                .populations
                .iter()
                .map(|p| (p.id.clone(), title(&p.title)))
                .collect(),
            working_groups: config
                .working_groups
                .iter()
                .map(|p| (p.id.clone(), title(&p.title)))
                .collect(),
        }
    }

    fn name(map: &BTreeMap<String, String>, id: &str) -> String {
        map.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// The view of one commitment for a page whose links follow `links`.
pub fn commitment(
    lang: &Lang<'_>,
    vocab: &Vocab,
    chapter: &NationalChapter,
    c: &Commitment,
    money: Option<&CommitmentMoney>,
    links: Links<'_>,
) -> CommitmentView {
    let framework = lang.framework;
    let doc = &chapter.language;
    let latest = c.latest_progress();
    let lead_name = chapter
        .institutions
        .iter()
        .find(|i| i.id == c.lead)
        .map(|i| lang.text(&i.name, doc).text)
        .unwrap_or_default();
    CommitmentView {
        id: c.id.clone(),
        state: chapter.state.clone(),
        title: lang.text(&c.title, doc),
        description: c.description.as_ref().map(|d| lang.html(d, doc, links)),
        pillar: Vocab::name(&vocab.pillars, &c.pillar),
        populations: c
            .populations
            .iter()
            .map(|p| Vocab::name(&vocab.populations, p))
            .collect(),
        working_groups: c
            .working_groups
            .iter()
            .map(|w| Vocab::name(&vocab.working_groups, w))
            .collect(),
        lead: c.lead.clone(),
        lead_name,
        partners: c.partners.clone(),
        timeframe: timeframe(&c.timeframe),
        priority: c.priority.map(|p| match p {
            crate::model::Priority::High => "high",
            crate::model::Priority::Medium => "medium",
            crate::model::Priority::Low => "low",
        }),
        status: latest.map(|p| p.status.as_str()),
        percent: latest.and_then(|p| p.percent),
        money: money.and_then(|m| money_view(m, &framework.funding.base_currency)),
        indicators: c
            .indicators
            .iter()
            .map(|i| IndicatorView {
                description: lang.text(&i.description, doc),
                unit: i.unit.clone(),
                baseline: i.baseline.map(number),
                target: number(i.target),
            })
            .collect(),
        progress: {
            let mut entries: Vec<ProgressView> = c
                .progress
                .iter()
                .map(|p| ProgressView {
                    year: p.year,
                    status: p.status.as_str(),
                    percent: p.percent,
                    summary: p.summary.as_ref().map(|s| lang.html(s, doc, links)),
                    challenges: p.challenges.as_ref().map(|s| lang.html(s, doc, links)),
                })
                .collect();
            entries.sort_by_key(|p| p.year);
            entries
        },
        supported_by: framework
            .supporters(&c.id)
            .iter()
            .map(|s| item_link(&s.id, lang, links, s.allocated))
            .collect(),
        grf_pledges: c.grf_pledges.clone(),
    }
}

/// A pillar with its commitments, for a chapter.
#[derive(Clone, Debug, Serialize)]
pub struct PillarGroup {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub commitments: Vec<CommitmentView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionView {
    pub title: Text,
    pub body: Html,
}

#[derive(Clone, Debug, Serialize)]
pub struct InstitutionView {
    pub id: String,
    pub name: Text,
}

/// Totals of a chapter or State, formatted.
#[derive(Clone, Debug, Serialize)]
pub struct TotalsView {
    pub commitments: usize,
    pub supported: usize,
    pub costed: usize,
    pub required: String,
    pub state_investment: String,
    pub allocated: String,
    pub unallocated: String,
    pub gap: String,
    pub funded_percent: Option<String>,
    pub supported_percent: Option<String>,
}

/// A national chapter, ready to lay out.
#[derive(Clone, Debug, Serialize)]
pub struct ChapterView {
    pub state: String,
    pub slug: String,
    pub name: Text,
    pub status: &'static str,
    pub updated: String,
    pub summary: Html,
    pub context: Option<Html>,
    pub sections: Vec<SectionView>,
    pub institutions: Vec<InstitutionView>,
    pub pillars: Vec<PillarGroup>,
    pub totals: TotalsView,
}

/// Formatted totals of a State.
pub fn state_totals(framework: &Framework, state: &str) -> TotalsView {
    let t = framework
        .funding
        .by_state
        .get(state)
        .cloned()
        .unwrap_or_default();
    let unallocated = framework
        .funding
        .unallocated_by_state
        .get(state)
        .copied()
        .unwrap_or_default();
    TotalsView {
        commitments: t.commitments,
        supported: t.supported,
        costed: t.costed,
        required: amount(t.required),
        state_investment: amount(t.state_investment),
        allocated: amount(t.allocated),
        unallocated: amount(unallocated),
        gap: amount(t.gap),
        funded_percent: percent(t.required - t.gap, t.required),
        supported_percent: percent(Decimal::from(t.supported), Decimal::from(t.commitments)),
    }
}

/// The view of one national chapter.
pub fn chapter(
    lang: &Lang<'_>,
    vocab: &Vocab,
    chapter: &NationalChapter,
    links: Links<'_>,
) -> ChapterView {
    let framework = lang.framework;
    let doc = &chapter.language;
    let money: HashMap<&str, &CommitmentMoney> = framework
        .funding
        .commitments
        .iter()
        .filter(|m| m.state == chapter.state)
        .map(|m| (m.id.as_str(), m))
        .collect();
    let pillars = framework
        .config
        .pillars
        .iter()
        .filter_map(|p| {
            let commitments: Vec<CommitmentView> = chapter
                .commitments
                .iter()
                .filter(|c| c.pillar == p.id)
                .map(|c| {
                    commitment(
                        lang,
                        vocab,
                        chapter,
                        c,
                        money.get(c.id.as_str()).copied(),
                        links,
                    )
                })
                .collect();
            (!commitments.is_empty()).then(|| PillarGroup {
                id: p.id.clone(),
                number: p.number,
                title: Vocab::name(&vocab.pillars, &p.id),
                commitments,
            })
        })
        .collect();
    ChapterView {
        state: chapter.state.clone(),
        slug: chapter.state.to_lowercase(),
        name: lang.text(&chapter.name, doc),
        status: match chapter.status {
            crate::model::Status::Draft => "draft",
            crate::model::Status::Submitted => "submitted",
            crate::model::Status::Adopted => "adopted",
        },
        updated: chapter.updated.clone(),
        summary: lang.html(&chapter.summary, doc, links),
        context: chapter.context.as_ref().map(|c| lang.html(c, doc, links)),
        sections: chapter
            .sections
            .iter()
            .map(|s| SectionView {
                title: lang.text(&s.title, doc),
                body: lang.html(&s.body, doc, links),
            })
            .collect(),
        institutions: chapter
            .institutions
            .iter()
            .map(|i| InstitutionView {
                id: i.id.clone(),
                name: lang.text(&i.name, doc),
            })
            .collect(),
        pillars,
        totals: state_totals(framework, &chapter.state),
    }
}

/// A regional programme, ready to lay out.
#[derive(Clone, Debug, Serialize)]
pub struct ProgrammeView {
    pub id: String,
    pub title: Text,
    pub description: Option<Html>,
    pub pillars: Vec<String>,
    pub states: Vec<String>,
    pub complements: Vec<ItemLink>,
    pub supported_by: Vec<ItemLink>,
    pub budget: Option<String>,
    pub timeframe: Option<String>,
    pub status: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanView {
    pub organization: String,
    pub slug: String,
    pub name: Text,
    pub org_type: String,
    pub updated: String,
    pub summary: Html,
    pub programmes: Vec<ProgrammeView>,
}

pub fn plan(
    lang: &Lang<'_>,
    vocab: &Vocab,
    plan: &crate::model::RegionalPlan,
    links: Links<'_>,
) -> PlanView {
    let framework = lang.framework;
    let doc = &plan.language;
    PlanView {
        organization: plan.organization.clone(),
        slug: plan.organization.to_lowercase(),
        name: lang.text(&plan.name, doc),
        org_type: serde_json::to_value(plan.org_type)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        updated: plan.updated.clone(),
        summary: lang.html(&plan.summary, doc, links),
        programmes: plan
            .programmes
            .iter()
            .map(|p| ProgrammeView {
                id: p.id.clone(),
                title: lang.text(&p.title, doc),
                description: p.description.as_ref().map(|d| lang.html(d, doc, links)),
                pillars: p
                    .pillars
                    .iter()
                    .map(|x| Vocab::name(&vocab.pillars, x))
                    .collect(),
                states: p.states.clone(),
                complements: p
                    .complements
                    .iter()
                    .map(|id| item_link(id, lang, links, None))
                    .collect(),
                supported_by: framework
                    .supporters(&p.id)
                    .iter()
                    .map(|s| item_link(&s.id, lang, links, s.allocated))
                    .collect(),
                budget: p
                    .budget
                    .as_ref()
                    .map(|b| format!("{} {}", b.currency, amount(b.required))),
                timeframe: p.timeframe.as_ref().map(timeframe),
                status: p.status.as_str(),
            })
            .collect(),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PledgeView {
    pub id: String,
    pub pledge_type: &'static str,
    pub title: Text,
    pub description: Option<Html>,
    pub beneficiaries: Vec<String>,
    pub supports: Vec<ItemLink>,
    pub pledged: Option<String>,
    pub disbursed: Option<String>,
    pub places: Option<u64>,
    pub period: Option<String>,
    pub status: &'static str,
    pub grf_pledge: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CooperationView {
    pub contributor: String,
    pub slug: String,
    pub name: Text,
    pub south_south: bool,
    pub updated: String,
    pub summary: Option<Html>,
    pub pledges: Vec<PledgeView>,
}

pub fn cooperation(
    lang: &Lang<'_>,
    coop: &crate::model::Cooperation,
    links: Links<'_>,
) -> CooperationView {
    let doc = &coop.language;
    CooperationView {
        contributor: coop.contributor.clone(),
        slug: coop.contributor.to_lowercase(),
        name: lang.text(&coop.name, doc),
        south_south: coop.south_south,
        updated: coop.updated.clone(),
        summary: coop.summary.as_ref().map(|s| lang.html(s, doc, links)),
        pledges: coop
            .pledges
            .iter()
            .map(|p| {
                let currency = p
                    .amount
                    .as_ref()
                    .map(|a| a.currency.as_str())
                    .unwrap_or_default();
                PledgeView {
                    id: p.id.clone(),
                    pledge_type: p.pledge_type.as_str(),
                    title: lang.text(&p.title, doc),
                    description: p.description.as_ref().map(|d| lang.html(d, doc, links)),
                    beneficiaries: p.beneficiaries.clone(),
                    supports: p
                        .supports
                        .iter()
                        .map(|s| {
                            let allocated = match s {
                                crate::model::Support::Allocated { amount, .. } => Some(*amount),
                                crate::model::Support::Id(_) => None,
                            };
                            let mut link = item_link(s.id(), lang, links, None);
                            link.amount = allocated.map(|a| format!("{currency} {}", amount(a)));
                            link
                        })
                        .collect(),
                    pledged: p
                        .amount
                        .as_ref()
                        .map(|a| format!("{} {}", a.currency, amount(a.pledged))),
                    disbursed: p
                        .amount
                        .as_ref()
                        .and_then(|a| a.disbursed.map(|d| format!("{} {}", a.currency, amount(d)))),
                    places: p.places,
                    period: p.period.as_ref().map(timeframe),
                    status: match p.status {
                        crate::model::PledgeStatus::Planning => "planning",
                        crate::model::PledgeStatus::InProgress => "in-progress",
                        crate::model::PledgeStatus::Fulfilled => "fulfilled",
                    },
                    grf_pledge: p.grf_pledge.clone(),
                }
            })
            .collect(),
    }
}

/// Headline figures of the framework.
#[derive(Clone, Debug, Serialize)]
pub struct Figures {
    pub states: usize,
    pub commitments: usize,
    pub costed: usize,
    pub supported: usize,
    pub supported_percent: Option<String>,
    pub programmes: usize,
    pub organizations: usize,
    pub pledges: usize,
    pub contributors: usize,
    pub south_south: usize,
    pub required: String,
    pub state_investment: String,
    pub allocated: String,
    pub unallocated: String,
    /// Unallocated amounts of pledges to several States (in `unallocated`, in no State's).
    pub unallocated_shared: String,
    pub gap: String,
    pub funded_percent: Option<String>,
    pub pledged: String,
    pub disbursed: String,
}

pub fn figures(framework: &Framework) -> Figures {
    let f = &framework.funding;
    let t = &f.total;
    let pledged: Decimal = f.by_contributor.values().map(|c| c.pledged).sum();
    let disbursed: Decimal = f.by_contributor.values().map(|c| c.disbursed).sum();
    let unallocated: Decimal = f.by_contributor.values().map(|c| c.unallocated).sum();
    Figures {
        states: framework.chapters.len(),
        commitments: t.commitments,
        costed: t.costed,
        supported: t.supported,
        supported_percent: percent(Decimal::from(t.supported), Decimal::from(t.commitments)),
        programmes: framework.programmes().count(),
        organizations: framework.plans.len(),
        pledges: framework.pledges().count(),
        contributors: framework.cooperation.len(),
        south_south: framework
            .cooperation
            .iter()
            .filter(|c| c.south_south)
            .count(),
        required: amount(t.required),
        state_investment: amount(t.state_investment),
        allocated: amount(t.allocated),
        unallocated: amount(unallocated),
        unallocated_shared: amount(f.unallocated_shared.iter().map(|u| u.amount).sum()),
        gap: amount(t.gap),
        funded_percent: percent(t.required - t.gap, t.required),
        pledged: amount(pledged),
        disbursed: amount(disbursed),
    }
}

/// One cell of the State × pillar coverage matrix.
#[derive(Clone, Debug, Serialize)]
pub struct MatrixCell {
    pub pillar: String,
    pub commitments: usize,
    pub supported: usize,
    /// Relative to the HTML root: the pillar's section of the State's chapter.
    pub href: String,
    /// 0–4: how much of the cell's commitments are supported, for shading.
    pub level: u8,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixRow {
    pub state: String,
    pub name: Text,
    pub href: String,
    pub cells: Vec<MatrixCell>,
}

pub fn matrix(lang: &Lang<'_>) -> Vec<MatrixRow> {
    let framework = lang.framework;
    framework
        .chapters
        .iter()
        .map(|ch| {
            let slug = ch.state.to_lowercase();
            MatrixRow {
                state: ch.state.clone(),
                name: lang.text(&ch.name, &ch.language),
                href: format!("national/{slug}.html"),
                cells: framework
                    .config
                    .pillars
                    .iter()
                    .map(|p| {
                        let t = framework
                            .funding
                            .by_state_pillar
                            .get(&format!("{}/{}", ch.state, p.id))
                            .cloned()
                            .unwrap_or_default();
                        let level = (t.supported * 3)
                            .checked_div(t.commitments)
                            .map_or(0, |share| 1 + u8::try_from(share).unwrap_or(3));
                        MatrixCell {
                            pillar: p.id.clone(),
                            commitments: t.commitments,
                            supported: t.supported,
                            href: format!("national/{slug}.html#pillar-{}", p.id),
                            level,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A row of the commitments table (filterable on the page).
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub state: String,
    pub pillar: String,
    pub pillar_title: String,
    pub populations: Vec<String>,
    pub population_titles: Vec<String>,
    pub status: String,
    pub title: String,
    pub href: String,
    pub required: Option<String>,
    pub gap: Option<String>,
}

pub fn rows(lang: &Lang<'_>, vocab: &Vocab) -> Vec<Row> {
    let framework = lang.framework;
    let money: HashMap<&str, &CommitmentMoney> = framework
        .funding
        .commitments
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    framework
        .commitments()
        .map(|(ch, c)| {
            let m = money.get(c.id.as_str());
            let costed = m.is_some_and(|m| m.costed);
            Row {
                id: c.id.clone(),
                state: ch.state.clone(),
                pillar: c.pillar.clone(),
                pillar_title: Vocab::name(&vocab.pillars, &c.pillar),
                populations: c.populations.clone(),
                population_titles: c
                    .populations
                    .iter()
                    .map(|p| Vocab::name(&vocab.populations, p))
                    .collect(),
                status: c
                    .latest_progress()
                    .map_or("not-reported", |p| p.status.as_str())
                    .to_string(),
                title: lang.text(&c.title, &ch.language).text,
                href: format!("national/{}.html#{}", ch.state.to_lowercase(), c.id),
                required: costed.then(|| amount(m.map(|m| m.required).unwrap_or_default())),
                gap: costed.then(|| amount(m.map(|m| m.gap).unwrap_or_default())),
            }
        })
        .collect()
}

/// Counts of commitments per pillar and latest status, for the chart and its table.
pub fn pillar_status(framework: &Framework) -> Vec<(String, [usize; 5])> {
    let order = [
        Some(ProgressStatus::Planned),
        Some(ProgressStatus::InProgress),
        Some(ProgressStatus::Completed),
        Some(ProgressStatus::Suspended),
        None,
    ];
    framework
        .config
        .pillars
        .iter()
        .map(|p| {
            let mut counts = [0; 5];
            for m in framework
                .funding
                .commitments
                .iter()
                .filter(|m| m.pillar == p.id)
            {
                let slot = order.iter().position(|s| *s == m.status).unwrap_or(4);
                counts[slot] += 1;
            }
            (p.id.clone(), counts)
        })
        .collect()
}

//! Views: what templates see. Built per language and per page from the linked [`Framework`],
//! with every text already chosen in the page's language (or marked as a fallback), Markdown
//! already turned into safe HTML, links already made relative to the page, and amounts already
//! formatted. Templates only lay out.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::Serialize;

use super::routes;
use super::text::{self, Links, Target};
use crate::config::NumberStyle;
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

/// A Markdown field, ready for each output: safe HTML for the site page it is shown on
/// (`html`) and for the single-page print version (`single`), and Markdown for the document and
/// the PDF (`md`: citations as `[ID](#ID "title")`, raw HTML shown as text).
#[derive(Clone, Debug, Serialize)]
pub struct Html {
    pub html: String,
    pub single: String,
    pub md: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// How generated figures are written in a language: `9,856,800` and `6.3`, or `9.856.800`
/// and `6,3` (`[numbers]` of mirps.toml).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbers(pub NumberStyle);

impl Numbers {
    /// The English convention (and the terminal report's).
    pub const PLAIN: Numbers = Numbers(NumberStyle::ENGLISH);

    pub fn of(config: &crate::config::Config, lang: &str) -> Numbers {
        Numbers(config.number_style(lang))
    }

    /// `1234567` → `1,234,567` (whole units).
    pub fn amount(&self, d: Decimal) -> String {
        let rounded = d.round();
        // No "-0".
        let rounded = if rounded.is_zero() {
            Decimal::ZERO
        } else {
            rounded
        };
        self.0.integer(&rounded.to_string())
    }

    /// A figure that may have decimals (an indicator's target): `2500.5` → `2,500.5`.
    pub fn figure(&self, v: f64) -> String {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            self.0.integer(&format!("{}", v as i64))
        } else {
            self.0.decimal_text(&format!("{v}"))
        }
    }

    pub fn decimal(&self) -> char {
        self.0.decimal
    }
}

/// Everything needed to render texts of one language.
pub struct Lang<'a> {
    pub framework: &'a Framework,
    pub code: &'a str,
    pub default: &'a str,
    pub targets: &'a HashMap<String, Target>,
    pub numbers: Numbers,
    /// The catalogue of interface words of this language (`templates/i18n.toml`).
    pub words: &'a BTreeMap<String, String>,
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

    /// A Markdown field of an item page (every item lives one folder below the site's root).
    pub fn html(&self, text: &Localized, doc_lang: &str) -> Html {
        self.html_on(text, doc_lang, routes::ITEM_ROOT)
    }

    /// A Markdown field shown on a site page whose way to the site's root is `root` (`` or
    /// `../`), and in the other outputs.
    pub fn html_on(&self, text: &Localized, doc_lang: &str, root: &str) -> Html {
        let (value, exact) = text.resolve(self.code, self.default, doc_lang);
        let html = text::markdown_to_html(value, self.targets, Links::Site { prefix: root });
        // Only citations (`[[ID]]`, as the checks find them) link differently on the single
        // page: a text without one is the same HTML there, and needs no second conversion.
        let single = if !crate::check::citations(value).is_empty() {
            text::markdown_to_html(value, self.targets, Links::SinglePage)
        } else {
            html.clone()
        };
        Html {
            html,
            single,
            md: text::markdown_to_markdown(value, self.targets),
            fallback: (!exact).then(|| self.language_of(text, value, doc_lang)),
        }
    }

    pub fn amount(&self, d: Decimal) -> String {
        self.numbers.amount(d)
    }

    /// A word of the catalogue (its key when the catalogue lacks it: a test keeps every key
    /// in every language).
    pub fn word(&self, key: &str) -> String {
        word(self.words, key)
    }

    /// An indicator's unit in this language: `people` → `personas` (catalogue key
    /// `unit_<unit>`); a unit the catalogue does not know is shown as written.
    pub fn unit(&self, unit: &str) -> String {
        self.words
            .get(&format!("unit_{}", unit.to_lowercase()))
            .cloned()
            .unwrap_or_else(|| unit.to_string())
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

/// A word of a catalogue, or its key when the catalogue lacks it (a test keeps every key in
/// every language).
pub fn word(words: &BTreeMap<String, String>, key: &str) -> String {
    words.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// Where each commitment, programme and pledge lives, for citations and links.
pub fn targets(framework: &Framework, lang: &str) -> HashMap<String, Target> {
    let default = framework.config.default_language();
    let mut map = HashMap::new();
    for (ch, c) in framework.commitments() {
        map.insert(
            c.id.clone(),
            Target {
                href: routes::at(&routes::chapter(&ch.state), &routes::anchor::item(&c.id)),
                anchor: routes::anchor::item(&c.id),
                title: c.title.resolve(lang, default, &ch.language).0.to_string(),
            },
        );
    }
    for (plan, p) in framework.programmes() {
        map.insert(
            p.id.clone(),
            Target {
                href: routes::at(
                    &routes::plan(&plan.organization),
                    &routes::anchor::item(&p.id),
                ),
                anchor: routes::anchor::item(&p.id),
                title: p.title.resolve(lang, default, &plan.language).0.to_string(),
            },
        );
    }
    for (coop, p) in framework.pledges() {
        map.insert(
            p.id.clone(),
            Target {
                href: routes::at(
                    &routes::cooperation(&coop.contributor),
                    &routes::anchor::item(&p.id),
                ),
                anchor: routes::anchor::item(&p.id),
                title: p.title.resolve(lang, default, &coop.language).0.to_string(),
            },
        );
    }
    map
}

/// `1234567` → `1,234,567` (whole units, the English convention: the terminal report's).
pub fn amount(d: Decimal) -> String {
    Numbers::PLAIN.amount(d)
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
    /// From an item page of the site.
    pub href: String,
    /// In the single document (the print page, the Markdown document, the PDF): `#GTM-1.3`.
    pub anchor: String,
    /// Allocated amount, formatted, when a pledge allocates one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

fn item_link(id: &str, lang: &Lang<'_>, amount_of: Option<Decimal>) -> ItemLink {
    let (href, anchor, title) = match lang.targets.get(id) {
        Some(t) => (
            Links::Site {
                prefix: routes::ITEM_ROOT,
            }
            .href(t),
            Links::SinglePage.href(t),
            t.title.clone(),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    ItemLink {
        id: id.to_string(),
        title,
        href,
        anchor,
        amount: amount_of.map(|a| lang.amount(a)),
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

fn money_view(lang: &Lang<'_>, m: &CommitmentMoney, currency: &str) -> Option<MoneyView> {
    m.costed.then(|| MoneyView {
        currency: currency.to_string(),
        required: lang.amount(m.required),
        state_investment: lang.amount(m.state_investment),
        allocated: lang.amount(m.allocated),
        gap: lang.amount(m.gap),
        surplus: (!m.surplus.is_zero()).then(|| lang.amount(m.surplus)),
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
        description: c.description.as_ref().map(|d| lang.html(d, doc)),
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
        money: money.and_then(|m| money_view(lang, m, &framework.funding.base_currency)),
        indicators: c
            .indicators
            .iter()
            .map(|i| IndicatorView {
                description: lang.text(&i.description, doc),
                unit: lang.unit(&i.unit),
                baseline: i.baseline.map(|b| lang.numbers.figure(b)),
                target: lang.numbers.figure(i.target),
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
                    summary: p.summary.as_ref().map(|s| lang.html(s, doc)),
                    challenges: p.challenges.as_ref().map(|s| lang.html(s, doc)),
                })
                .collect();
            entries.sort_by_key(|p| p.year);
            entries
        },
        supported_by: framework
            .supporters(&c.id)
            .iter()
            .map(|s| item_link(&s.id, lang, s.allocated))
            .collect(),
        grf_pledges: c.grf_pledges.clone(),
    }
}

/// A pillar with its commitments, for a chapter.
#[derive(Clone, Debug, Serialize)]
pub struct PillarGroup {
    pub id: String,
    /// "Pilar 1: Recepción y admisión", as every output heads the pillar.
    pub heading: String,
    /// In the single document.
    pub anchor: String,
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

/// Totals of a State (or of a State's pillar), formatted. Without a costed commitment there is
/// no required amount, State investment, gap or share funded to show: those are `None`, which
/// every output prints as "not costed" (never as 0, which would read as "no need").
#[derive(Clone, Debug, Serialize)]
pub struct TotalsView {
    pub commitments: usize,
    pub supported: usize,
    pub costed: usize,
    pub required: Option<String>,
    pub state_investment: Option<String>,
    pub gap: Option<String>,
    pub funded_percent: Option<String>,
    /// Pledged and allocated to the commitments.
    pub allocated: String,
    /// Pledged to the State, not yet allocated to a commitment.
    pub unallocated: String,
    pub supported_percent: Option<String>,
    /// The same figures for a chart, in whole units of the base currency: required, State
    /// investment, allocated, unallocated (the table's columns, in its order).
    pub chart: [f64; 4],
}

fn whole(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.round().to_f64().unwrap_or(0.0)
}

/// Formatted totals; `unallocated`: pledged to the State and not yet allocated.
pub fn totals_view(
    lang: &Lang<'_>,
    t: &crate::link::money::Totals,
    unallocated: Decimal,
) -> TotalsView {
    let costed = t.costed > 0;
    let costed_amount = |d: Decimal| costed.then(|| lang.amount(d));
    TotalsView {
        commitments: t.commitments,
        supported: t.supported,
        costed: t.costed,
        required: costed_amount(t.required),
        state_investment: costed_amount(t.state_investment),
        gap: costed_amount(t.gap),
        funded_percent: costed
            .then(|| percent(t.required - t.gap, t.required))
            .flatten(),
        allocated: lang.amount(t.allocated),
        unallocated: lang.amount(unallocated),
        supported_percent: percent(Decimal::from(t.supported), Decimal::from(t.commitments)),
        chart: [
            whole(t.required),
            whole(t.state_investment),
            whole(t.allocated),
            whole(unallocated),
        ],
    }
}

/// A national chapter, ready to lay out.
#[derive(Clone, Debug, Serialize)]
pub struct ChapterView {
    pub state: String,
    pub slug: String,
    /// In the single document.
    pub anchor: String,
    pub name: Text,
    pub status: &'static str,
    pub updated: String,
    /// `updated` in words of the language.
    pub updated_long: String,
    pub summary: Html,
    pub context: Option<Html>,
    pub sections: Vec<SectionView>,
    pub institutions: Vec<InstitutionView>,
    pub pillars: Vec<PillarGroup>,
    pub totals: TotalsView,
}

/// Formatted totals of a State.
pub fn state_totals(lang: &Lang<'_>, state: &str) -> TotalsView {
    let funding = &lang.framework.funding;
    let t = funding.by_state.get(state).cloned().unwrap_or_default();
    let unallocated = funding
        .unallocated_by_state
        .get(state)
        .copied()
        .unwrap_or_default();
    totals_view(lang, &t, unallocated)
}

/// The view of one national chapter.
pub fn chapter(lang: &Lang<'_>, vocab: &Vocab, chapter: &NationalChapter) -> ChapterView {
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
                .map(|c| commitment(lang, vocab, chapter, c, money.get(c.id.as_str()).copied()))
                .collect();
            (!commitments.is_empty()).then(|| PillarGroup {
                anchor: routes::anchor::chapter_pillar(&chapter.state, &p.id),
                heading: format!(
                    "{} {}: {}",
                    lang.word("pillar_n"),
                    p.number,
                    Vocab::name(&vocab.pillars, &p.id)
                ),
                id: p.id.clone(),
                number: p.number,
                title: Vocab::name(&vocab.pillars, &p.id),
                commitments,
            })
        })
        .collect();
    ChapterView {
        anchor: routes::anchor::chapter(&chapter.state),
        state: chapter.state.clone(),
        slug: chapter.state.to_lowercase(),
        name: lang.text(&chapter.name, doc),
        status: match chapter.status {
            crate::model::Status::Draft => "draft",
            crate::model::Status::Submitted => "submitted",
            crate::model::Status::Adopted => "adopted",
        },
        updated: chapter.updated.clone(),
        updated_long: super::edition::long_date(&chapter.updated, lang.words),
        summary: lang.html(&chapter.summary, doc),
        context: chapter.context.as_ref().map(|c| lang.html(c, doc)),
        sections: chapter
            .sections
            .iter()
            .map(|s| SectionView {
                title: lang.text(&s.title, doc),
                body: lang.html(&s.body, doc),
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
        totals: state_totals(lang, &chapter.state),
    }
}

/// A name and the acronym it ends with in parentheses: "Organización Internacional del Trabajo
/// (OIT)" → ("Organización Internacional del Trabajo", Some("OIT")). An ending in parentheses
/// that is not an acronym (has spaces or lowercase words) stays part of the name.
pub fn split_acronym(name: &str) -> (&str, Option<&str>) {
    let name = name.trim_end();
    if let Some(inner) = name.strip_suffix(')')
        && let Some(open) = inner.rfind(" (")
    {
        let acronym = &inner[open + 2..];
        let is_acronym = !acronym.is_empty()
            && acronym.chars().count() <= 15
            && acronym
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '/' || c == '.')
            && acronym.chars().filter(|c| c.is_uppercase()).count() >= 2;
        if is_acronym {
            return (name[..open].trim_end(), Some(acronym));
        }
    }
    (name, None)
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
    /// In the single document.
    pub anchor: String,
    /// The organization's name without its acronym: "Programa de las Naciones Unidas para el
    /// Desarrollo".
    pub name: Text,
    /// Its acronym in this language ("PNUD"): the one its name ends with in parentheses, else
    /// its code.
    pub acronym: String,
    /// Name and acronym, as headings print it, once: "Programa de las Naciones Unidas para el
    /// Desarrollo (PNUD)".
    pub heading: String,
    pub org_type: String,
    pub updated: String,
    /// `updated` in words of the language.
    pub updated_long: String,
    pub summary: Html,
    pub programmes: Vec<ProgrammeView>,
}

pub fn plan(lang: &Lang<'_>, vocab: &Vocab, plan: &crate::model::RegionalPlan) -> PlanView {
    let framework = lang.framework;
    let doc = &plan.language;
    let full = lang.text(&plan.name, doc);
    let (name, acronym) = split_acronym(&full.text);
    let acronym = acronym.unwrap_or(&plan.organization).to_string();
    let name = Text {
        text: name.to_string(),
        fallback: full.fallback.clone(),
    };
    PlanView {
        anchor: routes::anchor::plan(&plan.organization),
        organization: plan.organization.clone(),
        slug: routes::slug(&plan.organization),
        heading: format!("{}\u{a0}({acronym})", name.text),
        name,
        acronym,
        org_type: serde_json::to_value(plan.org_type)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        updated: plan.updated.clone(),
        updated_long: super::edition::long_date(&plan.updated, lang.words),
        summary: lang.html(&plan.summary, doc),
        programmes: plan
            .programmes
            .iter()
            .map(|p| ProgrammeView {
                id: p.id.clone(),
                title: lang.text(&p.title, doc),
                description: p.description.as_ref().map(|d| lang.html(d, doc)),
                pillars: p
                    .pillars
                    .iter()
                    .map(|x| Vocab::name(&vocab.pillars, x))
                    .collect(),
                states: p.states.clone(),
                complements: p
                    .complements
                    .iter()
                    .map(|id| item_link(id, lang, None))
                    .collect(),
                supported_by: framework
                    .supporters(&p.id)
                    .iter()
                    .map(|s| item_link(&s.id, lang, s.allocated))
                    .collect(),
                budget: p
                    .budget
                    .as_ref()
                    .map(|b| format!("{} {}", b.currency, lang.amount(b.required))),
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
    /// In the single document.
    pub anchor: String,
    pub name: Text,
    pub south_south: bool,
    pub updated: String,
    /// `updated` in words of the language.
    pub updated_long: String,
    pub summary: Option<Html>,
    pub pledges: Vec<PledgeView>,
}

pub fn cooperation(lang: &Lang<'_>, coop: &crate::model::Cooperation) -> CooperationView {
    let doc = &coop.language;
    CooperationView {
        anchor: routes::anchor::contributor(&coop.contributor),
        contributor: coop.contributor.clone(),
        slug: coop.contributor.to_lowercase(),
        name: lang.text(&coop.name, doc),
        south_south: coop.south_south,
        updated: coop.updated.clone(),
        updated_long: super::edition::long_date(&coop.updated, lang.words),
        summary: coop.summary.as_ref().map(|s| lang.html(s, doc)),
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
                    description: p.description.as_ref().map(|d| lang.html(d, doc)),
                    beneficiaries: p.beneficiaries.clone(),
                    supports: p
                        .supports
                        .iter()
                        .map(|s| {
                            let allocated = match s {
                                crate::model::Support::Allocated { amount, .. } => Some(*amount),
                                crate::model::Support::Id(_) => None,
                            };
                            let mut link = item_link(s.id(), lang, None);
                            link.amount =
                                allocated.map(|a| format!("{currency} {}", lang.amount(a)));
                            link
                        })
                        .collect(),
                    pledged: p
                        .amount
                        .as_ref()
                        .map(|a| format!("{} {}", a.currency, lang.amount(a.pledged))),
                    disbursed: p.amount.as_ref().and_then(|a| {
                        a.disbursed
                            .map(|d| format!("{} {}", a.currency, lang.amount(d)))
                    }),
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
    /// `None` when no commitment is costed (see [`TotalsView`]).
    pub required: Option<String>,
    pub state_investment: Option<String>,
    pub gap: Option<String>,
    pub funded_percent: Option<String>,
    pub allocated: String,
    /// Every pledged amount not yet allocated to a commitment: `unallocated_states` (to one
    /// State, in that State's row) plus `unallocated_shared` (to several, in no State's row).
    pub unallocated: String,
    pub unallocated_states: String,
    pub unallocated_shared: String,
    pub pledged: String,
    pub disbursed: String,
}

pub fn figures(lang: &Lang<'_>) -> Figures {
    let framework = lang.framework;
    let f = &framework.funding;
    let t = &f.total;
    let pledged: Decimal = f.by_contributor.values().map(|c| c.pledged).sum();
    let disbursed: Decimal = f.by_contributor.values().map(|c| c.disbursed).sum();
    let states: Decimal = f.unallocated_by_state.values().copied().sum();
    let shared: Decimal = f.unallocated_shared.iter().map(|u| u.amount).sum();
    let totals = totals_view(lang, t, states + shared);
    Figures {
        states: framework.chapters.len(),
        commitments: t.commitments,
        costed: t.costed,
        supported: t.supported,
        supported_percent: totals.supported_percent,
        programmes: framework.programmes().count(),
        organizations: framework.plans.len(),
        pledges: framework.pledges().count(),
        contributors: framework.cooperation.len(),
        south_south: framework
            .cooperation
            .iter()
            .filter(|c| c.south_south)
            .count(),
        required: totals.required,
        state_investment: totals.state_investment,
        gap: totals.gap,
        funded_percent: totals.funded_percent,
        allocated: totals.allocated,
        unallocated: totals.unallocated,
        unallocated_states: lang.amount(states),
        unallocated_shared: lang.amount(shared),
        pledged: lang.amount(pledged),
        disbursed: lang.amount(disbursed),
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
    /// Relative to the HTML root.
    pub href: String,
    /// In the single document.
    pub anchor: String,
    pub cells: Vec<MatrixCell>,
}

pub fn matrix(lang: &Lang<'_>) -> Vec<MatrixRow> {
    let framework = lang.framework;
    framework
        .chapters
        .iter()
        .map(|ch| {
            let page = routes::chapter(&ch.state);
            MatrixRow {
                anchor: routes::anchor::chapter(&ch.state),
                state: ch.state.clone(),
                name: lang.text(&ch.name, &ch.language),
                href: page.clone(),
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
                            href: routes::at(&page, &routes::anchor::pillar(&p.id)),
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
    /// Relative to the HTML root.
    pub href: String,
    /// In the single document.
    pub anchor: String,
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
                href: routes::at(&routes::chapter(&ch.state), &routes::anchor::item(&c.id)),
                anchor: routes::anchor::item(&c.id),
                required: costed.then(|| lang.amount(m.map(|m| m.required).unwrap_or_default())),
                gap: costed.then(|| lang.amount(m.map(|m| m.gap).unwrap_or_default())),
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

//! The HTML site and the Markdown document of one language.
//!
//! Every page gets a small context (the common [`Base`] and its own view), so rendering stays
//! linear in the size of the framework; pages are rendered in parallel. The pages that show
//! every commitment (the printable document, the Markdown document) are one template each: their
//! views are made and turned into template values in parallel, chapter by chapter, and only the
//! rendering itself is one job. Links are relative, so the site works from `file://` and under
//! any base path, and nothing is fetched from elsewhere.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::chart::{self, Group, Series};
use super::templates::{Templates, error_chain};
use super::text::{Links, Target};
use super::view::{self, Lang, Vocab};
use crate::diag::Text;
use crate::link::Framework;
use crate::t;

/// A file of the output: its path relative to the language's folder, and its bytes.
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What every page shows about the framework.
#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    pub title: view::Text,
    pub short_title: String,
    pub edition: String,
    pub cutoff: String,
    pub base_currency: String,
    pub rates_date: Option<String>,
    /// Digest of the inputs: identifies the data a page was made from, without a clock.
    pub stamp: String,
    /// Where the framework's source lives (`[framework] source`).
    pub source: Option<String>,
    /// The source as a link a reader may follow: only a web address.
    pub source_href: Option<String>,
}

impl SiteInfo {
    /// What every output shows about `config`'s framework, in `lang`.
    pub fn new(config: &crate::config::Config, lang: &Lang<'_>, stamp: &str) -> SiteInfo {
        let source = config.source.clone();
        let source_href = source.clone().filter(|s| {
            let lower = s.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        });
        SiteInfo {
            title: lang.text(&config.title, config.default_language()),
            short_title: config.short_title.clone(),
            edition: config.edition.clone(),
            cutoff: config.cutoff.clone(),
            base_currency: config.currency.base.clone(),
            rates_date: config.currency.rates_date.clone(),
            stamp: stamp.to_string(),
            source,
            source_href,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
struct NavItem {
    code: String,
    name: String,
    /// Relative to the HTML root.
    href: String,
}

#[derive(Clone, Debug, Serialize)]
struct Nav {
    chapters: Vec<NavItem>,
    plans: Vec<NavItem>,
    contributors: Vec<NavItem>,
}

#[derive(Clone, Debug, Serialize)]
struct LangLink {
    code: String,
    name: String,
    href: String,
    current: bool,
}

#[derive(Clone, Debug, Serialize)]
struct PageInfo {
    kind: &'static str,
    path: String,
    title: String,
}

#[derive(Serialize)]
struct Base<'a> {
    lang: &'a str,
    langs: Vec<LangLink>,
    labels: &'a BTreeMap<String, String>,
    site: &'a SiteInfo,
    /// Prefix from this page to the HTML root (`` or `../`).
    root: &'static str,
    nav: &'a Nav,
    page: PageInfo,
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    #[serde(flatten)]
    base: Base<'a>,
    #[serde(flatten)]
    content: T,
}

/// The name of a language in itself.
pub fn language_name(code: &str) -> &str {
    match code {
        "es" => "Español",
        "en" => "English",
        "fr" => "Français",
        "pt" => "Português",
        other => other,
    }
}

/// Everything one language's outputs are made from.
pub struct Build<'a> {
    pub framework: &'a Framework,
    pub templates: &'a Templates,
    pub tera: &'a tera::Tera,
    pub lang: &'a str,
    pub languages: &'a [String],
    pub stamp: &'a str,
}

impl Build<'_> {
    fn lang<'t>(&'t self, targets: &'t HashMap<String, Target>, markdown: bool) -> Lang<'t> {
        Lang {
            framework: self.framework,
            code: self.lang,
            default: self.framework.config.default_language(),
            targets,
            markdown,
        }
    }

    fn site_info(&self, lang: &Lang<'_>) -> SiteInfo {
        SiteInfo::new(&self.framework.config, lang, self.stamp)
    }

    fn render<T: Serialize>(&self, template: &str, page: &Page<'_, T>) -> Result<Vec<u8>> {
        let context = tera::Context::from_serialize(page).with_context(cannot_prepare_a_page)?;
        self.render_context(template, &context, 64 * 1024)
    }

    /// Renders straight into the output bytes; `size_hint` (bytes) spares the copies of a
    /// buffer that grows from nothing when a page is large.
    fn render_context(
        &self,
        template: &str,
        context: &tera::Context,
        size_hint: usize,
    ) -> Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(size_hint);
        self.tera
            .render_to(template, context, &mut bytes)
            .map_err(|e| {
                anyhow::Error::msg(t!(
                    es: "plantilla {template}: {error}",
                    en: "template {template}: {error}",
                    template = template,
                    // Tera's own words.
                    error = Text::verbatim(error_chain(&e)),
                ))
            })?;
        Ok(bytes)
    }

    /// The HTML site of this language: pages and assets, paths relative to `html/`.
    pub fn site(&self) -> Result<Vec<Output>> {
        let framework = self.framework;
        let targets = view::targets(framework, self.lang);
        let lang = self.lang(&targets, false);
        let vocab = Vocab::new(framework, self.lang);
        let labels = self.templates.labels(self.lang)?;
        let site = self.site_info(&lang);
        let nav = Nav {
            chapters: framework
                .chapters
                .iter()
                .map(|c| NavItem {
                    code: c.state.clone(),
                    name: lang.text(&c.name, &c.language).text,
                    href: format!("national/{}.html", c.state.to_lowercase()),
                })
                .collect(),
            plans: framework
                .plans
                .iter()
                .map(|p| NavItem {
                    code: p.organization.clone(),
                    name: lang.text(&p.name, &p.language).text,
                    href: format!("regional/{}.html", p.organization.to_lowercase()),
                })
                .collect(),
            contributors: framework
                .cooperation
                .iter()
                .map(|c| NavItem {
                    code: c.contributor.clone(),
                    name: lang.text(&c.name, &c.language).text,
                    href: format!("cooperation/{}.html", c.contributor.to_lowercase()),
                })
                .collect(),
        };
        let base = |kind: &'static str, path: &str, title: String| -> Base<'_> {
            let root = if path.contains('/') { "../" } else { "" };
            Base {
                lang: self.lang,
                langs: self
                    .languages
                    .iter()
                    .map(|code| LangLink {
                        code: code.clone(),
                        name: language_name(code).to_string(),
                        href: format!("{root}../../{code}/html/{path}"),
                        current: code == self.lang,
                    })
                    .collect(),
                labels: &labels,
                site: &site,
                root,
                nav: &nav,
                page: PageInfo {
                    kind,
                    path: path.to_string(),
                    title,
                },
            }
        };
        let label = |key: &str| labels.get(key).cloned().unwrap_or_else(|| key.to_string());

        // Jobs: each renders one page.
        enum Job<'f> {
            Index,
            Commitments,
            Search,
            SearchIndex,
            Print,
            Chapter(&'f crate::model::NationalChapter),
            Plan(&'f crate::model::RegionalPlan),
            Cooperation(&'f crate::model::Cooperation),
        }
        // The printable document first: it is the longest job, the others fill in around it.
        let mut jobs = vec![
            Job::Print,
            Job::Commitments,
            Job::Index,
            Job::Search,
            Job::SearchIndex,
        ];
        jobs.extend(framework.chapters.iter().map(Job::Chapter));
        jobs.extend(framework.plans.iter().map(Job::Plan));
        jobs.extend(framework.cooperation.iter().map(Job::Cooperation));

        let nested = Links::Site { prefix: "../" };
        let mut outputs: Vec<Output> = jobs
            .par_iter()
            .map(|job| -> Result<Output> {
                let (path, bytes) = match job {
                    Job::Index => {
                        let path = "index.html".to_string();
                        let content = IndexContent::new(framework, &lang, &vocab, &labels);
                        let page = Page {
                            base: base("index", &path, site.title.text.clone()),
                            content,
                        };
                        let bytes = self.render("index.html", &page)?;
                        (path, bytes)
                    }
                    Job::Commitments => {
                        let path = "commitments.html".to_string();
                        let content = CommitmentsContent::new(framework, &lang, &vocab, &labels);
                        let page = Page {
                            base: base("commitments", &path, label("commitments")),
                            content,
                        };
                        (path.clone(), self.render("commitments.html", &page)?)
                    }
                    Job::Search => {
                        let path = "search.html".to_string();
                        let page = Page {
                            base: base("search", &path, label("search")),
                            content: Empty {},
                        };
                        (path.clone(), self.render("search.html", &page)?)
                    }
                    Job::SearchIndex => (
                        "assets/search.js".to_string(),
                        search_index(framework, &lang)?.into_bytes(),
                    ),
                    Job::Print => {
                        let path = "print.html".to_string();
                        let single = Links::SinglePage;
                        let page = Page {
                            base: base("print", &path, label("print_title")),
                            content: PrintContent {
                                figures: view::figures(framework),
                            },
                        };
                        let context = context_with(
                            &page,
                            [
                                (
                                    "chapters",
                                    values(&framework.chapters, |c| {
                                        view::chapter(&lang, &vocab, c, single)
                                    })?,
                                ),
                                (
                                    "plans",
                                    values(&framework.plans, |p| {
                                        view::plan(&lang, &vocab, p, single)
                                    })?,
                                ),
                                (
                                    "contributors",
                                    values(&framework.cooperation, |c| {
                                        view::cooperation(&lang, c, single)
                                    })?,
                                ),
                            ],
                        )?;
                        let size_hint = 4096 * framework.funding.commitments.len();
                        let bytes = self.render_context("print.html", &context, size_hint)?;
                        (path, bytes)
                    }
                    Job::Chapter(c) => {
                        let path = format!("national/{}.html", c.state.to_lowercase());
                        let chapter = view::chapter(&lang, &vocab, c, nested);
                        let title = chapter.name.text.clone();
                        let page = Page {
                            base: base("chapter", &path, title),
                            content: ChapterContent { chapter },
                        };
                        (path.clone(), self.render("chapter.html", &page)?)
                    }
                    Job::Plan(p) => {
                        let path = format!("regional/{}.html", p.organization.to_lowercase());
                        let plan = view::plan(&lang, &vocab, p, nested);
                        let title = plan.name.text.clone();
                        let page = Page {
                            base: base("plan", &path, title),
                            content: PlanContent { plan },
                        };
                        (path.clone(), self.render("plan.html", &page)?)
                    }
                    Job::Cooperation(c) => {
                        let path = format!("cooperation/{}.html", c.contributor.to_lowercase());
                        let coop = view::cooperation(&lang, c, nested);
                        let title = coop.name.text.clone();
                        let page = Page {
                            base: base("cooperation", &path, title),
                            content: CooperationContent { coop },
                        };
                        (path.clone(), self.render("cooperation.html", &page)?)
                    }
                };
                Ok(Output { path, bytes })
            })
            .collect::<Result<_>>()?;

        for asset in ["assets/style.css", "assets/app.js"] {
            outputs.push(Output {
                path: asset.to_string(),
                bytes: self.templates.get(asset).as_bytes().to_vec(),
            });
        }
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(outputs)
    }

    /// The consolidated Markdown document of this language.
    pub fn markdown(&self) -> Result<String> {
        let framework = self.framework;
        let targets = view::targets(framework, self.lang);
        let lang = self.lang(&targets, true);
        let vocab = Vocab::new(framework, self.lang);
        let labels = self.templates.labels(self.lang)?;
        let single = Links::SinglePage;
        let head = MarkdownContent {
            lang: self.lang,
            labels: &labels,
            site: self.site_info(&lang),
            figures: view::figures(framework),
            states: framework
                .chapters
                .iter()
                .map(|c| StateRow {
                    state: c.state.clone(),
                    name: lang.text(&c.name, &c.language).text,
                    totals: view::state_totals(framework, &c.state),
                })
                .collect(),
            funding: funding_rows(framework, &vocab),
            pillars: framework
                .config
                .pillars
                .iter()
                .map(|p| PillarInfo {
                    id: p.id.clone(),
                    number: p.number,
                    title: vocab.pillars.get(&p.id).cloned().unwrap_or_default(),
                })
                .collect(),
        };
        let context = context_with(
            &head,
            [
                (
                    "chapters",
                    values(&framework.chapters, |c| {
                        view::chapter(&lang, &vocab, c, single)
                    })?,
                ),
                (
                    "plans",
                    values(&framework.plans, |p| view::plan(&lang, &vocab, p, single))?,
                ),
                (
                    "contributors",
                    values(&framework.cooperation, |c| {
                        view::cooperation(&lang, c, single)
                    })?,
                ),
                ("rows", values_of(&view::rows(&lang, &vocab))?),
            ],
        )
        .with_context(|| {
            t!(
                es: "no se pueden preparar los datos del documento Markdown",
                en: "cannot prepare the Markdown document",
            )
        })?;
        let size_hint = 2048 * framework.funding.commitments.len();
        let bytes = self.render_context("mirps.md", &context, size_hint)?;
        String::from_utf8(bytes).with_context(|| {
            t!(
                es: "el documento Markdown no está en UTF-8",
                en: "the Markdown document is not UTF-8",
            )
        })
    }
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct ChapterContent {
    chapter: view::ChapterView,
}

#[derive(Serialize)]
struct PlanContent {
    plan: view::PlanView,
}

#[derive(Serialize)]
struct CooperationContent {
    coop: view::CooperationView,
}

/// The printable document; its `chapters`, `plans` and `contributors` are added as values
/// made in parallel (see [`context_with`]).
#[derive(Serialize)]
struct PrintContent {
    figures: view::Figures,
}

/// The template values of `items`' views, made in parallel (in the order of `items`).
fn values<I: Sync, V: Serialize>(
    items: &[I],
    view: impl Fn(&I) -> V + Sync,
) -> Result<serde_json::Value> {
    let values = items
        .par_iter()
        .map(|item| serde_json::to_value(view(item)))
        .collect::<Result<Vec<_>, _>>()
        .with_context(cannot_prepare_a_page)?;
    Ok(serde_json::Value::Array(values))
}

/// The template values of `items`, made in parallel (in their order).
fn values_of<T: Serialize + Sync>(items: &[T]) -> Result<serde_json::Value> {
    let values = items
        .par_iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .with_context(cannot_prepare_a_page)?;
    Ok(serde_json::Value::Array(values))
}

/// The context of `head` (a struct: its fields are the top-level names) with `parts` added
/// under their names, without copying them again.
fn context_with<const N: usize>(
    head: &impl Serialize,
    parts: [(&str, serde_json::Value); N],
) -> Result<tera::Context> {
    let mut value = serde_json::to_value(head).with_context(cannot_prepare_a_page)?;
    let fields = value.as_object_mut().with_context(|| {
        t!(
            es: "los datos de una página no son un mapa",
            en: "a page's context is not a map",
        )
    })?;
    for (name, part) in parts {
        fields.insert(name.to_string(), part);
    }
    tera::Context::from_value(value).with_context(cannot_prepare_a_page)
}

/// The context of an error in the values a page is made from.
fn cannot_prepare_a_page() -> Text {
    t!(
        es: "no se pueden preparar los datos de una página",
        en: "cannot prepare a page",
    )
}

#[derive(Serialize)]
struct PillarInfo {
    id: String,
    number: u32,
    title: String,
}

#[derive(Serialize)]
struct StateRow {
    state: String,
    name: String,
    totals: view::TotalsView,
}

/// A row of the funding table by State and pillar.
#[derive(Serialize)]
struct FundingRow {
    state: String,
    pillar: String,
    commitments: usize,
    required: String,
    state_investment: String,
    allocated: String,
    gap: String,
}

fn funding_rows(framework: &Framework, vocab: &Vocab) -> Vec<FundingRow> {
    framework
        .funding
        .by_state_pillar
        .iter()
        .map(|(key, t)| {
            let (state, pillar) = key.split_once('/').unwrap_or((key, ""));
            FundingRow {
                state: state.to_string(),
                pillar: vocab
                    .pillars
                    .get(pillar)
                    .cloned()
                    .unwrap_or_else(|| pillar.to_string()),
                commitments: t.commitments,
                required: view::amount(t.required),
                state_investment: view::amount(t.state_investment),
                allocated: view::amount(t.allocated),
                gap: view::amount(t.gap),
            }
        })
        .collect()
}

/// The Markdown document; its `chapters`, `plans`, `contributors` and `rows` are added as
/// values made in parallel (see [`context_with`]).
#[derive(Serialize)]
struct MarkdownContent<'a> {
    lang: &'a str,
    labels: &'a BTreeMap<String, String>,
    site: SiteInfo,
    figures: view::Figures,
    states: Vec<StateRow>,
    funding: Vec<FundingRow>,
    pillars: Vec<PillarInfo>,
}

/// A chart with the same figures as a table.
#[derive(Serialize)]
struct Chart {
    svg: String,
    rows: Vec<Vec<String>>,
    headers: Vec<String>,
}

#[derive(Serialize)]
struct IndexContent {
    figures: view::Figures,
    pillars: Vec<PillarInfo>,
    matrix: Vec<view::MatrixRow>,
    funding_chart: Chart,
    status_chart: Chart,
    states: Vec<StateRow>,
}

impl IndexContent {
    fn new(
        framework: &Framework,
        lang: &Lang<'_>,
        vocab: &Vocab,
        labels: &BTreeMap<String, String>,
    ) -> IndexContent {
        let label = |key: &str| labels.get(key).cloned().unwrap_or_else(|| key.to_string());
        let base = &framework.funding.base_currency;
        let states: Vec<StateRow> = framework
            .chapters
            .iter()
            .map(|c| StateRow {
                state: c.state.clone(),
                name: lang.text(&c.name, &c.language).text,
                totals: view::state_totals(framework, &c.state),
            })
            .collect();
        let money_series = [
            Series {
                name: label("required"),
                class: "s-required",
            },
            Series {
                name: label("state_investment"),
                class: "s-state",
            },
            Series {
                name: label("pledged"),
                class: "s-pledged",
            },
        ];
        let groups: Vec<Group> = framework
            .chapters
            .iter()
            .map(|c| {
                let t = framework
                    .funding
                    .by_state
                    .get(&c.state)
                    .cloned()
                    .unwrap_or_default();
                let unallocated = framework
                    .funding
                    .unallocated_by_state
                    .get(&c.state)
                    .copied()
                    .unwrap_or(Decimal::ZERO);
                Group {
                    label: c.state.clone(),
                    values: vec![t.required, t.state_investment, t.allocated + unallocated],
                }
            })
            .collect();
        let funding_chart = Chart {
            svg: chart::grouped_bars(
                "chart-funding",
                &format!("{} ({base})", label("chart_funding_title")),
                &label("chart_funding_desc"),
                &money_series,
                &groups,
            ),
            headers: vec![
                label("state"),
                money_series[0].name.clone(),
                money_series[1].name.clone(),
                money_series[2].name.clone(),
            ],
            rows: groups
                .iter()
                .map(|g| {
                    let mut row = vec![g.label.clone()];
                    row.extend(g.values.iter().map(|v| view::amount(*v)));
                    row
                })
                .collect(),
        };
        let statuses = [
            "planned",
            "in-progress",
            "completed",
            "suspended",
            "not-reported",
        ];
        let status_series: Vec<Series> = statuses
            .iter()
            .map(|s| Series {
                name: label(&format!("status_{}", s.replace('-', "_"))),
                class: match *s {
                    "planned" => "st-planned",
                    "in-progress" => "st-progress",
                    "completed" => "st-completed",
                    "suspended" => "st-suspended",
                    _ => "st-none",
                },
            })
            .collect();
        let counts = view::pillar_status(framework);
        let status_groups: Vec<Group> = counts
            .iter()
            .map(|(pillar, c)| Group {
                label: vocab
                    .pillars
                    .get(pillar)
                    .cloned()
                    .unwrap_or_else(|| pillar.clone()),
                values: c.iter().map(|n| Decimal::from(*n)).collect(),
            })
            .collect();
        let status_chart = Chart {
            svg: chart::stacked_bars(
                "chart-status",
                &label("chart_status_title"),
                &label("chart_status_desc"),
                &status_series,
                &status_groups,
            ),
            headers: std::iter::once(label("pillar"))
                .chain(status_series.iter().map(|s| s.name.clone()))
                .collect(),
            rows: status_groups
                .iter()
                .map(|g| {
                    std::iter::once(g.label.clone())
                        .chain(g.values.iter().map(|v| v.to_string()))
                        .collect()
                })
                .collect(),
        };
        IndexContent {
            figures: view::figures(framework),
            pillars: framework
                .config
                .pillars
                .iter()
                .map(|p| PillarInfo {
                    id: p.id.clone(),
                    number: p.number,
                    title: vocab.pillars.get(&p.id).cloned().unwrap_or_default(),
                })
                .collect(),
            matrix: view::matrix(lang),
            funding_chart,
            status_chart,
            states,
        }
    }
}

#[derive(Serialize)]
struct Choice {
    id: String,
    title: String,
}

#[derive(Serialize)]
struct CommitmentsContent {
    rows: Vec<view::Row>,
    states: Vec<Choice>,
    pillars: Vec<Choice>,
    populations: Vec<Choice>,
    statuses: Vec<Choice>,
}

impl CommitmentsContent {
    fn new(
        framework: &Framework,
        lang: &Lang<'_>,
        vocab: &Vocab,
        labels: &BTreeMap<String, String>,
    ) -> CommitmentsContent {
        let label = |key: &str| labels.get(key).cloned().unwrap_or_else(|| key.to_string());
        let choices = |map: &BTreeMap<String, String>, order: Vec<String>| -> Vec<Choice> {
            order
                .into_iter()
                .map(|id| Choice {
                    title: map.get(&id).cloned().unwrap_or_else(|| id.clone()),
                    id,
                })
                .collect()
        };
        CommitmentsContent {
            rows: view::rows(lang, vocab),
            states: framework
                .chapters
                .iter()
                .map(|c| Choice {
                    id: c.state.clone(),
                    title: lang.text(&c.name, &c.language).text,
                })
                .collect(),
            pillars: choices(
                &vocab.pillars,
                framework
                    .config
                    .pillars
                    .iter()
                    .map(|p| p.id.clone())
                    .collect(),
            ),
            populations: choices(
                &vocab.populations,
                framework
                    .config
                    .populations
                    .iter()
                    .map(|p| p.id.clone())
                    .collect(),
            ),
            statuses: [
                "planned",
                "in-progress",
                "completed",
                "suspended",
                "not-reported",
            ]
            .iter()
            .map(|s| Choice {
                id: s.to_string(),
                title: label(&format!("status_{}", s.replace('-', "_"))),
            })
            .collect(),
        }
    }
}

#[derive(Serialize)]
struct SearchEntry<'a> {
    /// Id.
    i: &'a str,
    /// Title.
    t: String,
    /// Description, as plain text.
    d: String,
    /// Href relative to the HTML root.
    h: String,
    /// Kind: c (commitment), p (programme), g (pledge).
    k: &'static str,
}

/// Plain text from Markdown, for the search index: no markup, citations as their ids.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '*' | '_' | '#' | '`' | '[' | ']' | '>' | '|' => {}
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    match out.char_indices().nth(400) {
        Some((i, _)) => format!("{}…", &out[..i]),
        None => out,
    }
}

/// `assets/search.js`: the search index as a script (a page opened from `file://` cannot fetch
/// a JSON file), assigning one array to `window.MIRPS_SEARCH`.
fn search_index(framework: &Framework, lang: &Lang<'_>) -> Result<String> {
    let mut entries = Vec::new();
    for (ch, c) in framework.commitments() {
        entries.push(SearchEntry {
            i: &c.id,
            t: lang.text(&c.title, &ch.language).text,
            d: c.description
                .as_ref()
                .map(|d| plain(&lang.text(d, &ch.language).text))
                .unwrap_or_default(),
            h: format!("national/{}.html#{}", ch.state.to_lowercase(), c.id),
            k: "c",
        });
    }
    for (plan, p) in framework.programmes() {
        entries.push(SearchEntry {
            i: &p.id,
            t: lang.text(&p.title, &plan.language).text,
            d: p.description
                .as_ref()
                .map(|d| plain(&lang.text(d, &plan.language).text))
                .unwrap_or_default(),
            h: format!(
                "regional/{}.html#{}",
                plan.organization.to_lowercase(),
                p.id
            ),
            k: "p",
        });
    }
    for (coop, p) in framework.pledges() {
        entries.push(SearchEntry {
            i: &p.id,
            t: lang.text(&p.title, &coop.language).text,
            d: p.description
                .as_ref()
                .map(|d| plain(&lang.text(d, &coop.language).text))
                .unwrap_or_default(),
            h: format!(
                "cooperation/{}.html#{}",
                coop.contributor.to_lowercase(),
                p.id
            ),
            k: "g",
        });
    }
    // JSON is valid JavaScript; `<` is escaped so the file stays inert even if inlined.
    let json = serde_json::to_string(&entries)?.replace('<', "\\u003c");
    Ok(format!("window.MIRPS_SEARCH = {json};\n"))
}

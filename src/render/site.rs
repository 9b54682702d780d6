//! The HTML site and the Markdown document of one language, formatted from its
//! [`Edition`].
//!
//! Every page gets a small context (the common [`Base`] and its own part of the edition), so
//! rendering stays linear in the size of the framework; pages are rendered in parallel. The
//! pages that show every commitment (the printable document, the Markdown document) read the
//! edition's one template value ([`Edition::value`]). Links are relative ([`routes::Page`]), so
//! the site works from `file://` and under any base path, and nothing is fetched from elsewhere.

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde::Serialize;

use super::chart::{self, Group, Series};
use super::edition::{Download, Edition, STATUSES};
use super::routes;
use super::templates::{Templates, error_chain};
use crate::diag::Text;
use crate::t;

/// A file of the output: its path relative to the language's HTML root, and its bytes.
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
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

/// A download, as a link from a page.
#[derive(Clone, Debug, Serialize)]
struct DownloadLink<'a> {
    kind: &'a str,
    href: String,
    label: &'a str,
    media_type: &'a str,
}

/// A logo, as a page shows it.
#[derive(Clone, Debug, Serialize)]
struct LogoLink<'a> {
    src: String,
    alt: &'a str,
    href: Option<&'a str>,
}

/// Every href a page needs, from that page ([`routes`]).
#[derive(Clone, Debug, Serialize)]
struct Hrefs<'a> {
    index: String,
    commitments: String,
    search: String,
    print: String,
    style: String,
    script: String,
    search_index: String,
    favicon: String,
    downloads: Vec<DownloadLink<'a>>,
    logos: Vec<LogoLink<'a>>,
}

#[derive(Serialize)]
struct Base<'a> {
    lang: &'a str,
    langs: Vec<LangLink>,
    labels: &'a std::collections::BTreeMap<String, String>,
    site: &'a super::edition::Meta,
    /// Prefix from this page to the HTML root (`` or `../`).
    root: &'static str,
    routes: Hrefs<'a>,
    nav: &'a super::edition::Nav,
    page: PageInfo,
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    #[serde(flatten)]
    base: Base<'a>,
    #[serde(flatten)]
    content: T,
}

/// The site and the Markdown document of one language.
pub struct Site<'a> {
    pub edition: &'a Edition,
    pub templates: &'a Templates,
    pub tera: &'a tera::Tera,
}

/// The edition's one context for the documents that show all of it: see
/// [`Edition::document`]. The print page's furniture (its base) is in it.
pub fn document(edition: &Edition) -> Result<&tera::Context> {
    edition.document(|| {
        let path = routes::PRINT;
        let base = base(edition, "print", path, edition.word("print_title"));
        tera::Context::from_serialize(&base).with_context(cannot_prepare_a_page)
    })
}

/// A page of the site to render.
#[derive(Clone, Copy)]
enum Job<'e> {
    Index,
    Commitments,
    Search,
    SearchIndex,
    Print,
    Chapter(&'e crate::render::view::ChapterView),
    Plan(&'e crate::render::view::PlanView),
    Cooperation(&'e crate::render::view::CooperationView),
}

impl<'e> Site<'e> {
    fn base(&self, kind: &'static str, path: &str, title: String) -> Base<'e> {
        base(self.edition, kind, path, title)
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

    /// Every page of the site, in the order they are best rendered in (the longest first).
    fn jobs(&self) -> Vec<Job<'e>> {
        let edition = self.edition;
        let mut jobs = vec![
            Job::Print,
            Job::Commitments,
            Job::Index,
            Job::Search,
            Job::SearchIndex,
        ];
        jobs.extend(edition.chapters.iter().map(Job::Chapter));
        jobs.extend(edition.plans.iter().map(Job::Plan));
        jobs.extend(edition.contributors.iter().map(Job::Cooperation));
        jobs
    }

    fn job_path(job: Job<'_>) -> String {
        match job {
            Job::Index => routes::INDEX.to_string(),
            Job::Commitments => routes::COMMITMENTS.to_string(),
            Job::Search => routes::SEARCH.to_string(),
            Job::SearchIndex => routes::SEARCH_INDEX.to_string(),
            Job::Print => routes::PRINT.to_string(),
            Job::Chapter(c) => routes::chapter(&c.state),
            Job::Plan(p) => routes::plan(&p.organization),
            Job::Cooperation(c) => routes::cooperation(&c.contributor),
        }
    }

    fn run(&self, job: Job<'_>, framework: &crate::link::Framework) -> Result<Output> {
        let edition = self.edition;
        let path = Self::job_path(job);
        let word = |key: &str| edition.word(key);
        let bytes = match job {
            Job::Index => {
                let page = Page {
                    base: self.base("index", &path, edition.meta.title.text.clone()),
                    content: IndexContent::new(edition),
                };
                self.render("index.html", &page)?
            }
            Job::Commitments => {
                let page = Page {
                    base: self.base("commitments", &path, word("commitments")),
                    content: CommitmentsContent {
                        rows: &edition.rows,
                        choices: &edition.choices,
                    },
                };
                self.render("commitments.html", &page)?
            }
            Job::Search => {
                let page = Page {
                    base: self.base("search", &path, word("search")),
                    content: Empty {},
                };
                self.render("search.html", &page)?
            }
            Job::SearchIndex => {
                super::search::index(framework, &edition.texts(framework))?.into_bytes()
            }
            Job::Print => {
                let size_hint = 4096 * edition.rows.len();
                self.render_context("print.html", self.document()?, size_hint)?
            }
            Job::Chapter(chapter) => {
                let page = Page {
                    base: self.base("chapter", &path, chapter.name.text.clone()),
                    content: ChapterContent { chapter },
                };
                self.render("chapter.html", &page)?
            }
            Job::Plan(plan) => {
                let page = Page {
                    base: self.base("plan", &path, plan.heading.clone()),
                    content: PlanContent { plan },
                };
                self.render("plan.html", &page)?
            }
            Job::Cooperation(coop) => {
                let page = Page {
                    base: self.base("cooperation", &path, coop.name.text.clone()),
                    content: CooperationContent { coop },
                };
                self.render("cooperation.html", &page)?
            }
        };
        Ok(Output { path, bytes })
    }

    /// The HTML site of this language: pages and assets, paths relative to `html/`.
    pub fn site(&self, framework: &crate::link::Framework) -> Result<Vec<Output>> {
        let mut outputs: Vec<Output> = self
            .jobs()
            .par_iter()
            .map(|job| self.run(*job, framework))
            .collect::<Result<_>>()?;
        for asset in [routes::STYLE, routes::SCRIPT, routes::FAVICON] {
            outputs.push(Output {
                path: asset.to_string(),
                bytes: self.templates.get(asset).as_bytes().to_vec(),
            });
        }
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(outputs)
    }

    /// One page of the site (its path relative to `html/`), rendered in memory; `None` when the
    /// site has no such page.
    pub fn page(&self, framework: &crate::link::Framework, path: &str) -> Result<Option<Output>> {
        if let Some(job) = self.jobs().into_iter().find(|j| Self::job_path(*j) == path) {
            return self.run(job, framework).map(Some);
        }
        Ok([routes::STYLE, routes::SCRIPT, routes::FAVICON]
            .into_iter()
            .find(|asset| *asset == path)
            .map(|asset| Output {
                path: asset.to_string(),
                bytes: self.templates.get(asset).as_bytes().to_vec(),
            }))
    }

    /// The edition's one context for the documents that show all of it (the print page, the
    /// Markdown document, the PDF's data), with the print page's furniture.
    fn document(&self) -> Result<&'e tera::Context> {
        document(self.edition)
    }

    /// The consolidated Markdown document of this language.
    pub fn markdown(&self) -> Result<String> {
        let edition = self.edition;
        let context = self.document().with_context(|| {
            t!(
                es: "no se pueden preparar los datos del documento Markdown",
                en: "cannot prepare the Markdown document",
            )
        })?;
        let size_hint = 2048 * edition.rows.len();
        let bytes = self.render_context("mirps.md", context, size_hint)?;
        String::from_utf8(bytes).with_context(|| {
            t!(
                es: "el documento Markdown no está en UTF-8",
                en: "the Markdown document is not UTF-8",
            )
        })
    }
}

/// What every page of `edition`'s site shows around its content: `path` is the page's.
fn base<'e>(edition: &'e Edition, kind: &'static str, path: &str, title: String) -> Base<'e> {
    let here = routes::Page { path };
    Base {
        lang: &edition.lang,
        langs: edition
            .languages
            .iter()
            .map(|l| LangLink {
                code: l.code.clone(),
                name: l.name.clone(),
                href: here.in_language(&l.code),
                current: l.current,
            })
            .collect(),
        labels: &edition.words,
        site: &edition.meta,
        root: here.root(),
        routes: Hrefs {
            index: here.href(routes::INDEX),
            commitments: here.href(routes::COMMITMENTS),
            search: here.href(routes::SEARCH),
            print: here.href(routes::PRINT),
            style: here.href(routes::STYLE),
            script: here.href(routes::SCRIPT),
            search_index: here.href(routes::SEARCH_INDEX),
            favicon: here.href(routes::FAVICON),
            downloads: edition
                .downloads
                .iter()
                .map(|d: &'e Download| DownloadLink {
                    kind: d.kind,
                    href: here.build_href(&d.path),
                    label: &d.label,
                    media_type: d.media_type,
                })
                .collect(),
            logos: edition
                .front
                .logos
                .iter()
                .map(|l| LogoLink {
                    src: here.href(&l.src),
                    alt: &l.alt,
                    href: l.href.as_deref(),
                })
                .collect(),
        },
        nav: &edition.nav,
        page: PageInfo {
            kind,
            path: path.to_string(),
            title,
        },
    }
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct ChapterContent<'a> {
    chapter: &'a crate::render::view::ChapterView,
}

#[derive(Serialize)]
struct PlanContent<'a> {
    plan: &'a crate::render::view::PlanView,
}

#[derive(Serialize)]
struct CooperationContent<'a> {
    coop: &'a crate::render::view::CooperationView,
}

#[derive(Serialize)]
struct CommitmentsContent<'a> {
    rows: &'a [crate::render::view::Row],
    /// `states`, `pillars`, `populations`, `statuses`: the filters' choices.
    #[serde(flatten)]
    choices: &'a super::edition::Choices,
}

fn cannot_prepare_a_page() -> Text {
    t!(
        es: "no se pueden preparar los datos de una página",
        en: "cannot prepare a page",
    )
}

/// A chart with the same figures as a table.
#[derive(Serialize)]
struct Chart {
    svg: String,
    rows: Vec<Vec<String>>,
    headers: Vec<String>,
}

#[derive(Serialize)]
struct IndexContent<'a> {
    figures: &'a crate::render::view::Figures,
    pillars: &'a [super::edition::PillarLine],
    matrix: &'a [crate::render::view::MatrixRow],
    funding_chart: Chart,
    status_chart: Chart,
    states: &'a [super::edition::StateLine],
    front: &'a super::edition::Front,
}

impl<'a> IndexContent<'a> {
    fn new(edition: &'a Edition) -> IndexContent<'a> {
        let word = |key: &str| edition.word(key);
        let base = &edition.meta.base_currency;
        let not_costed = word("not_costed");
        // The chart draws the table's money columns, in its order, from the same figures.
        let money_series = [
            Series {
                name: word("required"),
                class: "s-required",
            },
            Series {
                name: word("state_investment"),
                class: "s-state",
            },
            Series {
                name: word("allocated"),
                class: "s-pledged",
            },
            Series {
                name: word("unallocated"),
                class: "s-unallocated",
            },
        ];
        let groups: Vec<Group> = edition
            .states
            .iter()
            .map(|s| {
                let t = &s.totals;
                // Required and State investment have no figure without costing.
                let note = |figure: &Option<String>| figure.is_none().then(|| not_costed.clone());
                Group {
                    label: s.state.clone(),
                    values: t
                        .chart
                        .iter()
                        .map(|v| Decimal::from_f64(*v).unwrap_or_default())
                        .collect(),
                    notes: vec![note(&t.required), note(&t.state_investment), None, None],
                }
            })
            .collect();
        let funding_chart = Chart {
            svg: chart::grouped_bars(
                "chart-funding",
                &format!("{} ({base})", word("chart_funding_title")),
                &word("chart_funding_desc"),
                &money_series,
                &groups,
            ),
            headers: std::iter::once(word("state"))
                .chain(money_series.iter().map(|s| s.name.clone()))
                .collect(),
            rows: edition
                .states
                .iter()
                .map(|s| {
                    let t = &s.totals;
                    let or_not_costed =
                        |v: &Option<String>| v.clone().unwrap_or(not_costed.clone());
                    vec![
                        s.state.clone(),
                        or_not_costed(&t.required),
                        or_not_costed(&t.state_investment),
                        t.allocated.clone(),
                        t.unallocated.clone(),
                    ]
                })
                .collect(),
        };
        let status_series: Vec<Series> = STATUSES
            .iter()
            .map(|s| Series {
                name: word(&format!("status_{}", s.replace('-', "_"))),
                class: match *s {
                    "planned" => "st-planned",
                    "in-progress" => "st-progress",
                    "completed" => "st-completed",
                    "suspended" => "st-suspended",
                    _ => "st-none",
                },
            })
            .collect();
        let status_groups: Vec<Group> = edition
            .pillars
            .iter()
            .map(|p| Group {
                label: p.title.clone(),
                values: p.status.iter().map(|n| Decimal::from(*n)).collect(),
                notes: Vec::new(),
            })
            .collect();
        let status_chart = Chart {
            svg: chart::stacked_bars(
                "chart-status",
                &word("chart_status_title"),
                &word("chart_status_desc"),
                &status_series,
                &status_groups,
            ),
            headers: std::iter::once(word("pillar"))
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
            figures: &edition.figures,
            pillars: &edition.pillars,
            matrix: &edition.matrix,
            funding_chart,
            status_chart,
            states: &edition.states,
            front: &edition.front,
        }
    }
}

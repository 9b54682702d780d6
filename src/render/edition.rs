//! The edition view: the whole publication of one language — its words, figures, tables,
//! headings, texts and routes — built once, and read by every renderer (the site, the
//! Markdown document, the PDF), which only formats it. Nothing a reader sees is computed twice,
//! so the three outputs cannot disagree: the funding rows, their order, the fallbacks, the
//! acronyms, the numbers and the dates all come from here.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use anyhow::Result;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::routes;
use super::text::Target;
use super::view::{self, Lang, Numbers, Vocab};
use crate::link::Framework;
use crate::t;

/// Which outputs a build makes (and so which downloads the site offers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outputs {
    pub md: bool,
    pub html: bool,
    pub pdf: bool,
    pub data: bool,
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

/// `2025-11-30` as a date in words, as the catalogue writes dates (`date_format`, with `{d}`,
/// `{m}` and `{y}`, and the months `month_01` to `month_12`): "30 de noviembre de 2025". A
/// text that is not such a date, or a catalogue without those words, gives the text as it is.
pub fn long_date(iso: &str, words: &BTreeMap<String, String>) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return iso.to_string();
    };
    let (Ok(m), Ok(d)) = (month.parse::<u32>(), day.parse::<u32>()) else {
        return iso.to_string();
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || year.len() != 4 {
        return iso.to_string();
    }
    let (Some(format), Some(month)) = (
        words.get("date_format"),
        words.get(&format!("month_{m:02}")),
    ) else {
        return iso.to_string();
    };
    format
        .replace("{d}", &d.to_string())
        .replace("{m}", month)
        .replace("{y}", year)
}

/// `(year, month, day)` of an ISO date, for the PDF compiler's fixed `today()`.
pub fn ymd(iso: &str) -> Option<(i32, u8, u8)> {
    let mut parts = iso.get(..10)?.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some((year, month, day))
}

/// A language of the publication.
#[derive(Clone, Debug, Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub current: bool,
}

/// What every output shows about the framework.
#[derive(Clone, Debug, Serialize)]
pub struct Meta {
    pub title: view::Text,
    pub short_title: String,
    pub edition: String,
    /// ISO (`2025-11-30`), for machines; `cutoff_long` is what readers see.
    pub cutoff: String,
    pub cutoff_long: String,
    pub base_currency: String,
    pub rates_date: Option<String>,
    pub rates_date_long: Option<String>,
    /// Exchange rates, formatted: (currency, rate).
    pub rates: Vec<(String, String)>,
    /// Digest of the inputs: identifies the data the outputs were made from, without a clock.
    pub stamp: String,
    /// Where the framework's source lives (`[framework] source`).
    pub source: Option<String>,
    /// The source as a link a reader may follow: only a web address.
    pub source_href: Option<String>,
}

/// An acronym of the list of acronyms.
#[derive(Clone, Debug, Serialize)]
pub struct AcronymView {
    pub short: String,
    pub name: String,
}

/// A logo of the framework's partners, as the outputs embed it.
#[derive(Clone, Debug, Serialize)]
pub struct LogoView {
    /// Relative to the HTML root: `assets/logo-1.svg`; the PDF reads the same name.
    pub src: String,
    pub alt: String,
    pub href: Option<String>,
}

/// The front matter: foreword, executive summary, acronyms and logos.
#[derive(Clone, Debug, Serialize)]
pub struct Front {
    pub foreword: Option<view::Html>,
    pub summary: Option<view::Html>,
    pub acronyms: Vec<AcronymView>,
    pub logos: Vec<LogoView>,
}

/// A State's line of the overview: its totals (whose `chart` the funding chart draws).
#[derive(Clone, Debug, Serialize)]
pub struct StateLine {
    pub state: String,
    pub name: String,
    /// Relative to the HTML root.
    pub href: String,
    /// In the single document.
    pub anchor: String,
    pub totals: view::TotalsView,
}

/// A pillar, with its commitments by latest status: planned, in progress, completed,
/// suspended, not reported.
#[derive(Clone, Debug, Serialize)]
pub struct PillarLine {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub status: [usize; 5],
}

/// A line of the funding table by State and pillar.
#[derive(Clone, Debug, Serialize)]
pub struct FundingLine {
    pub state: String,
    pub pillar: String,
    pub totals: view::TotalsView,
}

/// A contributor's line of the cooperation table.
#[derive(Clone, Debug, Serialize)]
pub struct ContributorLine {
    pub contributor: String,
    pub name: String,
    pub href: String,
    pub anchor: String,
    pub south_south: bool,
    pub pledged: String,
    pub disbursed: String,
    pub allocated: String,
    pub unallocated: String,
}

/// The commitment index of one State: its rows are `rows[first..first + count]` of the
/// edition (not copies of them).
#[derive(Clone, Debug, Serialize)]
pub struct IndexGroup {
    pub state: String,
    pub name: String,
    pub first: usize,
    pub count: usize,
}

/// A choice of a filter (or a vocabulary value): its id and its title.
#[derive(Clone, Debug, Serialize)]
pub struct Choice {
    pub id: String,
    pub title: String,
}

/// The vocabularies in this language, in the framework's order.
#[derive(Clone, Debug, Serialize)]
pub struct Choices {
    pub states: Vec<Choice>,
    pub pillars: Vec<Choice>,
    pub populations: Vec<Choice>,
    pub statuses: Vec<Choice>,
}

/// A file a reader may download, named for what it is.
#[derive(Clone, Debug, Serialize)]
pub struct Download {
    /// `pdf`, `md`, `json`, `csv`.
    pub kind: &'static str,
    /// Path in the build.
    pub path: String,
    pub label: String,
    pub media_type: &'static str,
}

/// The navigation of the site: every chapter, plan and contributor page.
#[derive(Clone, Debug, Serialize)]
pub struct NavItem {
    pub code: String,
    pub name: String,
    /// Relative to the HTML root.
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Nav {
    pub chapters: Vec<NavItem>,
    pub plans: Vec<NavItem>,
    pub contributors: Vec<NavItem>,
}

/// The statuses of commitments in the order of the charts and tables.
pub const STATUSES: [&str; 5] = [
    "planned",
    "in-progress",
    "completed",
    "suspended",
    "not-reported",
];

/// The whole publication of one language.
#[derive(Debug, Serialize)]
pub struct Edition {
    pub lang: String,
    pub languages: Vec<LanguageView>,
    /// The catalogue of interface words of this language.
    pub words: BTreeMap<String, String>,
    pub meta: Meta,
    pub front: Front,
    pub figures: view::Figures,
    pub states: Vec<StateLine>,
    pub pillars: Vec<PillarLine>,
    pub matrix: Vec<view::MatrixRow>,
    pub funding: Vec<FundingLine>,
    pub contributors_funding: Vec<ContributorLine>,
    pub chapters: Vec<view::ChapterView>,
    pub plans: Vec<view::PlanView>,
    pub contributors: Vec<view::CooperationView>,
    /// Every commitment, in the order of the chapters.
    pub rows: Vec<view::Row>,
    /// The same rows by State (ranges of `rows`).
    pub index: Vec<IndexGroup>,
    pub choices: Choices,
    pub downloads: Vec<Download>,
    pub nav: Nav,
    /// The anchors of the single document's parts ([`routes::anchor::PARTS`]).
    pub anchors: routes::anchor::Parts,
    /// Where each commitment, programme and pledge lives (not serialized: citations).
    #[serde(skip)]
    pub targets: HashMap<String, Target>,
    /// The whole edition as one template context, made once for the renderers that take all
    /// of it (see [`Edition::document`]).
    #[serde(skip)]
    document: OnceLock<std::result::Result<tera::Context, String>>,
}

/// What an edition is made from.
pub struct Sources<'a> {
    pub framework: &'a Framework,
    pub words: BTreeMap<String, String>,
    pub lang: &'a str,
    pub languages: &'a [String],
    pub stamp: &'a str,
    pub outputs: Outputs,
    /// The logos the build embeds: (file name in the site's assets, alternative text, link).
    pub logos: Vec<LogoView>,
}

impl Edition {
    /// The edition of one language; its chapters, plans and contributors are made in parallel.
    pub fn new(sources: Sources<'_>) -> Edition {
        let Sources {
            framework,
            words,
            lang: code,
            languages,
            stamp,
            outputs,
            logos,
        } = sources;
        let config = &framework.config;
        let targets = view::targets(framework, code);
        let lang = Lang {
            framework,
            code,
            default: config.default_language(),
            targets: &targets,
            numbers: Numbers::of(config, code),
            words: &words,
        };
        let vocab = Vocab::new(framework, code);
        let name_of = |name: &crate::model::Localized, doc: &str| lang.text(name, doc).text;

        let (chapters, (plans, contributors)) = rayon::join(
            || {
                framework
                    .chapters
                    .par_iter()
                    .map(|c| view::chapter(&lang, &vocab, c))
                    .collect::<Vec<_>>()
            },
            || {
                rayon::join(
                    || {
                        framework
                            .plans
                            .par_iter()
                            .map(|p| view::plan(&lang, &vocab, p))
                            .collect::<Vec<_>>()
                    },
                    || {
                        framework
                            .cooperation
                            .par_iter()
                            .map(|c| view::cooperation(&lang, c))
                            .collect::<Vec<_>>()
                    },
                )
            },
        );

        let funding = &framework.funding;
        let states: Vec<StateLine> = framework
            .chapters
            .iter()
            .map(|c| StateLine {
                state: c.state.clone(),
                name: name_of(&c.name, &c.language),
                href: routes::chapter(&c.state),
                anchor: routes::anchor::chapter(&c.state),
                totals: view::state_totals(&lang, &c.state),
            })
            .collect();
        let status_counts: BTreeMap<String, [usize; 5]> =
            view::pillar_status(framework).into_iter().collect();
        let pillars = config
            .pillars
            .iter()
            .map(|p| PillarLine {
                id: p.id.clone(),
                number: p.number,
                title: vocab.pillars.get(&p.id).cloned().unwrap_or_default(),
                status: status_counts.get(&p.id).copied().unwrap_or_default(),
            })
            .collect();
        // By State in the order of the chapters, then in the order of the pillars.
        let state_order = |state: &str| framework.chapters.iter().position(|c| c.state == state);
        let pillar_order = |pillar: &str| config.pillars.iter().position(|p| p.id == pillar);
        let mut lines: Vec<(&str, &str, &crate::link::money::Totals)> = funding
            .by_state_pillar
            .iter()
            .map(|(key, t)| {
                let (state, pillar) = key.split_once('/').unwrap_or((key, ""));
                (state, pillar, t)
            })
            .collect();
        lines.sort_by_key(|(state, pillar, _)| (state_order(state), pillar_order(pillar)));
        let funding_lines = lines
            .into_iter()
            .map(|(state, pillar, t)| FundingLine {
                state: state.to_string(),
                pillar: vocab
                    .pillars
                    .get(pillar)
                    .cloned()
                    .unwrap_or_else(|| pillar.to_string()),
                totals: view::totals_view(&lang, t, Decimal::ZERO),
            })
            .collect();
        let contributors_funding = framework
            .cooperation
            .iter()
            .map(|c| {
                let t = funding
                    .by_contributor
                    .get(&c.contributor)
                    .cloned()
                    .unwrap_or_default();
                ContributorLine {
                    contributor: c.contributor.clone(),
                    name: name_of(&c.name, &c.language),
                    href: routes::cooperation(&c.contributor),
                    anchor: routes::anchor::contributor(&c.contributor),
                    south_south: c.south_south,
                    pledged: lang.amount(t.pledged),
                    disbursed: lang.amount(t.disbursed),
                    allocated: lang.amount(t.allocated),
                    unallocated: lang.amount(t.unallocated),
                }
            })
            .collect();

        let rows = view::rows(&lang, &vocab);
        let mut index: Vec<IndexGroup> = Vec::new();
        for (at, row) in rows.iter().enumerate() {
            match index.last_mut() {
                Some(group) if group.state == row.state => group.count += 1,
                _ => index.push(IndexGroup {
                    name: states
                        .iter()
                        .find(|s| s.state == row.state)
                        .map_or_else(|| row.state.clone(), |s| s.name.clone()),
                    state: row.state.clone(),
                    first: at,
                    count: 1,
                }),
            }
        }

        let choices = Choices {
            states: states
                .iter()
                .map(|s| Choice {
                    id: s.state.clone(),
                    title: s.name.clone(),
                })
                .collect(),
            pillars: config
                .pillars
                .iter()
                .map(|p| Choice {
                    id: p.id.clone(),
                    title: vocab.pillars.get(&p.id).cloned().unwrap_or_default(),
                })
                .collect(),
            populations: config
                .populations
                .iter()
                .map(|p| Choice {
                    id: p.id.clone(),
                    title: vocab.populations.get(&p.id).cloned().unwrap_or_default(),
                })
                .collect(),
            statuses: STATUSES
                .iter()
                .map(|s| Choice {
                    id: s.to_string(),
                    title: lang.word(&format!("status_{}", s.replace('-', "_"))),
                })
                .collect(),
        };

        let mut downloads = Vec::new();
        if outputs.pdf {
            downloads.push(Download {
                kind: "pdf",
                path: routes::pdf(code),
                label: lang.word("download_pdf"),
                media_type: "application/pdf",
            });
        }
        if outputs.md {
            downloads.push(Download {
                kind: "md",
                path: routes::markdown(code),
                label: lang.word("download_markdown"),
                media_type: "text/markdown",
            });
        }
        if outputs.data {
            downloads.push(Download {
                kind: "json",
                path: routes::DATA_JSON.to_string(),
                label: lang.word("download_json"),
                media_type: "application/json",
            });
            downloads.push(Download {
                kind: "csv",
                path: routes::DATA_CSV.to_string(),
                label: lang.word("download_csv"),
                media_type: "text/csv",
            });
        }

        let nav = Nav {
            chapters: framework
                .chapters
                .iter()
                .map(|c| NavItem {
                    code: c.state.clone(),
                    name: name_of(&c.name, &c.language),
                    href: routes::chapter(&c.state),
                })
                .collect(),
            plans: plans
                .iter()
                .map(|p| NavItem {
                    code: p.acronym.clone(),
                    name: p.name.text.clone(),
                    href: routes::plan(&p.organization),
                })
                .collect(),
            contributors: framework
                .cooperation
                .iter()
                .map(|c| NavItem {
                    code: c.contributor.clone(),
                    name: name_of(&c.name, &c.language),
                    href: routes::cooperation(&c.contributor),
                })
                .collect(),
        };

        let publication = &config.publication;
        let doc = config.default_language();
        // The front matter is shown on the home page, at the site's root.
        let front = Front {
            foreword: publication
                .foreword
                .as_ref()
                .map(|t| lang.html_on(t, doc, "")),
            summary: publication
                .executive_summary
                .as_ref()
                .map(|t| lang.html_on(t, doc, "")),
            acronyms: acronyms(framework, &lang, &plans),
            logos,
        };

        let source = config.source.clone();
        let source_href = source.clone().filter(|s| {
            let lower = s.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        });
        let meta = Meta {
            title: lang.text(&config.title, config.default_language()),
            short_title: config.short_title.clone(),
            edition: config.edition.clone(),
            cutoff: config.cutoff.clone(),
            cutoff_long: long_date(&config.cutoff, &words),
            base_currency: config.currency.base.clone(),
            rates_date: config.currency.rates_date.clone(),
            rates_date_long: config
                .currency
                .rates_date
                .as_deref()
                .map(|d| long_date(d, &words)),
            rates: config
                .currency
                .rates
                .iter()
                .map(|(currency, rate)| {
                    let text = rate.normalize().to_string();
                    (
                        currency.clone(),
                        text.replace('.', &lang.numbers.decimal().to_string()),
                    )
                })
                .collect(),
            stamp: stamp.to_string(),
            source,
            source_href,
        };

        let figures = view::figures(&lang);
        let matrix = view::matrix(&lang);
        let languages = languages
            .iter()
            .map(|l| LanguageView {
                code: l.clone(),
                name: language_name(l).to_string(),
                current: l == code,
            })
            .collect();
        Edition {
            lang: code.to_string(),
            languages,
            words,
            meta,
            front,
            figures,
            states,
            pillars,
            matrix,
            funding: funding_lines,
            contributors_funding,
            chapters,
            plans,
            contributors,
            rows,
            index,
            choices,
            downloads,
            nav,
            anchors: routes::anchor::PARTS,
            targets,
            document: OnceLock::new(),
        }
    }

    /// The edition's texts of `framework` (the one it was made from), for what renders
    /// content beside it (the search index).
    pub fn texts<'a>(&'a self, framework: &'a Framework) -> Lang<'a> {
        Lang {
            framework,
            code: &self.lang,
            default: framework.config.default_language(),
            targets: &self.targets,
            numbers: Numbers::of(&framework.config, &self.lang),
            words: &self.words,
        }
    }

    /// A word of the catalogue (its key when missing: a test keeps every key in every
    /// language).
    pub fn word(&self, key: &str) -> String {
        view::word(&self.words, key)
    }

    /// The whole edition as a template context, made once (the chapters in parallel) and
    /// shared by the renderers that show all of it: the print page, the Markdown document and
    /// the PDF, which may ask for it at the same time (the others wait for the one making it,
    /// so it is made and held once). `extra`: what the print page adds (its page furniture),
    /// the same whoever asks first.
    pub fn document(
        &self,
        extra: impl FnOnce() -> Result<tera::Context>,
    ) -> Result<&tera::Context> {
        let made = self.document.get_or_init(|| {
            let value = self.to_value().map_err(|e| e.to_string())?;
            let mut context = tera::Context::from_value(value).map_err(|e| e.to_string())?;
            context.extend(extra().map_err(|e| e.to_string())?);
            Ok(context)
        });
        made.as_ref().map_err(|error| {
            anyhow::Error::msg(error.clone()).context(t!(
                es: "no se pueden preparar los datos de la publicación",
                en: "cannot prepare the publication's data",
            ))
        })
    }

    fn to_value(&self) -> Result<serde_json::Value> {
        fn many<T: Serialize + Sync>(items: &[T]) -> Result<serde_json::Value> {
            let values: Vec<serde_json::Value> = items
                .par_iter()
                .map(serde_json::to_value)
                .collect::<Result<_, _>>()?;
            Ok(serde_json::Value::Array(values))
        }
        // The small parts at once, the long ones in parallel.
        let mut head = serde_json::to_value(EditionHead { edition: self })?;
        let (chapters, (rows, index)) = rayon::join(
            || many(&self.chapters),
            || rayon::join(|| many(&self.rows), || many(&self.index)),
        );
        if let serde_json::Value::Object(map) = &mut head {
            map.insert("chapters".into(), chapters?);
            map.insert("rows".into(), rows?);
            map.insert("index".into(), index?);
        }
        Ok(head)
    }
}

/// The keys of an edition as a template value, in order ([`Edition::document`]).
pub const KEYS: &[&str] = &[
    "anchors",
    "chapters",
    "choices",
    "contributors",
    "contributors_funding",
    "downloads",
    "figures",
    "front",
    "funding",
    "index",
    "lang",
    "languages",
    "matrix",
    "meta",
    "nav",
    "pillars",
    "plans",
    "rows",
    "states",
    "words",
];

/// Everything of an edition but its long lists, which [`Edition::to_value`] adds in parallel.
struct EditionHead<'a> {
    edition: &'a Edition,
}

impl Serialize for EditionHead<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let e = self.edition;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("lang", &e.lang)?;
        map.serialize_entry("languages", &e.languages)?;
        map.serialize_entry("words", &e.words)?;
        map.serialize_entry("meta", &e.meta)?;
        map.serialize_entry("front", &e.front)?;
        map.serialize_entry("figures", &e.figures)?;
        map.serialize_entry("states", &e.states)?;
        map.serialize_entry("pillars", &e.pillars)?;
        map.serialize_entry("matrix", &e.matrix)?;
        map.serialize_entry("funding", &e.funding)?;
        map.serialize_entry("contributors_funding", &e.contributors_funding)?;
        map.serialize_entry("plans", &e.plans)?;
        map.serialize_entry("contributors", &e.contributors)?;
        map.serialize_entry("choices", &e.choices)?;
        map.serialize_entry("downloads", &e.downloads)?;
        map.serialize_entry("nav", &e.nav)?;
        map.serialize_entry("anchors", &e.anchors)?;
        map.end()
    }
}

/// The list of acronyms: the organizations' (from their names, as the plans print them), the
/// national institutions' (their ids, with their names) and the framework's own extra entries,
/// in alphabetical order, each once.
fn acronyms(framework: &Framework, lang: &Lang<'_>, plans: &[view::PlanView]) -> Vec<AcronymView> {
    let mut all: BTreeMap<String, AcronymView> = BTreeMap::new();
    let mut add = |short: &str, name: &str| {
        let short = short.trim();
        let name = name.trim();
        // An institution whose id is its name (or not an acronym at all) is not listed.
        if short.is_empty() || name.is_empty() || short == name {
            return;
        }
        all.entry(sort_key(short)).or_insert_with(|| AcronymView {
            short: short.to_string(),
            name: name.to_string(),
        });
    };
    for extra in &framework.config.publication.acronyms {
        let doc = framework.config.default_language();
        add(
            &lang.text(&extra.short, doc).text,
            &lang.text(&extra.name, doc).text,
        );
    }
    for plan in plans {
        add(&plan.acronym, &plan.name.text);
    }
    for chapter in &framework.chapters {
        for institution in &chapter.institutions {
            let full = lang.text(&institution.name, &chapter.language).text;
            let (name, acronym) = view::split_acronym(&full);
            add(acronym.unwrap_or(&institution.id), name);
        }
    }
    all.into_values().collect()
}

/// Alphabetical order as a reader expects it: accents and case aside.
fn sort_key(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue(lang: &str) -> BTreeMap<String, String> {
        let templates = super::super::templates::Templates::load(None).unwrap();
        templates.labels(lang).unwrap()
    }

    #[test]
    fn dates_in_words() {
        let (es, en) = (catalogue("es"), catalogue("en"));
        assert_eq!(long_date("2025-11-30", &es), "30 de noviembre de 2025");
        assert_eq!(long_date("2025-01-02", &en), "2 January 2025");
        assert_eq!(long_date("2025-13-02", &en), "2025-13-02");
        assert_eq!(long_date("2025-11-30", &BTreeMap::new()), "2025-11-30");
        assert_eq!(ymd("2025-11-30"), Some((2025, 11, 30)));
        assert_eq!(ymd("soon"), None);
    }

    #[test]
    fn the_keys_are_those_of_the_value() {
        let framework = crate::render::search::tests::shipped();
        let templates = super::super::templates::Templates::load(None).unwrap();
        let edition = Edition::new(Sources {
            framework: &framework,
            words: templates.labels("es").unwrap(),
            lang: "es",
            languages: &["es".to_string()],
            stamp: "x",
            outputs: Outputs::default(),
            logos: Vec::new(),
        });
        let value = edition.to_value().unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, KEYS);
    }

    #[test]
    fn acronyms_sort_as_readers_read() {
        assert!(sort_key("ÉXITO") > sort_key("ACNUR"));
        assert_eq!(sort_key("Ómnibus"), "omnibus");
    }
}

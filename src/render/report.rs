//! The follow-up report: funding by State × pillar, gaps and coverage per State, unsupported
//! commitments, progress per State, accountability by lead institution and by contributor.
//!
//! Tables are built once as data ([`Table`]) and then written as an aligned terminal table,
//! Markdown, CSV or JSON, so every format shows the same figures. Titles and column headings are
//! [`Text`]s, written in the reader's language; CSV and JSON keep their keys (`state`,
//! `funded_percent`) and values (`yes`, `in-progress`) the same in every language, for the
//! programs that read them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value as Json, json};

use crate::diag::Text;
use crate::lang::Lang;
use crate::link::Framework;
use crate::link::money::{CommitmentMoney, Totals};
use crate::model::ProgressStatus;
use crate::t;

/// Which commitments the report covers.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub states: Vec<String>,
    pub pillars: Vec<String>,
}

impl Filter {
    fn keeps(&self, m: &CommitmentMoney) -> bool {
        (self.states.is_empty() || self.states.contains(&m.state))
            && (self.pillars.is_empty() || self.pillars.contains(&m.pillar))
    }
}

/// A cell: text, a count, an amount or a percentage.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// Yes or no: `yes`/`no` in CSV and JSON, in the reader's language in tables.
    YesNo(bool),
    Count(usize),
    Amount(Decimal),
    Percent(Decimal),
    /// No value: a commitment without a budget, a share of nothing.
    Missing,
}

impl Cell {
    fn plain(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::YesNo(yes) => yes_no(*yes).into(),
            Cell::Count(n) => n.to_string(),
            Cell::Amount(d) | Cell::Percent(d) => d.normalize().to_string(),
            Cell::Missing => String::new(),
        }
    }

    fn pretty(&self, lang: Lang) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::YesNo(true) => t!(es: "sí", en: "yes").render(lang),
            Cell::YesNo(false) => t!(es: "no", en: "no").render(lang),
            Cell::Count(n) => n.to_string(),
            Cell::Amount(d) => super::view::amount(*d),
            Cell::Percent(d) => format!("{:.1} %", d),
            Cell::Missing => "—".into(),
        }
    }

    fn json(&self) -> Json {
        match self {
            Cell::Text(t) => json!(t),
            Cell::YesNo(yes) => json!(yes_no(*yes)),
            Cell::Count(n) => json!(n),
            Cell::Amount(d) | Cell::Percent(d) => {
                serde_json::to_value(d.normalize()).unwrap_or(Json::Null)
            }
            Cell::Missing => Json::Null,
        }
    }

    fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_) | Cell::YesNo(_))
    }

    /// A share, or nothing when there is nothing to share.
    fn share(part: Decimal, whole: Decimal) -> Cell {
        if whole.is_zero() {
            Cell::Missing
        } else {
            part.checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|p| p.checked_div(whole))
                .map_or(Cell::Missing, |share| Cell::Percent(share.round_dp(1)))
        }
    }
}

/// `yes` or `no`, as CSV and JSON write it.
fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

/// One table of the report.
#[derive(Clone, Debug)]
pub struct Table {
    /// Stable name, used by `--table` and as the JSON key.
    pub name: &'static str,
    pub title: Text,
    /// Column names as they appear in CSV and JSON (snake_case).
    pub keys: Vec<&'static str>,
    /// Column headings for people.
    pub headers: Vec<Text>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table whose columns are (CSV and JSON key, heading).
    fn new(
        name: &'static str,
        title: Text,
        columns: Vec<(&'static str, Text)>,
        rows: Vec<Vec<Cell>>,
    ) -> Table {
        let (keys, headers) = columns.into_iter().unzip();
        Table {
            name,
            title,
            keys,
            headers,
            rows,
        }
    }
}

/// The headings several tables share.
mod heads {
    use crate::diag::Text;
    use crate::t;

    pub fn id() -> Text {
        t!(es: "Código", en: "Id")
    }
    pub fn state() -> Text {
        t!(es: "Estado", en: "State")
    }
    pub fn pillar() -> Text {
        t!(es: "Pilar", en: "Pillar")
    }
    pub fn commitments() -> Text {
        t!(es: "Compromisos", en: "Commitments")
    }
    pub fn completed() -> Text {
        t!(es: "Completados", en: "Completed")
    }
    pub fn required() -> Text {
        t!(es: "Requerido", en: "Required")
    }
    pub fn state_investment() -> Text {
        t!(es: "Inversión del Estado", en: "State investment")
    }
    pub fn pledged_allocated() -> Text {
        t!(es: "Comprometido, asignado", en: "Pledged, allocated")
    }
    pub fn allocated() -> Text {
        t!(es: "Asignado", en: "Allocated")
    }
    pub fn disbursed() -> Text {
        t!(es: "Desembolsado", en: "Disbursed")
    }
    pub fn gap() -> Text {
        t!(es: "Brecha", en: "Gap")
    }
    pub fn funded_percent() -> Text {
        t!(es: "% financiado", en: "Funded %")
    }
}

/// The names of the report's tables, in order.
pub const TABLES: &[&str] = &[
    "states",
    "funding",
    "unsupported",
    "progress",
    "institutions",
    "contributors",
    "organizations",
    "commitments",
];

/// Build every table of the report; the titles of commitments and names of institutions are
/// taken in `lang` where the chapter has them.
pub fn build(framework: &Framework, filter: &Filter, lang: Lang) -> Vec<Table> {
    let base = framework.funding.base_currency.clone();
    let kept: Vec<&CommitmentMoney> = framework
        .funding
        .commitments
        .iter()
        .filter(|m| filter.keeps(m))
        .collect();
    let mut tables = vec![
        states(framework, &kept, &base),
        state_pillar(&kept, &base),
        unsupported(framework, &kept, &base, lang),
        progress(&kept),
        institutions(framework, &kept, &base, lang),
        contributors(framework, &base),
        organizations(framework, &base),
        commitments(&kept, &base),
    ];
    tables.retain(|t| TABLES.contains(&t.name));
    tables
}

fn totals<'a>(items: impl Iterator<Item = &'a CommitmentMoney>) -> Totals {
    let mut t = Totals::default();
    items.for_each(|m| t.add(m));
    t
}

fn states(framework: &Framework, kept: &[&CommitmentMoney], base: &str) -> Table {
    let mut by_state: BTreeMap<&str, Vec<&CommitmentMoney>> = BTreeMap::new();
    for m in kept {
        by_state.entry(&m.state).or_default().push(m);
    }
    let mut rows = Vec::new();
    for (state, items) in &by_state {
        let t = totals(items.iter().copied());
        let unallocated = framework
            .funding
            .unallocated_by_state
            .get(*state)
            .copied()
            .unwrap_or_default();
        rows.push(vec![
            Cell::Text((*state).to_string()),
            Cell::Count(t.commitments),
            Cell::Count(t.supported),
            Cell::share(Decimal::from(t.supported), Decimal::from(t.commitments)),
            Cell::Amount(t.required),
            Cell::Amount(t.state_investment),
            Cell::Amount(t.allocated),
            Cell::Amount(unallocated),
            Cell::Amount(t.gap),
            Cell::share(t.required - t.gap, t.required),
        ]);
    }
    let t = totals(kept.iter().copied());
    rows.push(vec![
        Cell::Text("Total".into()),
        Cell::Count(t.commitments),
        Cell::Count(t.supported),
        Cell::share(Decimal::from(t.supported), Decimal::from(t.commitments)),
        Cell::Amount(t.required),
        Cell::Amount(t.state_investment),
        Cell::Amount(t.allocated),
        Cell::Amount(
            by_state
                .keys()
                .filter_map(|s| framework.funding.unallocated_by_state.get(*s))
                .copied()
                .sum(),
        ),
        Cell::Amount(t.gap),
        Cell::share(t.required - t.gap, t.required),
    ]);
    Table::new(
        "states",
        t!(
            es: "Cobertura y brechas de financiamiento por Estado ({base})",
            en: "Coverage and funding gaps by State ({base})",
            base = base,
        ),
        vec![
            ("state", heads::state()),
            ("commitments", heads::commitments()),
            ("supported", t!(es: "Con apoyo", en: "Supported")),
            (
                "supported_percent",
                t!(es: "% con apoyo", en: "Supported %"),
            ),
            ("required", heads::required()),
            ("state_investment", heads::state_investment()),
            ("allocated", heads::pledged_allocated()),
            (
                "unallocated",
                t!(es: "Comprometido, sin asignar", en: "Pledged, unallocated"),
            ),
            ("gap", heads::gap()),
            ("funded_percent", heads::funded_percent()),
        ],
        rows,
    )
}

fn state_pillar(kept: &[&CommitmentMoney], base: &str) -> Table {
    let mut groups: BTreeMap<(&str, &str), Vec<&CommitmentMoney>> = BTreeMap::new();
    for m in kept {
        groups.entry((&m.state, &m.pillar)).or_default().push(m);
    }
    let rows = groups
        .iter()
        .map(|((state, pillar), items)| {
            let t = totals(items.iter().copied());
            vec![
                Cell::Text((*state).to_string()),
                Cell::Text((*pillar).to_string()),
                Cell::Count(t.commitments),
                Cell::Amount(t.required),
                Cell::Amount(t.state_investment),
                Cell::Amount(t.allocated),
                Cell::Amount(t.gap),
                Cell::share(t.required - t.gap, t.required),
            ]
        })
        .collect();
    Table::new(
        "funding",
        t!(
            es: "Financiamiento por Estado y pilar ({base})",
            en: "Funding by State and pillar ({base})",
            base = base,
        ),
        vec![
            ("state", heads::state()),
            ("pillar", heads::pillar()),
            ("commitments", heads::commitments()),
            ("required", heads::required()),
            ("state_investment", heads::state_investment()),
            ("allocated", heads::pledged_allocated()),
            ("gap", heads::gap()),
            ("funded_percent", heads::funded_percent()),
        ],
        rows,
    )
}

fn unsupported(framework: &Framework, kept: &[&CommitmentMoney], base: &str, lang: Lang) -> Table {
    let fallback = framework.config.default_language();
    let titles: BTreeMap<&str, String> = framework
        .commitments()
        .map(|(ch, c)| {
            (
                c.id.as_str(),
                c.title
                    .resolve(lang.as_str(), fallback, &ch.language)
                    .0
                    .to_string(),
            )
        })
        .collect();
    let rows = kept
        .iter()
        .filter(|m| m.supporters == 0)
        .map(|m| {
            vec![
                Cell::Text(m.id.clone()),
                Cell::Text(m.state.clone()),
                Cell::Text(m.pillar.clone()),
                Cell::Text(titles.get(m.id.as_str()).cloned().unwrap_or_default()),
                if m.costed {
                    Cell::Amount(m.gap)
                } else {
                    Cell::Missing
                },
            ]
        })
        .collect();
    Table::new(
        "unsupported",
        t!(
            es: "Compromisos que no apoya ningún programa ni contribución (brecha en {base})",
            en: "Commitments no programme or pledge supports (gap in {base})",
            base = base,
        ),
        vec![
            ("id", heads::id()),
            ("state", heads::state()),
            ("pillar", heads::pillar()),
            ("title", t!(es: "Título", en: "Title")),
            ("gap", heads::gap()),
        ],
        rows,
    )
}

fn progress(kept: &[&CommitmentMoney]) -> Table {
    let order = [
        Some(ProgressStatus::Planned),
        Some(ProgressStatus::InProgress),
        Some(ProgressStatus::Completed),
        Some(ProgressStatus::Suspended),
        None,
    ];
    let mut counts: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    for m in kept {
        let slot = order.iter().position(|s| *s == m.status).unwrap_or(4);
        counts.entry(&m.state).or_default()[slot] += 1;
    }
    let rows = counts
        .iter()
        .map(|(state, c)| {
            let mut row = vec![Cell::Text((*state).to_string())];
            row.extend(c.iter().map(|n| Cell::Count(*n)));
            row
        })
        .collect();
    Table::new(
        "progress",
        t!(
            es: "Avance por Estado (último año informado de cada compromiso)",
            en: "Progress by State (latest reporting year of each commitment)",
        ),
        vec![
            ("state", heads::state()),
            ("planned", t!(es: "Planificados", en: "Planned")),
            ("in_progress", t!(es: "En curso", en: "In progress")),
            ("completed", heads::completed()),
            ("suspended", t!(es: "Suspendidos", en: "Suspended")),
            ("not_reported", t!(es: "Sin informe", en: "Not reported")),
        ],
        rows,
    )
}

fn institutions(framework: &Framework, kept: &[&CommitmentMoney], base: &str, lang: Lang) -> Table {
    let fallback = framework.config.default_language();
    let mut names: BTreeMap<(&str, &str), String> = BTreeMap::new();
    for ch in &framework.chapters {
        for i in &ch.institutions {
            names.insert(
                (&ch.state, &i.id),
                i.name
                    .resolve(lang.as_str(), fallback, &ch.language)
                    .0
                    .to_string(),
            );
        }
    }
    let mut groups: BTreeMap<(&str, &str), Vec<&CommitmentMoney>> = BTreeMap::new();
    for m in kept {
        groups.entry((&m.state, &m.lead)).or_default().push(m);
    }
    let rows = groups
        .iter()
        .map(|(key, items)| {
            let t = totals(items.iter().copied());
            let completed = items
                .iter()
                .filter(|m| m.status == Some(ProgressStatus::Completed))
                .count();
            vec![
                Cell::Text(key.0.to_string()),
                Cell::Text(key.1.to_string()),
                Cell::Text(names.get(key).cloned().unwrap_or_default()),
                Cell::Count(t.commitments),
                Cell::Count(completed),
                Cell::Amount(t.required),
                Cell::Amount(t.gap),
            ]
        })
        .collect();
    Table::new(
        "institutions",
        t!(
            es: "Rendición de cuentas por institución responsable ({base})",
            en: "Accountability by lead institution ({base})",
            base = base,
        ),
        vec![
            ("state", heads::state()),
            ("institution", t!(es: "Institución", en: "Institution")),
            ("name", t!(es: "Nombre", en: "Name")),
            ("commitments", heads::commitments()),
            ("completed", heads::completed()),
            ("required", heads::required()),
            ("gap", heads::gap()),
        ],
        rows,
    )
}

fn contributors(framework: &Framework, base: &str) -> Table {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for coop in &framework.cooperation {
        let m = framework.funding.by_contributor.get(&coop.contributor);
        let pledges = coop.pledges.len();
        let targets: usize = coop.pledges.iter().map(|p| p.supports.len()).sum();
        rows.push(vec![
            Cell::Text(coop.contributor.clone()),
            Cell::YesNo(coop.south_south),
            Cell::Count(pledges),
            Cell::Count(targets),
            Cell::Amount(m.map(|m| m.pledged).unwrap_or_default()),
            Cell::Amount(m.map(|m| m.disbursed).unwrap_or_default()),
            Cell::Amount(m.map(|m| m.allocated).unwrap_or_default()),
            Cell::Amount(m.map(|m| m.unallocated).unwrap_or_default()),
        ]);
    }
    Table::new(
        "contributors",
        t!(
            es: "Apoyo por cooperante ({base})",
            en: "Support by contributor ({base})",
            base = base,
        ),
        vec![
            ("contributor", t!(es: "Cooperante", en: "Contributor")),
            ("south_south", t!(es: "Sur-Sur", en: "South–South")),
            ("pledges", t!(es: "Contribuciones", en: "Pledges")),
            ("targets", t!(es: "Destinos", en: "Targets")),
            ("pledged", t!(es: "Comprometido", en: "Pledged")),
            ("disbursed", heads::disbursed()),
            ("allocated", heads::allocated()),
            ("unallocated", t!(es: "Sin asignar", en: "Unallocated")),
        ],
        rows,
    )
}

fn organizations(framework: &Framework, base: &str) -> Table {
    let rows = framework
        .funding
        .by_organization
        .values()
        .map(|o| {
            vec![
                Cell::Text(o.organization.clone()),
                Cell::Count(o.programmes),
                Cell::Count(o.complements),
                Cell::Amount(o.required),
                Cell::Amount(o.allocated),
            ]
        })
        .collect();
    Table::new(
        "organizations",
        t!(
            es: "Organizaciones regionales e internacionales ({base})",
            en: "Regional and international organizations ({base})",
            base = base,
        ),
        vec![
            ("organization", t!(es: "Organización", en: "Organization")),
            ("programmes", t!(es: "Programas", en: "Programmes")),
            (
                "complements",
                t!(es: "Compromisos complementados", en: "Commitments complemented"),
            ),
            ("required", heads::required()),
            ("allocated", heads::pledged_allocated()),
        ],
        rows,
    )
}

fn commitments(kept: &[&CommitmentMoney], base: &str) -> Table {
    let rows = kept
        .iter()
        .map(|m| {
            let costed = |d: Decimal| {
                if m.costed {
                    Cell::Amount(d)
                } else {
                    Cell::Missing
                }
            };
            vec![
                Cell::Text(m.id.clone()),
                Cell::Text(m.state.clone()),
                Cell::Text(m.pillar.clone()),
                Cell::Text(m.lead.clone()),
                Cell::Text(m.status.map_or("", |s| s.as_str()).into()),
                costed(m.required),
                costed(m.state_investment),
                Cell::Amount(m.allocated),
                Cell::Amount(m.disbursed),
                costed(m.gap),
                costed(m.surplus),
                Cell::Count(m.supporters),
            ]
        })
        .collect();
    Table::new(
        "commitments",
        t!(es: "Compromisos ({base})", en: "Commitments ({base})", base = base),
        vec![
            ("id", heads::id()),
            ("state", heads::state()),
            ("pillar", heads::pillar()),
            ("lead", t!(es: "Responsable", en: "Lead")),
            ("status", t!(es: "Situación", en: "Status")),
            ("required", heads::required()),
            ("state_investment", heads::state_investment()),
            ("allocated", heads::allocated()),
            ("disbursed", heads::disbursed()),
            ("gap", heads::gap()),
            ("surplus", t!(es: "Excedente", en: "Surplus")),
            ("supporters", t!(es: "Apoyos", en: "Supporters")),
        ],
        rows,
    )
}

/// The line every human-readable report starts with: what, as of when, in which money.
pub fn heading(framework: &Framework) -> Text {
    let config = &framework.config;
    let name = format!("{} {}", config.short_title, config.edition)
        .trim()
        .to_string();
    let as_of = if config.cutoff.is_empty() {
        Text::EMPTY
    } else {
        t!(
            es: " · datos al {cutoff}",
            en: " · data as of {cutoff}",
            cutoff = &config.cutoff,
        )
    };
    let rates = match &config.currency.rates_date {
        Some(date) => t!(
            es: ", con los tipos de cambio al {date}",
            en: " at the rates of {date}",
            date = date,
        ),
        None => Text::EMPTY,
    };
    t!(
        es: "{name}{as_of} · montos en {base}{rates}",
        en: "{name}{as_of} · amounts in {base}{rates}",
        name = name,
        as_of = as_of,
        base = &config.currency.base,
        rates = rates,
    )
}

/// Aligned tables for a terminal, in `lang`.
pub fn terminal(tables: &[Table], lang: Lang) -> String {
    let mut out = String::new();
    for t in tables {
        let mut table = comfy_table::Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        table.force_no_tty();
        table.set_header(t.headers.iter().map(|h| h.render(lang)));
        for row in &t.rows {
            table.add_row(row.iter().map(|c| {
                // Titles and names come from content: nothing in them may control the terminal.
                let cell = comfy_table::Cell::new(crate::escape::line(&c.pretty(lang)));
                if c.is_number() {
                    cell.set_alignment(comfy_table::CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        out.push_str(&format!("{}\n{table}\n\n", t.title.render(lang)));
    }
    out
}

/// GitHub-flavoured Markdown tables, in `lang`.
pub fn markdown(tables: &[Table], lang: Lang) -> String {
    let mut out = String::new();
    for t in tables {
        let headers: Vec<String> = t.headers.iter().map(|h| h.render(lang)).collect();
        out.push_str(&format!("### {}\n\n", t.title.render(lang)));
        out.push_str(&format!("| {} |\n", headers.join(" | ")));
        let align: Vec<&str> = t
            .rows
            .first()
            .map(|r| {
                r.iter()
                    .map(|c| if c.is_number() { "---:" } else { "---" })
                    .collect()
            })
            .unwrap_or_else(|| vec!["---"; t.headers.len()]);
        out.push_str(&format!("|{}|\n", align.join("|")));
        for row in &t.rows {
            let cells: Vec<String> = row
                .iter()
                // Shown in a terminal too: no control or bidirectional character from content.
                .map(|c| super::text::escape_markdown(&crate::escape::line(&c.pretty(lang))))
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    out
}

/// One table as CSV, with plain numbers.
pub fn csv(table: &Table) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&table.keys)?;
    for row in &table.rows {
        // A cell from content is never a formula to a spreadsheet (numbers stay numbers).
        writer.write_record(
            row.iter()
                .map(|c| crate::escape::csv_cell(&c.plain()).into_owned()),
        )?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    report_version: u32,
    edition: &'a str,
    cutoff: &'a str,
    base_currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rates_date: Option<&'a str>,
    #[serde(flatten)]
    tables: BTreeMap<&'static str, Vec<serde_json::Map<String, Json>>>,
}

/// Every table as JSON: `{report_version, base_currency, <table>: [{column: value}]}`, numbers
/// as numbers.
pub fn json(framework: &Framework, tables: &[Table]) -> String {
    let report = JsonReport {
        report_version: 1,
        edition: &framework.config.edition,
        cutoff: &framework.config.cutoff,
        base_currency: &framework.funding.base_currency,
        rates_date: framework.config.currency.rates_date.as_deref(),
        tables: tables
            .iter()
            .map(|t| {
                let rows = t
                    .rows
                    .iter()
                    .map(|row| {
                        t.keys
                            .iter()
                            .map(|k| k.to_string())
                            .zip(row.iter().map(Cell::json))
                            .collect()
                    })
                    .collect();
                (t.name, rows)
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_whole_units_with_separators() {
        for lang in Lang::ALL {
            assert_eq!(
                Cell::Amount(Decimal::from(1_234_567)).pretty(lang),
                "1,234,567"
            );
            assert_eq!(Cell::Amount(Decimal::new(-10004, 1)).pretty(lang), "-1,000");
            assert_eq!(Cell::Amount(Decimal::ZERO).pretty(lang), "0");
            assert_eq!(Cell::Missing.pretty(lang), "—");
        }
    }

    #[test]
    fn yes_and_no_are_read_in_the_reader_language_and_stay_codes_in_data() {
        assert_eq!(Cell::YesNo(true).pretty(Lang::Es), "sí");
        assert_eq!(Cell::YesNo(true).pretty(Lang::En), "yes");
        assert_eq!(Cell::YesNo(true).plain(), "yes");
        assert_eq!(Cell::YesNo(false).json(), json!("no"));
    }
}

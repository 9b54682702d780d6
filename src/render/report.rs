//! The follow-up report: funding by State × pillar, gaps and coverage per State, unsupported
//! commitments, progress per State, accountability by lead institution and by contributor.
//!
//! Tables are built once as data ([`Table`]) and then written as an aligned terminal table,
//! Markdown, CSV or JSON, so every format shows the same figures.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value as Json, json};

use crate::link::Framework;
use crate::link::money::{CommitmentMoney, Totals};
use crate::model::ProgressStatus;

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
            Cell::Count(n) => n.to_string(),
            Cell::Amount(d) | Cell::Percent(d) => d.normalize().to_string(),
            Cell::Missing => String::new(),
        }
    }

    fn pretty(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Amount(d) => super::view::amount(*d),
            Cell::Percent(d) => format!("{:.1} %", d),
            Cell::Missing => "—".into(),
        }
    }

    fn json(&self) -> Json {
        match self {
            Cell::Text(t) => json!(t),
            Cell::Count(n) => json!(n),
            Cell::Amount(d) | Cell::Percent(d) => {
                serde_json::to_value(d.normalize()).unwrap_or(Json::Null)
            }
            Cell::Missing => Json::Null,
        }
    }

    fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
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

/// One table of the report.
#[derive(Clone, Debug)]
pub struct Table {
    /// Stable name, used by `--table` and as the JSON key.
    pub name: &'static str,
    pub title: String,
    /// Column names as they appear in CSV and JSON (snake_case).
    pub keys: Vec<&'static str>,
    /// Column headings for people.
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
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

/// Build every table of the report.
pub fn build(framework: &Framework, filter: &Filter) -> Vec<Table> {
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
        unsupported(framework, &kept, &base),
        progress(&kept),
        institutions(framework, &kept, &base),
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
    Table {
        name: "states",
        title: format!("Coverage and funding gaps by State ({base})"),
        keys: vec![
            "state",
            "commitments",
            "supported",
            "supported_percent",
            "required",
            "state_investment",
            "allocated",
            "unallocated",
            "gap",
            "funded_percent",
        ],
        headers: [
            "State",
            "Commitments",
            "Supported",
            "Supported %",
            "Required",
            "State investment",
            "Pledged, allocated",
            "Pledged, unallocated",
            "Gap",
            "Funded %",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
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
    Table {
        name: "funding",
        title: format!("Funding by State and pillar ({base})"),
        keys: vec![
            "state",
            "pillar",
            "commitments",
            "required",
            "state_investment",
            "allocated",
            "gap",
            "funded_percent",
        ],
        headers: [
            "State",
            "Pillar",
            "Commitments",
            "Required",
            "State investment",
            "Pledged, allocated",
            "Gap",
            "Funded %",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn unsupported(framework: &Framework, kept: &[&CommitmentMoney], base: &str) -> Table {
    let titles: BTreeMap<&str, String> = framework
        .commitments()
        .map(|(ch, c)| {
            let lang = framework.config.default_language();
            (
                c.id.as_str(),
                c.title.resolve(lang, lang, &ch.language).0.to_string(),
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
    Table {
        name: "unsupported",
        title: format!("Commitments no programme or pledge supports (gap in {base})"),
        keys: vec!["id", "state", "pillar", "title", "gap"],
        headers: ["Id", "State", "Pillar", "Title", "Gap"]
            .map(String::from)
            .to_vec(),
        rows,
    }
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
    Table {
        name: "progress",
        title: "Progress by State (latest reporting year of each commitment)".into(),
        keys: vec![
            "state",
            "planned",
            "in_progress",
            "completed",
            "suspended",
            "not_reported",
        ],
        headers: [
            "State",
            "Planned",
            "In progress",
            "Completed",
            "Suspended",
            "Not reported",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn institutions(framework: &Framework, kept: &[&CommitmentMoney], base: &str) -> Table {
    let lang = framework.config.default_language();
    let mut names: BTreeMap<(&str, &str), String> = BTreeMap::new();
    for ch in &framework.chapters {
        for i in &ch.institutions {
            names.insert(
                (&ch.state, &i.id),
                i.name.resolve(lang, lang, &ch.language).0.to_string(),
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
    Table {
        name: "institutions",
        title: format!("Accountability by lead institution ({base})"),
        keys: vec![
            "state",
            "institution",
            "name",
            "commitments",
            "completed",
            "required",
            "gap",
        ],
        headers: [
            "State",
            "Institution",
            "Name",
            "Commitments",
            "Completed",
            "Required",
            "Gap",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn contributors(framework: &Framework, base: &str) -> Table {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for coop in &framework.cooperation {
        let m = framework.funding.by_contributor.get(&coop.contributor);
        let pledges = coop.pledges.len();
        let targets: usize = coop.pledges.iter().map(|p| p.supports.len()).sum();
        rows.push(vec![
            Cell::Text(coop.contributor.clone()),
            Cell::Text(if coop.south_south { "yes" } else { "no" }.into()),
            Cell::Count(pledges),
            Cell::Count(targets),
            Cell::Amount(m.map(|m| m.pledged).unwrap_or_default()),
            Cell::Amount(m.map(|m| m.disbursed).unwrap_or_default()),
            Cell::Amount(m.map(|m| m.allocated).unwrap_or_default()),
            Cell::Amount(m.map(|m| m.unallocated).unwrap_or_default()),
        ]);
    }
    Table {
        name: "contributors",
        title: format!("Support by contributor ({base})"),
        keys: vec![
            "contributor",
            "south_south",
            "pledges",
            "targets",
            "pledged",
            "disbursed",
            "allocated",
            "unallocated",
        ],
        headers: [
            "Contributor",
            "South–South",
            "Pledges",
            "Targets",
            "Pledged",
            "Disbursed",
            "Allocated",
            "Unallocated",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
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
    Table {
        name: "organizations",
        title: format!("Regional and international organizations ({base})"),
        keys: vec![
            "organization",
            "programmes",
            "complements",
            "required",
            "allocated",
        ],
        headers: [
            "Organization",
            "Programmes",
            "Commitments complemented",
            "Required",
            "Pledged, allocated",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
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
    Table {
        name: "commitments",
        title: format!("Commitments ({base})"),
        keys: vec![
            "id",
            "state",
            "pillar",
            "lead",
            "status",
            "required",
            "state_investment",
            "allocated",
            "disbursed",
            "gap",
            "surplus",
            "supporters",
        ],
        headers: [
            "Id",
            "State",
            "Pillar",
            "Lead",
            "Status",
            "Required",
            "State investment",
            "Allocated",
            "Disbursed",
            "Gap",
            "Surplus",
            "Supporters",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// The line every human-readable report starts with: what, as of when, in which money.
pub fn heading(framework: &Framework) -> String {
    let config = &framework.config;
    let mut line = format!("{} {}", config.short_title, config.edition)
        .trim()
        .to_string();
    if !config.cutoff.is_empty() {
        line.push_str(&format!(" · data as of {}", config.cutoff));
    }
    line.push_str(&format!(" · amounts in {}", config.currency.base));
    if let Some(date) = &config.currency.rates_date {
        line.push_str(&format!(" at the rates of {date}"));
    }
    line
}

/// Aligned tables for a terminal.
pub fn terminal(tables: &[Table]) -> String {
    let mut out = String::new();
    for t in tables {
        let mut table = comfy_table::Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        table.force_no_tty();
        table.set_header(t.headers.clone());
        for row in &t.rows {
            table.add_row(row.iter().map(|c| {
                // Titles and names come from content: nothing in them may control the terminal.
                let cell = comfy_table::Cell::new(crate::escape::line(&c.pretty()));
                if c.is_number() {
                    cell.set_alignment(comfy_table::CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        out.push_str(&format!("{}\n{table}\n\n", t.title));
    }
    out
}

/// GitHub-flavoured Markdown tables.
pub fn markdown(tables: &[Table]) -> String {
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("### {}\n\n", t.title));
        out.push_str(&format!("| {} |\n", t.headers.join(" | ")));
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
                .map(|c| super::text::escape_markdown(&crate::escape::line(&c.pretty())))
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
        assert_eq!(Cell::Amount(Decimal::from(1_234_567)).pretty(), "1,234,567");
        assert_eq!(Cell::Amount(Decimal::new(-10004, 1)).pretty(), "-1,000");
        assert_eq!(Cell::Amount(Decimal::ZERO).pretty(), "0");
        assert_eq!(Cell::Missing.pretty(), "—");
    }
}

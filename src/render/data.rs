//! Machine-readable data: `mirps.json` (the resolved framework with links and roll-ups, described
//! by `schemas/mirps.schema.json`) and `commitments.csv` (one row per commitment).

use std::collections::BTreeMap;

use anyhow::Result;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::config::{Pillar, Term};
use crate::link::money::Funding;
use crate::link::{Framework, Support};
use crate::model::{Cooperation, Localized, NationalChapter, RegionalPlan};

/// Version of the `mirps.json` layout; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Published<'a> {
    mirps_json_version: u32,
    framework: Header<'a>,
    chapters: &'a [NationalChapter],
    plans: &'a [RegionalPlan],
    cooperation: &'a [Cooperation],
    /// Incoming links of every commitment and programme that has any, by id in order.
    supported_by: BTreeMap<&'a str, &'a [Support]>,
    funding: &'a Funding,
}

#[derive(Serialize)]
struct Header<'a> {
    title: &'a Localized,
    short_title: &'a str,
    edition: &'a str,
    cutoff: &'a str,
    languages: &'a [String],
    members: &'a [String],
    base_currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rates_date: Option<&'a str>,
    rates: &'a BTreeMap<String, Decimal>,
    pillars: &'a [Pillar],
    populations: &'a [Term],
    working_groups: &'a [Term],
}

/// The resolved framework as pretty JSON, ending with a newline. Deterministic.
pub fn json(framework: &Framework) -> Result<String> {
    let config = &framework.config;
    let published = Published {
        mirps_json_version: FORMAT_VERSION,
        framework: Header {
            title: &config.title,
            short_title: &config.short_title,
            edition: &config.edition,
            cutoff: &config.cutoff,
            languages: &config.languages,
            members: &config.members,
            base_currency: &config.currency.base,
            rates_date: config.currency.rates_date.as_deref(),
            rates: &config.currency.rates,
            pillars: &config.pillars,
            populations: &config.populations,
            working_groups: &config.working_groups,
        },
        chapters: &framework.chapters,
        plans: &framework.plans,
        cooperation: &framework.cooperation,
        supported_by: framework
            .supported_by
            .iter()
            .map(|(id, links)| (id.as_str(), links.as_slice()))
            .collect(),
        funding: &framework.funding,
    };
    let mut out = serde_json::to_string_pretty(&published)?;
    out.push('\n');
    Ok(out)
}

/// One row per commitment: ids, texts in the default language, and the money in the base
/// currency.
pub fn commitments_csv(framework: &Framework) -> Result<String> {
    let lang = framework.config.default_language().to_string();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "id",
        "state",
        "pillar",
        "title",
        "lead",
        "populations",
        "start",
        "end",
        "priority",
        "status",
        "percent",
        "currency",
        "required",
        "state_investment",
        "allocated",
        "disbursed",
        "gap",
        "surplus",
        "supported_by",
    ])?;
    let money: BTreeMap<&str, _> = framework
        .funding
        .commitments
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    for (chapter, c) in framework.commitments() {
        let Some(m) = money.get(c.id.as_str()) else {
            continue;
        };
        let latest = c.latest_progress();
        let amount = |d: Decimal| {
            if m.costed {
                d.normalize().to_string()
            } else {
                String::new()
            }
        };
        let supporters: Vec<&str> = framework
            .supporters(&c.id)
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        let record = [
            c.id.as_str(),
            chapter.state.as_str(),
            c.pillar.as_str(),
            c.title.resolve(&lang, &lang, &chapter.language).0,
            c.lead.as_str(),
            &c.populations.join(" "),
            &c.timeframe.start.to_string(),
            &c.timeframe
                .end
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            c.priority.map_or("", |p| match p {
                crate::model::Priority::High => "high",
                crate::model::Priority::Medium => "medium",
                crate::model::Priority::Low => "low",
            }),
            latest.map_or("", |p| p.status.as_str()),
            &latest
                .and_then(|p| p.percent)
                .map(|p| p.to_string())
                .unwrap_or_default(),
            framework.config.currency.base.as_str(),
            &amount(m.required),
            &amount(m.state_investment),
            &m.allocated.normalize().to_string(),
            &m.disbursed.normalize().to_string(),
            &amount(m.gap),
            &amount(m.surplus),
            &supporters.join(" "),
        ];
        // A cell from content is never a formula to a spreadsheet (numbers stay numbers).
        writer.write_record(
            record
                .iter()
                .map(|cell| crate::escape::csv_cell(cell).into_owned()),
        )?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

//! `kind: cooperation` — a cooperating State's or entity's pledges.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Contact, Localized, Timeframe};

/// A cooperating State's or entity's support.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cooperation {
    pub kind: String,
    pub schema_version: u32,
    pub contributor: String,
    pub name: Localized,
    pub language: String,
    pub south_south: bool,
    pub updated: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    pub pledges: Vec<Pledge>,
}

/// One pledge of support.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pledge {
    pub id: String,
    #[serde(rename = "type")]
    pub pledge_type: PledgeType,
    pub title: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    pub beneficiaries: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<Support>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<PledgeAmount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Timeframe>,
    pub status: PledgeStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grf_pledge: Option<String>,
}

/// What a pledge gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PledgeType {
    Financial,
    Material,
    Technical,
    Resettlement,
    Policy,
}

impl PledgeType {
    pub fn as_str(self) -> &'static str {
        match self {
            PledgeType::Financial => "financial",
            PledgeType::Material => "material",
            PledgeType::Technical => "technical",
            PledgeType::Resettlement => "resettlement",
            PledgeType::Policy => "policy",
        }
    }
}

/// Where a pledge is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PledgeStatus {
    Planning,
    InProgress,
    Fulfilled,
}

/// A commitment or programme a pledge supports, optionally with the amount allocated to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Support {
    Id(String),
    Allocated { id: String, amount: Decimal },
}

impl Support {
    pub fn id(&self) -> &str {
        match self {
            Support::Id(id) | Support::Allocated { id, .. } => id,
        }
    }
}

/// The money of a financial pledge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeAmount {
    pub currency: String,
    pub pledged: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disbursed: Option<Decimal>,
}

//! `kind: regional-plan` — a regional or international organization's action plan.

use serde::{Deserialize, Serialize};

use super::{Budget, Contact, Localized, ProgressStatus, Timeframe};

/// An organization's action plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionalPlan {
    pub kind: String,
    pub schema_version: u32,
    pub organization: String,
    pub name: Localized,
    #[serde(rename = "type")]
    pub org_type: OrganizationType,
    pub language: String,
    pub updated: String,
    pub summary: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    pub programmes: Vec<Programme>,
}

/// What sort of organization wrote a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrganizationType {
    RegionalOrganization,
    UnAgency,
    InternationalOrganization,
    DevelopmentBank,
    CivilSociety,
    PrivateSector,
    Academia,
}

/// A cross-border programme that complements national commitments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub id: String,
    pub title: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    pub pillars: Vec<String>,
    pub states: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complements: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeframe: Option<Timeframe>,
    pub status: ProgressStatus,
}

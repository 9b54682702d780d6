//! `kind: national-chapter` — a State's national action plan.

use serde::{Deserialize, Serialize};

use super::{Budget, Contact, Localized, Section, Timeframe};

/// A State's national chapter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NationalChapter {
    pub kind: String,
    pub schema_version: u32,
    pub state: String,
    pub name: Localized,
    pub language: String,
    pub status: Status,
    pub updated: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    pub summary: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Localized>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    pub institutions: Vec<Institution>,
    pub commitments: Vec<Commitment>,
}

/// Where a chapter is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Submitted,
    Adopted,
}

/// A national institution that leads commitments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Institution {
    pub id: String,
    pub name: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One prioritised commitment of a national plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub id: String,
    pub pillar: String,
    pub title: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    pub populations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub working_groups: Vec<String>,
    pub lead: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    pub timeframe: Timeframe,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<Progress>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grf_pledges: Vec<String>,
}

impl Commitment {
    /// The most recent progress entry.
    pub fn latest_progress(&self) -> Option<&Progress> {
        self.progress.iter().max_by_key(|p| p.year)
    }
}

/// A measurable target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub description: Localized,
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    pub target: f64,
}

/// How urgent a commitment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    High,
    Medium,
    Low,
}

/// One year's progress report on a commitment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub year: i32,
    pub status: ProgressStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenges: Option<Localized>,
}

/// Implementation status of a commitment or programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressStatus {
    Planned,
    InProgress,
    Completed,
    Suspended,
}

impl ProgressStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProgressStatus::Planned => "planned",
            ProgressStatus::InProgress => "in-progress",
            ProgressStatus::Completed => "completed",
            ProgressStatus::Suspended => "suspended",
        }
    }
}

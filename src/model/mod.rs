//! Typed documents. A value of these types has passed its JSON Schema: the schemas in `schemas/`
//! are the source of truth for shape, and these types mirror them field for field (a test
//! round-trips every example through both).

mod common;
mod cooperation;
mod national;
mod regional;

pub use common::{Budget, Contact, Localized, Section, Timeframe, YearOrDate};
pub use cooperation::{Cooperation, Pledge, PledgeAmount, PledgeStatus, PledgeType, Support};
pub use national::{
    Commitment, Indicator, Institution, NationalChapter, Priority, Progress, ProgressStatus, Status,
};
pub use regional::{OrganizationType, Programme, RegionalPlan};

/// The kinds of document a framework holds, as written in `kind:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    National,
    Regional,
    Cooperation,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::National, Kind::Regional, Kind::Cooperation];

    /// The `kind:` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::National => "national-chapter",
            Kind::Regional => "regional-plan",
            Kind::Cooperation => "cooperation",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The schema file that describes this kind.
    pub fn schema_file(self) -> &'static str {
        match self {
            Kind::National => "national-chapter.schema.json",
            Kind::Regional => "regional-plan.schema.json",
            Kind::Cooperation => "cooperation.schema.json",
        }
    }
}

/// One valid document of any kind.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Document {
    National(NationalChapter),
    Regional(RegionalPlan),
    Cooperation(Cooperation),
}

impl Document {
    /// Read a schema-valid JSON value of `kind` into its type.
    pub fn from_json(kind: Kind, value: serde_json::Value) -> Result<Document, serde_json::Error> {
        Ok(match kind {
            Kind::National => Document::National(serde_json::from_value(value)?),
            Kind::Regional => Document::Regional(serde_json::from_value(value)?),
            Kind::Cooperation => Document::Cooperation(serde_json::from_value(value)?),
        })
    }

    pub fn kind(&self) -> Kind {
        match self {
            Document::National(_) => Kind::National,
            Document::Regional(_) => Kind::Regional,
            Document::Cooperation(_) => Kind::Cooperation,
        }
    }

    /// The code that owns the document and prefixes its ids: `GTM`, `OAS`, `CAN`.
    pub fn owner(&self) -> &str {
        match self {
            Document::National(d) => &d.state,
            Document::Regional(d) => &d.organization,
            Document::Cooperation(d) => &d.contributor,
        }
    }

    /// The language plain (non-map) strings of the document are written in.
    pub fn language(&self) -> &str {
        match self {
            Document::National(d) => &d.language,
            Document::Regional(d) => &d.language,
            Document::Cooperation(d) => &d.language,
        }
    }

    /// The document's name (the State, organization or contributor).
    pub fn name(&self) -> &Localized {
        match self {
            Document::National(d) => &d.name,
            Document::Regional(d) => &d.name,
            Document::Cooperation(d) => &d.name,
        }
    }
}

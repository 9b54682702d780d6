//! Typed documents. A value of these types has passed its JSON Schema: the schemas in `schemas/`
//! are the source of truth for shape, and these types mirror them field for field (a test
//! round-trips every example through both).

mod common;
mod cooperation;
mod de;
mod national;
mod regional;

pub use common::{
    Budget, Contact, Localized, Section, Timeframe, Translations, YearOrDate, civil_from_days,
};
pub use cooperation::{Cooperation, Pledge, PledgeAmount, PledgeStatus, PledgeType, Support};
pub use national::{
    Commitment, Indicator, Institution, NationalChapter, Priority, Progress, ProgressStatus, Status,
};
pub use regional::{OrganizationType, Programme, RegionalPlan};

use crate::load::tree::Node;

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
    /// Read a schema-valid tree of `kind` into its type (as from the tree's JSON value).
    pub fn from_tree(kind: Kind, tree: &Node) -> Result<Document, serde_json::Error> {
        Ok(match kind {
            Kind::National => Document::National(de::from_tree(tree)?),
            Kind::Regional => Document::Regional(de::from_tree(tree)?),
            Kind::Cooperation => Document::Cooperation(de::from_tree(tree)?),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;
    use crate::schema::Schemas;
    use crate::source::SourceFile;

    /// The typed document as `serde_json` reads it from the JSON value.
    fn from_json(kind: Kind, value: &serde_json::Value) -> Document {
        use serde::Deserialize;
        match kind {
            Kind::National => Document::National(NationalChapter::deserialize(value).unwrap()),
            Kind::Regional => Document::Regional(RegionalPlan::deserialize(value).unwrap()),
            Kind::Cooperation => Document::Cooperation(Cooperation::deserialize(value).unwrap()),
        }
    }

    /// Numbers compare by value whatever their JSON form (`450000` vs `450000.0`).
    fn normalize(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value as J;
        match v {
            J::Number(n) => serde_json::json!(n.as_f64()),
            J::Array(a) => J::Array(a.into_iter().map(normalize).collect()),
            J::Object(o) => J::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
            other => other,
        }
    }

    /// The schemas and the typed model agree: every shipped and example document passes its
    /// schema, reads into its type, and the type writes back every field it was given.
    #[test]
    fn typed_model_round_trips_every_shipped_document() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let schemas = Schemas::load(None).unwrap();
        let mut seen = 0;
        for dir in ["chapters", "examples/minimal/chapters"] {
            let Ok(found) = crate::load::discover(&root.join(dir), root) else {
                continue;
            };
            for path in found.files {
                let text = std::fs::read_to_string(&path).unwrap();
                let source = SourceFile::new(path.display().to_string(), path.clone(), text);
                let mut diags = Vec::new();
                let tree = yaml::parse(0, &source, &mut diags).unwrap();
                let kind = crate::load::detect_kind(0, &tree, &mut diags).unwrap();
                let json = tree.to_json();
                assert!(
                    schemas.validate(kind.schema_file(), 0, &tree, &mut diags),
                    "{}: {diags:?}",
                    path.display()
                );
                let doc = Document::from_tree(kind, &tree).unwrap();
                assert_eq!(
                    doc,
                    from_json(kind, &json),
                    "{} reads differently from its JSON value",
                    path.display()
                );
                assert_eq!(
                    normalize(serde_json::to_value(&doc).unwrap()),
                    normalize(json),
                    "{} does not round-trip",
                    path.display()
                );
                seen += 1;
            }
        }
        assert!(seen >= 7, "only {seen} documents found");
    }

    /// The typed model reads what the schema lets through: a schema-valid document with every
    /// optional field in play deserializes.
    #[test]
    fn schema_examples_deserialize() {
        let text = r#"
kind: cooperation
schema_version: 1
contributor: CAN
name: { es: Canadá, en: Canada }
language: en
south_south: false
updated: 2019-12-17
summary: Support.
contact: { institution: GAC, email: mirps@example.org }
pledges:
  - id: CAN-1
    type: financial
    title: Protection
    description: Funds.
    beneficiaries: [GTM, HND]
    supports: [GTM-1.1, { id: HND-2.3, amount: 100000 }]
    amount: { currency: CAD, pledged: 1000000, disbursed: 250000.5 }
    places: 200
    period: { start: 2020, end: 2022-06-30 }
    status: in-progress
    grf_pledge: GRF-00456
"#;
        let source = SourceFile::new("c.yaml".into(), "c.yaml".into(), text.into());
        let mut diags = Vec::new();
        let tree = yaml::parse(0, &source, &mut diags).unwrap();
        let schemas = Schemas::load(None).unwrap();
        assert!(
            schemas.validate("cooperation.schema.json", 0, &tree, &mut diags),
            "{diags:?}"
        );
        let read = Document::from_tree(Kind::Cooperation, &tree).unwrap();
        assert_eq!(read, from_json(Kind::Cooperation, &tree.to_json()));
        let Document::Cooperation(doc) = read else {
            panic!("wrong kind");
        };
        assert_eq!(doc.pledges[0].supports[1].id(), "HND-2.3");
        assert_eq!(
            doc.pledges[0]
                .amount
                .as_ref()
                .unwrap()
                .disbursed
                .unwrap()
                .to_string(),
            "250000.5"
        );
        assert_eq!(
            doc.pledges[0]
                .period
                .as_ref()
                .unwrap()
                .end
                .as_ref()
                .unwrap()
                .year(),
            Some(2022)
        );
    }
}

//! Value shapes shared by every kind (`schemas/common.schema.json`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Text in the document's language, or in several languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Localized {
    Plain(String),
    Map(Translations),
}

/// Texts keyed by language code, in the order written. A short list rather than a map: a
/// framework holds hundreds of thousands of these, nearly all with two entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translations(Vec<(String, String)>);

impl Translations {
    pub fn new(pairs: Vec<(String, String)>) -> Translations {
        Translations(pairs)
    }

    pub fn get(&self, lang: &str) -> Option<&String> {
        self.0.iter().find(|(l, _)| l == lang).map(|(_, t)| t)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, t)| t)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(l, t)| (l, t))
    }
}

impl Serialize for Translations {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

// Hand-written rather than `#[serde(untagged)]`, which buffers every value before trying each
// variant: this type is read hundreds of thousands of times in a large framework.
impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Localized;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("text or a map of translations")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized::Plain(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Localized, E> {
                Ok(Localized::Plain(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Localized, A::Error> {
                let mut texts = Vec::with_capacity(map.size_hint().unwrap_or(2));
                while let Some(entry) = map.next_entry::<String, String>()? {
                    texts.push(entry);
                }
                Ok(Localized::Map(Translations(texts)))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Localized {
    /// The text in `lang`; a plain string counts as written in `doc_lang`.
    pub fn get(&self, lang: &str, doc_lang: &str) -> Option<&str> {
        match self {
            Localized::Plain(s) => (lang == doc_lang).then_some(s.as_str()),
            Localized::Map(m) => m.get(lang).map(String::as_str),
        }
    }

    /// The text in `lang`, else in `fallback`, else any; and whether it is in `lang`.
    pub fn resolve<'a>(&'a self, lang: &str, fallback: &str, doc_lang: &str) -> (&'a str, bool) {
        if let Some(text) = self.get(lang, doc_lang) {
            return (text, true);
        }
        let other = self.get(fallback, doc_lang).or_else(|| match self {
            Localized::Plain(s) => Some(s.as_str()),
            Localized::Map(m) => m.values().next().map(String::as_str),
        });
        (other.unwrap_or_default(), false)
    }

    /// Every text variant.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Localized::Plain(s) => vec![s.as_str()],
            Localized::Map(m) => m.values().map(String::as_str).collect(),
        }
    }
}

/// A year (`2019`) or a date (`2019-11-15`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum YearOrDate {
    Year(i32),
    Date(String),
}

impl<'de> Deserialize<'de> for YearOrDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = YearOrDate;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a year or a date")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<YearOrDate, E> {
                i32::try_from(v).map(YearOrDate::Year).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<YearOrDate, E> {
                i32::try_from(v).map(YearOrDate::Year).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<YearOrDate, E> {
                Ok(YearOrDate::Date(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl YearOrDate {
    fn parts(&self) -> Option<(i32, u32, u32)> {
        match self {
            YearOrDate::Year(y) => Some((*y, 0, 0)),
            YearOrDate::Date(d) => {
                let mut it = d.splitn(3, '-');
                let y = it.next()?.parse().ok()?;
                let m = it.next()?.parse().ok()?;
                let day = it.next()?.parse().ok()?;
                Some((y, m, day))
            }
        }
    }

    /// The first day this value can stand for, as (year, month, day).
    pub fn first_day(&self) -> Option<(i32, u32, u32)> {
        self.parts()
            .map(|(y, m, d)| if m == 0 { (y, 1, 1) } else { (y, m, d) })
    }

    /// The last day this value can stand for, as (year, month, day).
    pub fn last_day(&self) -> Option<(i32, u32, u32)> {
        self.parts()
            .map(|(y, m, d)| if m == 0 { (y, 12, 31) } else { (y, m, d) })
    }

    pub fn year(&self) -> Option<i32> {
        self.parts().map(|(y, _, _)| y)
    }
}

impl std::fmt::Display for YearOrDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YearOrDate::Year(y) => write!(f, "{y}"),
            YearOrDate::Date(d) => f.write_str(d),
        }
    }
}

/// The calendar date (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), for any count.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A period: `{ start: 2018, end: 2020 }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeframe {
    pub start: YearOrDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<YearOrDate>,
}

impl Timeframe {
    /// Whether the period ends before it starts.
    pub fn is_reversed(&self) -> bool {
        match (&self.end, self.start.first_day()) {
            (Some(end), Some(start)) => end.last_day().is_some_and(|end| end < start),
            _ => false,
        }
    }
}

/// What a commitment or programme costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub currency: String,
    pub required: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_investment: Option<Decimal>,
}

/// Who to ask about a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A free narrative section of a chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub title: Localized,
    pub body: Localized,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeframe_order_compares_years_and_dates() {
        let tf = |s: YearOrDate, e: YearOrDate| Timeframe {
            start: s,
            end: Some(e),
        };
        use YearOrDate::{Date, Year};
        assert!(!tf(Year(2018), Year(2018)).is_reversed());
        assert!(tf(Year(2020), Year(2018)).is_reversed());
        assert!(!tf(Year(2019), Date("2019-03-01".into())).is_reversed());
        assert!(tf(Date("2019-03-02".into()), Date("2019-03-01".into())).is_reversed());
        assert!(tf(Date("2020-01-01".into()), Year(2019)).is_reversed());
    }

    #[test]
    fn localized_falls_back_visibly() {
        let map = Localized::Map(Translations::new(vec![(
            "es".to_string(),
            "Hola".to_string(),
        )]));
        assert_eq!(map.resolve("en", "es", "es"), ("Hola", false));
        assert_eq!(map.resolve("es", "es", "en"), ("Hola", true));
        let plain = Localized::Plain("Hello".into());
        assert_eq!(plain.get("en", "en"), Some("Hello"));
        assert_eq!(plain.get("es", "en"), None);
        assert_eq!(plain.resolve("es", "es", "en"), ("Hello", false));
    }
}

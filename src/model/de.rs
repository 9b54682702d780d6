//! Reading typed documents straight from the spanned tree, without a `serde_json::Value` copy.
//!
//! The deserializer hands serde exactly what `serde_json` would for [`Node::to_json`]: the same
//! visitor calls for every value (a non-negative integer is a `u64`, a float with no JSON form
//! is text) and mapping entries in the order of their keys, as `serde_json`'s sorted map gives
//! them. A typed document read this way equals one read from the JSON value.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde_json::Error;

use crate::load::tree::{Entry, Node, Value};

/// Deserialize a `T` from a tree, as from its JSON value.
///
/// A struct's fields are read in the order written, which gives the same value as key order
/// (a derived struct takes its fields in any order) without sorting them. Only which error is
/// reported first can depend on the order, so a failure is read again in key order for the
/// error `serde_json` would give.
pub fn from_tree<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, Error> {
    T::deserialize(TreeDeserializer(node, false))
        .or_else(|_| T::deserialize(TreeDeserializer(node, true)))
}

/// A [`Node`] as a serde deserializer; the flag says whether struct fields are read in key
/// order too (maps always are).
#[derive(Clone, Copy)]
struct TreeDeserializer<'de>(&'de Node, bool);

impl<'de> TreeDeserializer<'de> {
    fn sorted(self) -> bool {
        self.1
    }

    fn unexpected(self) -> Unexpected<'de> {
        match &self.0.value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Int(i) if *i >= 0 => Unexpected::Unsigned(*i as u64),
            Value::Int(i) => Unexpected::Signed(*i),
            Value::Float(f) if f.is_finite() => Unexpected::Float(*f),
            Value::Float(_) => Unexpected::Other("text"),
            Value::Str(s) => Unexpected::Str(s),
            Value::Seq(_) => Unexpected::Seq,
            Value::Map(_) => Unexpected::Map,
        }
    }

    fn invalid<T>(self, exp: &dyn de::Expected) -> Result<T, Error> {
        Err(de::Error::invalid_type(self.unexpected(), exp))
    }

    /// Numbers as `serde_json` visits them: non-negative integers as `u64`.
    fn number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Int(i) if i >= 0 => visitor.visit_u64(i as u64),
            Value::Int(i) => visitor.visit_i64(i),
            Value::Float(f) if f.is_finite() => visitor.visit_f64(f),
            _ => self.invalid(&visitor),
        }
    }

    /// Text, including the text JSON holds for NaN and infinities.
    fn text<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Float(f) if !f.is_finite() => visitor.visit_string(f.to_string()),
            _ => self.invalid(&visitor),
        }
    }
}

impl<'de> Deserializer<'de> for TreeDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(_) | Value::Float(_) if self.0.json_number().is_some() => {
                self.number(visitor)
            }
            Value::Int(_) | Value::Float(_) | Value::Str(_) => self.text(visitor),
            Value::Seq(items) => visit_seq(items, self.1, visitor),
            Value::Map(entries) => visit_map(entries, true, self.1, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Bool(b) => visitor.visit_bool(b),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.number(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visit_seq(items, self.1, visitor),
            _ => self.invalid(&visitor),
        }
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Null => visitor.visit_unit(),
            _ => self.invalid(&visitor),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Seq(items) => visit_seq(items, self.1, visitor),
            _ => self.invalid(&visitor),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Map(entries) => visit_map(entries, true, self.1, visitor),
            _ => self.invalid(&visitor),
        }
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Seq(items) => visit_seq(items, self.1, visitor),
            Value::Map(entries) => visit_map(entries, self.sorted(), self.1, visitor),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Map(entries) => match entries.as_slice() {
                [entry] => visitor.visit_enum(Variant {
                    name: TreeDeserializer(&entry.key, self.1),
                    value: Some(&entry.value),
                }),
                _ => Err(de::Error::invalid_value(
                    Unexpected::Map,
                    &"map with a single key",
                )),
            },
            Value::Str(_) => visitor.visit_enum(Variant {
                name: self,
                value: None,
            }),
            _ => Err(de::Error::invalid_type(self.unexpected(), &"string or map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

fn visit_seq<'de, V: Visitor<'de>>(
    items: &'de [Node],
    sorted: bool,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut seq = Items(items.iter(), sorted);
    let value = visitor.visit_seq(&mut seq)?;
    if seq.0.len() == 0 {
        Ok(value)
    } else {
        Err(de::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        ))
    }
}

struct Items<'de>(std::slice::Iter<'de, Node>, bool);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|node| seed.deserialize(TreeDeserializer(node, self.1)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// Visit a mapping's entries in the order of their keys, as `serde_json`'s sorted map does, or
/// in the order written when `by_key` is false.
fn visit_map<'de, V: Visitor<'de>>(
    entries: &'de [Entry],
    by_key: bool,
    sorted: bool,
    visitor: V,
) -> Result<V::Value, Error> {
    let in_order = !by_key
        || entries
            .windows(2)
            .all(|w| w[0].key.key_text() < w[1].key.key_text());
    let order = if in_order {
        Vec::new()
    } else {
        let mut order: Vec<&'de Entry> = entries.iter().collect();
        order.sort_unstable_by(|a, b| a.key.key_text().cmp(&b.key.key_text()));
        order
    };
    let mut map = Entries {
        entries,
        order,
        next: 0,
        value: None,
        sorted,
    };
    let value = visitor.visit_map(&mut map)?;
    if map.next == entries.len() {
        Ok(value)
    } else {
        Err(de::Error::invalid_length(
            entries.len(),
            &"fewer elements in map",
        ))
    }
}

struct Entries<'de> {
    entries: &'de [Entry],
    /// The entries sorted by key, when they are not written in that order (empty otherwise).
    order: Vec<&'de Entry>,
    next: usize,
    value: Option<&'de Node>,
    sorted: bool,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let entry = match self.order.get(self.next) {
            Some(entry) => *entry,
            None => match self.entries.get(self.next) {
                Some(entry) if self.order.is_empty() => entry,
                _ => return Ok(None),
            },
        };
        self.next += 1;
        self.value = Some(&entry.value);
        seed.deserialize(Key(&entry.key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(node) => seed.deserialize(TreeDeserializer(node, self.sorted)),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

/// A mapping key, read as the text JSON gives it.
struct Key<'de>(&'de Node);

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Str(s) => visitor.visit_borrowed_str(s),
            _ => visitor.visit_string(self.0.key_text().into_owned()),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Variant<'de> {
    name: TreeDeserializer<'de>,
    value: Option<&'de Node>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = VariantValue<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantValue<'de>), Error> {
        let name = seed.deserialize(Key(self.name.0))?;
        Ok((name, VariantValue(self.value, self.name.1)))
    }
}

struct VariantValue<'de>(Option<&'de Node>, bool);

impl<'de> VariantAccess<'de> for VariantValue<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None => Ok(()),
            Some(node) => de::Deserialize::deserialize(TreeDeserializer(node, self.1)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(node) => seed.deserialize(TreeDeserializer(node, self.1)),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0.map(|n| &n.value) {
            Some(Value::Seq(items)) => visit_seq(items, self.1, visitor),
            _ => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.map(|n| &n.value) {
            Some(Value::Map(entries)) => visit_map(entries, self.1, self.1, visitor),
            _ => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}

impl<'de> IntoDeserializer<'de, Error> for TreeDeserializer<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use serde::Deserialize;

    fn tree(text: &str) -> Node {
        let source = SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into());
        crate::load::yaml::parse(0, &source, &mut Vec::new()).unwrap()
    }

    /// Whatever serde builds from the tree, it builds the same from the tree's JSON value.
    #[test]
    fn reads_like_the_json_value() {
        let text = "b: [1, -2, 2.5, .nan, -.inf, true, ~, text]\na: { z: 1, y: { x: [] }, 3: three }\nc: ''\n";
        let node = tree(text);
        let read: serde_json::Value = from_tree(&node).unwrap();
        assert_eq!(read, node.to_json());
        // Entries come in key order, like serde_json's map: translations are listed `en`, `es`.
        let node = tree("{ es: uno, en: one }");
        let read: crate::model::Localized = from_tree(&node).unwrap();
        let json: crate::model::Localized =
            serde::Deserialize::deserialize(&node.to_json()).unwrap();
        assert_eq!(read, json);
        let crate::model::Localized::Map(texts) = read else {
            panic!("not translations");
        };
        let langs: Vec<&String> = texts.iter().map(|(lang, _)| lang).collect();
        assert_eq!(langs, ["en", "es"]);
    }

    /// A document the model cannot read fails with the error serde_json gives: the first bad
    /// field in key order, not in the order written.
    #[test]
    fn fails_like_the_json_value() {
        use crate::model::NationalChapter;
        for text in [
            "state: 1\nlanguage: 2\n",
            "updated: [1]\nstate: GTM\nname: 3\n",
            "commitments: [{ status: 7 }]\n",
        ] {
            let node = tree(text);
            let read = from_tree::<NationalChapter>(&node).unwrap_err();
            let json = NationalChapter::deserialize(&node.to_json()).unwrap_err();
            assert_eq!(read.to_string(), json.to_string(), "{text}");
        }
    }
}

//! The spanned tree as a JSON instance the validator reads in place, so a document is checked
//! against its schema without first being copied into a `serde_json::Value`.
//!
//! Every accessor answers exactly what [`Node::to_json`] would hold: mapping keys are their
//! [`Node::key_text`], numbers are `serde_json` numbers built the same way, and a float with no
//! JSON form (NaN, infinities) is text. Member order differs (the tree keeps the written order,
//! `to_json` sorts keys), which does not change whether a document is valid; errors are
//! collected from the `to_json` value, so their order is unchanged too.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::ControlFlow;

use jsonschema::json::{Array, Json, Node as JsonNode, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde_json::Value as J;

use crate::load::tree::{Entry, Node, Text, Value};
use crate::source::Span;

/// The spanned tree as a JSON representation for `jsonschema`.
pub struct Tree;

impl Json for Tree {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = ();

    // Lookups scan the entries, so one pass over the members is never dearer than a lookup.
    const KEYS_PER_LOOKUP: usize = usize::MAX / 64;
    // Aliases are copied into the tree, so no node is its own descendant.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(&Node) -> T) -> T {
        thread_local! {
            // Backs every name node on this thread, so names allocate only while it grows.
            static NAME: Cell<Text> = const { Cell::new(Text::const_new("")) };
        }
        let mut name = NAME.take();
        name.clear();
        name.push_str(string);
        let node = Node::new(Span::at(0), Value::Str(name));
        let result = f(&node);
        if let Value::Str(name) = node.value {
            NAME.set(name);
        }
        result
    }
}

impl<'a> JsonNode<'a, Tree> for &'a Node {
    type Object = Members<'a>;
    type Array = &'a [Node];
    type Number = serde_json::Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match &self.value {
            Value::Map(entries) => Some(Members(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Float(f) if !f.is_finite() => Some(Cow::Owned(f.to_string())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<serde_json::Number> {
        self.json_number()
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    fn is_number(&self) -> bool {
        match self.value {
            Value::Int(_) => true,
            Value::Float(f) => f.is_finite(),
            _ => false,
        }
    }

    fn json_type(&self) -> JsonType {
        match &self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Int(_) => JsonType::Number,
            Value::Float(f) if f.is_finite() => JsonType::Number,
            Value::Float(_) | Value::Str(_) => JsonType::String,
            Value::Seq(_) => JsonType::Array,
            Value::Map(_) => JsonType::Object,
        }
    }

    fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
        let Value::Str(s) = &self.value else {
            return self
                .string_length()
                .map(|length| (min..=max).contains(&length));
        };
        // A code point takes one to four bytes, so the count lies in `ceil(bytes / 4)..=bytes`.
        let bytes = s.len() as u64;
        let fewest = bytes.div_ceil(4);
        if bytes < min || fewest > max {
            return Some(false);
        }
        if min <= fewest && bytes <= max {
            return Some(true);
        }
        Some((min..=max).contains(&(s.chars().count() as u64)))
    }

    fn equals_value(&self, expected: &J) -> bool {
        // `const` and `enum` compare scalars, mostly text: no need to build a JSON value for it.
        match (&self.value, expected) {
            (Value::Str(s), J::String(e)) => s == e,
            (Value::Str(_), _) => false,
            _ => jsonschema::json::cmp::equal(&self.to_json(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, J> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(*self) as usize))
    }
}

/// The entries of a mapping, read as a JSON object.
#[derive(Clone, Copy)]
pub struct Members<'a>(&'a [Entry]);

impl<'a> Object<'a, Tree> for Members<'a> {
    type Node = &'a Node;
    type MemberName = Cow<'a, str>;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.0.iter().find(|e| e.key.is_key(key)).map(|e| &e.value)
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter(self.0.iter())
    }

    fn try_for_each_name_node<B>(
        &self,
        buffer: &mut (),
        mut f: impl FnMut(&Node) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        for entry in self.0 {
            // A text key is already the string node JSON would hold; other keys become text.
            let flow = match &entry.key.value {
                Value::Str(_) => f(&entry.key),
                _ => Tree::with_string_node(buffer, &entry.key.key_text(), &mut f),
            };
            flow?;
        }
        ControlFlow::Continue(())
    }
}

pub struct MembersIter<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (Cow<'a, str>, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.key.key_text(), &e.value))
    }
}

impl<'a> Array<'a, Tree> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }

    fn is_unique(&self) -> bool {
        // Lists of codes and ids are the common case: compare their text directly.
        let texts: Option<Vec<&str>> = self.iter().map(|n| n.as_str()).collect();
        match texts {
            Some(mut texts) => {
                texts.sort_unstable();
                texts.windows(2).all(|w| w[0] != w[1])
            }
            None => {
                let values: Vec<J> = self.iter().map(Node::to_json).collect();
                jsonschema::json::unique::is_unique(&values)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::yaml;
    use crate::schema::Schemas;
    use crate::source::SourceFile;

    const SCHEMAS: [&str; 3] = [
        "national-chapter.schema.json",
        "regional-plan.schema.json",
        "cooperation.schema.json",
    ];

    fn agree(schemas: &Schemas, name: &str, text: &str) {
        let source = SourceFile::new(name.into(), name.into(), text.into());
        let Some(tree) = yaml::parse(0, &source, &mut Vec::new()) else {
            return;
        };
        let json = tree.to_json();
        for schema in SCHEMAS {
            assert_eq!(
                schemas.is_valid(schema, &tree),
                schemas.is_valid_json(schema, &json),
                "{schema} on {name}"
            );
        }
    }

    /// The tree and its JSON value get the same answer from every schema, valid or not: every
    /// document shipped, every example and fixture (most of them broken on purpose), and edge
    /// cases of keys, numbers and lists.
    #[test]
    fn the_tree_validates_like_its_json_value() {
        let schemas = Schemas::load(None).unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for dir in ["chapters", "examples", "tests/fixtures"] {
            for path in crate::load::discover(&root.join(dir), root).unwrap().files {
                let bytes = std::fs::read(&path).unwrap();
                agree(
                    &schemas,
                    &path.display().to_string(),
                    &String::from_utf8_lossy(&bytes),
                );
                seen += 1;
            }
        }
        assert!(seen > 30, "only {seen} files");
        let cases = [
            "kind: cooperation\nschema_version: 1.0\n",
            "kind: national-chapter\nschema_version: .nan\n",
            "kind: regional-plan\nname: { es: a, 1: b }\n",
            "kind: regional-plan\nname: { es: a, en: a }\nlanguage: es\n",
            "kind: cooperation\npledges: [{ beneficiaries: [GTM, GTM] }, { beneficiaries: [1, 1.0] }]\n",
            "kind: cooperation\npledges: [{ supports: [GTM-1, { id: GTM-1, amount: -1 }] }]\n",
        ];
        for text in cases {
            agree(&schemas, text, text);
        }
    }
}

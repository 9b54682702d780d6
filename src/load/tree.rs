//! A spanned document tree: every value and every mapping key keeps its byte range, so a
//! diagnostic about any node (found by JSON Pointer or by walking) points at the right place.
//!
//! Both YAML documents and `mirps.toml` load into this one tree. Its depth is bounded by the
//! loaders, so the recursive functions here cannot overflow the stack.

use crate::source::Span;

/// The text of a string node. Keys, ids and codes are short and kept inline (up to 24 bytes),
/// so most nodes need no allocation of their own and a tree stays compact in memory.
pub type Text = compact_str::CompactString;

/// A value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

/// The data of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Text),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    pub fn new(span: Span, value: Value) -> Node {
        Node { span, value }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The entry whose key reads `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key.is_key(key))
    }

    /// Whether this mapping key reads `text` (see [`Node::key_text`]).
    pub fn is_key(&self, text: &str) -> bool {
        match &self.value {
            // Nearly every key is text: compare it without building a `Cow`.
            Value::Str(s) => s == text,
            _ => self.key_text() == text,
        }
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The text a mapping key stands for (JSON object keys are strings).
    pub fn key_text(&self) -> std::borrow::Cow<'_, str> {
        match &self.value {
            Value::Str(s) => s.as_str().into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string().into(),
            Value::Int(i) => i.to_string().into(),
            Value::Float(f) => f.to_string().into(),
            Value::Seq(_) | Value::Map(_) => "<complex key>".into(),
        }
    }

    /// The node at a JSON Pointer (`/commitments/0/pillar`), and the key of the entry holding
    /// it when its parent is a mapping.
    pub fn pointer<'a>(&'a self, pointer: &str) -> Option<(&'a Node, Option<&'a Node>)> {
        if pointer.is_empty() {
            return Some((self, None));
        }
        let mut node = self;
        let mut key = None;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            match &node.value {
                Value::Map(entries) => {
                    let entry = entries.iter().find(|e| e.key.is_key(&segment))?;
                    key = Some(&entry.key);
                    node = &entry.value;
                }
                Value::Seq(items) => {
                    node = items.get(segment.parse::<usize>().ok()?)?;
                    key = None;
                }
                _ => return None,
            }
        }
        Some((node, key))
    }

    /// A short span standing for the whole node: a mapping's first key, a sequence's first
    /// item, or the node itself for scalars. Keeps labels on one line.
    pub fn head_span(&self) -> Span {
        match &self.value {
            Value::Map(entries) => entries.first().map_or(self.span, |e| e.key.span),
            Value::Seq(items) => items.first().map_or(self.span, Node::head_span),
            _ => self.span,
        }
    }

    /// The JSON number of a numeric scalar. NaN and infinities have none: JSON holds them as
    /// text, which fails the schema's type check.
    pub fn json_number(&self) -> Option<serde_json::Number> {
        match self.value {
            Value::Int(i) => Some(i.into()),
            Value::Float(f) => serde_json::Number::from_f64(f),
            _ => None,
        }
    }

    /// The JSON value of this tree: what the schemas and the typed model see.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(_) | Value::Float(_) => self
                .json_number()
                .map_or_else(|| J::String(self.key_text().into_owned()), J::Number),
            Value::Str(s) => J::String(s.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.key_text().into_owned(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Call `f` on every string scalar value (not keys) in the tree.
    pub fn walk_strings<'a>(&'a self, f: &mut impl FnMut(&'a Node, &'a str)) {
        match &self.value {
            Value::Str(s) => f(self, s.as_str()),
            Value::Seq(items) => items.iter().for_each(|i| i.walk_strings(f)),
            Value::Map(entries) => entries.iter().for_each(|e| e.value.walk_strings(f)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, at: usize) -> Node {
        Node::new(Span::new(at, at + text.len()), Value::Str(text.into()))
    }

    #[test]
    fn pointer_finds_values_and_their_keys() {
        let item = Node::new(
            Span::new(20, 40),
            Value::Map(vec![Entry {
                key: s("pillar", 20),
                value: s("x", 28),
            }]),
        );
        let root = Node::new(
            Span::new(0, 40),
            Value::Map(vec![Entry {
                key: s("a/b", 0),
                value: Node::new(Span::new(10, 40), Value::Seq(vec![item])),
            }]),
        );
        let (node, key) = root.pointer("/a~1b/0/pillar").unwrap();
        assert_eq!(node.as_str(), Some("x"));
        assert_eq!(key.unwrap().span, Span::new(20, 26));
        assert!(root.pointer("/a~1b/1").is_none());
        assert!(root.pointer("/nope").is_none());
        assert_eq!(root.pointer("").unwrap().0.span, root.span);
        assert_eq!(root.head_span(), Span::new(0, 3));
    }
}

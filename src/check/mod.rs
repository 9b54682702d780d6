//! Rules a schema cannot express, one small function per rule, each with a stable code.
//!
//! Document rules ([`check_document`]) see one typed document and its spanned tree. Framework
//! rules ([`check_framework`]) see the [`Facts`] of every file — the ids each declares and the
//! ids each refers to, with positions — so the trees can be dropped once a file is checked.

mod document;
mod framework;
mod translations;

pub use framework::check_framework;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::tree::{Node, Value};
use crate::model::{Document, Kind};
use crate::source::{FileId, SourceFile, Span};

/// What a document check needs: the configuration, the file, its tree and its text.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub file: FileId,
    pub tree: &'a Node,
    pub source: &'a SourceFile,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// The span of the node at `pointer`, or the document's head when the pointer is stale.
    pub fn span(&self, pointer: &str) -> Span {
        self.tree
            .pointer(pointer)
            .map_or_else(|| self.tree.head_span(), |(node, _)| node.span)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }
}

/// Run every document rule on one schema-valid document.
pub fn check_document(doc: &Document, ctx: &mut Ctx<'_>) {
    document::check(doc, ctx);
    translations::check(doc, ctx);
}

/// What a declared id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Commitment,
    Programme,
    Pledge,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Commitment => "commitment",
            ItemKind::Programme => "programme",
            ItemKind::Pledge => "pledge",
        }
    }

    fn list_key(self) -> &'static str {
        match self {
            ItemKind::Commitment => "commitments",
            ItemKind::Programme => "programmes",
            ItemKind::Pledge => "pledges",
        }
    }

    fn of(kind: Kind) -> ItemKind {
        match kind {
            Kind::National => ItemKind::Commitment,
            Kind::Regional => ItemKind::Programme,
            Kind::Cooperation => ItemKind::Pledge,
        }
    }
}

/// An id a document declares, and where.
#[derive(Clone, Debug)]
pub struct Declared {
    pub id: String,
    pub kind: ItemKind,
    pub file: FileId,
    pub span: Span,
}

/// How one document refers to an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// `[[GTM-1.3]]` in text.
    Citation,
    /// A regional programme's `complements`.
    Complements,
    /// A pledge's `supports`.
    Supports,
}

/// A reference to an id, and where it is written.
#[derive(Clone, Debug)]
pub struct Reference {
    pub target: String,
    /// The programme or pledge holding a `complements`/`supports` reference.
    pub from: Option<String>,
    pub via: Via,
    pub file: FileId,
    pub span: Span,
}

/// The owner a document declares (`state`, `organization`, `contributor`), and where.
#[derive(Clone, Debug)]
pub struct Owner {
    pub kind: Kind,
    pub code: String,
    pub span: Span,
}

/// What framework rules need to know of one file.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// The file the facts were read from.
    pub file: Option<FileId>,
    pub owner: Option<Owner>,
    pub declared: Vec<Declared>,
    pub references: Vec<Reference>,
}

/// Read the facts of a document from its tree. Lenient: a document that failed its schema still
/// declares the ids it visibly has, so other files' references to them do not turn into noise.
pub fn facts(kind: Kind, file: FileId, tree: &Node, source: &SourceFile) -> Facts {
    let mut facts = Facts {
        file: Some(file),
        ..Facts::default()
    };
    let owner_key = match kind {
        Kind::National => "state",
        Kind::Regional => "organization",
        Kind::Cooperation => "contributor",
    };
    if let Some(node) = tree.get(owner_key)
        && let Some(code) = node.as_str()
    {
        facts.owner = Some(Owner {
            kind,
            code: code.to_string(),
            span: node.span,
        });
    }
    let item_kind = ItemKind::of(kind);
    if let Some(items) = tree.get(item_kind.list_key()) {
        for item in items.as_seq() {
            if let Some(id) = item.get("id")
                && let Some(text) = id.as_str()
            {
                facts.declared.push(Declared {
                    id: text.to_string(),
                    kind: item_kind,
                    file,
                    span: id.span,
                });
            }
            let (list, via) = match kind {
                Kind::Regional => ("complements", Via::Complements),
                Kind::Cooperation => ("supports", Via::Supports),
                Kind::National => continue,
            };
            for target in item.get(list).map(Node::as_seq).unwrap_or_default() {
                let node = target.get("id").unwrap_or(target);
                if let Some(text) = node.as_str() {
                    facts.references.push(Reference {
                        target: text.to_string(),
                        from: item.get("id").and_then(Node::as_str).map(str::to_string),
                        via,
                        file,
                        span: node.span,
                    });
                }
            }
        }
    }
    tree.walk_strings(&mut |node, text| {
        for (offset, id) in citations(text) {
            facts.references.push(Reference {
                target: id.to_string(),
                from: None,
                via: Via::Citation,
                file,
                span: citation_span(source, node, text, offset, id),
            });
        }
    });
    facts
}

/// The `[[ID]]` citations in a text: (byte offset of `[[`, id).
pub fn citations(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    // Most texts cite nothing: one fast scan settles those.
    if memchr::memmem::find(text.as_bytes(), b"[[").is_none() {
        return found;
    }
    let mut rest = 0;
    while let Some(start) = memchr::memmem::find(&text.as_bytes()[rest..], b"[[") {
        let open = rest + start;
        let inner = open + 2;
        match memchr::memmem::find(&text.as_bytes()[inner..], b"]]") {
            Some(len) if len > 0 && !text[inner..inner + len].contains(['[', '\n']) => {
                found.push((open, text[inner..inner + len].trim()));
                rest = inner + len + 2;
            }
            _ => rest = inner,
        }
    }
    found
}

/// Where `[[id]]` is in the file: found in the scalar's source when written literally there
/// (plain and block scalars), else the whole scalar.
fn citation_span(source: &SourceFile, node: &Node, text: &str, offset: usize, id: &str) -> Span {
    let written = &text[offset..];
    let needle_len = written.find("]]").map_or(written.len(), |e| e + 2);
    let needle = &written[..needle_len];
    let raw = source.text.get(node.span.range()).unwrap_or_default();
    // The n-th occurrence in the value is the n-th in the source, when written literally.
    let nth = text[..offset].matches(needle).count();
    let mut at = None;
    let mut from = 0;
    for _ in 0..=nth {
        match raw[from..].find(needle) {
            Some(i) => {
                at = Some(from + i);
                from += i + needle.len();
            }
            None => {
                at = None;
                break;
            }
        }
    }
    let _ = id;
    match at {
        Some(i) => {
            let start = node.span.start as usize + i;
            Span::new(start, start + needle.len())
        }
        None => node.span,
    }
}

/// True when `node` is a scalar (for rules that only look at leaves).
pub fn is_scalar(node: &Node) -> bool {
    !matches!(node.value, Value::Seq(_) | Value::Map(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_citations() {
        assert_eq!(
            citations("see [[GTM-1.1]] and [[ HND-2.3 ]]."),
            vec![(4, "GTM-1.1"), (20, "HND-2.3")]
        );
        assert_eq!(citations("[[]] [[a\nb]] [x]"), vec![]);
        assert_eq!(citations("[[[[X-1]]"), vec![(2, "X-1")]);
    }

    #[test]
    fn citation_spans_point_into_block_scalars() {
        let text = "summary: |\n  Ver [[GTM-1.1]] y [[GTM-1.1]].\n";
        let source = SourceFile::new("a".into(), "a".into(), text.into());
        let mut diags = Vec::new();
        let tree = crate::load::yaml::parse(0, &source, &mut diags).unwrap();
        let facts = facts(Kind::National, 0, &tree, &source);
        let spans: Vec<&str> = facts
            .references
            .iter()
            .map(|r| &text[r.span.range()])
            .collect();
        assert_eq!(spans, ["[[GTM-1.1]]", "[[GTM-1.1]]"]);
        assert_ne!(facts.references[0].span, facts.references[1].span);
    }
}

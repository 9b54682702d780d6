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
        let mut finder = CitationFinder {
            raw: source.text.get(node.span.range()).unwrap_or_default(),
            from: 0,
            misses: 0,
        };
        for (offset, id) in citations(text) {
            facts.references.push(Reference {
                target: id.to_string(),
                from: None,
                via: Via::Citation,
                file,
                span: finder.span(node, text, offset),
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
    let bytes = text.as_bytes();
    let mut rest = 0;
    while let Some(start) = memchr::memmem::find(&bytes[rest..], b"[[") {
        let open = rest + start;
        let inner = open + 2;
        // The id runs to the first `]]`, and holds no `[` and no line break. The scan stops at
        // the first of the three, and the next `[[` is looked for from there: every byte is
        // read once, however many `[[` a text opens without closing.
        let end = memchr::memchr3(b'[', b'\n', b']', &bytes[inner..]).map(|i| inner + i);
        let mut at = end;
        while let Some(i) = at {
            if bytes[i] != b']' || bytes.get(i + 1) == Some(&b']') {
                break;
            }
            at = memchr::memchr3(b'[', b'\n', b']', &bytes[i + 1..]).map(|j| i + 1 + j);
        }
        match at {
            Some(close) if bytes[close] == b']' && close > inner => {
                found.push((open, text[inner..close].trim()));
                rest = close + 2;
            }
            Some(close) if bytes[close] == b']' => rest = inner,
            Some(stop) if bytes[stop] == b'\n' => rest = stop + 1,
            Some(stop) => rest = stop,
            None => break,
        }
    }
    found
}

/// Finds the `[[id]]` citations of one text in the source of its scalar, in order: the n-th
/// citation of the value is the n-th in the source when written literally (plain and block
/// scalars, and quoted ones without escapes in it). Each search starts where the last one
/// ended, so a text is read once; after a few citations that are not written literally (an
/// escape inside), the rest get the whole scalar, so that a text of many such citations is not
/// read once for each.
struct CitationFinder<'s> {
    raw: &'s str,
    from: usize,
    misses: usize,
}

impl CitationFinder<'_> {
    const MAX_MISSES: usize = 16;

    /// Where the citation at `offset` of `text` is in the file: its `[[id]]`, else the scalar.
    fn span(&mut self, node: &Node, text: &str, offset: usize) -> Span {
        let written = &text[offset..];
        let needle_len = written.find("]]").map_or(written.len(), |e| e + 2);
        let needle = &written[..needle_len];
        if self.misses >= Self::MAX_MISSES {
            return node.span;
        }
        match memchr::memmem::find(&self.raw.as_bytes()[self.from..], needle.as_bytes()) {
            Some(i) => {
                let at = self.from + i;
                self.from = at + needle.len();
                let start = node.span.start as usize + at;
                Span::new(start, start + needle.len())
            }
            None => {
                self.misses += 1;
                node.span
            }
        }
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

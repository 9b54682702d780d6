//! Rules a schema cannot express, one small function per rule, each with a stable code.
//!
//! Document rules ([`check_document`]) see one typed document and its spanned tree. Framework
//! rules ([`check_framework`]) see the [`Facts`] of every file — the ids each declares and the
//! ids each refers to, with positions — so the trees can be dropped once a file is checked.

pub mod diags;
mod document;
mod framework;
mod translations;

pub use framework::{SkippedReference, Unread, check_framework, skipped_reference_notes};

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
    /// Some commitments, programmes or pledges failed their schema and were set aside: rules
    /// about a list as a whole (an adopted chapter lists commitments) stay quiet.
    pub partial: bool,
}

impl Ctx<'_> {
    /// The span of the node at `pointer`, or the document's head when the pointer is stale.
    pub fn span(&self, pointer: &str) -> Span {
        self.tree
            .pointer(pointer)
            .map_or_else(|| self.tree.head_span(), |(node, _)| node.span)
    }

    /// The file and span of the node at `pointer` (see [`Ctx::span`]).
    pub fn at(&self, pointer: &str) -> (FileId, Span) {
        (self.file, self.span(pointer))
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
    if let Some(node) = tree.get(owner_key(kind))
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

/// The kind a document without a usable `kind:` most likely is, from the keys it has (its
/// owner key, or its list of items): so that its ids still count for other files.
pub fn guess_kind(tree: &Node) -> Option<Kind> {
    Kind::ALL.into_iter().find(|&kind| {
        tree.get(owner_key(kind)).is_some() || tree.get(ItemKind::of(kind).list_key()).is_some()
    })
}

fn owner_key(kind: Kind) -> &'static str {
    match kind {
        Kind::National => "state",
        Kind::Regional => "organization",
        Kind::Cooperation => "contributor",
    }
}

/// The owner codes a document that could not be read would prefix its ids with: the value of
/// its `state:`, `organization:` or `contributor:` line, when a line of its text (whatever of it
/// could be read) starts with one, and the name of the file (`gtm.yaml` → `GTM`), as the
/// framework names its files. Only for unread files: one pass over the text.
pub fn unread(file: FileId, source: &SourceFile) -> Unread {
    let mut owners = Vec::new();
    let mut add = |code: &str| {
        let code = code.trim();
        let plausible = !code.is_empty()
            && code.len() <= 32
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if plausible && !owners.iter().any(|o: &String| o.eq_ignore_ascii_case(code)) {
            owners.push(code.to_string());
        }
    };
    for line in source.text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !Kind::ALL.iter().any(|&k| owner_key(k) == key) {
            continue;
        }
        let value = value.split(" #").next().unwrap_or_default().trim();
        add(value.trim_matches(|c| c == '"' || c == '\''));
    }
    if let Some(stem) = source.path.file_stem().and_then(|s| s.to_str()) {
        add(&stem.to_uppercase());
    }
    Unread { file, owners }
}

/// The document `tree` without its commitments, programmes or pledges that failed their schema
/// (those holding one of the `problems`' errors), so that the rules still check the others; and
/// how many were set aside. `None` when no item holds an error: the problem is elsewhere.
pub fn set_aside_failing(
    kind: Kind,
    tree: &Node,
    problems: &[Diagnostic],
) -> Option<(Node, usize)> {
    let key = ItemKind::of(kind).list_key();
    let items = tree.get(key)?.as_seq();
    let failing: Vec<Span> = problems
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .filter_map(|d| d.primary().map(|l| l.span))
        .collect();
    let within =
        |item: &Node, span: &Span| item.span.start <= span.start && span.end <= item.span.end;
    let kept: Vec<Node> = items
        .iter()
        .filter(|item| !failing.iter().any(|span| within(item, span)))
        .cloned()
        .collect();
    let set_aside = items.len() - kept.len();
    if set_aside == 0 {
        return None;
    }
    let mut kept = Some(kept);
    let entries = tree
        .entries()
        .iter()
        .map(|e| match kept.take_if(|_| e.key.is_key(key)) {
            Some(kept) => crate::load::tree::Entry {
                key: e.key.clone(),
                value: Node::new(e.value.span, Value::Seq(kept)),
            },
            None => e.clone(),
        })
        .collect();
    Some((Node::new(tree.span, Value::Map(entries)), set_aside))
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
    use crate::diag::Text;

    #[test]
    fn finds_citations() {
        assert_eq!(
            citations("see [[GTM-1.1]] and [[ HND-2.3 ]]."),
            vec![(4, "GTM-1.1"), (20, "HND-2.3")]
        );
        assert_eq!(citations("[[]] [[a\nb]] [x]"), vec![]);
        assert_eq!(citations("[[[[X-1]]"), vec![(2, "X-1")]);
    }

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile::new(name.into(), name.into(), text.into())
    }

    #[test]
    fn an_unread_file_is_owned_by_its_owner_line_and_its_name() {
        let tab = "kind: national-chapter\nstate: \"GTM\"  # Guatemala\nname:\n\tes: Guatemala\n";
        assert_eq!(
            unread(3, &file("chapters/national/gtm.yaml", tab)).owners,
            ["GTM"]
        );
        let named_otherwise = file("x/guatemala.yaml", "state: GTM\n");
        assert_eq!(unread(0, &named_otherwise).owners, ["GTM", "GUATEMALA"]);
        // An indented `state:` is a key of some item, not the document's owner.
        let nested = file("can.yaml", "pledges:\n  - state: GTM\n");
        assert_eq!(unread(0, &nested).owners, ["CAN"]);
        // Nothing readable, no plausible name: nothing is set aside.
        assert!(
            unread(0, &file("a b.yaml", "organization: [x\n"))
                .owners
                .is_empty()
        );
    }

    #[test]
    fn items_with_shape_errors_are_set_aside_and_only_they() {
        let text = "state: GTM\ncommitments:\n  - id: GTM-1.1\n    pillar: a\n  - id: GTM-1.2\n    pillar: [1]\n  - { id: GTM-1.3, pillar: c }\n";
        let source = file("gtm.yaml", text);
        let tree = crate::load::yaml::parse(0, &source, &mut Vec::new()).unwrap();
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let problem = |span| {
            Diagnostic::new(crate::diag::Code::WrongType, crate::t!(es: "x", en: "x")).at(
                0,
                span,
                Text::EMPTY,
            )
        };
        let (rest, set_aside) =
            set_aside_failing(Kind::National, &tree, &[problem(at("[1]"))]).unwrap();
        assert_eq!(set_aside, 1);
        let ids: Vec<&str> = rest
            .get("commitments")
            .unwrap()
            .as_seq()
            .iter()
            .filter_map(|c| c.get("id").and_then(Node::as_str))
            .collect();
        assert_eq!(ids, ["GTM-1.1", "GTM-1.3"]);
        // An error outside every item: nothing to set aside.
        assert!(set_aside_failing(Kind::National, &tree, &[problem(at("GTM\n"))]).is_none());
        // A warning does not set an item aside.
        let warning = problem(at("[1]")).severity(crate::diag::Severity::Warning);
        assert!(set_aside_failing(Kind::National, &tree, &[warning]).is_none());
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

//! The one diagnostic model every stage reports into, and the emitters that render it.
//!
//! Document problems are data: stages push [`Diagnostic`]s into a [`Diagnostics`] sink and keep
//! going, so one run reports every problem in every file. Every diagnostic carries at least one
//! labelled location, except the rare file-less ones (an empty framework).

mod code;
pub mod emit;
mod sarif;
mod snippet;
pub mod summary;
pub mod text;

pub use code::Code;
pub use text::{Arg, Text};

use std::sync::Arc;

use crate::source::{FileId, Sources, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in a file, as the diagnostics' constructors take it.
pub type At = (FileId, Span);

/// A location a diagnostic points at, with an optional short message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    /// Most label messages are fixed words ("not part of the format") with nothing to fill in.
    pub message: Text,
    /// The primary label is where the problem is; secondary ones give context.
    pub primary: bool,
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: Text,
    pub labels: Vec<Label>,
    /// Shared: one help text often stands under many diagnostics (every unknown key of a
    /// mapping lists the keys allowed there).
    pub help: Option<Arc<Text>>,
    /// The text that would fix the problem if written at the primary label instead of what is
    /// there (the key or value the help suggests).
    pub fix: Option<Arc<str>>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<Text>) -> Diagnostic {
        Diagnostic {
            severity: code.default_severity(),
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Point at the place of the problem.
    pub fn at(mut self, file: FileId, span: Span, message: impl Into<Text>) -> Diagnostic {
        // Most diagnostics have this one label: room for it alone.
        self.labels.reserve_exact(1);
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    /// Point at a related place (the first occurrence of a duplicate, say).
    pub fn also(mut self, file: FileId, span: Span, message: impl Into<Text>) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: impl IntoShared) -> Diagnostic {
        self.help = Some(help.into_shared());
        self
    }

    /// Suggest writing `candidate` at the primary label instead: "did you mean `x`?", with the
    /// replacement kept as data for the formats that carry fixes (SARIF).
    pub fn did_you_mean(mut self, candidate: &str) -> Diagnostic {
        self.help = Some(Arc::new(crate::t!(
            es: "¿quiso decir `{candidate}`?",
            en: "did you mean `{candidate}`?",
            candidate = candidate,
        )));
        self.fix = Some(candidate.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// The primary label, if any.
    pub fn primary(&self) -> Option<&Label> {
        self.primary_index().map(|at| &self.labels[at])
    }

    /// Where the primary label is in `labels`: the one marked primary, else the first.
    pub fn primary_index(&self) -> Option<usize> {
        self.labels
            .iter()
            .position(|l| l.primary)
            .or((!self.labels.is_empty()).then_some(0))
    }
}

/// A text that can stand under diagnostics as their help: made once and shared.
pub trait IntoShared {
    fn into_shared(self) -> Arc<Text>;
}

impl IntoShared for Text {
    fn into_shared(self) -> Arc<Text> {
        Arc::new(self)
    }
}

impl IntoShared for Arc<Text> {
    fn into_shared(self) -> Arc<Text> {
        self
    }
}

/// The sink stages push diagnostics into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Order so that the root causes come first, then by file, position and code (so output does
    /// not depend on thread scheduling): the errors that stop a file from being read ([`stops`])
    /// before everything else, then the notes saying what was not checked for want of them, then
    /// the rest. A drafter reads the real problem first, and CI formats that show only the first
    /// few annotations show it.
    pub fn sort(&mut self, sources: &Sources) {
        // Files are ranked by name once; comparing ranks keeps sorting cheap for many problems.
        let mut ranked: Vec<(&str, usize)> = sources
            .iter()
            .map(|(id, f)| (f.name.as_str(), id))
            .collect();
        ranked.sort_unstable();
        let mut rank = vec![0; sources.len()];
        for (r, (_, id)) in ranked.into_iter().enumerate() {
            rank[id] = r;
        }
        // Each diagnostic's place is found once, not at every comparison.
        let mut keyed: Vec<_> = std::mem::take(&mut self.items)
            .into_iter()
            .map(|d| {
                let class = if stops(&d) {
                    0
                } else if d.code == Code::SkippedReferences {
                    1
                } else {
                    2
                };
                let at = d
                    .primary()
                    .map(|l| (rank[l.file], l.span.start, l.span.end));
                ((class, at), d)
            })
            .collect();
        keyed.sort_by(|(at_a, a), (at_b, b)| {
            at_a.cmp(at_b)
                .then_with(|| a.code.as_str().cmp(b.code.as_str()))
                .then_with(|| a.message.cmp(&b.message))
        });
        self.items = keyed.into_iter().map(|(_, d)| d).collect();
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Whether `d` is an error that stopped a file from being read (or told apart), so that nothing
/// else of it was checked: the root cause of whatever else is missing.
fn stops(d: &Diagnostic) -> bool {
    d.severity == Severity::Error
        && matches!(
            d.code,
            Code::InvalidUtf8
                | Code::YamlSyntax
                | Code::TomlSyntax
                | Code::TooComplex
                | Code::EmptyDocument
                | Code::MultipleDocuments
                | Code::UnknownKind
                | Code::NotAFile
                | Code::OutsideFramework
                | Code::WorkbookUnreadable
                | Code::WorkbookLayout
        )
}

/// The candidate closest to `found` by edit distance, if close enough to be a likely typo.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_lower = found.to_lowercase();
    // Short codes (GTM, COL) are one edit from many others: only suggest near-certain typos.
    let len = found.chars().count();
    let limit = if len <= 4 { 1 } else { (len / 3).max(2) };
    candidates
        .into_iter()
        // Lengths further apart than the limit cannot be within it: skip the distance.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (strsim::levenshtein(&found_lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// `one` when `n` is 1, else `many`: `count(n, t!(es: "{n} archivo", …), t!(es: "{n} archivos", …))`.
pub fn count(n: usize, one: Text, many: Text) -> Text {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_candidates() {
        let ids = ["GTM-1.3", "GTM-2.1", "HND-1.1"];
        assert_eq!(closest("GTM-1.4", ids), Some("GTM-1.3"));
        assert_eq!(closest("gtm-2.1", ids), Some("GTM-2.1"));
        assert_eq!(closest("PAN-9.9", ids), None);
        assert_eq!(closest("COL", ["CRI", "GTM"]), None);
        assert_eq!(closest("GTN", ["CRI", "GTM"]), Some("GTM"));
        assert_eq!(closest("recepcion", ["reception-admission"]), None);
        assert_eq!(
            closest("durable-solution", ["durable-solutions"]),
            Some("durable-solutions")
        );
    }

    #[test]
    fn root_causes_sort_first() {
        let mut sources = Sources::default();
        let a = sources.add(crate::source::SourceFile::new(
            "a.yaml".into(),
            "a.yaml".into(),
            "x: 1\n".into(),
        ));
        let b = sources.add(crate::source::SourceFile::new(
            "b.yaml".into(),
            "b.yaml".into(),
            "x: 1\n".into(),
        ));
        let at = |code, file| {
            Diagnostic::new(code, crate::t!(es: "x", en: "x")).at(file, Span::at(1), Text::EMPTY)
        };
        let mut diags = Diagnostics::default();
        diags.push(at(Code::UnknownReference, a));
        diags.push(at(Code::SkippedReferences, a));
        diags.push(at(Code::YamlSyntax, b));
        diags.push(at(Code::DuplicateId, b));
        diags.sort(&sources);
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "yaml-syntax",
                "skipped-references",
                "unknown-reference",
                "duplicate-id"
            ]
        );
    }
}

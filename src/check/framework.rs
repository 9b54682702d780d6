//! Rules across files: ids unique in the whole framework, one document per owner, every member
//! has a chapter, every referenced id exists.
//!
//! A file that could not be read declares nothing, so every reference to its ids would be
//! "unknown": a cascade of errors in files nobody touched, hiding the one that matters. Those
//! references are set aside instead ([`SkippedReference`]) and told in one note per unread file.

use std::collections::{HashMap, HashSet};

use super::diags::{self, ReferenceWay};
use super::{Facts, Via};
use crate::config::Config;
use crate::diag::{Diagnostic, closest};
use crate::model::Kind;
use crate::source::{FileId, Sources, Span};

/// A document that could not be read (not UTF-8, not YAML, too large, a refused link…): the
/// owner codes its ids would start with, guessed from what of it could be read (see
/// [`super::unread`]).
#[derive(Clone, Debug)]
pub struct Unread {
    pub file: FileId,
    pub owners: Vec<String>,
}

/// A reference that was not checked: its id starts with the owner code `prefix` of the unread
/// file `unread` (an index into the unread files).
#[derive(Clone, Debug)]
pub struct SkippedReference {
    pub unread: usize,
    pub prefix: String,
    pub file: FileId,
    pub span: Span,
}

/// Run the cross-file rules. `known_elsewhere` holds ids defined outside the files read (from a
/// published framework given with `--against`). References to the ids of `unread` files are not
/// reported: they are returned, for [`skipped_reference_notes`].
pub fn check_framework(
    config: &Config,
    facts: &[Facts],
    unread: &[Unread],
    known_elsewhere: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SkippedReference> {
    unique_ids(facts, diags);
    one_document_per_owner(facts, diags);
    // Against a published framework, the members' chapters are in that framework.
    if known_elsewhere.is_empty() {
        every_member_has_a_chapter(config, facts, unread, diags);
    }
    references_resolve(facts, unread, known_elsewhere, diags)
}

/// One note per unread file whose ids other files refer to: how many references were not
/// checked, and where the first is. Only the references in files `wanted` says are counted.
pub fn skipped_reference_notes(
    skipped: &[SkippedReference],
    unread: &[Unread],
    sources: &Sources,
    wanted: impl Fn(FileId) -> bool,
) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for (i, u) in unread.iter().enumerate() {
        let mine: Vec<&SkippedReference> = skipped
            .iter()
            .filter(|s| s.unread == i && wanted(s.file))
            .collect();
        let Some(first) = mine
            .iter()
            .min_by_key(|s| (sources.get(s.file).name.as_str(), s.span.start))
        else {
            continue;
        };
        let files: HashSet<FileId> = mine.iter().map(|s| s.file).collect();
        let mut prefixes: Vec<String> = mine.iter().map(|s| s.prefix.clone()).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        let name = sources.get(u.file).name.as_str();
        notes.push(diags::skipped_references(
            (first.file, first.span),
            mine.len(),
            files.len(),
            &prefixes,
            &[name],
        ));
    }
    notes
}

fn unique_ids(facts: &[Facts], diags: &mut Vec<Diagnostic>) {
    let mut first = HashMap::new();
    for declared in facts.iter().flat_map(|f| &f.declared) {
        if let Some(earlier) = first.insert(declared.id.as_str(), declared) {
            diags.push(diags::duplicate_id(
                (declared.file, declared.span),
                (earlier.file, earlier.span),
                &declared.id,
            ));
            first.insert(declared.id.as_str(), earlier);
        }
    }
}

fn one_document_per_owner(facts: &[Facts], diags: &mut Vec<Diagnostic>) {
    let mut first = HashMap::new();
    for f in facts {
        let (Some(owner), Some(file)) = (&f.owner, f.file) else {
            continue;
        };
        let key = (owner.kind, owner.code.as_str());
        let Some(&(earlier_file, earlier_span)) = first.get(&key) else {
            first.insert(key, (file, owner.span));
            continue;
        };
        diags.push(diags::duplicate_chapter(
            (file, owner.span),
            (earlier_file, earlier_span),
            owner.kind,
            &owner.code,
        ));
    }
}

fn every_member_has_a_chapter(
    config: &Config,
    facts: &[Facts],
    unread: &[Unread],
    diags: &mut Vec<Diagnostic>,
) {
    // Without a valid mirps.toml the member list is the default one, not the secretariat's.
    let (Some((file, tree)), true) = (&config.file, config.valid) else {
        return;
    };
    // A file that could not be read might be the chapter in question; its own error is enough.
    if facts.iter().any(|f| f.owner.is_none()) {
        return;
    }
    let with_chapter: HashSet<&str> = facts
        .iter()
        .filter_map(|f| f.owner.as_ref())
        .filter(|o| o.kind == Kind::National)
        .map(|o| o.code.as_str())
        .collect();
    let members = tree.pointer("/framework/members").map(|(n, _)| n);
    for (i, member) in config.members.iter().enumerate() {
        // A refused link named after the member is its chapter, unread.
        if with_chapter.contains(member.as_str())
            || unread.iter().any(|u| u.owners.contains(member))
        {
            continue;
        }
        let span = members
            .and_then(|m| m.as_seq().get(i))
            .map_or_else(|| tree.head_span(), |n| n.span);
        let path = format!(
            "{}/national/{}.yaml",
            config.paths.chapters.display(),
            member.to_lowercase()
        );
        diags.push(diags::missing_chapter((*file, span), member, &path));
    }
}

fn references_resolve(
    facts: &[Facts],
    unread: &[Unread],
    known_elsewhere: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SkippedReference> {
    let mut skipped = Vec::new();
    let declared: HashSet<&str> = facts
        .iter()
        .flat_map(|f| &f.declared)
        .map(|d| d.id.as_str())
        .chain(known_elsewhere.iter().map(String::as_str))
        .collect();
    let mut by_owner: HashMap<&str, Vec<&str>> = HashMap::new();
    for id in &declared {
        by_owner.entry(owner_code(id)).or_default().push(id);
    }
    for list in by_owner.values_mut() {
        list.sort_unstable();
    }
    for reference in facts.iter().flat_map(|f| &f.references) {
        if declared.contains(reference.target.as_str()) {
            continue;
        }
        let owner = owner_code(&reference.target);
        // An id its owner's unread file may hold: not checked, and said so once.
        if let Some(i) = unread
            .iter()
            .position(|u| u.owners.iter().any(|code| code.eq_ignore_ascii_case(owner)))
        {
            skipped.push(SkippedReference {
                unread: i,
                prefix: owner.to_string(),
                file: reference.file,
                span: reference.span,
            });
            continue;
        }
        let way = match reference.via {
            Via::Citation => ReferenceWay::Citation,
            Via::Complements => ReferenceWay::Complements,
            Via::Supports => ReferenceWay::Supports,
        };
        // Typos keep the owner code most of the time; look there first, then everywhere small.
        let same_owner = by_owner.get(owner_code(&reference.target));
        let candidate = same_owner
            .and_then(|ids| closest(&reference.target, ids.iter().copied()))
            .or_else(|| {
                (declared.len() <= 5_000)
                    .then(|| closest(&reference.target, declared.iter().copied()))
                    .flatten()
            });
        diags.push(diags::unknown_reference(
            (reference.file, reference.span),
            way,
            &reference.target,
            candidate,
        ));
    }
    skipped
}

fn owner_code(id: &str) -> &str {
    id.split_once('-').map_or(id, |(owner, _)| owner)
}

//! Rules across files: ids unique in the whole framework, one document per owner, every member
//! has a chapter, every referenced id exists.

use std::collections::{HashMap, HashSet};

use super::{Facts, Via};
use crate::config::Config;
use crate::diag::{Code, Diagnostic, closest};
use crate::model::Kind;

/// Run the cross-file rules. `known_elsewhere` holds ids defined outside the files read (from a
/// published framework given with `--against`).
pub fn check_framework(
    config: &Config,
    facts: &[Facts],
    known_elsewhere: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    unique_ids(facts, diags);
    one_document_per_owner(facts, diags);
    // Against a published framework, the members' chapters are in that framework.
    if known_elsewhere.is_empty() {
        every_member_has_a_chapter(config, facts, diags);
    }
    references_resolve(facts, known_elsewhere, diags);
}

fn unique_ids(facts: &[Facts], diags: &mut Vec<Diagnostic>) {
    let mut first = HashMap::new();
    for declared in facts.iter().flat_map(|f| &f.declared) {
        if let Some(earlier) = first.insert(declared.id.as_str(), declared) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the id `{}` is used twice", declared.id),
                )
                .at(declared.file, declared.span, "used again here")
                .also(earlier.file, earlier.span, "first used here")
                .help(
                    "every commitment, programme and pledge needs its own id; renumber one of them",
                ),
            );
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
        let what = match owner.kind {
            Kind::National => "national chapter",
            Kind::Regional => "regional plan",
            Kind::Cooperation => "cooperation document",
        };
        diags.push(
            Diagnostic::new(
                Code::DuplicateChapter,
                format!("`{}` has more than one {what}", owner.code),
            )
            .at(file, owner.span, "another one here")
            .also(earlier_file, earlier_span, "first one here")
            .help("keep one document per State or organization; merge the two"),
        );
    }
}

fn every_member_has_a_chapter(config: &Config, facts: &[Facts], diags: &mut Vec<Diagnostic>) {
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
        if with_chapter.contains(member.as_str()) {
            continue;
        }
        let span = members
            .and_then(|m| m.as_seq().get(i))
            .map_or_else(|| tree.head_span(), |n| n.span);
        diags.push(
            Diagnostic::new(
                Code::MissingChapter,
                format!("the member State `{member}` has no national chapter"),
            )
            .at(*file, span, "member without a chapter")
            .help(format!(
                "add `{}/national/{}.yaml` with `state: {member}`",
                config.paths.chapters.display(),
                member.to_lowercase()
            )),
        );
    }
}

fn references_resolve(
    facts: &[Facts],
    known_elsewhere: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
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
        let how = match reference.via {
            Via::Citation => "this text cites",
            Via::Complements => "this programme complements",
            Via::Supports => "this pledge supports",
        };
        let mut d = Diagnostic::new(
            Code::UnknownReference,
            format!(
                "{how} `{}`, which is not defined in the framework",
                reference.target
            ),
        )
        .at(reference.file, reference.span, "unknown id");
        // Typos keep the owner code most of the time; look there first, then everywhere small.
        let same_owner = by_owner.get(owner_code(&reference.target));
        let candidate = same_owner
            .and_then(|ids| closest(&reference.target, ids.iter().copied()))
            .or_else(|| {
                (declared.len() <= 5_000)
                    .then(|| closest(&reference.target, declared.iter().copied()))
                    .flatten()
            });
        d = match candidate {
            Some(candidate) => d.did_you_mean(candidate),
            None => d.help("check the id, or add the commitment, programme or pledge it names"),
        };
        diags.push(d);
    }
}

fn owner_code(id: &str) -> &str {
    id.split_once('-').map_or(id, |(owner, _)| owner)
}

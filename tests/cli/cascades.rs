//! No cascades: a file that cannot be read makes no errors in the files that refer to it, the
//! root cause comes first, and shape errors in one item do not stop the rules of the others.
//! Each test is named after what broke.

use super::support::{Framework, parse_short};

const GTM: &str = "chapters/national/gtm.yaml";
const CAN: &str = "chapters/cooperating/can.yaml";

fn shipped() -> Framework {
    Framework::shipped()
}

/// Rewrite `file` of `framework`: `from` (which must be there) becomes `to`, once.
fn edit(framework: &Framework, file: &str, from: &str, to: &str) {
    let path = framework.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The shipped framework with one tab in the indentation of gtm.yaml's `name`.
fn tab_in_gtm() -> Framework {
    let framework = shipped();
    edit(
        &framework,
        GTM,
        "\n  es: Guatemala\n",
        "\n\tes: Guatemala\n",
    );
    framework
}

#[test]
fn tab_in_gtm_gives_one_error_not_fifteen() {
    let framework = tab_in_gtm();
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
    let errors: Vec<_> = lines.iter().filter(|l| l.severity == "error").collect();
    assert_eq!(errors.len(), 1, "one error:\n{}", run.stdout);
    assert_eq!(
        (lines[0].path, lines[0].code, lines[0].line),
        (GTM, "yaml-syntax", 6),
        "the real error comes first:\n{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("unknown-reference"),
        "no cascade:\n{}",
        run.stdout
    );
    // One note says what was not checked and why, without `--notes`, right after the error.
    let notes: Vec<_> = lines
        .iter()
        .filter(|l| l.code == "skipped-references")
        .collect();
    assert_eq!(notes.len(), 1, "{}", run.stdout);
    assert_eq!(lines[1].code, "skipped-references", "{}", run.stdout);
    assert_eq!(notes[0].severity, "note");
    assert_eq!(
        notes[0].message,
        "14 references to `GTM-…` (in 7 files) were not checked: \
         `chapters/national/gtm.yaml` could not be read"
    );
    assert_eq!(lines.len(), 2, "nothing else:\n{}", run.stdout);
}

#[test]
fn tab_in_gtm_gives_one_error_not_fifteen_in_github_format() {
    let framework = tab_in_gtm();
    let run = framework.validate(&["--format", "github"]);
    run.assert_no_crash().assert_code(1);
    let annotations: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(
        annotations[0].starts_with(&format!("::error file={GTM},line=6,"))
            && annotations[0].contains("title=yaml-syntax"),
        "the real error is the first annotation:\n{}",
        run.stdout
    );
    let errors = annotations
        .iter()
        .filter(|l| l.starts_with("::error"))
        .count();
    assert_eq!(errors, 1, "{}", run.stdout);
    assert!(!run.stdout.contains("unknown-reference"), "{}", run.stdout);
    assert!(
        annotations[1].starts_with("::notice")
            && annotations[1].contains("title=skipped-references"),
        "{}",
        run.stdout
    );
}

#[test]
fn tab_in_gtm_note_speaks_spanish() {
    let framework = tab_in_gtm();
    let run = framework.validate(&["--format", "short", "--lang", "es"]);
    let note = run
        .stdout
        .lines()
        .map(parse_short)
        .find(|l| l.code == "skipped-references")
        .unwrap_or_else(|| panic!("no note:\n{}", run.stdout));
    assert_eq!(
        note.message,
        "no se comprobaron 14 referencias a `GTM-…` (en 7 archivos): \
         no se pudo leer `chapters/national/gtm.yaml`"
    );
}

#[test]
fn checking_can_while_gtm_is_broken_reports_no_error_in_can() {
    let framework = tab_in_gtm();
    let run = framework.validate(&["--format", "short", CAN]);
    run.assert_no_crash().assert_code(0);
    let lines: Vec<_> = run.stdout.lines().map(parse_short).collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(
        (lines[0].path, lines[0].code, lines[0].severity),
        (CAN, "skipped-references", "note")
    );
    assert_eq!(
        lines[0].message,
        "1 reference to `GTM-…` (in 1 file) was not checked: \
         `chapters/national/gtm.yaml` could not be read"
    );
}

#[test]
fn root_cause_comes_before_errors_of_files_sorted_earlier() {
    let framework = tab_in_gtm();
    // A real error in a file whose name sorts before gtm.yaml.
    edit(
        &framework,
        "chapters/cooperating/arg.yaml",
        "supports: [CRI-4.4, GTM-4.4, UNHCR-8]",
        "supports: [CRI-4.4, GTM-4.4, UNHCR-88]",
    );
    let run = framework.validate(&["--format", "short"]);
    let codes = run.short_codes();
    assert_eq!(
        codes,
        ["yaml-syntax", "skipped-references", "unknown-reference"],
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_kind_in_gtm_keeps_its_ids_for_other_files() {
    let framework = shipped();
    edit(&framework, GTM, "kind: national-chapter", "kind: national");
    let run = framework.validate(&["--format", "short"]);
    assert_eq!(run.short_codes(), ["unknown-kind"], "{}", run.stdout);
}

#[test]
fn invalid_utf8_in_gtm_makes_no_unknown_references() {
    let framework = shipped();
    let path = framework.path().join(GTM);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"# \xff\n");
    std::fs::write(&path, bytes).unwrap();
    let run = framework.validate(&["--format", "short"]);
    assert_eq!(
        run.short_codes(),
        ["invalid-utf8", "skipped-references"],
        "{}",
        run.stdout
    );
}

#[test]
fn gtm_as_a_link_to_nowhere_makes_no_unknown_references_nor_missing_chapter() {
    let framework = shipped();
    let path = framework.path().join(GTM);
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink("nowhere.yaml", &path).unwrap();
    let run = framework.validate(&["--format", "short"]);
    assert_eq!(
        run.short_codes(),
        ["not-a-file", "skipped-references"],
        "{}",
        run.stdout
    );
}

#[test]
fn shape_error_in_one_commitment_still_checks_the_others() {
    let framework = shipped();
    // GTM-1.1: a list where a pillar is expected (a schema error); GTM-1.2: a pillar written
    // as its title, GTM-1.3: a misspelt owner code (rule errors).
    edit(
        &framework,
        GTM,
        "  - id: GTM-1.1\n    pillar: reception-admission",
        "  - id: GTM-1.1\n    pillar: [1, 2]",
    );
    edit(
        &framework,
        GTM,
        "  - id: GTM-1.2\n    pillar: reception-admission",
        "  - id: GTM-1.2\n    pillar: recepcion-admision",
    );
    edit(&framework, GTM, "  - id: GTM-1.3\n", "  - id: GMT-1.3\n");
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let codes = run.short_codes();
    for code in ["wrong-type", "unknown-pillar", "id-prefix"] {
        assert!(
            codes.iter().any(|c| c == code),
            "no {code}:\n{}",
            run.stdout
        );
    }
    // GTM-1.1 still counts as declared: nothing refers to it in vain.
    assert!(!run.stdout.contains("`GTM-1.1`, which"), "{}", run.stdout);
}

#[test]
fn shape_error_in_one_pledge_still_checks_the_others_and_their_links() {
    let framework = shipped();
    // CAN-1: an unknown key (a schema error). CAN-2: a State that is not a member (a rule) and
    // a pledge among its targets (a link).
    edit(
        &framework,
        CAN,
        "  - id: CAN-1\n    type: technical\n",
        "  - id: CAN-1\n    type: technical\n    notas: sin montos\n",
    );
    edit(
        &framework,
        CAN,
        "    beneficiaries: [CRI, GTM, HND, SLV]\n    supports: [CRI-4.4, GTM-4.4, UNHCR-8]",
        "    beneficiaries: [CRI, GTM, HND, SLV, NIC]\n    supports: [CRI-4.4, GTM-4.4, UNHCR-8, CAN-3]",
    );
    let run = framework.validate(&["--format", "short"]);
    let codes = run.short_codes();
    for code in ["unknown-key", "not-a-member", "wrong-kind"] {
        assert!(
            codes.iter().any(|c| c == code),
            "no {code}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn adopted_chapter_whose_every_commitment_fails_is_not_called_empty() {
    let framework = Framework::minimal();
    let chapter = std::fs::read_dir(framework.path().join("chapters/national"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&chapter).unwrap();
    // Every commitment gets an unknown key.
    let broken = text.replace("\n    pillar:", "\n    pilar: x\n    pillar:");
    assert_ne!(broken, text, "the fixture has commitments with a `pillar`");
    std::fs::write(&chapter, broken).unwrap();
    let run = framework.validate(&["--format", "short"]);
    let codes = run.short_codes();
    assert!(codes.iter().all(|c| c == "unknown-key"), "{}", run.stdout);
}

//! `mirps validate FILE…`: only the named files' problems are reported, but ids are resolved
//! against the whole framework; outside any framework the embedded MIRPS defaults apply.

use super::support::{Framework, run_in};

/// `tests/fixtures/two-files`: `gtm.yaml` cites `[[OAS-1]]` (defined in `oas.yaml`) and has an
/// unknown population; `oas.yaml` complements `GTM-1.1` and covers a non-member State.
fn two_files() -> Framework {
    Framework::from("tests/fixtures/two-files")
}

#[test]
fn whole_framework_reports_both_files() {
    let run = two_files().validate(&["--format", "short"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["unknown-population", "not-a-member"]);
}

#[test]
fn named_file_reports_only_its_own_problems_but_resolves_ids_elsewhere() {
    let run = two_files().validate(&["--format", "short", "chapters/national/gtm.yaml"]);
    run.assert_code(1);
    // Its own problem is reported; `oas.yaml`'s is not; `[[OAS-1]]` resolves (no
    // unknown-reference) because `oas.yaml` is still read.
    assert_eq!(
        run.stdout,
        "chapters/national/gtm.yaml:16:19: error[unknown-population]: `solicitantes` is not a \
         population of this framework; use one of `refugees`, `asylum-seekers`, `idps`, \
         `returnees`, `in-transit` or `host-communities`\n"
    );
}

#[test]
fn named_clean_file_passes_even_when_another_file_has_errors() {
    let framework = two_files();
    framework.write(
        "chapters/national/gtm.yaml",
        std::fs::read_to_string(framework.path().join("chapters/national/gtm.yaml"))
            .unwrap()
            .replace("[solicitantes, refugees]", "[asylum-seekers, refugees]"),
    );
    let run = framework.validate(&["--format", "short", "chapters/national/gtm.yaml"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");
    // The other file's problem is still there when the whole framework is checked.
    framework.validate(&[]).assert_code(1);
}

#[test]
fn named_folder_reports_the_files_under_it() {
    let run = two_files().validate(&["--format", "short", "chapters/regional"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["not-a-member"]);
}

#[test]
fn named_file_is_checked_against_the_whole_framework_for_duplicates() {
    // A duplicate id across two files is reported at the second one, with the first labelled.
    let framework = Framework::minimal();
    framework.write(
        "chapters/regional/oas.yaml",
        "kind: regional-plan\nschema_version: 1\norganization: OAS\n\
         name: Organización de los Estados Americanos\ntype: regional-organization\n\
         language: es\nupdated: 2019-10-01\nsummary: Seguimiento regional del MIRPS.\n\
         programmes:\n  - id: GTM-1.1\n    title: Fondo MIRPS\n    pillars: [durable-solutions]\n\
         \x20   states: [GTM]\n    status: in-progress\n",
    );
    let run = framework.validate(&["--format", "short", "chapters/regional/oas.yaml"]);
    run.assert_code(1);
    assert_eq!(run.short_codes(), ["duplicate-id", "id-prefix"]);
}

#[test]
fn lone_chapter_without_mirps_toml_uses_the_embedded_defaults() {
    let folder = Framework::from("tests/fixtures/lone-chapter");
    assert!(!folder.path().join("mirps.toml").exists());
    let run = folder.validate(&["gtm.yaml"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "ok: 1 file checked, no problems found\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn lone_chapter_is_checked_against_the_default_vocabularies_and_members() {
    let folder = Framework::from("tests/fixtures/lone-chapter");
    let text = std::fs::read_to_string(folder.path().join("gtm.yaml")).unwrap();
    // Nicaragua is not a MIRPS State; `legal-aid` is not a default working group; Spanish and
    // English are the default languages.
    let text = text
        .replace("state: GTM", "state: NIC")
        .replace("id: GTM-1.1", "id: NIC-1.1")
        .replace("[protection]", "[legal-aid]")
        .replace("name: { es: Guatemala, en: Guatemala }", "name: Nicaragua");
    folder.write("gtm.yaml", text);
    let run = folder.validate(&["--format", "short", "gtm.yaml"]);
    run.assert_code(1);
    assert_eq!(
        run.short_codes(),
        [
            "not-a-member",
            "missing-translation",
            "unknown-working-group"
        ]
    );
}

#[test]
fn lone_chapter_named_by_absolute_path_from_elsewhere() {
    let folder = Framework::from("tests/fixtures/lone-chapter");
    let file = folder.path().join("gtm.yaml");
    let elsewhere = Framework::empty();
    let run = run_in(
        elsewhere.path(),
        &["validate", "--format", "short", file.to_str().unwrap()],
    );
    run.assert_code(0);
    assert_eq!(run.stdout, "");
}

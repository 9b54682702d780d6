//! What CI systems read: `github` and `sarif` paths from the repository root (the framework may
//! be a subfolder), SARIF valid against the OASIS schema with fixes and fingerprints that follow
//! a problem, and GitHub's job summary, which lists what the annotation cap hides.

use std::path::Path;

use serde_json::Value;

use super::support::{
    Framework, Run, copy_dir, each_in_parallel, example_codes, examples_dir, repo, run_in_env,
};

/// `mirps ARGS…` from `cwd`, with `env` set (and no other CI variable).
fn run(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_in_env(cwd, args, env)
}

/// The `file=` of every annotation.
fn github_files(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| l.starts_with("::error") || l.starts_with("::warning"))
        .map(|l| {
            let file = l.split("file=").nth(1).expect("a file property");
            file.split(',').next().unwrap().to_string()
        })
        .collect()
}

/// A repository holding the `unknown-key` example in `sub` (`""` for the root), with a `.git`
/// folder at the top when `git` is set.
fn repository(sub: &str, git: bool) -> Framework {
    let repository = Framework::empty();
    copy_dir(
        &examples_dir().join("unknown-key"),
        &repository.path().join(sub),
    );
    if git {
        std::fs::create_dir(repository.path().join(".git")).unwrap();
    }
    repository
}

const GTM: &str = "chapters/national/gtm.yaml";

#[test]
fn github_paths_start_at_the_repository_root() {
    // The framework at the root of a git work tree.
    let root = repository("", true);
    let at_root = run(root.path(), &["validate", "--format", "github"], &[]);
    assert_eq!(github_files(&at_root), [GTM]);

    // In a subfolder: from the repository root with -C, and from inside the framework.
    let nested = repository("marco", true);
    let with_c = run(
        nested.path(),
        &["-C", "marco", "validate", "--format", "github"],
        &[],
    );
    assert_eq!(github_files(&with_c), [format!("marco/{GTM}")]);
    let sarif = sarif_of(&run(
        nested.path(),
        &["-C", "marco", "validate", "--format", "sarif"],
        &[],
    ));
    assert_eq!(
        results(&sarif)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("marco/{GTM}")
    );
    let inside = run(
        &nested.path().join("marco/chapters"),
        &["validate", "--format", "github"],
        &[],
    );
    assert_eq!(github_files(&inside), [format!("marco/{GTM}")]);

    // A `.git` file (a submodule or a linked work tree) marks a work tree too.
    let submodule = repository("marco", false);
    std::fs::write(submodule.path().join(".git"), "gitdir: ../.git/modules/x\n").unwrap();
    let in_submodule = run(
        submodule.path(),
        &["-C", "marco", "validate", "--format", "github"],
        &[],
    );
    assert_eq!(github_files(&in_submodule), [format!("marco/{GTM}")]);
}

#[test]
fn github_paths_follow_github_workspace() {
    // No git work tree: GITHUB_WORKSPACE says where the repository starts.
    let checkout = repository("docs/marco", false);
    let workspace = checkout.path().to_str().unwrap();
    let with_workspace = run(
        checkout.path(),
        &["-C", "docs/marco", "validate", "--format", "github"],
        &[("GITHUB_WORKSPACE", workspace)],
    );
    assert_eq!(github_files(&with_workspace), [format!("docs/marco/{GTM}")]);
    let sarif = sarif_of(&run(
        checkout.path(),
        &["-C", "docs/marco", "validate", "--format", "sarif"],
        &[("GITHUB_WORKSPACE", workspace)],
    ));
    assert_eq!(
        results(&sarif)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("docs/marco/{GTM}")
    );

    // Neither: paths from the framework root.
    let without = run(
        checkout.path(),
        &["-C", "docs/marco", "validate", "--format", "github"],
        &[],
    );
    assert_eq!(github_files(&without), [GTM]);

    // A workspace that does not hold the framework is not used: the work tree above it is.
    let elsewhere = Framework::empty();
    let nested = repository("marco", true);
    let run_elsewhere = run(
        nested.path(),
        &["-C", "marco", "validate", "--format", "github"],
        &[("GITHUB_WORKSPACE", elsewhere.path().to_str().unwrap())],
    );
    assert_eq!(github_files(&run_elsewhere), [format!("marco/{GTM}")]);
}

#[test]
fn short_and_human_keep_the_framework_paths() {
    let nested = repository("marco", true);
    let workspace = nested.path().to_str().unwrap();
    let env = [("GITHUB_WORKSPACE", workspace)];
    let short = run(
        nested.path(),
        &["-C", "marco", "validate", "--format", "short"],
        &env,
    );
    assert!(
        short
            .stdout
            .starts_with(&format!("{GTM}:19:5: error[unknown-key]")),
        "{}",
        short.stdout
    );
    let human = run(
        nested.path(),
        &["-C", "marco", "validate", "--color", "never"],
        &env,
    );
    assert!(
        human.stdout.contains(&format!("┌─ {GTM}:19:5")),
        "{}",
        human.stdout
    );
}

#[test]
fn a_clean_github_run_prints_one_notice() {
    let framework = Framework::minimal();
    let run = framework.validate(&["--format", "github"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "::notice title=mirps validate::ok: 1 file checked, no problems found\n"
    );
}

/// The SARIF schema, compiled once per test.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("tests/specs/sarif-schema-2.1.0.json"))
        .expect("tests/specs/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn sarif_of(run: &Run) -> Value {
    run.assert_no_crash();
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("--format sarif is not JSON ({e}):\n{}", run.stdout))
}

fn assert_valid_sarif(validator: &jsonschema::Validator, sarif: &Value, case: &str) {
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{case}: SARIF does not match the schema:\n{}",
        errors.join("\n")
    );
}

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"].as_array().expect("results")
}

#[test]
fn sarif_of_every_example_matches_the_oasis_schema_and_the_short_format() {
    let validator = sarif_validator();
    let mut cases: Vec<String> = example_codes()
        .into_iter()
        .map(|code| format!("examples/errors/{code}"))
        .collect();
    cases.extend(["tests/fixtures/minimal", "tests/fixtures/hostile"].map(String::from));
    each_in_parallel(&cases, |case| {
        let framework = Framework::from(case);
        let sarif = sarif_of(&framework.validate(&["--format", "sarif", "--notes"]));
        assert_valid_sarif(&validator, &sarif, case);
        let short = framework.validate(&["--format", "short", "--notes"]);
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let found: Vec<String> = results(&sarif)
            .iter()
            .map(|r| {
                // Each result names its rule by id and by index.
                let index = r["ruleIndex"].as_u64().unwrap() as usize;
                assert_eq!(rules[index]["id"], r["ruleId"], "{case}");
                r["ruleId"].as_str().unwrap().to_string()
            })
            .collect();
        assert_eq!(found, short.short_codes(), "{case}");
        assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    });
}

#[test]
fn sarif_has_one_rule_per_code_with_its_level_and_help_link() {
    let framework = Framework::example("id-pillar");
    let sarif = sarif_of(&framework.run(&["validate", "--format", "sarif"]));
    // Without an address for the documentation, the help names the code without a link.
    let rules = &sarif["runs"][0]["tool"]["driver"]["rules"];
    assert!(rules[0].get("helpUri").is_none());

    let docs = "https://example.org/mirps/blob/v1/docs/validate.md";
    let linked = run(
        framework.path(),
        &["validate", "--format", "sarif"],
        &[("MIRPS_DOCS_URL", docs)],
    );
    let sarif = sarif_of(&linked);
    assert_valid_sarif(&sarif_validator(), &sarif, "with MIRPS_DOCS_URL");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let documented = std::fs::read_to_string(repo().join("docs/validate.md")).unwrap();
    let codes: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "a rule twice");
    assert_eq!(codes.len(), mirps::diag::Code::ALL.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(rule["helpUri"], format!("{docs}#{id}"));
        // The link lands on the code's own entry.
        assert!(
            documented.contains(&format!("<a id=\"{id}\"></a>")),
            "docs/validate.md has no anchor for `{id}`"
        );
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .ends_with('.')
        );
    }
    let level = |id: &str| {
        rules.iter().find(|r| r["id"] == id).unwrap()["defaultConfiguration"]["level"].clone()
    };
    assert_eq!(level("unknown-key"), "error");
    assert_eq!(level("id-pillar"), "warning");
    assert_eq!(level("unsupported"), "note");
    let result = &results(&sarif)[0];
    assert_eq!(result["ruleId"], "id-pillar");
    assert_eq!(result["level"], "warning");
}

#[test]
fn sarif_places_and_related_places_use_code_points() {
    // A duplicate id: the second use is the result's place, the first a related place.
    let framework = Framework::example("duplicate-id");
    let sarif = sarif_of(&framework.validate(&["--format", "sarif"]));
    let result = &results(&sarif)[0];
    let place = &result["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], GTM);
    assert_eq!(place["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &place["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&19.into(), &9.into(), &19.into(), &16.into())
    );
    let related = result["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["id"], 0);
    assert!(related[0]["message"]["text"].as_str().is_some());

    // Columns count characters: an accented word before the problem moves it by its letters.
    let framework = Framework::example("unknown-key");
    let text = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    framework.write(GTM, text.replace("    priorty:", "    priorty: 1\n    él:"));
    let sarif = sarif_of(&framework.validate(&["--format", "sarif"]));
    let regions: Vec<(u64, u64, u64)> = results(&sarif)
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                region["startColumn"].as_u64().unwrap(),
                region["endColumn"].as_u64().unwrap(),
                region["byteLength"].as_u64().unwrap(),
            )
        })
        .collect();
    // `él` is two characters and three bytes.
    assert!(regions.contains(&(5, 7, 3)), "{regions:?}");
}

#[test]
fn sarif_uris_are_encoded_from_the_repository_root() {
    let checkout = Framework::empty();
    let folder = "Capítulos de la región";
    copy_dir(
        &examples_dir().join("unknown-key"),
        &checkout.path().join(folder),
    );
    std::fs::create_dir(checkout.path().join(".git")).unwrap();
    let sarif = sarif_of(&run(
        checkout.path(),
        &["-C", folder, "validate", "--format", "sarif"],
        &[],
    ));
    assert_valid_sarif(&sarif_validator(), &sarif, "accents and spaces");
    assert_eq!(
        results(&sarif)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("Cap%C3%ADtulos%20de%20la%20regi%C3%B3n/{GTM}")
    );
}

/// `(file, byte offset, byte length, text)` of every fix of a SARIF log.
fn fixes(sarif: &Value) -> Vec<(String, String, usize, usize, String)> {
    results(sarif)
        .iter()
        .flat_map(|r| {
            let rule = r["ruleId"].as_str().unwrap().to_string();
            r["fixes"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |fix| {
                    let change = &fix["artifactChanges"][0];
                    let replacement = &change["replacements"][0];
                    let region = &replacement["deletedRegion"];
                    (
                        rule.clone(),
                        change["artifactLocation"]["uri"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                        region["byteOffset"].as_u64().unwrap() as usize,
                        region["byteLength"].as_u64().unwrap() as usize,
                        replacement["insertedContent"]["text"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                    )
                })
        })
        .collect()
}

#[test]
fn each_sarif_fix_removes_its_problem() {
    let mut fixed = Vec::new();
    for code in example_codes() {
        let framework = Framework::example(&code);
        let sarif = sarif_of(&framework.validate(&["--format", "sarif"]));
        for (rule, file, offset, length, text) in fixes(&sarif) {
            let before = framework.validate(&["--format", "short"]).short_codes();
            let path = framework.path().join(&file);
            let original = std::fs::read(&path).unwrap();
            let mut changed = original[..offset].to_vec();
            changed.extend_from_slice(text.as_bytes());
            changed.extend_from_slice(&original[offset + length..]);
            std::fs::write(&path, &changed).unwrap();
            let after = framework.validate(&["--format", "short"]).short_codes();
            let count = |codes: &[String]| codes.iter().filter(|c| **c == rule).count();
            assert_eq!(
                count(&after),
                count(&before) - 1,
                "{code}: the fix `{text}` in {file} did not remove one `{rule}`: {after:?}"
            );
            std::fs::write(&path, &original).unwrap();
            fixed.push(rule);
        }
    }
    // The suggestions of the examples: a misspelt key, pillar, population, working group,
    // institution, kind, member State and reference.
    for rule in [
        "unknown-key",
        "unknown-pillar",
        "unknown-reference",
        "unknown-institution",
    ] {
        assert!(
            fixed.iter().any(|r| r == rule),
            "no fix for {rule}: {fixed:?}"
        );
    }
}

#[test]
fn sarif_fingerprints_follow_a_problem_when_lines_move() {
    let framework = Framework::example("unknown-key");
    let print = |sarif: &Value| {
        let result = &results(sarif)[0];
        (
            result["partialFingerprints"]["mirps/v1"].clone(),
            result["locations"][0]["physicalLocation"]["region"]["startLine"].clone(),
        )
    };
    let (before, line) = print(&sarif_of(&framework.validate(&["--format", "sarif"])));
    let text = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    framework.write(GTM, format!("# a comment\n# another\n{text}"));
    let (moved, moved_line) = print(&sarif_of(&framework.validate(&["--format", "sarif"])));
    assert_eq!(moved, before);
    assert_eq!(moved_line.as_u64(), line.as_u64().map(|l| l + 2));

    // Another problem, or the same key twice, has a fingerprint of its own.
    framework.write(
        GTM,
        text.replace("    priorty:", "    pillarr: x\n    priorty:"),
    );
    let sarif = sarif_of(&framework.validate(&["--format", "sarif"]));
    let prints: Vec<&Value> = results(&sarif)
        .iter()
        .map(|r| &r["partialFingerprints"]["mirps/v1"])
        .collect();
    assert_eq!(prints.len(), 2);
    assert_ne!(prints[0], prints[1]);
}

/// A copy of the `unknown-key` example with `n` unknown keys in its one commitment.
fn with_unknown_keys(n: usize) -> Framework {
    let framework = Framework::example("unknown-key");
    let text = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    let keys: String = (0..n).map(|i| format!("    extra_{i}: 1\n")).collect();
    framework.write(
        GTM,
        text.replace("    priorty:", &format!("{keys}    priorty:")),
    );
    framework
}

#[test]
fn the_job_summary_lists_every_problem_beyond_the_annotation_cap() {
    let framework = with_unknown_keys(24);
    let summary_file = framework.path().join("summary.md");
    std::fs::write(&summary_file, "# An earlier step\n").unwrap();
    let summary = summary_file.to_str().unwrap();
    let env = [
        ("GITHUB_STEP_SUMMARY", summary),
        ("MIRPS_DOCS_URL", "https://example.org/docs/validate.md"),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_REPOSITORY", "secretaria/capitulos"),
        ("GITHUB_SHA", "0123abc"),
        ("GITHUB_WORKSPACE", framework.path().to_str().unwrap()),
    ];
    let run = run(framework.path(), &["validate", "--format", "github"], &env);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 26, "{}", run.stdout);
    assert_eq!(
        lines[25],
        "::notice title=mirps validate::failed: 1 file checked, 25 errors and 0 warnings; \
         GitHub shows at most 10 errors, 10 warnings and 10 notices per step as annotations, \
         so 15 of these are not shown there: every problem is listed above and in the job summary"
    );

    let written = std::fs::read_to_string(&summary_file).unwrap();
    // Appended after what earlier steps wrote.
    assert!(
        written
            .starts_with("# An earlier step\n### mirps validate failed: 25 errors, 0 warnings\n")
    );
    assert!(written.contains("\n1 file checked.\n"));
    let rows: Vec<&str> = written
        .lines()
        .filter(|l| l.starts_with("| error |"))
        .collect();
    assert_eq!(rows.len(), 25);
    assert!(
        rows[0].starts_with(
            "| error | [`unknown-key`](https://example.org/docs/validate.md#unknown-key) | \
             [chapters/national/gtm.yaml:19:5](https://github.com/secretaria/capitulos/blob/0123abc/chapters/national/gtm.yaml#L19) | "
        ),
        "{}",
        rows[0]
    );
    assert!(
        rows[24].contains("did you mean `priority`?"),
        "{}",
        rows[24]
    );
}

#[test]
fn the_job_summary_escapes_what_content_puts_in_it() {
    let framework = Framework::example("unknown-key");
    let text = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    framework.write(
        GTM,
        text.replace(
            "    priorty:",
            "    \"a|b<script>alert(1)</script>](x)\": 1\n    priorty:",
        ),
    );
    let summary_file = framework.path().join("summary.md");
    let run = run(
        framework.path(),
        &["validate", "--format", "short"],
        &[("GITHUB_STEP_SUMMARY", summary_file.to_str().unwrap())],
    );
    run.assert_code(1);
    let written = std::fs::read_to_string(&summary_file).unwrap();
    // Read as GitHub reads it: a table of two problems, four cells each, and no element that
    // content made.
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&written, options),
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("href=\"x\""), "{html}");
    assert_eq!(html.matches("<tr>").count(), 3, "{html}");
    assert_eq!(html.matches("<td>").count(), 8, "{html}");
    assert!(
        html.contains("<code>a|b&lt;script&gt;alert(1)&lt;/script&gt;](x)</code>"),
        "{html}"
    );
}

#[test]
fn a_clean_run_writes_a_short_summary_and_an_empty_variable_writes_none() {
    let framework = Framework::minimal();
    let summary_file = framework.path().join("summary.md");
    let summary = summary_file.to_str().unwrap();
    run(
        framework.path(),
        &["validate", "--format", "sarif"],
        &[("GITHUB_STEP_SUMMARY", "")],
    )
    .assert_code(0);
    assert!(!summary_file.exists());
    run(
        framework.path(),
        &["validate"],
        &[("GITHUB_STEP_SUMMARY", summary)],
    )
    .assert_code(0);
    assert_eq!(
        std::fs::read_to_string(&summary_file).unwrap(),
        "### mirps validate passed: no problems found\n\n1 file checked.\n"
    );
}

#[test]
fn a_job_summary_variable_naming_a_chapter_never_writes_into_it() {
    let framework = Framework::example("unknown-key");
    let chapter = framework.path().join(GTM);
    let before = std::fs::read(&chapter).unwrap();
    let run = run(
        framework.path(),
        &["validate", "--format", "short"],
        &[("GITHUB_STEP_SUMMARY", chapter.to_str().unwrap())],
    );
    run.assert_code(2);
    assert!(run.stderr.contains("refusing to write"), "{}", run.stderr);
    assert_eq!(std::fs::read(&chapter).unwrap(), before);
}

#[test]
fn an_unwritable_job_summary_is_an_error_of_the_run() {
    let framework = Framework::minimal();
    let summary = framework.path().join("mirps.toml/summary.md");
    let run = run(
        framework.path(),
        &["validate"],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    run.assert_code(2);
    assert!(run.stderr.contains("job summary"), "{}", run.stderr);
    // What the run found is printed all the same.
    assert!(
        run.stdout.starts_with("ok: 1 file checked"),
        "{}",
        run.stdout
    );
}

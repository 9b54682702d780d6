//! `mirps export`: the published `mirps.json` matches `schemas/mirps.schema.json` exactly, the
//! output is deterministic and written atomically, the CSV has one row per commitment, and an
//! organization's repository can validate against a published file (`validate --against`).

use std::path::Path;

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use super::support::{Framework, Run, repo, run_in};

const BASE: &str = "file:///mirps/schemas/";

/// The schema files `mirps.schema.json` refers to.
const OTHERS: &[&str] = &[
    "common.schema.json",
    "config.schema.json",
    "national-chapter.schema.json",
    "regional-plan.schema.json",
    "cooperation.schema.json",
];

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// `schemas/mirps.schema.json` compiled like `Schemas::load` compiles the document schemas.
fn validator() -> Validator {
    let schemas = repo().join("schemas");
    let mut registry = Registry::new();
    for name in OTHERS {
        registry = registry
            .add(format!("{BASE}{name}"), read_json(&schemas.join(name)))
            .unwrap_or_else(|e| panic!("{name} cannot be registered: {e}"));
    }
    let registry = registry.prepare().expect("the schemas refer to each other");
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_base_uri(format!("{BASE}mirps.schema.json"))
        .with_registry(&registry)
        .build(&read_json(&schemas.join("mirps.schema.json")))
        .expect("mirps.schema.json compiles")
}

/// Every schema error, as `instance path: message`.
fn errors(validator: &Validator, json: &Value) -> Vec<String> {
    validator
        .iter_errors(json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// `mirps -C <dir> ARGS…`, run from `dir`.
fn mirps(dir: &Path, args: &[&str]) -> Run {
    let root = dir.to_str().expect("UTF-8 path");
    let mut all = vec!["-C", root];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

/// `mirps -C <dir> export --format json`, checked to succeed.
fn export_json(dir: &Path) -> String {
    let run = mirps(dir, &["export", "--format", "json"]);
    run.assert_no_crash().assert_code(0);
    assert!(
        run.stderr.is_empty(),
        "export wrote to stderr:\n{}",
        run.stderr
    );
    run.stdout
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("export writes JSON")
}

#[track_caller]
fn assert_valid(validator: &Validator, json: &Value) {
    let found = errors(validator, json);
    assert!(
        found.is_empty(),
        "the export does not match schemas/mirps.schema.json:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_shipped_export_matches_the_schema() {
    let json = parse(&export_json(repo()));
    assert_valid(&validator(), &json);
    // The shipped framework exercises the parts of the layout a schema bug could hide in.
    assert!(!json["chapters"].as_array().unwrap().is_empty());
    assert!(!json["plans"].as_array().unwrap().is_empty());
    assert!(!json["cooperation"].as_array().unwrap().is_empty());
    assert!(
        !json["funding"]["unallocated_shared"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(json["framework"].get("rates_date").is_some());
}

#[test]
fn the_money_fixture_export_matches_the_schema() {
    let framework = Framework::from("tests/fixtures/money");
    let json = parse(&export_json(framework.path()));
    assert_valid(&validator(), &json);
    // Allocations, a commitment with no progress (status null) and a plain-text title.
    assert_eq!(json["supported_by"]["GTM-1.1"][0]["allocated"], 250.0);
    assert!(json["funding"]["commitments"][0]["status"].is_null());
    assert!(json["framework"]["title"].is_string());
    assert!(json["framework"].get("rates_date").is_none());
}

#[test]
fn the_schema_rejects_a_mutated_export() {
    let framework = Framework::from("tests/fixtures/money");
    let json = parse(&export_json(framework.path()));
    let validator = validator();
    assert_valid(&validator, &json);

    let rejected = |what: &str, at: &str, mutate: &dyn Fn(&mut Value)| {
        let mut copy = json.clone();
        mutate(&mut copy);
        let found = errors(&validator, &copy);
        assert!(
            found.iter().any(|e| e.starts_with(&format!("{at}: "))),
            "{what}: expected an error at {at}, got {found:?}"
        );
    };
    rejected(
        "a commitment's amount as a string",
        "/funding/commitments/0/required",
        &|j| j["funding"]["commitments"][0]["required"] = Value::from("1000"),
    );
    rejected(
        "a budget amount in a chapter as a string",
        "/chapters/0/commitments/0/budget/required",
        &|j| j["chapters"][0]["commitments"][0]["budget"]["required"] = Value::from("1000"),
    );
    rejected("a negative gap", "/funding/total/gap", &|j| {
        j["funding"]["total"]["gap"] = Value::from(-1)
    });
    rejected("an unknown top-level key", "", &|j| {
        j["extra"] = Value::from(1);
    });
    rejected("a missing roll-up", "/funding", &|j| {
        j["funding"].as_object_mut().unwrap().remove("by_state");
    });
    rejected(
        "a programme link with an allocation",
        "/supported_by/GTM-1.1/2",
        &|j| j["supported_by"]["GTM-1.1"][2]["allocated"] = Value::from(1),
    );
    rejected(
        "an unknown kind of link",
        "/supported_by/GTM-1.1/0/kind",
        &|j| j["supported_by"]["GTM-1.1"][0]["kind"] = Value::from("commitment"),
    );
    rejected("another layout version", "/mirps_json_version", &|j| {
        j["mirps_json_version"] = Value::from(2)
    });
}

/// The schema speaks to data users: no `$id` (it is found by relative path), and every property
/// it declares has a title and a description (hover docs in an editor, tooltips in a viewer).
#[test]
fn the_schema_describes_every_property() {
    fn walk(node: &Value, at: &str, missing: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    for (name, prop) in props {
                        for key in ["title", "description"] {
                            if !prop.get(key).is_some_and(|v| v.is_string()) {
                                missing.push(format!("{at}/properties/{name}: no {key}"));
                            }
                        }
                    }
                }
                // An `if` only tests values; it declares nothing.
                for (key, value) in map.iter().filter(|(k, _)| *k != "if") {
                    walk(value, &format!("{at}/{key}"), missing);
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    walk(value, &format!("{at}/{i}"), missing);
                }
            }
            _ => {}
        }
    }
    let schema = read_json(&repo().join("schemas/mirps.schema.json"));
    assert!(schema.get("$id").is_none(), "mirps.schema.json has an $id");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut missing = Vec::new();
    walk(&schema, "", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn two_exports_of_the_same_input_are_identical() {
    for dir in [repo().to_path_buf(), repo().join("tests/fixtures/money")] {
        let first = export_json(&dir);
        let second = export_json(&dir);
        assert!(first == second, "two exports of {} differ", dir.display());
        assert!(first.ends_with("}\n"));
        let csv = |d: &Path| {
            let run = mirps(d, &["export", "--format", "csv"]);
            run.assert_code(0);
            run.stdout
        };
        assert!(
            csv(&dir) == csv(&dir),
            "two CSV exports of {} differ",
            dir.display()
        );
    }
}

#[test]
fn export_out_writes_the_same_bytes_as_stdout_and_no_temporary_file() {
    let framework = Framework::from("tests/fixtures/money");
    let out = Framework::empty();
    for (format, name) in [("json", "mirps.json"), ("csv", "commitments.csv")] {
        let stdout = mirps(framework.path(), &["export", "--format", format]);
        stdout.assert_code(0);
        let target = out.path().join(name);
        let target_arg = target.to_str().unwrap();
        let run = mirps(
            framework.path(),
            &["export", "--format", format, "--out", target_arg],
        );
        run.assert_no_crash().assert_code(0);
        assert_eq!(run.stdout, "", "with --out, nothing goes to stdout");
        let written = std::fs::read(&target).expect("--out wrote the file");
        assert!(
            written == stdout.stdout.as_bytes(),
            "--out {name} differs from stdout"
        );
        // Again over the existing file: replaced, not appended to.
        mirps(
            framework.path(),
            &["export", "--format", format, "--out", target_arg],
        )
        .assert_code(0);
        assert!(std::fs::read(&target).unwrap() == stdout.stdout.as_bytes());
    }
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["commitments.csv", "mirps.json"],
        "a temporary file was left beside the output"
    );
    // The framework itself is untouched by an export to stdout.
    let before = framework.fingerprint();
    mirps(framework.path(), &["export"]).assert_code(0);
    assert_eq!(framework.fingerprint(), before);
}

#[test]
fn the_csv_export_has_one_row_per_commitment() {
    for dir in [repo().to_path_buf(), repo().join("tests/fixtures/money")] {
        let json = parse(&export_json(&dir));
        let ids: Vec<&str> = json["funding"]["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        let declared: usize = json["chapters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|ch| ch["commitments"].as_array().unwrap().len())
            .sum();
        assert_eq!(ids.len(), declared);

        let run = mirps(&dir, &["export", "--format", "csv"]);
        run.assert_no_crash().assert_code(0);
        let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
        let header = reader.headers().expect("a header row").clone();
        assert_eq!(&header[0], "id");
        assert!(header.iter().any(|h| h == "gap"));
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let csv_ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        assert_eq!(
            csv_ids,
            ids,
            "{}: one CSV row per commitment",
            dir.display()
        );
        // Header plus one line per commitment (no field of these frameworks spans lines).
        assert_eq!(run.stdout.lines().count(), ids.len() + 1);
    }
}

/// An organization's repository: only a cooperation document, referring to a commitment and a
/// programme that live in the published framework.
fn organization_repo(supports: &str) -> Framework {
    let repo = Framework::empty();
    repo.write(
        "mirps.toml",
        r#"[framework]
title = { es = "Marco Integral Regional para la Protección y Soluciones", en = "Comprehensive Regional Protection and Solutions Framework" }
short_title = "MIRPS"
edition = "test"
cutoff = 2025-11-30
languages = ["es", "en"]
members = ["GTM", "HND"]
"#,
    );
    repo.write(
        "chapters/cooperating/can.yaml",
        format!(
            "kind: cooperation
schema_version: 1
contributor: CAN
name: {{ es: Canadá, en: Canada }}
language: en
south_south: false
updated: 2025-10-01
pledges:
  - id: CAN-1
    type: technical
    title: {{ es: Apoyo técnico al registro, en: Technical support to registration }}
    beneficiaries: [GTM, HND]
    supports: {supports}
    status: in-progress
"
        ),
    );
    repo
}

/// The money fixture, exported to `mirps.json` in a folder of its own.
fn published() -> (Framework, std::path::PathBuf) {
    let money = Framework::from("tests/fixtures/money");
    let out = money.path().join("published-mirps.json");
    mirps(money.path(), &["export", "--out", out.to_str().unwrap()]).assert_code(0);
    (money, out)
}

#[test]
fn validate_against_a_published_file_resolves_references() {
    let (_money, published) = published();
    let org = organization_repo("[GTM-1.1, OAS-1]");

    let alone = org.validate(&["--format", "short"]);
    alone.assert_no_crash().assert_code(1);
    let codes = alone.short_codes();
    assert_eq!(
        codes.iter().filter(|c| *c == "unknown-reference").count(),
        2,
        "{}",
        alone.stdout
    );

    let against = org.validate(&[
        "--format",
        "short",
        "--against",
        published.to_str().unwrap(),
    ]);
    against.assert_no_crash().assert_code(0);
    assert!(
        !against.stdout.contains("error["),
        "errors with --against:\n{}",
        against.stdout
    );
    assert!(
        !against
            .short_codes()
            .contains(&"unknown-reference".to_string())
    );
}

#[test]
fn a_pledge_supporting_a_published_pledge_is_the_wrong_kind() {
    let (_money, published) = published();
    let org = organization_repo("[ESP-1]");
    let run = org.validate(&[
        "--format",
        "short",
        "--against",
        published.to_str().unwrap(),
    ]);
    run.assert_no_crash().assert_code(1);
    let wrong: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("error[wrong-kind]"))
        .collect();
    assert_eq!(wrong.len(), 1, "{}", run.stdout);
    assert!(wrong[0].starts_with("chapters/cooperating/can.yaml:"));
    assert!(
        wrong[0].contains("`ESP-1`, which is a pledge"),
        "{}",
        wrong[0]
    );
    assert!(!run.short_codes().contains(&"unknown-reference".to_string()));
}

#[test]
fn against_a_file_that_is_not_a_mirps_json_fails_with_a_clear_message() {
    let org = organization_repo("[GTM-1.1]");
    let other = org.path().join("other.json");
    std::fs::write(&other, "{\"name\": \"not a framework\"}\n").unwrap();
    let not_json = org.path().join("mirps.toml");
    let missing = org.path().join("missing.json");
    for (file, says) in [
        (&other, "is not a mirps.json"),
        (&not_json, "is not JSON"),
        (&missing, "cannot read"),
    ] {
        let run = org.validate(&["--against", file.to_str().unwrap()]);
        run.assert_no_crash().assert_code(2);
        assert!(
            run.stderr.contains(says) && run.stderr.contains(&*file.to_string_lossy()),
            "--against {}: {}",
            file.display(),
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
}

//! Bad input never crashes and stays bounded: every malformed file ends in a diagnostic with
//! the expected code and exit 1, and the rest of the framework is still checked.
//!
//! Each case adds `chapters/regional/bad.yaml` to the clean `tests/fixtures/minimal`.

use serde_json::Value;

use super::support::{Framework, Run};

const BAD: &str = "chapters/regional/bad.yaml";

/// Validate the minimal framework plus `bad.yaml` holding `contents`; expect `code` first.
#[track_caller]
fn rejects(contents: impl AsRef<[u8]>, code: &str) -> Run {
    let framework = Framework::minimal();
    framework.write(BAD, contents);
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    let codes = run.short_codes();
    assert!(
        codes.iter().any(|c| c == code),
        "expected [{code}], got:\n{}",
        run.stdout
    );
    for line in run.stdout.lines() {
        assert!(line.starts_with(BAD), "only bad.yaml has problems: {line}");
    }
    run
}

/// Ten levels of ten aliases each: 10^10 values if expanded, a few hundred bytes on disk.
fn alias_bomb() -> String {
    let mut text =
        String::from("kind: regional-plan\na0: &a0 [ja, ja, ja, ja, ja, ja, ja, ja, ja, ja]\n");
    for i in 1..10 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    text
}

/// Deterministic pseudo-random bytes (no rand crate needed).
fn junk(len: usize, printable: bool) -> Vec<u8> {
    let mut state: u64 = 0x2017_1026; // San Pedro Sula, 26 October 2017
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let byte = (state >> 33) as u8;
            if !printable {
                byte
            } else if byte.is_multiple_of(50) {
                b'\n'
            } else {
                b' ' + byte % 95
            }
        })
        .collect()
}

#[test]
fn invalid_utf8() {
    let run = rejects(
        b"kind: regional-plan\nname: Organizaci\xf3n\n",
        "invalid-utf8",
    );
    assert!(
        run.stdout
            .starts_with(&format!("{BAD}:2:17: error[invalid-utf8]"))
    );
}

#[test]
fn empty_file() {
    rejects("", "empty-document");
}

#[test]
fn only_comments() {
    rejects("# pendiente\n", "empty-document");
}

#[test]
fn document_of_another_kind() {
    let run = rejects("kind: something\n", "unknown-kind");
    assert_eq!(run.short_codes(), ["unknown-kind"]);
}

#[test]
fn document_without_kind() {
    rejects("state: GTM\nname: Guatemala\n", "unknown-kind");
}

#[test]
fn top_level_list() {
    rejects("- kind: national-chapter\n- state: GTM\n", "wrong-type");
}

#[test]
fn top_level_scalar() {
    rejects("Guatemala\n", "wrong-type");
}

#[test]
fn alias_bomb_is_stopped() {
    let bomb = alias_bomb();
    assert!(bomb.len() < 1_000, "small on disk");
    rejects(bomb, "too-complex");
}

#[test]
fn nesting_10_000_deep_in_flow_sequences() {
    rejects(
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        "too-complex",
    );
}

#[test]
fn nesting_10_000_deep_in_flow_mappings() {
    rejects(
        format!("{}x{}", "{a: ".repeat(10_000), "}".repeat(10_000)),
        "too-complex",
    );
}

#[test]
fn nesting_200_deep_in_indented_mappings() {
    let text: String = (0..200)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    rejects(text + &" ".repeat(200) + "x\n", "too-complex");
}

#[test]
fn nesting_2_000_deep_in_indented_mappings() {
    // 10,000 levels of one-space indentation would be 50 MB; 2,000 levels (2 MB) already crash.
    let text: String = (0..2_000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    rejects(text + &" ".repeat(2_000) + "x\n", "too-complex");
}

#[test]
fn nesting_10_000_deep_in_block_sequences() {
    rejects(format!("{}x\n", "- ".repeat(10_000)), "too-complex");
}

#[test]
fn five_megabytes_of_random_bytes() {
    rejects(junk(5_000_000, false), "invalid-utf8");
}

#[test]
fn five_megabytes_of_printable_junk() {
    let framework = Framework::minimal();
    framework.write(BAD, junk(5_000_000, true));
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    assert!(!run.short_codes().is_empty());
    assert!(
        run.stdout.lines().all(|l| l.starts_with(BAD)),
        "{}",
        run.stdout
    );
}

/// A NUL is a control character, named as such (its help once spoke of tabs).
#[test]
fn nul_byte() {
    rejects("kind: regional-plan\0\n", "control-character");
}

#[test]
fn value_that_does_not_match_its_tag() {
    rejects("kind: !!int regional-plan\n", "yaml-syntax");
}

#[test]
fn duplicate_key_is_reported_at_the_second_key_with_the_first_labelled() {
    let framework = Framework::example("duplicate-key");
    let run = framework.validate(&["--format", "json"]);
    run.assert_no_crash().assert_code(1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "duplicate-key");
    assert!(d["message"].as_str().unwrap().contains("`title`"));
    let labels = d["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2, "both occurrences are labelled");
    assert_eq!(labels[0]["primary"], true);
    assert_eq!(
        (&labels[0]["line"], &labels[0]["column"]),
        (&16.into(), &5.into())
    );
    assert_eq!(labels[0]["message"], "second occurrence");
    assert_eq!(labels[1]["primary"], false);
    assert_eq!(
        (&labels[1]["line"], &labels[1]["column"]),
        (&15.into(), &5.into())
    );
    assert_eq!(labels[1]["message"], "first occurrence");
}

#[test]
fn duplicate_keys_at_the_top_of_a_document() {
    rejects("kind: regional-plan\nkind: cooperation\n", "duplicate-key");
}

#[test]
fn invalid_utf8_in_mirps_toml() {
    let framework = Framework::minimal();
    let mut toml = std::fs::read(framework.path().join("mirps.toml")).unwrap();
    // Re-encode the "ó" of "Protección" as Latin-1, as an editor set to Windows-1252 would.
    let at = toml.windows(2).position(|w| w == "ó".as_bytes()).unwrap();
    toml.splice(at..at + 2, [0xf3]);
    framework.write("mirps.toml", toml);
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    assert!(
        run.short_codes().contains(&"invalid-utf8".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn mirps_toml_of_the_wrong_shape() {
    let framework = Framework::minimal();
    framework.write("mirps.toml", "framework = \"MIRPS\"\n");
    let run = framework.validate(&["--format", "short"]);
    run.assert_no_crash().assert_code(1);
    assert!(
        run.stdout
            .contains("mirps.toml:1:13: error[wrong-type]: `framework` must be"),
        "{}",
        run.stdout
    );
}

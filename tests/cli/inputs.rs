//! `validate` never modifies its inputs and writes nothing: every file of a fixture hashes the
//! same before and after, in every format, and no file appears.

use super::support::{Framework, each_in_parallel, example_codes};

#[test]
fn validate_leaves_every_file_untouched() {
    let mut fixtures: Vec<Framework> = example_codes()
        .iter()
        .map(|code| Framework::example(code))
        .collect();
    fixtures.push(Framework::minimal());
    fixtures.push(Framework::from("tests/fixtures/two-files"));
    each_in_parallel(&fixtures, |framework| {
        let before = framework.fingerprint();
        assert!(!before.is_empty());
        for format in ["human", "short", "json", "github"] {
            framework.validate(&["--format", format]).assert_no_crash();
        }
        framework.validate(&["chapters"]).assert_no_crash();
        assert_eq!(
            framework.fingerprint(),
            before,
            "validate changed or added files in {}",
            framework.path().display()
        );
    });
}

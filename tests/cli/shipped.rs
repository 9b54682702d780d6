//! The MIRPS shipped at the repository root is the reference framework: it must validate clean.

use super::support::{repo, run_in};

fn chapter_count() -> usize {
    let mut count = 0;
    let mut pending = vec![repo().join("chapters")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn shipped_framework_validates_clean() {
    let root = repo().to_str().unwrap();
    let run = run_in(repo(), &["-C", root, "validate", "--color", "never"]);
    run.assert_code(0);
    let files = chapter_count();
    assert!(files >= 7, "one chapter per MIRPS State at least");
    assert_eq!(
        run.stdout,
        format!("ok: {files} files checked, no problems found\n")
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn shipped_framework_has_no_warnings_even_when_denied() {
    let root = repo().to_str().unwrap();
    let run = run_in(
        repo(),
        &[
            "-C", root, "validate", "--format", "short", "--deny", "warnings",
        ],
    );
    run.assert_code(0);
    assert_eq!(run.stdout, "");
}

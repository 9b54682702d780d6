//! `mirps completions SHELL` and `mirps man --out DIR`: the scripts each shell loads, completion
//! run in a real bash, and the manual pages as roff and as `man` renders them.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use super::support::{Framework, Run, installed, run_in, run_program};

/// The subcommands every script and `mirps.1` must offer.
const SUBCOMMANDS: [&str; 9] = [
    "validate",
    "build",
    "report",
    "export",
    "init",
    "new",
    "completions",
    "man",
    "sheet",
];

/// The subcommands of `mirps sheet`, each with its own manual page (`mirps-sheet-export.1`).
const SHEET_SUBCOMMANDS: [&str; 3] = ["export", "template", "import"];

/// `mirps completions SHELL`, run outside any framework (it needs none).
fn completions(shell: &str) -> Run {
    let dir = Framework::empty();
    let run = run_in(dir.path(), &["completions", shell]);
    run.assert_code(0);
    assert!(
        run.stderr.is_empty(),
        "{shell}: stderr is not empty:\n{}",
        run.stderr
    );
    run
}

/// A shell's script: what only that shell's script says, and how it names a subcommand.
struct Dialect {
    shell: &'static str,
    marker: &'static str,
    names: fn(&str) -> String,
}

#[test]
fn every_shell_gets_a_script_in_its_own_dialect_naming_every_subcommand() {
    let shells = [
        Dialect {
            shell: "bash",
            marker: "complete -F _mirps",
            names: |name| format!("mirps,{name})"),
        },
        Dialect {
            shell: "zsh",
            marker: "#compdef mirps",
            names: |name| format!("'{name}:"),
        },
        Dialect {
            shell: "fish",
            marker: "complete -c mirps",
            names: |name| format!("-a \"{name}\""),
        },
        Dialect {
            shell: "powershell",
            marker: "Register-ArgumentCompleter -Native -CommandName 'mirps'",
            names: |name| format!("'mirps;{name}'"),
        },
        Dialect {
            shell: "elvish",
            marker: "edit:completion:arg-completer[mirps]",
            names: |name| format!("&'mirps;{name}'="),
        },
    ];
    for Dialect {
        shell,
        marker,
        names,
    } in &shells
    {
        let script = completions(shell).stdout;
        assert!(!script.trim().is_empty(), "{shell}: empty script");
        assert!(
            script.contains(*marker),
            "{shell}: the script lacks `{marker}`:\n{script}"
        );
        // No other dialect's marker: each shell gets its own script.
        for other in shells.iter().filter(|other| other.shell != *shell) {
            assert!(
                !script.contains(other.marker),
                "{shell}: the script has {}'s `{}`",
                other.shell,
                other.marker
            );
        }
        for name in SUBCOMMANDS {
            let named = names(name);
            assert!(
                script.contains(&named),
                "{shell}: the script does not name `{name}` (no `{named}`):\n{script}"
            );
        }
    }
    assert!(completions("zsh").stdout.starts_with("#compdef mirps\n"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let dir = Framework::empty();
    let run = run_in(dir.path(), &["completions", "tcsh"]);
    run.assert_code(2).assert_no_crash();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("invalid value 'tcsh'")
            && run
                .stderr
                .contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "the usage error does not list the shells:\n{}",
        run.stderr
    );
    // No shell at all: a usage error too, not an empty script.
    let run = run_in(dir.path(), &["completions"]);
    run.assert_code(2).assert_no_crash();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("<SHELL>"), "{}", run.stderr);
}

/// What bash's completion of `words` (the last one being completed) offers, after loading
/// mirps's bash script in a fresh `bash`; `None` (with a message) when bash is not installed.
fn complete_in_bash(words: &[&str]) -> Option<Vec<String>> {
    if !installed("bash") {
        eprintln!("skipped: bash is not installed");
        return None;
    }
    let dir = Framework::empty();
    let script = completions("bash").stdout;
    // The function the script registers for `mirps`, called the way bash calls it.
    let function = script
        .lines()
        .find_map(|line| line.trim().strip_prefix("complete -F "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the bash script registers a function with `complete -F`")
        .to_string();
    dir.write("mirps.bash", &script);
    let program = r#"
        script=$1 function=$2
        shift 2
        source "$script" || exit 3
        # The script registered its function for `mirps` in this very bash.
        registered=$(complete -p mirps) || exit 4
        case "$registered" in *"-F $function "*) ;; *) echo "registered: $registered" >&2; exit 5;; esac
        COMP_WORDS=("$@")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        "$function" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        for reply in "${COMPREPLY[@]}"; do printf '%s\n' "$reply"; done
    "#;
    let mut bash = Command::new("bash");
    bash.args(["--noprofile", "--norc", "-c", program, "bash"])
        .arg(dir.path().join("mirps.bash"))
        .arg(&function)
        .args(words)
        .current_dir(dir.path())
        .env_remove("BASH_ENV")
        .env_remove("ENV");
    let run = run_program(bash);
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "bash printed:\n{}", run.stderr);
    Some(run.stdout.lines().map(str::to_string).collect())
}

#[test]
fn bash_completes_a_subcommand() {
    if let Some(replies) = complete_in_bash(&["mirps", "val"]) {
        assert_eq!(replies, ["validate"]);
    }
    if let Some(replies) = complete_in_bash(&["mirps", "e"]) {
        assert_eq!(replies, ["export"]);
    }
    if let Some(replies) = complete_in_bash(&["mirps", "c"]) {
        assert_eq!(replies, ["completions"]);
    }
    if let Some(replies) = complete_in_bash(&["mirps", "m"]) {
        assert_eq!(replies, ["man"]);
    }
}

#[test]
fn bash_completes_an_option_of_a_subcommand_and_a_shell_name() {
    if let Some(replies) = complete_in_bash(&["mirps", "validate", "--for"]) {
        assert_eq!(replies, ["--format"]);
    }
    // `--format` belongs to validate, not to `man`.
    if let Some(replies) = complete_in_bash(&["mirps", "man", "--for"]) {
        assert_eq!(replies, Vec::<String>::new());
    }
    if let Some(replies) = complete_in_bash(&["mirps", "completions", "po"]) {
        assert_eq!(replies, ["powershell"]);
    }
}

/// The pages `mirps man` writes: the top-level one and one per subcommand, never `help`.
fn expected_pages() -> BTreeSet<String> {
    std::iter::once("mirps.1".to_string())
        .chain(SUBCOMMANDS.iter().map(|name| format!("mirps-{name}.1")))
        .chain(
            SHEET_SUBCOMMANDS
                .iter()
                .map(|name| format!("mirps-sheet-{name}.1")),
        )
        .collect()
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[test]
fn man_writes_a_roff_page_per_command_into_a_new_folder() {
    let dir = Framework::empty();
    let out = dir.path().join("share/man/man1");
    let run = run_in(dir.path(), &["man", "--out", out.to_str().unwrap()]);
    run.assert_code(0).assert_no_crash();
    assert_eq!(
        run.stderr.trim(),
        format!("wrote 13 man pages into {}", out.display())
    );
    // Exactly the pages: no temporary file left beside them.
    assert_eq!(files_in(&out), expected_pages());
    for page in expected_pages() {
        let roff = std::fs::read_to_string(out.join(&page)).unwrap();
        let stem = page.strip_suffix(".1").unwrap();
        let lines: Vec<&str> = roff.lines().collect();
        assert!(lines[0].starts_with('.'), "{page} is not roff:\n{roff}");
        // Only the definitions of the string `Aq` come before the title.
        let title = lines
            .iter()
            .position(|l| l.starts_with(".TH "))
            .unwrap_or_else(|| panic!("{page} has no .TH:\n{roff}"));
        assert!(
            lines[..title]
                .iter()
                .all(|l| l.starts_with(".ie ") || l.starts_with(".el ")),
            "{page}: something before .TH:\n{roff}"
        );
        assert!(
            lines[title].starts_with(&format!(".TH {stem} 1 ")),
            "{page}: {}",
            lines[title]
        );
        assert!(
            lines[title].contains(concat!("mirps ", env!("CARGO_PKG_VERSION"))),
            "{page}: the title does not name mirps's version: {}",
            lines[title]
        );
        // NAME names the page's command (roff escapes its hyphens), SYNOPSIS how to run it.
        let name = lines[lines.iter().position(|l| *l == ".SH NAME").unwrap() + 1];
        assert!(
            name.starts_with(&format!("{} \\- ", stem.replace('-', "\\-"))),
            "{page}: NAME is {name:?}"
        );
        let invocation = stem.replace('-', " ");
        assert!(
            roff.contains(&format!("\\fB{invocation}\\fR")),
            "{page}: the synopsis does not show `{invocation}`:\n{roff}"
        );
    }
    let validate = std::fs::read_to_string(out.join("mirps-validate.1")).unwrap();
    assert!(validate.contains("\\fB\\-\\-format\\fR"), "{validate}");
    assert!(
        validate.contains("github"),
        "the formats are listed:\n{validate}"
    );
    let man = std::fs::read_to_string(out.join("mirps-man.1")).unwrap();
    assert!(man.contains("\\fB\\-\\-out\\fR"), "{man}");
    assert!(!man.contains("\\-\\-format"), "{man}");
    // The top page points at every subcommand's page.
    let top = std::fs::read_to_string(out.join("mirps.1")).unwrap();
    for name in SUBCOMMANDS {
        assert!(
            top.contains(&format!("mirps\\-{name}(1)")),
            "mirps.1 does not list mirps-{name}(1):\n{top}"
        );
    }
}

#[test]
fn man_pages_render_as_text() {
    let dir = Framework::empty();
    let out = dir.path().join("man1");
    run_in(dir.path(), &["man", "--out", out.to_str().unwrap()]).assert_code(0);
    let page = out.join("mirps-validate.1");
    let mut render = if installed("man") {
        let mut man = Command::new("man");
        man.arg("-l")
            .arg(&page)
            .env("MANWIDTH", "200")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env_remove("MAN_KEEP_FORMATTING");
        man
    } else if installed("groff") {
        let mut groff = Command::new("groff");
        groff
            .args(["-man", "-Tascii", "-P-cbou", "-rLL=200n"])
            .arg(&page);
        groff
    } else {
        eprintln!("skipped rendering: neither man nor groff is installed");
        return;
    };
    // Plain ASCII: no Unicode hyphens or minus signs to compare against.
    render.env("LC_ALL", "C").env("LANG", "C");
    let run = run_program(render);
    run.assert_code(0);
    // Words as `man` lays them out, whatever the spacing of a justified line.
    let text = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "NAME",
        "mirps-validate - Check chapters, plans and cooperation documents",
        "SYNOPSIS",
        "mirps validate",
        "--format <FORMAT>",
        "github",
        "-C, --root <DIR>",
    ] {
        assert!(
            text.contains(expected),
            "the rendered page lacks {expected:?}:\n{text}"
        );
    }
    assert!(!text.contains("\\fB"), "roff escapes left:\n{text}");
}

#[test]
fn man_replaces_only_its_own_pages() {
    let dir = Framework::empty();
    dir.write("man1/mirps-validate.1", "an old page\n")
        .write("man1/notes.txt", "mine\n")
        .write("man1/git.1", ".TH git 1\n");
    let out = dir.path().join("man1");
    let before = dir.fingerprint();
    let run = run_in(dir.path(), &["man", "-o", "man1"]);
    run.assert_code(0);
    assert_eq!(run.stderr.trim(), "wrote 13 man pages into man1");
    let after = dir.fingerprint();
    for untouched in ["man1/notes.txt", "man1/git.1"] {
        let untouched = Path::new(untouched);
        assert_eq!(
            before[untouched],
            after[untouched],
            "{}",
            untouched.display()
        );
    }
    let mut expected = expected_pages();
    expected.extend(["notes.txt".to_string(), "git.1".to_string()]);
    assert_eq!(files_in(&out), expected);
    let page = std::fs::read_to_string(out.join("mirps-validate.1")).unwrap();
    assert!(page.contains(".TH mirps-validate 1"), "{page}");
    // Twice the same bytes: the pages are deterministic.
    run_in(dir.path(), &["man", "-o", "man1"]).assert_code(0);
    assert_eq!(dir.fingerprint(), after);
}

#[test]
fn man_into_an_unwritable_folder_is_an_io_error() {
    let dir = Framework::empty();
    dir.write("file", "a regular file\n");
    let before = dir.fingerprint();
    let out = dir.path().join("file/man1");
    let run = run_in(dir.path(), &["man", "--out", out.to_str().unwrap()]);
    run.assert_code(2).assert_no_crash();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.starts_with("error: cannot create `") && run.stderr.contains("file/man1"),
        "{}",
        run.stderr
    );
    assert_eq!(dir.fingerprint(), before);
    // A page's name taken by a folder is refused too, and the folder is left as it was.
    dir.write("man1/mirps.1/keep", "x");
    let run = run_in(dir.path(), &["man", "--out", "man1"]);
    run.assert_code(2).assert_no_crash();
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(dir.path().join("man1/mirps.1/keep").is_file());
    let leftovers: Vec<_> = files_in(&dir.path().join("man1"))
        .into_iter()
        .filter(|name| name.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

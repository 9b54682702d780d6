//! A way to start: `mirps init` writes a framework and `mirps new` a chapter skeleton, each
//! clean as written, commented in the drafter's language, never over an existing file; and the
//! JSON Schemas speak both languages on hover.

use std::path::Path;

use super::support::{Framework, Run, copy_dir, repo, run_in, run_in_env};

/// A copy of the shipped framework (`mirps.toml`, `chapters/`, `schemas/`), with `extra`
/// members added to `mirps.toml`.
fn shipped(extra: &[&str]) -> Framework {
    let framework = Framework::empty();
    copy_dir(&repo().join("chapters"), &framework.path().join("chapters"));
    copy_dir(&repo().join("schemas"), &framework.path().join("schemas"));
    let toml = std::fs::read_to_string(repo().join("mirps.toml")).unwrap();
    let members = "members = [\"BLZ\", \"CRI\", \"GTM\", \"HND\", \"MEX\", \"PAN\", \"SLV\"";
    assert!(toml.contains(members), "the shipped members line changed");
    let added: String = extra.iter().map(|m| format!(", \"{m}\"")).collect();
    framework.write(
        "mirps.toml",
        toml.replace(members, &format!("{members}{added}")),
    );
    framework
}

/// Arguments, extra environment variables and the text expected in the written file.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

/// `mirps ARGS…` run inside `framework`, in English unless ARGS say otherwise.
fn mirps(framework: &Framework, args: &[&str]) -> Run {
    let run = run_in(framework.path(), args);
    run.assert_no_crash();
    run
}

fn read(framework: &Framework, relative: &str) -> String {
    std::fs::read_to_string(framework.path().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Clean: exit 0 even when warnings are denied, and no problem printed.
#[track_caller]
fn assert_clean(framework: &Framework) {
    let run = framework.validate(&["--deny", "warnings", "--format", "short"]);
    run.assert_code(0);
    assert!(run.stdout.is_empty(), "problems found:\n{}", run.stdout);
}

/// Every key of a skeleton sits under a comment line (language keys of a text excepted: the
/// comment of the text explains them).
#[track_caller]
fn assert_every_key_is_commented(text: &str, what: &str) {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let Some((key, _)) = trimmed.split_once(':') else {
            continue;
        };
        let is_key = !key.is_empty()
            && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !line.trim_start().starts_with('#');
        if !is_key || ["es", "en"].contains(&key) {
            continue;
        }
        let above = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(&"");
        assert!(
            above.trim_start().starts_with('#'),
            "{what}: the key `{key}` (line {}) has no comment above it:\n{text}",
            i + 1
        );
    }
}

/// The first line names the schema by a path that exists, relative to the file.
#[track_caller]
fn assert_modeline(framework: &Framework, relative: &str) {
    let text = read(framework, relative);
    let first = text.lines().next().unwrap_or_default();
    let schema = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{relative}: no schema modeline: {first}"));
    let dir = framework.path().join(relative);
    let target = dir.parent().unwrap().join(schema);
    assert!(
        target.is_file(),
        "{relative}: the modeline names {schema}, which is not there"
    );
}

#[test]
fn init_in_an_empty_folder_validates_clean() {
    let framework = Framework::empty();
    let run = mirps(&framework, &["init"]);
    run.assert_code(0);
    assert!(run.stdout.contains("mirps.toml"), "{}", run.stdout);
    assert_clean(&framework);
    // The seven MIRPS States are the default members, each with its chapter.
    for state in ["blz", "cri", "gtm", "hnd", "mex", "pan", "slv"] {
        let chapter = format!("chapters/national/{state}.yaml");
        assert_modeline(&framework, &chapter);
        assert_every_key_is_commented(&read(&framework, &chapter), &chapter);
    }
    assert!(
        framework
            .path()
            .join("schemas/common.schema.json")
            .is_file()
    );
}

#[test]
fn init_with_flags_writes_a_clean_framework_in_a_new_folder() {
    let framework = Framework::empty();
    let run = mirps(
        &framework,
        &[
            "init",
            "marco",
            "--member",
            "gtm",
            "--member",
            "HND",
            "--languages",
            "en,es",
            "--title",
            "Marco \"de prueba\" # uno",
            "--edition",
            "2026-bis",
        ],
    );
    run.assert_code(0);
    let dir = Framework::empty();
    copy_dir(&framework.path().join("marco"), dir.path());
    assert_clean(&dir);
    let toml = read(&dir, "mirps.toml");
    assert!(toml.contains("members = [\"GTM\", \"HND\"]"), "{toml}");
    assert!(toml.contains("languages = [\"en\", \"es\"]"), "{toml}");
    assert!(
        toml.contains(r#"en = "Marco \"de prueba\" # uno""#),
        "{toml}"
    );
    // The first language is the chapters' own.
    let gtm = read(&dir, "chapters/national/gtm.yaml");
    assert!(gtm.contains("\nlanguage: en\n"), "{gtm}");
    assert!(
        run.stdout.contains("mirps -C marco validate"),
        "{}",
        run.stdout
    );
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    for existing in [
        "mirps.toml",
        "chapters/national/gtm.yaml",
        "schemas/common.schema.json",
    ] {
        let framework = Framework::empty();
        framework.write(existing, "# mine\n");
        let before = framework.fingerprint();
        let run = mirps(&framework, &["init", "--member", "GTM"]);
        run.assert_code(2);
        assert!(
            run.stderr.contains(&format!("`{existing}` already exists"))
                && run.stderr.contains("wrote nothing"),
            "{existing}: {}",
            run.stderr
        );
        assert_eq!(
            framework.fingerprint(),
            before,
            "{existing}: something was written"
        );
    }
}

#[test]
fn init_refuses_bad_flags() {
    let framework = Framework::empty();
    for args in [
        &["init", "--member", "GUATEMALA"][..],
        &["init", "--languages", "spanish"],
        &["init", "--title", " "],
    ] {
        let run = mirps(&framework, args);
        run.assert_code(2);
        assert!(
            run.stderr.starts_with("error: `--"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(framework.fingerprint().is_empty());
}

#[test]
fn init_inside_another_frameworks_chapters_is_refused() {
    let framework = shipped(&[]);
    let before = framework.fingerprint();
    let run = mirps(&framework, &["init", "chapters/national/test"]);
    run.assert_code(2);
    assert!(run.stderr.contains("chapters folder"), "{}", run.stderr);
    assert_eq!(framework.fingerprint(), before);
}

#[test]
fn init_comments_are_in_the_asked_language_else_the_locale_else_spanish() {
    let cases: [Case; 4] = [
        (
            &["--lang", "es"],
            &[],
            "# Título del marco, en cada idioma.",
        ),
        (
            &["--lang", "en"],
            &[],
            "# The framework's title, in each language.",
        ),
        (&[], &[("LANG", "es_GT.UTF-8")], "# Título del marco"),
        (&[], &[("LANG", "C.UTF-8")], "# Título del marco"),
    ];
    for (flags, env, expected) in cases {
        let framework = Framework::empty();
        let mut args = vec!["init", "--member", "GTM"];
        args.extend_from_slice(flags);
        let run = run_in_env(framework.path(), &args, env);
        run.assert_code(0);
        let toml = read(&framework, "mirps.toml");
        assert!(toml.contains(expected), "{flags:?} {env:?}:\n{toml}");
        let chapter = read(&framework, "chapters/national/gtm.yaml");
        let kind_comment = if expected.contains("Título") {
            "# Tipo de documento"
        } else {
            "# Document kind"
        };
        assert!(
            chapter.contains(kind_comment),
            "{flags:?} {env:?}:\n{chapter}"
        );
        let summary = if expected.contains("Título") {
            "marco creado en"
        } else {
            "started a framework in"
        };
        assert!(run.stdout.starts_with(summary), "{}", run.stdout);
        // Whatever the comments' language, the content is in every framework language.
        assert!(chapter.contains("es: Título del compromiso"), "{chapter}");
        assert!(chapter.contains("en: Title of the commitment"), "{chapter}");
    }
}

#[test]
fn each_new_kind_validates_clean_in_the_shipped_framework() {
    let framework = shipped(&["NIC"]);
    for (args, file) in [
        (["new", "national", "NIC"], "chapters/national/nic.yaml"),
        (["new", "regional", "idb"], "chapters/regional/idb.yaml"),
        (
            ["new", "cooperation", "DEU"],
            "chapters/cooperating/deu.yaml",
        ),
    ] {
        let run = mirps(&framework, &args);
        run.assert_code(0);
        assert!(
            run.stdout.starts_with(&format!("wrote `{file}`:")) && run.stdout.contains("\nnext: "),
            "{args:?}: {}",
            run.stdout
        );
        assert_modeline(&framework, file);
        assert_every_key_is_commented(&read(&framework, file), file);
    }
    assert_clean(&framework);
}

#[test]
fn each_new_kind_validates_clean_in_a_fresh_init_framework() {
    let framework = Framework::empty();
    mirps(&framework, &["init", "--member", "GTM", "--member", "HND"]).assert_code(0);
    std::fs::remove_file(framework.path().join("chapters/national/hnd.yaml")).unwrap();
    for (args, file) in [
        (["new", "national", "HND"], "chapters/national/hnd.yaml"),
        (["new", "regional", "OAS"], "chapters/regional/oas.yaml"),
        (
            ["new", "cooperation", "CAN"],
            "chapters/cooperating/can.yaml",
        ),
    ] {
        mirps(&framework, &args).assert_code(0);
        assert_modeline(&framework, file);
        assert_every_key_is_commented(&read(&framework, file), file);
    }
    assert_clean(&framework);
    let oas = read(&framework, "chapters/regional/oas.yaml");
    assert!(
        oas.contains("  es: Organización de los Estados Americanos\n"),
        "{oas}"
    );
}

#[test]
fn new_refuses_a_national_chapter_for_a_member_that_has_one() {
    let framework = shipped(&[]);
    let before = framework.fingerprint();
    let run = mirps(&framework, &["new", "national", "GTM"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr.trim(),
        "error: `GTM` already has a national chapter: `chapters/national/gtm.yaml`; complete that file instead (one document per State or organization)"
    );
    for (args, what) in [
        (["new", "regional", "OAS"], "a regional plan"),
        (["new", "cooperation", "can"], "a cooperation document"),
    ] {
        let run = mirps(&framework, &args);
        run.assert_code(2);
        assert!(run.stderr.contains(what), "{args:?}: {}", run.stderr);
    }
    assert_eq!(framework.fingerprint(), before);
}

#[test]
fn new_refuses_a_state_that_is_not_a_member_in_the_words_of_not_a_member() {
    let framework = shipped(&[]);
    let before = framework.fingerprint();
    let run = mirps(&framework, &["new", "national", "GTX"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("`GTX` is not a member State of this framework")
            && run.stderr.contains("did you mean `GTM`?"),
        "{}",
        run.stderr
    );
    let run = mirps(&framework, &["--lang", "es", "new", "national", "NIC"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("`NIC` no es un Estado miembro de este marco")
            && run
                .stderr
                .contains("`BLZ`, `CRI`, `GTM`, `HND`, `MEX`, `PAN` o `SLV`"),
        "{}",
        run.stderr
    );
    let run = mirps(&framework, &["new", "national", "GUA1"]);
    run.assert_code(2);
    assert!(run.stderr.contains("is not a State code"), "{}", run.stderr);
    assert_eq!(framework.fingerprint(), before);
}

#[test]
fn new_refuses_to_overwrite_a_file() {
    let framework = Framework::empty();
    mirps(&framework, &["init", "--member", "GTM"]).assert_code(0);
    // A file that does not even parse: it declares no owner, but it is there.
    framework.write("chapters/regional/oas.yaml", "kind: [\n");
    let before = framework.fingerprint();
    let run = mirps(&framework, &["new", "regional", "OAS"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("`chapters/regional/oas.yaml` already exists: mirps does not replace files"),
        "{}",
        run.stderr
    );
    assert_eq!(framework.fingerprint(), before);
}

#[test]
fn new_comments_are_in_the_drafters_language_else_the_frameworks_first() {
    let framework = Framework::empty();
    mirps(
        &framework,
        &["init", "--member", "GTM", "--languages", "en,es"],
    )
    .assert_code(0);
    let cases: [Case; 3] = [
        (&["--lang", "es"], &[], "# Tipo de documento"),
        (&["--lang", "en"], &[], "# Document kind"),
        // No language asked: the framework's first, English here.
        (&[], &[("LANG", "C")], "# Document kind"),
    ];
    for (i, (flags, env, expected)) in cases.into_iter().enumerate() {
        let code = format!("ORG{i}");
        let mut args = flags.to_vec();
        args.extend(["new", "regional", code.as_str()]);
        let run = run_in_env(framework.path(), &args, env);
        run.assert_code(0);
        let file = format!("chapters/regional/{}.yaml", code.to_lowercase());
        let text = read(&framework, &file);
        assert!(text.contains(expected), "{flags:?}:\n{text}");
        let (wrote, next) = match expected.contains("Tipo") {
            true => ("se escribió ", "siguiente paso: "),
            false => ("wrote ", "next: "),
        };
        assert!(
            run.stdout.starts_with(wrote) && run.stdout.contains(next),
            "{flags:?}: {}",
            run.stdout
        );
        // The content follows the framework's languages, its first one first.
        assert!(
            text.contains(
                "    title:\n      en: Title of the programme\n      es: Título del programa\n"
            ),
            "{text}"
        );
    }
    assert_clean(&framework);
}

#[test]
fn new_outside_a_framework_points_to_init() {
    let dir = Framework::empty();
    let run = mirps(&dir, &["new", "national", "GTM"]);
    run.assert_code(2);
    assert!(run.stderr.contains("`mirps init`"), "{}", run.stderr);
    assert!(dir.fingerprint().is_empty());
}

/// Every schema node with a `title` or `description` carries it in Spanish and English: in
/// `x-mirps-title`/`x-mirps-description` (read by mirps for its help texts) and in the plain
/// keywords editors show on hover (`Spanish / English` titles; descriptions with the Spanish
/// paragraph first, also as `markdownDescription` so that code spans render).
#[test]
fn every_schema_title_and_description_is_in_both_languages() {
    fn walk(node: &serde_json::Value, at: &str, problems: &mut Vec<String>) {
        match node {
            serde_json::Value::Object(map) => {
                for (keyword, extension, separator) in [
                    ("title", "x-mirps-title", " / "),
                    ("description", "x-mirps-description", "\n\n"),
                ] {
                    let Some(plain) = map.get(keyword).and_then(|v| v.as_str()) else {
                        if map.contains_key(extension) {
                            problems.push(format!("{at}: {extension} without {keyword}"));
                        }
                        continue;
                    };
                    let texts = map.get(extension);
                    let text = |lang: &str| {
                        texts
                            .and_then(|t| t.get(lang))
                            .and_then(|t| t.as_str())
                            .filter(|t| !t.trim().is_empty())
                    };
                    let (Some(es), Some(en)) = (text("es"), text("en")) else {
                        problems.push(format!("{at}: {keyword} without {extension} es and en"));
                        continue;
                    };
                    if texts
                        .and_then(|t| t.as_object())
                        .is_some_and(|t| t.len() != 2)
                    {
                        problems.push(format!("{at}: {extension} has other languages"));
                    }
                    let both = format!("{es}{separator}{en}");
                    if plain != both {
                        problems.push(format!("{at}: {keyword} is not `{both}`: {plain}"));
                    }
                    if keyword == "description"
                        && map.get("markdownDescription").and_then(|v| v.as_str()) != Some(plain)
                    {
                        problems.push(format!("{at}: markdownDescription differs"));
                    }
                }
                for (key, value) in map {
                    // Examples and enums are data, not schema nodes.
                    if !["examples", "enum", "const", "default"].contains(&key.as_str()) {
                        walk(value, &format!("{at}/{key}"), problems);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}/{i}"), problems);
                }
            }
            _ => {}
        }
    }
    let mut problems = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(repo().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        walk(&schema, &name, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The checked-in schemas are the ones `mirps init` copies for editors.
#[test]
fn init_copies_the_schemas_as_shipped() {
    let framework = Framework::empty();
    mirps(&framework, &["init", "--member", "GTM"]).assert_code(0);
    for name in [
        "common.schema.json",
        "config.schema.json",
        "national-chapter.schema.json",
        "regional-plan.schema.json",
        "cooperation.schema.json",
    ] {
        let copied = std::fs::read(framework.path().join("schemas").join(name)).unwrap();
        let shipped = std::fs::read(Path::new(&repo().join("schemas")).join(name)).unwrap();
        assert!(copied == shipped, "{name} differs from schemas/{name}");
    }
}

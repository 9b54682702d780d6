//! The PDF (cargo feature `pdf`): what it says (text extracted from the PDF itself), that
//! content cannot inject Typst markup or read files, that a broken template is a clear error,
//! that the same input gives the same bytes, and that a PDF too large for the memory available
//! is refused before it is typeset.

use std::collections::BTreeSet;
use std::path::Path;

use super::support::{Framework, Run, fingerprint, repo, run_in};

/// Point the framework's `mirps.toml` at its own `templates/` folder (`[paths] templates`), so
/// a `templates/mirps-pdf.typ` written there overrides the built-in one.
fn use_own_templates(framework: &Framework) {
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    framework.write(
        "mirps.toml",
        format!("{toml}\n[paths]\ntemplates = \"templates\"\n"),
    );
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let dir = root.to_str().unwrap().to_string();
    let out = out.to_str().unwrap().to_string();
    let mut args = vec!["-C", dir.as_str(), "build", "--out", out.as_str()];
    args.extend_from_slice(extra);
    run_in(root, &args)
}

/// The text of a PDF, as a reader would copy it: words hyphenated at a line end joined again,
/// every run of white space one space.
pub(super) fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(b"%PDF-"), "{} is no PDF", path.display());
    let raw = pdf_extract::extract_text_from_mem(&bytes)
        .unwrap_or_else(|e| panic!("cannot read the text of {}: {e}", path.display()));
    let joined = raw.replace("-\n", "").replace('\u{ad}', "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Ids of every commitment, programme and pledge in `data/mirps.json`.
fn ids(out: &Path) -> BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/mirps.json")).unwrap())
            .unwrap();
    let mut ids = BTreeSet::new();
    let mut pending = vec![&json];
    while let Some(value) = pending.pop() {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    if matches!(key.as_str(), "commitments" | "programmes" | "pledges")
                        && let serde_json::Value::Array(items) = child
                    {
                        for item in items {
                            if let Some(id) = item.get("id").and_then(|i| i.as_str()) {
                                ids.insert(id.to_string());
                            }
                        }
                    }
                    pending.push(child);
                }
            }
            serde_json::Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    ids
}

#[test]
fn pdf_of_the_shipped_framework_has_the_title_accents_and_every_id() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("build");
    build(repo(), &out, &["--format", "pdf", "--format", "data"]).assert_code(0);
    let ids = ids(&out);
    assert!(
        ids.len() > 100,
        "the shipped framework has its ids: {ids:?}"
    );
    for (lang, title, accented) in [
        (
            "es",
            "Marco Integral Regional para la Protección y Soluciones",
            &[
                "Recepción y admisión",
                "Niñez",
                "Capítulos nacionales",
                "Índice de compromisos",
            ][..],
        ),
        (
            "en",
            "Comprehensive Regional Protection and Solutions Framework",
            &[
                "Reception and admission",
                "National chapters",
                "Commitment index",
            ][..],
        ),
    ] {
        let text = pdf_text(&out.join(lang).join("mirps.pdf"));
        assert!(text.contains(title), "{lang}: no title in {text:.2000}");
        for words in accented {
            assert!(text.contains(words), "{lang}: no `{words}`");
        }
        let missing: Vec<&String> = ids
            .iter()
            .filter(|id| !text.contains(id.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{lang}: ids missing from the PDF: {missing:?}"
        );
        assert!(out.join(lang).join("mirps.typ").is_file());
    }
    // Only what was asked for.
    assert!(!out.join("es/mirps.md").exists());
    assert!(!out.join("es/html").exists());
}

#[test]
fn spanish_punctuation_and_accents_survive() {
    let framework = Framework::minimal();
    framework.write(
        "chapters/national/gtm.yaml",
        std::fs::read_to_string(repo().join("tests/fixtures/minimal/chapters/national/gtm.yaml"))
            .unwrap()
            .replace(
                "summary: Plan nacional",
                "summary: \"¿Cómo protegemos a la niñez? ¡Con el año próximo! Ñandú «cita» — Plan nacional",
            )
            .replace(
                "personas solicitantes de asilo y refugiadas.",
                "personas solicitantes de asilo y refugiadas.\"",
            ),
    );
    let out = framework.path().join("build");
    build(framework.path(), &out, &["--format", "pdf"]).assert_code(0);
    let text = pdf_text(&out.join("es/mirps.pdf"));
    assert!(
        text.contains("¿Cómo protegemos a la niñez? ¡Con el año próximo! Ñandú «cita» —"),
        "{text:.3000}"
    );
    assert!(
        text.contains("Datos al 30 de noviembre de 2019"),
        "{text:.3000}"
    );
}

/// The PDF is a navigable document: metadata, language, bookmarks and working internal links.
#[test]
fn pdf_has_metadata_bookmarks_and_internal_links() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    build(framework.path(), &out, &["--format", "pdf"]).assert_code(0);
    let doc = lopdf::Document::load(out.join("es/mirps.pdf")).unwrap();
    let catalog = doc.catalog().unwrap();
    let lang = catalog.get(b"Lang").unwrap().as_str().unwrap();
    assert_eq!(lang, b"es");
    let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let outlines = doc.get_dictionary(outlines).unwrap();
    assert!(
        outlines.get(b"First").is_ok(),
        "the outline (bookmarks) has entries"
    );
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap();
    let title = lopdf::decode_text_string(title).unwrap();
    assert_eq!(
        title,
        "Marco Integral Regional para la Protección y Soluciones"
    );

    // Every link inside the document points at a page of it, directly or by a named
    // destination (Typst names the destinations of labels).
    let pages: BTreeSet<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let named = named_destinations(&doc);
    let mut internal = 0;
    for page in &pages {
        for annotation in doc.get_page_annotations(*page).unwrap() {
            if annotation.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Link") {
                continue;
            }
            let destination = annotation.get(b"Dest").ok().or_else(|| {
                let action = annotation.get(b"A").ok()?;
                let action = match action {
                    lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok()?,
                    lopdf::Object::Dictionary(d) => d,
                    _ => return None,
                };
                action.get(b"D").ok()
            });
            let Some(destination) = destination else {
                continue;
            };
            let destination = match destination {
                lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
                other => other,
            };
            let target = match destination {
                lopdf::Object::String(name, _) | lopdf::Object::Name(name) => *named
                    .get(name)
                    .unwrap_or_else(|| panic!("no destination named {name:?}")),
                other => other.as_array().unwrap()[0].as_reference().unwrap(),
            };
            assert!(
                pages.contains(&target),
                "a link to no page: {destination:?}"
            );
            internal += 1;
        }
    }
    // Citations, supported-by links and the index: at least one per commitment.
    assert!(internal >= 4, "{internal} internal links");
}

/// The named destinations of a PDF (its `/Dests` name tree): name → page.
fn named_destinations(
    doc: &lopdf::Document,
) -> std::collections::HashMap<Vec<u8>, lopdf::ObjectId> {
    fn deref<'a>(doc: &'a lopdf::Document, object: &'a lopdf::Object) -> &'a lopdf::Object {
        match object {
            lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
            other => other,
        }
    }
    fn walk(
        doc: &lopdf::Document,
        node: &lopdf::Dictionary,
        found: &mut std::collections::HashMap<Vec<u8>, lopdf::ObjectId>,
    ) {
        if let Ok(names) = node.get(b"Names") {
            let names = deref(doc, names).as_array().unwrap();
            for pair in names.chunks(2) {
                let name = pair[0].as_str().unwrap().to_vec();
                let destination = deref(doc, &pair[1]);
                let destination = match destination {
                    lopdf::Object::Dictionary(d) => deref(doc, d.get(b"D").unwrap()),
                    other => other,
                };
                let page = destination.as_array().unwrap()[0].as_reference().unwrap();
                found.insert(name, page);
            }
        }
        if let Ok(kids) = node.get(b"Kids") {
            for kid in deref(doc, kids).as_array().unwrap() {
                walk(doc, deref(doc, kid).as_dict().unwrap(), found);
            }
        }
    }
    let mut found = std::collections::HashMap::new();
    let catalog = doc.catalog().unwrap();
    if let Ok(names) = catalog.get(b"Names") {
        let names = deref(doc, names).as_dict().unwrap();
        if let Ok(dests) = names.get(b"Dests") {
            walk(doc, deref(doc, dests).as_dict().unwrap(), &mut found);
        }
    }
    found
}

/// Typst syntax in content is text: nothing runs, nothing is imported or read.
#[test]
fn hostile_content_stays_literal_in_the_pdf() {
    let framework = Framework::from("tests/fixtures/hostile");
    framework.write(
        "chapters/cooperating/typ.yaml",
        r##"kind: cooperation
schema_version: 1
contributor: CAN
name: "Typst #panic(\"boom\") #read(\"/etc/hostname\") #import \"@preview/cetz:0.3.0\": * ] ) } \" \\ $ x^2 $ <lbl> @ref *bold* _it_ = heading"
language: es
south_south: false
updated: 2025-10-01
pledges:
  - id: CAN-1
    type: technical
    title: "#eval(\"1+1\") #include \"mirps.typ\" #image(\"/etc/passwd\") #link(\"file:///etc/passwd\")[x]"
    description: "#panic(\"markdown\") `#read(\"x\")` [[GTM-1.1]] [file](file:///etc/passwd) ![img](/etc/passwd)"
    beneficiaries: [GTM]
    supports: [GTM-1.1]
    status: planning
"##,
    );
    let out = framework.path().join("build");
    let run = build(framework.path(), &out, &["--format", "pdf"]);
    run.assert_code(0).assert_no_crash();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for lang in ["es", "en"] {
        let text = pdf_text(&out.join(lang).join("mirps.pdf"));
        for literal in [
            r#"#read("/etc/passwd")"#,
            r#"#import "x.typ""#,
            "$x$",
            "<script>",
            r#"#panic("boom")"#,
            r#"#read("/etc/hostname")"#,
            r#"#import "@preview/cetz:0.3.0": * ] ) } " \ $ x^2 $ <lbl> @ref *bold* _it_ = heading"#,
            r#"#eval("1+1") #include "mirps.typ" #image("/etc/passwd")"#,
            r#"#panic("markdown")"#,
        ] {
            assert!(text.contains(literal), "{lang}: `{literal}` is not literal");
        }
        assert!(!text.contains("root:x:0:0"), "{lang}: /etc/passwd was read");
        let source = std::fs::read_to_string(out.join(lang).join("mirps.typ")).unwrap();
        assert!(
            source.contains(r#""Typst #panic(\"boom\") #read(\"/etc/hostname\")"#),
            "content is a string literal in the source"
        );
    }
}

/// A template can read nothing: no file of the framework or the system, no package.
#[test]
fn a_template_cannot_read_files_or_import_packages() {
    for (template, expected) in [
        (
            "#let report(data) = read(\"/etc/passwd\")\n",
            "access denied",
        ),
        (
            "#let report(data) = read(\"mirps.toml\")\n",
            "access denied",
        ),
        (
            "#let report(data) = read(\"../mirps.toml\")\n",
            "escape the project root",
        ),
        (
            "#let report(data) = image(\"/chapters/national/gtm.yaml\")\n",
            "access denied",
        ),
        (
            "#import \"@preview/cetz:0.3.0\": canvas\n#let report(data) = []\n",
            "access denied",
        ),
    ] {
        let framework = Framework::minimal();
        use_own_templates(&framework);
        framework.write("templates/mirps-pdf.typ", template);
        let out = framework.path().join("build");
        let run = build(framework.path(), &out, &["--format", "pdf"]);
        run.assert_code(2).assert_no_crash();
        assert!(run.stderr.contains(expected), "{template}: {}", run.stderr);
        assert!(!run.stderr.contains("root:x:0:0"));
        assert!(!run.stderr.contains("--root"), "no typst CLI hints");
        assert!(!out.exists(), "nothing is published");
    }
}

#[test]
fn a_broken_template_override_is_an_error_at_its_position() {
    let framework = Framework::minimal();
    let out = framework.path().join("build");
    build(framework.path(), &out, &[]).assert_code(0);
    let before = std::fs::read(out.join("es/mirps.pdf")).unwrap();
    use_own_templates(&framework);
    for (template, position, message) in [
        // A syntax error.
        (
            "// mine\n#let report(data) = {\n  let x = (1, 2\n}\n",
            "mirps-pdf.typ:3:",
            "",
        ),
        // An error while laying out.
        (
            "#let report(data) = {\n  [#data.no_such_field]\n}\n",
            "mirps-pdf.typ:2:",
            "does not contain key",
        ),
        // A panic in the template is an error, not a crash.
        (
            "#let report(data) = {\n\n  panic(\"stop\")\n}\n",
            "mirps-pdf.typ:3:",
            "stop",
        ),
        // No `report` at all.
        ("#let other = 1\n", "mirps.typ", "report"),
    ] {
        framework.write("templates/mirps-pdf.typ", template);
        let run = build(framework.path(), &out, &[]);
        // (Typst words a template's `panic` as "panicked with"; mirps itself must not crash.)
        run.assert_code(2);
        assert!(!run.stderr.contains("RUST_BACKTRACE"), "{}", run.stderr);
        assert!(
            run.stderr.contains("cannot make the PDF of `es`"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(position), "{template}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{template}: {}", run.stderr);
        assert_eq!(
            std::fs::read(out.join("es/mirps.pdf")).unwrap(),
            before,
            "the previous output is intact"
        );
    }
}

#[test]
fn two_builds_give_identical_pdf_bytes() {
    let framework = Framework::from("tests/fixtures/money");
    let first = framework.path().join("one");
    let second = framework.path().join("two");
    build(framework.path(), &first, &["--format", "pdf"]).assert_code(0);
    build(framework.path(), &second, &["--format", "pdf"]).assert_code(0);
    for file in ["es/mirps.pdf", "es/mirps.typ"] {
        let a = std::fs::read(first.join(file)).unwrap();
        let b = std::fs::read(second.join(file)).unwrap();
        assert!(a == b, "{file} differs between two builds");
    }
}

#[test]
fn the_default_build_includes_the_pdf_and_its_source() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    build(framework.path(), &out, &[]).assert_code(0);
    for file in [
        "es/mirps.pdf",
        "es/mirps.typ",
        "es/mirps.md",
        "data/mirps.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let source = std::fs::read_to_string(out.join("es/mirps.typ")).unwrap();
    assert!(source.contains("#import \"mirps-pdf.typ\": report"));
}

/// `mirps -C root build --out out …` with `MIRPS_PDF_MEMORY=memory`: (exit code, standard error).
fn build_with_memory(root: &Path, out: &Path, extra: &[&str], memory: &str) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mirps"))
        .arg("-C")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("MIRPS_PDF_MEMORY", memory)
        // The messages this test reads are the English ones.
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RUST_BACKTRACE")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("start mirps");
    let stderr = String::from_utf8(output.stderr).expect("mirps prints UTF-8");
    (output.status.code().expect("mirps exits"), stderr)
}

/// The PDF's memory had no bound: typesetting took what the document needed (14 GB for
/// 10,000 commitments in two languages) until the system killed it. A PDF that would not fit in
/// the memory available (stated here with `MIRPS_PDF_MEMORY`) is now refused before anything is
/// typeset — exit 2, what it needs, what is available and what to do — and the previous output
/// stays as it was.
#[test]
fn a_pdf_that_would_not_fit_in_memory_is_refused_before_typesetting() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    build(framework.path(), &out, &[]).assert_code(0);
    let before = fingerprint(&out);

    let (code, stderr) = build_with_memory(framework.path(), &out, &[], "1M");
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for words in [
        "error: the PDF would not fit in memory",
        "needs about",
        "the memory available is 1 MiB (stated by MIRPS_PDF_MEMORY)",
        "Nothing was typeset",
        "--format md --format html --format data",
        "--format pdf --lang es",
    ] {
        assert!(stderr.contains(words), "no `{words}` in: {stderr}");
    }
    assert_eq!(
        fingerprint(&out),
        before,
        "the previous output is untouched"
    );

    // Before typesetting: a template that cannot be typeset is not reached.
    use_own_templates(&framework);
    framework.write(
        "templates/mirps-pdf.typ",
        "#let report(data) = panic(\"typeset\")\n",
    );
    let (code, stderr) = build_with_memory(framework.path(), &out, &["--format", "pdf"], "1M");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("would not fit in memory"), "{stderr}");
    assert!(!stderr.contains("typeset\""), "the template ran: {stderr}");
    assert_eq!(fingerprint(&out), before);

    // Without the PDF, nothing is refused.
    let (code, stderr) = build_with_memory(
        framework.path(),
        &out,
        &["--format", "md", "--format", "html", "--format", "data"],
        "1M",
    );
    assert_eq!(code, 0, "{stderr}");
}

/// The memory stated with `MIRPS_PDF_MEMORY` is what counts, more than the machine has too; a
/// value that is no amount of memory is an error that says so.
#[test]
fn mirps_pdf_memory_states_the_memory_available() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    let (code, stderr) = build_with_memory(framework.path(), &out, &["--format", "pdf"], "64T");
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("es/mirps.pdf").is_file());
    for wrong in ["lots", "6X", "-1G"] {
        let (code, stderr) = build_with_memory(framework.path(), &out, &["--format", "pdf"], wrong);
        assert_eq!(code, 2, "{wrong}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "MIRPS_PDF_MEMORY=`{wrong}` is not an amount of memory"
            )),
            "{wrong}: {stderr}"
        );
    }
}

/// Small documents are typeset side by side, large ones one after the other with Typst's caches
/// emptied as they go: a language's PDF is the same bytes either way, and built alone. (The
/// shipped framework's PDFs go side by side; with `MIRPS_PDF_MEMORY` at 600 MiB each fits but
/// not both together, so they go one after the other.)
#[test]
fn a_language_gives_the_same_pdf_alone_or_with_the_others() {
    let temp = tempfile::tempdir().unwrap();
    let both = temp.path().join("both");
    let one_by_one = temp.path().join("one-by-one");
    let alone = temp.path().join("alone");
    build(repo(), &both, &["--format", "pdf"]).assert_code(0);
    let (code, stderr) = build_with_memory(repo(), &one_by_one, &["--format", "pdf"], "600M");
    assert_eq!(code, 0, "{stderr}");
    for lang in ["es", "en"] {
        build(repo(), &alone, &["--format", "pdf", "--lang", lang]).assert_code(0);
        let file = format!("{lang}/mirps.pdf");
        let a = std::fs::read(both.join(&file)).unwrap();
        let b = std::fs::read(alone.join(&file)).unwrap();
        let c = std::fs::read(one_by_one.join(&file)).unwrap();
        assert!(a == b, "{file} differs when built alone");
        assert!(a == c, "{file} differs when typeset one after the other");
    }
}

/// mirps runs Typst's layout passes itself (to free memory between them): a layout that never
/// settles still stops after five passes with Typst's warnings, which show the value of every
/// pass.
#[test]
fn a_layout_that_does_not_settle_stops_with_typst_warnings() {
    let framework = Framework::minimal();
    use_own_templates(&framework);
    framework.write(
        "templates/mirps-pdf.typ",
        "#let s = state(\"s\", 0)\n\
         #let report(data) = [#context s.update(s.final() + 1) #context s.final()]\n",
    );
    let out = framework.path().join("build");
    let run = build(framework.path(), &out, &["--format", "pdf"]);
    run.assert_code(0).assert_no_crash();
    for words in [
        "warning: PDF of `es`: warning: document did not converge within five attempts",
        "value of `state(\"s\")` did not converge",
        "mirps-pdf.typ:2:40",
        "- run 1: `0`",
        "- run 5: `4`",
        "- final: `5`",
    ] {
        assert!(
            run.stderr.contains(words),
            "no `{words}` in: {}",
            run.stderr
        );
    }
    assert!(out.join("es/mirps.pdf").is_file());
}

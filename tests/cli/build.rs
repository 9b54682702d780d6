//! `mirps build`: what it publishes, that it is safe with hostile content, that every link
//! resolves, that it is deterministic and atomic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use super::support::{Framework, repo, run_in};

fn build(framework: &Framework, out: &Path, extra: &[&str]) -> super::support::Run {
    let dir = framework.path().to_str().unwrap().to_string();
    let out = out.to_str().unwrap().to_string();
    let mut args = vec!["-C", dir.as_str(), "build", "--out", out.as_str()];
    args.extend_from_slice(extra);
    run_in(framework.path(), &args)
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            found.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    found
}

fn html_pages(out: &Path) -> Vec<(PathBuf, Html)> {
    files(out)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| (p, Html::parse_document(&String::from_utf8(bytes).unwrap())))
        .collect()
}

#[test]
fn build_publishes_every_language_and_the_data() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    let run = build(&framework, &out, &[]);
    run.assert_code(0);
    for path in [
        "es/mirps.md",
        "es/html/index.html",
        "es/html/national/gtm.html",
        "es/html/national/hnd.html",
        "es/html/regional/oas.html",
        "es/html/cooperation/esp.html",
        "es/html/commitments.html",
        "es/html/search.html",
        "es/html/print.html",
        "es/html/assets/style.css",
        "es/html/assets/app.js",
        "es/html/assets/search.js",
        "data/mirps.json",
        "data/commitments.csv",
        ".mirps-build",
    ] {
        assert!(out.join(path).is_file(), "{path} missing");
    }
    let md = std::fs::read_to_string(out.join("es/mirps.md")).unwrap();
    assert!(md.contains("<a id=\"GTM-1.1\"></a>"));
    assert!(md.contains("[ESP-1](#ESP-1)"), "supported-by links: {md}");
}

#[test]
fn build_with_errors_publishes_nothing() {
    let framework = Framework::example("duplicate-id");
    let out = framework.path().join("build");
    let run = build(&framework, &out, &[]);
    run.assert_code(1);
    assert!(run.stderr.contains("duplicate-id"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn build_is_deterministic() {
    let framework = Framework::from("tests/fixtures/money");
    let first = framework.path().join("one");
    let second = framework.path().join("two");
    build(&framework, &first, &[]).assert_code(0);
    build(&framework, &second, &[]).assert_code(0);
    assert_eq!(files(&first), files(&second));
}

#[test]
fn build_never_replaces_a_folder_it_did_not_make() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    let run = build(&framework, &out, &[]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("not made by `mirps build`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    build(&framework, &out, &[]).assert_code(0);
    let before = files(&out);
    // A broken override template makes the next build fail after validation.
    framework.write("templates/chapter.html", "{% for x in %}");
    let toml = std::fs::read_to_string(framework.path().join("mirps.toml")).unwrap();
    framework.write(
        "mirps.toml",
        format!("{toml}\n[paths]\ntemplates = \"templates\"\n"),
    );
    let run = build(&framework, &out, &[]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("chapter.html"),
        "the error names the template: {}",
        run.stderr
    );
    assert_eq!(files(&out), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(framework.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".build."))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_rebuild_replaces_the_previous_output() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    build(&framework, &out, &[]).assert_code(0);
    std::fs::write(out.join("stale.txt"), "old").unwrap();
    build(&framework, &out, &["--lang", "es", "--format", "md"]).assert_code(0);
    assert!(!out.join("stale.txt").exists());
    assert!(out.join("es/mirps.md").is_file());
    assert!(!out.join("es/html").exists());
}

/// Content can hold anything; none of it may run or be read as a template.
#[test]
fn hostile_content_builds_and_nothing_in_it_can_run() {
    let framework = Framework::from("tests/fixtures/hostile");
    let out = framework.path().join("build");
    build(&framework, &out, &[]).assert_code(0);
    let scripts = Selector::parse("script").unwrap();
    let all = Selector::parse("*").unwrap();
    let dangerous = Selector::parse(
        "iframe, object, embed, frame, base, form[action^='javascript'], meta[http-equiv]",
    )
    .unwrap();
    let mut literal_template_seen = false;
    for (path, page) in html_pages(&out) {
        for script in page.select(&scripts) {
            let src = script.value().attr("src").unwrap_or_default();
            assert!(
                src.ends_with("assets/app.js") || src.ends_with("assets/search.js"),
                "{}: unexpected script {:?}",
                path.display(),
                script.html()
            );
            assert!(
                script.text().all(|t| t.trim().is_empty()),
                "{}: inline script",
                path.display()
            );
        }
        // The build's root page sends readers to the default language: its one refresh is
        // mirps's own, to a fixed address.
        let root_refresh = path == Path::new("index.html")
            && page
                .select(&dangerous)
                .all(|e| e.value().attr("content") == Some("0; url=es/html/index.html"));
        assert!(
            root_refresh || page.select(&dangerous).next().is_none(),
            "{}: dangerous element",
            path.display()
        );
        for element in page.select(&all) {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{}: event handler {name}={value}",
                    path.display()
                );
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("data:")
                        && !v.starts_with("vbscript:"),
                    "{}: {name}={value}",
                    path.display()
                );
                if name == "style" {
                    panic!("{}: inline style from content: {value}", path.display());
                }
            }
        }
        let text: String = page.root_element().text().collect();
        assert!(
            !text.contains("49"),
            "{}: `{{{{ 7*7 }}}}` was evaluated",
            path.display()
        );
        literal_template_seen |= text.contains("{{ 7*7 }}");
    }
    assert!(
        literal_template_seen,
        "the template syntax stays literal text"
    );
    let md = std::fs::read_to_string(out.join("es/mirps.md")).unwrap();
    // Raw HTML from content is written escaped (`\<script>`), which shows it as text.
    let unescaped = md.replace("\\<", "");
    assert!(
        !unescaped.contains("<script"),
        "raw HTML is neutralised in the Markdown document"
    );
    assert!(!unescaped.contains("<iframe"));
    assert!(
        !md.contains("](javascript:"),
        "no javascript: links in Markdown"
    );
}

/// Every internal link and anchor of every page resolves; nothing is loaded from elsewhere.
fn check_links(out: &Path) {
    let pages = html_pages(out);
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let with_id = Selector::parse("[id]").unwrap();
    for (path, page) in &pages {
        ids.insert(
            path.clone(),
            page.select(&with_id)
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect(),
        );
    }
    let linked = Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
    let mut checked = 0;
    for (path, page) in &pages {
        for element in page.select(&linked) {
            let tag = element.value().name();
            let target = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                assert_eq!(
                    tag,
                    "a",
                    "{}: {tag} loads {target} from elsewhere",
                    path.display()
                );
                continue;
            }
            assert!(
                !target.starts_with('/'),
                "{}: absolute link {target}",
                path.display()
            );
            let (file, fragment) = target
                .split_once('#')
                .map_or((target, None), |(f, h)| (f, Some(h)));
            let file = file.split('?').next().unwrap();
            let resolved = if file.is_empty() {
                path.clone()
            } else {
                normalize(&path.parent().unwrap().join(file))
            };
            assert!(
                out.join(&resolved).is_file(),
                "{}: broken link {target} ({})",
                path.display(),
                resolved.display()
            );
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let known = ids.get(&resolved).unwrap_or_else(|| {
                    panic!("{}: anchor into a non-page {target}", path.display())
                });
                assert!(
                    known.contains(fragment),
                    "{}: no #{fragment} in {}",
                    path.display(),
                    resolved.display()
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 0
            || pages
                .iter()
                .all(|(_, p)| p.root_element().text().all(|t| t.trim().is_empty()))
    );
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_link_and_anchor_of_the_shipped_site_resolves() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("build");
    let root = repo().to_str().unwrap();
    let run = run_in(
        repo(),
        &["-C", root, "build", "--out", target.to_str().unwrap()],
    );
    run.assert_code(0);
    check_links(&target);
}

#[test]
fn every_link_and_anchor_of_the_fixture_sites_resolves() {
    for fixture in ["tests/fixtures/money", "tests/fixtures/hostile"] {
        let framework = Framework::from(fixture);
        let out = framework.path().join("build");
        build(&framework, &out, &[]).assert_code(0);
        check_links(&out);
    }
}

#[test]
fn build_leaves_the_inputs_untouched() {
    let framework = Framework::from("tests/fixtures/money");
    let before = framework.fingerprint();
    build(&framework, &framework.path().join("build"), &[]).assert_code(0);
    let after: BTreeMap<_, _> = framework
        .fingerprint()
        .into_iter()
        .filter(|(p, _)| !p.starts_with("build"))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn unknown_language_is_a_usage_error() {
    let framework = Framework::from("tests/fixtures/money");
    let run = build(
        &framework,
        &framework.path().join("build"),
        &["--lang", "fr"],
    );
    run.assert_code(2);
    assert!(run.stderr.contains("`fr` is not a language"));
}

#[test]
fn timings_name_every_stage_on_stderr_only() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    let run = build(&framework, &out, &["--format", "md", "--timings"]);
    run.assert_code(0);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("no timings line in:\n{}", run.stderr));
    for stage in [
        "validate and link",
        "data",
        "Markdown, site",
        "PDF",
        "publish",
    ] {
        assert!(line.contains(stage), "`{stage}` missing from `{line}`");
    }
    assert!(!run.stdout.contains("timings"));
    // Without the flag, no timings.
    let run = build(&framework, &out, &["--format", "md"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("timings"));
}

/// The content region (`<main>`) of a page, one element per line for readable snapshots.
fn main_region(out: &Path, page: &str) -> String {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let doc = Html::parse_document(&html);
    let main = doc
        .select(&Selector::parse("main").unwrap())
        .next()
        .expect("a <main> landmark");
    main.html().replace("><", ">\n<")
}

#[test]
fn snapshots_of_the_markdown_and_of_representative_pages() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    // The same outputs with and without the PDF feature, so the pages offer the same downloads
    // (the PDF link itself is checked in outputs.rs).
    build(
        &framework,
        &out,
        &["--format", "md", "--format", "html", "--format", "data"],
    )
    .assert_code(0);
    let settings = |name: &str| {
        let mut s = insta::Settings::clone_current();
        s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        s.set_prepend_module_to_snapshot(false);
        s.set_omit_expression(true);
        s.set_description(format!("mirps build tests/fixtures/money: {name}"));
        s
    };
    for (name, text) in [
        (
            "build-es-mirps.md",
            std::fs::read_to_string(out.join("es/mirps.md")).unwrap(),
        ),
        (
            "build-es-index-main",
            main_region(&out, "es/html/index.html"),
        ),
        (
            "build-es-chapter-gtm-main",
            main_region(&out, "es/html/national/gtm.html"),
        ),
        (
            "build-es-cooperation-esp-main",
            main_region(&out, "es/html/cooperation/esp.html"),
        ),
    ] {
        settings(name).bind(|| insta::assert_snapshot!(name, text));
    }
}

#[test]
fn pages_have_one_h1_ordered_headings_and_the_page_language() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    build(&framework, &out, &["--format", "html"]).assert_code(0);
    let h1 = Selector::parse("h1").unwrap();
    let headings = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    let html_el = Selector::parse("html").unwrap();
    let landmarks = Selector::parse("header, nav, main, footer").unwrap();
    for (path, page) in html_pages(&out) {
        if path == Path::new("index.html") {
            // The build's root page, in the default language: a title and the languages.
            let root = page.select(&html_el).next().unwrap();
            assert_eq!(root.value().attr("lang"), Some("es"));
            assert_eq!(page.select(&h1).count(), 1, "the root page: one <h1>");
            continue;
        }
        let lang = path
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .to_string();
        let root = page.select(&html_el).next().unwrap();
        assert_eq!(
            root.value().attr("lang"),
            Some(lang.as_str()),
            "{}",
            path.display()
        );
        assert_eq!(page.select(&h1).count(), 1, "{}: one <h1>", path.display());
        assert!(
            page.select(&landmarks).count() >= 4,
            "{}: landmarks",
            path.display()
        );
        let mut previous = 0;
        for h in page.select(&headings) {
            let level: usize = h.value().name()[1..].parse().unwrap();
            assert!(
                level <= previous + 1,
                "{}: <{}> after <h{previous}>",
                path.display(),
                h.value().name()
            );
            previous = level;
        }
    }
}

/// Without the cargo feature `pdf` the binary builds everything else, and says why when asked
/// for a PDF.
#[cfg(not(feature = "pdf"))]
#[test]
fn format_pdf_without_the_pdf_feature_is_a_clear_error() {
    let framework = Framework::from("tests/fixtures/money");
    let out = framework.path().join("build");
    let run = build(&framework, &out, &["--format", "pdf"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("built without PDF support"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    build(&framework, &out, &[]).assert_code(0);
    assert!(out.join("es/mirps.md").is_file());
    assert!(!out.join("es/mirps.pdf").exists());
    assert!(!out.join("es/mirps.typ").exists());
}

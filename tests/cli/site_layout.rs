//! The website as a reader sees it on any screen (issue #11): tables that scroll in their own
//! box, charts that shrink with the page, the menu button of narrow screens, the commitments
//! caption that counts what the filter shows, and acronyms that stay with their names in the
//! print version. A real browser checks the same at 1366 and 360 px (scripts/e2e.sh).

use std::path::PathBuf;

use scraper::{ElementRef, Html, Selector};

use super::support::{Framework, run_in};

/// The shipped framework built (HTML only) into a temporary folder, removed when dropped.
struct Site {
    framework: Framework,
}

impl Site {
    fn build() -> Site {
        let framework = Framework::shipped();
        let dir = framework.path().to_str().unwrap().to_string();
        let out = framework.path().join("build");
        run_in(
            framework.path(),
            &[
                "-C",
                &dir,
                "build",
                "--format",
                "html",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .assert_code(0);
        Site { framework }
    }

    fn root(&self) -> PathBuf {
        self.framework.path().join("build")
    }

    fn page(&self, lang: &str, name: &str) -> Html {
        let path = self.root().join(lang).join("html").join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        Html::parse_document(&text)
    }

    /// Every page of the site in both languages: its path under the build, and its document.
    fn pages(&self) -> Vec<(String, Html)> {
        let root = self.root();
        let mut found = Vec::new();
        for lang in ["es", "en"] {
            let mut pending = vec![root.join(lang).join("html")];
            while let Some(dir) = pending.pop() {
                for entry in std::fs::read_dir(&dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        pending.push(path);
                    } else if path.extension().is_some_and(|e| e == "html") {
                        let rel = path.strip_prefix(&root).unwrap().display().to_string();
                        let text = std::fs::read_to_string(&path).unwrap();
                        found.push((rel, Html::parse_document(&text)));
                    }
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(
            found.len() > 10,
            "the shipped site has pages in both languages"
        );
        found
    }
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(el: ElementRef<'_>) -> String {
    el.text().collect()
}

/// The text of `el` that the templates write: without the chapters' Markdown inside it.
fn own_text(el: ElementRef<'_>) -> String {
    el.descendants()
        .filter_map(|node| {
            let words = node.value().as_text()?;
            let in_prose = node
                .ancestors()
                .take_while(|a| a.id() != el.id())
                .filter_map(ElementRef::wrap)
                .any(|a| has_class(&a, "prose"));
            (!in_prose).then(|| words.to_string())
        })
        .collect()
}

fn has_class(el: &ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

fn inside(el: ElementRef<'_>, class: &str) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| has_class(&a, class))
}

/// The acronyms in parentheses of `text` ("(PNUD)", "(SG-SICA)"; not "(2019)" nor "(en
/// inglés)") and the character before each "(".
fn acronyms(text: &str) -> Vec<(String, Option<char>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('(') {
        let Some(len) = text[at + 1..].find(')') else {
            continue;
        };
        let inner = &text[at + 1..at + 1 + len];
        let is_acronym = !inner.is_empty()
            && inner.chars().count() <= 15
            && inner
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.'))
            && inner.chars().filter(|c| c.is_uppercase()).count() >= 2;
        if is_acronym {
            found.push((inner.to_string(), text[..at].chars().next_back()));
        }
    }
    found
}

#[test]
fn print_lists_never_split_an_acronym_from_its_name() {
    let site = Site::build();
    for (lang, undp) in [
        (
            "es",
            "Programa de las Naciones Unidas para el Desarrollo\u{a0}(PNUD)",
        ),
        ("en", "United Nations Development Programme\u{a0}(UNDP)"),
    ] {
        let doc = site.page(lang, "print.html");
        let mut joined = 0;
        let mut split = Vec::new();
        // The lists the templates make (the contents in columns, the links to commitments,
        // programmes and pledges…), not the chapters' own Markdown.
        for li in doc.select(&sel("main li")) {
            if inside(li, "prose") {
                continue;
            }
            let words = own_text(li);
            for (acronym, before) in acronyms(&words) {
                match before {
                    Some('\u{a0}') => joined += 1,
                    Some(c) if c.is_whitespace() => {
                        split.push(format!("{acronym} in {:?}", words.trim()))
                    }
                    _ => {}
                }
            }
        }
        assert!(
            split.is_empty(),
            "{lang}/html/print.html: a line may break before these acronyms (a plain space \
             before the parenthesis):\n{}",
            split.join("\n")
        );
        let toc = doc
            .select(&sel(".print-toc li"))
            .map(text)
            .collect::<Vec<_>>();
        assert!(
            toc.iter().any(|t| t == undp),
            "the contents name the organization with its acronym, joined: {undp:?} in {toc:?}"
        );
        assert!(
            joined > 5,
            "{lang}: only {joined} acronyms joined to their names"
        );
    }
}

#[test]
fn commitments_caption_says_how_many_are_shown() {
    let site = Site::build();
    for (lang, all, some) in [
        ("es", "{total} compromisos", "4 de {total} compromisos"),
        ("en", "{total} commitments", "4 of {total} commitments"),
    ] {
        let doc = site.page(lang, "commitments.html");
        let rows = doc
            .select(&sel("#commitments-table tr[data-state]"))
            .count();
        assert!(rows > 10, "{lang}: the shipped commitments are listed");
        let total = rows.to_string();
        let caption = doc
            .select(&sel("#commitments-table caption"))
            .next()
            .expect("the table has a caption");
        let shown = caption
            .select(&sel("#commitments-shown"))
            .next()
            .expect("the caption holds the count app.js updates");
        // Without a filter (and without JavaScript) every row shows: the caption says so in words.
        assert_eq!(text(shown), all.replace("{total}", &total), "{lang}");
        assert!(
            !text(caption).contains(&format!("· {total} ·")),
            "{lang}: a bare count in the caption: {:?}",
            text(caption)
        );
        // While a filter hides rows, app.js fills `data-some` with what shows and the total.
        let template = shown.value().attr("data-some").expect("data-some");
        let filled = template.replace("{n}", "4").replace("{total}", &total);
        assert_eq!(
            filled,
            some.replace("{total}", &total),
            "{lang}: {template:?}"
        );
        assert!(
            shown
                .value()
                .attr("data-all")
                .is_some_and(|t| t.contains("{total}"))
        );
    }
}

#[test]
fn main_navigation_collapses_into_a_menu_button() {
    for (path, doc) in Site::build().pages() {
        let lang = if path.starts_with("es") { "es" } else { "en" };
        let nav = doc
            .select(&sel("nav.site-nav"))
            .next()
            .unwrap_or_else(|| panic!("{path}: no main navigation"));
        let button = nav
            .select(&sel("button.nav-toggle"))
            .next()
            .unwrap_or_else(|| panic!("{path}: no menu button in the navigation"));
        let b = button.value();
        assert_eq!(b.attr("type"), Some("button"), "{path}");
        assert_eq!(b.attr("aria-expanded"), Some("false"), "{path}");
        // Hidden until app.js runs: without scripts there is no dead button, and the list shows.
        assert!(
            b.attr("hidden").is_some(),
            "{path}: the button shows without JavaScript"
        );
        assert_eq!(
            text(button).trim(),
            if lang == "es" { "Menú" } else { "Menu" },
            "{path}"
        );
        let target = b.attr("aria-controls").expect("aria-controls");
        let list = nav
            .select(&sel(&format!("#{target}")))
            .next()
            .unwrap_or_else(|| panic!("{path}: the button controls no list of the navigation"));
        assert!(
            list.value().attr("hidden").is_none(),
            "{path}: the list is hidden in the HTML"
        );
        assert!(list.select(&sel("a[href]")).count() >= 4, "{path}");
    }
}

#[test]
fn wide_tables_scroll_inside_their_own_box() {
    let mut tables = 0;
    let mut charts = 0;
    for (path, doc) in Site::build().pages() {
        for table in doc.select(&sel("main table")) {
            if inside(table, "prose") {
                continue; // the stylesheet makes the chapters' own tables scroll
            }
            tables += 1;
            let parent = table.parent().and_then(ElementRef::wrap);
            assert!(
                parent.is_some_and(|p| has_class(&p, "table-wrap")),
                "{path}: a table (class {:?}) outside a .table-wrap box",
                table.value().attr("class")
            );
        }
        for svg in doc.select(&sel("svg.chart")) {
            charts += 1;
            let v = svg.value();
            let view_box: Vec<f64> = v
                .attr("viewBox")
                .expect("viewBox")
                .split(' ')
                .map(|n| n.parse().unwrap())
                .collect();
            let width: f64 = v.attr("width").expect("width").parse().unwrap();
            let height: f64 = v.attr("height").expect("height").parse().unwrap();
            // Drawn at a size in proportion to its viewBox, which the stylesheet shrinks.
            let ratio = |a: f64, b: f64| a / b;
            assert!(
                (ratio(width, height) - ratio(view_box[2], view_box[3])).abs() < 0.02,
                "{path}: the chart's width and height do not keep its viewBox's proportions"
            );
            assert!(
                inside(svg, "chart-scroll"),
                "{path}: a chart outside its box"
            );
        }
    }
    assert!(
        tables > 20 && charts >= 4,
        "{tables} tables, {charts} charts"
    );
}

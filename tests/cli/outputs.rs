//! One publication in three outputs: the site, the Markdown document and the PDF of the shipped
//! framework show the same figures, words, dates and order, and the defects a reader found in
//! them stay mended. Each test is named after what broke.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};

use super::support::{Framework, run_in};

/// `mirps build` of `framework` into `out`, which must succeed.
fn build(framework: &Framework, out: &Path, extra: &[&str]) {
    let dir = framework.path().to_str().unwrap().to_string();
    let mut args = vec!["-C", dir.as_str(), "build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_in(framework.path(), &args).assert_code(0);
}

/// The shipped framework, built once for every test here (every output this binary makes).
struct Shipped {
    _framework: Framework,
    out: PathBuf,
}

fn shipped() -> &'static Path {
    static BUILT: OnceLock<Shipped> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let framework = Framework::shipped();
            let out = framework.path().join("build");
            build(&framework, &out, &[]);
            Shipped {
                _framework: framework,
                out,
            }
        })
        .out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn page(lang: &str, path: &str) -> Html {
    Html::parse_document(&read(&shipped().join(lang).join("html").join(path)))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector).collect()
}

/// The text of an element as a reader sees it: every run of white space (the narrow no-break
/// space of Spanish figures included) one space.
fn text(element: ElementRef<'_>) -> String {
    normalize(&element.text().collect::<String>())
}

fn normalize(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rows of the site's funding table by State: the State's name, then every cell.
fn site_funding_rows(lang: &str) -> Vec<Vec<String>> {
    let index = page(lang, "index.html");
    select(&index, "table.totals-table tbody tr")
        .into_iter()
        .map(|row| {
            select_in(row, "th, td")
                .into_iter()
                .map(text)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

/// The cells of the Markdown table row that starts with the link to `name`.
fn markdown_row(markdown: &str, name: &str) -> Option<Vec<String>> {
    markdown
        .lines()
        .find(|line| line.starts_with(&format!("| [{name}](")))
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| {
                    let cell = cell.trim();
                    // `[Belice](#BLZ)` → `Belice`.
                    let cell = cell
                        .strip_prefix('[')
                        .and_then(|c| c.split_once("]("))
                        .map_or(cell, |(name, _)| name);
                    normalize(&cell.replace('\\', ""))
                })
                .collect()
        })
}

#[test]
fn funding_chart_and_table_show_the_same_figures() {
    // El Salvador's pledged amount not yet allocated (13.1 M) was a "Comprometido" bar in the
    // chart and 0 in the table. The chart's own table now lists the funding table's money
    // columns, with the same figures.
    for lang in ["es", "en"] {
        let index = page(lang, "index.html");
        let table = site_funding_rows(lang);
        let charts = select(&index, "figure");
        let funding = charts
            .iter()
            .find(|f| !select_in(**f, "svg[aria-labelledby^=chart-funding]").is_empty())
            .expect("the funding chart");
        let chart_rows: Vec<Vec<String>> = select_in(*funding, "tbody tr")
            .into_iter()
            .map(|row| select_in(row, "th, td").into_iter().map(text).collect())
            .collect();
        assert_eq!(chart_rows.len(), table.len(), "{lang}: a row per State");
        let headers: Vec<String> = select(&index, "table.totals-table thead th")
            .into_iter()
            .map(text)
            .collect();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let chart_headers: Vec<String> = select_in(*funding, "thead th")
            .into_iter()
            .map(text)
            .collect();
        for (chart_row, table_row) in chart_rows.iter().zip(&table) {
            for (i, header) in chart_headers.iter().enumerate().skip(1) {
                let at = column(header).unwrap_or_else(|| {
                    panic!("{lang}: the chart's series {header} is no column of the table")
                });
                assert_eq!(
                    chart_row[i], table_row[at],
                    "{lang}: {header} of {} differs between the chart and the table",
                    table_row[0]
                );
            }
        }
        // El Salvador: the 13.1 M pledged to it is in the table, where the chart shows it.
        let slv = table
            .iter()
            .find(|r| r[0] == "El Salvador")
            .expect("El Salvador's row");
        assert!(
            slv.iter().any(|c| c == "13.100.000" || c == "13,100,000"),
            "{lang}: {slv:?}"
        );
    }
}

#[test]
fn a_state_without_costing_shows_not_costed() {
    // Belize has no costed commitment: "Requerido 0 / Brecha 0" read as "no need".
    for (lang, words) in [("es", "sin costear"), ("en", "not costed")] {
        let rows = site_funding_rows(lang);
        let belize = rows
            .iter()
            .find(|r| r[0] == "Belice" || r[0] == "Belize")
            .expect("Belize's row");
        assert!(
            belize.iter().filter(|c| *c == words).count() >= 2,
            "{lang}: {belize:?}"
        );
        let markdown = read(&shipped().join(lang).join("mirps.md"));
        let name = if lang == "es" { "Belice" } else { "Belize" };
        let row = markdown_row(&markdown, name).expect("Belize in the Markdown funding table");
        assert!(
            row.iter().filter(|c| *c == words).count() >= 2,
            "{lang}: {row:?}"
        );
        // The reader is told how many commitments are costed.
        let costed = if lang == "es" {
            "3 de 65 compromisos costeados"
        } else {
            "3 of 65 commitments costed"
        };
        assert!(
            normalize(&read(&shipped().join(lang).join("html/index.html"))).contains(costed),
            "{lang}: the home page says how many commitments are costed"
        );
    }
}

#[test]
fn the_site_links_the_pdf_markdown_json_and_csv() {
    // The site never linked the PDF, and its "Documento" download was the raw Markdown.
    let out = shipped();
    for lang in ["es", "en"] {
        for path in ["index.html", "national/gtm.html", "print.html"] {
            let html = page(lang, path);
            let page_dir = out.join(lang).join("html").join(path);
            let page_dir = page_dir.parent().unwrap();
            let mut kinds = Vec::new();
            for link in select(&html, "footer a[data-download]") {
                let kind = link.value().attr("data-download").unwrap().to_string();
                let href = link.value().attr("href").unwrap();
                let target = page_dir.join(href);
                assert!(target.is_file(), "{lang}/{path}: {href} does not exist");
                assert!(!text(link).is_empty(), "{lang}/{path}: {kind} has no name");
                kinds.push(kind);
            }
            let mut expected = vec!["md", "json", "csv"];
            if cfg!(feature = "pdf") {
                expected.insert(0, "pdf");
            }
            assert_eq!(kinds, expected, "{lang}/{path}");
        }
    }
}

#[test]
fn the_build_root_sends_readers_to_the_default_language() {
    // A published address had to end at `/es/html/index.html`: the build had no root page.
    let root = Html::parse_document(&read(&shipped().join("index.html")));
    let refresh = select(&root, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=es/html/index.html")
    );
    let links: Vec<(String, String)> = select(&root, "main a")
        .into_iter()
        .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    for (href, _) in &links {
        assert!(shipped().join(href).is_file(), "{href}");
    }
    assert_eq!(links[0].1, "Leer el MIRPS en español");
    assert_eq!(links[1].1, "Read the MIRPS in English");
}

#[test]
fn acronyms_are_printed_once_and_in_the_language() {
    // "Comisión Interamericana de Derechos Humanos (CIDH) (IACHR)", "(UNDP) (UNDP)", and the
    // Spanish outputs wrote "(OAS)" for OEA.
    let markdown_es = read(&shipped().join("es/mirps.md"));
    let markdown_en = read(&shipped().join("en/mirps.md"));
    let print_es = normalize(&read(&shipped().join("es/html/print.html")));
    for (lang, text) in [
        ("es", &markdown_es),
        ("en", &markdown_en),
        ("es print", &print_es),
    ] {
        for doubled in [
            "(CIDH) (IACHR)",
            "(UNDP) (UNDP)",
            "(PNUD) (UNDP)",
            "(ACNUR) (UNHCR)",
        ] {
            assert!(!text.contains(doubled), "{lang}: {doubled}");
        }
    }
    let normalized = normalize(&markdown_es);
    assert!(normalized.contains("Organización de los Estados Americanos (OEA)"));
    assert!(!normalized.contains("Organización de los Estados Americanos (OAS)"));
    assert!(normalize(&markdown_en).contains("Organization of American States (OAS)"));
    #[cfg(feature = "pdf")]
    {
        let pdf = super::pdf::pdf_text(&shipped().join("es/mirps.pdf"));
        assert!(!pdf.contains("(CIDH) (IACHR)"), "the Spanish PDF");
        assert!(!pdf.contains("(UNDP) (UNDP)"));
        assert!(pdf.contains("Organización de los Estados Americanos (OEA)"));
    }
}

#[test]
fn generated_figures_follow_the_language_number_style() {
    // Generated figures read 9,856,800 beside authored prose that writes 6,3 millones.
    // By default, Spanish figures are written as the chapters' prose writes them ("71.500
    // personas", "6,3 millones"): a point between thousands.
    let es = normalize(&read(&shipped().join("es/html/index.html")));
    let en = normalize(&read(&shipped().join("en/html/index.html")));
    assert!(
        es.contains("9.856.800"),
        "Spanish figures group with points"
    );
    assert!(!es.contains("9,856,800"));
    assert!(en.contains("9,856,800"));
    let prose = read(&super::support::repo().join("chapters/national/gtm.yaml"));
    assert!(
        prose.contains("**65.788** personas"),
        "the prose the figures match"
    );
    // A framework may choose another convention.
    let framework = Framework::shipped();
    let toml = read(&framework.path().join("mirps.toml"));
    // Without its own `[numbers]` table (the lines from `[numbers]` to the next table).
    let mut kept = Vec::new();
    let mut in_numbers = false;
    for line in toml.lines() {
        if line.starts_with('[') {
            in_numbers = line.trim() == "[numbers]";
        }
        if !in_numbers {
            kept.push(line);
        }
    }
    let toml = kept.join("\n");
    framework.write(
        "mirps.toml",
        format!("{toml}\n[numbers]\nes = {{ thousands = \" \", decimal = \",\" }}\n"),
    );
    let out = framework.path().join("out");
    let dir = framework.path().to_str().unwrap().to_string();
    run_in(
        framework.path(),
        &[
            "-C",
            &dir,
            "build",
            "--format",
            "md",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .assert_code(0);
    let md = read(&out.join("es/mirps.md"));
    assert!(
        md.contains("9\u{202f}856\u{202f}800"),
        "the configured style: a thin space that never breaks a figure across lines"
    );
}

#[test]
fn the_markdown_writes_dates_in_words_and_has_the_context_heading() {
    // The Markdown printed "Datos al 2025-11-30" where the site and the PDF write the date in
    // words, and lacked the "Contexto" heading the PDF has.
    let es = read(&shipped().join("es/mirps.md"));
    assert!(es.contains("30 de noviembre de 2025"));
    assert!(!es.contains("Datos al 2025-11-30"));
    let en = read(&shipped().join("en/mirps.md"));
    assert!(en.contains("30 November 2025"));
    let context_headings = es.lines().filter(|l| l.ends_with(" Contexto")).count();
    let chapters_with_context = 7;
    assert!(
        context_headings >= chapters_with_context,
        "{context_headings} «Contexto» headings"
    );
}

#[test]
fn the_site_has_a_favicon_and_open_graph_tags() {
    for lang in ["es", "en"] {
        for path in ["index.html", "national/gtm.html"] {
            let html = page(lang, path);
            let icon = select(&html, "link[rel=icon]");
            let href = icon[0].value().attr("href").unwrap();
            let dir = shipped().join(lang).join("html").join(path);
            assert!(dir.parent().unwrap().join(href).is_file(), "{href}");
            for property in ["og:title", "og:description", "og:type", "og:site_name"] {
                let tag = select(&html, &format!("meta[property=\"{property}\"]"));
                assert!(
                    tag.first()
                        .and_then(|t| t.value().attr("content"))
                        .is_some_and(|c| !c.trim().is_empty()),
                    "{lang}/{path}: {property}"
                );
            }
        }
    }
}

/// The cells of a Markdown table row, as a reader reads them: links, emphasis and escapes
/// gone.
fn markdown_cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split(" | ")
        .map(|cell| {
            let cell = cell.trim().trim_matches('*');
            let cell = cell
                .strip_prefix('[')
                .and_then(|c| c.split_once("]("))
                .map_or(cell, |(name, _)| name);
            normalize(&cell.replace('\\', ""))
        })
        .collect()
}

/// The table of `markdown` whose header is `header`: its rows, cells read as a reader does.
fn markdown_table(markdown: &str, header: &[String]) -> Vec<Vec<String>> {
    let lines: Vec<&str> = markdown.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with('|') && markdown_cells(l) == header)
        .unwrap_or_else(|| panic!("no Markdown table headed {header:?}"));
    lines[start + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .map(|l| markdown_cells(l))
        .collect()
}

/// Whether `items` appear in `text` in this order.
#[cfg(feature = "pdf")]
fn in_order(text: &str, items: &[String]) -> Result<(), String> {
    let mut from = 0;
    for item in items {
        match text[from..].find(item.as_str()) {
            Some(at) => from += at + item.len(),
            None => {
                let context: String = text[from..].chars().take(300).collect();
                return Err(format!("«{item}» not found after: {context}…"));
            }
        }
    }
    Ok(())
}

/// The headings of Guatemala's chapter on its page: the chapter's parts (summary, context,
/// sections), its pillars and its commitments, in order.
fn site_chapter_headings(lang: &str) -> Vec<String> {
    let chapter = page(lang, "national/gtm.html");
    select(
        &chapter,
        "main section.chapter-part > h2, main .pillar-title, main .commitment-title",
    )
    .into_iter()
    .filter(|h| {
        // The list of institutions closes the page; the documents print it as a table.
        !h.value()
            .attr("id")
            .is_some_and(|id| id.starts_with("institutions"))
    })
    .map(|h| {
        let heading = text(h);
        // The site counts a pillar's commitments beside its heading: "(5)".
        match heading.rsplit_once(" (") {
            Some((title, count)) if count.trim_end_matches(')').parse::<u32>().is_ok() => {
                title.to_string()
            }
            _ => heading,
        }
    })
    .collect()
}

#[test]
fn the_three_outputs_show_the_same_funding_table_figures_and_headings() {
    // The site, the Markdown and the PDF disagreed: figures, words, dates. Read as a reader
    // reads them — the site through an HTML parser, the Markdown as text, the PDF through its
    // extracted text — they now show the same funding table (header, rows, totals), the same
    // key figures and the same headings of a chapter, in the same order.
    for lang in ["es", "en"] {
        let index = page(lang, "index.html");
        let header: Vec<String> = select(&index, "table.totals-table thead th")
            .into_iter()
            .map(text)
            .collect();
        let mut rows = site_funding_rows(lang);
        let totals: Vec<String> = select(&index, "table.totals-table tfoot tr > *")
            .into_iter()
            .map(text)
            .map(|cell| cell.trim_end_matches('*').to_string())
            .collect();
        rows.push(totals.clone());
        assert_eq!(rows.len(), 8, "{lang}: seven States and the totals");

        let markdown = read(&shipped().join(lang).join("mirps.md"));
        assert_eq!(
            markdown_table(&markdown, &header),
            rows,
            "{lang}: the Markdown's funding table is the site's"
        );

        // Key figures: every headline figure of the site is in the document.
        let figures: Vec<String> = select(&index, "ul.figures .fig-value")
            .into_iter()
            .map(|v| {
                // "USD 9 856 800" → "9 856 800"; "25 (38 %)" → "25".
                let value = text(v);
                let value = value.strip_prefix("USD ").unwrap_or(&value).to_string();
                value.split(" (").next().unwrap().to_string()
            })
            .collect();
        assert!(figures.len() >= 7, "{lang}: {figures:?}");
        let markdown_text = normalize(&markdown);
        for figure in &figures {
            assert!(
                markdown_text.contains(figure.as_str()),
                "{lang}: key figure {figure} is not in the Markdown"
            );
        }

        // The headings of a chapter.
        let headings = site_chapter_headings(lang);
        assert!(headings.len() > 12, "{lang}: {headings:?}");
        let start = markdown
            .find("<a id=\"chapter-GTM\">")
            .expect("GTM's anchor");
        let end = markdown[start..]
            .find("<a id=\"chapter-HND\">")
            .map_or(markdown.len(), |e| start + e);
        let markdown_headings: Vec<String> = markdown[start..end]
            .lines()
            .filter(|l| l.starts_with("####"))
            .map(|l| {
                let heading = normalize(l.trim_start_matches('#').replace('\\', "").trim());
                // "GTM-1.1 · Title" → "Title": the site prints the id beside the heading.
                match heading.split_once(" · ") {
                    Some((id, title)) if id.starts_with("GTM-") => title.to_string(),
                    _ => heading,
                }
            })
            .collect();
        assert_eq!(
            markdown_headings, headings,
            "{lang}: Guatemala's headings in the Markdown and on the site"
        );

        #[cfg(feature = "pdf")]
        {
            // A PDF's extracted text loses the no-break space before `%` at some places:
            // read `68 %` and `68%` alike, in both texts.
            let tight = |t: &str| t.replace(" %", "%");
            let pdf = tight(&normalize(&super::pdf::pdf_text(
                &shipped().join(lang).join("mirps.pdf"),
            )));
            // The funding table: the first State's row starts it (the header's words may be
            // hyphenated in the PDF's narrow columns); then every row's cells in order.
            let cells: Vec<String> = rows.iter().flatten().map(|c| tight(c)).collect();
            let table_at = pdf
                .match_indices(&cells[..4].join(" "))
                .map(|(at, _)| at)
                .next()
                .unwrap_or_else(|| {
                    panic!("{lang}: the PDF has no funding table row {:?}", &cells[..4])
                });
            in_order(&pdf[table_at..], &cells)
                .unwrap_or_else(|e| panic!("{lang}: the PDF's funding table: {e}"));
            for figure in &figures {
                assert!(
                    pdf.contains(figure.as_str()),
                    "{lang}: key figure {figure} not in the PDF"
                );
            }
            // Guatemala's headings, in order, in its chapter (after the contents).
            let chapter_at = pdf
                .match_indices(&headings[0])
                .map(|(at, _)| at)
                .find(|at| in_order(&pdf[*at..], &headings).is_ok());
            assert!(
                chapter_at.is_some(),
                "{lang}: Guatemala's headings in the PDF: {}",
                in_order(&pdf, &headings).unwrap_err()
            );
        }
    }
}

#[test]
fn partner_logos_are_on_the_site_header_and_the_pdf_cover() {
    let framework = Framework::from("tests/fixtures/publication");
    let out = framework.path().join("build");
    build(&framework, &out, &[]);
    for lang in ["es"] {
        let html_dir = out.join(lang).join("html");
        let index = Html::parse_document(&read(&html_dir.join("index.html")));
        let logos = select(&index, "header .partner-logos img");
        assert_eq!(logos.len(), 2, "{lang}: both logos in the header");
        for logo in &logos {
            let src = logo.value().attr("src").unwrap();
            let file = html_dir.join(src);
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{src}: {e}"));
            let source = std::fs::read_dir(framework.path().join("assets/logos"))
                .unwrap()
                .map(|e| std::fs::read(e.unwrap().path()).unwrap())
                .any(|original| original == bytes);
            assert!(source, "{lang}: {src} is a copy of a logo of the framework");
            assert!(
                !logo
                    .value()
                    .attr("alt")
                    .unwrap_or_default()
                    .trim()
                    .is_empty(),
                "{lang}: {src} has an alternative text"
            );
        }
    }
    #[cfg(feature = "pdf")]
    {
        // The PNG logo is an image of the cover; the SVG one is drawn.
        let pdf = lopdf::Document::load(out.join("es/mirps.pdf")).unwrap();
        let images = pdf
            .objects
            .values()
            .filter_map(|object| object.as_stream().ok())
            .filter(|stream| {
                stream
                    .dict
                    .get(b"Subtype")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|name| name == b"Image")
            })
            .count();
        assert!(images >= 1, "the PDF embeds the PNG logo");
    }
}

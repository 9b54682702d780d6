//! Spreadsheets both ways (`mirps sheet export|template|import`, `mirps validate FILE.xlsx`):
//! every shipped chapter round-trips, a drafter's edits come back as the minimal change of the
//! chapter, every problem is placed at its cell, and hostile workbooks give a diagnostic or
//! exit 2, never a panic. Workbooks are edited here as a spreadsheet would: read, a cell
//! changed, written again (through mirps's own reader and writer; the openpyxl and LibreOffice
//! checks run in `.ci/run`).

use std::path::Path;

use mirps::sheet::{CellValue, GridCell, Workbook, read, write};

use super::support::{Framework, parse_short};

const GTM: &str = "chapters/national/gtm.yaml";

fn shipped() -> Framework {
    Framework::shipped()
}

fn export(framework: &Framework, chapter: &str, out: &str) {
    framework
        .run(&["--lang", "es", "sheet", "export", chapter, "-o", out])
        .assert_code(0);
}

/// The workbook at `file` of `framework`, read.
fn open(framework: &Framework, file: &str) -> Workbook {
    read::read(&framework.path().join(file)).expect("the workbook reads")
}

/// Write `workbook` as `file` (mirps's copy of a workbook, with no problem marked: what a
/// spreadsheet saving it would write, values at their cells).
fn save(framework: &Framework, workbook: &Workbook, file: &str) {
    let config = mirps::config::Config::defaults(framework.path().to_path_buf());
    let bytes = write::annotate(workbook, None, &config, mirps::lang::Lang::Es, &[]).unwrap();
    std::fs::write(framework.path().join(file), bytes).unwrap();
}

/// The (row, column) of the cell of `path` (a machine path of the hidden row 2) in the data
/// row of the item whose first column reads `id`.
fn cell_of(workbook: &Workbook, sheet: &str, id: &str, path: &str) -> (u32, u32) {
    let sheet = workbook.sheet(sheet).expect("the sheet");
    let col = sheet
        .cells
        .iter()
        .find(|((r, _), c)| *r == 1 && c.value == CellValue::Text(path.into()))
        .map(|((_, c), _)| *c)
        .unwrap_or_else(|| panic!("no column {path}"));
    let row = sheet
        .cells
        .iter()
        .find(|((r, c), v)| *r >= 2 && *c == 0 && v.value == CellValue::Text(id.into()))
        .map(|((r, _), _)| *r)
        .unwrap_or_else(|| panic!("no row {id}"));
    (row, col)
}

fn set(workbook: &mut Workbook, sheet: &str, at: (u32, u32), value: CellValue) {
    let sheet = workbook
        .sheets
        .iter_mut()
        .find(|s| s.name == sheet)
        .unwrap();
    sheet.cells.insert(
        at,
        GridCell {
            value,
            formula: false,
        },
    );
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

#[test]
fn every_shipped_chapter_round_trips_byte_for_byte() {
    let framework = shipped();
    let chapters: Vec<_> = walk(&framework.path().join("chapters"));
    assert!(chapters.len() >= 15, "the shipped chapters");
    for chapter in chapters {
        let relative = chapter
            .strip_prefix(framework.path())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let before = std::fs::read(&chapter).unwrap();
        export(&framework, &relative, "book.xlsx");
        framework
            .run(&["sheet", "import", "book.xlsx", "--into", &relative])
            .assert_code(0);
        assert_eq!(
            std::fs::read(&chapter).unwrap(),
            before,
            "{relative}: the same bytes after a round trip"
        );
        // Without a chapter to write into, the printed YAML is the same typed document.
        let printed = framework.run(&["sheet", "import", "book.xlsx"]);
        printed.assert_code(0);
        assert_eq!(
            typed(&printed.stdout),
            typed(&String::from_utf8(before).unwrap()),
            "{relative}: the same typed document"
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The typed document of a YAML text.
fn typed(text: &str) -> mirps::model::Document {
    let source = mirps::source::SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into());
    let mut diags = Vec::new();
    let tree = mirps::load::yaml::parse(0, &source, &mut diags).expect("YAML");
    let kind = mirps::model::Kind::from_name(tree.get("kind").unwrap().as_str().unwrap()).unwrap();
    mirps::model::Document::from_tree(kind, &tree).expect("a typed document")
}

/// gtm.xlsx with a pillar typo (2nd commitment), an amount typed `450.000` and a formula.
fn broken_gtm(framework: &Framework) -> (u32, u32) {
    export(framework, GTM, "gtm.xlsx");
    let mut book = open(framework, "gtm.xlsx");
    let pillar = cell_of(&book, "Compromisos", "GTM-1.2", "pillar");
    set(&mut book, "Compromisos", pillar, text("reception-admision"));
    let amount = cell_of(&book, "Compromisos", "GTM-1.3", "budget/required");
    set(&mut book, "Compromisos", amount, text("450.000"));
    let currency = cell_of(&book, "Compromisos", "GTM-1.3", "budget/currency");
    set(&mut book, "Compromisos", currency, text("USD"));
    save(framework, &book, "gtm.xlsx");
    pillar
}

#[test]
fn a_pillar_typo_is_reported_at_its_cell_in_every_format() {
    let framework = shipped();
    let (row, col) = broken_gtm(&framework);
    let cell = format!("{}{}", mirps::source::column_letters(col), row + 1);
    let short = framework.validate(&["--format", "short", "gtm.xlsx"]);
    short.assert_code(1);
    let lines: Vec<_> = short.stdout.lines().collect();
    assert!(
        lines.contains(&format!("gtm.xlsx:Compromisos!{cell}: error[unknown-pillar]: `reception-admision` is not a pillar of this framework; use one of `reception-admission`, `immediate-needs`, `host-communities` or `durable-solutions`").as_str()),
        "{}",
        short.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("gtm.xlsx:Compromisos!") && l.contains("[thousands-separator]")),
        "{}",
        short.stdout
    );
    let json = framework.validate(&["--format", "json", "gtm.xlsx"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let pillar = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-pillar")
        .unwrap();
    assert_eq!(pillar["labels"][0]["sheet"], "Compromisos");
    assert_eq!(pillar["labels"][0]["row"], row + 1);
    assert_eq!(pillar["labels"][0]["cell"], cell.as_str());
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        for format in ["short", "human", "json", "github", "sarif"] {
            let run = framework.validate(&["--format", format, "gtm.xlsx"]);
            run.assert_code(1);
            insta::assert_snapshot!(format!("sheet_problems_{format}"), run.stdout);
        }
        let spanish = framework.validate(&["--format", "human", "--lang", "es", "gtm.xlsx"]);
        insta::assert_snapshot!("sheet_problems_human_es", spanish.stdout);
    });
}

#[test]
fn errors_block_the_import_and_annotate_marks_their_cells() {
    let framework = shipped();
    broken_gtm(&framework);
    let before = std::fs::read(framework.path().join(GTM)).unwrap();
    let run = framework.run(&[
        "--lang",
        "es",
        "sheet",
        "import",
        "gtm.xlsx",
        "--into",
        GTM,
        "--annotate",
        "marked.xlsx",
        "--format",
        "short",
    ]);
    run.assert_code(1);
    assert_eq!(std::fs::read(framework.path().join(GTM)).unwrap(), before);
    assert!(run.stderr.contains("no se escribió"), "{}", run.stderr);
    let marked = open(&framework, "marked.xlsx");
    assert!(marked.sheets[0].name.starts_with("Problemas"));
    let listed: Vec<String> = marked.sheets[0]
        .cells
        .values()
        .map(|c| c.value.shown())
        .collect();
    assert!(listed.iter().any(|v| v == "unknown-pillar"), "{listed:?}");
    assert!(
        listed.iter().any(|v| v == "thousands-separator"),
        "{listed:?}"
    );
    // Every cell of the drafter's sheets is still there.
    let original = open(&framework, "gtm.xlsx");
    for sheet in &original.sheets {
        let copy = marked.sheet(&sheet.name).expect("every sheet is copied");
        assert_eq!(copy.cells, sheet.cells, "{}", sheet.name);
    }
}

#[test]
fn a_new_commitment_row_is_appended_in_the_chapters_style() {
    let framework = shipped();
    export(&framework, GTM, "gtm.xlsx");
    let mut book = open(&framework, "gtm.xlsx");
    let sheet = book.sheet("Compromisos").unwrap();
    let last = sheet.last_row().unwrap();
    let columns: Vec<(String, u32)> = sheet
        .cells
        .iter()
        .filter(|((r, _), _)| *r == 1)
        .map(|((_, c), v)| (v.value.shown(), *c))
        .collect();
    let col = |path: &str| columns.iter().find(|(p, _)| p == path).unwrap().1;
    let row = last + 1;
    for (path, value) in [
        ("id", text("GTM-1.9")),
        ("pillar", text("reception-admission")),
        ("title/es", text("Ventanilla única de atención")),
        ("title/en", text("One-stop assistance desk")),
        ("populations/0", text("refugees")),
        ("lead", text("IGM")),
        ("timeframe/start", CellValue::Number(2026.0)),
    ] {
        set(&mut book, "Compromisos", (row, col(path)), value);
    }
    save(&framework, &book, "gtm.xlsx");
    let before = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    framework
        .run(&["sheet", "import", "gtm.xlsx", "--into", GTM])
        .assert_code(0);
    let after = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    let added = "\n  - id: GTM-1.9\n    pillar: reception-admission\n    title:\n      es: Ventanilla única de atención\n      en: One-stop assistance desk\n    populations: [refugees]\n    lead: IGM\n    timeframe: { start: 2026 }\n";
    assert!(
        after.starts_with(&before),
        "nothing before the new commitment changed"
    );
    assert_eq!(&after[before.len()..], added);
    framework.validate(&[GTM]).assert_code(0);
}

#[test]
fn a_changed_cell_changes_that_value_only() {
    let framework = shipped();
    export(&framework, GTM, "gtm.xlsx");
    let mut book = open(&framework, "gtm.xlsx");
    let at = cell_of(&book, "Compromisos", "GTM-1.2", "pillar");
    set(&mut book, "Compromisos", at, text("immediate-needs"));
    save(&framework, &book, "gtm.xlsx");
    let before = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    let run = framework.run(&["sheet", "import", "gtm.xlsx", "--into", GTM]);
    run.assert_code(0);
    let after = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    let at = before
        .find("- id: GTM-1.2\n    pillar: reception-admission")
        .unwrap();
    let expected = format!(
        "{}{}",
        &before[..at],
        before[at..].replacen("pillar: reception-admission", "pillar: immediate-needs", 1)
    );
    assert_eq!(after, expected);
    assert!(run.stderr.contains("2 lines changed"), "{}", run.stderr);
}

#[test]
fn template_is_the_empty_workbook_and_imports_into_a_new_chapter() {
    let framework = shipped();
    std::fs::remove_file(framework.path().join("chapters/national/pan.yaml")).unwrap();
    framework
        .run(&[
            "--lang", "es", "sheet", "template", "national", "PAN", "-o", "pan.xlsx",
        ])
        .assert_code(0);
    let book = open(&framework, "pan.xlsx");
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        &names[..6],
        [
            "Capítulo",
            "Textos",
            "Instituciones",
            "Compromisos",
            "Indicadores",
            "Avances"
        ]
    );
    let commitments = book.sheet("Compromisos").unwrap();
    assert!(
        commitments.cells.keys().all(|(r, _)| *r < 2),
        "no data rows"
    );
    let english = framework.run(&[
        "--lang",
        "en",
        "sheet",
        "template",
        "national",
        "PAN",
        "-o",
        "pan-en.xlsx",
    ]);
    english.assert_code(0);
    let book = open(&framework, "pan-en.xlsx");
    assert_eq!(book.sheets[3].name, "Commitments");
    framework
        .run(&[
            "sheet",
            "import",
            "pan.xlsx",
            "--into",
            "chapters/national/pan.yaml",
        ])
        .assert_code(1);
}

#[test]
fn another_kind_or_an_unknown_layout_is_refused_with_a_clear_message() {
    let framework = shipped();
    export(&framework, "chapters/cooperating/can.yaml", "can.xlsx");
    let run = framework.run(&["sheet", "import", "can.xlsx", "--into", GTM]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("`cooperation`") && run.stderr.contains("`national-chapter`"),
        "{}",
        run.stderr
    );
    // A workbook mirps did not make.
    let mut plain = Workbook::default();
    plain.sheets.push(mirps::sheet::Sheet {
        name: "Hoja1".into(),
        ..Default::default()
    });
    set(&mut plain, "Hoja1", (0, 0), text("id"));
    save(&framework, &plain, "plain.xlsx");
    let run = framework.run(&["sheet", "import", "plain.xlsx", "--into", GTM]);
    run.assert_code(2);
    assert!(run.stderr.contains("mirps sheet export"), "{}", run.stderr);
    let run = framework.validate(&["--format", "short", "plain.xlsx"]);
    run.assert_code(1);
    assert_eq!(
        parse_short(run.stdout.lines().next().unwrap()).code,
        "workbook-layout"
    );
    // A column whose hidden path was changed.
    export(&framework, GTM, "gtm.xlsx");
    let mut book = open(&framework, "gtm.xlsx");
    let (_, col) = cell_of(&book, "Compromisos", "GTM-1.1", "pillar");
    set(&mut book, "Compromisos", (1, col), text("pilar"));
    save(&framework, &book, "gtm.xlsx");
    let run = framework.validate(&["--format", "short", "gtm.xlsx"]);
    run.assert_code(1);
    assert!(
        run.stdout
            .starts_with("gtm.xlsx:Compromisos!B2: error[workbook-layout]"),
        "{}",
        run.stdout
    );
}

#[test]
fn other_formats_and_damaged_files_are_refused_never_a_panic() {
    let framework = shipped();
    for (name, bytes) in [
        (
            "old.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really".to_vec(),
        ),
        ("sheet.ods", b"PK\x03\x04 an OpenDocument".to_vec()),
        ("data.csv", b"id,pillar\nGTM-1.1,x\n".to_vec()),
        ("broken.xlsx", b"PK\x03\x04\x14\x00 cut short".to_vec()),
        ("empty.xlsx", Vec::new()),
    ] {
        framework.write(name, &bytes);
        let run = framework.validate(&["--format", "short", name]);
        run.assert_no_crash().assert_code(1);
        assert!(
            run.stdout.contains("error[workbook-unreadable]"),
            "{name}: {}",
            run.stdout
        );
        let import = framework.run(&["sheet", "import", name, "--into", GTM]);
        import.assert_no_crash().assert_code(2);
        assert!(
            import.stderr.contains(".xlsx"),
            "{name}: says which format: {}",
            import.stderr
        );
    }
}

#[test]
fn formula_looking_text_stays_text() {
    let framework = shipped();
    export(&framework, GTM, "gtm.xlsx");
    let mut book = open(&framework, "gtm.xlsx");
    let title = cell_of(&book, "Compromisos", "GTM-1.1", "title/en");
    set(
        &mut book,
        "Compromisos",
        title,
        text("=HYPERLINK(\"http://x\")"),
    );
    save(&framework, &book, "gtm.xlsx");
    let reread = open(&framework, "gtm.xlsx");
    assert_eq!(
        reread
            .sheet("Compromisos")
            .unwrap()
            .get(title.0, title.1)
            .unwrap()
            .value,
        text("=HYPERLINK(\"http://x\")"),
        "text is written as text, never as a formula"
    );
    assert!(
        !reread
            .sheet("Compromisos")
            .unwrap()
            .get(title.0, title.1)
            .unwrap()
            .formula
    );
}

#[test]
fn annotate_without_into_validates_and_writes_the_marked_copy() {
    let framework = shipped();
    broken_gtm(&framework);
    let run = framework.run(&[
        "sheet",
        "import",
        "gtm.xlsx",
        "--annotate",
        "alone.xlsx",
        "--format",
        "short",
    ]);
    run.assert_code(1);
    assert!(run.stdout.contains("[unknown-pillar]"), "{}", run.stdout);
    let marked = open(&framework, "alone.xlsx");
    assert!(marked.sheets[0].name.starts_with("Problem"));
}

#[test]
fn a_workbook_in_a_downloads_folder_imports_into_its_chapters_framework() {
    let framework = shipped();
    let downloads = Framework::empty();
    let book = downloads.path().join("arg.xlsx");
    let chapter = "chapters/cooperating/arg.yaml";
    export(&framework, chapter, book.to_str().unwrap());
    let before = std::fs::read(framework.path().join(chapter)).unwrap();
    // Run from the framework's folder, without `-C`: the framework is the chapter's.
    let run = super::support::run_in(
        framework.path(),
        &["sheet", "import", book.to_str().unwrap(), "--into", chapter],
    );
    run.assert_code(0);
    assert_eq!(
        std::fs::read(framework.path().join(chapter)).unwrap(),
        before
    );
}

#[test]
fn a_renamed_sheet_is_still_read() {
    let framework = shipped();
    let (row, col) = broken_gtm(&framework);
    let mut book = open(&framework, "gtm.xlsx");
    let sheet = book
        .sheets
        .iter_mut()
        .find(|s| s.name == "Compromisos")
        .unwrap();
    sheet.name = "Compromisos 2024".into();
    save(&framework, &book, "gtm.xlsx");
    let run = framework.validate(&["--format", "short", "gtm.xlsx"]);
    run.assert_code(1);
    let cell = format!("{}{}", mirps::source::column_letters(col), row + 1);
    assert!(
        run.stdout.contains(&format!(
            "gtm.xlsx:'Compromisos 2024'!{cell}: error[unknown-pillar]"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn deleting_every_section_row_removes_sections_instead_of_emptying_them() {
    let framework = shipped();
    export(&framework, GTM, "gtm.xlsx");
    let mut book = open(&framework, "gtm.xlsx");
    let texts = book.sheets.iter_mut().find(|s| s.name == "Textos").unwrap();
    let section_rows: Vec<u32> = texts
        .cells
        .iter()
        .filter(|((r, c), v)| *r >= 2 && *c == 0 && v.value == CellValue::Text("section".into()))
        .map(|((r, _), _)| *r)
        .collect();
    assert!(!section_rows.is_empty(), "gtm.yaml has sections");
    texts.cells.retain(|(r, _), _| !section_rows.contains(r));
    save(&framework, &book, "gtm.xlsx");
    framework
        .run(&["sheet", "import", "gtm.xlsx", "--into", GTM])
        .assert_code(0);
    let after = std::fs::read_to_string(framework.path().join(GTM)).unwrap();
    assert!(!after.contains("\nsections:"), "{after}");
    framework.validate(&[GTM]).assert_code(0);
}

#[test]
fn a_table_moved_away_from_a1_is_still_read() {
    let framework = shipped();
    export(&framework, GTM, "gtm.xlsx");
    let mut book = open(&framework, "gtm.xlsx");
    let sheet = book
        .sheets
        .iter_mut()
        .find(|s| s.name == "Compromisos")
        .unwrap();
    // Three rows inserted above the table and two columns before it, with a note of the team's.
    sheet.cells = std::mem::take(&mut sheet.cells)
        .into_iter()
        .map(|((r, c), v)| ((r + 3, c + 2), v))
        .collect();
    sheet.cells.insert(
        (0, 0),
        GridCell {
            value: text("Revisado por la unidad técnica"),
            formula: false,
        },
    );
    save(&framework, &book, "gtm.xlsx");
    let before = std::fs::read(framework.path().join(GTM)).unwrap();
    framework
        .validate(&["--format", "short", "gtm.xlsx"])
        .assert_code(0);
    framework
        .run(&["sheet", "import", "gtm.xlsx", "--into", GTM])
        .assert_code(0);
    assert_eq!(std::fs::read(framework.path().join(GTM)).unwrap(), before);
}

#[test]
fn a_key_missing_in_a_new_budget_is_reported_beside_the_amount_written() {
    let framework = shipped();
    export(&framework, GTM, "gtm.xlsx");
    let mut book = open(&framework, "gtm.xlsx");
    let (row, col) = cell_of(&book, "Compromisos", "GTM-1.3", "budget/required");
    set(
        &mut book,
        "Compromisos",
        (row, col),
        CellValue::Number(450000.0),
    );
    save(&framework, &book, "gtm.xlsx");
    let run = framework.validate(&["--format", "short", "gtm.xlsx"]);
    run.assert_code(1);
    let cell = format!("{}{}", mirps::source::column_letters(col), row + 1);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [format!(
            "gtm.xlsx:Compromisos!{cell}: error[missing-key]: `budget` is missing the required key `currency`"
        )]
    );
}

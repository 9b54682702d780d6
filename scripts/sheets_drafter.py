#!/usr/bin/env python3
"""A drafter's edits to an exported workbook, made with openpyxl, checked end to end.

    scripts/sheets_drafter.py MIRPS_BINARY

On a copy of this repository's framework (mirps.toml and chapters/) in a temporary folder:

1. `mirps sheet export chapters/national/gtm.yaml -o gtm.xlsx`;
2. changes cells as a drafter would, finding them by the hidden row of machine paths (row 2),
   never by fixed column letters: (a) a typo in the pillar of the second commitment,
   (b) an amount written as the text `450.000` in a commitment's `budget/required`, (c) a new
   commitment row under pillar 1 with the next free id;
3. `mirps validate --format json gtm.xlsx` must place the pillar error and the amount problem
   at the cells changed, and exit 1;
4. `mirps sheet import gtm.xlsx --into chapters/national/gtm.yaml` must refuse (exit 1) and
   leave the chapter as it was; with `--annotate out.xlsx` (with `--into`, then without it) the
   copy must open with the problems sheet first, and the changed cells must be highlighted and
   carry a note;
5. with (a) and (b) undone and (c) kept, the import must succeed (exit 0) and change the
   chapter by exactly the appended commitment's lines, its keys in the chapter's order, every
   comment kept; the chapter must then validate, and export the new commitment again.

Needs openpyxl (scripts/e2e-sheets.sh installs it, pinned, into target/ci-tools-sheets).
Prints what it checked; exits 1 at the first failure, printing the command's output.
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import openpyxl
except ImportError:
    sys.exit("sheets_drafter.py needs openpyxl: run it with scripts/e2e-sheets.sh, or "
             "`pip install openpyxl` into a virtual environment")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAPTER = "chapters/national/gtm.yaml"
BOOK = "gtm.xlsx"
TYPO = "reception-admision"
AMOUNT = "450.000"
PATH_ROW, FIRST_DATA_ROW = 2, 3  # 1-based, as openpyxl counts rows


class Failed(Exception):
    pass


def ok(what):
    print(f"ok: {what}")


def check(condition, what, output=None):
    if not condition:
        detail = f"\n--- output ---\n{output}\n--- end ---" if output is not None else ""
        raise Failed(f"{what}{detail}")
    ok(what)


def run(bin_, cwd, *args):
    cmd = [bin_, *args]
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    shown = f"$ {' '.join(cmd)}   (exit {done.returncode})\n{done.stdout}{done.stderr}"
    return done, shown


def sheet_names(book):
    """Machine name of each table (`commitments`) -> the sheet's name, from the `_mirps` sheet."""
    if "_mirps" not in book.sheetnames:
        raise Failed(f"the workbook has no `_mirps` sheet; its sheets: {book.sheetnames}")
    names = {}
    for key, value, *_ in book["_mirps"].iter_rows(values_only=True):
        if isinstance(key, str) and key.startswith("sheet:") and isinstance(value, str):
            names[key[len("sheet:"):]] = value
    for table in ("commitments", "institutions"):
        if table not in names:
            raise Failed(f"`_mirps` names no sheet for `{table}`: {names}")
    return names


def columns(ws):
    """Machine path (`budget/required`) -> 1-based column, from the hidden row 2."""
    paths = {}
    for cell in ws[PATH_ROW]:
        if isinstance(cell.value, str) and cell.value:
            paths[cell.value] = cell.column
    return paths


def need(paths, path, ws):
    if path not in paths:
        raise Failed(f"sheet {ws.title!r} has no column `{path}` in row 2; it has {sorted(paths)}")
    return paths[path]


def data_rows(ws, id_col):
    """1-based rows from row 3 whose id cell holds a value, in order."""
    return [r for r in range(FIRST_DATA_ROW, ws.max_row + 1)
            if ws.cell(r, id_col).value not in (None, "")]


def letter(col):
    return openpyxl.utils.get_column_letter(col)


def diagnostics_json(done, shown):
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise Failed(f"`validate --format json` did not print JSON ({error})\n{shown}")
    if isinstance(report, dict) and isinstance(report.get("diagnostics"), list):
        return report["diagnostics"]
    raise Failed(f"the JSON has no `diagnostics` list\n{shown}")


def at_cell(diagnostics, sheet, cell):
    """The diagnostics whose primary label is at `sheet`!`cell` (fields sheet/row/column/cell)."""
    found = []
    for d in diagnostics:
        for label in d.get("labels", []):
            if label.get("primary") and label.get("sheet") == sheet and label.get("cell") == cell:
                found.append(d)
    return found


def label_shape_ok(label):
    return all(k in label for k in ("file", "sheet", "row", "column", "cell"))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    bin_ = os.path.abspath(sys.argv[1])
    if not os.access(bin_, os.X_OK):
        sys.exit(f"not an executable: {bin_}")
    work = tempfile.mkdtemp(prefix="mirps-drafter-")
    try:
        drafter(bin_, work)
    except Failed as failure:
        print(f"FAILED: {failure}")
        print(f"(the framework copy is kept in {work})")
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)
    print("sheets_drafter: all checks passed")


def drafter(bin_, fw):
    shutil.copy2(os.path.join(ROOT, "mirps.toml"), fw)
    shutil.copytree(os.path.join(ROOT, "chapters"), os.path.join(fw, "chapters"))
    chapter_path = os.path.join(fw, CHAPTER)
    with open(chapter_path, "rb") as f:
        original = f.read()

    # 1. Export.
    done, shown = run(bin_, fw, "sheet", "export", CHAPTER, "-o", BOOK)
    check(done.returncode == 0 and os.path.isfile(os.path.join(fw, BOOK)),
          f"`mirps sheet export {CHAPTER} -o {BOOK}` wrote the workbook", shown)

    # 2. A drafter's edits, found by the machine paths of row 2.
    book = openpyxl.load_workbook(os.path.join(fw, BOOK))
    names = sheet_names(book)
    ws = book[names["commitments"]]
    paths = columns(ws)
    id_col = need(paths, "id", ws)
    pillar_col = need(paths, "pillar", ws)
    required_col = need(paths, "budget/required", ws)
    currency_col = need(paths, "budget/currency", ws)
    rows = data_rows(ws, id_col)
    check(len(rows) >= 2, f"sheet {ws.title!r} lists the chapter's commitments from row 3 ({len(rows)} rows)")
    ids = [ws.cell(r, id_col).value for r in rows]

    # (a) A typo in the pillar of the second commitment.
    typo_row = rows[1]
    typo_cell = f"{letter(pillar_col)}{typo_row}"
    typo_original = ws.cell(typo_row, pillar_col).value
    check(typo_original == "reception-admission",
          f"{ws.title}!{typo_cell} holds the pillar of {ids[1]} (`{typo_original}`)")
    ws.cell(typo_row, pillar_col).value = TYPO

    # (b) An amount typed as text with a dot between thousands, in a commitment other than the
    # second; its currency too when it has none, as a drafter would write both.
    amount_row = next((r for r in rows if r != typo_row and ws.cell(r, required_col).value is not None),
                      rows[-1] if rows[-1] != typo_row else rows[0])
    amount_cell = f"{letter(required_col)}{amount_row}"
    amount_original = ws.cell(amount_row, required_col).value
    currency_original = ws.cell(amount_row, currency_col).value
    ws.cell(amount_row, required_col).value = AMOUNT  # a str: openpyxl writes a text cell
    if currency_original is None:
        ws.cell(amount_row, currency_col).value = "USD"

    # (c) A new commitment under pillar 1, with the next free id.
    code = re.match(r"([A-Z]+)-", ids[0]).group(1)
    taken = [int(m.group(1)) for i in ids if (m := re.fullmatch(rf"{code}-1\.(\d+)", str(i)))]
    new_id = f"{code}-1.{max(taken, default=0) + 1}"
    inst = book[names["institutions"]]
    inst_paths = columns(inst)
    inst_id_col = need(inst_paths, "id", inst)
    institutions = [inst.cell(r, inst_id_col).value for r in data_rows(inst, inst_id_col)]
    check(bool(institutions), f"sheet {inst.title!r} lists institutions ({', '.join(institutions)})")
    lead = "IGM" if "IGM" in institutions else institutions[0]
    new_row = rows[-1] + 1
    new_values = {
        "id": new_id,
        "pillar": "reception-admission",
        "title/es": "Ventanilla única de información para personas solicitantes de asilo",
        "title/en": "One-stop information desk for asylum seekers",
        "populations/0": "asylum-seekers",
        "lead": lead,
        "timeframe/start": 2026,
    }
    for path, value in new_values.items():
        ws.cell(new_row, need(paths, path, ws)).value = value
    book.save(os.path.join(fw, BOOK))
    print(f"edited {BOOK}: {ws.title}!{typo_cell} = {TYPO!r} (was {typo_original!r}); "
          f"{ws.title}!{amount_cell} = text {AMOUNT!r} (was {amount_original!r}); "
          f"new row {new_row}: {new_id}, lead {lead}, start 2026")

    # 3. `mirps validate --format json` places each problem at its cell.
    done, shown = run(bin_, fw, "validate", "--format", "json", BOOK)
    check(done.returncode == 1, "`mirps validate --format json gtm.xlsx` exits 1", shown)
    diagnostics = diagnostics_json(done, shown)
    cell_labels = [l for d in diagnostics for l in d.get("labels", []) if "sheet" in l]
    check(bool(cell_labels) and all(label_shape_ok(l) for l in cell_labels),
          "its labels carry file, sheet, row, column and cell", shown)
    pillar = at_cell(diagnostics, ws.title, typo_cell)
    check(any(d.get("code") == "unknown-pillar" and d.get("severity") == "error" for d in pillar),
          f"error[unknown-pillar] at {ws.title}!{typo_cell}", shown)
    label = next(l for d in pillar for l in d["labels"] if l.get("cell") == typo_cell)
    check(label.get("row") == typo_row and label.get("column") == letter(pillar_col),
          f"  with row {typo_row} and column {letter(pillar_col)}", shown)
    check(any("reception-admission" in (d.get("help") or "") for d in pillar),
          "  and a help naming `reception-admission`", shown)
    amount = at_cell(diagnostics, ws.title, amount_cell)
    check(any(d.get("severity") == "error" for d in amount),
          f"an error at {ws.title}!{amount_cell} for the amount `{AMOUNT}` "
          f"({', '.join(sorted({d.get('code', '?') for d in amount})) or 'none'})", shown)
    new_row_errors = [d for d in diagnostics if d.get("severity") == "error"
                      and any(l.get("row") == new_row for l in d.get("labels", []))]
    check(not new_row_errors, f"no error on the new row {new_row}", shown)

    done, shown = run(bin_, fw, "validate", "--format", "short", BOOK)
    short_line = f"{BOOK}:{ws.title}!{typo_cell}: error[unknown-pillar]: "
    check(done.returncode == 1 and short_line in done.stdout,
          f"`--format short` prints `{short_line}…`", shown)

    # 4. Import refuses, leaves the chapter untouched; --annotate marks the cells.
    done, shown = run(bin_, fw, "sheet", "import", BOOK, "--into", CHAPTER)
    check(done.returncode == 1, "`mirps sheet import gtm.xlsx --into …` refuses (exit 1)", shown)
    check(f"{ws.title}!{typo_cell}" in done.stdout + done.stderr,
          f"  and says where: {ws.title}!{typo_cell}", shown)
    with open(chapter_path, "rb") as f:
        check(f.read() == original, "  and leaves the chapter byte for byte as it was")

    done, shown = run(bin_, fw, "sheet", "import", BOOK, "--into", CHAPTER, "--annotate", "out.xlsx")
    check(done.returncode == 1 and os.path.isfile(os.path.join(fw, "out.xlsx")),
          "`mirps sheet import gtm.xlsx --into … --annotate out.xlsx` exits 1 and writes out.xlsx", shown)
    with open(chapter_path, "rb") as f:
        check(f.read() == original, "  and the chapter is still unchanged")
    annotated = openpyxl.load_workbook(os.path.join(fw, "out.xlsx"))
    first = annotated.worksheets[0]
    listed = [str(c.value) for row in first.iter_rows() for c in row if c.value is not None]
    check(first.title not in book.sheetnames and any("unknown-pillar" in v for v in listed),
          f"out.xlsx opens on a problems sheet ({first.title!r}) listing unknown-pillar",
          f"sheets: {annotated.sheetnames}\nfirst sheet: {listed[:40]}")
    check(any(typo_cell in v for v in listed), f"  which names the cell {typo_cell}", f"{listed[:60]}")
    marked = annotated[ws.title][typo_cell]
    check(marked.value == TYPO, f"out.xlsx keeps the drafter's value at {ws.title}!{typo_cell}")
    check(marked.comment is not None and "reception-admission" in marked.comment.text,
          f"  with a note on it: {marked.comment.text.splitlines()[0] if marked.comment else None!r}",
          marked.comment.text if marked.comment else "no note")
    check(marked.fill is not None and marked.fill.fill_type is not None,
          f"  and the cell highlighted (fill {marked.fill.fgColor.rgb if marked.fill else None})")
    amount_marked = annotated[ws.title][amount_cell]
    check(amount_marked.comment is not None, f"  and a note on {ws.title}!{amount_cell} too")
    missing = [s for s in book.sheetnames if s not in annotated.sheetnames]
    check(not missing, f"  and out.xlsx keeps every sheet of the drafter's workbook ({len(book.sheetnames)})",
          f"missing: {missing}")

    # Without --into, the problems are the same and so is the annotated copy.
    done, shown = run(bin_, fw, "sheet", "import", BOOK, "--annotate", "alone.xlsx")
    check(done.returncode == 1 and os.path.isfile(os.path.join(fw, "alone.xlsx")),
          "`mirps sheet import gtm.xlsx --annotate alone.xlsx` (no --into) exits 1 and writes alone.xlsx",
          shown[:3000])
    check(f"{ws.title}!{typo_cell}" in (done.stdout + done.stderr), f"  and prints the problem at {ws.title}!{typo_cell}",
          shown[:3000])
    alone = openpyxl.load_workbook(os.path.join(fw, "alone.xlsx"))
    check(alone.worksheets[0].title == first.title and alone[ws.title][typo_cell].comment is not None,
          "  whose first sheet and notes are those of out.xlsx")

    # 5. Undo (a) and (b), keep (c): the import appends the commitment and changes nothing else.
    book = openpyxl.load_workbook(os.path.join(fw, BOOK))
    ws = book[names["commitments"]]
    ws.cell(typo_row, pillar_col).value = typo_original
    ws.cell(amount_row, required_col).value = amount_original
    ws.cell(amount_row, currency_col).value = currency_original
    book.save(os.path.join(fw, BOOK))
    done, shown = run(bin_, fw, "sheet", "import", BOOK, "--into", CHAPTER)
    check(done.returncode == 0, "with the pillar and the amount restored, `sheet import --into` exits 0", shown)
    with open(chapter_path, encoding="utf-8") as f:
        after = f.read()
    before = original.decode("utf-8")
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    ops = [op for op in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    diff = "".join(difflib.unified_diff(old_lines, new_lines, "before", "after"))
    print(diff, end="" if diff.endswith("\n") or not diff else "\n")
    # The chapter may have lacked a final newline, which an append adds to its last line.
    only_append = len(ops) == 1 and ops[0][0] == "insert" and ops[0][1] == len(old_lines)
    if not only_append and before and not before.endswith("\n"):
        only_append = after.startswith(before)
    check(only_append, "the chapter changed by one block of lines added at the end of `commitments`", diff)
    added = "".join(new_lines[ops[0][3]:ops[0][4]]) if ops else ""
    for path, value in new_values.items():
        check(str(value) in added, f"  the added lines hold {path} = {value}", added)
    check(re.search(rf"^\s*- id: {re.escape(new_id)}\s*$", added, re.M) is not None,
          f"  as a list item `- id: {new_id}`", added)
    # The file's style: the new commitment's keys in the order the chapter's commitments have
    # them (no pair of keys the other way round from any existing commitment).
    def items(lines):
        found, current = [], None
        for line in lines:
            if m := re.match(r"^(\s*)- (\w+):", line):
                current = [m.group(2)]
                found.append((len(m.group(1)) + 2, current))
            elif current is not None and (m := re.match(r"^(\s*)(\w+):", line)) \
                    and len(m.group(1)) == found[-1][0]:
                current.append(m.group(2))
        return [keys for _, keys in found if keys[0] == "id"]
    existing = items(old_lines)
    new_keys = items(added.splitlines(keepends=True))
    check(len(new_keys) == 1, f"  one new item, with keys {new_keys}", added)
    order = {}
    for keys in existing:
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                order[(a, b)] = True
    backwards = [(a, b) for i, a in enumerate(new_keys[0]) for b in new_keys[0][i + 1:] if order.get((b, a))]
    check(not backwards, f"  its keys in the chapter's order ({', '.join(new_keys[0])})",
          f"out of order (the chapter writes the second first): {backwards}\n{added}")
    comments = [l for l in old_lines if l.lstrip().startswith("#")]
    check(all(c in new_lines for c in comments), f"every comment line kept ({len(comments)})")

    done, shown = run(bin_, fw, "validate", CHAPTER)
    check(done.returncode == 0, "the updated chapter validates clean", shown)

    # The typed document: the new commitment exported again, cell for cell.
    done, shown = run(bin_, fw, "sheet", "export", CHAPTER, "-o", "again.xlsx")
    check(done.returncode == 0, "the updated chapter exports again", shown)
    again = openpyxl.load_workbook(os.path.join(fw, "again.xlsx"))
    ws = again[sheet_names(again)["commitments"]]
    paths = columns(ws)
    rows = data_rows(ws, paths["id"])
    check(len(rows) == len(ids) + 1 and ws.cell(rows[-1], paths["id"]).value == new_id,
          f"  with {new_id} as its last commitment")
    for path, value in new_values.items():
        got = ws.cell(rows[-1], need(paths, path, ws)).value
        check(got == value or str(got) == str(value), f"  {path} = {got!r}")


if __name__ == "__main__":
    main()

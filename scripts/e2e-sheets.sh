#!/usr/bin/env bash
# Workbooks in a real spreadsheet program (Debian's LibreOffice, headless), then a drafter's
# edits with openpyxl (scripts/sheets_drafter.py). For every shipped document under chapters/:
#
#   1. `mirps sheet export` writes its workbook;
#   2. LibreOffice opens it and converts every sheet to CSV, which must hold the document's ids;
#   3. LibreOffice re-saves it as .xlsx, and `mirps sheet import RESAVED.xlsx --into COPY`
#      must leave a copy of the document byte for byte as it was.
#
#   scripts/e2e-sheets.sh [MIRPS_BINARY]     # default: target/debug/mirps
#
# Installs LibreOffice (libreoffice-calc-nogui) when `soffice` is missing, and openpyxl, pinned
# by hash, into a virtual environment under target/ci-tools-sheets. Workbooks and CSV files go
# to target/e2e-sheets/ for review.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${1:-target/debug/mirps}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
[ -x "$bin" ] || { echo "e2e-sheets: no mirps binary at $bin (build it with cargo build)"; exit 2; }

out=$root/target/e2e-sheets
rm -rf "$out"
mkdir -p "$out"

# LibreOffice, without its GUI and recommends (about 300 MB installed).
if ! command -v soffice >/dev/null; then
    echo "installing LibreOffice (libreoffice-calc-nogui)"
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        libreoffice-calc-nogui >/dev/null
fi
soffice --version | sed -n 1p

# openpyxl from PyPI, pinned by hash (it and its one dependency are pure-Python wheels).
tools=$root/target/ci-tools-sheets
[ -x "$tools/bin/python" ] || python3 -m venv "$tools"
"$tools/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
    -r /dev/stdin <<'EOF'
openpyxl==3.1.5 \
    --hash=sha256:5282c12b107bffeef825f4617dc029afaf41d0ea60823bbb665ef3079dc79de2
et-xmlfile==2.0.0 \
    --hash=sha256:7a91720bc756843502c3b7504c77b8fe44217c85c537d85037f0f536151b2caa
EOF
echo "openpyxl $("$tools/bin/python" -c 'import openpyxl; print(openpyxl.__version__)')"

# A scratch copy of the framework, which the imports write into, and LibreOffice's own profile
# (a first start writes one; never the user's).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fw=$scratch/framework
mkdir -p "$fw"
cp mirps.toml "$fw/"
cp -R chapters "$fw/"
profile="file://$scratch/lo-profile"
office() {
    soffice "-env:UserInstallation=$profile" --headless --norestore "$@" >"$scratch/office.log" 2>&1 || {
        echo "soffice failed:"
        cat "$scratch/office.log"
        return 1
    }
}
# Every sheet to CSV: UTF-8 (76), comma and double quote, and -1 for "all sheets", each to
# NAME-SHEET.csv (LibreOffice 7.2 and later).
csv_filter='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'

fail=0
failed() { echo "FAILED: $*"; fail=1; }

# The ids a document defines: every list item's `id` (institutions, commitments, programmes,
# pledges, and the supports written `{ id: …, amount: … }`).
ids_of() {
    "$tools/bin/python" - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
ids = re.findall(r"^\s*-\s+(?:\{\s*)?id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", text, re.M)
print("\n".join(sorted(set(ids))))
PY
}

# 1. Export every document (and Guatemala's chapter once more with English titles).
docs=()
for rel in $(cd chapters && find . -name '*.yaml' | sed 's|^\./||' | sort); do
    name=$(echo "${rel%.yaml}" | tr '/-' '__') # no '-': NAME-SHEET.csv stays unambiguous
    if "$bin" -C "$fw" sheet export "$fw/chapters/$rel" -o "$out/$name.xlsx" >"$scratch/export.log" 2>&1; then
        docs+=("$rel|$name")
    else
        failed "mirps sheet export chapters/$rel"
        cat "$scratch/export.log"
    fi
done
[ "${#docs[@]}" -gt 0 ] || failed "no document exported from chapters/"
if "$bin" -C "$fw" --lang en sheet export "$fw/chapters/national/gtm.yaml" -o "$out/national_gtm_en.xlsx" \
    >"$scratch/export.log" 2>&1; then
    docs+=("national/gtm.yaml|national_gtm_en")
else
    failed "mirps --lang en sheet export chapters/national/gtm.yaml"
    cat "$scratch/export.log"
fi

# 2. LibreOffice reads them all (one start for every file): each sheet to NAME-SHEET.csv.
office --convert-to "$csv_filter" --outdir "$out/csv" "$out"/*.xlsx || failed "LibreOffice: convert to CSV"
# 3. LibreOffice re-saves them all as .xlsx.
office --convert-to xlsx --outdir "$out/resaved" "$out"/*.xlsx || failed "LibreOffice: re-save as .xlsx"

for doc in "${docs[@]}"; do
    rel=${doc%%|*}
    name=${doc#*|}
    # The CSV files of this workbook hold every id of the document.
    csvs=()
    for csv in "$out/csv/$name"-*.csv; do
        [ -e "$csv" ] && csvs+=("$csv")
    done
    if [ "${#csvs[@]}" -lt 2 ]; then
        failed "LibreOffice wrote ${#csvs[@]} CSV file(s) for $name.xlsx"
        continue
    fi
    missing=()
    for id in $(ids_of "chapters/$rel"); do
        grep -qF -- "$id" "${csvs[@]}" || missing+=("$id")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        failed "the CSV of $name.xlsx lacks ${missing[*]}"
        continue
    fi
    # The re-saved workbook imports back into a copy of the document, which stays the same bytes.
    resaved=$out/resaved/$name.xlsx
    if [ ! -s "$resaved" ]; then
        failed "LibreOffice did not re-save $name.xlsx"
        continue
    fi
    if ! "$bin" -C "$fw" sheet import "$resaved" --into "$fw/chapters/$rel" >"$scratch/import.log" 2>&1; then
        failed "mirps sheet import of the re-saved $name.xlsx --into chapters/$rel"
        cat "$scratch/import.log"
        cp "chapters/$rel" "$fw/chapters/$rel"
        continue
    fi
    if ! cmp -s "chapters/$rel" "$fw/chapters/$rel"; then
        failed "importing the re-saved $name.xlsx changed chapters/$rel:"
        diff -u "chapters/$rel" "$fw/chapters/$rel" | head -40 || true
        cp "chapters/$rel" "$fw/chapters/$rel"
        continue
    fi
    echo "ok: $rel → $name.xlsx: LibreOffice read its ${#csvs[@]} sheets (every id in the CSV)," \
        "re-saved it, and it imports back byte for byte"
done
# The titles follow --lang; the hidden paths do not.
es_csv=$out/csv/national_gtm-Compromisos.csv
en_csv=$out/csv/national_gtm_en-Commitments.csv
if [ ! -e "$es_csv" ] || [ ! -e "$en_csv" ]; then
    failed "no sheet Compromisos in national_gtm.xlsx, or no sheet Commitments in national_gtm_en.xlsx (--lang en)"
elif [ "$(sed -n 1p "$es_csv")" = "$(sed -n 1p "$en_csv")" ]; then
    failed "the column titles are the same with --lang en"
elif [ "$(sed -n 2p "$es_csv")" != "$(sed -n 2p "$en_csv")" ]; then
    failed "the hidden row of machine paths differs between the Spanish and English workbooks"
else
    echo "ok: --lang en titles the sheets and columns in English; the hidden machine paths are the same"
fi

# A drafter's edits with openpyxl: diagnostics at the cells, the minimal change to the YAML.
echo "== a drafter's edits (scripts/sheets_drafter.py)"
"$tools/bin/python" scripts/sheets_drafter.py "$bin" || failed "scripts/sheets_drafter.py"

if [ "$fail" != 0 ]; then
    echo "e2e-sheets: FAILED"
    exit 1
fi
echo "e2e-sheets: all checks passed (${#docs[@]} workbooks)"

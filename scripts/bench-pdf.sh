#!/usr/bin/env bash
# Benchmark the PDF: `mirps build --format pdf` (both languages) of the shipped framework and of
# two synthetic frameworks of 10,000 commitments (100 States × 100 and 20 States × 500), with the
# release binary. Prints wall time, CPU time and peak memory of each run, and the machine's load
# (the PDF uses every core, so other work on the machine shows in the wall time). For the
# synthetic frameworks also: the memory just before typesetting (a build refused by the memory
# check stops there), what typesetting added per byte of Typst source, the estimate the memory
# check compares with the memory available, and the goal (≤ 6 GB peak).
#
#   scripts/bench-pdf.sh                # RUNS=3 for the shipped framework, RUNS_LARGE=1
#   CALIBRATE=1 scripts/bench-pdf.sh    # also 1,000, 2,000, 5,000 and 50 × 200 commitments
source "$(dirname "$0")/bench-common.sh"

RUNS_LARGE=${RUNS_LARGE:-1}
GOAL_KB=$((6000000000 / 1024)) # 6 GB, in the KB (1,024 bytes) of /usr/bin/time

synthetic() { # name states commitments: the framework's folder, generated once
    local dir=$BENCH/$1
    [ -f "$dir/mirps.toml" ] ||
        python3 scripts/gen-framework.py "$dir" --states "$2" --commitments "$3" >/dev/null
    echo "$dir"
}

run() { # name dir: one build of both PDFs into $OUT/b; sets $peak_kb
    /usr/bin/time -o "$OUT/time" -f "%e %U %S %M" \
        $bin -C "$2" build --out "$OUT/b" --format pdf >/dev/null 2>&1
    read -r wall user sys peak_kb <"$OUT/time"
    echo "$1: $wall s wall, $user s user, $sys s sys, $peak_kb KB peak" \
        "(load $(cut -d' ' -f1-3 /proc/loadavg))"
}

memory() { # name dir: a run, with what its memory is made of
    local refused before_kb estimate pages source growth_kb goal
    refused=$(MIRPS_PDF_MEMORY=1 /usr/bin/time -o "$OUT/time" -f "%M" \
        $bin -C "$2" build --out "$OUT/refused" --format pdf 2>&1 >/dev/null || true)
    before_kb=$(tail -1 "$OUT/time")
    estimate=$(grep -o 'needs about [0-9.]* [MG]iB' <<<"$refused" | sed 's/needs about //')
    run "$1" "$2"
    pages=$(python3 -c 'import re, sys
print(len(re.findall(rb"/Type\s*/Page\b", open(sys.argv[1], "rb").read())))' "$OUT/b/es/mirps.pdf")
    source=$(stat -c %s "$OUT"/b/*/mirps.typ | sort -n | tail -1)
    growth_kb=$((peak_kb - before_kb))
    goal="met"
    [ "$peak_kb" -le "$GOAL_KB" ] || goal="NOT met"
    echo "  $pages pages (es), largest Typst source $source bytes; $before_kb KB before" \
        "typesetting, typesetting added $growth_kb KB = $((growth_kb * 1024 / source)) bytes" \
        "a source byte; mirps's estimate $estimate; goal ≤ 6 GB peak: $goal"
    rm -rf "$OUT/b"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$RUNS"); do
    run "shipped, es + en" .
    rm -rf "$OUT/b"
done
if [ -n "${CALIBRATE:-}" ]; then
    memory "shipped, es + en" .
    memory "1,000 commitments (10 × 100), es + en" "$(synthetic syn-1k 10 100)"
    memory "2,000 commitments (20 × 100), es + en" "$(synthetic syn-2k 20 100)"
    memory "5,000 commitments (50 × 100), es + en" "$(synthetic syn-5k 50 100)"
    memory "10,000 commitments (50 × 200), es + en" "$(synthetic syn-50x200 50 200)"
fi
for _ in $(seq "$RUNS_LARGE"); do
    memory "10,000 commitments (100 × 100), es + en" $BENCH/syn-10k
    memory "10,000 commitments (20 × 500), es + en" "$(synthetic syn-20x500 20 500)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Benchmark `mirps build` of the Markdown, the site and the data (both languages; the PDF has
# its own benchmark, scripts/bench-pdf.sh): the shipped framework and the synthetic frameworks
# of 10,000 and 100,000 commitments (100 States) made by scripts/gen-framework.py. Prints wall
# time, CPU time and peak memory of each run and mirps's own stage timings (`--timings`).
#
#   scripts/bench-build.sh            # RUNS=3 by default
source "$(dirname "$0")/bench-common.sh"
[ -f $BENCH/syn-100k/mirps.toml ] || python3 scripts/gen-framework.py $BENCH/syn-100k --states 100 --commitments 1000

run() { # name dir
    /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB peak" \
        $bin -C "$2" build --out "$OUT/b" --format md --format html --format data --timings \
        2>&1 >/dev/null | grep -v '^built'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$RUNS"); do run "shipped" .; done
for _ in $(seq "$RUNS"); do run "10,000 commitments" $BENCH/syn-10k; done
for _ in $(seq "$RUNS"); do run "100,000 commitments" $BENCH/syn-100k; done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

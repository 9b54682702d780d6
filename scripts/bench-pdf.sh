#!/usr/bin/env bash
# Benchmark the PDF: `mirps build --format pdf` (both languages) of the shipped framework and of
# the synthetic 10,000-commitment framework (100 States × 100), with the release binary. Prints
# wall time, CPU time and peak memory of each run, and the machine's load (the PDF uses every
# core, so other work on the machine shows in the wall time).
#
#   scripts/bench-pdf.sh            # RUNS=3 by default for the shipped framework
source "$(dirname "$0")/bench-common.sh"

run() { # name dir
    /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB peak" \
        $bin -C "$2" build --out "$OUT/b" --format pdf 2>&1 >/dev/null | grep -v '^built'
    rm -rf "$OUT/b"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$RUNS"); do run "shipped, es + en" .; done
run "10,000 commitments, es + en" $BENCH/syn-10k
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

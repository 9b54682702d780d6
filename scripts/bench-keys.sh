#!/usr/bin/env bash
# Benchmark `mirps validate` on a chapter with very many unknown keys (10,000, 40,000 and
# 200,000, each one an `unknown-key` error): the time must grow linearly, and 200,000 keys take
# under a second. Prints, per size and format, the best and median wall time and CPU time over
# RUNS runs and the peak memory of the release binary, and the machine's load.
#
#   scripts/bench-keys.sh            # RUNS=3 by default
source "$(dirname "$0")/bench-common.sh"

for n in 10000 40000 200000; do
    dir=$BENCH/keys-$n
    [ -f $dir/mirps.toml ] && continue
    mkdir -p $dir/chapters/national
    cp tests/fixtures/minimal/mirps.toml $dir/
    python3 - "$n" tests/fixtures/minimal/chapters/national/gtm.yaml $dir/chapters/national/gtm.yaml <<'PY'
import sys
n, src, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(out, "w") as f:
    f.write(open(src).read())
    for i in range(n):
        f.write(f"clave_desconocida_{i}: valor\n")
PY
done

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 10000 40000 200000; do
    for format in short human json github; do
        python3 - "$n keys, $format" "$RUNS" $bin -C $BENCH/keys-$n validate --format $format <<'PY'
import os, resource, statistics, subprocess, sys, time
name, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
walls, cpus, peak = [], [], 0
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    walls.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode != 1:
        sys.exit(f"{name}: exit {done.returncode}, expected 1")
    peak = max(peak, after.ru_maxrss)
print(f"{name:<22} wall best {min(walls):6.3f} s  median {statistics.median(walls):6.3f} s   "
      f"cpu median {statistics.median(cpus):6.3f} s   peak {peak / 1024:6.1f} MB")
PY
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Benchmark `mirps validate`: the shipped framework, and synthetic frameworks of 10,000 and
# 100,000 commitments (100 States) made by scripts/gen-framework.py. Prints, per case, the
# best and median wall time over RUNS runs and the peak memory (max RSS) of the release binary.
#
#   scripts/bench.sh            # RUNS=5 by default
#   RUNS=10 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BENCH=target/bench

cargo build --release --quiet
bin=target/release/mirps

[ -f $BENCH/syn-10k/mirps.toml ] || python3 scripts/gen-framework.py $BENCH/syn-10k --states 100 --commitments 100
[ -f $BENCH/syn-100k/mirps.toml ] || python3 scripts/gen-framework.py $BENCH/syn-100k --states 100 --commitments 1000

measure() { # name dir [args…]
    local name=$1 dir=$2
    shift 2
    python3 - "$name" "$RUNS" "$bin" -C "$dir" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
name, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
walls, peak = [], 0
for _ in range(runs):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    walls.append(time.perf_counter() - start)
    if done.returncode != 0:
        sys.exit(f"{name}: exit {done.returncode}")
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"{name:<28} best {min(walls):7.3f} s   median {statistics.median(walls):7.3f} s   peak {peak / 1024:7.1f} MB")
PY
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
measure "validate shipped (7 files)" .  validate
measure "validate 10k commitments"  $BENCH/syn-10k validate
measure "validate 100k commitments" $BENCH/syn-100k validate

# The growth goal (10x the commitments in at most 11x the time) compares two runs that the
# machine's background load can move by 10 % each: run the two sizes alternately, RUNS times,
# and compare the medians of wall time and of CPU time (user + sys).
echo
python3 - "$RUNS" "$bin" $BENCH/syn-10k $BENCH/syn-100k <<'PY'
import resource, statistics, subprocess, sys, time
runs, cmd, small, large = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
wall, cpu = {small: [], large: []}, {small: [], large: []}
for _ in range(runs):
    for d in (small, large):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([cmd, "-C", d, "validate"], stdout=subprocess.DEVNULL, check=True)
        wall[d].append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[d].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
m = statistics.median
print(f"growth 10k -> 100k, alternating runs, medians: wall {m(wall[small]):.3f} -> {m(wall[large]):.3f} s "
      f"= {m(wall[large]) / m(wall[small]):.2f}x   CPU {m(cpu[small]):.3f} -> {m(cpu[large]):.3f} s "
      f"= {m(cpu[large]) / m(cpu[small]):.2f}x   (goal <= 11x)")
PY

echo
echo "stages (--timings, one run each):"
for d in syn-10k syn-100k; do
    printf '%-10s ' "$d"
    $bin -C $BENCH/$d validate --timings 2>&1 >/dev/null | sed 's/^timings: //'
done

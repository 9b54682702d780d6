#!/usr/bin/env bash
# Benchmark workbooks both ways with the release binary: `mirps sheet export` and
# `mirps sheet import --into` (a copy of the document, which the unchanged workbook must leave
# byte for byte as it was) for every shipped document, and for a generated national chapter of
# 1,000 commitments (scripts/gen-framework.py --states 1 --commitments 1000: one chapter, one
# regional plan and one cooperation document). Prints, per case, the best and median wall time
# over RUNS runs and the peak memory (max RSS), against its goals: each shipped
# document <= 100 ms each way; 1,000 commitments <= 1 s each way and <= 300 MB.
#
#   scripts/bench-sheets.sh            # RUNS=5 by default
#   RUNS=10 scripts/bench-sheets.sh
RUNS=${RUNS:-5}
# shellcheck source=scripts/bench-common.sh disable=SC1091
source "$(dirname "$0")/bench-common.sh"
bin=target/release/mirps # built by bench-common.sh
[ -f "$BENCH/syn-1k/mirps.toml" ] || python3 scripts/gen-framework.py "$BENCH/syn-1k" --states 1 --commitments 1000

# Copies that the imports write into: the shipped framework and the generated one.
mkdir -p "$OUT/shipped" "$OUT/books"
cp mirps.toml "$OUT/shipped/"
cp -R chapters "$OUT/shipped/"
cp -R "$BENCH/syn-1k" "$OUT/syn-1k"

cases=()
for file in $(cd chapters && find . -name '*.yaml' | sed 's|^\./||' | sort); do
    cases+=("$file|shipped|$file|0.100|")
done
cases+=("1,000 commitments (xaa.yaml)|syn-1k|national/xaa.yaml|1.0|300")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $bin ($(du -hL "$bin" | cut -f1)), $RUNS runs each; peak memory from $([ -x /usr/bin/time ] && echo '/usr/bin/time -v' || echo 'wait4')"
echo
python3 - "$bin" "$OUT" "$RUNS" "${cases[@]}" <<'PY'
import filecmp, os, re, shutil, statistics, subprocess, sys, time

bin_, out, runs, cases = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4:]
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def once(cmd, cwd):
    """Wall seconds and peak RSS in MB of one run; exits on failure."""
    start = time.perf_counter()
    if TIME:
        done = subprocess.run([TIME, "-v", *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, errors="replace")
        wall = time.perf_counter() - start
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        code, peak_kb, log = done.returncode, int(m.group(1)) if m else 0, done.stderr
    else:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        peak_kb, log = rusage.ru_maxrss, ""
    if code != 0:
        sys.exit(f"failed (exit {code}): {' '.join(cmd)}\n{log}")
    return wall, peak_kb / 1024


def series(cmd, cwd):
    walls, peak = [], 0.0
    for _ in range(runs):
        wall, mb = once(cmd, cwd)
        walls.append(wall)
        peak = max(peak, mb)
    return min(walls), statistics.median(walls), peak


def verdict(best, median, peak, goal_s, goal_mb):
    if median <= goal_s and (goal_mb is None or peak <= goal_mb):
        return "met"
    if best <= goal_s and (goal_mb is None or peak <= goal_mb):
        return "best run only"
    return "NOT met"


rows = []
for case in cases:
    name, fw, rel, goal_s, goal_mb = case.split("|")
    goal_s, goal_mb = float(goal_s), (float(goal_mb) if goal_mb else None)
    fw = os.path.join(out, fw)
    chapter = os.path.join(fw, "chapters", rel)
    book = os.path.join(out, "books", rel.replace("/", "-").removesuffix(".yaml") + ".xlsx")
    pristine = chapter + ".orig"
    shutil.copyfile(chapter, pristine)
    export = series([bin_, "-C", fw, "sheet", "export", chapter, "-o", book], fw)
    imported = series([bin_, "-C", fw, "sheet", "import", book, "--into", chapter], fw)
    if not filecmp.cmp(chapter, pristine, shallow=False):
        sys.exit(f"failed: importing the unchanged workbook changed {rel}")
    size = os.path.getsize(book) / 1024
    for what, (best, median, peak) in (("export", export), ("import", imported)):
        v = verdict(best, median, peak, goal_s, goal_mb)
        rows.append((name, what, best, median, peak, size, goal_s, goal_mb, v))

print(f"| {'document':<34} | way    | best ms | median ms | peak MB | xlsx KB | {'goal':<19} | |")
print(f"|{'-' * 36}|--------|---------|-----------|---------|---------|{'-' * 21}|---|")
for name, what, best, median, peak, size, goal_s, goal_mb, v in rows:
    goal = f"<= {goal_s * 1000:,.0f} ms" + (f", {goal_mb:.0f} MB" if goal_mb else "")
    print(f"| {name:<34} | {what:<6} | {best * 1000:7.1f} | {median * 1000:9.1f} | {peak:7.1f} | {size:7.1f} | {goal:<19} | {v} |")
shipped = [r for r in rows if r[7] is None]
if shipped:
    for what in ("export", "import"):
        worst = max((r for r in shipped if r[1] == what), key=lambda r: r[3])
        print(f"slowest shipped {what}: {worst[0]}, median {worst[3] * 1000:.1f} ms")
missed = [r for r in rows if r[8] != "met"]
print(f"goals: {len(rows) - len(missed)} of {len(rows)} met on the median"
      + ("" if not missed else "; not: " + ", ".join(f"{r[0]} {r[1]}" for r in missed)))
PY

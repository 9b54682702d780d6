# Shared by the benchmark scripts (sourced, not run): the release binary as `$bin`, the
# synthetic frameworks under `$BENCH` (made once by scripts/gen-framework.py), a scratch
# output folder `$OUT` removed on exit, and `RUNS` (default 3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-3}
BENCH=target/bench
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

cargo build --release --quiet
bin=target/release/mirps
[ -f $BENCH/syn-10k/mirps.toml ] || python3 scripts/gen-framework.py $BENCH/syn-10k --states 100 --commitments 100

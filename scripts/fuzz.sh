#!/usr/bin/env bash
# Fuzz mirps with cargo-fuzz (libFuzzer): each target runs for a set time from a corpus seeded
# with the repository's own chapters, configurations and texts; a crash or a broken invariant
# fails the script. See docs/fuzzing.md.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  time per target (default: $FUZZ_SECONDS, else 60)
#   TARGET   load_validate, config, markdown, markdown_typst (default: the first three, and
#            markdown_typst too when FUZZ_PDF=1; it builds the Typst compiler)
# Environment:
#   FUZZ_SANITIZER  none (default) or address; mirps has no unsafe code, so AddressSanitizer
#                   would watch only its dependencies'
#   FUZZ_THREADS    threads of the validator and the linker in one run (default 1: one core)
#   FUZZ_ARGS       more libFuzzer flags, e.g. "-runs=1000000" to stop at a count of executions
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-${FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=(load_validate config markdown)
    [ "${FUZZ_PDF:-0}" = 1 ] && targets+=(markdown_typst)
fi
sanitizer=${FUZZ_SANITIZER:-none}
# Comparisons are not traced: on chapters, tracing them took about 70 % of the time (every
# scanner compares every character); the dictionaries give the fuzzer the words it needs.
build=(-s "$sanitizer" --no-trace-compares)
export RAYON_NUM_THREADS=${FUZZ_THREADS:-1}

# libFuzzer's instrumentation needs nightly Rust; without a nightly toolchain, the stable one
# accepts it when told it is bootstrapping (only with the sanitizer `none`).
if rustup run nightly rustc --version >/dev/null 2>&1; then
    cargo=(cargo +nightly)
elif [ "$sanitizer" = none ]; then
    echo "fuzz: no nightly toolchain; using $(rustc --version) with RUSTC_BOOTSTRAP=1"
    export RUSTC_BOOTSTRAP=1
    cargo=(cargo)
else
    echo "fuzz: the sanitizer $sanitizer needs a nightly toolchain (rustup toolchain install nightly)" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# Seeds: the repository's files, copied (by content, so a second run adds nothing) into
# fuzz/seeds/TARGET, which is rebuilt at every run; what the fuzzer finds goes to fuzz/corpus/TARGET.
# Both are ignored by git.
max_seed=$((256 * 1024))
seed() { # seed TARGET FILE...
    local dir=fuzz/seeds/$1 file sum
    shift
    for file in "$@"; do
        [ -f "$file" ] && [ ! -L "$file" ] || continue
        [ "$(stat -c %s "$file")" -le "$max_seed" ] || continue
        sum=$(sha1sum <"$file" | cut -c1-40)
        cp "$file" "$dir/$sum"
    done
}
yaml_files() { find "$@" -type f -name '*.yaml' | sort; }
# One seed per framework: its chapters joined by NUL bytes (the target's file separator), so the
# rules between documents and the money start from real frameworks.
framework_seed() { # framework_seed DIR: DIR/chapters/**/*.yaml as one input
    local out files
    mapfile -t files < <(yaml_files "$1/chapters" 2>/dev/null)
    [ "${#files[@]}" -gt 1 ] || return 0
    out=$(mktemp)
    local first=1 f
    for f in "${files[@]}"; do
        [ -L "$f" ] && continue
        [ $first = 1 ] || printf '\0' >>"$out"
        cat "$f" >>"$out"
        first=0
    done
    seed load_validate "$out"
    rm -f "$out"
}

prepare() { # prepare TARGET
    rm -rf "fuzz/seeds/$1"
    mkdir -p "fuzz/seeds/$1" "fuzz/corpus/$1"
    case $1 in
    load_validate)
        mapfile -t files < <(yaml_files chapters examples tests/fixtures fuzz/regressions/load_validate)
        seed "$1" "${files[@]}"
        framework_seed .
        for dir in examples/*/ examples/errors/*/ tests/fixtures/*/; do
            framework_seed "${dir%/}"
        done
        ;;
    config)
        mapfile -t files < <(find . -maxdepth 4 -name mirps.toml -not -path './target/*' \
            -not -path './fuzz/*' -not -path './build/*' | sort)
        seed "$1" "${files[@]}"
        ;;
    markdown | markdown_typst)
        # Content text: the documentation, and the chapters (whose texts cite `[[ID]]`s).
        mapfile -t files < <(
            find README.md docs fuzz/regressions/markdown -name '*.md'
            yaml_files chapters tests/fixtures
        )
        seed "$1" "${files[@]}"
        ;;
    *)
        echo "fuzz: unknown target $1" >&2
        exit 2
        ;;
    esac
}

# Flags per target: inputs up to 64 KB (a chapter is 1 to 20 KB, a mirps.toml 6 KB; the
# validator takes files up to 64 MB, but the time of a run grows with its input, and 64 KB holds
# several chapters); a run slower than 20 s or above 2 GB is a failure.
flags() { # flags TARGET
    local max dict
    case $1 in
    load_validate) max=65536 dict=chapter ;;
    config) max=65536 dict=config ;;
    markdown | markdown_typst) max=65536 dict=markdown ;;
    esac
    echo "-max_len=$max -dict=$root/fuzz/dicts/$dict.dict -timeout=20 -rss_limit_mb=2048"
}

features() { # features TARGET: the cargo features the target needs
    [ "$1" = markdown_typst ] && echo "--features=pdf"
    return 0
}

echo "== building ($("${cargo[@]}" --version), sanitizer $sanitizer)"
build_started=$(date +%s)
plain=() pdf=()
for t in "${targets[@]}"; do
    if [ "$t" = markdown_typst ]; then pdf+=("$t"); else plain+=("$t"); fi
done
for t in "${plain[@]}"; do
    (cd fuzz && "${cargo[@]}" fuzz build "${build[@]}" "$t")
done
for t in "${pdf[@]}"; do
    (cd fuzz && "${cargo[@]}" fuzz build "${build[@]}" --features=pdf "$t")
done
echo "built in $(($(date +%s) - build_started)) s"

failed=()
summary=()
for t in "${targets[@]}"; do
    prepare "$t"
    seeds=$(find "fuzz/seeds/$t" -type f | wc -l)
    log=fuzz/corpus/$t.log
    echo "== $t: $seconds s, $seeds seeds, load $(cut -d' ' -f1-3 /proc/loadavg)"
    status=0
    # shellcheck disable=SC2046 # the flags are words
    (cd fuzz && "${cargo[@]}" fuzz run "${build[@]}" $(features "$t") "$t" \
        "corpus/$t" "seeds/$t" -- \
        $(flags "$t") -max_total_time="$seconds" -print_final_stats=1 ${FUZZ_ARGS:-}) \
        >"$log" 2>&1 || status=$?
    grep -E '^(INFO: seed corpus|#[0-9]+ +(INITED|DONE))' "$log" | tail -n 3 || true
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
    time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
    crashes=$(grep -c "Test unit written to" "$log" || true)
    result=ok
    if [ "$status" != 0 ]; then
        result="FAILED (exit $status)"
        failed+=("$t")
        grep -E -A12 "panicked at|ERROR: libFuzzer|==ERROR" "$log" | head -n 40 || true
        grep -E "Test unit written to|artifact_prefix" "$log" || true
    fi
    summary+=("$(printf '%-15s %6s %12s %8s %7s %8s %8s  %s' "$t" "${time:--}" "${runs:--}" \
        "${rate:--}" "$corpus" "${rss:--}" "$crashes" "$result")")
    echo "log: $log"
done

echo "== summary (load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $RAYON_NUM_THREADS thread per run)"
printf '%-15s %6s %12s %8s %7s %8s %8s  %s\n' target seconds executions exec/s corpus "rss MB" crashes result
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]}; inputs in fuzz/artifacts/TARGET/" >&2
    exit 1
fi

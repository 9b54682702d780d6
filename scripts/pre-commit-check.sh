#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, used as a chapter repository uses them: a
# temporary git repository holding a small framework (tests/fixtures/minimal) and a
# .pre-commit-config.yaml that takes the hook from this checkout. `pre-commit run --all-files`
# must pass on the valid chapter, then fail on the same chapter with an unknown key, and say
# `unknown-key`.
#
#   scripts/pre-commit-check.sh [MIRPS_BINARY]     # default: target/debug/mirps
#
# The hook checked is mirps-validate-system, with MIRPS_BINARY on the PATH. MIRPS_HOOK=mirps-validate
# checks the hook that builds mirps with cargo instead (a release build: slow the first time;
# CARGO_TARGET_DIR lets it reuse an earlier one). pre-commit is installed from PyPI into
# target/ci-tools/ (PRE_COMMIT=/path/to/pre-commit uses another).
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
bin=${1:-target/debug/mirps}
hook=${MIRPS_HOOK:-mirps-validate-system}
pre_commit_version=4.7.0
start=$SECONDS

if [ "$hook" = mirps-validate-system ]; then
    if [ ! -x "$bin" ]; then
        echo "FAILED: no mirps binary at $bin (build it first: cargo build)"
        exit 2
    fi
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
fi

if [ -z "${PRE_COMMIT:-}" ]; then
    tools=$checkout/target/ci-tools
    if ! "$tools/bin/pre-commit" --version 2>/dev/null | grep -qx "pre-commit $pre_commit_version"; then
        echo "installing pre-commit $pre_commit_version into target/ci-tools"
        [ -x "$tools/bin/python" ] || python3 -m venv "$tools"
        "$tools/bin/python" -m pip install --quiet --disable-pip-version-check \
            "pre-commit==$pre_commit_version"
    fi
    PRE_COMMIT=$tools/bin/pre-commit
fi
"$PRE_COMMIT" --version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git_() { git -c user.name=pre-commit-check -c user.email=pre-commit-check@localhost \
    -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

# 1. The hooks' repository: a clone of this checkout at HEAD (pre-commit wants a git repository
#    and a rev), with the working tree's .pre-commit-hooks.yaml committed on top when it differs,
#    so that uncommitted changes to the hooks are what is checked.
git_ clone --quiet "$checkout" "$work/hooks"
cp .pre-commit-hooks.yaml "$work/hooks/.pre-commit-hooks.yaml"
if [ -n "$(git -C "$work/hooks" status --porcelain)" ]; then
    git_ -C "$work/hooks" add .pre-commit-hooks.yaml
    git_ -C "$work/hooks" commit --quiet -m "the working tree's .pre-commit-hooks.yaml"
fi
rev=$(git -C "$work/hooks" rev-parse HEAD)

# 2. A chapter repository using the hook.
mkdir "$work/chapters"
cp -R tests/fixtures/minimal/. "$work/chapters/"
cat > "$work/chapters/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: $hook
EOF
git_ -C "$work/chapters" init --quiet
git_ -C "$work/chapters" add -A

# pre-commit keeps its environments in PRE_COMMIT_HOME: a fresh one, so no earlier run's copy of
# the hooks is used.
export PRE_COMMIT_HOME=$work/pre-commit-home
if [ "$hook" = mirps-validate-system ]; then
    mkdir "$work/bin"
    ln -s "$bin" "$work/bin/mirps"
    export PATH="$work/bin:$PATH"
fi

fail=0
run() { # expected exit code, then a description; runs the hooks on every file
    local expected=$1 what=$2 status=0
    (cd "$work/chapters" && "$PRE_COMMIT" run --all-files --color never) > "$work/out" 2>&1 || status=$?
    sed 's/^/    /' "$work/out"
    if [ "$status" = "$expected" ]; then
        echo "ok: $what"
    else
        echo "FAILED: $what (pre-commit exited with $status, not $expected)"
        fail=1
    fi
}
contains() { # description, then a fixed string the last run printed
    if grep -qF -- "$2" "$work/out"; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}

# 3. The valid chapter passes.
run 0 "$hook passes on a valid chapter"
contains "the hook ran" "mirps validate"
contains "the hook passed" "Passed"

# 4. A key that is not part of the format fails the commit, with the problem's code and place.
chapter=$work/chapters/chapters/national/gtm.yaml
line=$(($(wc -l < "$chapter") + 1))
printf 'priorty: high\n' >> "$chapter"
git_ -C "$work/chapters" add -A
run 1 "$hook fails on a chapter with an unknown key"
contains "the failure names the code" "unknown-key"
contains "the failure names the file and line" "chapters/national/gtm.yaml:$line:1"

echo "pre-commit check: $((SECONDS - start)) s"
if [ "$fail" != 0 ]; then
    echo "pre-commit check: FAILED"
    exit 1
fi
echo "pre-commit check: passed"

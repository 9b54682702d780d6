#!/usr/bin/env bash
# End-to-end check of the built website in a real headless Chromium (Debian's package):
# every page loads from file:// without console errors, search finds a known commitment,
# the commitments filter hides other States' rows, and screenshots are saved for review.
#
#   scripts/e2e.sh [MIRPS_BINARY]     # default: target/debug/mirps
#
# Screenshots and DOM dumps go to target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/mirps}
out=target/e2e
rm -rf "$out"
mkdir -p "$out"

if ! command -v chromium >/dev/null; then
    echo "installing chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

"$bin" build --out "$out/site" --format html
profile=$(mktemp -d)
chrome() {
    # Flags: no sandbox (root in CI), no GPU, and no background networking (no network here).
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --virtual-time-budget=5000 "$@"
}

fail=0
check() { # description, then a command that must succeed
    local what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; fail=1; fi
}

# 1. Every page loads without console errors (uncaught exceptions are logged as CONSOLE lines).
pages=$(cd "$out/site" && find . -name '*.html' | sort)
for page in $pages; do
    url="file://$PWD/$out/site/${page#./}"
    chrome --enable-logging=stderr --v=0 --dump-dom "$url" > "$out/dom.html" 2> "$out/console.log" || true
    if grep -E "CONSOLE.*(Uncaught|Error|error)" "$out/console.log" >/dev/null; then
        echo "FAILED: console errors on $page"
        grep -E "CONSOLE" "$out/console.log" | head -5
        fail=1
    fi
done
echo "ok: $(echo "$pages" | wc -w) pages loaded"

# 2. Search finds a known commitment (accent- and case-insensitively).
site="file://$PWD/$out/site"
chrome --dump-dom "$site/es/html/search.html?q=amnistia" > "$out/search-es.html" 2>/dev/null || true
check "search (es) finds the Belize amnesty commitment" grep -q 'BLZ-4.2' "$out/search-es.html"
chrome --dump-dom "$site/en/html/search.html?q=HEALTH%20INSURANCE" > "$out/search-en.html" 2>/dev/null || true
check "search (en) finds Costa Rica's health insurance" grep -q 'CRI-2.1' "$out/search-en.html"

# 3. The commitments filter: ?state=GTM leaves only Guatemala's rows visible.
chrome --dump-dom "$site/en/html/commitments.html?state=GTM" > "$out/filter.html" 2>/dev/null || true
visible_other=$(python3 - "$out/filter.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
rows = re.findall(r'<tr[^>]*data-state="([A-Z]{3})"[^>]*>', html)
tags = re.findall(r'<tr[^>]*data-state="[A-Z]{3}"[^>]*>', html)
other_visible = [t for s, t in zip(rows, tags) if s != "GTM" and "hidden" not in t]
gtm_visible = [t for s, t in zip(rows, tags) if s == "GTM" and "hidden" not in t]
print(len(other_visible) if gtm_visible and rows else -1)
PY
)
check "filter ?state=GTM hides every other State's row" test "$visible_other" = 0

# 4. Screenshots for review (CI keeps target/).
chrome --window-size=1280,2400 --screenshot="$out/index-es.png" "$site/es/html/index.html" 2>/dev/null || true
chrome --window-size=1280,2400 --screenshot="$out/chapter-gtm-en.png" "$site/en/html/national/gtm.html" 2>/dev/null || true
chrome --window-size=390,1600 --screenshot="$out/index-es-phone.png" "$site/es/html/index.html" 2>/dev/null || true
check "screenshots written" test -s "$out/index-es.png" -a -s "$out/chapter-gtm-en.png"

rm -rf "$profile"
if [ "$fail" != 0 ]; then
    echo "e2e: FAILED"
    exit 1
fi
echo "e2e: all checks passed"

#!/usr/bin/env bash
# End-to-end check of the built website in a real headless Chromium (Debian's package):
# every page of both languages, at 1366 and 360 px wide, loads from file:// without console or
# page errors, never scrolls sideways and draws no chart text outside its chart; the menu button
# of narrow screens unfolds the navigation, which shows without JavaScript; the PDF links lead
# to PDFs (scripts/e2e_browser.py, the DevTools protocol with Python's standard library). Then
# search finds a known commitment, the commitments filter hides other States' rows and its
# caption counts the rows shown, and screenshots are saved for review.
#
#   scripts/e2e.sh [MIRPS_BINARY]     # default: target/debug/mirps
#
# Screenshots, DOM dumps and the report of every page (browser.json) go to target/e2e/.
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

# Everything mirps builds by default (the PDF too, when it has the feature): the site links it.
"$bin" build --out "$out/site" >/dev/null
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

# 1. Every page at a desktop and a phone width: no console or page error, no sideways scroll,
#    no clipped chart text, the menu button, the PDF links (one browser, about half a minute).
started=$SECONDS
check "every page in Chromium at 1366 and 360 px ($(find "$out/site" -name '*.html' | wc -l) pages)" \
    python3 scripts/e2e_browser.py "$out/site" --out "$out/browser.json"
echo "   (the browser check took $((SECONDS - started)) s)"

# 2. Search finds a known commitment (accent- and case-insensitively).
site="file://$PWD/$out/site"
chrome --dump-dom "$site/es/html/search.html?q=amnistia" > "$out/search-es.html" 2>/dev/null || true
check "search (es) finds the Belize amnesty commitment" grep -q 'BLZ-4.2' "$out/search-es.html"
chrome --dump-dom "$site/en/html/search.html?q=HEALTH%20INSURANCE" > "$out/search-en.html" 2>/dev/null || true
check "search (en) finds Costa Rica's health insurance" grep -q 'CRI-2.1' "$out/search-en.html"
chrome --dump-dom "$site/es/html/search.html?q=San%20Pedro%20Sula" > "$out/search-text.html" 2>/dev/null || true
check "search (es) finds chapter text (San Pedro Sula)" grep -q 'href="national/gtm.html#summary">Guatemala — Resumen' "$out/search-text.html"

# 3. The commitments filter: ?state=GTM leaves only Guatemala's rows visible, and the caption
#    says how many of all the rows show ("11 of 65 commitments"; Spanish "11 de 65 compromisos").
caption_of() { # DOM dump, then the words of its template ("of", "de"), then the noun
    python3 - "$@" <<'PY'
import re, sys
html, word, noun = sys.argv[1:4]
html = open(html, encoding="utf-8").read()
tags = re.findall(r'<tr[^>]*data-state="([A-Z]{3})"([^>]*)>', html)
gtm = sum(1 for s, rest in tags if s == "GTM" and "hidden" not in rest)
other = sum(1 for s, rest in tags if s != "GTM" and "hidden" not in rest)
shown = re.search(r'id="commitments-shown"[^>]*>([^<]*)<', html)
caption = shown.group(1).strip() if shown else "(no caption count)"
expected = f"{gtm} {word} {len(tags)} {noun}"
ok = bool(tags) and gtm > 0 and other == 0 and caption == expected
print(f"{'ok' if ok else 'wrong'}: {gtm} GTM rows and {other} others shown of {len(tags)}; caption {caption!r}, expected {expected!r}")
PY
}
chrome --dump-dom "$site/en/html/commitments.html?state=GTM" > "$out/filter.html" 2>/dev/null || true
filter_en=$(caption_of "$out/filter.html" of commitments)
echo "   $filter_en"
check "filter ?state=GTM hides every other State's row, and the caption counts the rows shown (en)" \
    test "${filter_en%%:*}" = ok
chrome --dump-dom "$site/es/html/commitments.html?state=GTM" > "$out/filter-es.html" 2>/dev/null || true
filter_es=$(caption_of "$out/filter-es.html" de compromisos)
echo "   $filter_es"
check "the caption counts the rows shown (es)" test "${filter_es%%:*}" = ok

# 4. Screenshots for review (CI keeps target/).
chrome --window-size=1280,2400 --screenshot="$out/index-es.png" "$site/es/html/index.html" 2>/dev/null || true
chrome --window-size=1280,2400 --screenshot="$out/chapter-gtm-en.png" "$site/en/html/national/gtm.html" 2>/dev/null || true
chrome --window-size=390,1600 --screenshot="$out/index-es-phone.png" "$site/es/html/index.html" 2>/dev/null || true
chrome --window-size=360,1600 --screenshot="$out/commitments-en-phone.png" "$site/en/html/commitments.html" 2>/dev/null || true
check "screenshots written" test -s "$out/index-es.png" -a -s "$out/chapter-gtm-en.png"

rm -rf "$profile"
if [ "$fail" != 0 ]; then
    echo "e2e: FAILED"
    exit 1
fi
echo "e2e: all checks passed"

#!/usr/bin/env python3
"""Every page of a built mirps website in a real headless Chromium, at a desktop and a phone width.

    scripts/e2e_browser.py SITE_DIR [--out DIR] [--widths 1366,360] [--chromium PATH]

Loads every .html under SITE_DIR/<lang>/html/ (and any other .html of the build) at each width
and fails on:

  * a page that does not load, or whose document is wider than the viewport
    (document.documentElement.scrollWidth > width: the page scrolls sideways);
  * any console error (console.error, a resource that fails to load) or uncaught page error;
  * an SVG <text> whose box is not inside its <svg>'s viewBox (a clipped chart label);
  * no link to the PDF (a[data-download="pdf"], else a[href$="mirps.pdf"]) on a page, when the
    build has a PDF; and a linked PDF that is missing or does not start with %PDF.

It speaks the Chrome DevTools Protocol over a pipe (--remote-debugging-pipe: NUL-separated JSON
on file descriptors 3 and 4), with the Python standard library alone: nothing to install, and
no client library whose protocol version must match the system's Chromium.
"""

import argparse
import fcntl
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

PAGE_TIMEOUT = 30.0

# Run in each page once it has loaded: what the checks need, as one JSON value.
PROBE = r"""
(() => {
  const width = %(width)d;
  const doc = document.documentElement;
  const out = {
    scrollWidth: doc.scrollWidth,
    innerWidth: window.innerWidth,
    overflowing: [],
    clipped: [],
    texts: 0,
    pdfLinks: [],
  };
  // Where the page is too wide: the outermost elements that pass the right edge and are not
  // inside a box that scrolls or clips on its own.
  // An absolutely positioned element escapes the overflow of every box up to its containing
  // block (its nearest positioned ancestor), a fixed one that of every box.
  const clips = (el) => {
    let pos = getComputedStyle(el).position;
    for (let p = el.parentElement; p && p !== doc; p = p.parentElement) {
      const s = getComputedStyle(p);
      const holds = pos === "fixed" ? s.transform !== "none"
        : pos === "absolute" ? s.position !== "static" || s.transform !== "none" : true;
      if (!holds) continue;
      const o = s.overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
      pos = s.position;
    }
    return false;
  };
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim())
      s += "." + el.className.trim().split(/\s+/).join(".");
    return s;
  };
  if (doc.scrollWidth > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5 || clips(el)) continue;
      const parent = el.parentElement;
      const pr = parent ? parent.getBoundingClientRect() : null;
      if (pr && pr.right > width + 0.5 && !clips(parent) && parent !== document.body) continue;
      out.overflowing.push(name(el) + " (right edge " + Math.round(r.right) + " px)");
      if (out.overflowing.length >= 6) break;
    }
  }
  // Chart text: inside the viewBox (user units), and inside the drawn <svg> box on screen.
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const vb = svg.viewBox && svg.viewBox.baseVal;
    for (const t of svg.querySelectorAll("text")) {
      out.texts += 1;
      let b;
      try { b = t.getBBox(); } catch (e) { continue; }
      const r = t.getBoundingClientRect();
      const slack = 0.5;
      const inView = !vb || vb.width === 0 ||
        (b.x >= vb.x - slack && b.y >= vb.y - slack &&
         b.x + b.width <= vb.x + vb.width + slack && b.y + b.height <= vb.y + vb.height + slack);
      const onScreen = r.left >= box.left - slack && r.right <= box.right + slack &&
        r.top >= box.top - slack && r.bottom <= box.bottom + slack;
      if (!inView || !onScreen) {
        out.clipped.push(JSON.stringify(t.textContent.trim()) + " in svg" +
          (svg.id ? "#" + svg.id : "") + (svg.getAttribute("aria-labelledby") ? " [" + svg.getAttribute("aria-labelledby") + "]" : "") +
          ": box " + [b.x, b.y, b.x + b.width, b.y + b.height].map(Math.round).join(",") +
          (vb ? " viewBox " + [vb.x, vb.y, vb.x + vb.width, vb.y + vb.height].map(Math.round).join(",") : ""));
      }
    }
  }
  // The main navigation: its list shows, or a menu button that unfolds it does.
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const toggle = document.querySelector(".nav-toggle[aria-controls]");
  const navList = toggle ? document.getElementById(toggle.getAttribute("aria-controls"))
    : document.querySelector(".site-nav ul");
  out.nav = { present: !!document.querySelector(".site-nav"), list: shown(navList), toggle: shown(toggle) };
  let links = document.querySelectorAll('a[data-download="pdf"]');
  if (!links.length) links = document.querySelectorAll('a[href$="mirps.pdf"]');
  for (const a of links) out.pdfLinks.push(a.href);
  return JSON.stringify(out);
})()
"""


class Browser:
    """One headless Chromium, driven over --remote-debugging-pipe."""

    def __init__(self, executable, profile):
        cmd_read, self._cmd = os.pipe()  # we write commands; Chromium reads fd 3
        self._resp, resp_write = os.pipe()  # Chromium writes fd 4; we read
        args = [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--mute-audio",
            "--user-data-dir=" + profile,
            "--remote-debugging-pipe",
            "about:blank",
        ]

        def fds():
            # Out of the way first (either may be fd 3 or 4), then onto 3 and 4, inheritable.
            read, write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (cmd_read, resp_write))
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,
            close_fds=False,
        )
        os.close(cmd_read)
        os.close(resp_write)
        self._next = 0
        self._replies = {}
        self._events = queue.Queue()
        self._lock = threading.Condition()
        self._closed = False
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self._resp, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._closed = True
                    self._lock.notify_all()
                self._events.put(None)
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        self._replies[message["id"]] = message
                        self._lock.notify_all()
                else:
                    self._events.put(message)

    def send(self, method, params=None, session=None, timeout=PAGE_TIMEOUT):
        with self._lock:
            self._next += 1
            ident = self._next
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._lock:
            while ident not in self._replies:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise RuntimeError(f"no reply to {method} (Chromium {'exited' if self._closed else 'timed out'})")
                self._lock.wait(left)
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def event(self, timeout):
        try:
            return self._events.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def describe_exception(details):
    exc = details.get("exception") or {}
    text = exc.get("description") or details.get("text") or "exception"
    where = details.get("url", "")
    line = details.get("lineNumber")
    return f"{text.splitlines()[0]} ({where}:{line})" if where else text.splitlines()[0]


class Tab:
    """One page target, attached with a flat session, collecting its errors."""

    def __init__(self, browser):
        self.b = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.errors = []

    def send(self, method, params=None, timeout=PAGE_TIMEOUT):
        return self.b.send(method, params, session=self.session, timeout=timeout)

    def size(self, width, height):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )

    def _note(self, event):
        if event.get("sessionId") != self.session:
            return
        method = event.get("method")
        params = event.get("params", {})
        if method == "Runtime.exceptionThrown":
            self.errors.append("page error: " + describe_exception(params.get("exceptionDetails", {})))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.errors.append("console.error: " + args)
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                self.errors.append(f"console: {entry.get('text')} {entry.get('url', '')}".rstrip())

    def load(self, url):
        """Navigate to `url` and wait for its load event; the errors seen while it loaded."""
        self.errors = []
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise RuntimeError(f"cannot load {url}: {result['errorText']}")
        deadline = time.monotonic() + PAGE_TIMEOUT
        loaded = False
        while not loaded:
            event = self.b.event(deadline - time.monotonic())
            if event is None:
                raise RuntimeError(f"{url} did not finish loading within {PAGE_TIMEOUT:.0f} s")
            self._note(event)
            loaded = event.get("method") == "Page.loadEventFired" and event.get("sessionId") == self.session
        # Deferred scripts ran before the load event; give timers started then a moment, and
        # collect what they logged.
        settle = time.monotonic() + 0.15
        while True:
            event = self.b.event(settle - time.monotonic())
            if event is None:
                break
            self._note(event)
        return list(self.errors)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError("probe failed: " + describe_exception(result["exceptionDetails"]))
        return result["result"]["value"]


NAV_STATE = r"""
(() => {
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const b = document.querySelector(".nav-toggle[aria-controls]");
  const list = b ? document.getElementById(b.getAttribute("aria-controls")) : null;
  const r = b && shown(b) ? b.getBoundingClientRect() : null;
  // Every entry but Search, which narrow screens leave to the search box of the header.
  const links = list ? Array.from(list.querySelectorAll(":scope > li > a, :scope > li summary"))
    .filter((a) => !a.closest(".nav-search")) : [];
  return JSON.stringify({
    button: shown(b), expanded: b ? b.getAttribute("aria-expanded") : null,
    list: shown(list), links: links.filter(shown).length, all: links.length,
    x: r ? r.left + r.width / 2 : 0, y: r ? r.top + r.height / 2 : 0,
  });
})()
"""


def menu_checks(tab, url, failures):
    """The menu button: folded on a phone, unfolds on a tap; absent on a desktop; and without
    scripts the links show on a phone."""

    def state():
        return json.loads(tab.evaluate(NAV_STATE))

    def check(ok, what):
        if ok:
            print("ok: " + what)
        else:
            failures.append(what)

    tab.size(360, 800)
    errors = tab.load(url)
    failures.extend(f"{url} at 360 px: {e}" for e in errors)
    folded = state()
    check(folded["button"] and folded["expanded"] == "false" and not folded["list"],
          f"at 360 px the navigation is folded behind a menu button ({folded})")
    if folded["button"]:
        for kind in ("mousePressed", "mouseReleased"):
            tab.send("Input.dispatchMouseEvent", {"type": kind, "x": folded["x"], "y": folded["y"], "button": "left", "clickCount": 1})
        opened = state()
        check(opened["expanded"] == "true" and opened["list"] and opened["links"] == opened["all"] > 0,
              f"a tap on the menu button shows every link of the navigation ({opened})")
    tab.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        tab.load(url)
        plain = state()
    finally:
        tab.send("Emulation.setScriptExecutionDisabled", {"value": False})
    check(not plain["button"] and plain["list"] and plain["links"] == plain["all"] > 0,
          f"without JavaScript, at 360 px, the navigation's links show ({plain})")
    tab.size(1366, 900)
    tab.load(url)
    wide = state()
    check(not wide["button"] and wide["list"] and wide["links"] == wide["all"] > 0,
          f"at 1366 px the navigation shows, with no menu button ({wide})")


def file_of(url):
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme != "file":
        return None
    return urllib.request.url2pathname(parsed.path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", help="the folder mirps build wrote")
    parser.add_argument("--out", help="write a JSON report of every page here")
    parser.add_argument("--widths", default="1366,360", help="viewport widths, comma-separated")
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()

    site = os.path.abspath(args.site)
    if not os.path.isdir(site):
        print(f"FAILED: no built site at {site}")
        return 2
    widths = [int(w) for w in args.widths.split(",") if w]
    pages = sorted(
        os.path.relpath(os.path.join(d, f), site)
        for d, _, files in os.walk(site)
        for f in files
        if f.endswith(".html")
    )
    langs = sorted(
        d for d in os.listdir(site) if os.path.isdir(os.path.join(site, d, "html"))
    )
    pdfs = sorted(
        os.path.relpath(os.path.join(d, f), site)
        for d, _, files in os.walk(site)
        for f in files
        if f == "mirps.pdf"
    )
    failures = []
    if not langs:
        failures.append(f"no <lang>/html/ folder in {site}")
    for lang in langs:
        if not any(p.startswith(lang + os.sep + "html" + os.sep) for p in pages):
            failures.append(f"no page under {lang}/html/")

    started = time.monotonic()
    profile = tempfile.mkdtemp(prefix="mirps-e2e-chromium-")
    browser = Browser(args.chromium, profile)
    report = []
    pdf_links = {}
    try:
        # The browser is up once it answers.
        version = browser.send("Browser.getVersion")
        print(f"browser: {version.get('product')} (CDP {version.get('protocolVersion')})")
        tab = Tab(browser)
        for width in widths:
            tab.size(width, args.height)
            for page in pages:
                url = "file://" + urllib.request.pathname2url(os.path.join(site, page))
                where = f"{page} at {width} px"
                try:
                    errors = tab.load(url)
                    probe = json.loads(tab.evaluate(PROBE % {"width": width}))
                except RuntimeError as e:
                    failures.append(f"{where}: {e}")
                    continue
                report.append({"page": page, "width": width, "errors": errors, **probe})
                for e in errors:
                    failures.append(f"{where}: {e}")
                if probe["scrollWidth"] > width:
                    failures.append(
                        f"{where}: scrolls sideways (document {probe['scrollWidth']} px wide): "
                        + ("; ".join(probe["overflowing"]) or "no single element found")
                    )
                nav = probe["nav"]
                if nav["present"] and not (nav["list"] or nav["toggle"]):
                    failures.append(f"{where}: the main navigation shows neither its links nor a menu button")
                for c in probe["clipped"]:
                    failures.append(f"{where}: SVG text outside its chart: {c}")
                if pdfs and not probe["pdfLinks"] and page.split(os.sep)[1:2] == ["html"]:
                    failures.append(f"{where}: no link to the PDF (a[data-download=pdf] or a[href$=mirps.pdf])")
                for href in probe["pdfLinks"]:
                    pdf_links.setdefault(href, page)
        if langs:
            menu_checks(tab, "file://" + urllib.request.pathname2url(os.path.join(site, langs[0], "html", "index.html")), failures)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)

    # Follow the PDF links: each names a file of the build that is a PDF.
    for href, page in sorted(pdf_links.items()):
        path = file_of(href)
        if path is None:
            failures.append(f"{page}: the PDF link {href} is not a file of the build")
            continue
        try:
            with open(path, "rb") as f:
                head = f.read(5)
        except OSError as e:
            failures.append(f"{page}: the PDF link {href} leads nowhere ({e.strerror})")
            continue
        if not head.startswith(b"%PDF"):
            failures.append(f"{page}: {href} is no PDF (starts with {head!r})")
    if pdfs and not pdf_links:
        failures.append(f"the build has {', '.join(pdfs)} but no page links to it")

    elapsed = time.monotonic() - started
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"pages": report, "failures": failures, "seconds": round(elapsed, 1)}, f, indent=1)
    texts = max((r["texts"] for r in report), default=0)
    print(
        f"loaded {len(pages)} pages ({', '.join(langs)}) at {', '.join(f'{w} px' for w in widths)}: "
        f"{len(report)} loads in {elapsed:.1f} s; {len(pdf_links)} PDF link(s) followed; "
        f"up to {texts} SVG texts on a page"
    )
    if failures:
        for f in failures:
            print("FAILED: " + f)
        return 1
    print("ok: no page scrolls sideways, no console or page error, no clipped chart text, the PDF links lead to PDFs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

/* MIRPS website: small progressive enhancements, no dependencies.
   Every page works without this file; each part below runs only where its elements exist.
   Nothing is written with innerHTML: result nodes are built with createElement/textContent. */
(function () {
  "use strict";

  var doc = document;
  /* Scripts run: the stylesheet may fold what this file unfolds (html.js). */
  doc.documentElement.className += " js";

  function each(list, fn) {
    Array.prototype.forEach.call(list || [], fn);
  }

  function params() {
    try {
      return new URLSearchParams(window.location.search);
    } catch (e) {
      return { get: function () { return null; } };
    }
  }

  /* Replace the query string without reloading (ignored where the browser refuses, e.g. some
     file:// pages). */
  function setQuery(pairs) {
    if (!window.history || !window.history.replaceState) return;
    var parts = [];
    pairs.forEach(function (p) {
      if (p[1]) parts.push(encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]));
    });
    var url = window.location.pathname + (parts.length ? "?" + parts.join("&") : "") + window.location.hash;
    try {
      window.history.replaceState(null, "", url);
    } catch (e) { /* not allowed here: the page still works */ }
  }

  /* Case- and accent-insensitive form of a text. */
  var hasNormalize = typeof "".normalize === "function";
  function fold(text) {
    var s = String(text == null ? "" : text);
    if (hasNormalize) s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return s.toLowerCase();
  }

  /* The folded text and, for each of its characters, the index of the original one. */
  function foldMap(text) {
    var out = "";
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text.charAt(i));
      for (var j = 0; j < f.length; j++) {
        out += f.charAt(j);
        map.push(i);
      }
    }
    return { text: out, map: map };
  }

  /* Append `text` to `parent`, wrapping the matches of `terms` (already folded) in <mark>. */
  function appendHighlighted(parent, text, terms) {
    var fm = foldMap(text);
    var ranges = [];
    terms.forEach(function (term) {
      if (!term) return;
      var from = 0;
      var at;
      while ((at = fm.text.indexOf(term, from)) !== -1) {
        var start = fm.map[at];
        var end = fm.map[at + term.length - 1] + 1;
        ranges.push([start, end]);
        from = at + term.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    var pos = 0;
    merged.forEach(function (r) {
      if (r[0] > pos) parent.appendChild(doc.createTextNode(text.slice(pos, r[0])));
      var mark = doc.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      pos = r[1];
    });
    if (pos < text.length) parent.appendChild(doc.createTextNode(text.slice(pos)));
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  /* --- navigation menus: one open at a time, closed by Escape or a click elsewhere ---------- */
  function initMenus() {
    var menus = doc.querySelectorAll(".site-nav details");
    if (!menus.length) return;
    function closeAll(except) {
      each(menus, function (d) {
        if (d !== except && d.open) d.open = false;
      });
    }
    each(menus, function (d) {
      d.addEventListener("toggle", function () {
        if (d.open) closeAll(d);
      });
    });
    doc.addEventListener("click", function (e) {
      each(menus, function (d) {
        if (d.open && !d.contains(e.target)) d.open = false;
      });
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" && e.key !== "Esc") return;
      each(menus, function (d) {
        if (d.open) {
          d.open = false;
          var summary = d.querySelector("summary");
          if (summary && d.contains(doc.activeElement)) summary.focus();
        }
      });
    });
  }

  /* --- main navigation: behind a menu button on narrow screens ------------------------------
     The stylesheet folds the list only under html.js, set here: without this script the list
     shows. The button's aria-expanded is the state the stylesheet follows. */
  function initNavToggle() {
    var button = doc.querySelector(".nav-toggle[aria-controls]");
    var list = button && doc.getElementById(button.getAttribute("aria-controls"));
    if (!button || !list) return;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.hidden = false;
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    doc.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && button.getAttribute("aria-expanded") === "true" &&
          list.contains(doc.activeElement) && !list.querySelector("details[open]")) {
        set(false);
        button.focus();
      }
    });
  }

  /* --- print: a button where the page offers one, and chart tables printed open ------------ */
  function initPrint() {
    each(doc.querySelectorAll("[data-print]"), function (button) {
      if (typeof window.print !== "function") return;
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var opened = [];
    window.addEventListener("beforeprint", function () {
      each(doc.querySelectorAll("details.chart-data"), function (d) {
        if (!d.open) {
          d.open = true;
          opened.push(d);
        }
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  /* --- commitments table: filters by State, pillar, population and status ------------------ */
  function initFilters() {
    var form = doc.getElementById("filters");
    var table = doc.getElementById("commitments-table");
    if (!form || !table || !table.tBodies.length) return;
    var rows = table.tBodies[0].querySelectorAll("tr[data-state]");
    var selects = form.querySelectorAll("select[data-filter]");
    var count = doc.getElementById("filter-count");
    var shownNote = doc.getElementById("commitments-shown");
    var empty = doc.getElementById("no-results");
    var template = form.getAttribute("data-count") || "{n} / {total}";
    var query = params();

    each(selects, function (select) {
      var wanted = query.get(select.name);
      if (wanted === null && select.name === "population") wanted = query.get("populations");
      if (wanted === null) return;
      each(select.options, function (option) {
        if (option.value === wanted) select.value = wanted;
      });
    });

    function apply(updateUrl) {
      var active = [];
      each(selects, function (select) {
        if (select.value) active.push({ attr: select.getAttribute("data-filter"), name: select.name, value: select.value });
      });
      var shown = 0;
      each(rows, function (row) {
        var ok = active.every(function (f) {
          var value = row.getAttribute("data-" + f.attr) || "";
          if (f.attr === "populations") return (" " + value + " ").indexOf(" " + f.value + " ") !== -1;
          return value === f.value;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (empty) empty.hidden = shown > 0;
      if (count) count.textContent = fill(template, { n: shown, total: rows.length });
      /* The caption says how many rows it shows: "4 de 65 compromisos", or all of them. */
      if (shownNote) {
        var key = shown !== rows.length ? "data-some" : rows.length === 1 ? "data-one" : "data-all";
        shownNote.textContent = fill(shownNote.getAttribute(key), { n: shown, total: rows.length });
      }
      if (updateUrl) setQuery(active.map(function (f) { return [f.name, f.value]; }));
    }

    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      apply(true);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { apply(true); }, 0);
    });
    apply(false);
  }

  /* --- search ------------------------------------------------------------------------------ */
  var KIND_ORDER = { c: 0, p: 1, g: 2, t: 3 };

  function initSearch() {
    var form = doc.getElementById("search-form");
    var input = doc.getElementById("search-q");
    var list = doc.getElementById("search-results");
    var status = doc.getElementById("search-status");
    if (!form || !input || !list || !status) return;
    var entries = Array.isArray(window.MIRPS_SEARCH) ? window.MIRPS_SEARCH : [];
    var root = list.getAttribute("data-root") || "";
    var index = entries.map(function (e, n) {
      return {
        entry: e,
        n: n,
        id: fold(e.i),
        title: fold(e.t),
        desc: fold(e.d)
      };
    });

    function search(q) {
      var terms = fold(q).split(/\s+/).filter(Boolean);
      if (!terms.length) return { terms: terms, hits: [] };
      var whole = terms.join(" ");
      var hits = [];
      index.forEach(function (x) {
        var score = 0;
        for (var i = 0; i < terms.length; i++) {
          var t = terms[i];
          var inId = x.id.indexOf(t) !== -1;
          var inTitle = x.title.indexOf(t) !== -1;
          var inDesc = x.desc.indexOf(t) !== -1;
          if (!inId && !inTitle && !inDesc) return;
          score += (inId ? 8 : 0) + (inTitle ? 10 : 0) + (inDesc ? 1 : 0);
        }
        /* A part of the text carries its document's code, not an id of its own: a code
           searched for puts the items it names first. */
        if (x.entry.k !== "t") {
          if (x.id === whole) score += 100;
          else if (x.id.indexOf(whole) === 0) score += 40;
        }
        hits.push({ x: x, score: score });
      });
      hits.sort(function (a, b) {
        return b.score - a.score ||
          (KIND_ORDER[a.x.entry.k] || 0) - (KIND_ORDER[b.x.entry.k] || 0) ||
          a.x.n - b.x.n;
      });
      return { terms: terms, hits: hits };
    }

    function excerpt(text, max) {
      text = String(text || "");
      if (text.length <= max) return text;
      var cut = text.lastIndexOf(" ", max);
      return text.slice(0, cut > max / 2 ? cut : max) + "…";
    }

    /* About `max` characters of a long text around the first match of `terms`, cut at spaces,
       with "…" where text was left out. */
    function around(text, terms, max) {
      text = String(text || "");
      if (text.length <= max) return text;
      var folded = fold(text);
      var map = null;
      if (folded.length !== text.length) {
        var fm = foldMap(text);
        folded = fm.text;
        map = fm.map;
      }
      var at = -1;
      var len = 0;
      terms.forEach(function (term) {
        var i = term ? folded.indexOf(term) : -1;
        if (i !== -1 && (at === -1 || i < at)) {
          at = i;
          len = term.length;
        }
      });
      if (at === -1) return excerpt(text, max);
      if (map) {
        len = map[at + len - 1] + 1 - map[at];
        at = map[at];
      }
      var start = Math.max(0, at - Math.floor(max / 3));
      if (start > 0) {
        var space = text.indexOf(" ", start);
        start = space !== -1 && space < at ? space + 1 : start;
      }
      var end = Math.min(text.length, start + max);
      if (end < text.length) {
        var last = text.lastIndexOf(" ", end);
        if (last >= at + len) end = last;
      }
      return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    }

    function render(q) {
      while (list.firstChild) list.removeChild(list.firstChild);
      var trimmed = q.replace(/^\s+|\s+$/g, "");
      if (!trimmed) {
        status.textContent = status.getAttribute("data-empty") || "";
        return;
      }
      var found = search(trimmed);
      var n = found.hits.length;
      var key = n === 0 ? "data-none" : n === 1 ? "data-one" : "data-many";
      status.textContent = fill(status.getAttribute(key), { n: n, q: trimmed });
      found.hits.forEach(function (hit) {
        var e = hit.x.entry;
        var li = doc.createElement("li");
        li.className = "result";

        var meta = doc.createElement("p");
        meta.className = "result-meta";
        var kind = doc.createElement("span");
        kind.className = "result-kind";
        kind.textContent = list.getAttribute("data-kind-" + e.k) || "";
        var id = doc.createElement("span");
        id.className = "cid";
        appendHighlighted(id, String(e.i || ""), found.terms);
        meta.appendChild(kind);
        meta.appendChild(id);

        var title = doc.createElement("p");
        title.className = "result-title";
        var a = doc.createElement("a");
        a.href = root + String(e.h || "");
        appendHighlighted(a, String(e.t || e.i || ""), found.terms);
        title.appendChild(a);

        li.appendChild(meta);
        li.appendChild(title);
        if (e.d) {
          var desc = doc.createElement("p");
          desc.className = "result-desc";
          var shown = e.k === "t" ? around(e.d, found.terms, 260) : excerpt(e.d, 260);
          appendHighlighted(desc, shown, found.terms);
          li.appendChild(desc);
        }
        list.appendChild(li);
      });
    }

    var timer = null;
    function run(updateUrl) {
      render(input.value);
      if (updateUrl) setQuery([["q", input.value.replace(/^\s+|\s+$/g, "")]]);
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(true); }, 120);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      window.clearTimeout(timer);
      run(true);
    });

    var initial = params().get("q");
    if (initial) input.value = initial;
    run(false);
  }

  function init() {
    initNavToggle();
    initMenus();
    initPrint();
    initFilters();
    initSearch();
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})();

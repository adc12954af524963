"""The report page's own style and script: constants, so their CSP hashes are stable.

The script builds every element holding captured text with textContent, never innerHTML.
"""

from __future__ import annotations

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
#matrix button { font: inherit; width: 100%; text-align: left; border: 0; cursor: pointer;
  padding: 0.2rem 0.4rem; background: #eee; }
#matrix button.pass { background: #dff3df; }
#matrix button.failed { background: #f8d7d7; font-weight: 600; }
#matrix button.new { background: #dce8fa; font-weight: 600; }
#matrix button.skipped { background: #f0f0f0; color: #666; }
#matrix button[aria-pressed="true"] { outline: 2px solid #1a4fd6; }
.scores { display: block; font-weight: 400; font-size: 12px; color: #333; }
#detail { margin-top: 1.5rem; }
#detail table { width: 100%; table-layout: fixed; }
#detail td { white-space: pre-wrap; overflow-wrap: anywhere; }
#detail th.n { width: 3rem; }
#detail th.name { width: 7rem; }
#detail th.verdict { width: 12rem; }
tr.delete td.old, tr.replace td.old, tr.differs td.old { background: #fbe3e3; }
tr.insert td.new, tr.replace td.new, tr.differs td.new { background: #e0f5e0; }
pre.explain { white-space: pre-wrap; background: #f6f6f6; padding: 0.5rem; }
img.shot { float: right; width: 320px; max-height: 640px; object-fit: cover;
  object-position: top; margin: 0 0 1rem 1rem; border: 1px solid #ccc; }
.none { color: #888; font-style: italic; }
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var detail = document.getElementById("detail");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function value(v) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) {
      return el("span", "none", "(none)");
    }
    return document.createTextNode(Array.isArray(v) ? v.join("; ") : String(v));
  }

  function cellOf(v, cls) {
    var td = el("td", cls);
    td.appendChild(value(v));
    return td;
  }

  function fieldTable(c) {
    var table = el("table", "fields");
    var head = el("tr");
    [["name", "field"], ["", "golden"], ["", "new output"], ["verdict", "verdict"]].forEach(
      function (t) { head.appendChild(el("th", t[0], t[1])); }
    );
    table.appendChild(head);
    ["title", "published", "updated", "authors", "language"].forEach(function (name) {
      var old = c.golden ? c.golden[name] : null;
      var now = c.record ? c.record[name] : null;
      var verdict = c.fields[name];
      var tr = el("tr", verdict && verdict.drifted ? "differs" : "");
      tr.appendChild(el("th", null, name));
      tr.appendChild(cellOf(old, "old"));
      tr.appendChild(cellOf(now, "new"));
      tr.appendChild(el("td", null, verdict ? (verdict.drifted ? verdict.how : "same") : ""));
      table.appendChild(tr);
    });
    return table;
  }

  function bodyTable(c) {
    var table = el("table", "body");
    var head = el("tr");
    [["n", "\\u00b6"], ["", "golden body"], ["n", "\\u00b6"], ["", "new body"]].forEach(
      function (t) { head.appendChild(el("th", t[0], t[1])); }
    );
    table.appendChild(head);
    c.body.forEach(function (row) {
      var tr = el("tr", row.tag);
      tr.appendChild(el("td", "n", row.old_n));
      tr.appendChild(el("td", "old", row.old));
      tr.appendChild(el("td", "n", row.new_n));
      tr.appendChild(el("td", "new", row.new));
      table.appendChild(tr);
    });
    if (!c.body.length) { table.appendChild(el("tr")).appendChild(el("td", "none", "(no body)")); }
    return table;
  }

  function scoreLine(c) {
    if (!c.scores) { return null; }
    var parts = [];
    if (c.scores.body_f1 !== null) { parts.push("body F1 " + c.scores.body_f1.toFixed(3)); }
    if (c.scores.title_ok !== null) { parts.push("title " + (c.scores.title_ok ? "ok" : "wrong")); }
    return el("p", "scores", "Against the truth: " + parts.join(", "));
  }

  function show(index) {
    var c = data.cells[index];
    detail.replaceChildren();
    detail.appendChild(el("h2", null, c.extractor + "[" + c.capture + "]: " + c.status));
    var shot = data.screenshots && data.screenshots[c.capture];
    if (typeof shot === "string" && shot.indexOf("data:image/png;base64,") === 0) {
      var img = el("img", "shot");
      img.alt = "screenshot of " + c.capture;
      img.src = shot;
      detail.appendChild(img);
    }
    if (c.message) { detail.appendChild(el("p", "message", c.message)); }
    var scores = scoreLine(c);
    if (scores) { detail.appendChild(scores); }
    if (c.explain) { detail.appendChild(el("pre", "explain", c.explain)); }
    if (!c.golden) { detail.appendChild(el("p", "none", "No golden to compare with.")); }
    detail.appendChild(fieldTable(c));
    detail.appendChild(el("h3", null, "Body paragraphs"));
    detail.appendChild(bodyTable(c));
    detail.hidden = false;
    document.querySelectorAll("#matrix button[data-cell]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-cell") === String(index));
    });
  }

  document.getElementById("matrix").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-cell]");
    if (button) { show(Number(button.getAttribute("data-cell"))); }
  });
})();
""".strip()

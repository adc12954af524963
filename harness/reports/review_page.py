"""The web review's page: its markup, style and script (constants, so their CSP hashes hold).

The page holds no captured text: its script fetches the items as JSON and builds every
element that shows captured text with textContent, never innerHTML. Its policy allows its
own script and style (by hash), requests to its own server, and images from there (the
screenshots, served as PNG) or none at all.
"""

from __future__ import annotations

from html import escape

from harness.reports.html import csp_hash

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem 1.5rem; color: #1a1a1a; }
header { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
#keys { color: #555; }
.item { display: flex; gap: 1rem; border-top: 1px solid #ccc; padding: 0.75rem 0; }
.item.current { background: #f3f7ff; outline: 2px solid #1a4fd6; }
.item.done { opacity: 0.5; }
.cell { flex: 1 1 auto; min-width: 0; }
.shot { flex: 0 0 320px; max-height: 480px; overflow: auto; border: 1px solid #ddd; }
.shot img { width: 100%; display: block; }
.key { font-weight: 600; overflow-wrap: anywhere; }
.status { color: #333; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.25rem 0; }
th, td { border: 1px solid #ddd; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top;
  white-space: pre-wrap; overflow-wrap: anywhere; }
th.name { width: 7rem; }
td.old { background: #fbe3e3; }
td.new { background: #e0f5e0; }
pre.diff { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: 0.4rem;
  margin: 0.25rem 0; }
.truth { color: #185c18; }
.warning { color: #8a3b00; font-weight: 600; }
.actions button { font: inherit; margin-right: 0.5rem; }
.outcome { font-style: italic; }
h2.cluster { font-size: 1rem; margin: 1rem 0 0.25rem; overflow-wrap: anywhere; }
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var token = document.body.getAttribute("data-token");
  var list = document.getElementById("items");
  var state = document.getElementById("state");
  var items = [];
  var current = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function url(path) { return path + "?token=" + encodeURIComponent(token); }
  function shown(value) {
    return value === null || value === undefined ? "—" : JSON.stringify(value);
  }
  function post(path, body) {
    return fetch(url(path), {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)
    });
  }

  function fieldTable(item) {
    var table = el("table");
    var head = el("tr");
    head.appendChild(el("th", "name", "field"));
    head.appendChild(el("th", "", "golden"));
    head.appendChild(el("th", "", "new"));
    table.appendChild(head);
    item.fields.forEach(function (field) {
      var row = el("tr");
      row.appendChild(el("th", "name", field.name + (field.how ? " (" + field.how + ")" : "")));
      if (field.diff.length) {
        var cell = el("td");
        cell.colSpan = 2;
        cell.appendChild(el("pre", "diff", field.diff.join("\\n")));
        row.appendChild(cell);
      } else {
        row.appendChild(el("td", "old", shown(field.golden)));
        row.appendChild(el("td", "new", shown(field.new)));
      }
      table.appendChild(row);
    });
    return table;
  }

  function render(item) {
    var box = el("section", "item");
    box.id = "item-" + item.index;
    var cell = el("div", "cell");
    cell.appendChild(el("div", "key", item.key));
    var said = item.status + ": " + item.message + " (" + item.made_by + ")";
    cell.appendChild(el("div", "status", said));
    if (item.title !== null) { cell.appendChild(el("div", "title", "title: " + item.title)); }
    cell.appendChild(fieldTable(item));
    item.warnings.forEach(function (text) { cell.appendChild(el("div", "warning", text)); });
    item.truth.forEach(function (text) { cell.appendChild(el("div", "truth", "truth: " + text)); });
    var actions = el("div", "actions");
    [["accept", "a"], ["reject", "r"], ["skip", "s"]].forEach(function (pair) {
      var button = el("button", pair[0], pair[0] + " [" + pair[1] + "]");
      button.type = "button";
      button.addEventListener("click", function () { decide(item, pair[0]); });
      actions.appendChild(button);
    });
    if (item.cluster !== null && members(item).length > 1) {
      [["accept", "C"], ["reject", "R"]].forEach(function (pair) {
        var button = el("button", pair[0] + "-cluster", pair[0] + " cluster [" + pair[1] + "]");
        button.type = "button";
        button.addEventListener("click", function () { decideCluster(item, pair[0]); });
        actions.appendChild(button);
      });
    }
    cell.appendChild(actions);
    cell.appendChild(el("div", "outcome", ""));
    box.appendChild(cell);
    if (item.screenshot) {
      var shot = el("div", "shot");
      var img = el("img");
      img.alt = "screenshot of " + item.capture;
      img.src = url("/screenshot/" + item.index);
      shot.appendChild(img);
      box.appendChild(shot);
    }
    box.addEventListener("click", function () { focus(items.indexOf(item)); });
    return box;
  }

  function focus(index) {
    if (index < 0 || index >= items.length) { return; }
    current = index;
    items.forEach(function (item, i) {
      document.getElementById("item-" + item.index).classList.toggle("current", i === index);
    });
    document.getElementById("item-" + items[index].index).scrollIntoView({block: "nearest"});
  }

  function next() {
    for (var i = 0; i < items.length; i++) {
      if (!items[i].decided) { focus(i); return; }
    }
  }

  function decide(item, action) {
    if (item.decided) { return Promise.resolve(); }
    item.decided = true;
    return post("/decide", {index: item.index, action: action}).then(function (response) {
      return response.json().then(function (answer) {
        var box = document.getElementById("item-" + item.index);
        box.querySelector(".outcome").textContent = answer.message;
        if (response.ok) { box.classList.add("done"); } else { item.decided = false; }
        state.textContent = answer.left + " left";
        next();
      });
    });
  }

  function members(item) {
    return items.filter(function (other) {
      return item.cluster !== null && other.cluster === item.cluster && !other.decided;
    });
  }

  function decideCluster(item, action) {
    var chain = Promise.resolve();
    members(item).forEach(function (member) {
      chain = chain.then(function () { return decide(member, action); });
    });
    return chain;
  }

  function heading(item) {
    var size = items.filter(function (other) { return other.cluster === item.cluster; }).length;
    var cells = size === 1 ? " cell" : " cells";
    return el("h2", "cluster", "cluster " + item.cluster + ": " + size + cells);
  }

  function acceptAll() {
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () { return decide(item, "accept"); });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !items.length) { return; }
    var item = items[current];
    var keys = {a: "accept", r: "reject", s: "skip"};
    var clusterKeys = {C: "accept", R: "reject"};
    if (keys[event.key]) { decide(item, keys[event.key]); }
    else if (clusterKeys[event.key]) { decideCluster(item, clusterKeys[event.key]); }
    else if (event.key === "A") { acceptAll(); }
    else if (event.key === "j" || event.key === "ArrowDown") { focus(current + 1); }
    else if (event.key === "k" || event.key === "ArrowUp") { focus(current - 1); }
    else if (event.key === "q") {
      post("/quit", {});
      state.textContent = "stopped: the rest stays pending";
    } else { return; }
    event.preventDefault();
  });

  fetch(url("/items")).then(function (response) { return response.json(); }).then(function (data) {
    items = data.items;
    var last = null;
    items.forEach(function (item) {
      if (item.cluster !== null && item.cluster !== last) { list.appendChild(heading(item)); }
      last = item.cluster;
      list.appendChild(render(item));
    });
    state.textContent = items.length + " pending";
    document.body.setAttribute("data-ready", "1");
    if (items.length) { focus(0); }
  });
})();
""".strip()


def policy() -> str:
    """Its own script and style by hash; fetches and images from its own server only."""
    return (
        f"default-src 'none'; script-src {csp_hash(SCRIPT)}; style-src {csp_hash(STYLE)}; "
        "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def page(token: str) -> str:
    """The page: the token (letters, digits, '-' and '_') is its only variable part."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="referrer" content="no-referrer">',
            "<title>capture-harness review</title>",
            f"<style>{STYLE}</style></head>",
            f'<body data-token="{escape(token)}">',
            "<header><h1>capture-harness review</h1>",
            '<span id="state">loading…</span>',
            '<span id="keys">keys: a accept · r reject · s skip · C / R accept / reject the '
            "cluster · A accept all remaining · j/k next/previous · q stop</span></header>",
            '<main id="items"></main>',
            f"<script>{SCRIPT}</script>",
            "</body></html>",
            "",
        ]
    )

// The releases table: rows come from the page's own JSON and are rendered a page at a time,
// so a catalogue of 100,000 releases stays responsive. Every value is set as text, never as
// markup. No request leaves the page.
(function () {
  "use strict";
  var PAGE_SIZE = 100;
  var STATUS_ORDER = { error: 0, fail: 1, warn: 2, pass: 3 };
  var ICONS = { pass: "\u2713", warn: "\u25b2", fail: "\u2717", error: "\u2298" };
  var SHOWN = ["path", "reference", "ids", "title", "artist", "status", "declared",
    "effective", "roles", "apple", "iptc", "training", "findings"];

  document.documentElement.className = "js";
  var page = JSON.parse(document.getElementById("ddex-page").textContent);
  var data = JSON.parse(document.getElementById("ddex-rows").textContent);
  var col = {};
  page.columns.forEach(function (name, i) { col[name] = i; });

  var state = { q: "", status: "", disclosure: "", rule: "", sort: null, dir: 1, page: 0 };
  var view = data.map(function (row, i) { return i; });
  var searchText = null; // built on the first search
  var ruleSets = null;   // built on the first filter by rule
  var tbody = document.getElementById("rows");
  var focusIndex = 0;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function cellText(row, name) {
    var value = row[col[name]];
    if (name === "findings") return value.length;
    if (Array.isArray(value)) return value.join(", ");
    if (name === "reference" && row[col.kind] === "file") return "(whole file)";
    return value === null ? "" : value;
  }

  function statusNode(status) {
    var node = el("span", null, "status s-" + status);
    var icon = el("span", ICONS[status] || "");
    icon.setAttribute("aria-hidden", "true");
    node.appendChild(icon);
    node.appendChild(document.createTextNode(" " + status));
    return node;
  }

  function matches(i) {
    var row = data[i];
    if (state.status && row[col.status] !== state.status) return false;
    if (state.disclosure && row[col.effective] !== state.disclosure) return false;
    if (state.rule && !ruleSets[i][state.rule]) return false;
    if (state.q && searchText[i].indexOf(state.q) < 0) return false;
    return true;
  }

  function refilter() {
    if (state.q && !searchText) {
      searchText = data.map(function (row) {
        return [row[col.path], row[col.reference], row[col.ids], row[col.title],
          row[col.artist]].join("\u0000").toLowerCase();
      });
    }
    if (state.rule && !ruleSets) {
      ruleSets = data.map(function (row) {
        var set = {};
        row[col.findings].forEach(function (f) { set[f[0]] = true; });
        return set;
      });
    }
    view = [];
    for (var i = 0; i < data.length; i++) if (matches(i)) view.push(i);
    sortView();
    state.page = 0;
    render();
  }

  function sortKey(i) {
    var name = state.sort;
    if (name === "status") return STATUS_ORDER[data[i][col.status]];
    if (name === "findings") return data[i][col.findings].length;
    return String(cellText(data[i], name)).toLowerCase();
  }

  function sortView() {
    if (!state.sort) return;
    var keys = {};
    view.forEach(function (i) { keys[i] = sortKey(i); });
    var dir = state.dir;
    view.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      if (x < y) return -dir;
      if (x > y) return dir;
      return a - b; // stable: file order
    });
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    var start = state.page * PAGE_SIZE;
    var shown = view.slice(start, start + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (i, n) {
      var row = data[i];
      var tr = el("tr");
      tr.dataset.index = i;
      tr.tabIndex = n === 0 ? 0 : -1;
      SHOWN.forEach(function (name) {
        var td = el("td");
        if (name === "status") td.appendChild(statusNode(row[col.status]));
        else td.textContent = cellText(row, name);
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(fragment);
    focusIndex = 0;
    var total = data.length;
    var count = view.length === total ? total + " rows" : view.length + " of " + total + " rows";
    document.getElementById("count").textContent = count + " (one per release, and one per file with findings outside its releases)";
    document.getElementById("page").textContent = view.length
      ? "Rows " + (start + 1) + "\u2013" + (start + shown.length) + " of " + view.length
      : "No row matches";
    document.getElementById("prev").disabled = state.page === 0;
    document.getElementById("next").disabled = state.page >= pages - 1;
  }

  function show(i) {
    var row = data[i];
    var detail = document.getElementById("detail");
    detail.textContent = "";
    var what = row[col.kind] === "file" ? "Whole file" : "Release " + (row[col.reference] || "(no reference)");
    var title = row[col.title] ? ": " + row[col.title] : "";
    detail.appendChild(el("h3", what + title));
    var file = el("p");
    file.appendChild(el("span", "File ", "muted"));
    file.appendChild(el("code", row[col.path]));
    detail.appendChild(file);
    var findings = row[col.findings];
    if (!findings.length) detail.appendChild(el("p", "No findings."));
    var list = el("ul", null, "findings");
    findings.forEach(function (f) {
      var li = el("li", null, "sev-" + f[1]);
      li.appendChild(el("span", f[1], "sev"));
      li.appendChild(document.createTextNode(" "));
      var link = el("a", f[0]);
      link.href = "#rule-" + f[0];
      li.appendChild(link);
      if (f[5]) li.appendChild(el("span", " (" + f[5] + ")", "muted"));
      li.appendChild(document.createTextNode(": " + f[2]));
      if (f[3]) li.appendChild(el("span", " line " + f[3], "muted"));
      if (f[4]) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("code", f[4])); }
      var rule = page.rules[f[0]];
      if (rule && rule.summary) li.appendChild(el("div", rule.summary, "muted"));
      list.appendChild(li);
    });
    detail.appendChild(list);
    detail.hidden = false;
    detail.dataset.index = i;
    detail.scrollIntoView({ block: "nearest" });
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      tr.setAttribute("aria-selected", String(Number(tr.dataset.index) === i));
    });
  }

  function focusRow(n) {
    var rows = tbody.rows;
    if (!rows.length) return;
    n = Math.max(0, Math.min(rows.length - 1, n));
    rows[focusIndex] && (rows[focusIndex].tabIndex = -1);
    focusIndex = n;
    rows[n].tabIndex = 0;
    rows[n].focus();
  }

  document.getElementById("detail").addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return; // back to the row the findings belong to
    var i = Number(event.currentTarget.dataset.index);
    var n = Array.prototype.findIndex.call(tbody.rows, function (tr) { return Number(tr.dataset.index) === i; });
    if (n >= 0) focusRow(n);
  });
  tbody.addEventListener("click", function (event) {
    var tr = event.target.closest("tr");
    if (tr) show(Number(tr.dataset.index));
  });
  tbody.addEventListener("keydown", function (event) {
    var tr = event.target.closest("tr");
    if (!tr) return;
    var n = Array.prototype.indexOf.call(tbody.rows, tr);
    var keys = { ArrowDown: n + 1, ArrowUp: n - 1, Home: 0, End: tbody.rows.length - 1 };
    if (event.key in keys) { focusRow(keys[event.key]); event.preventDefault(); }
    else if (event.key === "Enter" || event.key === " ") {
      show(Number(tr.dataset.index));
      document.getElementById("detail").focus(); // Escape comes back here
      event.preventDefault();
    }
  });
  document.querySelectorAll("th button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.dataset.sort;
      state.dir = state.sort === name ? -state.dir : 1;
      state.sort = name;
      document.querySelectorAll("th[aria-sort]").forEach(function (th) { th.setAttribute("aria-sort", "none"); });
      button.parentNode.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      sortView();
      render();
    });
  });
  var timer = null;
  document.getElementById("q").addEventListener("input", function (event) {
    clearTimeout(timer);
    var value = event.target.value.trim().toLowerCase();
    timer = setTimeout(function () { state.q = value; refilter(); }, 120);
  });
  [["f-status", "status"], ["f-disclosure", "disclosure"], ["f-rule", "rule"]].forEach(function (pair) {
    document.getElementById(pair[0]).addEventListener("change", function (event) {
      state[pair[1]] = event.target.value;
      refilter();
    });
  });
  document.getElementById("prev").addEventListener("click", function () { state.page -= 1; render(); });
  document.getElementById("next").addEventListener("click", function () { state.page += 1; render(); });

  function openRuleFromHash() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openRuleFromHash);
  openRuleFromHash();

  render();
  // Time from navigation to the first rendered page of rows, for whoever measures it.
  document.body.dataset.firstRenderMs = String(Math.round(performance.now()));
})();

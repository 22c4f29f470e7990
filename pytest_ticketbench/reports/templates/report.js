// ticketbench report: filter, search and expand cases without a server.
// Reads the case index from a JSON data block and only ever sets textContent, hidden and
// ARIA attributes: no innerHTML, no eval, nothing fetched.
(function () {
  "use strict";
  var index = JSON.parse(document.getElementById("tb-index").textContent);
  var bodies = document.querySelectorAll("tbody.case");
  var search = document.getElementById("f-search");
  var scenario = document.getElementById("f-scenario");
  var rubric = document.getElementById("f-rubric");
  var status = document.getElementById("f-status");
  var count = document.getElementById("f-count");
  var none = document.getElementById("f-none");

  function matches(c, terms) {
    if (scenario.value && c.scenario !== scenario.value) return false;
    if (rubric.value && c.rubrics.indexOf(rubric.value) < 0) return false;
    if (status.value && c.result !== status.value && c.status !== status.value) return false;
    for (var t = 0; t < terms.length; t++) {
      if (c.text.indexOf(terms[t]) < 0) return false;
    }
    return true;
  }

  function apply() {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    for (var i = 0; i < index.length; i++) {
      var ok = matches(index[i], terms);
      bodies[i].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + " of " + index.length + " cases";
    none.hidden = shown !== 0;
  }

  function setOpen(body, open) {
    var button = body.querySelector("button.toggle");
    var detail = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    detail.hidden = !open;
  }

  function reveal(id) {
    var body = document.getElementById(id);
    if (!body || !body.classList.contains("case")) return;
    if (body.hidden) { document.getElementById("f-reset").click(); }
    setOpen(body, true);
    body.scrollIntoView();
  }

  [search, scenario, rubric, status].forEach(function (el) {
    el.addEventListener("input", apply);
    el.addEventListener("change", apply);
  });
  document.querySelector("form.filters").addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("f-reset").addEventListener("click", function () {
    search.value = ""; scenario.value = ""; rubric.value = ""; status.value = "";
    apply();
  });
  document.getElementById("f-expand").addEventListener("click", function () {
    bodies.forEach(function (b) { if (!b.hidden) setOpen(b, true); });
  });
  document.getElementById("f-collapse").addEventListener("click", function () {
    bodies.forEach(function (b) { setOpen(b, false); });
  });
  document.addEventListener("click", function (e) {
    var toggle = e.target.closest("button.toggle");
    if (toggle) {
      setOpen(toggle.closest("tbody.case"), toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    var jump = e.target.closest('a[href^="#case-"]');
    if (jump) { reveal(jump.getAttribute("href").slice(1)); return; }
    var link = e.target.closest("a[data-filter-status], a[data-filter-rubric], a[data-filter-scenario]");
    if (link) {
      search.value = "";
      status.value = link.getAttribute("data-filter-status") || "";
      rubric.value = link.getAttribute("data-filter-rubric") || "";
      scenario.value = link.getAttribute("data-filter-scenario") || "";
      apply();
    }
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
  if (location.hash) reveal(location.hash.slice(1));
  apply();
})();

// Filters by agency, year and rule. Reads data-* attributes only and writes text
// with textContent: no document text is ever parsed as HTML.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("article.report"));
  var selects = Array.prototype.slice.call(document.querySelectorAll(".filters select"));
  var shown = document.getElementById("shown");

  function values(item, key) {
    var raw = item.getAttribute("data-" + key) || "";
    return key === "rules" ? raw.split(" ").filter(Boolean) : (raw ? [raw] : []);
  }

  selects.forEach(function (select) {
    var key = select.getAttribute("data-key");
    var seen = {};
    items.forEach(function (item) {
      values(item, key).forEach(function (v) { seen[v] = true; });
    });
    Object.keys(seen).sort().forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
    select.addEventListener("change", apply);
  });

  function apply() {
    var count = 0;
    items.forEach(function (item) {
      var ok = selects.every(function (select) {
        return !select.value ||
          values(item, select.getAttribute("data-key")).indexOf(select.value) >= 0;
      });
      item.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = count + " of " + items.length + " reports shown";
  }

  apply();
})();

// Filters by agency and year (reports) and by rule and severity (flags), kept in the
// address as #agency=…&year=…&rule=…&severity=… so a filtered view can be shared.
// Reads data-* attributes only and writes text with textContent: no document text is
// ever parsed as HTML.
(function () {
  "use strict";
  var reports = Array.prototype.slice.call(document.querySelectorAll("article.report"));
  var selects = Array.prototype.slice.call(document.querySelectorAll(".filters select"));
  var shown = document.getElementById("shown");
  // Keys a report carries; the others are keys of its flags.
  var REPORT_KEYS = { agency: true, year: true };

  function flagsOf(report) {
    return Array.prototype.slice.call(report.querySelectorAll("section.flag"));
  }

  function key(select) { return select.getAttribute("data-key"); }

  selects.forEach(function (select) {
    var k = key(select);
    var items = REPORT_KEYS[k] ? reports : [].concat.apply([], reports.map(flagsOf));
    var seen = {};
    items.forEach(function (item) {
      var v = item.getAttribute("data-" + k);
      if (v) { seen[v] = true; }
    });
    Object.keys(seen).sort().forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { apply(); remember(); });
  });

  function matches(item, keys) {
    return selects.every(function (select) {
      var k = key(select);
      return !keys[k] || !select.value || item.getAttribute("data-" + k) === select.value;
    });
  }

  function apply() {
    var flagKeys = { rule: true, severity: true };
    var byFlag = selects.some(function (s) { return flagKeys[key(s)] && s.value; });
    var count = 0;
    var flagCount = 0;
    reports.forEach(function (report) {
      var visible = 0;
      flagsOf(report).forEach(function (flag) {
        var ok = matches(flag, flagKeys);
        flag.hidden = !ok;
        if (ok) { visible += 1; }
      });
      var ok = matches(report, REPORT_KEYS) && (!byFlag || visible > 0);
      report.hidden = !ok;
      if (ok) { count += 1; flagCount += visible; }
    });
    shown.textContent = count + " of " + reports.length + " reports shown, " +
      flagCount + " flags";
  }

  // The address holds the filter: #agency=…&severity=… (other fragments are left alone).
  function remember() {
    var params = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) { params.set(key(s), s.value); } });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function restore() {
    var raw = location.hash.replace(/^#/, "");
    if (raw.indexOf("=") < 0) { return; }
    var params = new URLSearchParams(raw);
    selects.forEach(function (s) {
      var wanted = params.get(key(s));
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === wanted; });
      s.value = wanted && known ? wanted : "";
    });
  }

  window.addEventListener("hashchange", function () { restore(); apply(); });
  restore();
  apply();
})();

/* Sortable, filterable tables for the catalogue and the 提法 index; no external code. */
(function () {
  "use strict";

  function cellValue(row, column) {
    var cell = row.cells[column];
    return cell ? cell.textContent.trim() : "";
  }

  /* Numbers compare as numbers, text by Chinese collation; "—" (unknown) always sorts last. */
  function compare(a, b) {
    if (a === "—" || b === "—") { return a === b ? 0 : a === "—" ? 1 : -1; }
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) { return x - y; }
    return a.localeCompare(b, "zh-Hans-CN");
  }

  function sortBy(table, header, column) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r, s) {
      var order = compare(cellValue(r, column), cellValue(s, column));
      return ascending || cellValue(r, column) === "—" || cellValue(s, column) === "—" ? order : -order;
    });
    Array.prototype.forEach.call(header.parentNode.cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      th.tabIndex = 0;
      th.title = "点击排序";
      th.addEventListener("click", function () { sortBy(table, th, column); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, column); }
      });
    });
  }

  /* A filter box hides the rows of the next sortable table that do not contain its text. */
  function connectFilter(input) {
    var box = input.parentNode;
    while (box && !(box.nextElementSibling && box.nextElementSibling.querySelector("table"))) { box = box.parentNode; }
    var table = box && box.nextElementSibling.querySelector("table");
    if (!table) { return; }
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = query !== "" && row.textContent.toLowerCase().indexOf(query) === -1;
      });
    });
  }

  function init() {
    document.querySelectorAll(".kb-sortable table").forEach(makeSortable);
    document.querySelectorAll("input.kb-filter").forEach(connectFilter);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

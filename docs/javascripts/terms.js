/* 提法 tooltips on touch screens: a tap (or Enter) on a defined term shows its definition inline. */
(function () {
  "use strict";

  function toggle(term) {
    if (term.hasAttribute("data-open")) {
      term.removeAttribute("data-open");
    } else {
      term.setAttribute("data-open", "");
    }
  }

  document.addEventListener("click", function (event) {
    var term = event.target.closest && event.target.closest("abbr.kb-term");
    if (term) { toggle(term); }
  });
  document.addEventListener("keydown", function (event) {
    var term = event.target.closest && event.target.closest("abbr.kb-term");
    if (term && event.key === "Enter") { toggle(term); }
  });
})();

// Progressive enhancement: a "Print this page" button (the browser's own
// Print works without it; print styles are in procedures.css).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

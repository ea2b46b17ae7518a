// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Focus the error summary after a failed submit, so screen readers
  // announce it and keyboard users start from the list of errors.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // Province → ward: reload the ward list when the province changes.
  document.querySelectorAll("select[data-reload-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      var button = document.querySelector(select.getAttribute("data-reload-on-change"));
      if (button) { button.click(); }
    });
  });
})();

/* Counter kiosk: go back to a blank form after the configured idle time
   (the form) or a few seconds (the thank-you screen). Optional: without
   JavaScript the page refreshes itself (a <noscript> meta refresh). With
   it, any input restarts the countdown, so a person still answering is not
   interrupted. Nothing is stored in the browser. */
(function () {
  "use strict";
  var form = document.querySelector("[data-kiosk-idle]");
  if (!form) { return; }
  var seconds = parseInt(form.getAttribute("data-kiosk-idle"), 10) || 90;
  var target = form.getAttribute("data-kiosk-reset") || window.location.pathname;
  var timer = null;
  function restart() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(function () { window.location.replace(target); }, seconds * 1000);
  }
  ["input", "change", "keydown", "pointerdown", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, restart, { passive: true });
  });
  restart();
})();

// KOC Ledger: small enhancements. Everything works without this file.
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  // Running timers tick from the start time kept on the server.
  function tick() {
    document.querySelectorAll("[data-timer-start]").forEach(function (el) {
      var start = Date.parse(el.getAttribute("data-timer-start"));
      if (isNaN(start)) { return; }
      var secs = Math.max(0, Math.floor((Date.now() - start) / 1000));
      el.textContent = pad(Math.floor(secs / 3600)) + ":" + pad(Math.floor(secs / 60) % 60) + ":" + pad(secs % 60);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);

  document.addEventListener("click", function (event) {
    // Minute chips fill the minutes input.
    var chip = event.target.closest("[data-fill] [data-value]");
    if (chip) {
      event.preventDefault();
      var input = document.getElementById(chip.closest("[data-fill]").getAttribute("data-fill"));
      if (input) { input.value = chip.getAttribute("data-value"); input.focus(); }
      return;
    }
    // One-tap copy of a text (e.g. a counter-offer draft).
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value || source.textContent).then(function () {
          copy.setAttribute("data-copied", "true");
          var done = copy.getAttribute("data-done");
          if (done) { copy.textContent = done; }
        });
      }
    }
  });

  // Confirm destructive plain forms (htmx forms use hx-confirm instead).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !form.hasAttribute("hx-post") && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

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

  // Confirm destructive plain forms (htmx forms use data-hx-confirm instead).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !form.hasAttribute("data-hx-post") && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // --- installable app: service worker, the outbox, pages saved for offline reading ---------
  function fill(template, n) { return template.split("{n}").join(String(n)); }

  function showOutbox(state) {
    var box = document.getElementById("outbox");
    if (!box) { return; }
    var parts = [];
    if (state.waiting) { parts.push(fill(box.getAttribute("data-waiting"), state.waiting)); }
    if (state.signin) { parts.push(box.getAttribute("data-signin")); }
    if (state.refused) { parts.push(fill(box.getAttribute("data-refused"), state.refused)); }
    box.querySelector("span").textContent = parts.join(" · ");
    box.querySelector("a").hidden = !state.signin || location.pathname === "/login";
    box.querySelector("button").hidden = !state.refused;
    box.hidden = parts.length === 0;
    box.setAttribute("data-waiting-count", String(state.waiting || 0));
  }

  function tell(message) {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage(message); }
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () { return null; });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox") { showOutbox(event.data); }
    });
    tell({ type: "flush" });
    window.addEventListener("online", function () { tell({ type: "flush" }); });
    setInterval(function () {
      var box = document.getElementById("outbox");
      if (box && box.getAttribute("data-waiting-count") !== "0" && !box.hidden) {
        tell({ type: "flush" });
      }
    }, 20000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var saved = document.getElementById("saved-at");
    var when = saved && saved.getAttribute("data-saved-at");
    if (when) {
      var date = new Date(when);
      var label = date.toLocaleString(document.documentElement.lang, {
        month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
      saved.textContent = saved.getAttribute("data-label").split("{time}").join(label);
      saved.hidden = false;
    }
    var note = document.getElementById("queued-note");
    if (note && /[?&]queued=1/.test(location.search)) { note.hidden = false; }
    var discard = document.querySelector("#outbox button");
    if (discard) {
      discard.addEventListener("click", function () { tell({ type: "discard-refused" }); });
    }
  });

  // An htmx form sent while offline was kept by the service worker: clear it for the next one.
  document.addEventListener("koc-queued", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    if (form) { form.reset(); }
    tell({ type: "status" });
  });
})();

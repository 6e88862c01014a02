/* APCrew UI shell: small progressive enhancements. Every page works without it. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function closest(el, selector) {
    return el && el.closest ? el.closest(selector) : null;
  }

  /* Mobile navigation drawer */
  function setNav(open) {
    document.body.classList.toggle("nav-open", open);
    var scrim = document.querySelector(".scrim");
    if (scrim) scrim.hidden = !open;
    document.querySelectorAll("[data-nav-toggle]").forEach(function (b) {
      b.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  /* Dropdowns are <details data-dropdown>: one open at a time, closed by outside click or Escape. */
  function closeDropdowns(except) {
    document.querySelectorAll("details[data-dropdown][open]").forEach(function (d) {
      if (d !== except) d.removeAttribute("open");
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (closest(target, "[data-nav-toggle]")) {
      setNav(!document.body.classList.contains("nav-open"));
      return;
    }
    if (closest(target, "[data-nav-close]")) {
      setNav(false);
      return;
    }
    closeDropdowns(closest(target, "details[data-dropdown]"));

    var dismiss = closest(target, "[data-dismiss]");
    if (dismiss) {
      var box = closest(dismiss, "[data-dismissable]");
      if (box) box.remove();
      return;
    }

    var copy = closest(target, "[data-copy]");
    if (copy) {
      var source = document.querySelector(copy.getAttribute("data-copy"));
      if (!source) return;
      var text = source.value !== undefined ? source.value : source.textContent;
      var done = function () {
        var label = copy.querySelector("[data-copy-label]") || copy;
        var before = label.textContent;
        label.textContent = "Copied";
        copy.classList.add("is-copied");
        setTimeout(function () {
          label.textContent = before;
          copy.classList.remove("is-copied");
        }, 1600);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.trim()).then(done);
      } else if (source.select) {
        source.select();
        document.execCommand("copy");
        done();
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeDropdowns(null);
      setNav(false);
    }
  });

  /* <select data-autosubmit> submits its form on change (a fallback button stays for no-JS). */
  document.addEventListener("change", function (event) {
    var select = closest(event.target, "[data-autosubmit]");
    if (select && select.form) {
      if (select.form.requestSubmit) select.form.requestSubmit();
      else select.form.submit();
    }
  });

  /* <form data-confirm="Remove X?"> asks before a destructive POST. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  /* Focus the first field with an error, so keyboard and screen-reader users land on it. */
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("form [aria-invalid='true']");
    if (invalid) invalid.focus({ preventScroll: false });
  });
})();

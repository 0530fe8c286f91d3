// The auditor's pages: open every event of the raw log at once, and before printing (closed <details> do not print).
(function () {
  "use strict";

  function events() { return document.querySelectorAll("details.lj-event"); }

  function setAll(open) {
    events().forEach(function (item) { item.open = open; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-expand-events]");
    if (button) {
      button.addEventListener("click", function () {
        var opening = button.getAttribute("aria-pressed") !== "true";
        setAll(opening);
        button.setAttribute("aria-pressed", opening ? "true" : "false");
        // The labels come in the reader's language from the button's data-label-* attributes.
        button.lastChild.textContent = " " + (opening ? button.dataset.labelCollapse : button.dataset.labelExpand);
      });
    }
    // A link to #event-N opens that event.
    function openTarget() {
      var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
      if (target && target.tagName === "DETAILS") { target.open = true; }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
    window.addEventListener("beforeprint", function () { setAll(true); });
  });
})();

// Small behaviours of the pages; no inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";

  // The transfer form of 第十三条 applies only to clues transferred by law-enforcement bodies.
  function syncTransferFields() {
    var channel = document.querySelector('#clue-form select[name="source_channel"]');
    var fieldset = document.getElementById("transfer-fields");
    if (!channel || !fieldset) { return; }
    var isTransfer = channel.value === "transfer";
    fieldset.classList.toggle("lj-hidden", !isTransfer);
    fieldset.disabled = !isTransfer;
  }

  // Ask before an action that cannot be undone (buttons with data-confirm).
  function confirmActions(event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var channel = document.querySelector('#clue-form select[name="source_channel"]');
    if (channel) {
      channel.addEventListener("change", syncTransferFields);
      syncTransferFields();
    }
    document.addEventListener("click", confirmActions);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    // Auto-submit filter selects so the list follows the choice at once.
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();

// Fields of a data form shown only for a given choice of another field (issue 11 §4).
// A field carries data-show-field (the choice field it depends on) and data-show-values (the values that show
// it). A hidden field is disabled, so the browser does not send it: the server refuses a value in a hidden
// field (forms/data/compiler.py), so what is submitted is exactly what the person saw.
(function () {
  "use strict";

  function chosenValues(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.disabled) { return; }
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) { values.push(input.value); }
      } else if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (option) { values.push(option.value); });
      } else if (input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  // Top to bottom: a condition names an earlier field only, so a chain settles in one pass.
  function sync(root) {
    root.querySelectorAll("form").forEach(function (form) {
      form.querySelectorAll("[data-show-field]").forEach(function (field) {
        var wanted = field.getAttribute("data-show-values").split(" ");
        var shown = chosenValues(form, field.getAttribute("data-show-field")).some(function (value) {
          return wanted.indexOf(value) !== -1;
        });
        field.hidden = !shown;
        field.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !shown; });
      });
    });
  }

  window.ljSyncConditions = sync;
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && form.querySelector("[data-show-field]")) { sync(form.parentNode || document); }
  });
  document.addEventListener("DOMContentLoaded", function () { sync(document); });
})();

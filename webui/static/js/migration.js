/* 廉警: the migration page (pages/designer_migration.html): pick the cases to move.
 *
 * "Select all safe" (#select-safe) ticks every enabled checkbox (unsafe cases are disabled by the server);
 * the count (#selected-count, its wording in data-label with {n}) and the confirm button follow the ticks.
 * The server checks every chosen case again when the form is posted. No inline script (CSP default-src 'self').
 */
(function () {
  'use strict';

  function start() {
    var form = document.getElementById('migration-form');
    if (!form) {
      return;
    }
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input.lj-migrate-choice'));
    var submit = document.getElementById('migrate-selected');
    var count = document.getElementById('selected-count');
    var selectSafe = document.getElementById('select-safe');

    function update() {
      var chosen = boxes.filter(function (box) { return box.checked && !box.disabled; }).length;
      count.textContent = (count.dataset.label || '{n}').replace('{n}', String(chosen));
      submit.disabled = chosen === 0;
    }

    boxes.forEach(function (box) { box.addEventListener('change', update); });
    if (selectSafe) {
      selectSafe.addEventListener('click', function () {
        boxes.forEach(function (box) {
          if (!box.disabled && box.dataset.safe === 'true') {
            box.checked = true;
          }
        });
        update();
      });
    }
    update();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());

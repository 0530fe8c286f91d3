// Searchable pickers for long lists of people and cadres (issue 15 §7): the talkers of a talk plan or record,
// the cadre a clue is about, a data form's person, unit or cadre field.
//
// Progressive enhancement of a plain <select data-picker> (multiple or single): without this script the select
// works as it is (Ctrl-click for several). With it, the select is hidden but stays the form's field, and a
// combobox takes its place (WAI-ARIA 1.2 combobox with a listbox popup): type part of a name or unit to
// narrow the list; ArrowDown/ArrowUp move, Enter chooses (or, in a multi-select, toggles), Escape closes;
// each chosen person is a chip with its own remove button; Backspace in the empty box removes the last one.
// The server decides what the list holds (a cadre picker lists only the cadres the user may name) and checks
// what comes back; this only spares people Ctrl-click and scrolling.
// Texts come from the select's data-picker-* attributes, translated by the page.
(function () {
  "use strict";

  var uid = 0;

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function enhance(select) {
    if (select.dataset.pickerReady) { return; }
    select.dataset.pickerReady = "1";
    var multiple = select.multiple;
    var baseId = select.id || ("lj-picker-" + (++uid));
    var texts = {
      placeholder: select.dataset.pickerPlaceholder || "",
      empty: select.dataset.pickerEmpty || "",
      remove: select.dataset.pickerRemove || "",
      matches: select.dataset.pickerMatches || "{n}",
      chosen: select.dataset.pickerChosen || "",
    };
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    // the label's own words, without the required star and its hidden "(必填)"
    var labelText = label && label.firstChild ? label.firstChild.textContent.trim() : "";

    var box = document.createElement("div");
    box.className = "lj-picker";
    var chips = document.createElement("ul");
    chips.className = "lj-picker-chosen list-unstyled mb-1";
    chips.setAttribute("aria-label", (labelText ? labelText + " · " : "") + texts.chosen);
    var input = document.createElement("input");
    input.type = "text";
    input.className = "form-control lj-picker-input";
    input.autocomplete = "off";
    input.placeholder = texts.placeholder;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", baseId + "-listbox");
    if (select.required) { input.setAttribute("aria-required", "true"); }
    if (select.classList.contains("is-invalid")) { input.classList.add("is-invalid"); input.setAttribute("aria-invalid", "true"); }
    var described = select.getAttribute("aria-describedby");
    if (described && described.split(/\s+/).some(function (id) { return document.getElementById(id); })) {
      input.setAttribute("aria-describedby", described);
    }
    var list = document.createElement("ul");
    list.className = "lj-picker-list list-unstyled";
    list.id = baseId + "-listbox";
    list.setAttribute("role", "listbox");
    if (multiple) { list.setAttribute("aria-multiselectable", "true"); }
    if (labelText) { list.setAttribute("aria-label", labelText); }
    list.hidden = true;
    var none = document.createElement("div");
    none.className = "lj-picker-none small text-muted";
    none.textContent = texts.empty;
    none.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");

    // The select keeps the field's name, id and value, out of sight and out of the tab order; the label now
    // names the combobox. A script (or a test) that sets the select directly is followed (the change event).
    input.id = baseId + "-search";
    if (label) { label.htmlFor = input.id; }
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.required = false;  // a hidden required field would block submission; the server checks it
    select.classList.add("lj-picker-native", "visually-hidden");
    select.parentNode.insertBefore(box, select);
    box.appendChild(chips);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(none);
    box.appendChild(status);
    box.appendChild(select);

    var items = Array.prototype.filter.call(select.options, function (option) { return option.value !== ""; })
      .map(function (option, index) {
        var li = document.createElement("li");
        li.id = baseId + "-option-" + index;
        li.setAttribute("role", "option");
        li.className = "lj-picker-option";
        li.textContent = option.textContent;
        li.dataset.value = option.value;
        list.appendChild(li);
        return { option: option, node: li, text: option.textContent.toLowerCase() };
      });
    var active = -1;

    function visible() {
      return items.filter(function (item) { return !item.node.hidden; });
    }

    function setActive(index) {
      var shown = visible();
      items.forEach(function (item) { item.node.classList.remove("is-active"); });
      if (!shown.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = Math.max(0, Math.min(index, shown.length - 1));
      var node = shown[active].node;
      node.classList.add("is-active");
      input.setAttribute("aria-activedescendant", node.id);
      if (node.scrollIntoView) { node.scrollIntoView({ block: "nearest" }); }
    }

    function open() {
      filter();
      list.hidden = !visible().length;
      none.hidden = !list.hidden;
      input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    }

    function close() {
      list.hidden = true;
      none.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function filter() {
      var terms = words(input.value);
      var count = 0;
      items.forEach(function (item) {
        var match = terms.every(function (term) { return item.text.indexOf(term) !== -1; });
        item.node.hidden = !match;
        if (match) { count++; }
      });
      status.textContent = terms.length ? texts.matches.replace("{n}", count) : "";
      return count;
    }

    function render() {
      chips.textContent = "";
      items.forEach(function (item) {
        item.node.setAttribute("aria-selected", item.option.selected ? "true" : "false");
        if (!item.option.selected) { return; }
        var chip = document.createElement("li");
        chip.className = "lj-picker-chip badge rounded-pill text-bg-light border";
        chip.dataset.value = item.option.value;
        var name = document.createElement("span");
        name.textContent = item.option.textContent;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "lj-picker-remove";
        remove.setAttribute("aria-label", texts.remove + " " + item.option.textContent);
        remove.innerHTML = '<i class="bi bi-x-lg" aria-hidden="true"></i>';
        remove.addEventListener("click", function () {
          choose(item, false);
          input.focus();
        });
        chip.appendChild(name);
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = !chips.children.length;
    }

    function choose(item, selected) {
      if (!multiple) {
        select.value = selected ? item.option.value : "";
      } else {
        item.option.selected = selected;
      }
      render();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function pick(item) {
      if (multiple) {
        choose(item, !item.option.selected);
      } else {
        choose(item, true);
        input.value = "";
        close();
      }
    }

    input.addEventListener("input", function () {
      open();
      setActive(0);
    });
    input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("keydown", function (event) {
      var shown = visible();
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (list.hidden) { open(); setActive(0); } else { setActive(active + 1); }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (list.hidden) { open(); setActive(visible().length - 1); } else { setActive(active - 1); }
          break;
        case "Enter":
          // Never submit the step's form from the search box: Enter chooses.
          event.preventDefault();
          if (!list.hidden && active >= 0 && shown[active]) { pick(shown[active]); }
          break;
        case "Escape":
          if (!list.hidden) { event.preventDefault(); close(); } else if (input.value) { input.value = ""; filter(); }
          break;
        case "Backspace":
          if (!input.value && multiple) {
            var chosen = items.filter(function (item) { return item.option.selected; });
            if (chosen.length) { choose(chosen[chosen.length - 1], false); }
          }
          break;
        case "Tab":
          close();
          break;
      }
    });
    input.addEventListener("blur", function () {
      // A click on an option keeps the focus (mousedown is prevented), so a blur means the person left.
      close();
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var node = event.target.closest("[role=option]");
      if (!node) { return; }
      var item = items.filter(function (candidate) { return candidate.node === node; })[0];
      if (item) {
        pick(item);
        input.focus();
        setActive(visible().indexOf(item));
      }
    });
    input.addEventListener("click", function () { if (list.hidden) { open(); setActive(0); } });
    select.addEventListener("change", render);
    render();
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(enhance);
  }

  window.ljEnhancePickers = enhanceAll;
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
})();

// The designer's form editor (issue 11 §4): a draft's forms defined as data, without Python.
// Add, reorder and remove fields; set type, label, help, required, limits, choices and a condition; preview
// the form as the task page renders it (the server renders it with the page's own field macro and, on
// "试填检验", validates sample values as a submission would). The server checks every definition
// (forms/data/definition.py); this script only edits JSON. Its words come from the page (#form-editor-text).
(function () {
  'use strict';

  var root = document.getElementById('form-editor');
  if (!root) { return; }
  var data = JSON.parse(document.getElementById('form-editor-data').textContent || '{}');
  var T = JSON.parse(document.getElementById('form-editor-text').textContent || '{}');
  var token = (document.querySelector('#designer-submit-form input[name="csrf_token"]') || {}).value || '';
  var types = data.types || [];
  var typeLabel = {};
  types.forEach(function (pair) { typeLabel[pair[0]] = pair[1]; });
  var LIMITS = {
    text: [['min_length', T.minLength], ['max_length', T.maxLength]],
    long_text: [['min_length', T.minLength], ['max_length', T.maxLength]],
    number: [['min', T.minNumber], ['max', T.maxNumber]],
    multi_choice: [['min_items', T.minItems], ['max_items', T.maxItems]]
  };
  var state = { forms: data.forms || [], current: (data.forms || []).length ? 0 : -1, dirty: false };
  var list = document.getElementById('form-list');
  var editor = document.getElementById('form-edit');
  var preview = document.getElementById('form-preview');
  var problemList = document.getElementById('form-problems');
  var status = document.getElementById('form-editor-status');
  var previewTimer = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') { node.textContent = attrs[key]; } else if (key === 'className') { node.className = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  var uid = 0;
  function labelled(text, input) {
    var id = input.id || ('fe-' + (++uid));
    input.id = id;
    return el('div', { className: 'mb-2' }, [el('label', { className: 'form-label small mb-0', for: id, text: text }), input]);
  }

  function say(message, kind) {
    status.textContent = message;
    status.className = 'small ms-2 ' + (kind === 'error' ? 'text-danger' : kind === 'ok' ? 'text-success' : 'text-muted');
  }

  function changed() {
    state.dirty = true;
    say(T.unsaved);
    schedulePreview();
  }

  function form() { return state.forms[state.current]; }

  // --- the list of forms -------------------------------------------------------------------------------------

  function renderList() {
    list.textContent = '';
    state.forms.forEach(function (f, index) {
      var item = el('button', { type: 'button', className: 'list-group-item list-group-item-action' + (index === state.current ? ' active' : ''),
        'data-form-key': f.key || '' }, [el('span', { text: f.title || T.untitled }), el('code', { className: 'ms-1 small', text: f.key || '' })]);
      item.addEventListener('click', function () { state.current = index; render(); });
      list.appendChild(item);
    });
    if (!state.forms.length) { list.appendChild(el('p', { className: 'small text-muted mb-0', text: T.noForms })); }
  }

  function freeName(prefix, taken) {
    var n = 1;
    while (taken.indexOf(prefix + n) !== -1) { n += 1; }
    return prefix + n;
  }

  document.getElementById('form-add').addEventListener('click', function () {
    var key = freeName('form_', state.forms.map(function (f) { return f.key; }).concat(data.taken || []));
    state.forms.push({ key: key, title: T.newForm, fields: [{ name: 'field_1', type: 'text', label: T.newField }] });
    state.current = state.forms.length - 1;
    changed();
    render();
  });

  // --- one form ----------------------------------------------------------------------------------------------

  function textInput(value, onInput, attrs) {
    var input = el('input', Object.assign({ className: 'form-control form-control-sm', type: 'text' }, attrs || {}));
    input.value = value === undefined || value === null ? '' : value;
    input.addEventListener('input', function () { onInput(input.value); changed(); });
    return input;
  }

  function setOrDrop(object, key, value) {
    if (value === '' || value === null || value === undefined) { delete object[key]; } else { object[key] = value; }
  }

  function renderForm() {
    editor.textContent = '';
    var f = form();
    if (!f) { editor.appendChild(el('p', { className: 'text-muted small', text: T.pickForm })); return; }
    editor.appendChild(labelled(T.formTitle, textInput(f.title, function (v) { f.title = v; renderListSoon(); }, { id: 'form-title-input' })));
    editor.appendChild(labelled(T.formKey, textInput(f.key, function (v) { f.key = v; renderListSoon(); }, { id: 'form-key-input', spellcheck: 'false' })));
    var fields = el('ol', { className: 'list-unstyled lj-form-fields', id: 'form-fields' });
    f.fields.forEach(function (field, index) { fields.appendChild(renderField(f, field, index)); });
    editor.appendChild(fields);
    var add = el('button', { type: 'button', className: 'btn btn-outline-primary btn-sm me-2', id: 'form-add-field' }, [el('i', { className: 'bi bi-plus-lg', 'aria-hidden': 'true' }), document.createTextNode(' ' + T.addField)]);
    add.addEventListener('click', function () {
      f.fields.push({ name: freeName('field_', f.fields.map(function (x) { return x.name; })), type: 'text', label: T.newField });
      changed();
      renderForm();
    });
    var remove = el('button', { type: 'button', className: 'btn btn-outline-danger btn-sm', id: 'form-remove' }, [document.createTextNode(T.removeForm)]);
    remove.addEventListener('click', function () {
      if (!window.confirm(T.confirmRemoveForm)) { return; }
      state.forms.splice(state.current, 1);
      state.current = state.forms.length ? 0 : -1;
      changed();
      render();
    });
    editor.appendChild(el('div', {}, [add, remove]));
  }

  var listTimer = null;
  function renderListSoon() {
    window.clearTimeout(listTimer);
    listTimer = window.setTimeout(renderList, 300);
  }

  function move(f, index, by) {
    var target = index + by;
    if (target < 0 || target >= f.fields.length) { return; }
    var moved = f.fields.splice(index, 1)[0];
    f.fields.splice(target, 0, moved);
    changed();
    renderForm();
  }

  function renderField(f, field, index) {
    var item = el('li', { className: 'card mb-2 lj-form-field', 'data-field-name': field.name || '' });
    var head = el('div', { className: 'card-header py-1 d-flex justify-content-between align-items-center' });
    head.appendChild(el('span', { className: 'small fw-semibold', text: (index + 1) + '. ' + (field.label || field.name || '') + '(' + (typeLabel[field.type] || field.type) + ')' }));
    var tools = el('div', { className: 'btn-group btn-group-sm', role: 'group' });
    [['arrow-up', T.moveUp, -1], ['arrow-down', T.moveDown, 1]].forEach(function (spec) {
      var b = el('button', { type: 'button', className: 'btn btn-outline-secondary', title: spec[1], 'aria-label': spec[1], 'data-action': spec[0] }, [el('i', { className: 'bi bi-' + spec[0], 'aria-hidden': 'true' })]);
      b.addEventListener('click', function () { move(f, index, spec[2]); });
      tools.appendChild(b);
    });
    var drop = el('button', { type: 'button', className: 'btn btn-outline-danger', title: T.removeField, 'aria-label': T.removeField, 'data-action': 'remove' }, [el('i', { className: 'bi bi-trash', 'aria-hidden': 'true' })]);
    drop.addEventListener('click', function () { f.fields.splice(index, 1); changed(); renderForm(); });
    tools.appendChild(drop);
    head.appendChild(tools);
    item.appendChild(head);
    var body = el('div', { className: 'card-body py-2 row g-2' });
    function col(node, wide) { body.appendChild(el('div', { className: wide ? 'col-12' : 'col-sm-6' }, [node])); }

    col(labelled(T.fieldLabel, textInput(field.label, function (v) { field.label = v; }, { 'data-prop': 'label' })));
    col(labelled(T.fieldName, textInput(field.name, function (v) { field.name = v; item.setAttribute('data-field-name', v); }, { 'data-prop': 'name', spellcheck: 'false' })));
    var type = el('select', { className: 'form-select form-select-sm', 'data-prop': 'type' });
    types.forEach(function (pair) { type.appendChild(el('option', { value: pair[0], text: pair[1] })); });
    type.value = field.type;
    type.addEventListener('change', function () {
      var kept = { name: field.name, type: type.value, label: field.label };
      ['help', 'required', 'show_when'].forEach(function (k) { if (field[k] !== undefined) { kept[k] = field[k]; } });
      if (type.value === 'choice' || type.value === 'multi_choice') { kept.choices = field.choices || [{ value: 'option_1', label: T.newChoice }]; }
      f.fields[index] = kept;
      changed();
      renderForm();
    });
    col(labelled(T.fieldType, type));
    var required = el('input', { className: 'form-check-input', type: 'checkbox', 'data-prop': 'required', id: 'fe-' + (++uid) });
    required.checked = !!field.required;
    required.addEventListener('change', function () { setOrDrop(field, 'required', required.checked || ''); changed(); });
    col(el('div', { className: 'form-check mt-sm-4' }, [required, el('label', { className: 'form-check-label small', for: required.id, text: T.required })]));
    col(labelled(T.help, textInput(field.help, function (v) { setOrDrop(field, 'help', v); }, { 'data-prop': 'help' })), true);

    (LIMITS[field.type] || []).forEach(function (spec) {
      col(labelled(spec[1], textInput(field[spec[0]], function (v) {
        var number = v.trim() === '' ? '' : Number(v);
        setOrDrop(field, spec[0], number === '' || isNaN(number) ? (v.trim() === '' ? '' : v) : number);
      }, { inputmode: 'decimal', 'data-prop': spec[0] })));
    });
    if (field.type === 'number') {
      var integer = el('input', { className: 'form-check-input', type: 'checkbox', 'data-prop': 'integer', id: 'fe-' + (++uid) });
      integer.checked = !!field.integer;
      integer.addEventListener('change', function () { setOrDrop(field, 'integer', integer.checked || ''); changed(); });
      col(el('div', { className: 'form-check' }, [integer, el('label', { className: 'form-check-label small', for: integer.id, text: T.integer })]), true);
    }
    if (field.type === 'date') {
      col(labelled(T.earliest, textInput(field.min, function (v) { setOrDrop(field, 'min', v.trim()); }, { placeholder: T.datePlaceholder, 'data-prop': 'min' })));
      col(labelled(T.latest, textInput(field.max, function (v) { setOrDrop(field, 'max', v.trim()); }, { placeholder: T.datePlaceholder, 'data-prop': 'max' })));
    }
    if (field.type === 'choice' || field.type === 'multi_choice') { col(renderChoices(field), true); }
    col(renderCondition(f, field, index), true);
    item.appendChild(body);
    return item;
  }

  function renderChoices(field) {
    field.choices = field.choices || [];
    var box = el('fieldset', { className: 'border rounded p-2 lj-choices' }, [el('legend', { className: 'small fs-6 mb-1', text: T.choices })]);
    field.choices.forEach(function (choice, index) {
      var row = el('div', { className: 'input-group input-group-sm mb-1', 'data-choice': String(index) });
      row.appendChild(textInput(choice.label, function (v) { choice.label = v; }, { 'aria-label': T.choiceLabel, placeholder: T.choiceLabel, 'data-prop': 'choice-label' }));
      row.appendChild(textInput(choice.value, function (v) { choice.value = v; }, { 'aria-label': T.choiceValue, placeholder: T.choiceValue, 'data-prop': 'choice-value', spellcheck: 'false' }));
      var drop = el('button', { type: 'button', className: 'btn btn-outline-danger', 'aria-label': T.removeChoice, title: T.removeChoice }, [el('i', { className: 'bi bi-x-lg', 'aria-hidden': 'true' })]);
      drop.addEventListener('click', function () { field.choices.splice(index, 1); changed(); renderForm(); });
      row.appendChild(drop);
      box.appendChild(row);
    });
    var add = el('button', { type: 'button', className: 'btn btn-link btn-sm p-0', 'data-action': 'add-choice', text: T.addChoice });
    add.addEventListener('click', function () {
      field.choices.push({ value: freeName('option_', field.choices.map(function (c) { return c.value; })), label: T.newChoice });
      changed();
      renderForm();
    });
    box.appendChild(add);
    return box;
  }

  function renderCondition(f, field, index) {
    var box = el('fieldset', { className: 'border rounded p-2 lj-condition' }, [el('legend', { className: 'small fs-6 mb-1', text: T.condition })]);
    var sources = f.fields.slice(0, index).filter(function (x) { return x.type === 'choice' || x.type === 'multi_choice'; });
    var source = el('select', { className: 'form-select form-select-sm mb-1', 'data-prop': 'show-field', 'aria-label': T.conditionField });
    source.appendChild(el('option', { value: '', text: T.always }));
    sources.forEach(function (x) { source.appendChild(el('option', { value: x.name, text: T.whenField.replace('%(label)s', x.label || x.name) })); });
    var condition = field.show_when || {};
    source.value = condition.field || '';
    source.addEventListener('change', function () {
      if (source.value) { field.show_when = { field: source.value, equals: [] }; } else { delete field.show_when; }
      changed();
      renderForm();
    });
    box.appendChild(source);
    var chosen = sources.filter(function (x) { return x.name === condition.field; })[0];
    if (chosen) {
      (chosen.choices || []).forEach(function (choice) {
        var box2 = el('input', { className: 'form-check-input', type: 'checkbox', value: choice.value, id: 'fe-' + (++uid), 'data-prop': 'show-value' });
        box2.checked = (condition.equals || []).indexOf(choice.value) !== -1;
        box2.addEventListener('change', function () {
          var values = (field.show_when.equals || []).filter(function (v) { return v !== choice.value; });
          if (box2.checked) { values.push(choice.value); }
          field.show_when.equals = values;
          changed();
        });
        box.appendChild(el('div', { className: 'form-check form-check-inline' }, [box2, el('label', { className: 'form-check-label small', for: box2.id, text: choice.label || choice.value })]));
      });
    }
    return box;
  }

  // --- preview, save, problems -------------------------------------------------------------------------------

  function showProblems(problems) {
    problemList.textContent = '';
    editor.querySelectorAll('.lj-form-field.border-danger').forEach(function (node) { node.classList.remove('border-danger'); });
    (problems || []).forEach(function (problem) {
      problemList.appendChild(el('li', { className: 'text-danger small', text: problem.message }));
      if (problem.field) {
        editor.querySelectorAll('.lj-form-field').forEach(function (node) {
          if (node.getAttribute('data-field-name') === problem.field) { node.classList.add('border-danger'); }
        });
      }
    });
  }

  function post(url, body, json) {
    return window.fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: json ? { 'Content-Type': 'application/json', 'X-CSRFToken': token, Accept: 'application/json' }
        : { 'X-CSRFToken': token, Accept: 'application/json' },
      body: json ? JSON.stringify(body) : body
    }).then(function (response) {
      if ((response.headers.get('Content-Type') || '').indexOf('application/json') === -1) {
        throw new Error(T.serverError + '(' + response.status + ')');
      }
      return response.json();
    });
  }

  function schedulePreview() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(function () { renderPreview(null); }, 400);
  }

  function renderPreview(sample) {
    var f = form();
    if (!f) { preview.textContent = ''; showProblems([]); return Promise.resolve(); }
    var body = sample || new window.FormData();
    body.append('__definition', JSON.stringify(f));
    return post(root.dataset.previewUrl, body, false).then(function (answer) {
      showProblems(answer.problems);
      if (!answer.ok) {
        preview.textContent = '';
        preview.appendChild(el('p', { className: 'small text-danger', text: answer.message }));
        return;
      }
      preview.innerHTML = answer.html; // rendered by our own template (autoescaped), never by this script
      if (window.ljSyncConditions) { window.ljSyncConditions(preview); }
      var sampleForm = document.getElementById('form-preview-form');
      sampleForm.addEventListener('submit', function (event) {
        event.preventDefault();
        var values = new window.FormData(sampleForm);
        values.append('action', 'try');
        renderPreview(values);
      });
    }).catch(function (error) { preview.textContent = error.message || String(error); });
  }

  function save() {
    say(T.saving);
    return post(root.dataset.saveUrl, { forms: state.forms }, true).then(function (answer) {
      if (answer.problems === undefined || answer.forms === undefined) {
        say(T.saveFailed + answer.message, 'error');
        return false;
      }
      state.dirty = false;
      showProblems(answer.problems);
      say(answer.message, answer.ok ? 'ok' : 'error');
      var designer = window.ljDesigner;
      if (designer && designer.vocabulary) {
        designer.vocabulary.forms = pythonForms.concat(answer.forms);
      }
      return true;
    }).catch(function (error) { say(T.saveFailed + (error.message || error), 'error'); return false; });
  }

  var pythonForms = [];
  function hookDesigner() {
    var designer = window.ljDesigner;
    if (!designer) { return; }
    var own = state.forms.map(function (f) { return f.key; });
    pythonForms = (designer.vocabulary.forms || []).filter(function (pair) { return own.indexOf(pair[0]) === -1; });
    // The diagram's check reads the forms as saved: save them first, so what is checked is what is shown.
    var check = designer.check.bind(designer);
    designer.check = function () {
      return (state.dirty ? save() : Promise.resolve(true)).then(function () { return check(); });
    };
  }

  document.getElementById('form-save').addEventListener('click', save);
  window.addEventListener('beforeunload', function (event) {
    if (state.dirty) { event.preventDefault(); event.returnValue = ''; }
  });

  function render() {
    renderList();
    renderForm();
    renderPreview(null);
  }

  render();
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', hookDesigner);
  } else {
    hookDesigner();
  }
  window.ljFormEditor = { state: state, save: save };
}());

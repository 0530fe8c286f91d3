/* 廉警: the process designer's modeler (the draft page of its author).
 *
 * bpmn-js's Modeler (global BpmnJS of vendor/bpmn-js/bpmn-modeler.production.min.js) edits the draft fetched
 * from #designer[data-xml-url]. What this file adds:
 *  - a palette with only the elements the engine runs (start/end events, user tasks, exclusive and parallel
 *    gateways, call activities, timers to drop on a task's border, lanes through the participant), and a
 *    context pad appending user tasks instead of plain tasks; deploy validation refuses anything else anyway;
 *  - the moddle description of the spiffworkflow:properties extension, so the properties are real objects;
 *  - a properties panel (#designer-properties) editing, for a user task, role (several, joined with '|'),
 *    scope, formKey, stage, article, dueRule, notSameAs, effect and the documentation; for a sequence flow its
 *    condition and whether it is its gateway's default; for a call activity the process it calls; for a
 *    boundary timer its expression and whether it interrupts; names everywhere. Every edit is a bpmn-js
 *    command, so undo/redo work;
 *  - Save, Check and Submit: the XML is POSTed as JSON with the X-CSRFToken header; the check's problems are
 *    listed and drawn on their elements (red outline and a badge); picking one shows its offending path.
 * The vocabulary (roles, forms, stages, due rules, effects, processes) comes from the JSON data block
 * #designer-data. No inline script, no inline style: the pages' CSP is default-src 'self'.
 */
(function () {
  'use strict';

  var PROPERTY_ORDER = ['role', 'scope', 'formKey', 'stage', 'article', 'dueRule', 'notSameAs', 'effect'];
  var PROBLEM = 'lj-problem';
  var PATH = 'lj-problem-path';
  var WARNING = 'lj-warning';
  var FIT_MARGIN = 16; // screen pixels kept free around the fitted diagram

  // The spiffworkflow extension as bpmn-moddle needs it (the shipped diagrams declare the namespace).
  var SPIFF_MODDLE = {
    name: 'SpiffWorkflow',
    uri: 'http://spiffworkflow.org/bpmn/schema/1.0/core',
    prefix: 'spiffworkflow',
    xml: { tagAlias: 'lowerCase' },
    associations: [],
    types: [
      {
        name: 'Properties',
        superClass: ['Element'],
        meta: { allowedIn: ['*'] },
        properties: [{ name: 'properties', type: 'Property', isMany: true }]
      },
      {
        name: 'Property',
        superClass: ['Element'],
        properties: [
          { name: 'name', type: 'String', isAttr: true },
          { name: 'value', type: 'String', isAttr: true }
        ]
      }
    ]
  };

  // --- palette and context pad limited to what the engine runs --------------------------------------------

  var KEPT_PALETTE = ['hand-tool', 'lasso-tool', 'space-tool', 'global-connect-tool', 'tool-separator',
    'create.start-event', 'create.end-event', 'create.exclusive-gateway'];

  function LjPalette(palette, create, elementFactory) {
    this.create = create;
    this.elementFactory = elementFactory;
    palette.registerProvider(500, this);
  }
  LjPalette.$inject = ['palette', 'create', 'elementFactory'];

  LjPalette.prototype.getPaletteEntries = function () {
    var create = this.create;
    var factory = this.elementFactory;

    function entry(group, type, className, title, options) {
      function start(event) {
        var attrs = { type: type };
        Object.keys(options || {}).forEach(function (key) { attrs[key] = options[key]; });
        create.start(event, factory.createShape(attrs));
      }
      return { group: group, className: className, title: title, action: { dragstart: start, click: start } };
    }

    return function (entries) {
      var kept = {};
      KEPT_PALETTE.forEach(function (key) {
        if (entries[key]) { kept[key] = entries[key]; }
      });
      kept['create.timer-event'] = entry('event', 'bpmn:IntermediateCatchEvent',
        'bpmn-icon-intermediate-event-catch-timer', '定时器:拖到任务边框上成为边界定时器',
        { eventDefinitionType: 'bpmn:TimerEventDefinition' });
      kept['create.parallel-gateway'] = entry('gateway', 'bpmn:ParallelGateway', 'bpmn-icon-gateway-parallel',
        '并行网关');
      kept['create.user-task'] = entry('activity', 'bpmn:UserTask', 'bpmn-icon-user-task', '用户任务');
      kept['create.call-activity'] = entry('activity', 'bpmn:CallActivity', 'bpmn-icon-call-activity',
        '调用活动(调用另一个流程)');
      return kept;
    };
  };

  function LjContextPad(contextPad, autoPlace, create, elementFactory) {
    this.autoPlace = autoPlace;
    this.create = create;
    this.elementFactory = elementFactory;
    contextPad.registerProvider(500, this);
  }
  LjContextPad.$inject = ['contextPad', 'autoPlace', 'create', 'elementFactory'];

  LjContextPad.prototype.getContextPadEntries = function () {
    var self = this;
    return function (entries) {
      delete entries['append.intermediate-event'];
      delete entries.append; // the "append anything" menu offers elements the engine refuses
      if (entries['append.append-task']) {
        entries['append.append-task'] = {
          group: 'model',
          className: 'bpmn-icon-user-task',
          title: '追加用户任务',
          action: {
            click: function (event, element) {
              self.autoPlace.append(element, self.elementFactory.createShape({ type: 'bpmn:UserTask' }));
            },
            dragstart: function (event, element) {
              self.create.start(event, self.elementFactory.createShape({ type: 'bpmn:UserTask' }),
                { source: element });
            }
          }
        };
      }
      return entries;
    };
  };

  var LJ_MODULE = {
    __init__: ['ljPalette', 'ljContextPad'],
    ljPalette: ['type', LjPalette],
    ljContextPad: ['type', LjContextPad]
  };

  // --- small DOM helpers ----------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') {
        node.textContent = attrs[key];
      } else if (key === 'className') {
        node.className = attrs[key];
      } else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) {
        node.setAttribute(key, attrs[key] === true ? '' : attrs[key]);
      }
    });
    (children || []).forEach(function (child) {
      if (child) { node.appendChild(child); }
    });
    return node;
  }

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return prefix + '-' + uid;
  }

  // --- the page -------------------------------------------------------------------------------------------

  function Designer(root) {
    this.root = root;
    this.canvasNode = document.getElementById('designer-canvas');
    this.panel = document.getElementById('designer-properties');
    this.problemList = document.getElementById('designer-problems');
    this.problemCount = document.getElementById('designer-problem-count');
    this.summary = document.getElementById('designer-check-summary');
    this.status = document.getElementById('designer-status');
    this.buttons = {
      save: document.getElementById('designer-save'),
      check: document.getElementById('designer-check'),
      submit: document.getElementById('designer-submit')
    };
    var data = JSON.parse(document.getElementById('designer-data').textContent || '{}');
    this.vocabulary = data.vocabulary || {};
    this.initialProblems = data.problems;
    this.initialWarnings = data.warnings || [];
    this.token = (document.querySelector('#designer-submit-form input[name="csrf_token"]') || {}).value || '';
    this.selected = null;
    this.marked = [];
    this.pathMarked = [];
    this.dirty = false;
    this.busy = false;
    this.editing = false;
    this.modeler = new window.BpmnJS({
      container: this.canvasNode,
      moddleExtensions: { spiffworkflow: SPIFF_MODDLE },
      additionalModules: [LJ_MODULE]
    });
  }

  Designer.prototype.get = function (name) {
    return this.modeler.get(name);
  };

  Designer.prototype.say = function (message, kind) {
    this.status.textContent = message;
    this.status.className = 'small mb-2' + (kind ? ' lj-' + kind : '');
  };

  Designer.prototype.start = function () {
    var self = this;
    this.canvasNode.classList.add('lj-designer-loading');
    return window.fetch(this.root.dataset.xmlUrl, { credentials: 'same-origin', headers: { Accept: 'application/xml' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (xml) { return self.modeler.importXML(xml); })
      .then(function () {
        self.canvasNode.classList.remove('lj-designer-loading');
        self.fit();
        self.wire();
        if (self.initialProblems) {
          self.showProblems(self.initialProblems, self.initialWarnings);
        }
        self.renderPanel(null);
        Object.keys(self.buttons).forEach(function (key) { self.buttons[key].disabled = false; });
        self.say('已加载。修改后请保存;提交发布前须通过合规检查。');
        self.root.classList.add('lj-designer-ready');
      })
      .catch(function (error) {
        self.canvasNode.classList.remove('lj-designer-loading');
        self.say('流程图加载失败:' + (error && error.message ? error.message : error), 'error');
      });
  };

  // Like canvas.zoom('fit-viewport', 'auto') (whole diagram, never enlarged), but keeping the strip under
  // the palette free, so that no element or lane label starts hidden behind it.
  Designer.prototype.fit = function () {
    var canvas = this.get('canvas');
    canvas.resized();
    var box = canvas.viewbox();
    var outer = box.outer;
    var inner = box.inner;
    var palette = this.canvasNode.querySelector('.djs-palette');
    var left = (palette ? palette.offsetLeft + palette.offsetWidth : 0) + FIT_MARGIN;
    if (!outer.width || !outer.height || !inner.width || !inner.height) { return; }
    var scale = Math.min(1, (outer.width - left - FIT_MARGIN) / inner.width,
      (outer.height - 2 * FIT_MARGIN) / inner.height);
    var free = outer.height / scale - inner.height;
    var spare = (outer.width - left - FIT_MARGIN) / scale - inner.width; // centred in the room right of the palette
    canvas.viewbox({
      x: inner.x - left / scale - spare / 2,
      y: inner.y - free / 2,
      width: outer.width / scale,
      height: outer.height / scale
    });
  };

  Designer.prototype.wire = function () {
    var self = this;
    var bus = this.get('eventBus');
    bus.on('selection.changed', function (event) {
      var chosen = event.newSelection.length === 1 ? event.newSelection[0] : null;
      self.renderPanel(chosen);
    });
    bus.on('commandStack.changed', function () {
      self.dirty = true;
      self.say('有未保存的修改', 'dirty');
    });
    bus.on('elements.changed', function (event) {
      // Redraw the panel after an undo or a label edit on the canvas, not while typing in it.
      if (self.editing || !self.selected) { return; }
      var touched = event.elements.some(function (element) { return element.id === self.selected.id; });
      if (touched) { self.renderPanel(self.get('elementRegistry').get(self.selected.id) || null); }
    });
    this.buttons.save.addEventListener('click', function () { self.save(); });
    this.buttons.check.addEventListener('click', function () { self.check(); });
    this.buttons.submit.addEventListener('click', function () { self.submit(); });
  };

  // --- talking to the server ------------------------------------------------------------------------------

  Designer.prototype.post = function (url, xml) {
    var self = this;
    return window.fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': self.token, Accept: 'application/json' },
      body: JSON.stringify({ xml: xml })
    }).then(function (response) {
      var type = response.headers.get('Content-Type') || '';
      if (type.indexOf('application/json') === -1) {
        throw new Error(response.status === 403 ? '无权执行此操作' : '服务器返回错误(' + response.status + ')');
      }
      return response.json().then(function (body) {
        body.httpStatus = response.status;
        return body;
      });
    });
  };

  Designer.prototype.xml = function () {
    return this.modeler.saveXML({ format: true }).then(function (result) { return result.xml; });
  };

  Designer.prototype.lock = function (busy) {
    var self = this;
    this.busy = busy;
    Object.keys(this.buttons).forEach(function (key) { self.buttons[key].disabled = busy; });
  };

  Designer.prototype.save = function () {
    var self = this;
    if (this.busy) { return Promise.resolve(false); }
    this.lock(true);
    this.say('正在保存……');
    return this.xml()
      .then(function (xml) { return self.post(self.root.dataset.saveUrl, xml); })
      .then(function (body) {
        self.lock(false);
        if (!body.ok) {
          self.say('保存失败:' + body.message, 'error');
          return false;
        }
        self.dirty = false;
        var badge = document.getElementById('designer-status-badge');
        if (badge && body.status_label) {
          badge.textContent = body.status_label;
          badge.className = 'badge text-bg-secondary align-middle';
        }
        self.say('已保存', 'ok');
        return true;
      })
      .catch(function (error) {
        self.lock(false);
        self.say('保存失败:' + (error.message || error), 'error');
        return false;
      });
  };

  Designer.prototype.check = function () {
    var self = this;
    if (this.busy) { return Promise.resolve(null); }
    this.lock(true);
    this.say('正在检查……');
    return this.xml()
      .then(function (xml) { return self.post(self.root.dataset.checkUrl, xml); })
      .then(function (body) {
        self.lock(false);
        if (body.httpStatus >= 400 && !body.problems.length) {
          self.say('检查失败:' + body.message, 'error');
          return null;
        }
        self.dirty = false;
        self.showProblems(body.problems || [], body.warnings || []);
        self.say(body.ok ? '已保存;检查通过,可以提交发布' : '已保存;' + body.message + ',请逐条改正',
          body.ok ? 'ok' : 'error');
        return body.ok;
      })
      .catch(function (error) {
        self.lock(false);
        self.say('检查失败:' + (error.message || error), 'error');
        return null;
      });
  };

  Designer.prototype.submit = function () {
    var self = this;
    if (this.busy) { return; }
    if (!window.confirm('提交后草稿将锁定,由另一名流程设计人员复核发布。确认提交?')) { return; }
    this.check().then(function (ok) {
      if (ok) {
        self.say('正在提交……');
        document.getElementById('designer-submit-form').submit();
      } else if (ok === false) {
        self.say('未通过合规检查,不能提交发布。请先改正下列问题。', 'error');
      }
    });
  };

  // --- problems on the canvas -----------------------------------------------------------------------------

  Designer.prototype.clearProblems = function () {
    var canvas = this.get('canvas');
    this.marked.forEach(function (id) { canvas.removeMarker(id, PROBLEM); canvas.removeMarker(id, WARNING); });
    this.pathMarked.forEach(function (id) { canvas.removeMarker(id, PATH); });
    this.marked = [];
    this.pathMarked = [];
    this.get('overlays').remove({ type: PROBLEM });
    this.problemList.textContent = '';
  };

  Designer.prototype.showProblems = function (problems, warnings) {
    var self = this;
    var registry = this.get('elementRegistry');
    var canvas = this.get('canvas');
    var overlays = this.get('overlays');
    this.clearProblems();
    var perElement = {};
    problems.forEach(function (problem, index) {
      var drawn = problem.element_id ? registry.get(problem.element_id) : null;
      var item = el('button', { type: 'button', className: 'lj-problem-item', 'data-element': problem.element_id || '' }, [
        problem.article ? el('span', { className: 'badge text-bg-danger me-1', text: problem.article }) : null,
        el('span', { text: problem.message }),
        problem.element_id ? el('div', { className: 'lj-problem-where', text: (drawn ? '位置:' : '元素:') + problem.element_id }) : null
      ]);
      item.addEventListener('click', function () { self.focusProblem(problem, item); });
      self.problemList.appendChild(el('li', {}, [item]));
      if (drawn) {
        (perElement[problem.element_id] = perElement[problem.element_id] || []).push(index + 1);
      }
    });
    Object.keys(perElement).forEach(function (id) {
      canvas.addMarker(id, PROBLEM);
      self.marked.push(id);
      var numbers = perElement[id];
      var badge = el('span', {
        className: 'lj-problem-badge', title: '第' + numbers.join('、') + '项问题', 'data-element': id,
        text: numbers.length > 1 ? String(numbers.length) : '!'
      });
      badge.addEventListener('click', function () {
        var first = problems[numbers[0] - 1];
        self.focusProblem(first, self.problemList.querySelectorAll('button')[numbers[0] - 1]);
      });
      overlays.add(id, PROBLEM, { position: { top: -10, right: 10 }, html: badge });
    });
    // Warnings (issue 11 §4: a condition reading a variable nothing writes) do not stop publication.
    (warnings || []).forEach(function (warning) {
      var drawn = warning.element_id ? registry.get(warning.element_id) : null;
      var item = el('button', { type: 'button', className: 'lj-problem-item lj-warning-item', 'data-element': warning.element_id || '' }, [
        el('span', { className: 'badge text-bg-warning me-1', text: '提醒' }),
        el('span', { text: warning.message }),
        warning.element_id ? el('div', { className: 'lj-problem-where', text: (drawn ? '位置:' : '元素:') + warning.element_id }) : null
      ]);
      item.addEventListener('click', function () { self.focusProblem(warning, item); });
      self.problemList.appendChild(el('li', {}, [item]));
      if (drawn && !perElement[warning.element_id]) {
        canvas.addMarker(warning.element_id, WARNING);
        self.marked.push(warning.element_id);
      }
    });
    this.problemCount.textContent = problems.length ? problems.length + '处问题' : '通过';
    this.problemCount.className = 'badge ' + (problems.length ? 'text-bg-danger' : 'text-bg-success');
    this.summary.textContent = problems.length
      ? '以下问题须改正后才能提交发布。点击一项可在图中定位并显示其路径。'
      : '通过部署校验和《实施办法》合规检查(第十七条审批、第三十条回访与延期、法定期限)。';
  };

  Designer.prototype.focusProblem = function (problem, item) {
    var canvas = this.get('canvas');
    var registry = this.get('elementRegistry');
    this.pathMarked.forEach(function (id) { canvas.removeMarker(id, PATH); });
    this.pathMarked = [];
    var self = this;
    (problem.path || []).forEach(function (id, index, ids) {
      if (registry.get(id)) {
        canvas.addMarker(id, PATH);
        self.pathMarked.push(id);
      }
      // the flows between consecutive steps of the path
      if (index > 0) {
        registry.filter(function (element) {
          return element.type === 'bpmn:SequenceFlow' && element.source && element.target &&
            element.source.id === ids[index - 1] && element.target.id === id;
        }).forEach(function (flow) {
          canvas.addMarker(flow.id, PATH);
          self.pathMarked.push(flow.id);
        });
      }
    });
    this.problemList.querySelectorAll('button.active').forEach(function (node) { node.classList.remove('active'); });
    if (item) { item.classList.add('active'); }
    var target = problem.element_id ? registry.get(problem.element_id) : null;
    if (target) {
      this.get('selection').select(target);
      if (typeof canvas.scrollToElement === 'function') { canvas.scrollToElement(target); }
    }
  };

  // --- the properties panel -------------------------------------------------------------------------------

  function spiffBlock(bo) {
    var ext = bo.extensionElements;
    var values = ext && ext.get ? ext.get('values') : [];
    for (var i = 0; i < values.length; i += 1) {
      if (values[i].$type === 'spiffworkflow:Properties') { return values[i]; }
    }
    return null;
  }

  function readProperties(bo) {
    var found = {};
    var block = spiffBlock(bo);
    (block ? block.get('properties') : []).forEach(function (prop) {
      if (prop.name) { found[prop.name] = prop.value || ''; }
    });
    return found;
  }

  Designer.prototype.command = function (fn) {
    this.editing = true;
    try {
      fn();
    } finally {
      this.editing = false;
    }
  };

  Designer.prototype.writeProperty = function (element, name, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var bo = element.businessObject;
    var current = readProperties(bo);
    if (value) { current[name] = value; } else { delete current[name]; }
    var names = PROPERTY_ORDER.filter(function (key) { return key in current; })
      .concat(Object.keys(current).filter(function (key) { return PROPERTY_ORDER.indexOf(key) === -1; }));
    var block = moddle.create('spiffworkflow:Properties', {
      properties: names.map(function (key) {
        return moddle.create('spiffworkflow:Property', { name: key, value: current[key] });
      })
    });
    this.command(function () {
      var ext = bo.extensionElements;
      if (!ext) {
        ext = moddle.create('bpmn:ExtensionElements', { values: [block] });
        block.$parent = ext;
        modeling.updateProperties(element, { extensionElements: ext });
        return;
      }
      block.$parent = ext;
      var others = ext.get('values').filter(function (item) { return item.$type !== 'spiffworkflow:Properties'; });
      modeling.updateModdleProperties(element, ext, { values: others.concat([block]) });
    });
  };

  Designer.prototype.writeName = function (element, value) {
    var modeling = this.get('modeling');
    this.command(function () { modeling.updateLabel(element, value); });
  };

  Designer.prototype.writeDocumentation = function (element, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var docs = value ? [moddle.create('bpmn:Documentation', { text: value })] : [];
    this.command(function () { modeling.updateProperties(element, { documentation: docs }); });
  };

  Designer.prototype.writeCondition = function (element, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var expression = value ? moddle.create('bpmn:FormalExpression', { body: value }) : undefined;
    this.command(function () { modeling.updateProperties(element, { conditionExpression: expression }); });
  };

  Designer.prototype.writeDefault = function (flow, isDefault) {
    var modeling = this.get('modeling');
    var source = flow.source;
    this.command(function () {
      modeling.updateProperties(source, { 'default': isDefault ? flow.businessObject : undefined });
    });
  };

  Designer.prototype.writeTimer = function (element, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var definition = element.businessObject.eventDefinitions[0];
    this.command(function () {
      modeling.updateModdleProperties(element, definition, {
        timeDate: value ? moddle.create('bpmn:FormalExpression', { body: value }) : undefined,
        timeDuration: undefined,
        timeCycle: undefined
      });
    });
  };

  Designer.prototype.field = function (label, control, help) {
    var id = control.id || nextId('prop');
    control.id = id;
    return el('div', { className: 'lj-prop' }, [
      el('label', { className: 'form-label', 'for': id, text: label }),
      control,
      help ? el('div', { className: 'form-text', text: help }) : null
    ]);
  };

  Designer.prototype.textInput = function (name, value, onChange, attrs) {
    var input = el('input', Object.assign({ className: 'form-control form-control-sm', type: 'text', name: name,
      id: 'prop-' + name }, attrs || {}));
    input.value = value || '';
    input.addEventListener('change', function () { onChange(input.value.trim()); });
    return input;
  };

  Designer.prototype.textArea = function (name, value, onChange) {
    var area = el('textarea', { className: 'form-control form-control-sm', name: name, id: 'prop-' + name, rows: '3' });
    area.value = value || '';
    area.addEventListener('change', function () { onChange(area.value.trim()); });
    return area;
  };

  Designer.prototype.select = function (name, options, value, onChange, empty) {
    var select = el('select', { className: 'form-select form-select-sm', name: name, id: 'prop-' + name });
    if (empty !== undefined) { select.appendChild(el('option', { value: '', text: empty })); }
    var known = false;
    options.forEach(function (option) {
      var node = el('option', { value: option[0], text: option[1] && option[1] !== option[0] ? option[0] + ' · ' + option[1] : option[0] });
      if (option[0] === value) { node.selected = true; known = true; }
      select.appendChild(node);
    });
    if (value && !known) {
      // a value the vocabulary does not know stays visible (the check will name it)
      var stray = el('option', { value: value, text: value + '(未知)' });
      stray.selected = true;
      select.appendChild(stray);
    }
    select.addEventListener('change', function () { onChange(select.value); });
    return select;
  };

  Designer.prototype.roleBoxes = function (element, current) {
    var self = this;
    var chosen = (current || '').split('|').map(function (part) { return part.trim(); }).filter(Boolean);
    var box = el('fieldset', { className: 'lj-prop-roles', id: 'prop-role' });
    box.appendChild(el('legend', { className: 'visually-hidden', text: '角色' }));
    (this.vocabulary.roles || []).forEach(function (role) {
      var id = nextId('role');
      var input = el('input', { className: 'form-check-input', type: 'checkbox', id: id, value: role[0], name: 'role' });
      input.checked = chosen.indexOf(role[0]) !== -1;
      input.addEventListener('change', function () {
        var values = Array.prototype.slice.call(box.querySelectorAll('input:checked')).map(function (node) { return node.value; });
        self.writeProperty(element, 'role', values.join('|'));
      });
      box.appendChild(el('div', { className: 'form-check' }, [
        input, el('label', { className: 'form-check-label small', 'for': id, text: role[1] + '(' + role[0] + ')' })
      ]));
    });
    return el('div', { className: 'lj-prop' }, [el('div', { className: 'form-label', text: '角色 role(可多选,任一角色可办理)' }), box]);
  };

  function kindLabel(element) {
    var labels = {
      'bpmn:UserTask': '用户任务', 'bpmn:StartEvent': '开始事件', 'bpmn:EndEvent': '结束事件',
      'bpmn:ExclusiveGateway': '排他网关', 'bpmn:ParallelGateway': '并行网关', 'bpmn:CallActivity': '调用活动',
      'bpmn:BoundaryEvent': '边界事件', 'bpmn:SequenceFlow': '顺序流', 'bpmn:Participant': '参与者(池)',
      'bpmn:Lane': '泳道', 'bpmn:Process': '流程', 'bpmn:Collaboration': '协作'
    };
    return labels[element.type] || element.type.replace('bpmn:', '') + '(引擎不支持,检查将拒绝)';
  }

  Designer.prototype.renderPanel = function (element) {
    var self = this;
    this.selected = element;
    var panel = this.panel;
    panel.textContent = '';
    if (!element || element.type === 'label') {
      if (element && element.labelTarget) { this.renderPanel(element.labelTarget); return; }
      var root = this.get('canvas').getRootElement();
      var bo = root && root.businessObject;
      var process = bo && bo.participants ? bo.participants[0].processRef : bo;
      panel.appendChild(el('p', { className: 'small mb-1', text: '流程:' + ((process && process.name) || '') }));
      panel.appendChild(el('p', { className: 'small mb-1' }, [el('span', { text: '标识:' }), el('code', { text: (process && process.id) || '' })]));
      panel.appendChild(el('p', { className: 'text-muted small mb-0', text: '选择流程图中的一个元素以编辑其属性。' }));
      return;
    }
    var bo2 = element.businessObject;
    panel.appendChild(el('div', { className: 'lj-prop-kind mb-1' }, [
      el('span', { text: kindLabel(element) + ' · ' }), el('code', { text: element.id })
    ]));
    panel.appendChild(this.field('名称', this.textInput('name', bo2.name, function (value) { self.writeName(element, value); })));

    if (element.type === 'bpmn:UserTask') {
      this.renderUserTask(element);
    } else if (element.type === 'bpmn:SequenceFlow') {
      var condition = bo2.conditionExpression ? bo2.conditionExpression.body : '';
      panel.appendChild(this.field('条件 condition', this.textInput('condition', condition, function (value) {
        self.writeCondition(element, value);
      }, { placeholder: "例如 warning_type == 'correction'" }), '只允许变量名、常量、比较和 and/or/not(docs/ARCHITECTURE.md)。'));
      var source = element.source;
      if (source && (source.type === 'bpmn:ExclusiveGateway')) {
        var check = el('input', { className: 'form-check-input', type: 'checkbox', id: 'prop-default' });
        check.checked = source.businessObject['default'] === bo2;
        check.addEventListener('change', function () { self.writeDefault(element, check.checked); });
        panel.appendChild(el('div', { className: 'form-check lj-prop' }, [
          check, el('label', { className: 'form-check-label small', 'for': 'prop-default', text: '作为网关的默认流(其他条件都不成立时)' })
        ]));
      }
    } else if (element.type === 'bpmn:CallActivity') {
      panel.appendChild(this.field('调用的流程 calledElement', this.select('calledElement', this.vocabulary.processes || [],
        bo2.calledElement || '', function (value) {
          self.command(function () { self.get('modeling').updateProperties(element, { calledElement: value || undefined }); });
        }, '(请选择)')));
    } else if (element.type === 'bpmn:BoundaryEvent') {
      var definition = (bo2.eventDefinitions || [])[0];
      if (definition && definition.$type === 'bpmn:TimerEventDefinition') {
        var expression = definition.timeDate || definition.timeDuration || definition.timeCycle;
        panel.appendChild(this.field('到期时间 timeDate', this.textInput('timeDate', expression ? expression.body : '',
          function (value) { self.writeTimer(element, value); }, { placeholder: '例如 current_due_at' }),
        '法定期限用 current_due_at(由引擎按接到通知日期计算),不要写 P10D 之类的时长。'));
        var interrupting = el('input', { className: 'form-check-input', type: 'checkbox', id: 'prop-cancel' });
        interrupting.checked = bo2.cancelActivity !== false;
        interrupting.addEventListener('change', function () {
          self.command(function () { self.get('modeling').updateProperties(element, { cancelActivity: interrupting.checked }); });
        });
        panel.appendChild(el('div', { className: 'form-check lj-prop' }, [
          interrupting, el('label', { className: 'form-check-label small', 'for': 'prop-cancel', text: '中断所附任务(期满即转逾期处理)' })
        ]));
      }
    }
    if (element.type !== 'bpmn:SequenceFlow' && element.type !== 'bpmn:Lane' && element.type !== 'bpmn:Participant') {
      var docs = (bo2.documentation || []).map(function (doc) { return doc.text || ''; }).join('\n');
      panel.appendChild(this.field('说明(引用条款)', this.textArea('documentation', docs, function (value) {
        self.writeDocumentation(element, value);
      })));
    }
  };

  Designer.prototype.renderUserTask = function (element) {
    var self = this;
    var panel = this.panel;
    var props = readProperties(element.businessObject);
    var vocabulary = this.vocabulary;
    function write(name) {
      return function (value) { self.writeProperty(element, name, value); };
    }
    panel.appendChild(this.roleBoxes(element, props.role));
    panel.appendChild(this.field('范围 scope', this.select('scope', vocabulary.scopes || [], props.scope || '', write('scope'), '(请选择)')));
    panel.appendChild(this.field('表单 formKey', this.select('formKey', vocabulary.forms || [], props.formKey || '', write('formKey'), '(请选择)')));
    panel.appendChild(this.field('阶段 stage', this.select('stage', vocabulary.stages || [], props.stage || '', write('stage'), '(请选择)')));
    panel.appendChild(this.field('条款 article', this.textInput('article', props.article, write('article'),
      { placeholder: '例如 第十七条', pattern: '第.+条' }), '写作“第N条”,多条用顿号分隔。'));
    panel.appendChild(this.field('期限规则 dueRule', this.select('dueRule', vocabulary.dueRules || [], props.dueRule || '', write('dueRule'), '(无法定期限)')));
    panel.appendChild(this.field('不得由同一人办理 notSameAs', this.textInput('notSameAs', props.notSameAs, write('notSameAs'),
      { placeholder: '例如 fill_approval_form' }), '填写其他用户任务的标识,多个用逗号分隔(如审批人不得是填表人)。'));
    var effects = (vocabulary.effects || []).map(function (name) { return [name, '']; });
    panel.appendChild(this.field('业务效果 effect', this.select('effect', effects, props.effect || '', write('effect'), '(无)')));
  };

  function boot() {
    var root = document.getElementById('designer');
    if (!root || typeof window.BpmnJS !== 'function') { return; }
    var designer = new Designer(root);
    window.ljDesigner = designer; // for the browser tests and the console
    designer.start();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
}());

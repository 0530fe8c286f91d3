/* 廉警: the process designer's modeler (the draft page of its author).
 *
 * bpmn-js's Modeler (global BpmnJS of vendor/bpmn-js/bpmn-modeler.production.min.js) edits the draft fetched
 * from #designer[data-xml-url]. What this file adds:
 *  - a palette with only the elements the engine runs (start/end events, user tasks, exclusive, inclusive and
 *    parallel gateways, call activities, embedded and event subprocesses, timer/signal/error/escalation events
 *    to drop on a task's border or into a flow, signal and escalation throws, terminate/error/escalation ends,
 *    data objects, business rule tasks, timer and message starts, message throws, catches and ends, receive
 *    tasks, lanes through the participant), and a context pad appending user tasks instead of plain
 *    tasks; deploy validation refuses anything else anyway;
 *  - the moddle description of the spiffworkflow:properties extension, so the properties are real objects;
 *  - a properties panel (#designer-properties) editing, for a user task, role (several, joined with '|'),
 *    scope, formKey, stage, article, dueRule, notSameAs, effect and the documentation; for a sequence flow its
 *    condition and whether it is its gateway's default; for a call activity the process it calls; for a
 *    business rule task the decision table it runs (spiffworkflow:calledDecisionId, a deployed table); for the process (nothing selected) the roles that may start it (startableBy) and for a
 *    none start event its start form; for a timer its kind (date, duration, cycle) and expression; for a signal,
 *    error or escalation event the name of what it throws or catches; for a boundary event whether it interrupts;
 *    for a user task whether it is a multi-instance co-sign (parallel or sequential: the role its co-signers
 *    come from (cosignersFromRole), collection, item, assignee, outputs, completion condition) or a loop; for an event subprocess's start what triggers it; for a data object
 *    its variable; names everywhere. Every edit is a bpmn-js command, so undo/redo work (designer_elements below);
 *  - Save, Check and Submit: the XML is POSTed as JSON with the X-CSRFToken header; the check's problems are
 *    listed and drawn on their elements (red outline and a badge); picking one shows its offending path.
 * The vocabulary (roles, forms, stages, due rules, effects, processes, decisions) comes from the JSON data block
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
      },
      {
        // the decision table a business rule task runs (engine/bpmn/business_rules.py)
        name: 'CalledDecisionId',
        superClass: ['Element'],
        meta: { allowedIn: ['bpmn:BusinessRuleTask'] },
        properties: [{ name: 'value', type: 'String', isBody: true }]
      },
      // what a thrown message carries and where a caught one lands (docs/ARCHITECTURE.md "Starting processes")
      { name: 'MessagePayload', superClass: ['Element'], properties: [{ name: 'value', type: 'String', isBody: true }] },
      { name: 'MessageVariable', superClass: ['Element'], properties: [{ name: 'value', type: 'String', isBody: true }] }
    ]
  };

  // --- palette and context pad limited to what the engine runs --------------------------------------------

  var KEPT_PALETTE = ['hand-tool', 'lasso-tool', 'space-tool', 'global-connect-tool', 'tool-separator',
    'create.start-event', 'create.end-event', 'create.exclusive-gateway', 'create.subprocess-expanded',
    'create.data-object'];

  // Catch events dropped on an activity's border become boundary events of the same kind (bpmn-js).
  var CATCH_EVENTS = [
    ['create.signal-catch', 'bpmn-icon-intermediate-event-catch-signal', '信号捕获事件:拖到任务边框上成为信号边界事件',
      'bpmn:SignalEventDefinition'],
    ['create.error-boundary', 'bpmn-icon-intermediate-event-catch-error', '错误边界事件:拖到任务或子流程的边框上',
      'bpmn:ErrorEventDefinition'],
    ['create.escalation-boundary', 'bpmn-icon-intermediate-event-catch-escalation',
      '升级边界事件:拖到任务或子流程的边框上', 'bpmn:EscalationEventDefinition']
  ];
  var END_EVENTS = [
    ['create.terminate-end', 'bpmn-icon-end-event-terminate', '终止结束事件:结束整个流程', 'bpmn:TerminateEventDefinition'],
    ['create.error-end', 'bpmn-icon-end-event-error', '错误结束事件', 'bpmn:ErrorEventDefinition'],
    ['create.escalation-end', 'bpmn-icon-end-event-escalation', '升级结束事件', 'bpmn:EscalationEventDefinition']
  ];

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
      kept['create.business-rule-task'] = entry('activity', 'bpmn:BusinessRuleTask', 'bpmn-icon-business-rule-task',
        '业务规则任务(查决策表)');
      // starting on schedule and messages between processes (issue 11 §2, §3)
      kept['create.timer-start'] = entry('event', 'bpmn:StartEvent', 'bpmn-icon-start-event-timer',
        '定时开始事件(按周期自动发起)', { eventDefinitionType: 'bpmn:TimerEventDefinition' });
      kept['create.message-start'] = entry('event', 'bpmn:StartEvent', 'bpmn-icon-start-event-message',
        '消息开始事件(收到消息时发起)', { eventDefinitionType: 'bpmn:MessageEventDefinition' });
      kept['create.message-catch'] = entry('event', 'bpmn:IntermediateCatchEvent',
        'bpmn-icon-intermediate-event-catch-message', '消息捕获事件:拖到任务边框上成为消息边界事件',
        { eventDefinitionType: 'bpmn:MessageEventDefinition' });
      kept['create.message-throw'] = entry('event', 'bpmn:IntermediateThrowEvent',
        'bpmn-icon-intermediate-event-throw-message', '消息发送事件', { eventDefinitionType: 'bpmn:MessageEventDefinition' });
      kept['create.message-end'] = entry('event', 'bpmn:EndEvent', 'bpmn-icon-end-event-message',
        '消息结束事件(结束时发送消息)', { eventDefinitionType: 'bpmn:MessageEventDefinition' });
      kept['create.receive-task'] = entry('activity', 'bpmn:ReceiveTask', 'bpmn-icon-receive-task', '接收任务(等待消息)');
      kept['create.inclusive-gateway'] = entry('gateway', 'bpmn:InclusiveGateway', 'bpmn-icon-gateway-or',
        '包容网关:条件成立的出口都走,汇合时等齐');
      kept['create.event-subprocess'] = entry('activity', 'bpmn:SubProcess', 'bpmn-icon-event-subprocess-expanded',
        '事件子流程(非中断):由定时、信号、错误或升级事件触发', { isExpanded: true, triggeredByEvent: true });
      CATCH_EVENTS.forEach(function (item) {
        kept[item[0]] = entry('event', 'bpmn:IntermediateCatchEvent', item[1], item[2], { eventDefinitionType: item[3] });
      });
      kept['create.signal-throw'] = entry('event', 'bpmn:IntermediateThrowEvent',
        'bpmn-icon-intermediate-event-throw-signal', '信号抛出事件', { eventDefinitionType: 'bpmn:SignalEventDefinition' });
      kept['create.escalation-throw'] = entry('event', 'bpmn:IntermediateThrowEvent',
        'bpmn-icon-intermediate-event-throw-escalation', '升级抛出事件',
        { eventDefinitionType: 'bpmn:EscalationEventDefinition' });
      END_EVENTS.forEach(function (item) {
        kept[item[0]] = entry('event', 'bpmn:EndEvent', item[1], item[2], { eventDefinitionType: item[3] });
      });
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
    // Texts in the reader's language (the template passes them through gettext; Chinese without it).
    this.text = data.text || {};
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
      additionalModules: [window.LJ_TRANSLATE_MODULE, LJ_MODULE]  // Chinese titles: js/designer_translate.js
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
    return window.ljDraftHttp.fetchXml(this.root.dataset.xmlUrl)
      .then(function (xml) { return self.modeler.importXML(xml); })
      .then(function (result) {
        self.keepNamedReferences(result && result.warnings);
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
    return window.ljDraftHttp.postXml(url, this.token, xml);
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

  Designer.prototype.writeProperty = function (element, name, value, target) {
    var changes = {};
    changes[name] = value;
    this.writeProperties(element, changes, target);
  };

  // changes: property name -> value (an empty value removes the property), written as one command
  Designer.prototype.writeProperties = function (element, changes, target) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    // target: a business object edited through a diagram element (the process, through the canvas root)
    var bo = target || element.businessObject;
    var current = readProperties(bo);
    Object.keys(changes).forEach(function (name) {
      if (changes[name]) { current[name] = changes[name]; } else { delete current[name]; }
    });
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
        if (target) {
          modeling.updateModdleProperties(element, bo, { extensionElements: ext });
        } else {
          modeling.updateProperties(element, { extensionElements: ext });
        }
        return;
      }
      block.$parent = ext;
      var others = ext.get('values').filter(function (item) { return item.$type !== 'spiffworkflow:Properties'; });
      modeling.updateModdleProperties(element, ext, { values: others.concat([block]) });
    });
  };

  function readDecision(bo) {
    var values = (bo.extensionElements && bo.extensionElements.get('values')) || [];
    var found = values.filter(function (item) { return item.$type === 'spiffworkflow:CalledDecisionId'; })[0];
    return found ? (found.value || '').trim() : '';
  }

  Designer.prototype.writeDecision = function (element, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var bo = element.businessObject;
    this.command(function () {
      var ext = bo.extensionElements;
      var others = ext ? ext.get('values').filter(function (item) {
        return item.$type !== 'spiffworkflow:CalledDecisionId';
      }) : [];
      var values = others;
      if (value) {
        var called = moddle.create('spiffworkflow:CalledDecisionId', { value: value });
        values = others.concat([called]);
      }
      if (!ext) {
        ext = moddle.create('bpmn:ExtensionElements', { values: values });
        values.forEach(function (item) { item.$parent = ext; });
        modeling.updateProperties(element, { extensionElements: ext });
        return;
      }
      values.forEach(function (item) { item.$parent = ext; });
      modeling.updateModdleProperties(element, ext, { values: values });
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

  Designer.prototype.writeTimer = function (element, definition, kind, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var properties = { timeDate: undefined, timeDuration: undefined, timeCycle: undefined };
    properties[kind] = value ? moddle.create('bpmn:FormalExpression', { body: value }) : undefined;
    this.command(function () { modeling.updateModdleProperties(element, definition, properties); });
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

  // The article must read "第N条". Left to itself the browser explains a pattern mismatch in its own words
  // ("Please match the requested format." in an English chromium) in the field's error tooltip: the field says
  // it in the page's language instead, as its tooltip, its validity message and a line under it (issue 15,
  // "Also"). The caller puts ``input.ljFeedback`` right after the input, where Bootstrap shows it when invalid.
  Designer.prototype.articleInput = function (value, onChange) {
    var message = this.text.articleFormat || '条款应写作“第N条”,如 第十七条;多条用顿号分隔';
    var input = this.textInput('article', value, onChange, { placeholder: '例如 第十七条', pattern: '第.+条', title: message });
    var feedback = el('div', { className: 'invalid-feedback', id: 'prop-article-feedback', text: message });
    input.ljFeedback = feedback;
    function check() {
      input.setCustomValidity('');
      var wrong = input.validity.patternMismatch;
      input.setCustomValidity(wrong ? message : '');
      input.classList.toggle('is-invalid', wrong);
      if (wrong) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', feedback.id);
      } else {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
      }
    }
    input.addEventListener('input', check);
    check();
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
      // a third item marks a value people need not read (a BPMN type name): only the label is shown
      var text = option[2] ? option[1] : option[1] && option[1] !== option[0] ? option[0] + ' · ' + option[1] : option[0];
      var node = el('option', { value: option[0], text: text });
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

  Designer.prototype.roleBoxes = function (element, current, name, legend, target) {
    var self = this;
    name = name || 'role';
    var chosen = (current || '').split('|').map(function (part) { return part.trim(); }).filter(Boolean);
    var box = el('fieldset', { className: 'lj-prop-roles', id: 'prop-' + name });
    box.appendChild(el('legend', { className: 'visually-hidden', text: legend || '角色' }));
    (this.vocabulary.roles || []).forEach(function (role) {
      var id = nextId('role');
      var input = el('input', { className: 'form-check-input', type: 'checkbox', id: id, value: role[0], name: name });
      input.checked = chosen.indexOf(role[0]) !== -1;
      input.addEventListener('change', function () {
        var values = Array.prototype.slice.call(box.querySelectorAll('input:checked')).map(function (node) { return node.value; });
        self.writeProperty(element, name, values.join('|'), target);
      });
      box.appendChild(el('div', { className: 'form-check' }, [
        input, el('label', { className: 'form-check-label small', 'for': id, text: role[1] + '(' + role[0] + ')' })
      ]));
    });
    return el('div', { className: 'lj-prop' }, [el('div', { className: 'form-label', text: legend || '角色 role(可多选,任一角色可办理)' }), box]);
  };

  // A start event inside an embedded or event subprocess is not a way into the process (no start form, no
  // schedule): its triggers are edited as events (renderEvent).
  function inSubProcess(element) {
    return !!(element.parent && element.parent.type === 'bpmn:SubProcess');
  }

  function kindLabel(element) {
    var labels = {
      'bpmn:UserTask': '用户任务', 'bpmn:StartEvent': '开始事件', 'bpmn:EndEvent': '结束事件',
      'bpmn:ExclusiveGateway': '排他网关', 'bpmn:ParallelGateway': '并行网关', 'bpmn:CallActivity': '调用活动',
      'bpmn:BoundaryEvent': '边界事件', 'bpmn:SequenceFlow': '顺序流', 'bpmn:Participant': '参与者(池)',
      'bpmn:Lane': '泳道', 'bpmn:Process': '流程', 'bpmn:Collaboration': '协作',
      'bpmn:BusinessRuleTask': '业务规则任务', 'bpmn:ReceiveTask': '接收任务',
      'bpmn:InclusiveGateway': '包容网关', 'bpmn:SubProcess': '内嵌子流程',
      'bpmn:IntermediateCatchEvent': '中间捕获事件', 'bpmn:IntermediateThrowEvent': '中间抛出事件',
      'bpmn:DataObjectReference': '数据对象', 'bpmn:DataInputAssociation': '数据输入关联',
      'bpmn:DataOutputAssociation': '数据输出关联'
    };
    if (element.type === 'bpmn:SubProcess' && element.businessObject.triggeredByEvent) { return '事件子流程'; }
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
      if (process && root) {
        // Who may start the process from 发起事项 (issue 11 §3); none ticked: started only by the system.
        panel.appendChild(this.roleBoxes(root, readProperties(process).startableBy, 'startableBy',
          '可发起岗位 startableBy(不选则不能由人员发起)', process));
      }
      panel.appendChild(el('p', { className: 'text-muted small mb-0', text: '选择流程图中的一个元素以编辑其属性。' }));
      return;
    }
    var bo2 = element.businessObject;
    panel.appendChild(el('div', { className: 'lj-prop-kind mb-1' }, [
      el('span', { text: kindLabel(element) + ' · ' }), el('code', { text: element.id })
    ]));
    panel.appendChild(this.field('名称', this.textInput('name', bo2.name, function (value) { self.writeName(element, value); })));

    var eventType = ((bo2.eventDefinitions || [])[0] || {}).$type;
    if (element.type === 'bpmn:UserTask') {
      this.renderUserTask(element);
      this.renderLoop(element);
    } else if (element.type === 'bpmn:ReceiveTask' || eventType === 'bpmn:MessageEventDefinition') {
      this.renderMessage(element);
    } else if (element.type === 'bpmn:StartEvent' && eventType === 'bpmn:TimerEventDefinition' && !inSubProcess(element)) {
      this.renderTimerStart(element);
    } else if (element.type === 'bpmn:StartEvent' && !(bo2.eventDefinitions || []).length && !inSubProcess(element)) {
      panel.appendChild(this.field('发起表单 formKey', this.select('formKey', this.vocabulary.forms || [],
        readProperties(bo2).formKey || '', function (value) { self.writeProperty(element, 'formKey', value); }, '(无发起表单)'),
      '由人员发起时填写的表单;可发起岗位在流程属性中设置(点击空白处)。'));
    } else if (element.type === 'bpmn:SequenceFlow') {
      var condition = bo2.conditionExpression ? bo2.conditionExpression.body : '';
      panel.appendChild(this.field('条件 condition', this.textInput('condition', condition, function (value) {
        self.writeCondition(element, value);
      }, { placeholder: "例如 warning_type == 'correction'" }), '只允许变量名、常量、比较和 and/or/not(docs/ARCHITECTURE.md)。'));
      var source = element.source;
      if (source && (source.type === 'bpmn:ExclusiveGateway' || source.type === 'bpmn:InclusiveGateway')) {
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
    } else if (element.type === 'bpmn:BusinessRuleTask') {
      panel.appendChild(this.field('决策表 calledDecisionId', this.select('calledDecisionId', this.vocabulary.decisions || [],
        readDecision(bo2), function (value) { self.writeDecision(element, value); }, '(请选择)'),
      '决策表的输出写入流程数据,后续网关可按输出变量分支。'));
    } else if (EVENT_TYPES.indexOf(element.type) !== -1) {
      this.renderEvent(element);
    } else if (element.type === 'bpmn:DataObjectReference') {
      this.renderDataObject(element);
    }
    if (element.type !== 'bpmn:SequenceFlow' && element.type !== 'bpmn:Lane' && element.type !== 'bpmn:Participant') {
      var docs = (bo2.documentation || []).map(function (doc) { return doc.text || ''; }).join('\n');
      panel.appendChild(this.field('说明(引用条款)', this.textArea('documentation', docs, function (value) {
        self.writeDocumentation(element, value);
      })));
    }
  };

  // --- messages and timer starts (docs/ARCHITECTURE.md "Starting processes") ------------------------------

  Designer.prototype.definitions = function () {
    var bo = this.get('canvas').getRootElement().businessObject;
    return bo.$parent;
  };

  Designer.prototype.writeMessageName = function (element, carrier, name) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var definitions = this.definitions();
    var roots = definitions.get('rootElements');
    var message = roots.filter(function (item) { return item.$type === 'bpmn:Message' && item.name === name; })[0];
    this.command(function () {
      if (name && !message) {
        var id = /^[A-Za-z][A-Za-z0-9_]*$/.test(name) ? name : 'message_' + Date.now().toString(36);
        message = moddle.create('bpmn:Message', { id: id, name: name });
        message.$parent = definitions;
        modeling.updateModdleProperties(element, definitions, { rootElements: roots.concat([message]) });
      }
      modeling.updateModdleProperties(element, carrier, { messageRef: name ? message : undefined });
    });
  };

  Designer.prototype.writeExtensionText = function (element, carrier, type, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var ext = carrier.extensionElements;
    var others = ext ? ext.get('values').filter(function (item) { return item.$type !== type; }) : [];
    var values = value ? others.concat([moddle.create(type, { value: value })]) : others;
    this.command(function () {
      if (!ext) {
        ext = moddle.create('bpmn:ExtensionElements', { values: values });
        ext.$parent = carrier;
        modeling.updateModdleProperties(element, carrier, { extensionElements: ext });
      } else {
        modeling.updateModdleProperties(element, ext, { values: values });
      }
      values.forEach(function (item) { item.$parent = ext; });
    });
  };

  function extensionText(carrier, type) {
    var ext = carrier.extensionElements;
    var found = ext ? ext.get('values').filter(function (item) { return item.$type === type; })[0] : null;
    return found ? found.value || '' : '';
  }

  Designer.prototype.renderMessage = function (element) {
    var self = this;
    var panel = this.panel;
    var bo = element.businessObject;
    var carrier = element.type === 'bpmn:ReceiveTask' ? bo : bo.eventDefinitions[0];
    var throws = element.type === 'bpmn:IntermediateThrowEvent' || element.type === 'bpmn:EndEvent';
    panel.appendChild(this.field('消息名称 message', this.textInput('message', carrier.messageRef ? carrier.messageRef.name : '',
      function (value) { self.writeMessageName(element, carrier, value); }, { placeholder: '例如 clue_raised' }),
    '发送方与接收方写同一名称;按关联键(correlationKey)匹配接收的流程实例。'));
    if (throws) {
      panel.appendChild(this.field('消息载荷 messagePayload', this.textArea('messagePayload',
        extensionText(carrier, 'spiffworkflow:MessagePayload'), function (value) {
          self.writeExtensionText(element, carrier, 'spiffworkflow:MessagePayload', value);
        }), '例如 {"item_no": business_key, "summary": feedback}:只允许变量名和常量。'));
    } else {
      panel.appendChild(this.field('接收变量 messageVariable', this.textInput('messageVariable',
        extensionText(carrier, 'spiffworkflow:MessageVariable'), function (value) {
          self.writeExtensionText(element, carrier, 'spiffworkflow:MessageVariable', value);
        }, { placeholder: '例如 raised' }), '收到的消息内容存入此变量。'));
    }
    this.renderCorrelation(element, carrier.messageRef);
  };

  // --- message correlation: which instance a message goes to ---------------------------------------------
  // SpiffWorkflow correlates by keys (bpmn:correlationKey in a collaboration) whose properties
  // (bpmn:correlationProperty) are read from each message by a retrieval expression (SPIFFWORKFLOW-2.md §5):
  // the panel edits, for the message of the selected element, the key's name and the expression over the
  // message's payload. The server checks both when the draft is saved (engine/bpmn/start_rules.py).

  function correlationOf(definitions, message) {
    var found = { key: null, property: null, retrieval: null };
    if (!message) { return found; }
    var roots = definitions.get('rootElements');
    roots.forEach(function (root) {
      if (root.$type !== 'bpmn:CorrelationProperty' || found.property) { return; }
      root.get('correlationPropertyRetrievalExpression').forEach(function (retrieval) {
        if (!found.property && retrieval.messageRef === message) {
          found.property = root;
          found.retrieval = retrieval;
        }
      });
    });
    if (found.property) {
      roots.forEach(function (root) {
        if (root.$type !== 'bpmn:Collaboration') { return; }
        root.get('correlationKeys').forEach(function (key) {
          if (!found.key && key.get('correlationPropertyRef').indexOf(found.property) >= 0) { found.key = key; }
        });
      });
    }
    return found;
  }

  Designer.prototype.writeCorrelation = function (element, message, keyName, expression) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var definitions = this.definitions();
    var current = correlationOf(definitions, message);
    var roots = definitions.get('rootElements');
    this.command(function () {
      if (current.retrieval) {
        // the message leaves its former property (and the property goes when no message uses it any more)
        var left = current.property.get('correlationPropertyRetrievalExpression')
          .filter(function (item) { return item !== current.retrieval; });
        modeling.updateModdleProperties(element, current.property, { correlationPropertyRetrievalExpression: left });
        if (!left.length) {
          roots = roots.filter(function (item) { return item !== current.property; });
          modeling.updateModdleProperties(element, definitions, { rootElements: roots });
          roots.forEach(function (root) {
            if (root.$type !== 'bpmn:Collaboration') { return; }
            var keys = root.get('correlationKeys').filter(function (key) {
              var refs = key.get('correlationPropertyRef').filter(function (ref) { return ref !== current.property; });
              modeling.updateModdleProperties(element, key, { correlationPropertyRef: refs });
              return refs.length > 0;
            });
            modeling.updateModdleProperties(element, root, { correlationKeys: keys });
          });
        }
      }
      if (!keyName || !expression) { return; }
      var collaboration = roots.filter(function (item) { return item.$type === 'bpmn:Collaboration'; })[0];
      if (!collaboration) {
        collaboration = moddle.create('bpmn:Collaboration', { id: 'correlation_collaboration_' + Date.now().toString(36) });
        collaboration.$parent = definitions;
        roots = [collaboration].concat(roots);
        modeling.updateModdleProperties(element, definitions, { rootElements: roots });
      }
      var key = collaboration.get('correlationKeys').filter(function (item) { return item.name === keyName; })[0];
      var property = key ? key.get('correlationPropertyRef')[0] : null;
      if (!property) {
        var propertyId = /^[A-Za-z][A-Za-z0-9_]*$/.test(keyName) ? keyName + '_value' : 'correlation_' + Date.now().toString(36);
        property = moddle.create('bpmn:CorrelationProperty', { id: propertyId, name: propertyId });
        property.$parent = definitions;
        roots = roots.concat([property]);
        modeling.updateModdleProperties(element, definitions, { rootElements: roots });
      }
      if (!key) {
        key = moddle.create('bpmn:CorrelationKey', { name: keyName, correlationPropertyRef: [property] });
        key.$parent = collaboration;
        modeling.updateModdleProperties(element, collaboration,
          { correlationKeys: collaboration.get('correlationKeys').concat([key]) });
      }
      var path = moddle.create('bpmn:FormalExpression', { body: expression });
      var retrieval = moddle.create('bpmn:CorrelationPropertyRetrievalExpression', { messageRef: message, messagePath: path });
      path.$parent = retrieval;
      retrieval.$parent = property;
      modeling.updateModdleProperties(element, property, { correlationPropertyRetrievalExpression:
        property.get('correlationPropertyRetrievalExpression').concat([retrieval]) });
    });
  };

  Designer.prototype.renderCorrelation = function (element, message) {
    var self = this;
    var found = correlationOf(this.definitions(), message);
    var keyInput = this.textInput('correlationKey', found.key ? found.key.name : '', write,
      { placeholder: '例如 item_key', pattern: '[A-Za-z][A-Za-z0-9_]*', disabled: !message });
    var pathInput = this.textInput('correlationExpression',
      found.retrieval && found.retrieval.messagePath ? found.retrieval.messagePath.body : '', write,
      { placeholder: '例如 item_no', disabled: !message });
    function write() {
      self.writeCorrelation(element, message, keyInput.value.trim(), pathInput.value.trim());
    }
    this.panel.appendChild(this.field('关联键 correlationKey', keyInput,
      message ? '发送方与接收方写同一关联键,接收方只接收关联值相同的消息;留空则不按关联键匹配。'
        : '请先填写消息名称。'));
    this.panel.appendChild(this.field('关联取值 (从消息内容中取)', pathInput,
      '从消息内容中取出关联值的表达式,只允许变量名和常量,如 item_no。'));
  };

  Designer.prototype.renderTimerStart = function (element) {
    var self = this;
    var definition = element.businessObject.eventDefinitions[0];
    var kind = definition.timeDate ? 'timeDate' : 'timeCycle';
    var current = (definition.timeDate || definition.timeCycle || {}).body || '';
    var kindSelect = this.select('timerKind', [['timeCycle', '周期 timeCycle'], ['timeDate', '一次 timeDate']], kind,
      function () { write(input.value.trim()); });
    var input = this.textInput('timerStart', current, function (value) { write(value); },
      { placeholder: '"R/2027-01-28T09:00:00+08:00/P1M"' });
    function write(value) {
      var moddle = self.get('moddle');
      var expression = value ? moddle.create('bpmn:FormalExpression', { body: value }) : undefined;
      var changes = { timeDate: undefined, timeDuration: undefined, timeCycle: undefined };
      changes[kindSelect.value] = expression;
      self.command(function () { self.get('modeling').updateModdleProperties(element, definition, changes); });
    }
    this.panel.appendChild(this.field('定时方式', kindSelect));
    this.panel.appendChild(this.field('时间', input,
      '带引号的ISO 8601文字并写明首次时间和时区,如 "R/2027-01-28T09:00:00+08:00/P1M"(每月28日9时,种子001)。'));
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
    var article = this.articleInput(props.article, write('article'));
    panel.appendChild(this.field('条款 article', article, '写作“第N条”,多条用顿号分隔。'));
    article.insertAdjacentElement('afterend', article.ljFeedback);
    panel.appendChild(this.field('期限规则 dueRule', this.select('dueRule', vocabulary.dueRules || [], props.dueRule || '', write('dueRule'), '(无法定期限)')));
    panel.appendChild(this.field('不得由同一人办理 notSameAs', this.textInput('notSameAs', props.notSameAs, write('notSameAs'),
      { placeholder: '例如 fill_approval_form' }), '填写其他用户任务的标识,多个用逗号分隔(如审批人不得是填表人)。'));
    panel.appendChild(this.field('业务效果 effect', this.select('effect', vocabulary.effects || [], props.effect || '', write('effect'), '(无)')));
  };

  // --- the structural elements: events, loops and co-signing, data objects ----------------------------------

  var EVENT_TYPES = ['bpmn:BoundaryEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent',
    'bpmn:StartEvent', 'bpmn:EndEvent'];
  var TIMER_KINDS = [['timeDate', '时间点'], ['timeDuration', '时长'], ['timeCycle', '循环']];
  var TIMER_HELP = {
    timeDate: '变量名(如 current_due_at,法定期限由引擎计算)或带引号、带时区的时间,如 "2026-11-09T23:59:59+08:00"。',
    timeDuration: '带引号的ISO时长,如 "P7D"(公示七日)或 "PT24H"。法定期限不要用时长。',
    timeCycle: '带引号的ISO重复周期,如 "R3/PT1H"(每小时催办一次,共三次)。'
  };
  // event definition -> [reference property, root element type, label, id prefix]
  var REFERENCES = {
    'bpmn:SignalEventDefinition': ['signalRef', 'bpmn:Signal', '信号名称', 'Signal'],
    'bpmn:ErrorEventDefinition': ['errorRef', 'bpmn:Error', '错误名称', 'Error'],
    'bpmn:EscalationEventDefinition': ['escalationRef', 'bpmn:Escalation', '升级名称', 'Escalation']
  };
  var TRIGGERS = [['bpmn:TimerEventDefinition', '定时', true], ['bpmn:SignalEventDefinition', '信号', true],
    ['bpmn:ErrorEventDefinition', '错误', true], ['bpmn:EscalationEventDefinition', '升级', true]];
  var LOOP_KINDS = [['parallel', '并行多实例(会签:每人一个待办)', true], ['sequential', '顺序多实例(依次会签)', true],
    ['loop', '循环(条件成立时再做一次)', true]];
  // references bpmn-moddle cannot resolve on import (a collection named by a data variable) and would drop
  var NAMED_REFERENCES = ['loopDataInputRef', 'loopDataOutputRef'];

  function bareName(property) {
    return String(property || '').replace(/^bpmn:/, '');
  }

  // bpmn-moddle drops a reference whose id is no element of the file; a co-sign's collections are task-data
  // variables, so they are put back as references to detached elements of that id (written back unchanged).
  Designer.prototype.keepNamedReferences = function (warnings) {
    var moddle = this.get('moddle');
    (warnings || []).forEach(function (warning) {
      var property = bareName(warning.property);
      if (warning.element && NAMED_REFERENCES.indexOf(property) !== -1 && warning.value) {
        warning.element.set(property, moddle.create('bpmn:DataInput', { id: warning.value }));
      }
    });
  };

  Designer.prototype.renderEvent = function (element) {
    var self = this;
    var bo = element.businessObject;
    if (element.type === 'bpmn:StartEvent' && bo.$parent && bo.$parent.triggeredByEvent) {
      this.renderTrigger(element);
    }
    var definition = (bo.eventDefinitions || [])[0];
    if (!definition) { return; }
    if (definition.$type === 'bpmn:TimerEventDefinition') { this.renderTimer(element, definition); }
    if (REFERENCES[definition.$type]) { this.renderReference(element, definition); }
    if (element.type === 'bpmn:BoundaryEvent' && definition.$type !== 'bpmn:ErrorEventDefinition') {
      var interrupting = el('input', { className: 'form-check-input', type: 'checkbox', id: 'prop-cancel' });
      interrupting.checked = bo.cancelActivity !== false;
      interrupting.addEventListener('change', function () {
        self.command(function () { self.get('modeling').updateProperties(element, { cancelActivity: interrupting.checked }); });
      });
      this.panel.appendChild(el('div', { className: 'form-check lj-prop' }, [
        interrupting, el('label', { className: 'form-check-label small', 'for': 'prop-cancel',
          text: '中断所附任务(不勾选:任务继续,如催办)' })
      ]));
    }
  };

  Designer.prototype.renderTimer = function (element, definition) {
    var self = this;
    var kind = TIMER_KINDS.map(function (k) { return k[0]; }).filter(function (k) { return definition[k]; })[0] || 'timeDate';
    var help = el('div', { className: 'form-text', text: TIMER_HELP[kind] });
    var input = this.textInput('timer', definition[kind] ? definition[kind].body : '', function (value) {
      self.writeTimer(element, definition, kindSelect.value, value);
    }, { placeholder: '例如 "P7D"' });
    var kindSelect = this.select('timerKind', TIMER_KINDS, kind, function (value) {
      help.textContent = TIMER_HELP[value];
      self.writeTimer(element, definition, value, input.value.trim());
    });
    this.panel.appendChild(this.field('定时方式', kindSelect));
    var box = this.field('定时表达式', input);
    box.appendChild(help);
    this.panel.appendChild(box);
  };

  Designer.prototype.renderReference = function (element, definition) {
    var self = this;
    var spec = REFERENCES[definition.$type];
    var current = definition.get(spec[0]);
    var known = (this.modeler.getDefinitions().rootElements || []).filter(function (root) { return root.$type === spec[1]; })
      .map(function (root) { return root.name || root.id; });
    var list = el('datalist', { id: 'prop-reference-names' }, known.map(function (name) { return el('option', { value: name }); }));
    var input = this.textInput('reference', current ? (current.name || current.id) : '', function (value) {
      self.writeReference(element, definition, value);
    }, { list: 'prop-reference-names', placeholder: '同名的抛出与捕获相互对应' });
    this.panel.appendChild(this.field(spec[2], input, '抛出和捕获用同一个名称;已有的名称可从列表选择。'));
    this.panel.appendChild(list);
  };

  Designer.prototype.writeReference = function (element, definition, name) {
    var spec = REFERENCES[definition.$type];
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var definitions = this.modeler.getDefinitions();
    var roots = definitions.get('rootElements');
    var root = name ? roots.filter(function (item) { return item.$type === spec[1] && (item.name || item.id) === name; })[0] : null;
    this.command(function () {
      if (name && !root) {
        root = moddle.create(spec[1], { id: spec[3] + '_' + Math.random().toString(36).slice(2, 9), name: name });
        root.$parent = definitions;
        modeling.updateModdleProperties(element, definitions, { rootElements: roots.concat([root]) });
      }
      var update = {};
      update[spec[0]] = root || undefined;
      modeling.updateModdleProperties(element, definition, update);
    });
  };

  Designer.prototype.renderTrigger = function (element) {
    var self = this;
    var bo = element.businessObject;
    var current = (bo.eventDefinitions || [])[0];
    this.panel.appendChild(this.field('触发方式', this.select('trigger', TRIGGERS, current ? current.$type : '', function (value) {
      var moddle = self.get('moddle');
      self.command(function () {
        // SpiffWorkflow 3.2.0 runs every event subprocess as non-interrupting: the start is marked so
        self.get('modeling').updateProperties(element, {
          eventDefinitions: value ? [moddle.create(value)] : [], isInterrupting: false
        });
      });
      self.renderPanel(element);
    }, '(请选择)'), '事件子流程不中断流程的其他步骤;要中断请用边界事件。'));
  };

  function loopOf(bo) {
    var loop = bo.loopCharacteristics;
    if (!loop) { return ['', null]; }
    if (loop.$type === 'bpmn:StandardLoopCharacteristics') { return ['loop', loop]; }
    return [loop.isSequential ? 'sequential' : 'parallel', loop];
  }

  Designer.prototype.renderLoop = function (element) {
    var self = this;
    var bo = element.businessObject;
    var state = loopOf(bo);
    this.panel.appendChild(this.field('多实例/循环', this.select('loopKind', LOOP_KINDS, state[0], function (value) {
      self.writeLoopKind(element, value);
      self.renderPanel(element);
    }, '(单个任务)')));
    var loop = state[1];
    if (state[0] === 'loop') {
      this.panel.appendChild(this.field('最多次数 loopMaximum', this.textInput('loopMaximum', loop.loopMaximum, function (value) {
        self.command(function () {
          self.get('modeling').updateModdleProperties(element, loop, { loopMaximum: value ? parseInt(value, 10) : undefined });
        });
      }, { inputmode: 'numeric', placeholder: '例如 3' })));
      this.panel.appendChild(this.field('继续循环的条件 loopCondition', this.textInput('loopCondition',
        loop.loopCondition ? loop.loopCondition.body : '', function (value) {
          self.writeExpression(element, loop, 'loopCondition', value);
        }, { placeholder: "例如 opinion != '达到要求'" })));
    } else if (loop) {
      this.renderMultiInstance(element, loop);
    }
  };

  Designer.prototype.renderMultiInstance = function (element, loop) {
    var self = this;
    var props = readProperties(element.businessObject);
    function reference(name) {
      return function (value) {
        var update = {};
        update[name] = value ? self.get('moddle').create('bpmn:DataInput', { id: value }) : undefined;
        self.command(function () { self.get('modeling').updateModdleProperties(element, loop, update); });
      };
    }
    function item(name, type) {
      return function (value) {
        var update = {};
        update[name] = value ? self.get('moddle').create(type, { id: value, name: value }) : undefined;
        self.command(function () { self.get('modeling').updateModdleProperties(element, loop, update); });
      };
    }
    // 会签人员取自角色 (engine/cosigners.py): the role's active holders in the step's unit fill the collection
    var text = this.text;
    this.panel.appendChild(this.field(text.cosignersLabel || '会签人员取自角色 cosignersFromRole',
      this.select('cosignersFromRole', this.vocabulary.roles || [], props.cosignersFromRole || '', function (value) {
        self.writeCosigners(element, loop, value);
      }, text.cosignersNone || '(不取自角色,由集合变量提供)'),
    text.cosignersHelp || '选择后,进入本环节时由本单位在职担任该角色的全部人员会签,每人一个待办;集合、每人的变量和办理人随之填好。'));
    this.panel.appendChild(this.field('参加人员集合 loopDataInputRef', this.textInput('loopDataInputRef',
      loop.loopDataInputRef ? loop.loopDataInputRef.id : '', reference('loopDataInputRef'),
      { placeholder: '例如 committee_members' }), '保存用户标识列表的变量,每个标识一个实例。'));
    this.panel.appendChild(this.field('每人的变量 inputDataItem', this.textInput('inputDataItem',
      loop.inputDataItem ? loop.inputDataItem.id : '', item('inputDataItem', 'bpmn:DataInput'), { placeholder: '例如 member' })));
    this.panel.appendChild(this.field('办理人 assignee', this.textInput('assignee', props.assignee, function (value) {
      self.writeProperty(element, 'assignee', value);
    }, { placeholder: '例如 member' }), '填每人的变量名:每个实例成为该人员本人的待办(该人员仍须具有上面的角色)。'));
    this.panel.appendChild(this.field('汇总结果 loopDataOutputRef', this.textInput('loopDataOutputRef',
      loop.loopDataOutputRef ? loop.loopDataOutputRef.id : '', reference('loopDataOutputRef'),
      { placeholder: '例如 decisions' })));
    this.panel.appendChild(this.field('每人的结果 outputDataItem', this.textInput('outputDataItem',
      loop.outputDataItem ? loop.outputDataItem.id : '', item('outputDataItem', 'bpmn:DataOutput'),
      { placeholder: '例如 approval_decision' })));
    this.panel.appendChild(this.field('完成条件 completionCondition', this.textInput('completionCondition',
      loop.completionCondition ? loop.completionCondition.body : '', function (value) {
        self.writeExpression(element, loop, 'completionCondition', value);
      }, { placeholder: "例如 approval_decision == 'rejected'" }),
    '在刚完成的一人的数据上判断;成立时其余人员的待办取消。'));
  };

  // A role co-sign is accepted at deploy only with a collection, an input item and that item as the assignee
  // (engine/bpmn/validation.py _check_cosigners): choosing a role fills what is missing and names the item as
  // the assignee, so the choice alone makes a deployable co-sign; clearing it leaves the collection to a variable.
  Designer.prototype.writeCosigners = function (element, loop, role) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    if (!role) {
      this.writeProperty(element, 'cosignersFromRole', '');
      return;
    }
    var update = {};
    if (!loop.loopDataInputRef || !loop.loopDataInputRef.id) {
      update.loopDataInputRef = moddle.create('bpmn:DataInput', { id: 'cosigners' });
    }
    var item = loop.inputDataItem;
    if (!item || !(item.name || item.id)) {
      item = moddle.create('bpmn:DataInput', { id: 'cosigner', name: 'cosigner' });
      update.inputDataItem = item;
    }
    if (Object.keys(update).length) {
      this.command(function () { modeling.updateModdleProperties(element, loop, update); });
    }
    this.writeProperties(element, { cosignersFromRole: role, assignee: item.name || item.id });
    this.renderPanel(element);
  };

  Designer.prototype.writeExpression = function (element, target, name, value) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var update = {};
    update[name] = value ? moddle.create('bpmn:FormalExpression', { body: value }) : undefined;
    this.command(function () { modeling.updateModdleProperties(element, target, update); });
  };

  Designer.prototype.writeLoopKind = function (element, kind) {
    var modeling = this.get('modeling');
    var moddle = this.get('moddle');
    var bo = element.businessObject;
    var current = loopOf(bo);
    var loop;
    if (kind === 'loop') {
      loop = moddle.create('bpmn:StandardLoopCharacteristics', { loopMaximum: 3 });
    } else if (kind) {
      // switching between parallel and sequential keeps what was filled in
      loop = current[1] && current[1].$type === 'bpmn:MultiInstanceLoopCharacteristics' ? current[1]
        : moddle.create('bpmn:MultiInstanceLoopCharacteristics');
      if (loop === current[1]) {
        this.command(function () { modeling.updateModdleProperties(element, loop, { isSequential: kind === 'sequential' }); });
        return;
      }
      loop.isSequential = kind === 'sequential';
    }
    this.command(function () { modeling.updateProperties(element, { loopCharacteristics: loop }); });
  };

  Designer.prototype.renderDataObject = function (element) {
    var self = this;
    var dataObject = element.businessObject.dataObjectRef;
    if (!dataObject) { return; }
    this.panel.appendChild(this.field('变量名', this.textInput('dataObjectId', dataObject.id, function (value) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(value)) {
        self.say('变量名须以字母开头,只含字母、数字和下划线', 'error');
        return;
      }
      self.command(function () { self.get('modeling').updateModdleProperties(element, dataObject, { id: value }); });
    }), '任务写入同名变量时存入数据对象;以数据输入关联连到任务时读出。'));
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

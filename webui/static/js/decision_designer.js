/* 廉警: the decision table editor (the draft page of its author, for a DMN draft).
 *
 * dmn-js's Modeler (global DmnJS of vendor/dmn-js/dmn-modeler.production.min.js) edits the draft fetched from
 * #decision-designer[data-xml-url] and opens its decision table. Save, Check and Submit work as in the diagram
 * designer: the XML is POSTed as JSON with the X-CSRFToken header, and the server's problems are listed by
 * rule and column. Entries are checked on the server in the guarded grammar (engine/bpmn/decisions.py), never
 * evaluated here. No inline script or style: the pages' CSP is default-src 'self'.
 */
(function () {
  'use strict';

  function DecisionDesigner(root) {
    this.root = root;
    this.status = document.getElementById('designer-status');
    this.problemList = document.getElementById('designer-problems');
    this.problemCount = document.getElementById('designer-problem-count');
    this.buttons = {
      save: document.getElementById('designer-save'),
      check: document.getElementById('designer-check'),
      submit: document.getElementById('designer-submit')
    };
    var data = JSON.parse(document.getElementById('designer-data').textContent || '{}');
    this.initialProblems = data.problems;
    this.token = (document.querySelector('#designer-submit-form input[name="csrf_token"]') || {}).value || '';
    this.busy = false;
    this.modeler = new window.DmnJS({ container: document.getElementById('decision-canvas') });
  }

  DecisionDesigner.prototype.say = function (message, kind) {
    this.status.textContent = message;
    this.status.className = 'small mb-2' + (kind ? ' lj-' + kind : '');
  };

  DecisionDesigner.prototype.start = function () {
    var self = this;
    return window.fetch(this.root.dataset.xmlUrl, { credentials: 'same-origin', headers: { Accept: 'application/xml' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (xml) { return self.modeler.importXML(xml); })
      .then(function () {
        var table = self.modeler.getViews().filter(function (view) { return view.type === 'decisionTable'; })[0];
        if (table) { return self.modeler.open(table); }
        return null;
      })
      .then(function () {
        if (self.initialProblems) { self.showProblems(self.initialProblems); }
        Object.keys(self.buttons).forEach(function (key) {
          self.buttons[key].disabled = false;
          self.buttons[key].addEventListener('click', function () { self[key](); });
        });
        self.say('已加载。条件写法:-(任意)、"甲","乙"、< 5、[1..3]、not("甲");修改后请保存,提交发布前须通过检查。');
        self.root.classList.add('lj-designer-ready');
      })
      .catch(function (error) {
        self.say('决策表加载失败:' + (error && error.message ? error.message : error), 'error');
      });
  };

  DecisionDesigner.prototype.post = function (url, xml) {
    return window.fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': this.token, Accept: 'application/json' },
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

  DecisionDesigner.prototype.send = function (url, busyText) {
    var self = this;
    if (this.busy) { return Promise.resolve(null); }
    this.busy = true;
    this.say(busyText);
    return this.modeler.saveXML({ format: true })
      .then(function (result) { return self.post(url, result.xml); })
      .then(function (body) {
        self.busy = false;
        return body;
      }, function (error) {
        self.busy = false;
        throw error;
      });
  };

  DecisionDesigner.prototype.save = function () {
    var self = this;
    return this.send(this.root.dataset.saveUrl, '正在保存……').then(function (body) {
      if (body === null) { return false; }
      self.say(body.ok ? '已保存' : '保存失败:' + body.message, body.ok ? 'ok' : 'error');
      return body.ok;
    }).catch(function (error) { self.say('保存失败:' + (error.message || error), 'error'); return false; });
  };

  DecisionDesigner.prototype.check = function () {
    var self = this;
    return this.send(this.root.dataset.checkUrl, '正在检查……').then(function (body) {
      if (body === null) { return null; }
      if (body.httpStatus >= 400 && !(body.problems || []).length) {
        self.say('检查失败:' + body.message, 'error');
        return null;
      }
      self.showProblems(body.problems || []);
      self.say(body.ok ? '已保存;检查通过,可以提交发布' : '已保存;' + body.message + ',请逐条改正',
        body.ok ? 'ok' : 'error');
      return body.ok;
    }).catch(function (error) { self.say('检查失败:' + (error.message || error), 'error'); return null; });
  };

  DecisionDesigner.prototype.submit = function () {
    var self = this;
    if (!window.confirm('提交后草稿将锁定,由另一名流程设计人员复核发布。确认提交?')) { return; }
    this.check().then(function (ok) {
      if (ok) {
        self.say('正在提交……');
        document.getElementById('designer-submit-form').submit();
      } else if (ok === false) {
        self.say('未通过检查,不能提交发布。请先改正下列问题。', 'error');
      }
    });
  };

  DecisionDesigner.prototype.showProblems = function (problems) {
    var list = this.problemList;
    list.textContent = '';
    this.problemCount.textContent = problems.length ? problems.length + ' 处问题' : '通过';
    this.problemCount.className = 'badge ' + (problems.length ? 'text-bg-danger' : 'text-bg-success');
    problems.forEach(function (problem) {
      var item = document.createElement('li');
      item.className = 'lj-problem-item small mb-1';
      item.dataset.element = problem.element_id || '';
      item.textContent = problem.message + (problem.element_id ? '(' + problem.element_id + ')' : '');
      list.appendChild(item);
    });
  };

  var root = document.getElementById('decision-designer');
  if (root && window.DmnJS) {
    new DecisionDesigner(root).start();
  }
}());

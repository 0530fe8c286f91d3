/* 廉警: the decision table editor (the draft page of its author, for a DMN draft).
 *
 * dmn-js's Modeler (global DmnJS of vendor/dmn-js/dmn-modeler.production.min.js) edits the draft fetched from
 * #decision-designer[data-xml-url] and opens its decision table. Save, Check and Submit work as in the diagram
 * designer: the XML is POSTed as JSON with the X-CSRFToken header, and the server's problems are listed by
 * rule and column; dmn-js's own words are shown in Chinese through its translate service. Entries are
 * checked on the server in the guarded grammar (engine/bpmn/decisions.py), never evaluated here. No inline
 * script: the page's CSP is default-src 'self' plus dmn-js's own logo styles by hash and CodeMirror's <style> by
 * nonce (webui/pages/dmn_styles.py).
 */
(function () {
  'use strict';

  // CodeMirror (dmn-js's cell editor) puts its theme into a <style> it creates and rewrites; the page allows
  // <style> elements only with this response's nonce, which dmn-js cannot pass on (webui/pages/dmn_styles.py).
  // So the <style> elements scripts create here get it, as CodeMirror's own cspNonce would do; markup
  // injected into the page is parsed, not created here, and stays refused.
  var styleNonce = document.currentScript && document.currentScript.nonce;
  if (styleNonce) {
    var createElement = document.createElement;
    document.createElement = function (tagName) {
      var element = createElement.apply(document, arguments);
      if (String(tagName).toLowerCase() === 'style') { element.nonce = styleNonce; }
      return element;
    };
  }

  // dmn-js's own words in Chinese (its translate service; anything not listed stays as dmn-js writes it).
  var ZH = {
    'When': '当', 'And': '且', 'Then': '则', 'Annotation': '说明', 'Annotations': '说明',
    'Hit policy': '命中策略', 'Hit policy:': '命中策略:',
    'Unique': 'UNIQUE 唯一', 'First': 'FIRST 首条', 'Collect': 'COLLECT 收集', 'Priority': 'PRIORITY(不支持)',
    'Any': 'ANY(不支持)', 'Rule order': 'RULE ORDER(不支持)', 'Output order': 'OUTPUT ORDER(不支持)',
    'Collect (Sum)': 'COLLECT 求和(不支持)', 'Collect (Min)': 'COLLECT 最小(不支持)',
    'Collect (Max)': 'COLLECT 最大(不支持)', 'Collect (Count)': 'COLLECT 计数(不支持)',
    'No overlap is possible and all rules are disjoint. Only a single rule can be matched':
      '规则互不重叠,恰好一条规则命中',
    'Rules may overlap. The first matching rule will be chosen': '规则可以重叠,取表中第一条命中的规则',
    'Collects the values of all matching rules': '收集所有命中规则的值(列表)',
    'Add rule': '添加规则', 'Add rule above': '在上方添加规则', 'Add rule below': '在下方添加规则',
    'Remove rule': '删除规则', 'Copy rule': '复制规则', 'Cut rule': '剪切规则', 'Move rule': '移动规则',
    'Paste rule above': '粘贴到上方', 'Paste rule below': '粘贴到下方',
    'Add input': '添加输入列', 'Add output': '添加输出列', 'Add input column left': '在左侧添加输入列',
    'Add input column right': '在右侧添加输入列', 'Add output column left': '在左侧添加输出列',
    'Add output column right': '在右侧添加输出列', 'Remove input column': '删除输入列',
    'Remove output column': '删除输出列', 'Copy input column': '复制输入列', 'Copy output column': '复制输出列',
    'Cut input column': '剪切输入列', 'Cut output column': '剪切输出列',
    'Paste input column left': '粘贴到左侧', 'Paste input column right': '粘贴到右侧',
    'Paste output column left': '粘贴到左侧', 'Paste output column right': '粘贴到右侧',
    'Edit input': '编辑输入列', 'Edit output': '编辑输出列', 'Input': '输入', 'Output': '输出',
    'Input label': '输入标签', 'Input label: ': '输入标签:', 'Input expression': '输入表达式',
    'Input expression: ': '输入表达式:', 'Input type': '输入类型', 'Output label': '输出标签',
    'Output label: ': '输出标签:', 'Output name': '输出变量名', 'Output name: ': '输出变量名:',
    'Output type': '输出类型', 'Type': '类型', 'Expression': '表达式', 'Enter expression': '输入表达式',
    'Decision name': '决策名称', 'Decision name: ': '决策名称:', 'View DRD': '查看决策依赖图',
    'Add cell description': '添加单元格说明', 'Remove cell description': '删除单元格说明',
    'Strings must be in double quotes': '文本须加双引号', 'Yes': '是', 'No': '否', 'Value': '值', 'Values': '值',
    'Edit': '编辑', 'Comparison': '比较', 'Range': '范围', 'Equals': '等于', 'Less': '小于',
    'Less or equals': '小于等于', 'Greater': '大于', 'Greater or equals': '大于等于',
    'Match one': '等于其一', 'Match none': '都不等于', 'Edit string': '编辑文本', 'Edit number': '编辑数字',
    'Edit boolean': '编辑真假值', 'Set value': '设定值', 'Start value': '起始值', 'End value': '终止值'
  };

  function translate(template, replacements) {
    var text = Object.prototype.hasOwnProperty.call(ZH, template) ? ZH[template] : template;
    return text.replace(/{([^}]+)}/g, function (match, key) {
      return replacements && replacements[key] !== undefined ? String(replacements[key]) : match;
    });
  }

  var ZH_MODULE = { translate: ['value', translate] };

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
    this.modeler = new window.DmnJS({
      container: document.getElementById('decision-canvas'),
      drd: { additionalModules: [ZH_MODULE] },
      decisionTable: { additionalModules: [ZH_MODULE] },
      literalExpression: { additionalModules: [ZH_MODULE] }
    });
  }

  DecisionDesigner.prototype.say = function (message, kind) {
    this.status.textContent = message;
    this.status.className = 'small mb-2' + (kind ? ' lj-' + kind : '');
  };

  DecisionDesigner.prototype.start = function () {
    var self = this;
    return window.ljDraftHttp.fetchXml(this.root.dataset.xmlUrl)
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
    return window.ljDraftHttp.postXml(url, this.token, xml);
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

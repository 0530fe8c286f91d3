/*
 * The modeler speaks Chinese (issue 15, "Also": the palette and context pad showed bpmn-js's English titles).
 *
 * bpmn-js and diagram-js pass every text they show through the injectable `translate(template, replacements)`
 * service; replacing it with this one gives the palette, the context pad and the replace menu Chinese
 * titles (the keys below are the texts bpmn-js 18 passes to it). A text this table does not know stays as bpmn-js wrote it, with its
 * {placeholders} filled, so nothing is lost. The palette's entries also get their text as a tooltip. Loaded before designer.js, which adds LJ_TRANSLATE_MODULE to the
 * modeler's additionalModules.
 */
(function () {
  'use strict';

  var ZH = {
    // palette (bpmn-js PaletteProvider, diagram-js tools)
    'Activate hand tool': '抓手工具:拖动画布',
    'Activate lasso tool': '套索工具:框选多个元素',
    'Activate create/remove space tool': '空间工具:拉开或收拢元素间距',
    'Activate global connect tool': '连线工具:连接两个元素',
    'Create start event': '开始事件',
    'Create intermediate/boundary event': '中间事件或边界事件',
    'Create end event': '结束事件',
    'Create gateway': '排他网关',
    'Create task': '任务',
    'Create data object reference': '数据对象',
    'Create data store reference': '数据存储',
    'Create expanded sub-process': '子流程(展开)',
    'Create pool/participant': '泳池/参与者',
    'Create group': '分组',
    // context pad (bpmn-js ContextPadProvider)
    'Append end event': '追加结束事件',
    'Append gateway': '追加网关',
    'Append task': '追加任务',
    'Append intermediate/boundary event': '追加中间事件或边界事件',
    'Append receive task': '追加接收任务',
    'Append message intermediate catch event': '追加消息捕获事件',
    'Append timer intermediate catch event': '追加定时器事件',
    'Append conditional intermediate catch event': '追加条件捕获事件',
    'Append signal intermediate catch event': '追加信号捕获事件',
    'Append compensation activity': '追加补偿活动',
    'Add text annotation': '添加文字注释',
    'Connect using association': '以关联连线',
    'Connect using data input association': '以数据输入关联连线',
    'Connect to other element': '连接到其他元素',
    'Change element': '更换元素类型',
    'Delete': '删除',
    'Add lane above': '在上方添加泳道',
    'Add lane below': '在下方添加泳道',
    'Divide into two lanes': '拆分为两条泳道',
    'Divide into three lanes': '拆分为三条泳道',
    'Align elements': '对齐元素',
    'Distribute elements horizontally': '水平等距分布',
    'Distribute elements vertically': '垂直等距分布',
    'Search in diagram': '在流程图中查找',
    // replace menu headers and toggles
    'Parallel multi-instance': '并行多实例',
    'Sequential multi-instance': '串行多实例',
    'Loop': '循环',
    'Collection': '集合',
    'Participant multiplicity': '参与者多重性',
    'Toggle non-interrupting': '切换为非中断',
    'Ad-hoc sub-process': '自由子流程',
    'Sub-process': '子流程',
    'Sequence flow': '顺序流',
    'Default flow': '默认流',
    'Conditional flow': '条件流',
    'Open {element}': '打开{element}',
    // replace menu entries (bpmn-js PopupEntries) that are not "<kind> <event>", composed below
    'Start event': '开始事件',
    'End event': '结束事件',
    'Boundary event': '边界事件',
    'Intermediate throw event': '中间抛出事件',
    'Task': '任务',
    'User task': '用户任务',
    'Service task': '服务任务',
    'Script task': '脚本任务',
    'Send task': '发送任务',
    'Receive task': '接收任务',
    'Manual task': '手工任务',
    'Business rule task': '业务规则任务',
    'Call activity': '调用活动',
    'Transaction': '事务',
    'Event sub-process': '事件子流程',
    'Sub-process (collapsed)': '子流程(折叠)',
    'Sub-process (expanded)': '子流程(展开)',
    'Ad-hoc sub-process (collapsed)': '自由子流程(折叠)',
    'Ad-hoc sub-process (expanded)': '自由子流程(展开)',
    'Exclusive gateway': '排他网关',
    'Parallel gateway': '并行网关',
    'Inclusive gateway': '包容网关',
    'Complex gateway': '复杂网关',
    'Event-based gateway': '事件网关',
    'Data object reference': '数据对象',
    'Data store reference': '数据存储',
    'Empty pool/participant': '空泳池/参与者',
    'Expanded pool/participant': '展开的泳池/参与者'
  };

  // The replace menu's events are "<kind> <event>[ (non-interrupting)]", e.g. "Timer boundary event
  // (non-interrupting)": composed from two small tables instead of fifty lines.
  var EVENT_KINDS = {
    Message: '消息', Timer: '定时器', Conditional: '条件', Signal: '信号', Error: '错误', Escalation: '升级',
    Compensation: '补偿', Cancel: '取消', Link: '链接', Terminate: '终止'
  };
  var EVENTS = {
    'start event': '开始事件', 'end event': '结束事件', 'boundary event': '边界事件',
    'intermediate catch event': '捕获事件', 'intermediate throw event': '抛出事件'
  };
  var EVENT_LABEL = /^(\w+) (start event|end event|boundary event|intermediate catch event|intermediate throw event)( \(non-interrupting\))?$/;

  function chinese(template) {
    if (Object.prototype.hasOwnProperty.call(ZH, template)) { return ZH[template]; }
    var parts = EVENT_LABEL.exec(template);
    if (parts && EVENT_KINDS[parts[1]]) {
      return EVENT_KINDS[parts[1]] + EVENTS[parts[2]] + (parts[3] ? '(非中断)' : '');
    }
    return template;
  }

  function translate(template, replacements) {
    var text = chinese(template);
    return text.replace(/{([^}]+)}/g, function (match, key) {
      return replacements && replacements[key] !== undefined ? String(replacements[key]) : match;
    });
  }

  // diagram-js 15 names a palette entry by aria-label only, so a mouse user sees no tooltip on the icons:
  // give each entry the same text as its title, also when the palette is redrawn.
  function PaletteTitles(eventBus, canvas) {
    eventBus.on('diagram.init', 500, function () {
      var root = canvas.getContainer();
      var palette = root.querySelector('.djs-palette') || root;
      function titled() {
        palette.querySelectorAll('.entry[aria-label]').forEach(function (entry) {
          var label = entry.getAttribute('aria-label');
          if (entry.getAttribute('title') !== label) { entry.setAttribute('title', label); }
        });
      }
      titled();
      new MutationObserver(titled).observe(palette, { childList: true, subtree: true });
    });
  }
  PaletteTitles.$inject = ['eventBus', 'canvas'];

  window.LJ_TRANSLATE_MODULE = {
    __init__: ['ljPaletteTitles'],
    translate: ['value', translate],
    ljPaletteTitles: ['type', PaletteTitles]
  };
  window.LJ_TRANSLATIONS = ZH;
}());

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
    'Open {element}': '打开{element}'
  };

  function translate(template, replacements) {
    var text = Object.prototype.hasOwnProperty.call(ZH, template) ? ZH[template] : template;
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

/* 廉警: drawing a power item's power-operation flow chart in the processes' bpmn-js modeler.
 *
 * The chart is documentation only (processes/risk_points/flow_chart.py): bpmn-js's own palette (tasks, events,
 * gateways) is enough and no task properties are asked for. The XML from #power-chart-modeler[data-xml-url] is
 * edited; Save POSTs it as JSON with the X-CSRFToken header (js/draft_http.js) and lists the server's refusals
 * (a 422 names what is wrong, in Chinese). Titles are Chinese through js/designer_translate.js.
 */
(function () {
  'use strict';

  var container = document.getElementById('power-chart-modeler');
  if (!container || typeof window.BpmnJS !== 'function') {
    return;
  }
  var status = document.getElementById('chart-status');
  var problems = document.getElementById('chart-problems');
  var saveButton = document.getElementById('chart-save');
  var token = (document.querySelector('#chart-token input[name="csrf_token"]') || {}).value || '';
  var modules = window.LJ_TRANSLATE_MODULE ? [window.LJ_TRANSLATE_MODULE] : [];
  var modeler = new window.BpmnJS({ container: container, additionalModules: modules });
  var dirty = false;

  function say(message) {
    status.textContent = message;
  }

  function list(items) {
    problems.textContent = '';
    (items || []).forEach(function (text) {
      var item = document.createElement('li');
      item.textContent = text;
      problems.appendChild(item);
    });
  }

  function save() {
    saveButton.disabled = true;
    say(container.dataset.saving);
    modeler.saveXML({ format: true })
      .then(function (result) {
        return window.ljDraftHttp.postXml(container.dataset.saveUrl, token, result.xml);
      })
      .then(function (body) {
        say(body.message || '');
        list(body.ok ? [] : body.problems);
        if (body.ok) { dirty = false; }
      })
      .catch(function (error) {
        say(error && error.message ? error.message : String(error));
      })
      .then(function () { saveButton.disabled = false; });
  }

  window.ljDraftHttp.fetchXml(container.dataset.xmlUrl)
    .then(function (xml) { return modeler.importXML(xml); })
    .then(function () {
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      modeler.get('eventBus').on('commandStack.changed', function () {
        dirty = true;
        say(container.dataset.unsaved);
      });
      container.classList.add('lj-diagram-ready');
    })
    .catch(function () {
      container.textContent = container.dataset.failed;
    });
  saveButton.addEventListener('click', save);
  window.addEventListener('beforeunload', function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ''; }
  });
}());

/* 廉警: the supervisor's pages (督办).
 *
 * - The due board's two bar charts (overdue and due soon, by unit and by step) are drawn with the global
 *   Chart of vendor/chart.js/chart.umd.js from the JSON block <script type="application/json"
 *   id="supervise-charts"> (data, not code: the CSP `default-src 'self'` does not run it). A click on a bar
 *   filters the board by that unit or step.
 * - The step page colours a process diagram by how many cases sit at each step (a heatmap): the diagram in
 *   <div class="lj-heatmap"><div class="bpmn-diagram" data-src=...></div></div> is drawn by this file with the
 *   global BpmnJS of the navigated viewer (diagram.js is not loaded on that page), then every step with open
 *   cases gets the marker lj-heat-1 … lj-heat-4 (relative to the busiest step) and a count badge; overdue
 *   counts get a red badge. The counts come from <script type="application/json" id="supervise-heat">.
 * Sizes are set through element.style (CSSOM), which the CSP allows; no inline script or style attribute.
 * Every word shown (chart legends, badge titles, the load error) comes in the reader's language from the page's
 * <script type="application/json" id="supervise-words">; "{n}" in a word stands for a count.
 */
(function () {
  'use strict';

  var OVERDUE_COLOUR = '#b02a37';
  var DUE_SOON_COLOUR = '#f0ad4e';
  var FONTS = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif';
  var MARGIN = 24;
  var LEVELS = 4;

  function readJson(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      if (window.console) {
        window.console.warn('supervise: unreadable ' + id);
      }
      return null;
    }
  }

  var words = null;

  // The page's word for ``key``, with "{n}" replaced by ``count``; the key itself when the page gave none.
  function word(key, count) {
    if (words === null) {
      words = readJson('supervise-words') || {};
    }
    var text = typeof words[key] === 'string' ? words[key] : key;
    return count === undefined ? text : text.replace('{n}', String(count));
  }

  // ---- charts of the due board -------------------------------------------------------------------------

  function filterBy(param, key) {
    var url = new URL(window.location.href);
    url.searchParams.set(param, key);
    url.searchParams.delete('page');
    window.location.assign(url.href);
  }

  function barChart(canvas, data, horizontal) {
    if (!canvas || !data || !data.labels || !data.labels.length) {
      return;
    }
    if (horizontal) {
      // One bar per step: long Chinese step names need the height, not the width.
      canvas.parentNode.style.height = Math.max(220, 34 * data.labels.length + 70) + 'px';
    }
    var countAxis = { stacked: true, beginAtZero: true, ticks: { precision: 0 } };
    var nameAxis = { stacked: true, ticks: { autoSkip: false } };
    return new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: word('overdue'), data: data.overdue, backgroundColor: OVERDUE_COLOUR, maxBarThickness: 48 },
          { label: word('dueSoon'), data: data.dueSoon, backgroundColor: DUE_SOON_COLOUR, maxBarThickness: 48 }
        ]
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: countAxis, y: nameAxis } : { x: nameAxis, y: countAxis },
        plugins: { legend: { position: 'bottom' } },
        onHover: function (event, elements) {
          canvas.style.cursor = elements.length ? 'pointer' : 'default';
        },
        onClick: function (event, elements) {
          if (elements.length && data.keys) {
            filterBy(data.param, data.keys[elements[0].index]);
          }
        }
      }
    });
  }

  function drawCharts() {
    var charts = readJson('supervise-charts');
    if (!charts) {
      return;
    }
    if (typeof window.Chart !== 'function') {
      if (window.console) {
        window.console.warn('supervise: Chart.js is not loaded');
      }
      return;
    }
    window.Chart.defaults.font.family = FONTS;
    barChart(document.getElementById('chart-by-unit'), charts.byUnit, false);
    barChart(document.getElementById('chart-by-step'), charts.byStep, true);
  }

  // ---- heatmap on the process diagram ------------------------------------------------------------------

  function showError(container, detail) {
    container.classList.remove('lj-diagram-loading');
    container.classList.add('lj-diagram-error');
    container.textContent = '';
    var message = document.createElement('div');
    message.className = 'lj-diagram-message';
    message.setAttribute('role', 'alert');
    message.textContent = word('loadFailed');
    container.appendChild(message);
    container.setAttribute('aria-label', word('loadFailed'));
    if (detail && window.console) {
      window.console.warn('supervise heatmap: ' + detail);
    }
  }

  function fetchXml(src) {
    var url = new URL(src, window.location.href);
    if (url.origin !== window.location.origin) {
      return Promise.reject(new Error('cross-origin diagram refused: ' + url.href));
    }
    return window.fetch(url.href, {
      credentials: 'same-origin',
      headers: { Accept: 'application/xml, text/xml' }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.text();
    });
  }

  // The whole diagram, centred, never enlarged, with a margin (as diagram.js fits the case diagrams).
  function fit(viewer) {
    var canvas = viewer.get('canvas');
    canvas.resized();
    var box = canvas.viewbox();
    var outer = box.outer;
    var inner = box.inner;
    if (!outer.width || !outer.height || !inner.width || !inner.height) {
      return;
    }
    var scale = Math.min(1, outer.width / (inner.width + 2 * MARGIN), outer.height / (inner.height + 2 * MARGIN));
    canvas.viewbox({
      x: inner.x + inner.width / 2 - outer.width / scale / 2,
      y: inner.y + inner.height / 2 - outer.height / scale / 2,
      width: outer.width / scale,
      height: outer.height / scale
    });
  }

  function badge(className, text, title) {
    var element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    element.title = title;
    return element;
  }

  function paint(viewer, heat) {
    var registry = viewer.get('elementRegistry');
    var canvas = viewer.get('canvas');
    var overlays = viewer.get('overlays');
    var counts = heat.counts || {};
    var overdue = heat.overdue || {};
    var ids = Object.keys(counts).filter(function (id) { return registry.get(id); });
    var busiest = ids.reduce(function (most, id) { return Math.max(most, counts[id]); }, 0);
    ids.forEach(function (id) {
      var level = Math.max(1, Math.ceil(LEVELS * counts[id] / busiest));
      canvas.addMarker(id, 'lj-heat-' + level);
      // The count on the top right corner, clear of the task-type icon on the top left; overdue below it.
      overlays.add(id, 'lj-heat', {
        position: { top: -11, right: 16 },
        html: badge('lj-heat-badge', String(counts[id]), word('openCount', counts[id]))
      });
      if (overdue[id]) {
        overlays.add(id, 'lj-heat', {
          position: { bottom: 12, right: 16 },
          html: badge('lj-heat-badge lj-heat-badge-late', String(overdue[id]), word('overdueCount', overdue[id]))
        });
      }
    });
  }

  function drawHeatmap() {
    var container = document.querySelector('.lj-heatmap div.bpmn-diagram[data-src]');
    var heat = readJson('supervise-heat');
    if (!container || !heat) {
      return;
    }
    if (typeof window.BpmnJS !== 'function') {
      showError(container, 'BpmnJS is not loaded');
      return;
    }
    container.textContent = '';
    container.classList.add('lj-diagram-loading');
    var viewer = new window.BpmnJS({ container: container });
    fetchXml(container.dataset.src)
      .then(function (xml) {
        return viewer.importXML(xml);
      })
      .then(function () {
        container.classList.remove('lj-diagram-loading');
        fit(viewer);
        paint(viewer, heat);
        container.classList.add('lj-diagram-ready');
      })
      .catch(function (error) {
        try {
          viewer.destroy();
        } catch (ignored) { /* half-built viewer */ }
        showError(container, error && error.message ? error.message : String(error));
      });
  }

  function start() {
    drawCharts();
    drawHeatmap();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());

/* 廉警: the supervisor's pages (督办).
 *
 * - The due board's two bar charts (overdue and due soon, by unit and by step) are drawn with the global
 *   Chart of vendor/chart.js/chart.umd.js from the JSON block <script type="application/json"
 *   id="supervise-charts"> (data, not code: the CSP `default-src 'self'` does not run it). A click on a bar
 *   filters the board by that unit or step.
 * - The step page colours a process diagram by how many cases sit at each step (a heatmap): the diagram in
 *   <div class="lj-heatmap"><div class="bpmn-diagram" data-src=...></div></div> is drawn by js/bpmn_view.js
 *   (loaded first; diagram.js is not loaded on that page), then every step with open
 *   cases gets the marker lj-heat-1 … lj-heat-4 (relative to the busiest step) and a count badge; overdue
 *   counts get a red badge. The counts come from <script type="application/json" id="supervise-heat">.
 * Sizes are set through element.style (CSSOM), which the CSP allows; no inline script or style attribute.
 * Every word shown (chart legends, badge titles) comes in the reader's language from the page's
 * <script type="application/json" id="supervise-words">; "{n}" in a word stands for a count; the load error
 * from the diagram's data-failed.
 */
(function () {
  'use strict';

  var OVERDUE_COLOUR = '#b02a37';
  var DUE_SOON_COLOUR = '#f0ad4e';
  var FONTS = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif';
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
    window.LianjingDiagrams.draw(container, container.dataset.src, function (viewer) {
      paint(viewer, heat);
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

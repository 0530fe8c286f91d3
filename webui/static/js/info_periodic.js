/* 廉警: the quarterly analysis and half-year summary page (pages/info_periodic.html).
 *
 * Draws four charts with the global Chart of vendor/chart.js/chart.umd.js from the JSON block
 * <script type="application/json" id="periodic-charts"> (data, not code: the CSP `default-src 'self'` does not
 * run it): items by the nine categories and by source (horizontal bars: the Chinese labels are long), by
 * level (a doughnut) and each month's reporting states (stacked bars). Every label is already in the page's
 * language; the axis words come from <script type="application/json" id="periodic-words">. Each canvas
 * carries an aria-label with the same figures, so the charts add nothing a screen reader misses.
 */
(function () {
  'use strict';

  var FONTS = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif';
  var BAR_COLOUR = '#2f5d8a';
  var LEVEL_COLOURS = ['#b02a37', '#e8892b', '#f2c94c', '#adb5bd'];
  var STATE_COLOURS = { overdue: '#b02a37', not_started: '#6c757d', pending: '#5bc0de', reported: '#2e7d32' };

  function readJson(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  // A long label wrapped every ``width`` characters, so a narrow screen keeps the bars readable.
  function wrap(label, width) {
    var lines = [];
    for (var i = 0; i < label.length; i += width) {
      lines.push(label.slice(i, i + width));
    }
    return lines;
  }

  function labelWidth() {
    return window.innerWidth < 576 ? 9 : 18;
  }

  function horizontalBars(canvas, data, word) {
    if (!canvas || !data) {
      return;
    }
    var width = labelWidth();
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels.map(function (label) { return wrap(label, width); }),
        datasets: [{ label: word, data: data.counts, backgroundColor: BAR_COLOUR, maxBarThickness: 22 }]
      },
      options: {
        indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  function doughnut(canvas, data) {
    if (!canvas || !data) {
      return;
    }
    new window.Chart(canvas, {
      type: 'doughnut',
      data: { labels: data.labels, datasets: [{ data: data.counts, backgroundColor: LEVEL_COLOURS }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { legend: { position: 'bottom' } } }
    });
  }

  function months(canvas, data, word, stateLabels) {
    if (!canvas || !data) {
      return;
    }
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.states.map(function (state) {
          return { label: stateLabels[state] || state, data: data.counts[state],
                   backgroundColor: STATE_COLOURS[state], maxBarThickness: 48 };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 },
                                             title: { display: true, text: word } } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  function draw() {
    var charts = readJson('periodic-charts');
    var words = readJson('periodic-words') || {};
    if (!charts || typeof window.Chart !== 'function') {
      return;
    }
    window.Chart.defaults.font.family = FONTS;
    horizontalBars(document.getElementById('chart-category'), charts.category, words.items);
    horizontalBars(document.getElementById('chart-source'), charts.source, words.items);
    doughnut(document.getElementById('chart-level'), charts.level);
    months(document.getElementById('chart-months'), charts.months, words.units, words.states || {});
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
}());

/* 廉警: a power item's power-operation flow chart (权力运行流程图) with its risk points marked (★).
 *
 * Draws #power-chart with js/bpmn_view.js (the navigated viewer), then puts a ★ button on every element that
 * has risk points (#power-chart-stars: element id -> worst level, its colour class — the register's level
 * badges — and the points). Clicking a ★ with one point opens its page (/risks/points/<id>, the URL the server
 * built); with several, a small list of links opens
 * beside the star (Escape or the close button closes it). 「004 十」第三步: the points are found on the chart.
 * No inline script, no inline style: the pages' CSP is default-src 'self'.
 */
(function () {
  'use strict';

  var container = document.getElementById('power-chart');
  var data = document.getElementById('power-chart-stars');
  if (!container || !data || !window.LianjingDiagrams) {
    return;
  }
  var config = JSON.parse(data.textContent);
  var stars = config.stars || {};
  var text = config.text || {};

  function closeLists() {
    var open = container.querySelectorAll('.lj-star-list');
    for (var i = 0; i < open.length; i += 1) {
      open[i].remove();
    }
    var pressed = container.querySelectorAll('.lj-risk-star[aria-expanded="true"]');
    for (var j = 0; j < pressed.length; j += 1) {
      pressed[j].setAttribute('aria-expanded', 'false');
    }
  }

  function showList(button, star) {
    closeLists();
    var list = document.createElement('div');
    list.className = 'lj-star-list card shadow-sm';
    list.setAttribute('role', 'dialog');
    list.setAttribute('aria-label', (star.name || '') + ' ' + (text.points || ''));
    var heading = document.createElement('div');
    heading.className = 'card-header py-1 px-2 small d-flex justify-content-between align-items-center gap-2';
    heading.textContent = star.name || text.points || '';
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn-close btn-close-sm';
    close.setAttribute('aria-label', text.close || '×');
    close.addEventListener('click', function () { closeLists(); button.focus(); });
    heading.appendChild(close);
    list.appendChild(heading);
    var links = document.createElement('ul');
    links.className = 'list-unstyled mb-0 py-1 px-2 small';
    star.points.forEach(function (point) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = point.url;
      link.className = 'lj-star-point';
      link.textContent = point.level + ' · ' + point.title;
      item.appendChild(link);
      links.appendChild(item);
    });
    list.appendChild(links);
    button.parentNode.appendChild(list);
    button.setAttribute('aria-expanded', 'true');
    var first = list.querySelector('a');
    if (first) { first.focus(); }
  }

  function starButton(id, star) {
    var wrap = document.createElement('div');
    wrap.className = 'lj-star-wrap';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'badge lj-risk-star ' + star.css;
    button.dataset.element = id;
    button.dataset.level = String(star.level);
    var names = star.points.map(function (p) { return p.level + ' ' + p.title; }).join(';');
    // The accessible name starts with the visible text (WCAG 2.5.3), the points follow for screen readers.
    var visible = document.createElement('span');
    visible.textContent = '★' + (star.points.length > 1 ? star.points.length : '');
    var spoken = document.createElement('span');
    spoken.className = 'visually-hidden';
    spoken.textContent = ' ' + (text.star || '') + ':' + names;
    button.appendChild(visible);
    button.appendChild(spoken);
    button.title = names;
    if (star.points.length > 1) {
      button.setAttribute('aria-haspopup', 'dialog');
      button.setAttribute('aria-expanded', 'false');
    }
    button.addEventListener('click', function (event) {
      event.stopPropagation();
      if (star.points.length === 1) {
        window.location.assign(star.points[0].url);
      } else if (button.getAttribute('aria-expanded') === 'true') {
        closeLists();
      } else {
        showList(button, star);
      }
    });
    wrap.appendChild(button);
    return wrap;
  }

  function mark(viewer) {
    var registry = viewer.get('elementRegistry');
    var overlays = viewer.get('overlays');
    var canvas = viewer.get('canvas');
    Object.keys(stars).forEach(function (id) {
      // An element the chart no longer draws keeps its point in the table below, without a star.
      if (!registry.get(id)) { return; }
      canvas.addMarker(id, 'lj-risk-level-' + stars[id].level);
      overlays.add(id, 'lj-risk-star', {
        position: { top: -12, right: 12 }, scale: false, html: starButton(id, stars[id])  // readable on a phone too
      });
    });
  }

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { closeLists(); }
  });
  document.addEventListener('click', function (event) {
    if (!event.target.closest || !event.target.closest('.lj-star-list')) { closeLists(); }
  });
  window.LianjingDiagrams.draw(container, container.dataset.src || '', mark);
}());

/* 廉警: read-only BPMN diagrams with the path a case took.
 *
 * Every <div class="bpmn-diagram" data-src="URL" data-active="id1 id2" data-done="id3 id4"> on the page is
 * filled with the diagram fetched from data-src, drawn and fitted by js/bpmn_view.js (loaded first), with
 * the CSS marker `lj-active` on the current steps and `lj-done` on the completed ones (styles in
 * css/diagram.css). On any failure the container says so, in the words of its data-failed.
 * No inline script: the pages are served with Content-Security-Policy default-src 'self'.
 */
(function () {
  'use strict';

  var diagrams = window.LianjingDiagrams;
  var ACTIVE = 'lj-active';
  var DONE = 'lj-done';

  function ids(value) {
    return (value || '').split(/\s+/).filter(Boolean);
  }

  function mark(viewer, active, done) {
    var registry = viewer.get('elementRegistry');
    var canvas = viewer.get('canvas');
    var add = function (marker) {
      return function (id) {
        // An id that is not drawn (e.g. a step of another diagram) is ignored, not an error.
        if (registry.get(id)) {
          canvas.addMarker(id, marker);
        }
      };
    };
    done.forEach(add(DONE));
    active.forEach(add(ACTIVE));
  }

  function render(container) {
    return diagrams.draw(container, container.dataset.src || '', function (viewer) {
      mark(viewer, ids(container.dataset.active), ids(container.dataset.done));
      // A diagram drawn while hidden (collapsed card, inactive tab) is fitted again once it has a size.
      if (typeof window.ResizeObserver === 'function') {
        var wasEmpty = container.clientWidth === 0 || container.clientHeight === 0;
        new window.ResizeObserver(function () {
          var empty = container.clientWidth === 0 || container.clientHeight === 0;
          if (wasEmpty && !empty) {
            diagrams.fit(viewer);
          }
          wasEmpty = empty;
        }).observe(container);
      }
    });
  }

  function renderAll() {
    var containers = document.querySelectorAll('div.bpmn-diagram[data-src]');
    var pending = [];
    for (var i = 0; i < containers.length; i += 1) {
      pending.push(render(containers[i]));
    }
    return Promise.all(pending);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', renderAll);
  } else {
    renderAll();
  }
}());

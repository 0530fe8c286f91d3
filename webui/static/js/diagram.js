/* 廉警: read-only BPMN diagrams with the path a case took.
 *
 * Every <div class="bpmn-diagram" data-src="URL" data-active="id1 id2" data-done="id3 id4"> on the page is
 * filled with the diagram fetched from data-src (same origin only, with the session cookie), rendered by
 * the global BpmnJS of vendor/bpmn-js/bpmn-navigated-viewer.production.min.js (pan and zoom, no editing),
 * fitted to the container, with the CSS marker `lj-active` on the current steps and `lj-done` on the
 * completed ones (styles in css/diagram.css). On any failure the container says so in Chinese.
 * No inline script: the pages are served with Content-Security-Policy default-src 'self'.
 */
(function () {
  'use strict';

  var FAILED = '流程图加载失败';
  var ACTIVE = 'lj-active';
  var DONE = 'lj-done';
  var MARGIN = 24; // diagram units kept free around the drawing when it is fitted

  function ids(value) {
    return (value || '').split(/\s+/).filter(Boolean);
  }

  function showError(container, detail) {
    container.classList.remove('lj-diagram-loading');
    container.classList.add('lj-diagram-error');
    container.textContent = '';
    var message = document.createElement('div');
    message.className = 'lj-diagram-message';
    message.setAttribute('role', 'alert');
    message.textContent = FAILED;
    container.appendChild(message);
    if (container.getAttribute('role') === 'img') {
      // The children of role="img" are not read out: the label itself must tell.
      container.setAttribute('aria-label', FAILED);
    }
    if (detail && window.console) {
      window.console.warn('bpmn-diagram ' + (container.dataset.src || '') + ': ' + detail);
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

  // Like canvas.zoom('fit-viewport', 'auto') (whole diagram, centred, never enlarged), with a margin so
  // that labels drawn at the diagram's edge are not cut by the container's border.
  function fit(viewer) {
    var canvas = viewer.get('canvas');
    canvas.resized();
    var box = canvas.viewbox();
    var outer = box.outer;
    var inner = box.inner;
    if (!outer.width || !outer.height || !inner.width || !inner.height) {
      return;
    }
    var scale = Math.min(1, outer.width / (inner.width + 2 * MARGIN),
      outer.height / (inner.height + 2 * MARGIN));
    canvas.viewbox({
      x: inner.x + inner.width / 2 - outer.width / scale / 2,
      y: inner.y + inner.height / 2 - outer.height / scale / 2,
      width: outer.width / scale,
      height: outer.height / scale
    });
  }

  function render(container) {
    if (typeof window.BpmnJS !== 'function') {
      showError(container, 'BpmnJS is not loaded');
      return Promise.resolve();
    }
    container.textContent = '';
    container.classList.add('lj-diagram-loading');
    var viewer = new window.BpmnJS({ container: container });
    return fetchXml(container.dataset.src || '')
      .then(function (xml) {
        return viewer.importXML(xml);
      })
      .then(function () {
        container.classList.remove('lj-diagram-loading');
        fit(viewer);
        mark(viewer, ids(container.dataset.active), ids(container.dataset.done));
        container.classList.add('lj-diagram-ready');
        // A diagram drawn while hidden (collapsed card, inactive tab) is fitted again once it has a size.
        if (typeof window.ResizeObserver === 'function') {
          var wasEmpty = container.clientWidth === 0 || container.clientHeight === 0;
          new window.ResizeObserver(function () {
            var empty = container.clientWidth === 0 || container.clientHeight === 0;
            if (wasEmpty && !empty) {
              fit(viewer);
            }
            wasEmpty = empty;
          }).observe(container);
        }
      })
      .catch(function (error) {
        try {
          viewer.destroy();
        } catch (ignored) { /* the viewer may be half-built */ }
        showError(container, error && error.message ? error.message : String(error));
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

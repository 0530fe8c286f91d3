/* 廉警: what every read-only process diagram on the pages shares (diagram.js, supervise.js, version_diff.js).
 *
 * window.LianjingDiagrams.draw(container, src, ready) draws the diagram at src (same origin only, with the
 * session cookie) into container with the global BpmnJS of vendor/bpmn-js/bpmn-navigated-viewer (pan and
 * zoom, no editing), fits it, calls ready(viewer), and resolves to the viewer; on any failure the container
 * says so and it resolves to null. The failure text is the container's data-failed, which the page gives in
 * the reader's language, else Chinese. fit(viewer) shows the whole diagram, centred, never enlarged, with a
 * margin so that labels drawn at the edge are not cut by the container's border (like
 * canvas.zoom('fit-viewport', 'auto') with a margin). MARGIN is that margin, in diagram units.
 * No inline script: the pages are served with Content-Security-Policy default-src 'self'.
 */
(function () {
  'use strict';

  var MARGIN = 24;
  var FAILED = '流程图加载失败';

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

  function showError(container, src, detail) {
    var text = container.dataset.failed || FAILED;
    container.classList.remove('lj-diagram-loading');
    container.classList.add('lj-diagram-error');
    container.textContent = '';
    var message = document.createElement('div');
    message.className = 'lj-diagram-message';
    message.setAttribute('role', 'alert');
    message.textContent = text;
    container.appendChild(message);
    // The figure is named by its label (role="figure": its bpmn-js children stay operable), so it tells too.
    container.setAttribute('aria-label', text);
    if (detail && window.console) {
      window.console.warn('bpmn diagram ' + src + ': ' + detail);
    }
  }

  function draw(container, src, ready) {
    if (typeof window.BpmnJS !== 'function') {
      showError(container, src, 'BpmnJS is not loaded');
      return Promise.resolve(null);
    }
    container.textContent = '';
    container.classList.add('lj-diagram-loading');
    var viewer = new window.BpmnJS({ container: container });
    return fetchXml(src)
      .then(function (xml) {
        return viewer.importXML(xml);
      })
      .then(function () {
        container.classList.remove('lj-diagram-loading');
        fit(viewer);
        if (ready) {
          ready(viewer);
        }
        container.classList.add('lj-diagram-ready');
        return viewer;
      })
      .catch(function (error) {
        try {
          viewer.destroy();
        } catch (ignored) { /* the viewer may be half-built */ }
        showError(container, src, error && error.message ? error.message : String(error));
        return null;
      });
  }

  window.LianjingDiagrams = { MARGIN: MARGIN, draw: draw, fit: fit };
}());

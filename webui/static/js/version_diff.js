/* 廉警: two versions of a process side by side (pages/designer_diff.html).
 *
 * Each <div class="lj-diff-diagram" data-diff-src="URL" data-marks='{"lj-diff-added": ["id", ...], ...}'> is
 * drawn by the global BpmnJS of vendor/bpmn-js/bpmn-navigated-viewer.production.min.js (pan and zoom, no
 * editing) and its elements get the marker classes the server computed (colours in css/designer.css). Once
 * both are drawn they show where the changes are (#diff-show-changes; #diff-show-all shows everything);
 * the older one takes the newer one's view box, and while #diff-sync is on, panning or zooming one moves
 * the other, so the same place of both diagrams stays in view. A button in the change list
 * (.lj-diff-focus[data-element]) brings that element into view in both and outlines it.
 * No inline script: the pages' CSP is default-src 'self'.
 */
(function () {
  'use strict';

  var diagrams = window.LianjingDiagrams;
  var FOCUS = 'lj-diff-focus-mark';
  var MARGIN = diagrams.MARGIN;

  function marks(container) {
    try {
      return JSON.parse(container.dataset.marks || '{}');
    } catch (error) {
      return {};
    }
  }

  // Every marked element of a viewer, for the first view: where the changes are.
  function markedElements(viewer, container) {
    var registry = viewer.get('elementRegistry');
    var wanted = marks(container);
    var found = [];
    Object.keys(wanted).forEach(function (marker) {
      (wanted[marker] || []).forEach(function (id) {
        var element = registry.get(id);
        if (element) {
          found.push(element);
        }
      });
    });
    return found;
  }

  // Show the box around the given elements (never enlarged beyond 1:1), or the whole diagram if none.
  function showElements(viewer, elements) {
    if (!elements.length) {
      diagrams.fit(viewer);
      return;
    }
    var canvas = viewer.get('canvas');
    canvas.resized();
    var box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    elements.forEach(function (element) {
      var points = element.waypoints || [{ x: element.x, y: element.y },
        { x: element.x + element.width, y: element.y + element.height }];
      points.forEach(function (point) {
        box.minX = Math.min(box.minX, point.x);
        box.minY = Math.min(box.minY, point.y);
        box.maxX = Math.max(box.maxX, point.x);
        box.maxY = Math.max(box.maxY, point.y);
      });
    });
    var outer = canvas.viewbox().outer;
    var width = box.maxX - box.minX + 6 * MARGIN;
    var height = box.maxY - box.minY + 6 * MARGIN;
    var scale = Math.min(1, outer.width / width, outer.height / height);
    canvas.viewbox({
      x: (box.minX + box.maxX) / 2 - outer.width / scale / 2,
      y: (box.minY + box.maxY) / 2 - outer.height / scale / 2,
      width: outer.width / scale,
      height: outer.height / scale
    });
  }

  function render(container) {
    return diagrams.draw(container, container.dataset.diffSrc || '', function (viewer) {
      var registry = viewer.get('elementRegistry');
      var canvas = viewer.get('canvas');
      var wanted = marks(container);
      Object.keys(wanted).forEach(function (marker) {
        (wanted[marker] || []).forEach(function (id) {
          // An id without a shape (e.g. a lane set) has nothing to colour.
          if (registry.get(id)) {
            canvas.addMarker(id, marker);
          }
        });
      });
    });
  }

  function same(a, b) {
    return Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 &&
      Math.abs(a.width - b.width) < 0.5 && Math.abs(a.height - b.height) < 0.5;
  }

  function follow(from, to) {
    var wanted = from.get('canvas').viewbox();
    var target = to.get('canvas');
    if (!same(wanted, target.viewbox())) {
      target.viewbox({ x: wanted.x, y: wanted.y, width: wanted.width, height: wanted.height });
    }
  }

  // "changing" fires before the new view box applies and "changed" only after a 300 ms debounce, so the
  // other diagram follows on the next frame; equal view boxes end the echo between the two.
  function link(viewers, toggle) {
    viewers.forEach(function (viewer, index) {
      var other = viewers[1 - index];
      var pending = false;
      viewer.on('canvas.viewbox.changing', function () {
        if (pending || !toggle.checked) {
          return;
        }
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          follow(viewer, other);
        });
      });
    });
  }

  function focus(viewers, id) {
    viewers.forEach(function (viewer) {
      var registry = viewer.get('elementRegistry');
      var canvas = viewer.get('canvas');
      registry.getAll().forEach(function (element) {
        if (canvas.hasMarker(element, FOCUS)) {
          canvas.removeMarker(element, FOCUS);
        }
      });
      var element = registry.get(id);
      if (element) {
        canvas.addMarker(element, FOCUS);
        canvas.scrollToElement(element, 60);
      }
    });
  }

  function bind(id, handler) {
    var button = document.getElementById(id);
    if (button) {
      button.addEventListener('click', handler);
    }
  }

  function start() {
    var containers = [document.getElementById('diff-old'), document.getElementById('diff-new')];
    if (!containers[0] || !containers[1]) {
      return;
    }
    var toggle = document.getElementById('diff-sync');
    Promise.all(containers.map(render)).then(function (viewers) {
      var drawn = viewers.filter(Boolean);
      var changes = function () {
        if (drawn.length === 2 && toggle.checked) {
          // The new diagram leads (or the old one if only removals were marked); the other follows.
          var newer = markedElements(viewers[1], containers[1]);
          showElements(viewers[1], newer.length ? newer : markedElements(viewers[0], containers[0]));
          follow(viewers[1], viewers[0]);
          return;
        }
        viewers.forEach(function (viewer, index) {
          if (viewer) {
            showElements(viewer, markedElements(viewer, containers[index]));
          }
        });
      };
      changes();
      bind('diff-show-changes', changes);
      bind('diff-show-all', function () {
        drawn.forEach(diagrams.fit);
        if (drawn.length === 2 && toggle.checked) {
          follow(viewers[1], viewers[0]);
        }
      });
      if (drawn.length === 2) {
        link(viewers, toggle);
        toggle.addEventListener('change', function () {
          if (toggle.checked) {
            follow(viewers[1], viewers[0]);
          }
        });
      }
      document.querySelectorAll('.lj-diff-focus[data-element]').forEach(function (button) {
        button.addEventListener('click', function () {
          focus(drawn, button.dataset.element);
        });
      });
      document.getElementById('version-diff').classList.add('lj-diff-ready');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());

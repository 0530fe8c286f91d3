/* 廉警: how a draft's editing page talks to the server (the diagram modeler, designer.js, and the decision
 * table editor, decision_designer.js): fetch the draft's XML, and POST it as JSON with the X-CSRFToken header
 * (SECURITY.md: every state change carries the token). An answer that is not JSON (a 403 page, a proxy's
 * error) becomes an Error with a Chinese message; a JSON answer is returned with its HTTP status.
 */
(function () {
  'use strict';

  function fetchXml(url) {
    return window.fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/xml' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      });
  }

  function postXml(url, token, xml) {
    return window.fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token, Accept: 'application/json' },
      body: JSON.stringify({ xml: xml })
    }).then(function (response) {
      var type = response.headers.get('Content-Type') || '';
      if (type.indexOf('application/json') === -1) {
        throw new Error(response.status === 403 ? '无权执行此操作' : '服务器返回错误(' + response.status + ')');
      }
      return response.json().then(function (body) {
        body.httpStatus = response.status;
        return body;
      });
    });
  }

  window.ljDraftHttp = { fetchXml: fetchXml, postXml: postXml };
}());

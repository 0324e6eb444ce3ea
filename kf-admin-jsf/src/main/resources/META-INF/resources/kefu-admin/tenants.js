// The tenants page's import. The export file goes to the tenants API as the request body
// (application/zip), which reads it as it comes: a page post is bounded by
// kf.http.console-max-bytes, and an export is as large as its tenant. What the API answered goes to
// the page (remote command tenantImported), which says it in the page's language beside the field
// and reads the table again. Listeners sit on the document, so they survive Ajax updates.
(function () {
  'use strict';

  document.addEventListener('change', function (event) {
    if (event.target.id === 'importFile') {
      enable(document.getElementById('importStart'), event.target.files.length > 0);
    }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.id !== 'tenantImport') {
      return;
    }
    event.preventDefault();
    var input = form.querySelector('#importFile');
    var button = form.querySelector('#importStart');
    var file = input.files[0];
    if (!file || form.classList.contains('kf-busy')) {
      return;
    }
    var label = button.querySelector('.ui-button-text');
    var idle = label.textContent;
    label.textContent = form.dataset.busy;
    form.classList.add('kf-busy');
    enable(button, false);
    input.disabled = true;
    // X-Kefu-CSRF: proof for the server's cross-site request guard, as the console's other calls.
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/zip', 'X-Kefu-CSRF': '1' },
      body: file
    })
      .then(function (response) {
        return response.text().then(function (text) {
          return { status: response.status, text: text };
        });
      })
      .catch(function () {
        return { status: 0, text: '' };
      })
      .then(function (answer) {
        form.classList.remove('kf-busy');
        label.textContent = idle;
        input.disabled = false;
        input.value = '';
        enable(button, false);
        window.tenantImported([
          { name: 'status', value: String(answer.status) },
          { name: 'answer', value: answer.text.slice(0, 20000) }
        ]);
      });
  });

  function enable(button, on) {
    button.disabled = !on;
    button.classList.toggle('ui-state-disabled', !on);
  }
})();

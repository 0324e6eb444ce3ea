// Behaviour of the admin console's frame that Faces does not provide: signing out through the
// API and copying embed codes. Listeners sit on the document, so they survive Ajax updates.
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.id !== 'signOut') {
      return;
    }
    event.preventDefault();
    // X-Kefu-CSRF: proof for the server's cross-site request guard (another site cannot add it).
    fetch(form.action, { method: 'POST', credentials: 'same-origin', headers: { 'X-Kefu-CSRF': '1' } })
      .then(function (response) {
        if (!response.ok && response.status !== 401) {
          throw new Error('sign-out answered ' + response.status);
        }
        window.location.assign(form.dataset.signin);
      })
      .catch(function () {
        window.alert(form.dataset.failed);
      });
  });

  // A refusal shown next to a field goes once the field is changed: it spoke of the value that was
  // refused, and the next save checks the new one again.
  document.addEventListener('input', function (event) {
    var field = event.target.closest && event.target.closest('.kf-colour, .kf-field');
    if (!field) {
      return;
    }
    field.querySelectorAll('.ui-message-error').forEach(function (message) {
      message.style.display = 'none';
    });
    event.target.classList.remove('ui-state-error');
    event.target.removeAttribute('aria-invalid');
  });

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button.kf-copy');
    if (!button) {
      return;
    }
    var code = button.closest('.kf-snippet').querySelector('code');
    copy(code).then(
      function () { flash(button, button.dataset.copied); },
      function () { select(code); flash(button, button.dataset.failed); });
  });

  function copy(element) {
    var text = element.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http on a host other than localhost has no clipboard API.
    select(element);
    return document.execCommand('copy') ? Promise.resolve() : Promise.reject(new Error('copy'));
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function flash(button, text) {
    var label = button.querySelector('span');
    if (!button.dataset.label) {
      button.dataset.label = label.textContent;
    }
    label.textContent = text;
    clearTimeout(button.kfTimer);
    button.kfTimer = setTimeout(function () { label.textContent = button.dataset.label; }, 2000);
  }
})();

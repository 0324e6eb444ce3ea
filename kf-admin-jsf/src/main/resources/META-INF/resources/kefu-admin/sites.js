// The sites dialog's own behaviour, which Faces does not provide: the language tabs of the widget's
// texts, the colour swatches kept in step with their #rrggbb fields, the live preview of the widget
// that follows the unsaved values as the admin types, and Escape closing only an open inner
// overlay (a select menu's panel) rather than the whole dialog. Loaded as a file (the console's
// Content-Security-Policy allows no inline script); listeners sit on the document, so they survive
// the Ajax updates that refill the dialog.
(function () {
  'use strict';

  var HEX = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

  function preview() {
    return document.getElementById('sitePreview');
  }

  function currentLanguage() {
    var selected = document.querySelector('.kf-lang-tab[aria-selected="true"]');
    return selected ? selected.getAttribute('data-kf-lang') : '';
  }

  function field(name, language) {
    return document.querySelector(
      '[data-kf-preview="' + name + '"][data-kf-lang="' + language + '"]');
  }

  function valueOf(name, language) {
    var own = language ? field(name, language) : null;
    if (own && own.value.trim()) return own.value.trim();
    var fallback = field(name, '');
    return fallback ? fallback.value.trim() : '';
  }

  function longHex(value) {
    if (!HEX.test(value)) return null;
    if (value.length === 4) {
      return '#' + value.charAt(1) + value.charAt(1) + value.charAt(2) + value.charAt(2) +
        value.charAt(3) + value.charAt(3);
    }
    return value.toLowerCase();
  }

  /** Shows in the preview what a visitor of the chosen language would see now. */
  function sync() {
    var box = preview();
    if (!box) return;
    var language = currentLanguage();
    var builtIn = /^zh/i.test(language || box.getAttribute('data-kf-page-lang') || '') ? 'zh' : 'en';
    var out = function (name) { return box.querySelector('[data-kf-out="' + name + '"]'); };
    out('title').textContent = valueOf('title', language) || box.getAttribute('data-default-title-' + builtIn);
    var greeting = valueOf('greeting', language);
    out('greeting').textContent = greeting;
    out('greeting').hidden = !greeting;
    var proactive = valueOf('proactive', language);
    out('proactive').textContent = proactive;
    out('proactive').hidden = !proactive;
    out('offline').textContent = valueOf('offline', language) || box.getAttribute('data-default-offline-' + builtIn);
    var primary = longHex(valueOf('primary', ''));
    var text = longHex(valueOf('text', ''));
    box.style.setProperty('--kf-preview-primary', primary || '#1e6fff');
    box.style.setProperty('--kf-preview-text', text || '#ffffff');
    box.setAttribute('data-kf-preview-lang', language || 'default');
    syncPosition(box, out('position'));
    document.querySelectorAll('input.kf-colour-swatch').forEach(function (swatch) {
      var input = document.getElementById(swatch.getAttribute('data-kf-colour-for'));
      var hex = input && longHex(input.value.trim());
      if (hex && swatch.value !== hex) swatch.value = hex;
    });
  }

  /**
   * The button on the chosen side, as far from the preview's bottom as the site sets it (a quarter
   * of the pixels, 100 at most), with its side and distance in words; a height not yet valid keeps
   * the last one shown.
   */
  function syncPosition(box, caption) {
    var checked = document.querySelector('input[name="editForm:widgetSide"]:checked');
    var side = checked && checked.value === 'left' ? 'left' : 'right';
    box.setAttribute('data-kf-side', side);
    var input = document.getElementById('editForm:widgetBottom');
    var raw = input ? input.value.trim() : '';
    var bottom = /^\d{1,3}$/.test(raw) && Number(raw) <= 400 ? Number(raw) : Number(box.getAttribute('data-kf-bottom') || 20);
    box.setAttribute('data-kf-bottom', String(bottom));
    box.style.setProperty('--kf-preview-bottom', Math.round(bottom / 4) + 'px');
    caption.textContent = box.getAttribute('data-side-' + side) + ' · ' +
      (box.getAttribute('data-bottom-format') || '{0} px').replace('{0}', String(bottom));
  }

  function selectTab(tab) {
    var language = tab.getAttribute('data-kf-lang');
    document.querySelectorAll('.kf-lang-tab').forEach(function (other) {
      other.setAttribute('aria-selected', other === tab ? 'true' : 'false');
      other.tabIndex = other === tab ? 0 : -1;
    });
    document.querySelectorAll('.kf-texts').forEach(function (panel) {
      panel.hidden = panel.getAttribute('data-kf-lang') !== language;
    });
    sync();
  }

  /**
   * After a refusal, the first refused field is brought into sight (and its language tab forward):
   * the dialog is long and Save is at its end.
   */
  function showFirstError() {
    var error = document.querySelector('#editForm .ui-message-error');
    if (!error) return;
    var panel = error.closest('.kf-texts');
    var tab = panel && document.querySelector('.kf-lang-tab[aria-controls="' + panel.id + '"]');
    if (tab) selectTab(tab);
    var field = error.closest('.kf-field, .kf-colour') || error;
    field.scrollIntoView({ block: 'center' });
  }

  document.addEventListener('click', function (event) {
    var tab = event.target.closest && event.target.closest('.kf-lang-tab');
    if (tab) selectTab(tab);
  });

  document.addEventListener('keydown', function (event) {
    var tab = event.target.closest && event.target.closest('.kf-lang-tab');
    if (!tab || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    var tabs = Array.prototype.slice.call(document.querySelectorAll('.kf-lang-tab'));
    var next = tabs[(tabs.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    selectTab(next);
    next.focus();
    event.preventDefault();
  });

  // The side's buttons change a hidden radio input; a click on one may come before its change.
  document.addEventListener('change', function (event) {
    if (event.target.closest && event.target.closest('#editForm')) sync();
  });
  document.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('[id="editForm:widgetSide"]')) setTimeout(sync, 0);
  });

  document.addEventListener('input', function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains('kf-colour-swatch')) {
      var input = document.getElementById(target.getAttribute('data-kf-colour-for'));
      if (input) input.value = target.value;
    }
    if (target.closest && target.closest('#editForm')) sync();
  });

  // Escape in the dialog: an open inner overlay (a select menu's or a checkbox menu's panel) is
  // closed, and only it; the dialog closes on the next Escape. PrimeFaces' dialog listens on the
  // document and leaves an Escape alone whose default was prevented; this listener runs before it
  // (capture phase).
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !window.PrimeFaces || !PrimeFaces.widgets) return;
    var closed = false;
    Object.keys(PrimeFaces.widgets).forEach(function (name) {
      var widget = PrimeFaces.widgets[name];
      if (widget && widget.panel && widget.panel.is && widget.panel.is(':visible') &&
          typeof widget.hide === 'function' && !(widget.jq && widget.jq.hasClass('ui-dialog'))) {
        widget.hide();
        closed = true;
      }
    });
    if (closed) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  function ready() {
    var first = document.querySelector('.kf-lang-tab[aria-selected="true"]');
    if (first) selectTab(first);
    showFirstError();
  }

  document.addEventListener('DOMContentLoaded', ready);
  if (window.jQuery) {
    jQuery(document).on('pfAjaxComplete', ready);
  } else {
    document.addEventListener('DOMContentLoaded', function () {
      if (window.jQuery) jQuery(document).on('pfAjaxComplete', ready);
    });
  }
})();

// Pickers in the console's dialogs. Esc inside a dialog closes only the picker that is open in it (a date picker, a drop-down, a
// list's filter), not the whole dialog with everything typed into it. PrimeFaces closes a dialog on
// Esc from a handler on the document; the picker closes itself from a handler on its own input.
// So: note before anyone handles the key whether a picker was open, and if so stop the key on the
// body, after the picker had it and before the document's dialog handler does.
(function () {
  'use strict';

  var OPEN_PICKERS =
    '.ui-datepicker-panel, .ui-selectonemenu-panel, .ui-selectcheckboxmenu-panel,' +
    ' .ui-autocomplete-panel, .ui-colorpicker-panel, .ui-connected-overlay-enter-done';
  var pickerWasOpen = false;

  function anyOpen() {
    var panels = document.querySelectorAll(OPEN_PICKERS);
    for (var i = 0; i < panels.length; i++) {
      var panel = panels[i];
      if (panel.offsetParent !== null && getComputedStyle(panel).visibility !== 'hidden') {
        return panel;
      }
    }
    return null;
  }

  window.addEventListener('keydown', function (event) {
    pickerWasOpen = event.key === 'Escape' && anyOpen() !== null;
  }, true);

  // A list's search filters on key-up of a printable key; text typed through an input method
  // (Chinese: 上海) or pasted arrives without one, so the list would not filter. Tell the list.
  document.addEventListener('input', function (event) {
    var field = event.target;
    if (event.isComposing || !field.classList || !field.classList.contains('ui-selectonemenu-filter')) {
      return;
    }
    if (window.jQuery) {
      window.jQuery(field).trigger(window.jQuery.Event('keyup', { key: 'a', code: 'KeyA', which: 65 }));
    }
  });
  document.addEventListener('compositionend', function (event) {
    var field = event.target;
    if (window.jQuery && field.classList && field.classList.contains('ui-selectonemenu-filter')) {
      window.jQuery(field).trigger(window.jQuery.Event('keyup', { key: 'a', code: 'KeyA', which: 65 }));
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    document.body.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || !pickerWasOpen) {
        return;
      }
      // The picker's own handler ran on the way up; close what is still open (some pickers
      // close only on their input's key), and keep the key from the dialog.
      var still = anyOpen();
      if (still) {
        still.style.display = 'none';
      }
      event.stopPropagation();
    });
  });
})();

// Pickers in the console's dialogs.
//
// Esc inside a dialog closes only the picker open in it (a calendar, a drop-down, a list's
// search), not the whole dialog with everything typed into it. PrimeFaces closes a dialog on Esc
// from a handler on the document; a picker closes itself from a handler on its own input, or not
// at all (a calendar with the focus on a day). So: note before anyone handles the key whether a
// picker was open, and if so, on the body (after the picker had the key, before the document),
// close it through its widget if it is still open, and keep the key from the dialog.
//
// A list's search filters on key-up of a printable key, which text typed through an input method
// (上海) or pasted never sends: tell the list when such text arrives.
(function () {
  'use strict';

  var OPEN_PICKERS =
    '.p-datepicker-panel, .ui-selectonemenu-panel, .ui-selectcheckboxmenu-panel,' +
    ' .ui-autocomplete-panel, .ui-colorpicker-panel, .ui-connected-overlay-enter-done';
  var pickerWasOpen = false;

  function anyOpen() {
    var panels = document.querySelectorAll(OPEN_PICKERS);
    for (var i = 0; i < panels.length; i++) {
      var panel = panels[i];
      // Overlays are fixed in place, so offsetParent says nothing; being laid out does.
      var style = getComputedStyle(panel);
      if (panel.getClientRects().length > 0 && style.display !== 'none' && style.visibility !== 'hidden') {
        return panel;
      }
    }
    return null;
  }

  function hideWidgetOf(panel) {
    var widgets = (window.PrimeFaces && window.PrimeFaces.widgets) || {};
    Object.keys(widgets).forEach(function (name) {
      var widget = widgets[name];
      if (widget && widget.panel && widget.panel[0] === panel && typeof widget.hide === 'function') {
        widget.hide();
      }
    });
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
      // A calendar with the focus on one of its days does not close itself: ask its widget.
      var still = anyOpen();
      if (still) {
        hideWidgetOf(still);
      }
      event.stopPropagation();
    });
  });
})();

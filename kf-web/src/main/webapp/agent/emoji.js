// A small built-in set of emoji for the composer: no images, no downloads, just characters.

export const EMOJI = [
  '😀', '😄', '😊', '🙂', '😉', '😍', '🤔', '😅', '😂', '😢', '😮', '😎',
  '🙏', '👍', '👎', '👌', '👏', '👋', '🙌', '💪', '🤝', '🎉', '🎁', '❤️',
  '🔥', '⭐', '✅', '❌', '⚠️', '❓', '💡', '⏰', '📦', '🚚', '💰', '🧾',
  '📞', '✉️', '🌹', '☕',
];

/** Inserts text at the caret of a text field, as if typed, and tells its listeners. */
export function insertAtCaret(field, text) {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? field.value.length;
  field.setRangeText(text, start, end, 'end');
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.focus();
}

/** The emoji button of the composer and its grid. */
export class EmojiPicker {
  constructor(button, panel, field, texts) {
    this.button = button;
    this.panel = panel;
    this.field = field;
    this.texts = texts;
    for (const emoji of EMOJI) {
      const choice = document.createElement('button');
      choice.type = 'button';
      choice.className = 'emoji__choice';
      choice.textContent = emoji;
      choice.dataset.emoji = emoji;
      choice.setAttribute('aria-label', emoji);
      panel.append(choice);
    }
    button.addEventListener('click', () => this.toggle());
    panel.addEventListener('click', (event) => {
      const choice = event.target.closest('[data-emoji]');
      if (choice) {
        insertAtCaret(this.field, choice.dataset.emoji);
        this.toggle(false);
      }
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.toggle(false);
        this.button.focus();
      }
    });
    document.addEventListener('pointerdown', (event) => {
      if (!panel.hidden && !panel.contains(event.target) && !button.contains(event.target)) {
        this.toggle(false);
      }
    });
  }

  toggle(open) {
    const show = open ?? this.panel.hidden;
    this.panel.hidden = !show;
    this.button.setAttribute('aria-expanded', String(show));
    if (show) {
      this.panel.querySelector('button')?.focus();
    }
  }
}

// Canned replies: the agent's own and the tenant's shared ones, offered by their shortcut when the
// reply starts with "/" (or by the composer's button), and kept in a small form in the picker.
import { api, HttpError } from './api.js';
import { insertAtCaret } from './emoji.js';
import { make } from './dom.js';

/**
 * The picker above the composer. While it is open, ↑/↓ choose, Enter or Tab inserts, Escape
 * closes; typing after "/" narrows the list by shortcut and text.
 */
export class CannedPicker {
  /**
   * @param elements { button, panel, field }
   * @param texts the page's Texts
   * @param canKeepShared whether the agent may keep shared replies (supervisors and admins)
   * @param toast shows a short message
   */
  constructor({ button, panel, field }, texts, canKeepShared, toast) {
    this.button = button;
    this.panel = panel;
    this.field = field;
    this.texts = texts;
    this.canKeepShared = canKeepShared;
    this.toast = toast;
    this.replies = [];
    this.shown = [];
    this.index = 0;
    this.bySlash = false;
    this.build();
    this.bind();
  }

  t(key, params) {
    return this.texts.t(key, params);
  }

  async load() {
    try {
      this.replies = await api('canned-replies');
    } catch (error) {
      if (!(error instanceof HttpError)) {
        throw error;
      }
    }
    if (!this.panel.hidden) {
      this.draw();
    }
  }

  build() {
    this.list = make('ul', 'canned__list');
    this.list.setAttribute('role', 'listbox');
    this.list.dataset.kf = 'canned-list';
    this.empty = make('p', 'canned__empty');
    const form = make('form', 'canned__form');
    form.dataset.kf = 'canned-form';
    this.shortcut = make('input', 'canned__shortcut');
    this.shortcut.name = 'shortcut';
    this.shortcut.maxLength = 33;
    this.shortcut.required = true;
    this.text = make('textarea', 'canned__text');
    this.text.name = 'text';
    this.text.rows = 2;
    this.text.maxLength = 4000;
    this.text.required = true;
    this.scope = make('select', 'canned__scope');
    this.scope.name = 'scope';
    this.save = make('button', 'button button--quiet');
    this.save.type = 'submit';
    form.append(this.shortcut, this.text, this.scope, this.save);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.create();
    });
    this.form = form;
    this.panel.append(this.list, this.empty, form);
  }

  bind() {
    this.button.addEventListener('click', () => {
      if (this.panel.hidden) {
        this.bySlash = false;
        this.open('');
        this.load();
      } else {
        this.close();
      }
    });
    this.field.addEventListener('input', () => {
      const match = /^\/(\S*)$/.exec(this.field.value);
      if (match) {
        this.bySlash = true;
        this.open(match[1]);
      } else if (this.bySlash) {
        this.close();
      }
    });
    // Capture: the composer's own Enter (send) must not see a key that picks a reply.
    this.field.addEventListener(
      'keydown',
      (event) => {
        if (this.panel.hidden || event.isComposing) {
          return;
        }
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          event.stopImmediatePropagation();
          this.move(event.key === 'ArrowDown' ? 1 : -1);
        } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
          if (this.shown.length) {
            event.preventDefault();
            event.stopImmediatePropagation();
            this.pick(this.shown[this.index]);
          }
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopImmediatePropagation();
          this.close();
        }
      },
      { capture: true },
    );
    this.list.addEventListener('click', (event) => {
      const remove = event.target.closest('[data-action="delete-reply"]');
      if (remove) {
        this.remove(remove.dataset.id);
        return;
      }
      const item = event.target.closest('[data-reply-id]');
      if (item) {
        this.pick(this.replies.find((r) => r.id === item.dataset.replyId));
      }
    });
    document.addEventListener('pointerdown', (event) => {
      if (!this.panel.hidden && !this.panel.contains(event.target) && !this.button.contains(event.target)
          && event.target !== this.field) {
        this.close();
      }
    });
  }

  open(query) {
    this.query = query.toLowerCase();
    this.index = 0;
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.draw();
  }

  close() {
    this.panel.hidden = true;
    this.bySlash = false;
    this.button.setAttribute('aria-expanded', 'false');
  }

  move(delta) {
    if (!this.shown.length) {
      return;
    }
    this.index = (this.index + delta + this.shown.length) % this.shown.length;
    this.draw();
  }

  /** Puts the reply in the composer: in place of "/shortcut", or at the caret. */
  pick(reply) {
    if (!reply) {
      return;
    }
    if (this.bySlash) {
      this.field.value = '';
    }
    insertAtCaret(this.field, reply.text);
    this.close();
  }

  draw() {
    const q = this.query || '';
    this.shown = this.replies.filter(
      (r) => !q || r.shortcut.toLowerCase().startsWith(q) || r.text.toLowerCase().includes(q),
    );
    if (this.index >= this.shown.length) {
      this.index = 0;
    }
    this.list.replaceChildren(
      ...this.shown.map((reply, i) => {
        const item = make('li', 'canned__item');
        item.dataset.replyId = reply.id;
        item.dataset.kf = 'canned-item';
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', String(i === this.index));
        item.classList.toggle('is-chosen', i === this.index);
        const shortcut = make('span', 'canned__key', `/${reply.shortcut}`);
        const scope = make('span', `tag canned__tag canned__tag--${reply.scope}`, this.t(`canned.${reply.scope}`));
        const text = make('span', 'canned__preview', reply.text.replace(/\s+/g, ' '));
        item.append(shortcut, scope, text);
        if (reply.scope === 'personal' || this.canKeepShared) {
          const remove = make('button', 'icon-button canned__delete', '×');
          remove.type = 'button';
          remove.dataset.action = 'delete-reply';
          remove.dataset.id = reply.id;
          remove.setAttribute('aria-label', this.t('canned.delete', { key: reply.shortcut }));
          remove.title = remove.getAttribute('aria-label');
          item.append(remove);
        }
        return item;
      }),
    );
    this.list.querySelector('.is-chosen')?.scrollIntoView({ block: 'nearest' });
    this.empty.hidden = this.shown.length > 0;
    this.empty.textContent = this.replies.length ? this.t('canned.noMatch') : this.t('canned.none');
    this.shortcut.placeholder = this.t('canned.shortcut');
    this.text.placeholder = this.t('canned.text');
    this.save.textContent = this.t('canned.save');
    const scopes = this.canKeepShared ? ['personal', 'shared'] : ['personal'];
    if (this.scope.options.length !== scopes.length || this.scope.dataset.lang !== this.texts.lang) {
      this.scope.replaceChildren(...scopes.map((s) => new Option(this.t(`canned.${s}`), s)));
      this.scope.dataset.lang = this.texts.lang;
    }
    this.scope.hidden = scopes.length === 1;
  }

  async create() {
    try {
      await api('canned-replies', {
        method: 'POST',
        body: { scope: this.scope.value, shortcut: this.shortcut.value, text: this.text.value },
      });
      this.shortcut.value = '';
      this.text.value = '';
      await this.load();
    } catch (error) {
      if (error instanceof HttpError) {
        this.toast(error.status === 409 ? this.t('canned.taken') : this.t('canned.invalid'));
      }
    }
  }

  async remove(id) {
    try {
      await api(`canned-replies/${encodeURIComponent(id)}`, { method: 'DELETE' });
    } catch (error) {
      if (error instanceof HttpError) {
        this.toast(this.t('canned.invalid'));
      }
    }
    await this.load();
  }
}

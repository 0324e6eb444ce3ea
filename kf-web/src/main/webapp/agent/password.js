// "Change password" from the agent name in the top bar: the signed-in person's own password, for
// local accounts only (with the company's sign-in service the button stays disabled). Refusals
// are shown beside the field the server names.
import { api, HttpError, SignedOut } from './api.js';

const MIN = 8;
const MAX = 200;

export class OwnPasswordDialog {
  /**
   * @param {HTMLButtonElement} button opens the dialog
   * @param {HTMLDialogElement} dialog
   * @param {{t: function(string): string}} texts
   * @param {function(string): void} toast tells the person it worked
   */
  constructor(button, dialog, texts, toast) {
    this.button = button;
    this.dialog = dialog;
    this.texts = texts;
    this.toast = toast;
    this.form = dialog.querySelector('[data-role="password-form"]');
    this.current = dialog.querySelector('[data-kf="password-current"]');
    this.next = dialog.querySelector('[data-kf="password-new"]');
    this.errors = {
      currentPassword: dialog.querySelector('[data-role="password-current-error"]'),
      newPassword: dialog.querySelector('[data-role="password-new-error"]'),
      form: dialog.querySelector('[data-role="password-error"]'),
    };
    button.addEventListener('click', () => this.open());
    dialog.querySelector('[data-role="password-cancel"]').addEventListener('click', () => dialog.close());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
  }

  /** Offers the dialog when the accounts are Kefu's own. */
  async offerIfLocal() {
    try {
      const options = await api('auth/options');
      this.button.disabled = !options || options.mode !== 'local';
    } catch {
      this.button.disabled = true;
    }
  }

  open() {
    this.current.value = '';
    this.next.value = '';
    this.show(null, null);
    this.dialog.showModal();
    this.current.focus();
  }

  /** Shows one refusal at its field (or for the whole form); null clears them all. */
  show(field, key) {
    for (const [name, element] of Object.entries(this.errors)) {
      const on = name === field;
      element.hidden = !on;
      element.textContent = on ? this.texts.t(key) : '';
    }
    this.current.setAttribute('aria-invalid', String(field === 'currentPassword'));
    this.next.setAttribute('aria-invalid', String(field === 'newPassword'));
  }

  async save() {
    if (!this.current.value) {
      this.show('currentPassword', 'password.missing');
      this.current.focus();
      return;
    }
    if (this.next.value.length < MIN || this.next.value.length > MAX) {
      this.show('newPassword', 'password.bad');
      this.next.focus();
      return;
    }
    try {
      await api('auth/password', {
        method: 'PUT',
        body: { currentPassword: this.current.value, newPassword: this.next.value },
      });
    } catch (error) {
      if (error instanceof SignedOut) {
        return;
      }
      if (error instanceof HttpError && error.code === 'wrong_password') {
        this.show('currentPassword', 'password.wrong');
        this.current.select();
      } else if (error instanceof HttpError && error.code === 'bad_password') {
        this.show('newPassword', 'password.bad');
        this.next.focus();
      } else {
        this.show('form', 'password.failed');
      }
      return;
    }
    this.dialog.close();
    this.current.value = '';
    this.next.value = '';
    this.toast(this.texts.t('password.changed'));
  }
}

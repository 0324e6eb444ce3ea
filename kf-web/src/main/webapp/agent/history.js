// Beside a conversation: the pages its visitor opened and their earlier conversations, read-only.
import { api, HttpError } from './api.js';
import { make } from './dom.js';
import { linkify } from './linkify.js';

/** Fills the visitor panel's page trail and earlier conversations, and shows one of those. */
export class VisitorHistory {
  /**
   * @param elements { pages, previous, dialog }: the two lists and the read-only history dialog
   * @param view the ConsoleView, for times and texts
   */
  constructor({ pages, previous, dialog }, view) {
    this.pages = pages;
    this.previous = previous;
    this.dialog = dialog;
    this.view = view;
    this.shownFor = null;
    this.previous.addEventListener('click', (event) => {
      const button = event.target.closest('[data-previous-id]');
      if (button) {
        this.showPrevious(this.shownFor, button.dataset.previousId);
      }
    });
    dialog.querySelector('[data-role="previous-close"]').addEventListener('click', () => dialog.close());
  }

  t(key, params) {
    return this.view.texts.t(key, params);
  }

  /** Loads both lists for the conversation (again, when asked to refresh). */
  async show(conversation, refresh) {
    if (!conversation) {
      this.shownFor = null;
      return;
    }
    if (this.shownFor === conversation.id && !refresh) {
      return;
    }
    this.shownFor = conversation.id;
    const id = encodeURIComponent(conversation.id);
    try {
      const [pages, previous] = await Promise.all([
        api(`conversations/${id}/pages`),
        api(`conversations/${id}/previous`),
      ]);
      if (this.shownFor !== conversation.id) {
        return;
      }
      this.drawPages(pages);
      this.drawPrevious(previous);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        throw error;
      }
      this.pages.replaceChildren(make('li', 'trail__none', this.t('history.unavailable')));
      this.previous.replaceChildren();
    }
  }

  drawPages(pages) {
    if (!pages.length) {
      this.pages.replaceChildren(make('li', 'trail__none', this.t('history.noPages')));
      return;
    }
    this.pages.replaceChildren(
      ...[...pages].reverse().map((page) => {
        const item = make('li', 'trail__item');
        item.dataset.kf = 'page-view';
        item.append(
          make('span', 'trail__time', this.view.shortWhen(page.at)),
          make('span', 'trail__title', page.title || page.url),
        );
        item.title = page.url;
        return item;
      }),
    );
  }

  drawPrevious(previous) {
    if (!previous.length) {
      this.previous.replaceChildren(make('li', 'trail__none', this.t('history.noPrevious')));
      return;
    }
    this.previousById = new Map(previous.map((c) => [c.id, c]));
    this.previous.replaceChildren(
      ...previous.map((c) => {
        const item = make('li', 'trail__item');
        const button = make('button', 'link-button');
        button.type = 'button';
        button.dataset.previousId = c.id;
        button.dataset.kf = 'previous-conversation';
        button.textContent = `${this.view.shortWhen(c.createdAt)} · ${this.t(`state.${c.state}`)}${
          c.agentName ? ` · ${c.agentName}` : ''
        }`;
        item.append(button);
        return item;
      }),
    );
  }

  async showPrevious(conversationId, previousId) {
    const list = this.dialog.querySelector('[data-role="previous-messages"]');
    list.replaceChildren(make('li', 'trail__none', this.t('pane.loading')));
    this.dialog.showModal();
    try {
      const messages = await api(
        `conversations/${encodeURIComponent(conversationId)}/previous/${encodeURIComponent(previousId)}/messages`,
      );
      // The visitor's pre-chat answers of that conversation head it, as in the open one.
      const fields = this.previousById?.get(previousId)?.prechatFields;
      const head = [];
      if (Array.isArray(fields) && fields.length) {
        const card = make('li', 'prechat-card');
        card.dataset.kf = 'prechat-card';
        this.view.drawPrechat(card, fields, 'prechat.title');
        head.push(card);
      }
      list.replaceChildren(
        ...head,
        ...messages.map((m) => {
          const item = make('li', `msg msg--${m.sender.type}`);
          item.dataset.kf = 'msg';
          item.dataset.sender = m.sender.type;
          const meta = make('div', 'msg__meta');
          meta.append(
            make('span', 'msg__name', m.sender.type === 'visitor' ? this.t('sender.visitor') : m.sender.name || ''),
            make('time', 'msg__time', this.view.shortWhen(m.at)),
          );
          const bubble = make('div', 'msg__bubble');
          bubble.dataset.kf = 'text';
          bubble.append(linkify(m.text));
          item.append(meta, bubble);
          return item;
        }),
      );
    } catch (error) {
      if (!(error instanceof HttpError)) {
        throw error;
      }
      list.replaceChildren(make('li', 'trail__none', this.t('history.unavailable')));
    }
  }
}

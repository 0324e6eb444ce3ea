// The console's inbox: messages visitors left while nobody was there, answered by e-mail, and
// conversations nobody answered. It draws its own button and panel; the console hands it the
// frames it does not handle itself (`missed`, `rated`).

import { api, root, HttpError, SignedOut } from './api.js';
import { Texts, preferredLanguage } from './i18n.js';
import { make } from './dom.js';

const dictionaries = {
  'zh-CN': {
    button: '收件箱',
    title: '收件箱',
    close: '关闭',
    tabMessages: '留言',
    tabMissed: '未接对话',
    noMessages: '没有待回复的留言。',
    noMissed: '没有未接的对话。',
    showAnswered: '显示已回复和已处理',
    markHandled: '标记为已处理',
    reopen: '重新打开',
    handledBy: '{who} 已于 {at} 标记为已处理',
    handledDone: '留言已标记为已处理。',
    reopened: '留言已重新打开。',
    phone: '电话',
    answerLabel: '通过邮件回复',
    answerSend: '发送邮件',
    answered: '{who} 已于 {at} 回复：',
    mailOff: '此服务器尚未设置邮件发送，无法通过邮件回复。请用访客留下的联系方式（如电话）联系对方，然后将留言标记为已处理。',
    noEmail: '访客留下的是电话号码，请电话联系。',
    sent: '回复已发送。',
    failed: '发送失败：{reason}',
    loadFailed: '收件箱加载失败，请稍后再试。',
    page: '页面',
    anonymous: '匿名访客',
    missedToast: '有一个对话无人接待：{name}',
    ratedToast: '访客为对话打了 {score} 星{comment}',
  },
  en: {
    button: 'Inbox',
    title: 'Inbox',
    close: 'Close',
    tabMessages: 'Messages',
    tabMissed: 'Missed chats',
    noMessages: 'No messages waiting for an answer.',
    noMissed: 'No missed chats.',
    showAnswered: 'Show answered and handled',
    markHandled: 'Mark handled',
    reopen: 'Reopen',
    handledBy: 'Marked handled by {who} at {at}',
    handledDone: 'The message is marked handled.',
    reopened: 'The message is open again.',
    phone: 'Phone',
    answerLabel: 'Answer by email',
    answerSend: 'Send email',
    answered: 'Answered by {who} at {at}:',
    mailOff:
      'Sending email is not set up on this server, so answers cannot go out by email. Contact the visitor the way they left (by phone, say), then mark the message handled.',
    noEmail: 'The visitor left a phone number: call them back.',
    sent: 'The answer was sent.',
    failed: 'Not sent: {reason}',
    loadFailed: 'The inbox could not be loaded. Try again in a moment.',
    page: 'Page',
    anonymous: 'Anonymous visitor',
    missedToast: 'A chat was missed: {name}',
    ratedToast: 'A visitor rated a chat {score} stars{comment}',
  },
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export class Inbox {
  constructor({ toast } = {}) {
    this.texts = new Texts(dictionaries);
    this.toast = toast || (() => {});
    this.tab = 'messages';
    this.withAnswered = false;
    this.unseen = 0;
    const link = make('link');
    link.rel = 'stylesheet';
    link.href = new URL('agent/inbox.css', root).href;
    document.head.append(link);
    this.build();
    document.querySelector('[data-kf="lang"]')?.addEventListener('change', () => this.draw());
  }

  t(key, params) {
    this.texts.lang = preferredLanguage();
    return this.texts.t(key, params);
  }

  build() {
    this.button = make('button', 'button button--quiet inbox-button');
    this.button.type = 'button';
    this.button.dataset.kf = 'inbox';
    this.label = make('span');
    this.badge = make('span', 'inbox-badge');
    this.badge.hidden = true;
    this.button.append(this.label, this.badge);
    this.button.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    const signout = document.querySelector('[data-kf="signout"]');
    signout.before(this.button);

    this.panel = make('section', 'inbox');
    this.panel.dataset.kf = 'inbox-panel';
    this.panel.setAttribute('role', 'dialog');
    this.panel.hidden = true;
    this.heading = make('h2', 'inbox__title');
    this.closeButton = make('button', 'button button--quiet');
    this.closeButton.type = 'button';
    this.closeButton.addEventListener('click', () => this.close());
    const head = make('header', 'inbox__head');
    head.append(this.heading, this.closeButton);
    this.tabs = make('div', 'inbox__tabs');
    this.tabs.setAttribute('role', 'tablist');
    this.messagesTab = this.tabButton('messages');
    this.missedTab = this.tabButton('missed');
    this.tabs.append(this.messagesTab, this.missedTab);
    const answeredToggle = make('label', 'inbox__toggle');
    this.answeredBox = make('input');
    this.answeredBox.type = 'checkbox';
    this.answeredBox.dataset.kf = 'inbox-answered';
    this.answeredBox.addEventListener('change', () => {
      this.withAnswered = this.answeredBox.checked;
      this.load();
    });
    this.answeredText = make('span');
    answeredToggle.append(this.answeredBox, this.answeredText);
    this.toggle = answeredToggle;
    this.notice = make('p', 'inbox__notice');
    this.notice.dataset.kf = 'inbox-notice';
    this.list = make('ul', 'inbox__list');
    this.list.dataset.kf = 'inbox-list';
    this.panel.append(head, this.tabs, answeredToggle, this.notice, this.list);
    document.body.append(this.panel);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        this.close();
      }
    });
    this.draw();
  }

  tabButton(name) {
    const button = make('button', 'inbox__tab');
    button.type = 'button';
    button.dataset.kf = `inbox-tab-${name}`;
    button.setAttribute('role', 'tab');
    button.addEventListener('click', () => {
      this.tab = name;
      this.load();
    });
    return button;
  }

  /** Frames of the agent socket that belong to the inbox; false for any other. */
  frame(frame) {
    if (frame.type === 'missed') {
      const visitor = frame.conversation && frame.conversation.visitor;
      this.unseen += 1;
      this.toast(this.t('missedToast', { name: (visitor && visitor.name) || this.t('anonymous') }));
      if (!this.panel.hidden && this.tab === 'missed') {
        this.load();
      }
      this.draw();
      return true;
    }
    if (frame.type === 'rated') {
      this.toast(
        this.t('ratedToast', { score: frame.score, comment: frame.comment ? `: “${frame.comment}”` : '' }),
      );
      return true;
    }
    return false;
  }

  open() {
    this.panel.hidden = false;
    this.unseen = 0;
    this.load();
    this.closeButton.focus();
  }

  close() {
    this.panel.hidden = true;
    this.button.focus();
  }

  async load() {
    this.draw();
    try {
      if (this.tab === 'messages') {
        const answer = await api(`inbox/offline-messages${this.withAnswered ? '?answered=true' : ''}`);
        this.mailEnabled = answer.mailEnabled;
        this.items = answer.messages;
      } else {
        this.items = await api('inbox/missed');
      }
      this.failed = false;
    } catch (error) {
      if (error instanceof SignedOut) {
        return;
      }
      this.failed = true;
      this.items = [];
    }
    this.draw();
  }

  draw() {
    this.label.textContent = this.t('button');
    this.badge.hidden = !this.unseen;
    this.badge.textContent = String(this.unseen);
    this.heading.textContent = this.t('title');
    this.closeButton.textContent = this.t('close');
    this.messagesTab.textContent = this.t('tabMessages');
    this.missedTab.textContent = this.t('tabMissed');
    this.messagesTab.setAttribute('aria-selected', String(this.tab === 'messages'));
    this.missedTab.setAttribute('aria-selected', String(this.tab === 'missed'));
    this.answeredText.textContent = this.t('showAnswered');
    this.toggle.hidden = this.tab !== 'messages';
    const notes = [];
    if (this.failed) {
      notes.push(this.t('loadFailed'));
    } else if (this.tab === 'messages' && this.mailEnabled === false) {
      notes.push(this.t('mailOff'));
    }
    this.notice.textContent = notes.join(' ');
    this.notice.hidden = !notes.length;
    this.list.textContent = '';
    const items = this.items || [];
    if (!items.length && !this.failed && this.items) {
      this.list.append(make('li', 'inbox__empty', this.t(this.tab === 'messages' ? 'noMessages' : 'noMissed')));
    }
    for (const item of items) {
      this.list.append(this.tab === 'messages' ? this.messageItem(item) : this.missedItem(item));
    }
  }

  when(at) {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(this.texts.lang);
  }

  messageItem(message) {
    const item = make('li', 'inbox__item');
    item.dataset.kf = 'offline-message';
    item.dataset.id = message.id;
    const head = make('div', 'inbox__item-head');
    head.append(make('strong', null, message.name), make('span', 'inbox__contact', message.contact),
      make('time', 'inbox__time', this.when(message.at)));
    item.append(head, make('p', 'inbox__text', message.text));
    if (message.pageUrl) {
      item.append(make('p', 'inbox__page', `${this.t('page')}: ${message.pageUrl}`));
    }
    if (message.answer) {
      item.append(
        make('p', 'inbox__answered', this.t('answered', { who: message.answer.by, at: this.when(message.answer.at) })),
        make('p', 'inbox__text inbox__text--answer', message.answer.text),
      );
      return item;
    }
    // Dealt with another way (a call back): who marked it and when, and a way back if it was a slip.
    const done = make('div', 'inbox__done');
    if (message.handled) {
      const by = make('span', 'inbox__answered', this.t('handledBy', { who: message.handled.by, at: this.when(message.handled.at) }));
      by.dataset.kf = 'inbox-handled-by';
      done.append(by, this.handledButton(message, false));
      item.dataset.handled = 'true';
      item.append(done);
      return item;
    }
    done.append(this.handledButton(message, true));
    if (!EMAIL.test(message.contact)) {
      item.append(make('p', 'inbox__hint', this.t('noEmail')), done);
      return item;
    }
    item.append(done);
    const form = make('form', 'inbox__answer');
    const label = make('label', null, this.t('answerLabel'));
    const input = make('textarea');
    input.rows = 3;
    input.maxLength = 4000;
    input.dataset.kf = 'inbox-answer';
    label.append(input);
    const send = make('button', 'button button--primary', this.t('answerSend'));
    send.type = 'submit';
    send.dataset.kf = 'inbox-answer-send';
    send.disabled = this.mailEnabled === false;
    input.disabled = this.mailEnabled === false;
    form.append(label, send);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        return;
      }
      send.disabled = true;
      try {
        await api(`inbox/offline-messages/${encodeURIComponent(message.id)}/answer`, {
          method: 'POST',
          body: { text },
        });
        this.toast(this.t('sent'));
        this.load();
      } catch (error) {
        if (error instanceof SignedOut) {
          return;
        }
        send.disabled = false;
        this.toast(this.t('failed', { reason: error instanceof HttpError ? error.message : String(error) }));
      }
    });
    item.append(form);
    return item;
  }

  /** "Mark handled" (handled true) or "Reopen" for a left message. */
  handledButton(message, handled) {
    const button = make('button', `button ${handled ? 'button--quiet' : 'button--quiet'}`, this.t(handled ? 'markHandled' : 'reopen'));
    button.type = 'button';
    button.dataset.kf = handled ? 'inbox-handled' : 'inbox-reopen';
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api(`inbox/offline-messages/${encodeURIComponent(message.id)}/handled`, { method: handled ? 'POST' : 'DELETE' });
        this.toast(this.t(handled ? 'handledDone' : 'reopened'));
        this.load();
      } catch (error) {
        if (error instanceof SignedOut) {
          return;
        }
        button.disabled = false;
        this.toast(this.t('failed', { reason: error instanceof HttpError ? error.message : String(error) }));
      }
    });
    return button;
  }

  missedItem(conversation) {
    const item = make('li', 'inbox__item');
    item.dataset.kf = 'missed-chat';
    item.dataset.id = conversation.id;
    const visitor = conversation.visitor || {};
    const head = make('div', 'inbox__item-head');
    head.append(
      make('strong', null, visitor.name || this.t('anonymous')),
      make('span', 'inbox__contact', visitor.email || ''),
      make('time', 'inbox__time', this.when(conversation.closedAt || conversation.createdAt)),
    );
    item.append(head);
    const fields = Array.isArray(conversation.prechatFields)
      ? conversation.prechatFields.map((f) => [f.label || (f.type === 'phone' ? this.t('phone') : f.key), f.value])
      : Object.entries(conversation.prechat || {});
    if (fields.length) {
      const list = make('dl', 'inbox__fields');
      for (const [key, value] of fields) {
        list.append(make('dt', null, key), make('dd', null, value));
      }
      item.append(list);
    }
    if (visitor.page && visitor.page.url) {
      item.append(make('p', 'inbox__page', `${this.t('page')}: ${visitor.page.url}`));
    }
    return item;
  }
}

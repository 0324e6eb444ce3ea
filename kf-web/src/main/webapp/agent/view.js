// The console's page: draws what the controller holds and passes the agent's actions back.
// Every text from a visitor or the server goes in through textContent, never as HTML.

import { drawAttachment } from './files.js';
import { make } from './dom.js';
import { linkify, webHref } from './linkify.js';

function role(name) {
  return document.querySelector(`[data-role="${name}"]`);
}

function hook(name) {
  return document.querySelector(`[data-kf="${name}"]`);
}

/**
 * The visitor's name, or "Visitor" and the first characters of their id: the one short name of a
 * visitor everywhere in the console (the list, the conversation, the Live tab).
 */
export function visitorName(texts, visitor) {
  if (visitor && visitor.name) {
    return String(visitor.name);
  }
  const id = String((visitor && visitor.id) || '').replace(/^v-/, '').slice(0, 6);
  return texts.t('visitor.anonymous', { id }).trim();
}

function paintAvatar(element, id, name) {
  let hue = 0;
  for (const char of String(id || name)) {
    hue = (hue * 31 + char.codePointAt(0)) % 360;
  }
  element.textContent = ([...String(name).trim()][0] || '?').toUpperCase();
  element.style.setProperty('--hue', String(hue));
}

/** Only web addresses become links; anything else (javascript:, data:) stays text. */
const webAddress = webHref;

/** How long an offer waited, in words: "2 minutes", "45 seconds", "2 分钟". */
export function duration(texts, seconds) {
  if (seconds >= 60 && seconds % 60 === 0) {
    return texts.t(seconds === 60 ? 'time.minute' : 'time.minutes', { n: seconds / 60 });
  }
  return texts.t(seconds === 1 ? 'time.second' : 'time.seconds', { n: seconds });
}

/** Why a conversation left this agent, or how it ended, as a sentence. */
export function endedText(texts, conversation) {
  const t = texts.t.bind(texts);
  const handedOn = conversation.handedOn;
  if (conversation.closedBy === 'transfer' && handedOn && handedOn.reason === 'offer_timeout') {
    const name = handedOn.to || t('handed.someone');
    return handedOn.offerSeconds
      ? t('closed.offerTimeout', { time: duration(texts, handedOn.offerSeconds), name })
      : t('closed.offerTimeoutNoTime', { name });
  }
  if (conversation.closedBy === 'transfer') {
    return handedOn && handedOn.to ? t('closed.transferTo', { name: handedOn.to }) : t('closed.transfer');
  }
  return t(['visitor', 'agent', 'timeout', 'erased'].includes(conversation.closedBy) ? `closed.${conversation.closedBy}` : 'closed.other');
}

/** The list's tag of a conversation that is not open: ended, transferred, or offered to another. */
function stateTag(t, conversation) {
  if (conversation.closedBy === 'transfer') {
    return conversation.handedOn && conversation.handedOn.reason === 'offer_timeout' ? t('state.reoffered') : t('state.transferred');
  }
  return t(`state.${conversation.state}`);
}

/** What the list shows of a message: its text, or what it carries ("[image]", a file's name). */
export function previewText(t, message) {
  const text = String(message.text || '').replace(/\s+/g, ' ').trim();
  if (!message.file) {
    return text;
  }
  const what = /^image\//.test(String(message.file.contentType || '')) ? t('preview.image') : t('preview.file', { name: message.file.name || '' });
  return text ? `${what} ${text}` : what;
}

/** The label of a pre-chat answer: the form's own, or the console's word for a built-in field. */
export function prechatLabel(t, field) {
  if (field.label) {
    return field.label;
  }
  if (['name', 'email', 'phone'].includes(field.type) || ['name', 'email', 'phone'].includes(field.key)) {
    return t(`prechat.${['name', 'email', 'phone'].includes(field.type) ? field.type : field.key}`);
  }
  return field.key;
}

function dayKey(date) {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

export class ConsoleView {
  /**
   * @param texts the page's Texts
   * @param actions open(id), back(), step(delta), send(text) -> bool, input(text), close(),
   *   remove(), retry(clientMsgId), discard(clientMsgId), status(value), signOut(), retryHistory(),
   *   note(text) -> bool, pick(index), transfer(), take(), unwatch()
   */
  constructor(texts, actions) {
    this.texts = texts;
    this.actions = actions;
    this.workspace = document.querySelector('.workspace');
    this.list = hook('conversation-list');
    this.items = new Map();
    this.pane = hook('conversation');
    this.messages = role('messages');
    this.nodes = new Map(); // key -> element in the message list of the shown conversation
    this.shownId = null;
    this.drafts = new Map();
    this.reply = hook('reply-input');
    this.connection = hook('connection');
    this.statusSelect = hook('status');
    this.retryAt = null;
    this.countdown = null;
    this.mode = 'reply'; // what Enter sends: a reply to the visitor, or an internal note
    this.stick = true; // the agent reads the newest messages: new ones are scrolled into view
    this.pill = hook('new-messages');
    this.bind();
  }

  /** Reply to the visitor, or write an internal note that only staff read. */
  setMode(mode) {
    this.mode = mode === 'note' ? 'note' : 'reply';
    const composer = role('composer');
    composer.dataset.mode = this.mode;
    hook('mode-reply').setAttribute('aria-pressed', String(this.mode === 'reply'));
    hook('mode-note').setAttribute('aria-pressed', String(this.mode === 'note'));
    this.reply.placeholder = this.texts.t(this.mode === 'note' ? 'note.placeholder' : 'reply.placeholder');
  }

  bind() {
    this.list.addEventListener('click', (event) => {
      const item = event.target.closest('[data-kf="conversation-item"]');
      if (item) {
        this.actions.open(item.dataset.conversationId);
      }
    });
    role('back').addEventListener('click', () => this.actions.back());
    role('details-toggle').addEventListener('click', () => this.toggleDetails());
    role('details-close').addEventListener('click', () => this.toggleDetails(false));
    role('scrim').addEventListener('click', () => this.toggleDetails(false));
    hook('close-conversation').addEventListener('click', () => this.actions.confirmClose());
    const confirm = hook('close-dialog');
    hook('close-confirm').addEventListener('click', () => {
      confirm.close();
      this.actions.close();
    });
    hook('close-cancel').addEventListener('click', () => confirm.close());
    const menu = hook('menu');
    const menuPanel = hook('menu-panel');
    const closeMenu = () => {
      menuPanel.classList.remove('is-open');
      menu.setAttribute('aria-expanded', 'false');
    };
    menu.addEventListener('click', (event) => {
      event.stopPropagation();
      const open = !menuPanel.classList.contains('is-open');
      menuPanel.classList.toggle('is-open', open);
      menu.setAttribute('aria-expanded', String(open));
    });
    // A choice in the menu (a button; not the language select, which stays open to be changed) closes it.
    menuPanel.addEventListener('click', (event) => {
      if (event.target.closest('button')) {
        closeMenu();
      }
    });
    document.addEventListener('click', (event) => {
      if (!event.target.closest('[data-kf="menu-panel"]')) {
        closeMenu();
      }
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        closeMenu();
      }
    });
    // Scrolled up to read older messages: new ones do not pull the view down, a pill says they came.
    this.messages.addEventListener('scroll', () => {
      this.stick = this.atBottom();
      if (this.stick) {
        this.pill.hidden = true;
      }
    });
    this.pill.addEventListener('click', () => this.scrollToEnd());
    // The reply box growing, the typing line showing, an image loading: the newest stays in view.
    new ResizeObserver(() => this.keepEnd()).observe(this.messages);
    this.messages.addEventListener('load', () => this.keepEnd(), true);
    hook('remove-conversation').addEventListener('click', () => this.actions.remove());
    role('history-retry').addEventListener('click', () => this.actions.retryHistory());
    hook('signout').addEventListener('click', () => this.actions.signOut());
    role('fatal-signout').addEventListener('click', () => this.actions.signOut());
    this.statusSelect.addEventListener('change', () => this.actions.status(this.statusSelect.value));

    const composer = role('composer');
    hook('mode-reply').addEventListener('click', () => this.setMode('reply'));
    hook('mode-note').addEventListener('click', () => this.setMode('note'));
    hook('transfer').addEventListener('click', () => this.actions.transfer());
    hook('take').addEventListener('click', () => this.actions.take());
    hook('unwatch').addEventListener('click', () => this.actions.unwatch());
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      const sent = this.mode === 'note' ? this.actions.note(this.reply.value) : this.actions.send(this.reply.value);
      if (sent) {
        this.reply.value = '';
        this.drafts.delete(this.shownId);
        this.fitReply();
      }
      this.reply.focus();
    });
    this.reply.addEventListener('keydown', (event) => {
      // While an input method is composing (pinyin), Enter picks a candidate; it must not send.
      if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey
          && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    this.reply.addEventListener('input', () => {
      this.composerError(null);
      this.fitReply();
      this.actions.input(this.reply.value);
    });
    this.reply.addEventListener('blur', () => this.actions.input(''));

    this.messages.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button) {
        return;
      }
      const id = button.dataset.clientMsgId;
      if (button.dataset.action === 'retry') {
        this.actions.retry(id);
      } else if (button.dataset.action === 'discard') {
        this.actions.discard(id);
      }
    });

    document.addEventListener('keydown', (event) => {
      let step = 0;
      if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        step = event.key === 'ArrowUp' ? -1 : 1;
      } else if (event.ctrlKey && !event.altKey && (event.key === '[' || event.key === ']')) {
        step = event.key === '[' ? -1 : 1;
      }
      const number = event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[1-9]$/.test(event.code)
        ? Number(event.code.slice(5))
        : 0;
      if (step) {
        event.preventDefault();
        this.actions.step(step);
      } else if (number) {
        event.preventDefault();
        this.actions.pick(number - 1);
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN') {
        event.preventDefault();
        if (!hook('mode-reply').disabled) {
          this.setMode(this.mode === 'note' ? 'reply' : 'note');
        }
        this.focusReply();
      } else if (event.key === 'Escape' && this.workspace.classList.contains('details-open')) {
        this.toggleDetails(false);
      }
    });
  }

  atBottom() {
    const list = this.messages;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  }

  scrollToEnd() {
    this.messages.scrollTop = this.messages.scrollHeight;
    this.stick = true;
    this.pill.hidden = true;
  }

  keepEnd() {
    if (this.stick && this.shownId !== null) {
      this.messages.scrollTop = this.messages.scrollHeight;
    }
  }

  /** Asks whether to end the conversation: the visitor cannot write into it afterwards. */
  confirmClose(name) {
    const dialog = hook('close-dialog');
    role('close-question').textContent = this.texts.t('close.question', { name });
    dialog.showModal();
    hook('close-cancel').focus();
  }

  fitReply() {
    this.reply.style.height = 'auto';
    this.reply.style.height = `${Math.min(this.reply.scrollHeight + 2, 200)}px`;
  }

  focusReply() {
    if (!this.reply.disabled && this.reply.offsetParent !== null) {
      this.reply.focus();
    } else {
      role('pane-name').focus();
    }
  }

  focusItem(id) {
    const item = this.items.get(id);
    if (item) {
      item.querySelector('button').focus();
    }
  }

  showList() {
    this.workspace.dataset.view = 'list';
  }

  showPane() {
    this.workspace.dataset.view = 'conversation';
  }

  toggleDetails(open) {
    const show = open ?? !this.workspace.classList.contains('details-open');
    this.workspace.classList.toggle('details-open', show);
    role('details-toggle').setAttribute('aria-expanded', String(show));
    role('scrim').hidden = !show;
    if (show) {
      role('details-close').focus();
    }
  }

  setReady() {
    document.body.dataset.ready = 'true';
  }

  setAgent(name) {
    hook('agent-name').textContent = name;
    paintAvatar(role('me-initial'), name, name);
  }

  /**
   * The tenant's own statuses, after online / away / offline, as `custom:<id>` options. One that
   * counts as available shows the online colour, any other the away colour.
   */
  setStatuses(statuses) {
    this.statusSelect.querySelectorAll('option[data-custom]').forEach((option) => option.remove());
    this.customAvailable = new Map();
    for (const status of statuses) {
      const option = document.createElement('option');
      option.value = `custom:${status.id}`;
      option.textContent = status.name;
      option.dataset.custom = '';
      this.statusSelect.append(option);
      this.customAvailable.set(option.value, Boolean(status.available));
    }
  }

  /** Shows a status; one the agent chose stays marked unconfirmed until the server's `status` frame. */
  setStatus(value, confirmed = true) {
    this.statusSelect.value = value;
    this.statusSelect.dataset.confirmed = String(confirmed);
    const custom = this.customAvailable?.get(value);
    this.statusSelect.closest('.status').dataset.status =
      custom === undefined ? value : custom ? 'online' : 'away';
  }

  setConnection(state, retryAt) {
    this.connection.dataset.state = state;
    this.retryAt = retryAt || null;
    clearInterval(this.countdown);
    this.countdown = null;
    if (this.retryAt) {
      this.countdown = setInterval(() => this.drawConnection(), 1000);
    }
    this.drawConnection();
  }

  drawConnection() {
    const state = this.connection.dataset.state;
    const text = this.connection.querySelector('.connection__text');
    const seconds = this.retryAt ? Math.ceil((this.retryAt - Date.now()) / 1000) : 0;
    if (state === 'open') {
      text.textContent = this.texts.t('connection.open');
    } else if (seconds >= 2) {
      text.textContent = this.texts.t('connection.retryIn', { s: seconds });
    } else {
      text.textContent = this.texts.t(state === 'reconnecting' ? 'connection.reconnecting' : 'connection.connecting');
    }
  }

  fatal(text) {
    role('fatal-text').textContent = text;
    role('fatal').hidden = false;
    role('fatal-signout').focus();
  }

  toast(text) {
    const toast = make('div', 'toast', text);
    role('toasts').append(toast);
    setTimeout(() => toast.remove(), 6000);
  }

  announce(text) {
    const announcer = role('announcer');
    announcer.textContent = '';
    setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  composerError(text) {
    const error = role('composer-error');
    error.hidden = !text;
    error.textContent = text || '';
    role('composer-hint').hidden = Boolean(text);
  }

  time(at) {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) {
      return '';
    }
    return new Intl.DateTimeFormat(this.texts.lang, { hour: '2-digit', minute: '2-digit' }).format(date);
  }

  shortWhen(at) {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) {
      return '';
    }
    if (dayKey(date) === dayKey(new Date())) {
      return this.time(at);
    }
    return new Intl.DateTimeFormat(this.texts.lang, { month: 'numeric', day: 'numeric' }).format(date);
  }

  dayLabel(date) {
    const today = new Date();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    if (dayKey(date) === dayKey(today)) {
      return this.texts.t('day.today');
    }
    if (dayKey(date) === dayKey(yesterday)) {
      return this.texts.t('day.yesterday');
    }
    return new Intl.DateTimeFormat(this.texts.lang, {
      year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'short',
    }).format(date);
  }

  /**
   * Draws everything: the list, the open conversation and its visitor.
   * @param model { conversations: ordered array, active: Conversation|null, outbox: entries of the
   *   active one, me: {name}, status }
   */
  render(model) {
    this.renderList(model);
    this.renderPane(model);
    this.renderDetails(model.active);
  }

  renderList({ conversations, active, status, available, waiting }) {
    const t = this.texts.t.bind(this.texts);
    const seen = new Set();
    let previous = null;
    for (const conversation of conversations) {
      seen.add(conversation.id);
      let item = this.items.get(conversation.id);
      if (!item) {
        item = this.createItem(conversation.id);
        this.items.set(conversation.id, item);
      }
      this.updateItem(item, conversation, active === conversation, t);
      const wanted = previous ? previous.nextSibling : this.list.firstChild;
      if (wanted !== item) {
        this.list.insertBefore(item, wanted);
      }
      previous = item;
    }
    for (const [id, item] of this.items) {
      if (!seen.has(id)) {
        item.remove();
        this.items.delete(id);
      }
    }
    const empty = role('list-empty');
    empty.hidden = conversations.length > 0;
    empty.textContent = available ? t('list.empty') : t('list.emptyOffline');
    // Not taking chats while visitors wait: say so, so that nobody waits unseen.
    const queue = hook('waiting');
    queue.hidden = available || !waiting;
    queue.textContent = waiting ? t('waiting.offline', { n: waiting }) : '';
    queue.dataset.count = String(waiting || 0);
    const open = conversations.filter((c) => c.isOpen).length;
    role('open-count').textContent = open ? String(open) : '';
  }

  createItem(id) {
    const item = make('li', 'conv');
    item.dataset.kf = 'conversation-item';
    item.dataset.conversationId = id;
    const button = make('button', 'conv__button');
    button.type = 'button';
    const avatar = make('span', 'avatar');
    avatar.setAttribute('aria-hidden', 'true');
    const presence = make('span', 'conv__presence');
    presence.setAttribute('aria-hidden', 'true');
    const avatarWrap = make('span', 'conv__avatar');
    avatarWrap.append(avatar, presence);
    const body = make('span', 'conv__body');
    const top = make('span', 'conv__row');
    const name = make('span', 'conv__name');
    const when = make('span', 'conv__time');
    top.append(name, when);
    const bottom = make('span', 'conv__row');
    const preview = make('span', 'conv__preview');
    const tag = make('span', 'tag tag--ended');
    const unread = make('span', 'badge');
    unread.dataset.kf = 'unread';
    bottom.append(preview, tag, unread);
    body.append(top, bottom);
    button.append(avatarWrap, body);
    item.append(button);
    item.parts = { button, avatar, name, when, preview, tag, unread };
    return item;
  }

  updateItem(item, conversation, isActive, t) {
    const { button, avatar, name, when, preview, tag, unread } = item.parts;
    const visitor = visitorName(this.texts, conversation.visitor);
    item.dataset.state = conversation.state;
    if (conversation.isOpen || !conversation.closedBy) {
      delete item.dataset.closedBy;
    } else {
      item.dataset.closedBy = conversation.handedOn?.reason === 'offer_timeout' ? 'offer_timeout' : conversation.closedBy;
    }
    item.classList.toggle('is-handed-on', conversation.isHandedOn);
    item.classList.toggle('is-active', isActive);
    item.classList.toggle('is-fresh', conversation.fresh);
    item.classList.toggle('is-ended', !conversation.isOpen);
    if (isActive) {
      button.setAttribute('aria-current', 'true');
    } else {
      button.removeAttribute('aria-current');
    }
    paintAvatar(avatar, conversation.visitor.id, visitor);
    name.textContent = visitor;
    const latest = conversation.latest();
    when.textContent = latest ? this.shortWhen(latest.at) : '';
    if (conversation.typing && conversation.isOpen) {
      preview.textContent = t('preview.typing');
      preview.classList.add('is-typing');
    } else {
      preview.classList.remove('is-typing');
      if (!latest) {
        preview.textContent = t('preview.none');
      } else {
        const prefix = latest.sender.type === 'agent' ? t('preview.you') : '';
        preview.textContent = prefix + previewText(t, latest);
      }
    }
    tag.hidden = conversation.isOpen && !conversation.watched;
    tag.textContent = conversation.watched && conversation.isOpen ? t('watch.tag') : stateTag(t, conversation);
    tag.className = `tag ${conversation.isHandedOn ? 'tag--handed' : 'tag--ended'}`;
    item.classList.toggle('is-watched', conversation.watched);
    const count = conversation.unread();
    unread.hidden = count === 0;
    unread.textContent = String(count);
    unread.setAttribute('aria-label', t('unread.label', { n: count }));
    button.setAttribute(
      'aria-label',
      [visitor, conversation.isOpen ? '' : stateTag(t, conversation), count ? t('unread.label', { n: count }) : '']
        .filter(Boolean)
        .join(', '),
    );
  }

  renderPane({ active, outbox, me }) {
    const t = this.texts.t.bind(this.texts);
    role('pane-empty').hidden = Boolean(active);
    this.pane.hidden = !active;
    if (!active) {
      this.leaveShown();
      delete this.pane.dataset.conversationId;
      return;
    }
    const switched = this.shownId !== active.id;
    if (switched) {
      this.leaveShown();
      this.shownId = active.id;
      this.reply.value = this.drafts.get(active.id) || '';
      this.fitReply();
      this.composerError(null);
    }
    this.pane.dataset.conversationId = active.id;
    this.pane.dataset.state = active.state;

    const name = visitorName(this.texts, active.visitor);
    paintAvatar(role('pane-avatar'), active.visitor.id, name);
    role('pane-name').textContent = name;
    const paneTag = role('pane-state');
    paneTag.textContent = active.isOpen ? t(`state.${active.state}`) : stateTag(t, active);
    paneTag.className = `tag ${active.isOpen ? 'tag--open' : active.isHandedOn ? 'tag--handed' : 'tag--ended'}`;
    const page = active.visitor.page || {};
    role('pane-page').textContent = page.title || page.url || '';

    hook('close-conversation').hidden = !active.isOpen;
    hook('transfer').hidden = !active.isOpen;
    hook('take').hidden = !(active.watched && active.isOpen);
    hook('unwatch').hidden = !active.watched;
    const watchingTag = role('watching-tag');
    watchingTag.hidden = !active.watched;
    watchingTag.textContent = active.agent && active.agent.name
      ? t('watch.of', { name: active.agent.name })
      : t('watch.tag');
    // Someone else's conversation: a watcher writes internal notes only.
    hook('mode-reply').disabled = active.watched;
    if (active.watched && this.mode !== 'note') {
      this.setMode('note');
    }
    const ended = role('ended');
    ended.hidden = active.isOpen;
    ended.dataset.closedBy = active.handedOn?.reason === 'offer_timeout' ? 'offer_timeout' : active.closedBy || '';
    role('ended-text').textContent = endedText(this.texts, active);
    role('composer').hidden = !active.isOpen;
    this.reply.disabled = !active.isOpen;
    hook('reply-send').disabled = !active.isOpen;
    hook('typing').hidden = !(active.typing && active.isOpen);

    const notice = role('pane-notice');
    const retry = role('history-retry');
    if (active.loading && active.messages.size === 0) {
      notice.hidden = false;
      retry.hidden = true;
      role('pane-notice-text').textContent = t('pane.loading');
    } else if (active.loadFailed) {
      notice.hidden = false;
      retry.hidden = false;
      role('pane-notice-text').textContent = t('pane.loadFailed');
    } else {
      notice.hidden = true;
    }
    this.renderMessages(active, outbox, me, switched);
  }

  leaveShown() {
    if (this.shownId !== null) {
      const draft = this.reply.value;
      if (draft) {
        this.drafts.set(this.shownId, draft);
      } else {
        this.drafts.delete(this.shownId);
      }
    }
    this.shownId = null;
    this.nodes.clear();
    this.messages.replaceChildren();
  }

  renderMessages(conversation, outbox, me, switched) {
    const list = this.messages;
    // Internal notes go between the messages by time; they have no seq of their own.
    const notes = conversation.orderedNotes().map((n) => ({ kind: 'note', ...n, sender: { type: 'note', name: n.author.name } }));
    const items = [];
    for (const m of conversation.ordered()) {
      const at = Date.parse(m.at);
      while (notes.length && Date.parse(notes[0].at) < at) {
        items.push(notes.shift());
      }
      items.push({ kind: 'msg', ...m });
    }
    items.push(...notes);
    for (const entry of outbox) {
      items.push({ kind: 'out', ...entry, sender: { type: 'agent', name: me.name } });
    }
    for (const entry of conversation.pendingNotes.values()) {
      items.push({ kind: 'pending-note', ...entry, state: 'pending', sender: { type: 'note', name: me.name } });
    }
    let lastOwnRead = 0;
    for (const m of conversation.messages.values()) {
      if (m.sender.type === 'agent' && m.seq <= conversation.visitorReadSeq && m.seq > lastOwnRead) {
        lastOwnRead = m.seq;
      }
    }
    const wanted = [];
    const keys = new Set();
    if (conversation.prechat.length) {
      // What the visitor answered in the pre-chat form heads the conversation, as it came first.
      let card = this.nodes.get('prechat');
      if (!card) {
        card = make('li', 'prechat-card');
        card.dataset.kf = 'prechat-card';
        this.nodes.set('prechat', card);
      }
      this.drawPrechat(card, conversation.prechat, 'prechat.title');
      keys.add('prechat');
      wanted.push(card);
    }
    let day = null;
    let addedOwn = false;
    let previous = null;
    for (const item of items) {
      const date = new Date(item.at);
      const thisDay = Number.isNaN(date.getTime()) ? day : dayKey(date);
      if (thisDay !== day && thisDay !== null) {
        day = thisDay;
        const key = `d:${thisDay}`;
        let divider = this.nodes.get(key);
        if (!divider) {
          divider = make('li', 'day');
          divider.append(make('span', 'day__label'));
          this.nodes.set(key, divider);
        }
        divider.firstChild.textContent = this.dayLabel(date);
        keys.add(key);
        wanted.push(divider);
      }
      const key = item.kind === 'msg' ? `s:${item.seq}`
        : item.kind === 'note' ? `n:${item.id}`
        : item.kind === 'pending-note' ? `pn:${item.clientMsgId}` : `p:${item.clientMsgId}`;
      let node = this.nodes.get(key);
      if (!node && item.kind === 'note' && item.clientMsgId && this.nodes.has(`pn:${item.clientMsgId}`)) {
        node = this.nodes.get(`pn:${item.clientMsgId}`);
        this.nodes.delete(`pn:${item.clientMsgId}`);
        this.nodes.set(key, node);
      }
      if (!node && item.kind === 'msg' && item.clientMsgId && this.nodes.has(`p:${item.clientMsgId}`)) {
        // The acknowledged message keeps the element it had while pending.
        node = this.nodes.get(`p:${item.clientMsgId}`);
        this.nodes.delete(`p:${item.clientMsgId}`);
        this.nodes.set(key, node);
      }
      if (!node) {
        node = this.createMessage(item.sender.type);
        this.nodes.set(key, node);
        if (item.kind === 'out' || item.kind === 'pending-note') {
          addedOwn = true;
        }
      }
      // A message right after another of the same sender shows no name and time of its own.
      const follows = previous !== null && item.sender.type !== 'system'
        && previous.sender.type === item.sender.type && previous.sender.name === item.sender.name
        && dayKey(new Date(previous.at)) === dayKey(date) && date - new Date(previous.at) < 5 * 60 * 1000;
      this.updateMessage(node, item, conversation, me, item.kind === 'msg' && item.seq === lastOwnRead, follows);
      previous = item;
      keys.add(key);
      wanted.push(node);
    }
    // Announce single new messages, not a whole history drawn at once.
    const fresh = wanted.filter((node) => !node.isConnected).length;
    const stuck = this.stick || this.atBottom();
    if (switched || fresh > 3) {
      list.setAttribute('aria-live', 'off');
      setTimeout(() => list.setAttribute('aria-live', 'polite'), 100);
    }
    let cursor = list.firstChild;
    for (const node of wanted) {
      if (node === cursor) {
        cursor = cursor.nextSibling;
      } else {
        list.insertBefore(node, cursor);
      }
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    for (const key of [...this.nodes.keys()]) {
      if (!keys.has(key)) {
        this.nodes.delete(key);
      }
    }
    // Every new message, note or line comes fully into view, unless the agent scrolled up to read
    // older ones: then a pill says that new ones came.
    if (switched || addedOwn || (fresh && stuck)) {
      this.scrollToEnd();
    } else if (fresh) {
      this.pill.hidden = false;
    }
  }

  /** A list of pre-chat answers, each under the form's label. */
  drawPrechat(holder, fields, titleKey) {
    const t = this.texts.t.bind(this.texts);
    const list = make('dl', 'prechat');
    for (const field of fields) {
      const row = make('div', 'prechat__field');
      row.dataset.kf = 'prechat-field';
      row.dataset.key = field.key;
      const value = make('dd');
      value.append(linkify(field.value));
      row.append(make('dt', null, prechatLabel(t, field)), value);
      list.append(row);
    }
    holder.replaceChildren(...(titleKey ? [make('p', 'prechat-card__title', t(titleKey))] : []), list);
  }

  createMessage(senderType) {
    const item = make('li', 'msg');
    item.dataset.kf = 'msg';
    const meta = make('div', 'msg__meta');
    const name = make('span', 'msg__name');
    const time = make('time', 'msg__time');
    const status = make('span', 'msg__status');
    meta.append(name, time, status);
    const bubble = make('div', 'msg__bubble');
    bubble.dataset.kf = 'text';
    const failure = make('div', 'msg__failure');
    const error = make('span', 'msg__error');
    const retry = make('button', 'link-button');
    retry.type = 'button';
    retry.dataset.action = 'retry';
    const discard = make('button', 'link-button');
    discard.type = 'button';
    discard.dataset.action = 'discard';
    failure.append(error, retry, discard);
    item.append(meta, bubble, failure);
    item.parts = { name, time, status, bubble, failure, error, retry, discard };
    item.senderType = senderType;
    return item;
  }

  updateMessage(node, item, conversation, me, readHere, follows) {
    const t = this.texts.t.bind(this.texts);
    const { name, time, status, bubble, failure, error, retry, discard } = node.parts;
    const type = ['visitor', 'agent', 'bot', 'system', 'note'].includes(item.sender.type) ? item.sender.type : 'system';
    node.dataset.sender = type;
    node.className = `msg msg--${type}`;
    if (item.kind === 'msg') {
      node.dataset.seq = String(item.seq);
    } else {
      delete node.dataset.seq;
    }
    if (type === 'agent') {
      node.dataset.state = item.kind === 'msg' ? 'sent' : item.state;
    } else {
      delete node.dataset.state;
    }
    if (type === 'visitor') {
      name.textContent = visitorName(this.texts, conversation.visitor);
    } else if (type === 'agent') {
      name.textContent = !item.sender.name || item.sender.name === me.name ? t('sender.you') : item.sender.name;
    } else if (type === 'note') {
      const author = !item.sender.name || item.sender.name === me.name ? t('sender.you') : item.sender.name;
      name.textContent = `${t('note.label')} · ${author}`;
    } else if (type === 'bot') {
      name.textContent = item.sender.name || t('sender.bot');
    } else {
      name.textContent = '';
    }
    time.textContent = this.time(item.at);
    time.dateTime = item.at || '';
    time.title = item.at ? new Date(item.at).toLocaleString(this.texts.lang) : '';
    if (bubble.shownText !== item.text) {
      // Web addresses become links, built as elements: the text itself is never parsed as HTML.
      bubble.replaceChildren(linkify(item.text));
      bubble.shownText = item.text;
    }
    drawAttachment(node, item);
    const failed = item.kind === 'out' && item.state === 'failed';
    if ((item.kind === 'out' || item.kind === 'pending-note') && item.state === 'pending') {
      status.textContent = t('msg.pending');
    } else if (readHere) {
      status.textContent = t('msg.read');
    } else {
      status.textContent = '';
    }
    node.classList.toggle('msg--follows', Boolean(follows) && !status.textContent && !failed);
    failure.hidden = !failed;
    if (failed) {
      error.textContent = `${t('msg.failed')}: ${item.error || ''}`;
      retry.textContent = t('msg.retry');
      discard.textContent = t('msg.discard');
      retry.dataset.clientMsgId = item.clientMsgId;
      discard.dataset.clientMsgId = item.clientMsgId;
    }
  }

  renderDetails(conversation) {
    const t = this.texts.t.bind(this.texts);
    role('details-none').hidden = Boolean(conversation);
    role('details-body').hidden = !conversation;
    role('details-toggle').hidden = !conversation;
    if (!conversation) {
      if (this.workspace.classList.contains('details-open')) {
        this.toggleDetails(false);
      }
      return;
    }
    const visitor = conversation.visitor || {};
    const name = visitorName(this.texts, visitor);
    paintAvatar(role('details-avatar'), visitor.id, name);
    role('details-name').textContent = name;
    const email = role('details-email');
    email.textContent = visitor.email || '';
    email.hidden = !visitor.email;

    const page = visitor.page || {};
    const link = role('page-link');
    const href = webAddress(page.url);
    link.textContent = page.title || page.url || t('details.unknown');
    if (href) {
      link.href = href;
    } else {
      link.removeAttribute('href');
    }
    const url = role('page-url');
    url.textContent = page.url && page.title ? page.url : '';
    url.hidden = !url.textContent;

    const device = visitor.device ? t(`device.${visitor.device}`) : t('details.unknown');
    hook('visitor-device').textContent = device.startsWith('device.') ? visitor.device : device;
    hook('visitor-browser').textContent = visitor.browser || t('details.unknown');
    hook('visitor-locale').textContent = this.languageName(visitor.locale) || t('details.unknown');
    hook('visitor-referrer').textContent = visitor.referrer || t('details.direct');
    hook('visitor-visits').textContent = visitor.visits ? String(visitor.visits) : '1';
    hook('conversation-id').textContent = conversation.id;
    const prechat = hook('visitor-prechat');
    prechat.hidden = !conversation.prechat.length;
    this.drawPrechat(prechat, conversation.prechat, null);
  }

  languageName(tag) {
    if (!tag) {
      return '';
    }
    try {
      const name = new Intl.DisplayNames([this.texts.lang], { type: 'language' }).of(tag);
      return name && name !== tag ? `${name} · ${tag}` : tag;
    } catch {
      return String(tag);
    }
  }
}

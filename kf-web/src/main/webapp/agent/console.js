// The agent console: signs the agent's socket in, keeps the conversations assigned to the agent,
// and answers them. Protocol: docs/protocol.md (agent frames).
import { api, root, HttpError, SignedOut } from './api.js';
import { AgentSocket } from './socket.js';
import { Conversation, MAX_TEXT, Outbox } from './conversations.js';
import { ConsoleView, visitorName } from './view.js';
import { Texts } from './i18n.js';
import { dictionaries } from './texts.js';
import { askNotificationPermission, chime, isMuted, notify, setMuted, unlockSoundOnFirstGesture } from './alerts.js';
import { newClientMsgId } from './conversations.js';
import { CannedPicker } from './canned.js';
import { EmojiPicker } from './emoji.js';
import { VisitorHistory } from './history.js';
import { TransferDialog } from './transfer.js';
import { LiveList } from './supervision.js';
import { attachFiles } from './files.js';
import { Inbox } from './inbox.js';
import { OwnPasswordDialog } from './password.js';

const HISTORY_PAGE = 500; // the most messages the history call answers at once
const TYPING_IDLE_MS = 3000; // the agent stopped typing after this long without a key
const TYPING_REFRESH_MS = 5000; // "still typing" again while the agent keeps typing
const VISITOR_TYPING_TIMEOUT_MS = 10000; // a lost "typing off" must not show forever
const READ_DELAY_MS = 600;

const texts = new Texts(dictionaries);
const t = texts.t.bind(texts);

let me = null;
const conversations = new Map();
let activeId = null;
let outbox = null;
let chosenStatus = null; // what the agent picked; restored after every reconnect
let welcomed = false;
let inbox = null;
const waiting = new Map(); // department id -> how many visitors wait in its queue
const transferredTo = new Map(); // conversation id -> the name of whom this console handed it to
const typing = { conversationId: null, on: false, sentAt: 0, idle: null };

const storage = {
  get(key) {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      if (value == null) {
        sessionStorage.removeItem(key);
      } else {
        sessionStorage.setItem(key, value);
      }
    } catch {
      // Kept in memory only.
    }
  },
};

const view = new ConsoleView(texts, {
  open: (id) => open(id, true),
  back,
  step,
  send,
  input: agentTyping,
  close: closeActive,
  confirmClose,
  remove: removeActive,
  retry,
  discard,
  status: chooseStatus,
  signOut,
  retryHistory: () => active() && loadHistory(active()),
  note: writeNote,
  pick: (index) => {
    const list = ordered();
    if (list[index]) {
      open(list[index].id, true);
    }
  },
  transfer: () => {
    const conversation = active();
    if (conversation && conversation.isOpen) {
      transferDialog.open(conversation.id, me.id, conversation.watched ? conversation.agent?.id : me.id);
    }
  },
  take: () => {
    const conversation = active();
    if (conversation && conversation.watched && !socket.send({ type: 'take', conversationId: conversation.id })) {
      view.toast(t('connection.reconnecting'));
    }
  },
  unwatch: () => {
    const conversation = active();
    if (conversation && conversation.watched) {
      socket.send({ type: 'unwatch', conversationId: conversation.id });
      conversations.delete(conversation.id);
      activeId = null;
      view.showList();
      render();
    }
  },
});

const history = new VisitorHistory(
  {
    pages: document.querySelector('[data-kf="page-trail"]'),
    previous: document.querySelector('[data-kf="previous-list"]'),
    dialog: document.querySelector('[data-kf="previous-dialog"]'),
  },
  view,
);

const transferDialog = new TransferDialog(
  document.querySelector('[data-kf="transfer-dialog"]'),
  texts,
  (conversationId, to, note, name) => {
    const frame = { type: 'transfer', conversationId, ...to };
    if (note) {
      frame.note = note;
    }
    if (!socket.send(frame)) {
      view.toast(t('connection.reconnecting'));
      return false;
    }
    transferredTo.set(conversationId, name);
    return true;
  },
);

let canned = null;
let liveList = null;

const socket = new AgentSocket({
  hello: () => ({
    type: 'hello',
    protocol: 1,
    resume: [...conversations.values()]
      .filter((c) => c.isOpen && !c.watched)
      .map((c) => ({ conversationId: c.id, lastSeq: c.contiguous })),
  }),
  frame: receive,
  state: (state, retryAt) => {
    if (state !== 'open') {
      welcomed = false;
    }
    view.setConnection(state, retryAt);
  },
  forbidden: () => view.fatal(t('fatal.forbidden')),
});

function active() {
  return activeId ? conversations.get(activeId) || null : null;
}

/** Open conversations first, then the most recently active. */
function ordered() {
  return [...conversations.values()].sort(
    (a, b) => Number(b.isOpen) - Number(a.isOpen) || b.lastActivity - a.lastActivity || a.id.localeCompare(b.id),
  );
}

let renderQueued = false;

/** Draws once after the current burst of frames (a microtask, so it also runs in hidden tabs). */
function render() {
  if (renderQueued) {
    return;
  }
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    const current = active();
    view.render({
      conversations: ordered(),
      active: current,
      outbox: current && outbox ? outbox.of(current.id) : [],
      me: me || { name: '' },
      status: chosenStatus,
      available: isAvailable(chosenStatus),
      waiting: [...waiting.values()].reduce((sum, n) => sum + n, 0),
    });
    updateTitle();
  });
}

function updateTitle() {
  let waiting = 0;
  for (const conversation of conversations.values()) {
    waiting += conversation.unread() || (conversation.fresh ? 1 : 0);
  }
  document.title = (waiting ? `(${waiting}) ` : '') + t('page.title');
}

// ---- frames from the server ----

function receive(frame) {
  switch (frame.type) {
    case 'welcome':
      return welcome(frame);
    case 'conversation':
      return assigned(frame.conversation);
    case 'msg':
      return message(frame);
    case 'ack':
      return acknowledged(frame);
    case 'error':
      return refused(frame);
    case 'typing':
      return visitorTyping(frame);
    case 'read':
      return visitorRead(frame);
    case 'closed':
      return closed(frame);
    case 'visitor_page':
      return visitorPage(frame);
    case 'status':
      return statusChanged(statusValue(frame));
    case 'note':
      return noted(frame);
    case 'watching':
      return watching(frame.conversation);
    case 'unwatched':
      return undefined;
    case 'agent_read':
      return readElsewhere(frame);
    case 'waiting':
      return queueChanged(frame);
    case 'live':
      return liveList && liveList.changed();
    default:
      // The inbox's frames (missed, rated); a type nobody here knows is ignored, as the protocol says.
      return inbox && inbox.frame(frame);
  }
}

function welcome(frame) {
  if (frame.agent && frame.agent.name) {
    me.name = frame.agent.name;
    view.setAgent(me.name);
  }
  const listed = new Set();
  for (const summary of Array.isArray(frame.conversations) ? frame.conversations : []) {
    if (!summary || typeof summary.id !== 'string') {
      continue;
    }
    listed.add(summary.id);
    let conversation = conversations.get(summary.id);
    if (!conversation) {
      conversation = new Conversation(summary.id);
      conversations.set(summary.id, conversation);
      loadNotes(conversation); // after a reload: the notes come over REST, the messages too
    }
    conversation.update(summary);
  }
  // Ended, or handed to someone else, while this console was away. Watching starts again.
  for (const conversation of conversations.values()) {
    if (conversation.watched) {
      if (conversation.isOpen) {
        socket.send({ type: 'watch', conversationId: conversation.id });
      }
    } else if (conversation.isOpen && !listed.has(conversation.id)) {
      conversation.end(null);
    }
  }
  welcomed = true;
  waiting.clear();
  for (const entry of Array.isArray(frame.waiting) ? frame.waiting : []) {
    if (entry && typeof entry.departmentId === 'string' && Number.isInteger(entry.count)) {
      waiting.set(entry.departmentId, entry.count);
    }
  }

  const statuses = Array.isArray(frame.statuses) ? frame.statuses : [];
  view.setStatuses(statuses);
  if (chosenStatus?.startsWith('custom:') && !statuses.some((s) => `custom:${s.id}` === chosenStatus)) {
    chosenStatus = null; // a status the tenant has since removed
  }
  if (chosenStatus && chosenStatus !== statusValue(frame)) {
    socket.send(statusFrame(chosenStatus));
  } else {
    statusChanged(statusValue(frame));
  }

  for (const entry of outbox.pending()) {
    const conversation = conversations.get(entry.conversationId);
    if (!conversation) {
      outbox.take(entry.clientMsgId);
    } else if (conversation.isOpen) {
      transmit(entry);
    } else {
      outbox.fail(entry.clientMsgId, t('error.conversation_closed')); // ended while away
    }
  }
  for (const conversation of conversations.values()) {
    if (conversation.missingSome) {
      loadHistory(conversation);
    }
    flushRead(conversation);
  }
  if (!activeId) {
    const remembered = storage.get(`kefu:active:${me.id}`);
    if (remembered && conversations.has(remembered)) {
      open(remembered, false);
    }
  }
  markRead(active());
  view.setReady();
  render();
}

function assigned(summary) {
  if (!summary || typeof summary.id !== 'string') {
    return;
  }
  let conversation = conversations.get(summary.id);
  const isNew = !conversation || !conversation.isOpen || conversation.watched;
  if (!conversation) {
    conversation = new Conversation(summary.id);
    conversations.set(summary.id, conversation);
  }
  if (conversation.watched && conversation.id === activeId) {
    view.setMode('reply'); // taken over: the supervisor answers the visitor now
  }
  conversation.watched = false; // taken over: it is this agent's own now
  conversation.agent = null;
  conversation.update(summary);
  if (isNew) {
    conversation.fresh = conversation.id !== activeId;
    conversation.lastActivity = Date.now();
    const name = visitorName(texts, conversation.visitor);
    chime('conversation');
    notify(t('notify.newConversation', { name }), conversation.visitor.page?.title || '', `kefu-${conversation.id}`, () =>
      open(conversation.id, true),
    );
    view.announce(t('announce.newConversation', { name }));
  }
  // Its history follows as msg frames; only what is still missing afterwards is fetched.
  checkGapsSoon(conversation);
  render();
}

function message(frame) {
  const conversation = conversations.get(frame.conversationId);
  if (!conversation) {
    return;
  }
  const live = welcomed && Number(frame.seq) > conversation.lastSeq;
  if (!conversation.add(frame)) {
    return;
  }
  const sender = frame.sender && frame.sender.type;
  if (sender === 'agent' && !conversation.watched) {
    // Answered on another of the agent's consoles: what came before has been read there.
    conversation.readSeq = Math.max(conversation.readSeq, Number(frame.seq));
    conversation.sentRead = Math.max(conversation.sentRead, Number(frame.seq));
  }
  if (sender === 'visitor') {
    setVisitorTyping(conversation, false);
    if (live && !conversation.watched) {
      const seen = conversation.id === activeId && !document.hidden && document.hasFocus();
      if (!seen) {
        chime('message');
      }
      notify(
        t('notify.newMessage', { name: visitorName(texts, conversation.visitor) }),
        String(frame.text || '').slice(0, 140),
        `kefu-${conversation.id}`,
        () => open(conversation.id, true),
      );
    }
  }
  markRead(conversation);
  checkGapsSoon(conversation);
  render();
}

function acknowledged(frame) {
  const entry = outbox.take(frame.clientMsgId);
  const conversation = conversations.get(frame.conversationId || (entry && entry.conversationId));
  if (!conversation) {
    render();
    return;
  }
  if (entry) {
    conversation.add({
      seq: frame.seq,
      sender: { type: 'agent', name: me.name },
      text: entry.text,
      at: frame.at,
      clientMsgId: entry.clientMsgId,
      file: entry.file,
    });
  } else {
    conversation.lastSeq = Math.max(conversation.lastSeq, Number(frame.seq) || 0);
  }
  markRead(conversation);
  checkGapsSoon(conversation);
  render();
}

function errorText(frame) {
  const code = String(frame.code || '');
  const known = ['conversation_closed', 'rate_limited', 'not_found', 'bad_request', 'unavailable', 'unauthorized', 'message_refused'];
  return known.includes(code)
    ? t(`error.${code}`, { message: frame.message || '' })
    : t('error.generic', { message: frame.message || code });
}

function refused(frame) {
  if (frame.ref && outbox.get(frame.ref)) {
    outbox.fail(frame.ref, errorText(frame));
    render();
    return;
  }
  for (const conversation of conversations.values()) {
    if (frame.ref && conversation.pendingNotes.delete(frame.ref)) {
      render(); // a refused note: it was not stored, so it is not shown
    }
  }
  view.toast(errorText(frame));
}

function setVisitorTyping(conversation, on) {
  clearTimeout(conversation.typingTimer);
  conversation.typing = on;
  if (on) {
    conversation.typingTimer = setTimeout(() => {
      conversation.typing = false;
      render();
    }, VISITOR_TYPING_TIMEOUT_MS);
  }
}

function visitorTyping(frame) {
  const conversation = conversations.get(frame.conversationId);
  if (conversation && frame.side !== 'agent') {
    setVisitorTyping(conversation, frame.on === true);
    render();
  }
}

function visitorRead(frame) {
  const conversation = conversations.get(frame.conversationId);
  if (conversation && Number.isInteger(frame.seq)) {
    conversation.visitorReadSeq = Math.max(conversation.visitorReadSeq, frame.seq);
    render();
  }
}

function closed(frame) {
  const conversation = conversations.get(frame.conversationId);
  if (!conversation) {
    return;
  }
  setVisitorTyping(conversation, false);
  let handedOn = null;
  if (frame.by === 'transfer') {
    const to = frame.to && typeof frame.to.name === 'string' ? frame.to.name : transferredTo.get(conversation.id);
    handedOn = {
      reason: frame.reason === 'offer_timeout' ? 'offer_timeout' : 'transfer',
      offerSeconds: Number.isInteger(frame.offerSeconds) ? frame.offerSeconds : null,
      to: to || null,
    };
  }
  transferredTo.delete(conversation.id);
  conversation.end(frame.by, handedOn);
  if (typing.conversationId === conversation.id) {
    typing.on = false;
  }
  render();
}

function visitorPage(frame) {
  const conversation = conversations.get(frame.conversationId);
  if (conversation) {
    conversation.visitor = { ...conversation.visitor, page: { url: frame.url, title: frame.title } };
    if (conversation.id === activeId) {
      history.show(conversation, true);
    }
    render();
  }
}

/** The agent read the conversation on another console: the count here goes too. */
function readElsewhere(frame) {
  const conversation = conversations.get(frame.conversationId);
  if (conversation && Number.isInteger(frame.seq)) {
    conversation.readSeq = Math.max(conversation.readSeq, frame.seq);
    conversation.sentRead = Math.max(conversation.sentRead, frame.seq);
    render();
  }
}

/**
 * How many visitors wait in one of the agent's departments. Supervisors and admins also hear of
 * departments they do not take chats in (for the Live tab); only the agent's own, as `welcome`
 * listed them, count here. `member` says that an admin has just made the agent a member of the
 * department (true) or taken them out of it (false): it counts from now on, or no longer.
 */
function queueChanged(frame) {
  if (frame.member === false) {
    waiting.delete(frame.departmentId);
    render();
  } else if ((frame.member === true || waiting.has(frame.departmentId)) && Number.isInteger(frame.count)) {
    waiting.set(frame.departmentId, frame.count);
    render();
  }
  if (liveList) {
    liveList.changed();
  }
}

/** Whether the status takes new conversations: online, or a custom status that counts as available. */
function isAvailable(status) {
  return status === 'online' || Boolean(status && view.customAvailable?.get(status));
}

/** An internal note: staff only. One from another member of staff counts as news. */
function noted(frame) {
  const conversation = conversations.get(frame.conversationId);
  if (!conversation || !conversation.addNote(frame)) {
    return;
  }
  const fromSomeoneElse = frame.author && frame.author.id !== me.id;
  if (fromSomeoneElse && welcomed && (conversation.id !== activeId || document.hidden)) {
    chime('message');
  }
  render();
}

/** A conversation this supervisor watches: its summary, then its messages and notes follow. */
function watching(summary) {
  if (!summary || typeof summary.id !== 'string') {
    return;
  }
  let conversation = conversations.get(summary.id);
  if (conversation && !conversation.watched && conversation.isOpen) {
    return; // the supervisor's own conversation: nothing to watch
  }
  const isNew = !conversation;
  if (!conversation) {
    conversation = new Conversation(summary.id);
    conversations.set(summary.id, conversation);
  }
  conversation.watched = true;
  conversation.update(summary);
  conversation.lastActivity = conversation.lastActivity || Date.now();
  if (isNew) {
    open(conversation.id, true);
  }
  checkGapsSoon(conversation);
  render();
}

function writeNote(text) {
  const conversation = active();
  if (!conversation) {
    return false;
  }
  const trimmed = text.trim();
  if (!trimmed) {
    return false;
  }
  if (trimmed.length > MAX_TEXT) {
    view.composerError(t('error.tooLong', { n: MAX_TEXT }));
    return false;
  }
  const clientMsgId = newClientMsgId();
  if (!socket.send({ type: 'note', conversationId: conversation.id, clientMsgId, text: trimmed })) {
    view.composerError(t('connection.reconnecting'));
    return false;
  }
  conversation.pendingNotes.set(clientMsgId, { clientMsgId, text: trimmed, at: new Date().toISOString() });
  render();
  return true;
}

/** The select's value of a status frame: `online`, `away`, `offline` or `custom:<statusId>`. */
function statusValue(frame) {
  return frame.value === 'custom' || frame.status === 'custom'
    ? `custom:${frame.statusId}`
    : frame.value ?? frame.status;
}

/** The status frame that asks for a status the select offers. */
function statusFrame(value) {
  return value.startsWith('custom:')
    ? { type: 'status', value: 'custom', statusId: value.slice('custom:'.length) }
    : { type: 'status', value };
}

function statusChanged(value) {
  if (!['online', 'away', 'offline'].includes(value) && !value?.startsWith('custom:')) {
    return;
  }
  chosenStatus = value;
  storage.set(`kefu:status:${me.id}`, value);
  view.setStatus(value);
  render();
}

// ---- history ----

function checkGapsSoon(conversation) {
  clearTimeout(conversation.gapTimer);
  conversation.gapTimer = setTimeout(() => {
    if (conversation.missingSome) {
      loadHistory(conversation);
    }
  }, 500);
}

/** Fetches what the console misses of a conversation, from the first hole on. */
async function loadHistory(conversation) {
  if (conversation.loading) {
    return;
  }
  conversation.loading = true;
  conversation.loadFailed = false;
  render();
  try {
    for (;;) {
      const after = conversation.contiguous;
      const page = await api(`conversations/${encodeURIComponent(conversation.id)}/messages?after=${after}`);
      page.forEach((m) => conversation.add(m));
      if (page.length < HISTORY_PAGE || conversation.contiguous <= after) {
        break;
      }
    }
  } catch (error) {
    if (error instanceof SignedOut) {
      return;
    }
    if (error instanceof HttpError && error.status === 404) {
      conversation.end('transfer'); // no longer this agent's
    } else {
      conversation.loadFailed = true;
    }
  } finally {
    conversation.loading = false;
  }
  markRead(conversation);
  render();
}

/** The conversation's internal notes so far; later ones come as `note` frames. */
async function loadNotes(conversation) {
  try {
    const notes = await api(`conversations/${encodeURIComponent(conversation.id)}/notes`);
    notes.forEach((n) => conversation.addNote(n));
    render();
  } catch (error) {
    if (!(error instanceof HttpError) && !(error instanceof SignedOut)) {
      throw error;
    }
  }
}

// ---- reading ----

/** The agent has seen what the open conversation shows, when the page is in sight. */
function markRead(conversation) {
  if (!conversation || conversation.id !== activeId || document.hidden) {
    return;
  }
  if (conversation.watched) {
    conversation.fresh = false;
    conversation.readSeq = Math.max(conversation.readSeq, conversation.contiguous);
    return; // read marks are the conversation's own agent's, not a watcher's
  }
  conversation.fresh = false;
  if (conversation.contiguous > conversation.readSeq) {
    conversation.readSeq = conversation.contiguous;
  }
  if (conversation.readSeq > conversation.sentRead && !conversation.readTimer) {
    conversation.readTimer = setTimeout(() => {
      conversation.readTimer = null;
      flushRead(conversation);
    }, READ_DELAY_MS);
  }
}

function flushRead(conversation) {
  // Only the conversation's own agent marks it read, and only while it is theirs: one handed on
  // meanwhile (its last message came just before the transfer) would answer not_found.
  if (conversation.readSeq > conversation.sentRead && welcomed && conversation.isOpen && !conversation.watched) {
    if (socket.send({ type: 'read', conversationId: conversation.id, seq: conversation.readSeq })) {
      conversation.sentRead = conversation.readSeq;
    }
  }
}

// ---- the agent's actions ----

function open(id, focus) {
  const conversation = conversations.get(id);
  if (!conversation) {
    return;
  }
  if (activeId !== id) {
    stopTyping();
  }
  activeId = id;
  storage.set(`kefu:active:${me.id}`, id);
  conversation.fresh = false;
  view.showPane();
  history.show(conversation);
  if (conversation.missingSome) {
    loadHistory(conversation);
  }
  markRead(conversation);
  render();
  if (focus) {
    queueMicrotask(() => queueMicrotask(() => view.focusReply()));
  }
}

function back() {
  const id = activeId;
  stopTyping();
  activeId = null;
  storage.set(`kefu:active:${me.id}`, null);
  view.showList();
  render();
  queueMicrotask(() => queueMicrotask(() => view.focusItem(id)));
}

function step(delta) {
  const list = ordered();
  if (!list.length) {
    return;
  }
  const index = list.findIndex((c) => c.id === activeId);
  const next = index < 0 ? (delta > 0 ? 0 : list.length - 1) : (index + delta + list.length) % list.length;
  open(list[next].id, true);
}

function transmit(entry) {
  socket.send({
    type: 'send', conversationId: entry.conversationId, clientMsgId: entry.clientMsgId, text: entry.text,
    ...(entry.file ? { fileId: entry.file.id } : {}),
  });
}

/** Sends a reply; false leaves the text in the box (nothing to send, or refused here). */
function send(text) {
  const conversation = active();
  if (!conversation || !conversation.isOpen) {
    return false;
  }
  const trimmed = text.trim();
  if (!trimmed) {
    return false;
  }
  if (trimmed.length > MAX_TEXT) {
    view.composerError(t('error.tooLong', { n: MAX_TEXT }));
    return false;
  }
  stopTyping();
  const entry = outbox.add(conversation.id, trimmed);
  conversation.lastActivity = Date.now();
  transmit(entry); // while disconnected it waits in the outbox and goes after the next welcome
  render();
  return true;
}

/** Sends a file uploaded for a conversation (agent/files.js) as a message of its own. */
function sendFile(conversationId, file) {
  const conversation = conversations.get(conversationId);
  if (!conversation || !conversation.isOpen) {
    return;
  }
  const entry = outbox.add(conversation.id, '', file);
  conversation.lastActivity = Date.now();
  transmit(entry);
  render();
}

function retry(clientMsgId) {
  const entry = outbox.retry(clientMsgId);
  if (entry) {
    transmit(entry);
    render();
  }
}

function discard(clientMsgId) {
  outbox.take(clientMsgId);
  render();
}

function agentTyping(text) {
  const conversation = active();
  if (!conversation || !conversation.isOpen || !text.trim()) {
    stopTyping();
    return;
  }
  const now = Date.now();
  if (!typing.on || typing.conversationId !== conversation.id || now - typing.sentAt > TYPING_REFRESH_MS) {
    if (typing.on && typing.conversationId !== conversation.id) {
      stopTyping();
    }
    if (socket.send({ type: 'typing', conversationId: conversation.id, on: true })) {
      typing.on = true;
      typing.conversationId = conversation.id;
      typing.sentAt = now;
    }
  }
  clearTimeout(typing.idle);
  typing.idle = setTimeout(stopTyping, TYPING_IDLE_MS);
}

function stopTyping() {
  clearTimeout(typing.idle);
  if (typing.on) {
    const conversation = conversations.get(typing.conversationId);
    if (conversation && conversation.isOpen) {
      socket.send({ type: 'typing', conversationId: typing.conversationId, on: false });
    }
    typing.on = false;
  }
}

/** "End conversation" asks first: the visitor cannot reply to an ended conversation. */
function confirmClose() {
  const conversation = active();
  if (conversation && conversation.isOpen) {
    view.confirmClose(visitorName(texts, conversation.visitor));
  }
}

function closeActive() {
  const conversation = active();
  if (conversation && conversation.isOpen) {
    stopTyping();
    if (!socket.send({ type: 'close', conversationId: conversation.id })) {
      view.toast(t('connection.reconnecting'));
    }
  }
}

function removeActive() {
  const conversation = active();
  if (!conversation || conversation.isOpen) {
    return;
  }
  const list = ordered();
  const index = list.indexOf(conversation);
  conversations.delete(conversation.id);
  outbox.dropConversation(conversation.id);
  const next = list[index + 1] || list[index - 1];
  activeId = null;
  storage.set(`kefu:active:${me.id}`, null);
  if (next && next !== conversation && window.matchMedia('(min-width: 761px)').matches) {
    open(next.id, false);
    queueMicrotask(() => queueMicrotask(() => view.focusItem(next.id)));
  } else {
    view.showList();
    render();
  }
}

function chooseStatus(value) {
  if (value === 'online') {
    askNotificationPermission(); // a user gesture: the one moment browsers allow the question
  }
  chosenStatus = value;
  storage.set(`kefu:status:${me.id}`, value);
  view.setStatus(value, false);
  socket.send(statusFrame(value)); // while disconnected: sent after the next welcome
  render();
}

async function signOut() {
  socket.stop();
  stopTyping();
  outbox?.clear();
  if (me) {
    storage.set(`kefu:status:${me.id}`, null);
    storage.set(`kefu:active:${me.id}`, null);
  }
  try {
    await api('auth/logout', { method: 'POST' });
  } catch {
    // Signed out already, or the server is away: the sign-in page is right either way.
  }
  location.replace(new URL('signin.html?signedOut=1', root));
}

// ---- start ----

/** Canned replies, emoji, notifications and sound, help, and the supervisor's live list. */
function startExtras() {
  const roles = Array.isArray(me.roles) ? me.roles : [];
  const supervises = roles.includes('kf-supervisor') || roles.includes('kf-admin');
  const field = document.querySelector('[data-kf="reply-input"]');
  canned = new CannedPicker(
    {
      button: document.querySelector('[data-kf="canned-button"]'),
      panel: document.querySelector('[data-kf="canned-panel"]'),
      field,
    },
    texts,
    supervises,
    (text) => view.toast(text),
  );
  canned.load();
  new EmojiPicker(
    document.querySelector('[data-kf="emoji-button"]'),
    document.querySelector('[data-kf="emoji-panel"]'),
    field,
    texts,
  );
  const mute = document.querySelector('[data-kf="mute"]');
  const drawMute = () => {
    mute.setAttribute('aria-pressed', String(isMuted()));
    mute.classList.toggle('is-muted', isMuted());
    const label = t(isMuted() ? 'alerts.unmute' : 'alerts.mute');
    mute.setAttribute('aria-label', label);
    mute.title = label;
  };
  mute.addEventListener('click', () => {
    setMuted(!isMuted());
    drawMute();
  });
  texts.onChange(drawMute);
  drawMute();
  const bell = document.querySelector('[data-kf="notifications"]');
  bell.hidden = !('Notification' in window) || Notification.permission !== 'default';
  bell.addEventListener('click', () => {
    askNotificationPermission(); // a click: the user gesture browsers want for the question
    bell.hidden = true;
  });
  new OwnPasswordDialog(
    document.querySelector('[data-kf="own-password"]'),
    document.querySelector('[data-kf="password-dialog"]'),
    texts,
    (text) => view.toast(text),
  ).offerIfLocal();
  const help = document.querySelector('[data-kf="help-dialog"]');
  document.querySelector('[data-kf="help"]').addEventListener('click', () => help.showModal());
  help.querySelector('[data-role="help-close"]').addEventListener('click', () => help.close());
  if (supervises) {
    const tab = document.querySelector('[data-kf="live-tab"]');
    const section = document.querySelector('[data-kf="live-section"]');
    liveList = new LiveList(
      { tab, list: document.querySelector('[data-kf="live-list"]'), section },
      texts,
      (conversationId) => {
        const known = conversations.get(conversationId);
        if (known && (known.watched || known.isOpen)) {
          open(conversationId, true);
        } else if (!socket.send({ type: 'watch', conversationId })) {
          view.toast(t('connection.reconnecting'));
        }
      },
    );
    tab.addEventListener('click', () => {
      section.hidden = !section.hidden;
      tab.setAttribute('aria-pressed', String(!section.hidden));
      if (!section.hidden) {
        liveList.refresh();
      }
    });
    liveList.start();
  }
}

async function whoAmI() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await api('auth/me');
    } catch (error) {
      if (error instanceof SignedOut) {
        return null;
      }
      if (error instanceof HttpError && error.status === 403) {
        view.fatal(t('fatal.forbidden'));
        return null;
      }
      view.setConnection('connecting');
      if (attempt === 0) {
        view.toast(t('fatal.unreachable'));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(30000, 1000 * 2 ** attempt)));
    }
  }
}

async function start() {
  texts.apply();
  texts.bindSelect(document.querySelector('[data-kf="lang"]'));
  texts.onChange(() => {
    view.drawConnection();
    render();
  });
  unlockSoundOnFirstGesture();
  updateTitle();

  me = await whoAmI();
  if (!me) {
    return;
  }
  view.setAgent(me.name);
  inbox = new Inbox({ toast: (text) => view.toast(text) });
  outbox = new Outbox(`kefu:outbox:${me.id}`);
  startExtras();
  chosenStatus = storage.get(`kefu:status:${me.id}`);
  view.setStatus(chosenStatus || 'offline');
  attachFiles({ texts, active, send: sendFile, error: (text) => view.composerError(text) });

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      markRead(active());
      socket.retryNow();
      render();
    }
  });
  window.addEventListener('online', () => socket.retryNow());
  socket.start();
}

start().catch((error) => {
  if (!(error instanceof SignedOut)) {
    console.error('the agent console failed to start', error);
  }
});


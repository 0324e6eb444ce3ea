// What the console knows of the agent's conversations, and the messages it has sent that the
// server has not acknowledged yet.

export const MAX_TEXT = 4000;

/** One conversation as the console holds it: its visitor and its messages, keyed by seq. */
export class Conversation {
  constructor(id) {
    this.id = id;
    this.state = 'assigned';
    this.closedBy = null;
    this.handedOn = null; // why it left this agent: {reason, offerSeconds, to}
    this.visitor = { id: '' };
    this.prechat = []; // the visitor's pre-chat answers: [{key, type, label, value}], in the form's order
    this.lastSeq = 0; // the highest seq the server has told of
    this.contiguous = 0; // every message 1..contiguous is held
    this.readSeq = 0; // how far the agent has read
    this.sentRead = 0; // how far the server knows the agent has read
    this.visitorReadSeq = 0;
    this.messages = new Map();
    this.loading = false;
    this.loadFailed = false;
    this.typing = false;
    this.fresh = false; // new and not opened yet
    this.lastActivity = 0; // time of the latest message, for ordering the list
    this.notes = new Map(); // internal notes by id: staff only, never sent to the visitor
    this.pendingNotes = new Map(); // notes written here that the server has not echoed yet
    this.watched = false; // a supervisor watching someone else's conversation
    this.agent = null; // whose it is, for a watched one: {id, name}
    this.unreadNotes = 0;
  }

  /** Adds an internal note unless held already; true when it was new. */
  addNote(note) {
    if (!note || typeof note.id !== 'string' || this.notes.has(note.id)) {
      return false;
    }
    const author = note.author && typeof note.author === 'object' ? note.author : {};
    this.notes.set(note.id, {
      id: note.id,
      clientMsgId: note.clientMsgId || null,
      author: { id: author.id || note.authorId || null, name: author.name == null ? null : String(author.name) },
      text: String(note.text ?? ''),
      at: note.at,
    });
    if (note.clientMsgId) {
      this.pendingNotes.delete(note.clientMsgId);
    }
    return true;
  }

  /** Notes oldest first. */
  orderedNotes() {
    return [...this.notes.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  }

  get isOpen() {
    return this.state === 'assigned' || this.state === 'queued';
  }

  /** Takes a summary from `welcome.conversations` or a `conversation` frame. */
  update(summary) {
    this.state = summary.state || this.state;
    if (this.isOpen) {
      this.closedBy = null;
      this.handedOn = null;
    }
    if (Number.isInteger(summary.visitorReadSeq)) {
      this.visitorReadSeq = Math.max(this.visitorReadSeq, summary.visitorReadSeq);
    }
    if (Array.isArray(summary.prechatFields)) {
      this.prechat = summary.prechatFields
        .filter((f) => f && typeof f.key === 'string' && typeof f.value === 'string')
        .map((f) => ({ key: f.key, type: String(f.type || 'text'), label: String(f.label || ''), value: f.value }));
    } else if (summary.prechat && typeof summary.prechat === 'object') {
      // A server without prechatFields: the answers by key, labelled by key.
      this.prechat = Object.entries(summary.prechat)
        .filter(([, value]) => typeof value === 'string')
        .map(([key, value]) => ({ key, type: key === 'phone' ? 'phone' : 'text', label: '', value }));
    }
    this.lastSeq = Math.max(this.lastSeq, Number(summary.lastSeq) || 0);
    if (Number.isInteger(summary.agentReadSeq)) {
      this.readSeq = Math.max(this.readSeq, summary.agentReadSeq);
      this.sentRead = summary.agentReadSeq;
    }
    if (summary.visitor && typeof summary.visitor === 'object') {
      this.visitor = summary.visitor;
    }
    if ('agent' in summary) {
      this.agent = summary.agent && typeof summary.agent === 'object' ? summary.agent : null;
    }
  }

  /**
   * The conversation ended for this agent: `by` the visitor, the agent, a `transfer` (which
   * `handedOn` explains: {reason: 'transfer'|'offer_timeout', offerSeconds, to: {name}}), …
   */
  end(by, handedOn = null) {
    this.state = 'closed';
    this.closedBy = by || null;
    this.handedOn = by === 'transfer' ? handedOn : null;
    this.typing = false;
    clearTimeout(this.readTimer);
    this.readTimer = null;
  }

  /** Handed to someone else (a transfer, or an offer that timed out) rather than ended. */
  get isHandedOn() {
    return this.state === 'closed' && this.closedBy === 'transfer';
  }

  /** Adds a message unless its seq is held already; true when it was new. */
  add(message) {
    const seq = Number(message.seq);
    if (!Number.isInteger(seq) || seq < 1 || this.messages.has(seq)) {
      return false;
    }
    const sender = message.sender && typeof message.sender === 'object' ? message.sender : {};
    this.messages.set(seq, {
      seq,
      sender: { type: String(sender.type || 'system'), name: sender.name == null ? null : String(sender.name) },
      text: String(message.text ?? ''),
      at: message.at,
      clientMsgId: message.clientMsgId || null,
      file: message.file || null,
    });
    while (this.messages.has(this.contiguous + 1)) {
      this.contiguous += 1;
    }
    this.lastSeq = Math.max(this.lastSeq, seq);
    const at = Date.parse(message.at);
    if (at > this.lastActivity) {
      this.lastActivity = at;
    }
    return true;
  }

  /** Messages in seq order. */
  ordered() {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  latest() {
    let latest = null;
    for (const message of this.messages.values()) {
      if (!latest || message.seq > latest.seq) {
        latest = message;
      }
    }
    return latest;
  }

  /** Visitor messages after the agent's read mark. */
  unread() {
    let count = 0;
    for (const message of this.messages.values()) {
      if (message.seq > this.readSeq && message.sender.type === 'visitor') {
        count += 1;
      }
    }
    return count;
  }

  /** The server has messages this console has not got, or has a hole in between. */
  get missingSome() {
    return this.lastSeq > this.contiguous;
  }
}

/** A client message id: a random UUID, also where crypto.randomUUID is missing (plain http). */
export function newClientMsgId() {
  if (typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      // Not a secure context; made by hand below.
    }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Sent messages waiting for their `ack`, kept in the tab's session storage so that a reload or
 * a lost connection does not lose them: they are sent again, with the same clientMsgId, so the
 * server stores each once.
 */
export class Outbox {
  constructor(storageKey) {
    this.storageKey = storageKey;
    this.entries = new Map();
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey) || '[]');
      for (const entry of saved) {
        if (entry && entry.clientMsgId && entry.conversationId && typeof entry.text === 'string') {
          this.entries.set(entry.clientMsgId, {
            clientMsgId: entry.clientMsgId,
            conversationId: entry.conversationId,
            text: entry.text,
            at: entry.at,
            state: entry.state === 'failed' ? 'failed' : 'pending',
            error: entry.error || null,
          });
        }
      }
    } catch {
      // Unreadable: start empty.
    }
  }

  save() {
    try {
      sessionStorage.setItem(this.storageKey, JSON.stringify([...this.entries.values()]));
    } catch {
      // Storage full or refused: the messages stay in memory for this page.
    }
  }

  add(conversationId, text, file = null) {
    const entry = {
      clientMsgId: newClientMsgId(),
      conversationId,
      text,
      file,
      at: new Date().toISOString(),
      state: 'pending',
      error: null,
    };
    this.entries.set(entry.clientMsgId, entry);
    this.save();
    return entry;
  }

  get(clientMsgId) {
    return this.entries.get(clientMsgId) || null;
  }

  /** Removes and returns the acknowledged entry. */
  take(clientMsgId) {
    const entry = this.entries.get(clientMsgId) || null;
    if (entry) {
      this.entries.delete(clientMsgId);
      this.save();
    }
    return entry;
  }

  fail(clientMsgId, error) {
    const entry = this.entries.get(clientMsgId);
    if (entry) {
      entry.state = 'failed';
      entry.error = error;
      this.save();
    }
    return entry || null;
  }

  retry(clientMsgId) {
    const entry = this.entries.get(clientMsgId);
    if (entry) {
      entry.state = 'pending';
      entry.error = null;
      this.save();
    }
    return entry || null;
  }

  of(conversationId) {
    return [...this.entries.values()]
      .filter((entry) => entry.conversationId === conversationId)
      .sort((a, b) => String(a.at).localeCompare(String(b.at)));
  }

  pending() {
    return [...this.entries.values()].filter((entry) => entry.state === 'pending');
  }

  dropConversation(conversationId) {
    for (const [id, entry] of this.entries) {
      if (entry.conversationId === conversationId) {
        this.entries.delete(id);
      }
    }
    this.save();
  }

  clear() {
    this.entries.clear();
    try {
      sessionStorage.removeItem(this.storageKey);
    } catch {
      // Nothing to remove.
    }
  }
}

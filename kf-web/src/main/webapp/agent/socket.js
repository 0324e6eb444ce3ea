// The console's one socket to /ws/agent: a fresh single-use ticket before every attempt, hello
// with what the console already shows, a ping to notice a dead line, and reconnects with
// exponential back-off and jitter.
import { api, socketUrl, SignedOut, HttpError, goToSignIn } from './api.js';

const PING_EVERY_MS = 20_000;
const SILENT_LIMIT_MS = 50_000; // no frame, not even a pong, for this long: the line is dead
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 10_000; // a connection that lasted this long resets the back-off
const WELCOME_WITHIN_MS = 15_000; // a handshake or hello left unanswered this long is given up

export class AgentSocket {
  /**
   * @param {object} handlers
   *   hello(): the hello frame to send (with the conversations to resume)
   *   frame(frame): every frame from the server except pong
   *   state(state, retryAt): "connecting" | "open" | "reconnecting"; retryAt when waiting
   *   forbidden(): the signed-in user may not have a ticket (no agent role)
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.ws = null;
    this.attempt = 0;
    this.everOpen = false;
    this.welcomedAt = 0;
    this.timer = null;
    this.pinger = null;
    this.lastHeard = 0;
    this.stopped = false;
    this.state = 'connecting';
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  /** Closes for good (signing out): no reconnect. */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopHeartbeat();
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onclose = null;
      ws.close(1000, 'signed out');
    }
  }

  get isOpen() {
    return this.state === 'open' && this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a frame when the socket is up; false when it is not (the caller keeps it for later). */
  send(frame) {
    if (!this.isOpen) {
      return false;
    }
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Tries at once instead of waiting out the back-off (the network came back, the tab woke). */
  retryNow() {
    if (this.stopped || this.ws || this.connecting) {
      return;
    }
    clearTimeout(this.timer);
    this.connect();
  }

  setState(state, retryAt) {
    this.state = state;
    this.handlers.state(state, retryAt);
  }

  async connect() {
    if (this.stopped) {
      return;
    }
    this.connecting = true;
    this.setState(this.everOpen ? 'reconnecting' : 'connecting');
    let ticket;
    try {
      ticket = (await api('auth/ws-ticket', { method: 'POST' })).ticket;
    } catch (error) {
      this.connecting = false;
      if (error instanceof SignedOut) {
        this.stopped = true;
      } else if (error instanceof HttpError && error.status === 403) {
        this.stopped = true;
        this.handlers.forbidden();
      } else {
        this.retryLater();
      }
      return;
    }
    this.connecting = false;
    if (this.stopped) {
      return;
    }
    let ws;
    try {
      ws = new WebSocket(socketUrl(ticket));
    } catch {
      this.retryLater();
      return;
    }
    this.ws = ws;
    this.welcomedAt = 0;
    clearTimeout(this.welcomeTimer);
    this.welcomeTimer = setTimeout(() => {
      if (this.ws === ws && !this.welcomedAt) {
        this.lost(ws);
      }
    }, WELCOME_WITHIN_MS);
    ws.onopen = () => {
      this.lastHeard = Date.now();
      ws.send(JSON.stringify(this.handlers.hello()));
      this.startHeartbeat(ws);
    };
    ws.onmessage = (event) => {
      this.lastHeard = Date.now();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!frame || typeof frame.type !== 'string' || frame.type === 'pong') {
        return;
      }
      if (frame.type === 'welcome') {
        clearTimeout(this.welcomeTimer);
        this.everOpen = true;
        this.welcomedAt = Date.now();
        this.setState('open');
      }
      this.handlers.frame(frame);
    };
    ws.onclose = (event) => {
      if (event.code === 1008 && event.reason === 'account disabled') {
        // An admin disabled this account: signed out everywhere, no reconnect.
        this.stopped = true;
        goToSignIn('disabled');
      }
      this.lost(ws);
    };
    ws.onerror = () => {
      // A close event follows every error; the reconnect starts there.
    };
  }

  lost(ws) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // Already closing.
    }
    if (this.ws !== ws) {
      return;
    }
    this.ws = null;
    clearTimeout(this.welcomeTimer);
    this.stopHeartbeat();
    if (this.welcomedAt && Date.now() - this.welcomedAt > STABLE_AFTER_MS) {
      this.attempt = 0;
    }
    if (!this.stopped) {
      this.retryLater();
    }
  }

  retryLater() {
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.attempt = Math.min(this.attempt + 1, 10);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
    this.setState(this.everOpen ? 'reconnecting' : 'connecting', Date.now() + delay);
  }

  startHeartbeat(ws) {
    this.stopHeartbeat();
    this.pinger = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENT_LIMIT_MS) {
        this.lost(ws);
        return;
      }
      if (ws.readyState === WebSocket.OPEN) {
        ws.send('{"type":"ping"}');
      }
    }, PING_EVERY_MS);
  }

  stopHeartbeat() {
    clearInterval(this.pinger);
    this.pinger = null;
  }
}

// Canary chats: pairs of a visitor and an agent in a department of their own, each side writing a
// message about every second and measuring when the other side's message arrives. A message that
// never arrives is missed; one that takes longer than --late-ms is late. A socket that closes is
// opened again with a resume, as the widget and the console do.

import { agentSocket } from './setup.mjs';
import { openSocket } from './socket.mjs';
import { Tally, percentiles, sleep } from './tally.mjs';

export class Canaries {
  constructor(options, env, random) {
    this.options = options;
    this.env = env;
    this.random = random;
    this.tally = new Tally();
    this.pending = new Map(); // text id → {sentAt, direction}
    this.latencies = { visitorToAgent: [], agentToVisitor: [] };
    this.visitors = [];
    this.agents = [];
    this.running = false;
    this.counter = 0;
  }

  async start() {
    for (const account of this.env.canaryAgents) {
      const agent = { account, held: new Map(), socket: null };
      this.agents.push(agent);
      await this.connectAgent(agent);
    }
    for (let i = 0; i < this.env.canaryAgents.length; i += 1) {
      const visitor = { index: i, token: null, conversationId: null, lastSeq: 0, socket: null };
      this.visitors.push(visitor);
      await this.connectVisitor(visitor);
      const opened = visitor.socket.waitFor((f) => f.type === 'ack', 30_000);
      visitor.socket.send(JSON.stringify({ type: 'send', clientMsgId: this.random.uuid(), text: `canary ${i} opens` }));
      const ack = await opened;
      if (!ack) {
        throw new Error(`canary visitor ${i} got no ack for its first message`);
      }
      visitor.conversationId = ack.conversationId;
      await this.until(() => this.agents.some((a) => a.held.has(visitor.conversationId)), 30_000, `an agent for canary ${i}`);
    }
    this.running = true;
    this.loop = this.sendLoop();
  }

  /** The canaries' conversation ids: foreign ids for fuzzed frames, which must never reach them. */
  conversationIds() {
    return this.visitors.map((v) => v.conversationId).filter(Boolean);
  }

  async until(test, ms, what) {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) {
        throw new Error(`waited ${ms} ms for ${what}`);
      }
      await sleep(100);
    }
  }

  async connectAgent(agent) {
    for (;;) {
      const ticket = await agentSocket(this.options, agent.account);
      const opened = ticket.url ? await openSocket(ticket.url, { localAddress: '127.0.0.1' }) : { status: `ticket ${ticket.status}` };
      if (opened.socket) {
        const socket = opened.socket;
        socket.onFrame((frame) => this.agentFrame(agent, frame));
        const welcome = socket.waitFor((f) => f.type === 'welcome', 30_000);
        const resume = [...agent.held.entries()].map(([conversationId, lastSeq]) => ({ conversationId, lastSeq }));
        socket.send(JSON.stringify({ type: 'hello', protocol: 1, resume }));
        if (await welcome) {
          const online = socket.waitFor((f) => f.type === 'status', 30_000);
          socket.send('{"type":"status","value":"online"}');
          if (await online) {
            agent.socket = socket;
            socket.closed.then(({ code }) => this.lost('agent', code, () => this.connectAgent(agent)));
            return;
          }
        }
        this.tally.add('agent hello unanswered');
        socket.terminate();
      } else {
        this.tally.add(`agent handshake ${opened.status}`);
      }
      await this.retryOrGiveUp('agent');
    }
  }

  async connectVisitor(visitor) {
    for (;;) {
      const opened = await openSocket(this.env.visitorUrl, { localAddress: '127.0.0.1', origin: this.env.origin });
      if (opened.socket) {
        const socket = opened.socket;
        socket.onFrame((frame) => this.visitorFrame(visitor, frame));
        const welcome = socket.waitFor((f) => f.type === 'welcome', 30_000);
        socket.send(
          JSON.stringify({
            type: 'hello',
            protocol: 1,
            visitorToken: visitor.token,
            page: { url: this.env.canaryUrl, title: 'Canary', referrer: null },
            locale: 'en',
            ...(visitor.conversationId ? { resume: { conversationId: visitor.conversationId, lastSeq: visitor.lastSeq } } : {}),
          }),
        );
        const answer = await welcome;
        if (answer) {
          visitor.token = answer.visitorToken ?? visitor.token;
          visitor.socket = socket;
          socket.closed.then(({ code }) => this.lost('visitor', code, () => this.connectVisitor(visitor)));
          return;
        }
        this.tally.add('visitor hello unanswered');
        socket.terminate();
      } else {
        this.tally.add(`visitor handshake ${opened.status}`);
      }
      await this.retryOrGiveUp('visitor');
    }
  }

  /** Before the canaries run, a side that cannot connect ends the probe; later it is retried. */
  async retryOrGiveUp(side) {
    if (this.stopped) {
      throw new Error('stopped');
    }
    if (!this.running) {
      throw new Error(`the canary ${side} could not connect: ${JSON.stringify(this.tally.counts)}`);
    }
    await sleep(2000);
  }

  lost(side, code, reconnect) {
    if (this.stopped) {
      return;
    }
    this.tally.add(`${side} socket closed ${code}`);
    this.tally.add('reconnects');
    setTimeout(() => reconnect().catch(() => {}), 1000);
  }

  agentFrame(agent, frame) {
    this.count('agent', frame);
    if (frame.type === 'welcome') {
      for (const c of frame.conversations ?? []) {
        if (c.state === 'assigned' && !agent.held.has(c.id)) {
          agent.held.set(c.id, c.lastSeq ?? 0);
        }
      }
    } else if (frame.type === 'conversation' && frame.conversation) {
      agent.held.set(frame.conversation.id, frame.conversation.lastSeq ?? 0);
    } else if (frame.type === 'closed') {
      agent.held.delete(frame.conversationId);
    } else if (frame.type === 'msg') {
      if (agent.held.has(frame.conversationId)) {
        agent.held.set(frame.conversationId, Math.max(agent.held.get(frame.conversationId), frame.seq ?? 0));
      }
      this.arrived(frame.text, 'visitorToAgent');
    } else if (frame.type === 'ack' && agent.held.has(frame.conversationId)) {
      agent.held.set(frame.conversationId, Math.max(agent.held.get(frame.conversationId), frame.seq ?? 0));
    }
  }

  visitorFrame(visitor, frame) {
    this.count('visitor', frame);
    if ((frame.type === 'msg' || frame.type === 'ack') && frame.conversationId === visitor.conversationId) {
      visitor.lastSeq = Math.max(visitor.lastSeq, frame.seq ?? 0);
    }
    if (frame.type === 'msg') {
      this.arrived(frame.text, 'agentToVisitor');
    }
  }

  count(side, frame) {
    this.tally.add(`${side} received ${frame.type}`);
    if (frame.type === 'error') {
      this.tally.add(`${side} error ${frame.code}`);
      this.tally.sample(`${side} errors`, `${frame.code}: ${frame.message}`);
    }
  }

  arrived(text, direction) {
    const id = /^canary-msg (\S+)/.exec(text ?? '')?.[1];
    const sent = id && this.pending.get(id);
    if (!sent || sent.direction !== direction) {
      return;
    }
    this.pending.delete(id);
    const ms = Date.now() - sent.at;
    this.latencies[direction].push(ms);
    if (ms > this.options.lateMs) {
      this.tally.add('late');
      this.tally.sample('late messages', `${direction} ${ms} ms at ${new Date(sent.at).toISOString()}`, 20);
    }
  }

  async sendLoop() {
    while (this.running) {
      const round = Date.now();
      for (const visitor of this.visitors) {
        this.post('visitorToAgent', visitor.socket, (text) => ({ type: 'send', clientMsgId: this.random.uuid(), text }));
      }
      for (const agent of this.agents) {
        for (const conversationId of agent.held.keys()) {
          this.post('agentToVisitor', agent.socket, (text) => ({ type: 'send', conversationId, clientMsgId: this.random.uuid(), text }));
        }
      }
      await sleep(Math.max(0, this.options.canaryIntervalMs - (Date.now() - round)));
    }
  }

  post(direction, socket, frame) {
    this.counter += 1;
    const id = `${direction === 'visitorToAgent' ? 'v' : 'a'}${this.counter}`;
    this.tally.add(`sent ${direction}`);
    if (socket?.send(JSON.stringify(frame(`canary-msg ${id} sent ${new Date().toISOString()}`)))) {
      this.pending.set(id, { at: Date.now(), direction });
    } else {
      // Written while its socket was closed: it never reached the server, so it is missed.
      this.tally.add('not sent (socket closed)');
    }
  }

  /** Stops writing, waits up to `graceMs` for what is on its way, and answers the figures. */
  async stop(graceMs = 10_000) {
    this.running = false;
    await this.loop;
    const deadline = Date.now() + graceMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      await sleep(200);
    }
    this.stopped = true;
    for (const side of [...this.visitors, ...this.agents]) {
      side.socket?.close();
    }
    const missed = this.pending.size + this.tally.get('not sent (socket closed)');
    return {
      pairs: this.visitors.length,
      sent: this.tally.get('sent visitorToAgent') + this.tally.get('sent agentToVisitor'),
      missed,
      late: this.tally.get('late'),
      lateMs: this.options.lateMs,
      latencyMs: {
        visitorToAgent: percentiles(this.latencies.visitorToAgent),
        agentToVisitor: percentiles(this.latencies.agentToVisitor),
      },
      unavailable: this.tally.get('visitor error unavailable') + this.tally.get('agent error unavailable'),
      reconnects: this.tally.get('reconnects'),
      ...this.tally.toJSON(),
    };
  }

  /** Figures so far, for progress lines. */
  progress() {
    const now = Date.now();
    const way = { visitorToAgent: [0, 0], agentToVisitor: [0, 0] };
    for (const { at, direction } of this.pending.values()) {
      way[direction][0] += 1;
      way[direction][1] = Math.max(way[direction][1], now - at);
    }
    const shown = ([count, oldest]) => `${count} (oldest ${Math.round(oldest / 1000)} s)`;
    return `canaries: ${this.tally.get('sent visitorToAgent') + this.tally.get('sent agentToVisitor')} sent, on their way visitor→agent ${shown(way.visitorToAgent)}, agent→visitor ${shown(way.agentToVisitor)}, ${this.tally.get('late')} late, ${this.tally.get('reconnects')} reconnects`;
  }
}

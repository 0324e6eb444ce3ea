// Mutated frames over many sockets, visitors and agents, each socket within the server's limits:
// at most --frame-interval-ms between its frames (20 frames per 10 s allowed), and at most 18
// visitor sockets per local address (20 allowed per address and site). A socket lives for a
// random number of frames, proves with a ping that it still answers, and is closed; a new one
// takes its place until the run's frames are sent.
//
// Figures: answers by type and error code (`unavailable` is the server's own fault), refused
// handshakes by status, close codes, and sockets that stopped answering (no welcome to a hello, or
// no pong to the ping at the end of their life: the frozen sockets of a failed write).

import {
  agentFrame,
  agentHelloReproductions,
  agentReproductions,
  AGENT_TYPES,
  mutate,
  visitorFrame,
  visitorHelloReproductions,
  visitorReproductions,
  VISITOR_TYPES,
} from './mutations.mjs';
import { agentSocket } from './setup.mjs';
import { openSocket } from './socket.mjs';
import { excerpt, sleep, Tally } from './tally.mjs';

const PER_ADDRESS = 18;

export class Fuzz {
  /**
   * @param side 'visitor' or 'agent'
   * @param frames how many frames to send in all
   * @param sockets how many sockets at once
   */
  constructor({ side, frames, sockets, options, env, pools, random }) {
    Object.assign(this, { side, frames, sockets, options, env, pools, random });
    this.tally = new Tally();
    this.sent = 0;
    this.openSockets = new Set();
    this.reproductions = side === 'visitor' ? visitorReproductions() : agentReproductions();
    this.helloReproductions = side === 'visitor' ? visitorHelloReproductions() : agentHelloReproductions(pools);
  }

  /** The next reproduction this socket can send now, or null. */
  reproduction(list, state) {
    for (let i = 0; i < list.length; i += 1) {
      const [label, build] = list[i];
      const text = build(state);
      if (text) {
        list.splice(i, 1);
        return { text, label };
      }
    }
    return null;
  }

  /** Sends until `frames` are sent, or until `deadline` (ms since the epoch) has passed. */
  async run(deadline) {
    this.deadline = deadline;
    const workers = [];
    for (let i = 0; i < this.sockets; i += 1) {
      workers.push(this.worker(i));
      // Spread the first handshakes over a few seconds rather than all at once.
      await sleep(this.side === 'visitor' ? 20 : 100);
    }
    await Promise.all(workers);
    return this.summary();
  }

  get done() {
    return this.sent >= this.frames || Date.now() > this.deadline;
  }

  async worker(index) {
    const address = this.side === 'visitor' ? `127.0.0.${2 + Math.floor(index / PER_ADDRESS)}` : '127.0.0.1';
    const agent = this.side === 'agent' ? this.env.fuzzAgents[index % this.env.fuzzAgents.length] : null;
    while (!this.done) {
      const ticket = agent ? await agentSocket(this.options, agent) : { url: this.env.visitorUrl };
      if (!ticket.url) {
        this.tally.add(`ticket ${ticket.status}`);
        this.tally.sample('tickets refused', `${new Date().toISOString()} ${ticket.status} ${ticket.body}`);
        await sleep(2000);
        continue;
      }
      const url = ticket.url;
      const opened = await openSocket(url, { localAddress: address, origin: agent ? undefined : this.env.origin });
      this.tally.add(`handshake ${opened.socket ? 101 : opened.status}`);
      if (!opened.socket) {
        if (opened.status >= 500) {
          this.tally.sample('handshake 5xx', `${new Date().toISOString()} ${opened.status}`);
        }
        await sleep(1000);
        continue;
      }
      await this.life(opened.socket, agent);
    }
  }

  async life(socket, agent) {
    const state = { token: null, conversationId: null, held: new Map(), labels: [] };
    if (!agent && this.pools.visitorTokens.length > 0 && this.random.chance(0.2)) {
      // Another tab of a visitor seen before (it then gets that visitor's messages too).
      state.token = this.random.pick(this.pools.visitorTokens);
    }
    this.openSockets.add(socket);
    socket.onFrame((frame) => this.answer(frame, state));
    socket.closed.then(({ code }) => {
      this.openSockets.delete(socket);
      this.tally.add(`closed ${code}`);
    });

    const build = (type) => (agent ? agentFrame : visitorFrame)(this.random, type, this.pools, state);
    // Generous waits: a busy server is slow, a frozen socket never answers.
    const welcome = socket.waitFor((f) => f.type === 'welcome' || f.type === 'error', 30_000);
    const hello =
      this.reproduction(this.helloReproductions, state) ??
      (this.random.chance(0.6) ? { text: JSON.stringify(build('hello')), label: 'hello/valid' } : mutate(this.random, build('hello'), this.pools, null));
    this.send(socket, hello, state);
    const first = await welcome;
    if (first === null && socket.open) {
      this.stopped(socket, state, 'no answer to hello within 30 s');
      return;
    }
    if (agent && socket.open) {
      this.send(socket, { text: '{"type":"status","value":"online"}', label: 'status/online' }, state);
    }

    const life = this.random.int(10, 150);
    const types = agent ? AGENT_TYPES : VISITOR_TYPES;
    for (let i = 0; i < life && socket.open && !this.done; i += 1) {
      await sleep(this.options.frameIntervalMs);
      if (!socket.open) {
        break;
      }
      const frame = this.reproduction(this.reproductions, state) ?? mutate(this.random, build(this.random.weighted(types)), this.pools, state.conversationId);
      this.send(socket, frame, state);
    }
    if (!socket.open) {
      return;
    }
    await sleep(this.options.frameIntervalMs);
    // The end of a life: the socket must still answer.
    if (!(await socket.ping(30_000)) && socket.open) {
      this.stopped(socket, state, 'no pong within 30 s');
      return;
    }
    this.tally.add('pong at end of life');
    if (!agent && state.conversationId && this.random.chance(0.5)) {
      await sleep(this.options.frameIntervalMs);
      socket.send(JSON.stringify({ type: 'close', conversationId: state.conversationId }));
      await socket.waitFor(() => true, 2000);
    }
    socket.close();
    await Promise.race([socket.closed, sleep(5000)]);
    socket.terminate();
  }

  stopped(socket, state, why) {
    this.tally.add('sockets that stopped answering');
    this.tally.sample('sockets that stopped answering', `${new Date().toISOString()} ${why}; last frames sent: ${state.labels.join(' | ')}`);
    socket.terminate();
  }

  send(socket, frame, state) {
    const data = frame.bytes ?? frame.text;
    if (socket.send(data, { binary: frame.binary === true })) {
      this.sent += 1;
      this.tally.add('frames sent');
      state.labels.push(frame.label);
      if (state.labels.length > 5) {
        state.labels.shift();
      }
      state.last = frame;
    }
  }

  answer(frame, state) {
    this.tally.add(`answer ${frame.type}`);
    switch (frame.type) {
      case 'error':
        this.tally.add(`error ${frame.code}`);
        if (frame.code === 'unavailable') {
          this.tally.sample('unavailable', `${state.last?.label}: ${excerpt(state.last?.bytes ?? state.last?.text ?? '')}`, 20);
        }
        break;
      case 'welcome':
        if (frame.visitorToken) {
          state.token = frame.visitorToken;
          this.pools.remember(this.pools.visitorTokens, frame.visitorToken, 200);
        }
        if (frame.conversation?.id) {
          state.conversationId = frame.conversation.id;
          this.pools.remember(this.pools.conversations, frame.conversation.id);
        }
        for (const c of frame.conversations ?? []) {
          state.held.set(c.id, c.lastSeq ?? 0);
          this.pools.remember(this.pools.conversations, c.id);
        }
        for (const s of frame.statuses ?? []) {
          this.pools.remember(this.pools.statusIds, s.id);
        }
        break;
      case 'ack':
        if (frame.conversationId) {
          state.conversationId ??= frame.conversationId;
          this.pools.remember(this.pools.conversations, frame.conversationId);
        }
        if (frame.clientMsgId) {
          this.pools.remember(this.pools.clientMsgIds, frame.clientMsgId, 200);
        }
        break;
      case 'conversation':
      case 'watching':
        if (frame.conversation?.id) {
          state.held.set(frame.conversation.id, frame.conversation.lastSeq ?? 0);
          this.pools.remember(this.pools.conversations, frame.conversation.id);
        }
        break;
      case 'closed':
        if (frame.conversationId === state.conversationId) {
          state.conversationId = null;
        }
        state.held.delete(frame.conversationId);
        break;
      default:
    }
  }

  summary() {
    const answers = {};
    const errors = {};
    const handshakes = {};
    const closes = {};
    const tickets = {};
    for (const [key, count] of Object.entries(this.tally.counts)) {
      const [, group, name] = /^(answer|error|handshake|closed|ticket) (.*)$/.exec(key) ?? [];
      if (group) {
        ({ answer: answers, error: errors, handshake: handshakes, closed: closes, ticket: tickets })[group][name] = count;
      }
    }
    return {
      framesSent: this.tally.get('frames sent'),
      framesPlanned: this.frames,
      stoppedAtTimeLimit: this.tally.get('frames sent') < this.frames,
      unavailable: this.tally.get('error unavailable'),
      stoppedAnswering: this.tally.get('sockets that stopped answering'),
      handshake5xx: Object.entries(handshakes).filter(([s]) => Number(s) >= 500).reduce((sum, [, n]) => sum + n, 0),
      ticket5xx: Object.entries(tickets).filter(([s]) => Number(s) >= 500).reduce((sum, [, n]) => sum + n, 0),
      answers,
      errors,
      handshakes,
      closes,
      ...(Object.keys(tickets).length > 0 ? { ticketsRefused: tickets } : {}),
      samples: this.tally.samples,
    };
  }

  progress() {
    return `${this.side}s: ${this.tally.get('frames sent')}/${this.frames} frames, ${this.openSockets.size} open, ${this.tally.get('error unavailable')} unavailable, ${this.tally.get('sockets that stopped answering')} stopped answering`;
  }
}

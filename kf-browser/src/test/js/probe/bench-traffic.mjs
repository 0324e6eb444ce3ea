// The throughput scenario: visitors send messages and agents answer each of them, every message
// stored and acknowledged. Closed loop: each visitor sends its next message when the last one is
// acknowledged (one in flight, as the widget sends). Open loop: the visitors together send at a
// fixed rate whatever the server answers, as a crowd does; nobody waits for an ack, and what is not
// acknowledged at the end is the backlog. Against the echo endpoint the same visitors send the same
// frames and count their echoes.

import { randomUUID } from 'node:crypto';
import { Deliveries, inTurns, keepAlive, openVisitor, shown, spread, startAgents } from './bench-crowd.mjs';
import { Tally, sleep } from './tally.mjs';

export class Traffic {
  /**
   * o: {visitors, agents, seconds, rate (0: closed loop), replies, textChars, perAddress,
   * drainSeconds}; env: Kefu's (from kefu()) or {visitorUrl} of the echo endpoint; server: a
   * ServerProcess.
   */
  constructor(o, env, server, target) {
    this.o = o;
    this.env = env;
    this.server = server;
    this.target = target;
    this.text = 'x'.repeat(o.textChars);
    this.people = [];
    this.agents = [];
    this.measuring = false;
    this.forgetFigures();
  }

  /** Starts the figures afresh: what was sent, acknowledged and delivered, and the errors. */
  forgetFigures() {
    this.deliveries = new Deliveries();
    this.ackMs = { visitor: [], agent: [] };
    this.sent = { visitor: 0, agent: 0 };
    this.ackedInWindow = { visitor: 0, agent: 0 };
    this.errors = new Tally();
    this.windowEnds = Infinity;
  }

  get kefu() {
    return this.target === 'kefu';
  }

  /** Agents online, then every visitor with its socket and a first message that opened its chat. */
  async start() {
    if (this.kefu && this.o.agents > 0) {
      const capacity = Math.max(1, Math.ceil(this.o.visitors / this.o.agents));
      this.agents = await startAgents(this.env, this.o.agents, capacity, (agent, frame) => this.agentFrame(agent, frame));
    }
    // Handshakes a few at a time: a node admits only so many at once from one address.
    this.people = await inTurns(this.o.visitors, 10, async (index) => {
      const visitor = { index, pending: new Map(), closed: false, conversationId: null };
      const opened = await openVisitor(this.env, index, this.o.perAddress, { hello: this.kefu, onFrame: (frame) => this.visitorFrame(visitor, frame) });
      if (!opened.socket) {
        throw new Error(`visitor ${index}: handshake refused (${opened.status} ${opened.error ?? ''})`);
      }
      visitor.socket = opened.socket;
      visitor.socket.closed.then(() => {
        visitor.closed = true;
      });
      if (!(await this.roundTrip(visitor))) {
        throw new Error(`visitor ${index}: its first message was not acknowledged`);
      }
      return visitor;
    });
    if (!this.kefu) {
      // The echo endpoint has no hello to answer, so its sockets are kept alive from here.
      this.people.forEach((v) => keepAlive(v.socket));
    }
    if (this.agents.length > 0) {
      await this.until(() => this.agents.reduce((sum, a) => sum + a.conversations.size, 0) >= this.people.length, 60_000);
    }
  }

  /** Sends one message of a visitor, at `sentAt` (its planned moment in the open loop). */
  send(visitor, sentAt = performance.now()) {
    const clientMsgId = randomUUID();
    const entry = { sentAt, measured: this.measuring, resolve: null };
    visitor.pending.set(clientMsgId, entry);
    visitor.socket.send(JSON.stringify({ type: 'send', clientMsgId, text: this.text }));
    if (entry.measured) {
      this.sent.visitor += 1;
    }
    return entry;
  }

  /** Sends and waits for the ack (or echo): true when it came, false on an error or after 120 s. */
  roundTrip(visitor) {
    const entry = this.send(visitor);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 120_000);
      entry.resolve = (ok) => {
        clearTimeout(timer);
        resolve(ok);
      };
    });
  }

  visitorFrame(visitor, frame) {
    const now = performance.now();
    if (frame.type === 'ack' || (frame.type === 'send' && !this.kefu)) {
      this.answered(visitor.pending, frame, now, 'visitor', 'visitorToAgent');
      visitor.conversationId = frame.conversationId ?? visitor.conversationId;
    } else if (frame.type === 'msg' && frame.sender?.type === 'agent') {
      this.deliveries.arrived(frame.conversationId, frame.seq, now);
    } else if (frame.type === 'error') {
      this.refused(visitor.pending, frame, 'visitor');
    }
  }

  agentFrame(agent, frame) {
    const now = performance.now();
    agent.pending ??= new Map();
    if (frame.type === 'msg' && frame.sender?.type === 'visitor') {
      this.deliveries.arrived(frame.conversationId, frame.seq, now);
      // Each visitor message of the run gets its answer; the history replayed with a new
      // conversation does not.
      if (this.o.replies && this.measuring) {
        const clientMsgId = randomUUID();
        agent.pending.set(clientMsgId, { sentAt: now, measured: true });
        agent.socket.send(JSON.stringify({ type: 'send', conversationId: frame.conversationId, clientMsgId, text: this.text }));
        this.sent.agent += 1;
      }
    } else if (frame.type === 'ack') {
      this.answered(agent.pending, frame, now, 'agent', 'agentToVisitor');
    } else if (frame.type === 'error') {
      this.refused(agent.pending, frame, 'agent');
    }
  }

  answered(pending, frame, now, side, direction) {
    const entry = pending.get(frame.clientMsgId);
    if (!entry) {
      return;
    }
    pending.delete(frame.clientMsgId);
    if (entry.measured) {
      this.ackMs[side].push(now - entry.sentAt);
      if (now <= this.windowEnds) {
        this.ackedInWindow[side] += 1;
      }
      if (this.kefu) {
        this.deliveries.acknowledged(direction, frame.conversationId, frame.seq, entry.sentAt);
      }
    }
    entry.resolve?.(true);
  }

  refused(pending, frame, side) {
    this.errors.add(`${side} ${frame.code}`);
    const entry = frame.ref ? pending.get(frame.ref) : undefined;
    if (entry) {
      pending.delete(frame.ref);
      entry.resolve?.(false);
    }
  }

  async until(test, ms) {
    const deadline = Date.now() + ms;
    while (!test() && Date.now() < deadline) {
      await sleep(100);
    }
    return test();
  }

  unacknowledged() {
    const count = (list) => list.reduce((sum, x) => sum + [...(x.pending?.values() ?? [])].filter((e) => e.measured).length, 0);
    return { visitor: count(this.people), agent: count(this.agents) };
  }

  /**
   * A run of `seconds` exactly like the measured one, whose figures are thrown away: the server's
   * JIT compiles the message path and its pools fill before anything is measured. Answers its
   * figures, for the log.
   */
  async warmUp(seconds) {
    const measured = this.o.seconds;
    this.o.seconds = seconds;
    const figures = await this.run();
    this.o.seconds = measured;
    this.forgetFigures();
    return figures;
  }

  /** The measured run; answers the figures. */
  async run() {
    const cpuBefore = this.server.cpuSeconds();
    this.measuring = true;
    const started = performance.now();
    const ends = started + this.o.seconds * 1000;
    let lateMs = 0;
    let failed = 0;
    if (this.o.rate > 0) {
      // Message k is due at started + k / rate, from visitor k mod n; the sender never waits for an
      // ack, and a message sent late still counts from its planned moment.
      const interval = 1000 / this.o.rate;
      let k = 0;
      for (let now = performance.now(); now < ends; now = performance.now()) {
        for (const due = Math.floor((now - started) / interval); k <= due; k += 1) {
          const visitor = this.people[k % this.people.length];
          if (visitor.closed) {
            failed += 1;
          } else {
            this.send(visitor, started + k * interval);
            lateMs = Math.max(lateMs, now - (started + k * interval));
          }
        }
        await sleep(2);
      }
    } else {
      await Promise.all(
        this.people.map(async (visitor) => {
          while (performance.now() < ends && !visitor.closed) {
            if (!(await this.roundTrip(visitor))) {
              failed += 1;
              await sleep(100);
            }
          }
        }),
      );
    }
    this.windowEnds = performance.now();
    const elapsed = (this.windowEnds - started) / 1000;
    const cpuAfter = this.server.cpuSeconds();
    const backlog = this.unacknowledged();
    // What was sent gets its acks, answers and deliveries before the figures are taken.
    const drainStarted = performance.now();
    await this.until(() => {
      const left = this.unacknowledged();
      const undelivered = this.deliveries.undelivered();
      return left.visitor + left.agent + undelivered.visitorToAgent + undelivered.agentToVisitor === 0;
    }, this.o.drainSeconds * 1000);
    this.measuring = false;
    const drainedSeconds = Number(((performance.now() - drainStarted) / 1000).toFixed(1));

    const stored = this.ackedInWindow.visitor + this.ackedInWindow.agent;
    const perSecond = (n) => Number((n / elapsed).toFixed(1));
    return {
      scenario: 'throughput',
      target: this.target,
      loop: this.o.rate > 0 ? 'open' : 'closed',
      visitors: this.people.length,
      agents: this.agents.length,
      replies: this.kefu && this.o.replies && this.agents.length > 0,
      textChars: this.text.length,
      seconds: Number(elapsed.toFixed(1)),
      offeredPerSecond: this.o.rate > 0 ? this.o.rate : null,
      sent: { ...this.sent },
      sentPerSecond: { visitor: perSecond(this.sent.visitor), agent: perSecond(this.sent.agent) },
      senderLateMs: this.o.rate > 0 ? Number(lateMs.toFixed(1)) : null,
      acknowledgedInRun: { ...this.ackedInWindow },
      ackedPerSecond: { visitor: perSecond(this.ackedInWindow.visitor), agent: perSecond(this.ackedInWindow.agent) },
      ackMs: { visitor: spread(this.ackMs.visitor), agent: spread(this.ackMs.agent) },
      deliveryMs: { visitorToAgent: spread(this.deliveries.latencies.visitorToAgent), agentToVisitor: spread(this.deliveries.latencies.agentToVisitor) },
      backlogAtEnd: backlog,
      unacknowledgedAfterDrain: this.unacknowledged(),
      undeliveredAfterDrain: this.deliveries.undelivered(),
      drainSeconds: this.o.drainSeconds,
      drainedSeconds,
      failed,
      errors: this.errors.counts,
      closedSockets: this.people.filter((v) => v.closed).length + this.agents.filter((a) => !a.socket.open).length,
      serverCpuMsPerAck: cpuBefore === null || stored === 0 ? null : Number((((cpuAfter - cpuBefore) * 1000) / stored).toFixed(2)),
      serverCpuCores: cpuBefore === null ? null : Number(((cpuAfter - cpuBefore) / elapsed).toFixed(2)),
    };
  }

  /** Visitors close their conversations (so that a next run's agents get only its own), then every socket. */
  async stop() {
    if (this.agents.length > 0) {
      for (const visitor of this.people) {
        if (visitor.conversationId) {
          visitor.socket.send(JSON.stringify({ type: 'close', conversationId: visitor.conversationId }));
        }
      }
      await this.until(() => this.agents.every((a) => a.conversations.size === 0), 30_000);
    }
    for (const socket of [...this.people.map((v) => v.socket), ...this.agents.map((a) => a.socket)]) {
      socket.close();
    }
  }
}

/** The summary line of a run. */
export function trafficLine(f) {
  const head =
    f.loop === 'open'
      ? `${f.target} open loop at ${f.offeredPerSecond}/s offered: ${f.visitors} visitors${f.target === 'kefu' ? `, ${f.agents} agents` : ''}, ${f.seconds} s; sent ${f.sent.visitor} (${f.sentPerSecond.visitor}/s, at most ${f.senderLateMs} ms late)`
      : `${f.target} closed loop: ${f.visitors} visitors${f.target === 'kefu' ? `, ${f.agents} agents` : ''}, ${f.seconds} s`;
  const acks =
    f.target === 'kefu'
      ? `; acks ${f.ackedPerSecond.visitor}/s visitor + ${f.ackedPerSecond.agent}/s agent; ack visitor ${shown(f.ackMs.visitor)}, agent ${shown(f.ackMs.agent)}` +
        `; delivery visitor→agent ${shown(f.deliveryMs.visitorToAgent)}, agent→visitor ${shown(f.deliveryMs.agentToVisitor)}`
      : `; echoes ${f.ackedPerSecond.visitor}/s, ${shown(f.ackMs.visitor)}`;
  const backlog =
    f.loop === 'open'
      ? `; backlog at the end ${f.backlogAtEnd.visitor} visitor + ${f.backlogAtEnd.agent} agent messages, unacknowledged ${f.drainedSeconds} s later ${f.unacknowledgedAfterDrain.visitor} + ${f.unacknowledgedAfterDrain.agent}`
      : '';
  const lost =
    f.target === 'kefu' ? `; undelivered ${f.undeliveredAfterDrain.visitorToAgent} + ${f.undeliveredAfterDrain.agentToVisitor}` : '';
  const cpu = f.serverCpuMsPerAck === null ? '' : `; server CPU ${f.serverCpuMsPerAck} ms per ${f.target === 'kefu' ? 'ack' : 'echo'} (${f.serverCpuCores} cores busy)`;
  const errors = Object.entries(f.errors).map(([k, v]) => `${v} × ${k}`);
  return `${head}${acks}${backlog}${lost}${cpu}; ${f.failed} unanswered or refused${errors.length ? ` (${errors.join(', ')})` : ''}, ${f.closedSockets} sockets closed`;
}

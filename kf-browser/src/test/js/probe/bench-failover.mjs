// The failover scenario: what visitors see when the node that holds them dies. Two nodes share one
// database and one Redis (kf-browser/bench.sh failover starts them). The visitors connect to node
// A; each says hello, opens a conversation with a first message and waits for its ack. A few agents
// online on node B take some of the conversations (agents × capacity of them) and answer each once,
// so that those conversations hold messages of both sides and no offer times out; the rest wait in
// the department's queue, which costs node B nothing until their visitors come back. Once every
// visitor is settled, node A's JVM is killed with SIGKILL, and every visitor, as soon as its socket
// closes, connects to node B with its visitor token and `resume` (from the last seq up to which it
// holds every message, as the widget does), then sends one more message with a new clientMsgId.
// A handshake refused, or no welcome within 15 s, is tried again after 1, 2, 4 … (at most 30) s,
// with the widget's jitter; a message answered `unavailable` is sent again 5 s later with the same
// clientMsgId. The widget itself waits 0.8 to 1.2 s before its first reconnect; here all reconnect
// at once, the harder case for node B.
//
// Per visitor, from the moment the kill was asked for: its socket closed, `welcome` on node B, the
// ack of the new message, and for an assigned conversation its agent's `msg` of it. At the end each
// conversation's history is read over REST from node B: every acknowledged message, the visitor's
// and the agent's, before and after the kill, must be there once, at the seq its ack named, in the
// order it was sent, and a visitor back must hold every message of it up to its new one.

import { randomUUID } from 'node:crypto';
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import { inTurns, openVisitor, shown, spread, startAgents } from './bench-crowd.mjs';
import { api } from './http.mjs';
import { Tally, sleep } from './tally.mjs';

/** The widget's wait for a welcome before it gives a socket up, and its longest back-off. */
const WELCOME_MS = 15_000;
const BACKOFF_CAP_MS = 30_000;

/**
 * o: {visitors, agents, capacity, perAddress, parallel, setupSeconds, deadlineSeconds,
 * settleSeconds, killFifo}; envA, envB from kefu() for node A and node B; nodeA, nodeB:
 * ServerProcess of each (node A's pid is watched for its death, node B's CPU time is read).
 */
export async function failover(o, envA, envB, nodeA, nodeB) {
  const tag = randomUUID().slice(0, 8);
  const errors = new Tally();
  const problems = new Tally();
  const setupRefusals = new Tally();
  const refusals = new Tally();
  // Set when the measurement ends: what arrives after it is not counted (a history read a moment
  // later could not hold a message acknowledged after the read).
  let finished = false;

  // Agents on node B: each answers the first visitor message of every conversation it is given,
  // once; every visitor message it receives is kept with the moment it came.
  const agentMessages = new Map(); // conversationId -> [{seq, text, ackAt}]: the agents' acknowledged messages
  const agentPending = new Map(); // clientMsgId -> {conversationId, text, agent}
  const toAgents = new Map(); // "conversationId:seq" -> when an agent received that visitor message
  const answered = new Set();
  const answer = (agent, pending, clientMsgId) =>
    agent.socket.send(JSON.stringify({ type: 'send', conversationId: pending.conversationId, clientMsgId, text: pending.text }));
  const agents = await startAgents(envB, o.agents, o.capacity, (agent, frame) => {
    if (finished) {
      return;
    }
    if (frame.type === 'msg' && frame.sender?.type === 'visitor') {
      toAgents.set(`${frame.conversationId}:${frame.seq}`, performance.now());
      if (!answered.has(frame.conversationId)) {
        answered.add(frame.conversationId);
        const clientMsgId = randomUUID();
        const pending = { conversationId: frame.conversationId, text: `Agent ${agent.index} answering in ${frame.conversationId} (${tag})`, agent };
        agentPending.set(clientMsgId, pending);
        answer(agent, pending, clientMsgId);
      }
    } else if (frame.type === 'ack' && agentPending.has(frame.clientMsgId)) {
      const pending = agentPending.get(frame.clientMsgId);
      agentPending.delete(frame.clientMsgId);
      const list = agentMessages.get(pending.conversationId) ?? [];
      list.push({ seq: frame.seq, text: pending.text, ackAt: performance.now() });
      agentMessages.set(pending.conversationId, list);
    } else if (frame.type === 'error') {
      errors.add(`agent ${frame.code}`);
      const pending = agentPending.get(frame.ref);
      if (pending && (frame.code === 'unavailable' || frame.code === 'rate_limited')) {
        setTimeout(() => answer(pending.agent, pending, frame.ref), 5_000).unref();
      }
    }
  });

  const people = Array.from({ length: o.visitors }, (_, index) => ({ index, own: [], held: new Map(), replayed: 0, attempts: 0 }));
  let killAt = null;

  // One listener per visitor, for its socket on node A and every socket on node B after it.
  const frameOf = (v) => (frame) => {
    if (finished) {
      return;
    }
    const at = performance.now();
    if (frame.type === 'ack') {
      const m = v.own.find((x) => x.clientMsgId === frame.clientMsgId);
      if (!m) {
        problems.add('ack of a message not sent');
      } else if (m.ackAt === undefined) {
        m.ackAt = at;
        m.seq = frame.seq;
        v.conversationId ??= frame.conversationId;
        if (frame.conversationId !== v.conversationId) {
          problems.add('ack in another conversation');
        }
        v.held.set(frame.seq, m.text);
      } else if (m.seq !== frame.seq) {
        problems.add('acknowledged again with another seq');
      }
    } else if (frame.type === 'msg' && frame.conversationId === v.conversationId) {
      v.held.set(frame.seq, frame.text);
      if (frame.sender?.type === 'agent') {
        v.replyAt ??= at;
      }
      if (killAt !== null && v.welcomeAt === undefined) {
        v.replayed += 1;
      }
    } else if (frame.type === 'queue') {
      v.placedAt ??= at;
      if (v.state !== 'assigned') {
        v.state = 'queued';
      }
    } else if (frame.type === 'assigned') {
      v.placedAt ??= at;
      v.state = 'assigned';
    } else if (frame.type === 'error') {
      errors.add(frame.code);
      const m = v.own.find((x) => x.clientMsgId === frame.ref);
      if (m && m.ackAt === undefined && (frame.code === 'unavailable' || frame.code === 'rate_limited')) {
        // Refused for now: sent again 5 s later with the same clientMsgId, as the widget does.
        m.refusals = (m.refusals ?? 0) + 1;
        setTimeout(() => send(v, m), 5_000).unref();
      }
    }
  };
  const send = (v, m) => {
    m.sends = (m.sends ?? 0) + 1;
    v.socket?.send(JSON.stringify({ type: 'send', clientMsgId: m.clientMsgId, text: m.text }));
  };
  const newMessage = (v, when) => {
    const m = { clientMsgId: randomUUID(), text: `Visitor ${v.index} ${when} the failover (${tag})`, sentAt: performance.now() };
    v.own.push(m);
    send(v, m);
    return m;
  };
  const until = async (test, ms) => {
    const end = performance.now() + ms;
    while (!test() && performance.now() < end) {
      await sleep(50);
    }
    return test();
  };

  // Before: every visitor on node A, its conversation opened and acknowledged, queued or assigned,
  // and an assigned one answered by its agent.
  const setupStart = performance.now();
  const setupEnd = setupStart + o.setupSeconds * 1000;
  await inTurns(o.visitors, o.parallel, async (i) => {
    const v = people[i];
    for (let attempt = 0; ; attempt += 1) {
      const opened = await openVisitor(envA, i, o.perAddress, { onFrame: frameOf(v), welcomeMs: 60_000 });
      if (opened.socket) {
        v.socket = opened.socket;
        v.token = opened.welcome.visitorToken;
        v.visitorId = opened.welcome.visitorId;
        break;
      }
      setupRefusals.add(String(opened.status));
      const delay = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** attempt);
      if (performance.now() + delay > setupEnd) {
        return;
      }
      await sleep(delay);
    }
    // Its ack within 3 minutes (a refusal for now is sent again meanwhile), or it is not settled.
    const first = newMessage(v, 'before');
    await until(() => first.ackAt !== undefined || !v.socket.open, Math.min(180_000, Math.max(0, setupEnd - performance.now())));
  });
  const ready = (v) => v.own[0]?.ackAt !== undefined && v.placedAt !== undefined && (v.state !== 'assigned' || v.replyAt !== undefined);
  await until(() => people.every(ready), Math.max(0, setupEnd - performance.now()));
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const chosen = people.filter(ready);
  const assigned = chosen.filter((v) => v.state === 'assigned');
  console.log(
    `failover: ${chosen.length} of ${o.visitors} visitors settled on node A in ${setupSeconds.toFixed(1)} s (${assigned.length} assigned to ${agents.length} agents on node B and answered, ` +
      `${chosen.length - assigned.length} queued; handshakes refused ${JSON.stringify(setupRefusals.counts)}); killing node A`,
  );

  const warm = await warmUp(o, envB, o.visitors);
  if (warm.cycles > 0) {
    console.log(
      `failover: node B warmed for ${o.warmSeconds} s by ${o.warmVisitors} visitors of its own coming and going: ` +
        `${warm.cycles} visits (open, resume, one message acknowledged, leave), ${JSON.stringify(warm.failures.counts)} failed`,
    );
  }

  // The kill. Each settled visitor goes to node B as soon as its socket on node A closes.
  const cpuBefore = nodeB.cpuSeconds();
  const giveUpAt = performance.now() + (o.deadlineSeconds + o.settleSeconds) * 1000;
  const done = (v) => v.own[1]?.ackAt !== undefined && (v.state !== 'assigned' || toAgents.has(`${v.conversationId}:${v.own[1].seq}`));
  const comeBack = async (v) => {
    if (v.connecting || finished) {
      return;
    }
    v.connecting = true;
    for (let attempt = 0; ; attempt += 1) {
      v.attempts += 1;
      const opened = await openVisitor(envB, v.index, o.perAddress, {
        onFrame: frameOf(v),
        welcomeMs: WELCOME_MS,
        visitorToken: v.token,
        resume: { conversationId: v.conversationId, lastSeq: contiguous(v) },
      });
      if (opened.socket) {
        welcomed(v, opened);
        if (finished) {
          return;
        }
        break;
      }
      refusals.add(String(opened.status));
      const delay = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
      if (finished || performance.now() + delay > giveUpAt) {
        v.connecting = false;
        return;
      }
      await sleep(delay);
    }
    v.connecting = false;
    // A socket on node B that drops before the visitor is done is resumed again.
    v.socket.closed.then(() => {
      if (!finished && !done(v)) {
        v.dropsOnB = (v.dropsOnB ?? 0) + 1;
        comeBack(v);
      }
    });
  };
  const welcomed = (v, opened) => {
    if (finished) {
      opened.socket.terminate();
      return;
    }
    const at = performance.now();
    v.socket = opened.socket;
    v.welcomeAt ??= at;
    v.handshake ??= opened.handshakeMs;
    v.helloToWelcome ??= opened.welcomeMs - opened.handshakeMs;
    const w = opened.welcome;
    v.token = w.visitorToken ?? v.token;
    if (w.visitorId !== v.visitorId) {
      problems.add('came back as another visitor');
    }
    v.resumedLastSeq ??= w.conversation?.lastSeq;
    if (w.conversation?.id !== v.conversationId) {
      problems.add('resumed without its conversation');
    }
    // What was not acknowledged is sent again with its clientMsgId; then the new message, once.
    for (const m of v.own.filter((x) => x.ackAt === undefined)) {
      send(v, m);
    }
    if (v.own.length === 1) {
      newMessage(v, 'after');
    }
  };
  for (const v of chosen) {
    v.socket.closed.then(() => {
      v.closedAt = performance.now();
      comeBack(v);
    });
  }
  killAt = performance.now();
  requestKill(o.killFifo, nodeA.pid);
  const goneAt = watchDeath(nodeA.pid);
  // Loopback sockets close when their process dies; one still open 10 s later is given up.
  const stragglers = setTimeout(() => {
    for (const v of chosen.filter((x) => x.closedAt === undefined)) {
      problems.add('socket on node A still open 10 s after the kill');
      v.socket.terminate();
    }
  }, 10_000).unref();

  const deadline = killAt + o.deadlineSeconds * 1000;
  while (performance.now() < giveUpAt && !chosen.every(done)) {
    await sleep(100);
  }
  finished = true;
  clearTimeout(stragglers);
  const cpuAfter = nodeB.cpuSeconds();
  const endedAt = performance.now();
  const deadAt = await goneAt;
  for (const socket of [...people.map((v) => v.socket), ...agents.map((a) => a.socket)]) {
    socket?.terminate();
  }

  // After: each conversation's history, read from node B.
  const histories = await inTurns(chosen.length, 8, async (i) => {
    try {
      return await api(envB.baseUrl, 'GET', `conversations/${encodeURIComponent(chosen[i].conversationId)}/messages?after=0`, { auth: envB.admin });
    } catch (error) {
      problems.add('history unreadable');
      problems.sample('history unreadable', error.message, 3);
      return null;
    }
  });
  const since = (t) => t - killAt;
  const check = { conversations: 0, lost: 0, duplicated: 0, misplaced: 0, outOfOrder: 0, gaps: 0, missingAtVisitor: 0, acknowledged: 0, samples: [] };
  // What a failed check saw, for the first few: the visitor, the message and the history read.
  const sample = (v, what, m, history) => {
    if (check.samples.length < 10) {
      check.samples.push({
        what,
        visitor: v.index,
        conversationId: v.conversationId,
        state: v.state ?? null,
        message: m && { seq: m.seq, text: m.text, ackMsAfterKill: m.ackAt === undefined ? null : Math.round(since(m.ackAt)), sends: m.sends },
        welcomedMsAfterKill: v.welcomeAt === undefined ? null : Math.round(since(v.welcomeAt)),
        resumedLastSeq: v.resumedLastSeq ?? null,
        attempts: v.attempts,
        history: history.map((h) => `${h.seq} ${h.sender?.type}: ${h.text}`),
        held: [...v.held.entries()].map(([seq, text]) => `${seq}: ${text}`),
      });
    }
  };
  chosen.forEach((v, i) => {
    const history = histories[i];
    if (!history) {
      return;
    }
    check.conversations += 1;
    const seqs = history.map((h) => h.seq);
    // Seqs as returned are 1, 2, 3 … with no gap, no repeat, in order.
    const gaps = seqs.filter((seq, k) => seq !== k + 1).length;
    if (gaps > 0) {
      check.gaps += gaps;
      sample(v, 'seq gap', null, history);
    }
    const acknowledged = [...v.own.filter((m) => m.ackAt !== undefined), ...(agentMessages.get(v.conversationId) ?? [])];
    check.acknowledged += acknowledged.length;
    for (const m of acknowledged) {
      const found = history.filter((h) => h.text === m.text);
      const what = found.length === 0 ? 'lost' : found.length > 1 ? 'duplicated' : found[0].seq !== m.seq ? 'misplaced' : null;
      if (what) {
        check[what] += 1;
        sample(v, what, m, history);
      }
    }
    const ownSeqs = v.own.filter((m) => m.ackAt !== undefined).map((m) => m.seq);
    if (ownSeqs.some((seq, k) => k > 0 && seq <= ownSeqs[k - 1])) {
      check.outOfOrder += 1;
      sample(v, 'out of order', null, history);
    }
    // A visitor back holds every message up to its new one (a message stored after the end of the
    // measurement, or of a visitor not back, it cannot have).
    const upTo = v.own[1]?.ackAt === undefined ? 0 : v.own[1].seq;
    const missing = history.filter((h) => h.seq <= upTo && v.held.get(h.seq) !== h.text).length;
    if (missing > 0) {
      check.missingAtVisitor += missing;
      sample(v, 'missing at the visitor', null, history);
    }
  });

  const back = chosen.filter((v) => v.welcomeAt !== undefined);
  const acked = chosen.filter((v) => v.own[1]?.ackAt !== undefined);
  const toAgent = (v) => (v.own[1]?.ackAt === undefined ? undefined : toAgents.get(`${v.conversationId}:${v.own[1].seq}`));
  const delivered = assigned.filter((v) => toAgent(v) !== undefined);
  const welcomeTimes = back.map((v) => since(v.welcomeAt)).sort((a, b) => a - b);
  const firstTry = Math.min(...chosen.filter((v) => v.closedAt !== undefined).map((v) => since(v.closedAt)));
  const perSecond = new Map();
  for (const t of welcomeTimes) {
    perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  }
  const spanSeconds = welcomeTimes.length ? (welcomeTimes.at(-1) - firstTry) / 1000 : null;
  const figures = {
    scenario: 'failover',
    visitors: o.visitors,
    settled: chosen.length,
    notSettled: o.visitors - chosen.length,
    setupSeconds: Number(setupSeconds.toFixed(1)),
    setupRefused: setupRefusals.counts,
    warmUp: { seconds: o.warmSeconds, visitors: o.warmVisitors, visits: warm.cycles, failed: warm.failures.counts },
    agents: agents.length,
    capacity: o.capacity,
    assigned: assigned.length,
    queued: chosen.length - assigned.length,
    deadlineSeconds: o.deadlineSeconds,
    // From the moment the kill was asked for: node A's JVM gone, and each visitor's socket closed.
    killToDeadMs: deadAt === null ? null : Number(since(deadAt).toFixed(1)),
    closedMs: spread(chosen.filter((v) => v.closedAt !== undefined).map((v) => since(v.closedAt))),
    welcomed: back.length,
    acknowledged: acked.length,
    deliveredToAgents: delivered.length,
    withinDeadline: {
      welcomed: back.filter((v) => v.welcomeAt <= deadline).length,
      acknowledged: acked.filter((v) => v.own[1].ackAt <= deadline).length,
      deliveredToAgents: delivered.filter((v) => toAgent(v) <= deadline).length,
    },
    // Not back (welcomed and the new message acknowledged) by the end, after every retry.
    notBack: chosen.filter((v) => v.own[1]?.ackAt === undefined).length,
    undeliveredToAgents: assigned.length - delivered.length,
    welcomeMs: spread(welcomeTimes),
    ackMs: spread(acked.map((v) => since(v.own[1].ackAt))),
    agentMs: spread(delivered.map((v) => since(toAgent(v)))),
    // Node B: welcomes a second from the first reconnect to the last welcome, the busiest second,
    // the welcomes in each second after the kill, and for each visitor's first socket that got its
    // welcome, the handshake (the socket open) and the wait from its hello to its welcome.
    welcomesPerSecond: spanSeconds ? Number((welcomeTimes.length / Math.max(spanSeconds, 0.001)).toFixed(1)) : null,
    peakWelcomesPerSecond: Math.max(0, ...perSecond.values()),
    welcomesBySecond: Array.from({ length: Math.max(0, ...perSecond.keys()) + 1 }, (_, second) => perSecond.get(second) ?? 0),
    handshakeMs: spread(back.map((v) => v.handshake)),
    helloToWelcomeMs: spread(back.map((v) => v.helloToWelcome)),
    attempts: chosen.reduce((sum, v) => sum + v.attempts, 0),
    refused: refusals.counts,
    dropsOnB: chosen.reduce((sum, v) => sum + (v.dropsOnB ?? 0), 0),
    replayed: chosen.reduce((sum, v) => sum + v.replayed, 0),
    resent: chosen.reduce((sum, v) => sum + v.own.reduce((s, m) => s + Math.max(0, (m.sends ?? 1) - 1), 0), 0),
    errors: errors.counts,
    problems: problems.toJSON(),
    history: check,
    serverBCpuMsPerVisitor: cpuBefore === null || back.length === 0 ? null : Number((((cpuAfter - cpuBefore) * 1000) / back.length).toFixed(1)),
    measuredSeconds: Number(((endedAt - killAt) / 1000).toFixed(1)),
    // Each visitor's moments in ms from the kill: socket closed, welcome on B, ack of the new
    // message, its agent's msg of it; attempts; state.
    timeline: chosen.map((v) =>
      [v.closedAt, v.welcomeAt, v.own[1]?.ackAt, toAgent(v)].map((t) => (t === undefined ? null : Math.round(since(t)))).concat(v.attempts, v.state ?? null),
    ),
  };
  return figures;
}

/**
 * Node B before the kill, as a node of a cluster is: it has served visitors for a while, so the
 * code of a resume is compiled and its pools are open. For o.warmSeconds, o.warmVisitors visitors
 * of node B's own come and go: each opens a socket (after its first visit with its token and
 * `resume`), sends one message, waits for its ack and leaves. Their conversations wait in the
 * queue behind node A's (the agents are full by then); they are not in the figures after the kill.
 * Their addresses follow those of the visitors of node A (from index `after`).
 */
async function warmUp(o, env, after) {
  const failures = new Tally();
  let cycles = 0;
  if (!(o.warmSeconds > 0) || !(o.warmVisitors > 0)) {
    return { cycles, failures };
  }
  const end = performance.now() + o.warmSeconds * 1000;
  await inTurns(o.warmVisitors, o.warmVisitors, async (i) => {
    let token = null;
    let conversation = null;
    while (performance.now() < end) {
      const opened = await openVisitor(env, after + i, o.perAddress, { welcomeMs: 15_000, visitorToken: token, resume: conversation ?? undefined });
      if (!opened.socket) {
        failures.add(String(opened.status));
        await sleep(1000);
        continue;
      }
      token = opened.welcome.visitorToken;
      const clientMsgId = randomUUID();
      const ack = opened.socket.waitFor((f) => (f.type === 'ack' && f.clientMsgId === clientMsgId) || (f.type === 'error' && f.ref === clientMsgId), 15_000);
      opened.socket.send(JSON.stringify({ type: 'send', clientMsgId, text: `Warming node B, visit ${cycles}` }));
      const answer = await ack;
      if (answer?.type === 'ack') {
        conversation = { conversationId: answer.conversationId, lastSeq: answer.seq };
        cycles += 1;
      } else {
        failures.add(answer ? answer.code : 'no ack');
      }
      opened.socket.close();
      await opened.socket.closed;
    }
  });
  return { cycles, failures };
}

/** The highest seq up to which the visitor holds every message: what the widget resumes from. */
function contiguous(v) {
  let seq = 0;
  while (v.held.has(seq + 1)) {
    seq += 1;
  }
  return seq;
}

/**
 * Asks for node A's death: a line into the script's fifo (the script kills the JVM), or without a
 * fifo SIGKILL to the process itself.
 */
function requestKill(fifo, pid) {
  if (fifo) {
    let fd;
    try {
      // Not blocking: with nobody reading the fifo, the open fails (ENXIO) rather than hangs.
      fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      throw new Error(`nobody to kill node A at ${fifo}: ${error.code ?? error.message}`);
    }
    writeSync(fd, 'kill node A\n');
    closeSync(fd);
  } else if (pid) {
    process.kill(pid, 'SIGKILL');
  } else {
    throw new Error('the failover scenario needs --kill-fifo or node A\'s process (--pid)');
  }
}

/**
 * The moment the process is seen gone (or a zombie), watched every millisecond; null without a
 * pid, or when it still lives a minute later.
 */
async function watchDeath(pid) {
  if (!pid) {
    return null;
  }
  const start = performance.now();
  const gone = () => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
    } catch {
      return true;
    }
  };
  while (!gone()) {
    if (performance.now() - start > 60_000) {
      console.error(`failover: node A (pid ${pid}) still alive 60 s after the kill`);
      return null;
    }
    await sleep(1);
  }
  return performance.now();
}

export function failoverLine(f) {
  const h = f.history;
  return (
    `failover: ${f.settled} of ${f.visitors} visitors on node A (${f.assigned} assigned to ${f.agents} agents on node B, ${f.queued} queued; settled in ${f.setupSeconds} s), ` +
    `node A's JVM killed (gone ${f.killToDeadMs} ms after the request; sockets closed ${shown(f.closedMs)}); ` +
    `on node B within ${f.deadlineSeconds} s ${f.withinDeadline.welcomed} welcomed, ${f.withinDeadline.acknowledged} with their new message acknowledged, ${f.withinDeadline.deliveredToAgents} of ${f.assigned} delivered to their agents; ` +
    `in the end ${f.welcomed} welcomed, ${f.acknowledged} acknowledged, ${f.deliveredToAgents} delivered, ${f.notBack} not back; ` +
    `kill → welcome ${shown(f.welcomeMs)}; kill → ack ${shown(f.ackMs)}; kill → agent ${shown(f.agentMs)}; ` +
    `node B welcomed ${f.welcomesPerSecond}/s (busiest second ${f.peakWelcomesPerSecond}), handshake ${shown(f.handshakeMs)}, hello → welcome ${shown(f.helloToWelcomeMs)}, ${f.attempts} attempts (refused ${JSON.stringify(f.refused)}), ${f.resent} messages sent again, ` +
    `server CPU ${f.serverBCpuMsPerVisitor} ms per visitor back; ` +
    `history of ${h.conversations} conversations (${h.acknowledged} acknowledged messages): ${h.lost} lost, ${h.duplicated} duplicated, ${h.misplaced} at another seq, ${h.outOfOrder} out of order, ${h.gaps} seq gaps, ${h.missingAtVisitor} missing at the visitor; ` +
    `errors ${JSON.stringify(f.errors)}, problems ${JSON.stringify(f.problems.counts)}`
  );
}

// The burst scenario: many visitors open chats within a few seconds (each opens its socket, says
// hello and sends a first message as soon as it is welcomed) against a few agents, whose places
// run out so that most conversations wait in the queue. Each visitor's moments are kept: welcome,
// ack of the first message, and its first `queue` or `assigned` frame. At the deadline (20 s
// after the first arrival) the visitors acknowledged and placed are counted; then the run waits
// for the stragglers, and a visitor with no ack or no place by then is lost. Before the burst, a
// warm-up of the same arrivals at a trickle (not counted) compiles the server's code of an arrival,
// as a node that has served visitors for a while has it: a burst comes on the day of a sale, not
// at a server's first minute.

import { randomUUID } from 'node:crypto';
import { inTurns, openVisitor, shown, spread, startAgents } from './bench-crowd.mjs';
import { Tally, sleep } from './tally.mjs';

/**
 * o: {visitors, agents, capacity, withinSeconds, deadlineSeconds, settleSeconds, perAddress,
 * warmSeconds, warmVisitors}; server: the node's process, for its CPU time per arrival.
 */
export async function burst(o, env, server) {
  let assignedToAgents = new Tally();
  const agents = await startAgents(env, o.agents, o.capacity, (agent, frame) => {
    if (frame.type === 'conversation' && frame.conversation) {
      assignedToAgents.add(frame.conversation.id);
    }
  });
  const warm = await warmUp(o, env);
  if (warm.visits > 0) {
    console.log(
      `burst: warmed for ${o.warmSeconds} s by ${o.warmVisitors} visitors at a time (not counted): ` +
        `${warm.visits} visits (open, hello, a first message acknowledged and placed, close), ${JSON.stringify(warm.failures.counts)} failed`,
    );
  }
  assignedToAgents = new Tally();
  const cpuBefore = server?.cpuSeconds();
  const handshakeRefusals = new Tally();
  const errors = new Tally();
  const people = Array.from({ length: o.visitors }, (_, index) => ({ index }));
  const t0 = performance.now();
  const arrival = (o.withinSeconds * 1000) / o.visitors;

  const frameOf = (visitor) => (frame) => {
    const at = performance.now() - t0;
    if (frame.type === 'ack' && frame.clientMsgId === visitor.clientMsgId) {
      visitor.ack = at;
      visitor.conversationId = frame.conversationId;
      visitor.seq = frame.seq;
    } else if (frame.type === 'queue' && visitor.placed === undefined) {
      visitor.placed = at;
      visitor.state = 'queued';
      visitor.position = frame.position;
    } else if (frame.type === 'assigned' && visitor.state !== 'assigned') {
      visitor.placed ??= at;
      visitor.assigned = at;
      visitor.state = 'assigned';
    } else if (frame.type === 'error') {
      errors.add(frame.code);
      if (frame.ref !== undefined && frame.ref === visitor.clientMsgId && (frame.code === 'unavailable' || frame.code === 'rate_limited')) {
        // Refused for now: sent again 5 s later with the same clientMsgId, as the widget does.
        visitor.refusals = (visitor.refusals ?? 0) + 1;
        setTimeout(() => sendFirst(visitor), 5_000).unref();
      }
    }
  };
  const sendFirst = (visitor) => visitor.socket.send(JSON.stringify({ type: 'send', clientMsgId: visitor.clientMsgId, text: `Hello, visitor ${visitor.index} here` }));
  const giveUpAt = t0 + (o.deadlineSeconds + o.settleSeconds) * 1000;
  const arrive = async (visitor) => {
    visitor.start = performance.now() - t0;
    // As the widget: a handshake refused, or no welcome within 15 s, is tried again after 1, 2, 4, …
    // (at most 30) seconds.
    for (let attempt = 0; ; attempt += 1) {
      const opened = await openVisitor(env, visitor.index, o.perAddress, { onFrame: frameOf(visitor), welcomeMs: 15_000 });
      if (opened.socket) {
        visitor.socket = opened.socket;
        break;
      }
      handshakeRefusals.add(String(opened.status));
      visitor.reconnects = attempt + 1;
      const delay = Math.min(30_000, 1000 * 2 ** attempt);
      if (performance.now() + delay > giveUpAt) {
        return;
      }
      await sleep(delay);
    }
    visitor.welcome = performance.now() - t0;
    visitor.clientMsgId = randomUUID();
    visitor.sent = performance.now() - t0;
    sendFirst(visitor);
  };

  // Arrivals at an even pace over the window, each on its own: a slow handshake holds up nobody.
  for (const visitor of people) {
    const wait = t0 + visitor.index * arrival - performance.now();
    if (wait > 1) {
      await sleep(wait);
    }
    arrive(visitor);
  }
  const lastArrival = (performance.now() - t0) / 1000;
  const done = (v) => v.ack !== undefined && v.placed !== undefined;
  const deadline = o.deadlineSeconds * 1000;
  while (performance.now() - t0 < deadline && !people.every(done)) {
    await sleep(100);
  }
  const byDeadline = {
    acknowledged: people.filter((v) => v.ack <= deadline).length,
    placed: people.filter((v) => v.placed <= deadline).length,
  };
  // Stragglers get until the deadline plus the settling time; whoever is not placed then is lost.
  while (performance.now() < giveUpAt && !people.every(done)) {
    await sleep(200);
  }

  const cpuSeconds = server?.pid ? server.cpuSeconds() - cpuBefore : null;
  const acked = people.filter((v) => v.ack !== undefined);
  const conversations = new Set(acked.map((v) => v.conversationId));
  const assigned = people.filter((v) => v.state === 'assigned');
  const figures = {
    scenario: 'burst',
    visitors: o.visitors,
    agents: agents.length,
    capacity: o.capacity,
    places: agents.length * o.capacity,
    withinSeconds: o.withinSeconds,
    lastArrivalSeconds: Number(lastArrival.toFixed(1)),
    deadlineSeconds: o.deadlineSeconds,
    warmUp: { seconds: o.warmSeconds, visitors: o.warmVisitors, visits: warm.visits, failed: warm.failures.counts },
    byDeadline,
    welcomed: people.filter((v) => v.socket).length,
    refused: handshakeRefusals.counts,
    acknowledged: acked.length,
    conversations: conversations.size,
    firstSeqNotOne: acked.filter((v) => v.seq !== 1).length,
    queued: people.filter((v) => v.state === 'queued').length,
    assigned: assigned.length,
    agentsGot: Object.keys(assignedToAgents.counts).length,
    assignedTwice: Object.values(assignedToAgents.counts).filter((n) => n > 1).length,
    // First messages refused for now (then sent again), and the visitors who had such a refusal.
    refusals: people.reduce((sum, v) => sum + (v.refusals ?? 0), 0),
    visitorsRefused: people.filter((v) => v.refusals).length,
    reconnects: people.reduce((sum, v) => sum + (v.reconnects ?? 0), 0),
    // Lost: not acknowledged and placed by the end, after every retry the widget would make.
    lost: people.filter((v) => !done(v)).length,
    errors: errors.counts,
    welcomeMs: spread(people.filter((v) => v.socket).map((v) => v.welcome - v.start)),
    ackMs: spread(acked.map((v) => v.ack - v.sent)),
    placedMs: spread(people.filter((v) => v.placed !== undefined && v.socket).map((v) => v.placed - v.sent)),
    lastAckSeconds: acked.length ? Number((Math.max(...acked.map((v) => v.ack)) / 1000).toFixed(1)) : null,
    // The node's CPU time from the first arrival to the end of the run, per visitor placed.
    cpuMsPerArrival: cpuSeconds === null ? null : Number(((cpuSeconds * 1000) / Math.max(1, people.filter(done).length)).toFixed(1)),
    lastPlacedSeconds: Number((Math.max(0, ...people.filter((v) => v.placed !== undefined).map((v) => v.placed)) / 1000).toFixed(1)),
    // Each visitor's moments in ms from the first arrival: start, welcome, ack, placed; state, refusals.
    timeline: people.map((v) => [v.start, v.welcome, v.ack, v.placed].map((t) => (t === undefined ? null : Math.round(t))).concat(v.state ?? null, v.refusals ?? 0)),
  };
  for (const socket of [...people.filter((v) => v.socket).map((v) => v.socket), ...agents.map((a) => a.socket)]) {
    socket.close();
  }
  return figures;
}

/**
 * Before the burst, for o.warmSeconds, o.warmVisitors new visitors at a time each arrive as the
 * burst's do (open, hello, a first message, its ack and its place), then close their conversation,
 * so that the agents' places are free and the queue empty again when the burst begins. Their
 * addresses follow those of the burst's visitors.
 */
async function warmUp(o, env) {
  const failures = new Tally();
  let visits = 0;
  if (!(o.warmSeconds > 0) || !(o.warmVisitors > 0)) {
    return { visits, failures };
  }
  const end = performance.now() + o.warmSeconds * 1000;
  await inTurns(o.warmVisitors, o.warmVisitors, async (i) => {
    while (performance.now() < end) {
      const opened = await openVisitor(env, o.visitors + i, o.perAddress, { welcomeMs: 15_000 });
      if (!opened.socket) {
        failures.add(String(opened.status));
        await sleep(1000);
        continue;
      }
      const socket = opened.socket;
      const clientMsgId = randomUUID();
      const ack = socket.waitFor((f) => (f.type === 'ack' && f.clientMsgId === clientMsgId) || (f.type === 'error' && f.ref === clientMsgId), 15_000);
      const placed = socket.waitFor((f) => f.type === 'queue' || f.type === 'assigned', 15_000);
      socket.send(JSON.stringify({ type: 'send', clientMsgId, text: `Warming up, visit ${visits}` }));
      const answer = await ack;
      if (answer?.type === 'ack' && (await placed)) {
        const closed = socket.waitFor((f) => f.type === 'closed', 15_000);
        socket.send(JSON.stringify({ type: 'close', conversationId: answer.conversationId }));
        if (await closed) {
          visits += 1;
        } else {
          failures.add('not closed');
        }
      } else {
        failures.add(answer?.type === 'error' ? answer.code : 'no ack or place');
      }
      socket.close();
      await socket.closed;
    }
  });
  return { visits, failures };
}

export function burstLine(f) {
  return (
    `burst: ${f.visitors} visitors arriving over ${f.lastArrivalSeconds} s, ${f.agents} agents with ${f.places} places; ` +
    `within ${f.deadlineSeconds} s ${f.byDeadline.acknowledged} acknowledged and ${f.byDeadline.placed} queued or assigned; ` +
    `in the end ${f.welcomed} welcomed (handshakes refused ${JSON.stringify(f.refused)}, ${f.reconnects} reconnects), ${f.acknowledged} acknowledged in ${f.conversations} conversations, ` +
    `${f.assigned} assigned (agents got ${f.agentsGot}, ${f.assignedTwice} twice), ${f.queued} queued, ${f.lost} lost; ${f.refusals} first messages refused for now (${f.visitorsRefused} visitors; errors ${JSON.stringify(f.errors)}) and sent again; ` +
    `welcome ${shown(f.welcomeMs)}; ack ${shown(f.ackMs)}; placed ${shown(f.placedMs)} after the first message; ` +
    `last ack at ${f.lastAckSeconds} s, last placed at ${f.lastPlacedSeconds} s` +
    (f.cpuMsPerArrival === null ? '' : `; node CPU ${f.cpuMsPerArrival} ms per visitor placed`)
  );
}

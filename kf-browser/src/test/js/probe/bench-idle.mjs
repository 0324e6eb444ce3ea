// The idle scenario: how many visitors one node holds, and what each costs it. Visitors open the
// visitor socket, say hello, get their welcome and then only ping every 25 s as the widget does.
// After each step (1,000, 5,000, … sockets) the server collects its garbage (jcmd GC.run) and its
// live heap and resident memory are read against the baseline with no visitor at all. The last
// step may be `max`: as many sockets as the server's cap on open files leaves room for.

import { inTurns, openFileLimit, openVisitor, spread } from './bench-crowd.mjs';
import { classHistogram, heap } from './server.mjs';
import { Tally, sleep } from './tally.mjs';

/** The server's memory now: the live heap after a full collection (the lower of two) and RSS. */
async function memory(server) {
  const first = await heap(server.pid, { collect: true });
  const second = await heap(server.pid, { collect: true });
  const live = [first, second].filter((h) => h?.usedKiB !== undefined).sort((a, b) => a.usedKiB - b.usedKiB)[0];
  if (!live) {
    throw new Error(`no heap figures from jcmd: ${JSON.stringify(second)}`);
  }
  return { heapKiB: live.usedKiB, heapCommittedMiB: live.committedMiB, rssMiB: Number(server.rssMiB().toFixed(1)), openFiles: server.openFiles() };
}

/** The classes whose live bytes grew most from `before` to `after`, per socket. */
function grownClasses(before, after, sockets, top = 8) {
  if (!before || !after || sockets === 0) {
    return [];
  }
  return [...after.entries()]
    .map(([name, { instances, bytes }]) => ({ name, instances: instances - (before.get(name)?.instances ?? 0), bytes: bytes - (before.get(name)?.bytes ?? 0) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top)
    .map((c) => ({ class: c.name, bytesPerSocket: Math.round(c.bytes / sockets), instancesPerSocket: Number((c.instances / sockets).toFixed(2)) }));
}

/**
 * o: {steps: [numbers, or 'max'], perAddress, parallel, reserveFiles, settleSeconds,
 * holdSeconds}; env from kefu(); server: a ServerProcess (its pid is needed).
 */
export async function idle(o, env, server) {
  if (!server.pid) {
    throw new Error('the idle scenario needs the server process (--pid)');
  }
  const serverLimit = server.openFileLimit();
  const clientLimit = openFileLimit();
  const baseline = await memory(server);
  const histogramBefore = await classHistogram(server.pid);
  // Each socket is one open file in the server and one in this client; the server also needs
  // files for its database connections, logs and jars (reserveFiles above what it holds now).
  const serverRoom = serverLimit.soft - baseline.openFiles - o.reserveFiles;
  const clientRoom = clientLimit.soft - 100;
  const cap = Math.max(0, Math.min(serverRoom, clientRoom));
  const capBy = serverRoom <= clientRoom ? `the server's open-file limit ${serverLimit.soft} (hard ${serverLimit.hard}), ${baseline.openFiles} open before, ${o.reserveFiles} kept for the rest` : `this client's open-file limit ${clientLimit.soft}`;
  console.log(`idle: cap ${cap} sockets, set by ${capBy}; baseline heap ${(baseline.heapKiB / 1024).toFixed(1)} MiB live, RSS ${baseline.rssMiB} MiB`);

  const targets = [...new Set(o.steps.map((s) => (s === 'max' ? cap : Math.min(Number(s), cap))))].sort((a, b) => a - b);
  const people = [];
  const refusals = new Tally();
  const welcomeMs = [];
  const steps = [];
  for (const target of targets) {
    const from = people.length;
    const started = performance.now();
    const opened = await inTurns(target - from, o.parallel, async (i) => {
      const visitor = await openVisitor(env, from + i, o.perAddress);
      if (!visitor.socket) {
        refusals.add(String(visitor.status));
        return null;
      }
      welcomeMs.push(visitor.welcomeMs);
      return visitor.socket;
    });
    people.push(...opened.filter(Boolean));
    const openingSeconds = (performance.now() - started) / 1000;
    await sleep(o.settleSeconds * 1000);
    const open = people.filter((s) => s.open).length;
    const now = await memory(server);
    const per = (after, before, scale) => (open === 0 ? null : Number((((after - before) * scale) / open).toFixed(1)));
    const step = {
      sockets: open,
      asked: target,
      openingSeconds: Number(openingSeconds.toFixed(1)),
      heapMiB: Number((now.heapKiB / 1024).toFixed(1)),
      heapKiBPerSocket: per(now.heapKiB, baseline.heapKiB, 1),
      rssMiB: now.rssMiB,
      rssKiBPerSocket: per(now.rssMiB, baseline.rssMiB, 1024),
      heapCommittedMiB: now.heapCommittedMiB,
      serverOpenFiles: now.openFiles,
      refused: Object.values(refusals.counts).reduce((a, b) => a + b, 0),
    };
    steps.push(step);
    console.log(
      `idle: ${open} sockets open (${target} asked, ${step.openingSeconds} s to open the last ${target - from}): live heap ${step.heapMiB} MiB = ${step.heapKiBPerSocket} KiB per socket over the baseline; ` +
        `RSS ${step.rssMiB} MiB = ${step.rssKiBPerSocket} KiB per socket; server open files ${step.serverOpenFiles}; refused so far ${JSON.stringify(refusals.counts)}`,
    );
    if (open < target * 0.9) {
      console.log('idle: more than a tenth of the sockets asked for did not open; no further steps');
      break;
    }
  }

  // What the sockets of the last step hold, by class: where a socket's heap goes.
  const grown = grownClasses(histogramBefore, await classHistogram(server.pid), steps.at(-1)?.sockets ?? 0);
  for (const c of grown) {
    console.log(`idle: ${c.class}: ${c.bytesPerSocket} bytes and ${c.instancesPerSocket} objects per socket`);
  }

  // Held a while with their pings only: an idle visitor must not be dropped.
  const before = people.filter((s) => s.open).length;
  await sleep(o.holdSeconds * 1000);
  const held = people.filter((s) => s.open).length;
  const closeCodes = new Tally();
  await Promise.all(people.filter((s) => !s.open).map(async (s) => closeCodes.add(String((await s.closed).code))));
  for (const socket of people) {
    socket.close();
  }
  return {
    scenario: 'idle',
    cap,
    capBy,
    serverOpenFileLimit: serverLimit,
    clientOpenFileLimit: clientLimit,
    baseline: { heapMiB: Number((baseline.heapKiB / 1024).toFixed(1)), rssMiB: baseline.rssMiB, serverOpenFiles: baseline.openFiles },
    steps,
    grownPerSocket: grown,
    welcomeMs: spread(welcomeMs),
    refused: refusals.counts,
    held: { seconds: o.holdSeconds, openBefore: before, openAfter: held, closeCodes: closeCodes.counts },
  };
}

export function idleLine(f) {
  const last = f.steps.at(-1);
  return (
    `idle: ${last?.sockets ?? 0} visitor sockets held after welcome (cap ${f.cap}: ${f.capBy}); ` +
    `heap ${last?.heapKiBPerSocket} KiB and RSS ${last?.rssKiBPerSocket} KiB per socket over the baseline (heap ${f.baseline.heapMiB} → ${last?.heapMiB} MiB, RSS ${f.baseline.rssMiB} → ${last?.rssMiB} MiB); ` +
    `welcome p50 ${f.welcomeMs.p50} / p99 ${f.welcomeMs.p99} / max ${f.welcomeMs.max} ms; refused ${JSON.stringify(f.refused)}; ` +
    `after ${f.held.seconds} s idle ${f.held.openAfter} of ${f.held.openBefore} still open`
  );
}

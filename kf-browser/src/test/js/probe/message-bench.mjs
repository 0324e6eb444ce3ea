// The message benchmark: N visitors each send a message as soon as their previous one is
// acknowledged, for a fixed time, and it prints acknowledgements per second and their latency.
// With --echo-url the same sockets send the same frames to a bare echo endpoint instead, and wait
// for each frame to come back: what the server and the machine allow without Kefu's message path.
//
//   node tests/probe/message-bench.mjs --base-url http://127.0.0.1:8090 --admin-password secret123
//   node tests/probe/message-bench.mjs --echo-url ws://127.0.0.1:8090/kf-bench-echo/echo
//
// Kefu's limit of 20 frames per 10 s per socket must be lifted on the server under test
// (-Dkf.ws.rate.frames=1000000000 in KF_JAVA_OPTS), or every visitor is soon refused. Visitor
// sockets come from the loopback addresses 127.0.0.2 onwards, --per-address of them from each,
// below the limit of visitor sockets per address. Run it against a server of its own: it adds
// agents and conversations.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { api, basic, request } from './http.mjs';
import { openSocket } from './socket.mjs';
import { percentiles, sleep } from './tally.mjs';

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string', default: 'http://127.0.0.1:8080' },
    'admin-password': { type: 'string' },
    'echo-url': { type: 'string' },
    visitors: { type: 'string', default: '100' },
    agents: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '45' },
    'text-chars': { type: 'string', default: '100' },
    'per-address': { type: 'string', default: '10' },
    pid: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (options.help || (!options['echo-url'] && !options['admin-password'])) {
  console.log(`message-bench.mjs: visitors sending messages as fast as they are acknowledged

  --base-url URL         Kefu (http://127.0.0.1:8080)
  --admin-password PW    the admin's password (needed for Kefu: agents are made and signed in)
  --echo-url URL         drive this echo endpoint instead of Kefu (ws://…/kf-bench-echo/echo)
  --visitors N           visitor sockets, each with one message in flight (100)
  --agents N             agents online in the site's default department, each with capacity for
                         its share of the visitors, so every conversation is assigned (10; 0: all
                         conversations wait in the queue)
  --seconds N            length of the measured run, after every visitor has a conversation (45)
  --text-chars N         characters of each message's text (100)
  --per-address N        visitor sockets per loopback address (10)
  --pid PID              the server's process: also print the CPU time it spent per answer, a
                         figure that other load on the machine changes less than the rate
  --out FILE             also write the figures as JSON`);
  process.exit(options.help ? 0 : 2);
}

const visitors = Number(options.visitors);
const agentCount = options['echo-url'] ? 0 : Number(options.agents);
const seconds = Number(options.seconds);
const perAddress = Number(options['per-address']);
const text = 'x'.repeat(Number(options['text-chars']));
const baseUrl = options['base-url'];
const target = options['echo-url'] ? 'echo' : 'kefu';

/** CPU seconds (user and system) the server process has used, from /proc; null without --pid. */
function serverCpuSeconds() {
  if (!options.pid) {
    return null;
  }
  const stat = readFileSync(`/proc/${options.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, counted in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const addressOf = (i) => `127.0.0.${2 + Math.floor(i / perAddress)}`;

async function adminSession() {
  const answer = await request(baseUrl, 'POST', '/api/v1/auth/login', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: options['admin-password'] }),
  });
  const cookie = [answer.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('KFSESSION='));
  if (!cookie) {
    throw new Error(`admin sign-in failed: ${answer.status || answer.error}`);
  }
  return { cookie: cookie.split(';')[0] };
}

/** Agents online in the site's default department, each holding its share of the chats. */
async function startAgents(admin, site) {
  const tag = randomUUID().slice(0, 8);
  const capacity = Math.max(1, Math.ceil(visitors / Math.max(1, agentCount)));
  const sockets = [];
  for (let i = 0; i < agentCount; i += 1) {
    const username = `bench.agent.${i}.${tag}`;
    const password = `bench-${randomUUID()}`;
    const made = await api(baseUrl, 'POST', 'accounts', {
      auth: admin,
      body: { username, name: `Bench agent ${i}`, password, roles: ['kf-agent'], departmentIds: [site.defaultDepartmentId] },
    });
    await api(baseUrl, 'PUT', `agents/${made.id}/routing`, { auth: admin, body: { capacity, skills: [] } });
    const ticket = await api(baseUrl, 'POST', 'auth/ws-ticket', { auth: basic(username, password) });
    const opened = await openSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/agent?ticket=${encodeURIComponent(ticket.ticket)}`, { localAddress: '127.0.0.1' });
    if (!opened.socket) {
      throw new Error(`agent socket refused: ${opened.status}`);
    }
    const socket = opened.socket;
    const welcome = socket.waitFor((f) => f.type === 'welcome', 30_000);
    socket.send('{"type":"hello","protocol":1,"resume":[]}');
    if (!(await welcome)) {
      throw new Error('no welcome for an agent');
    }
    const online = socket.waitFor((f) => f.type === 'status', 30_000);
    socket.send('{"type":"status","value":"online"}');
    if (!(await online)) {
      throw new Error('an agent could not go online');
    }
    sockets.push(socket);
  }
  return sockets;
}

/** A visitor: its socket, after hello and a first message that opened its conversation. */
async function startVisitor(index, env) {
  const opened = await openSocket(env.url, { localAddress: addressOf(index), origin: env.origin });
  if (!opened.socket) {
    throw new Error(`visitor ${index}: handshake refused (${opened.status} ${opened.error ?? ''})`);
  }
  const socket = opened.socket;
  if (target === 'kefu') {
    // Generous: on a busy machine the first handshakes of a fresh server can take long.
    const welcome = socket.waitFor((f) => f.type === 'welcome', 120_000);
    socket.send(JSON.stringify({ type: 'hello', protocol: 1, visitorToken: null, page: { url: 'https://bench.example/', title: 'Bench' }, locale: 'en' }));
    if (!(await welcome)) {
      throw new Error(`visitor ${index}: no welcome`);
    }
  }
  const visitor = { socket, errors: 0, closed: false };
  socket.closed.then(() => {
    visitor.closed = true;
  });
  const first = await roundTrip(visitor);
  if (first === null) {
    throw new Error(`visitor ${index}: its first message was not acknowledged`);
  }
  return visitor;
}

/** Sends one message and waits for its ack (Kefu) or its echo: the milliseconds, or null. */
function roundTrip(visitor) {
  const clientMsgId = randomUUID();
  const frame = JSON.stringify({ type: 'send', clientMsgId, text });
  const started = process.hrtime.bigint();
  const answered = visitor.socket.waitFor((f) => {
    if (f.type === 'error') {
      visitor.errors += 1;
      visitor.lastError = f.code;
      return true;
    }
    return (f.type === 'ack' || f.type === 'send') && f.clientMsgId === clientMsgId;
  }, 120_000);
  visitor.socket.send(frame);
  return answered.then((f) => (f === null || f.type === 'error' ? null : Number(process.hrtime.bigint() - started) / 1e6));
}

async function main() {
  let env;
  let agents = [];
  if (target === 'echo') {
    env = { url: options['echo-url'], origin: undefined };
  } else {
    const admin = await adminSession();
    const site = (await api(baseUrl, 'GET', 'sites', { auth: admin }))[0];
    env = { url: `${baseUrl.replace(/^http/, 'ws')}/ws/visitor?site=${encodeURIComponent(site.siteKey)}`, origin: new URL(baseUrl).origin };
    agents = await startAgents(admin, site);
  }
  // Handshakes a few at a time: a node admits only so many at once from one address.
  const people = [];
  for (let i = 0; i < visitors; i += 10) {
    people.push(...(await Promise.all(Array.from({ length: Math.min(10, visitors - i) }, (_, j) => startVisitor(i + j, env)))));
  }

  const latencies = [];
  let failed = 0;
  const load = [os.loadavg()[0]];
  const loadTimer = setInterval(() => load.push(os.loadavg()[0]), 5_000);
  const cpuBefore = serverCpuSeconds();
  const started = Date.now();
  const ends = started + seconds * 1000;
  await Promise.all(
    people.map(async (visitor) => {
      while (Date.now() < ends && !visitor.closed) {
        const ms = await roundTrip(visitor);
        if (ms === null) {
          failed += 1;
          await sleep(100);
        } else {
          latencies.push(ms);
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpuAfter = serverCpuSeconds();
  clearInterval(loadTimer);
  load.push(os.loadavg()[0]);

  const spread = percentiles(latencies);
  const figures = {
    target,
    visitors,
    agents: agentCount,
    textChars: text.length,
    seconds: Number(elapsed.toFixed(1)),
    acknowledged: latencies.length,
    perSecond: Number((latencies.length / elapsed).toFixed(1)),
    latencyMs: { p50: round(spread.p50), p99: round(spread.p99), max: round(spread.max) },
    serverCpuMsPerAnswer: cpuBefore === null || latencies.length === 0 ? null : Number((((cpuAfter - cpuBefore) * 1000) / latencies.length).toFixed(2)),
    serverCpuCores: cpuBefore === null ? null : Number(((cpuAfter - cpuBefore) / elapsed).toFixed(2)),
    failed,
    errors: people.reduce((sum, v) => sum + v.errors, 0),
    closedSockets: people.filter((v) => v.closed).length,
    loadAverage1m: { min: Math.min(...load), max: Math.max(...load), mean: Number((load.reduce((a, b) => a + b, 0) / load.length).toFixed(1)) },
  };
  console.log(
    `${target}: ${visitors} visitors${target === 'kefu' ? `, ${agentCount} agents` : ''}, ${figures.acknowledged} ${target === 'kefu' ? 'acks' : 'echoes'} in ${figures.seconds} s = ` +
      `${figures.perSecond}/s; latency p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms, max ${figures.latencyMs.max} ms; ` +
      (figures.serverCpuMsPerAnswer === null ? '' : `server CPU ${figures.serverCpuMsPerAnswer} ms per answer (${figures.serverCpuCores} cores busy); `) +
      `${failed} unanswered or refused; load average ${figures.loadAverage1m.min}–${figures.loadAverage1m.max} (mean ${figures.loadAverage1m.mean})`,
  );
  if (options.out) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(options.out, `${JSON.stringify(figures, null, 2)}\n`);
  }
  for (const socket of [...people.map((v) => v.socket), ...agents]) {
    socket.close();
  }
  process.exit(failed === 0 && figures.closedSockets === 0 ? 0 : 1);
}

function round(ms) {
  return ms === undefined ? null : Number(ms.toFixed(1));
}

main().catch((error) => {
  console.error(`message-bench: ${error.message}`);
  process.exit(1);
});

// Abuse that costs the server memory, within the per-socket and per-address limits:
//
// - transcripts: one visitor writes a conversation of 301 messages of 4,000 characters, then opens
//   19 tabs from one address, stops reading on all of them, and asks for the transcript on each
//   every 560 ms; each tab is replaced after a minute (or when the server drops it), so the
//   pressure lasts the whole run;
// - sign-ins: 6 anonymous sign-ins at once, each with a 50 MB password, again and again;
// - meanwhile, every 5 s, a new visitor opens a socket and must get its welcome, and the admin
//   must get an answer from the REST API: the node keeps serving others.

import http from 'node:http';
import { basic, request } from './http.mjs';
import { openSocket } from './socket.mjs';
import { percentiles, sleep, Tally } from './tally.mjs';

export async function abuse(options, env, random, seconds) {
  const tally = new Tally();
  const building = Date.now();
  const conversation = await writeLongConversation(options, env, random, tally);
  const buildSeconds = Math.round((Date.now() - building) / 1000);
  const deadline = Date.now() + seconds * 1000;
  const serviceTimes = [];
  const tasks = [serviceChecks(options, env, tally, deadline, serviceTimes)];
  if (options.transcriptTabs > 0 && conversation) {
    for (let i = 0; i < options.transcriptTabs; i += 1) {
      tasks.push(transcriptTab(options, env, conversation, tally, deadline, i));
    }
  }
  const password = Buffer.alloc(options.signinMb * 1024 * 1024, 'a');
  for (let i = 0; i < options.signinParallel; i += 1) {
    tasks.push(bigSignIns(options, random, password, tally, deadline));
  }
  await Promise.all(tasks);
  const c = tally.counts;
  const sum = (prefix) => Object.entries(c).filter(([k]) => k.startsWith(prefix)).reduce((s, [, n]) => s + n, 0);
  return {
    seconds,
    buildSeconds,
    serviceCheckMs: percentiles(serviceTimes),
    conversationMessages: c['long conversation messages'] ?? 0,
    transcriptsAsked: c['transcripts asked'] ?? 0,
    signIns: sum('sign-in '),
    signIn5xx: sum('sign-in 5'),
    serviceChecks: c['service checks'] ?? 0,
    serviceChecksFailed: sum('service check failed'),
    ...tally.toJSON(),
  };
}

/** The abusing visitor's conversation: 301 × 4,000 characters, written from 15 tabs at once. */
async function writeLongConversation(options, env, random, tally) {
  const address = '127.0.0.100';
  const first = await visitorTab(env, address, null);
  if (!first) {
    tally.add('long conversation: no socket');
    return null;
  }
  const tabs = [first];
  while (tabs.length < 15) {
    const tab = await visitorTab(env, address, first.token);
    if (!tab) {
      break;
    }
    tabs.push(tab);
  }
  let written = 0;
  let conversationId = null;
  const text = (n) => `${n} ${'长'.repeat(10)}${'x'.repeat(3980)}`.slice(0, 4000);
  await Promise.all(
    tabs.map(async (tab) => {
      while (written < options.transcriptMessages && tab.socket.open) {
        written += 1;
        const ack = tab.socket.waitFor((f) => f.type === 'ack' || f.type === 'error', 30_000);
        tab.socket.send(JSON.stringify({ type: 'send', clientMsgId: random.uuid(), text: text(written) }));
        const answer = await ack;
        if (answer?.type === 'ack') {
          conversationId ??= answer.conversationId;
          tally.add('long conversation messages');
        } else {
          tally.add(`long conversation: ${answer ? `error ${answer.code}` : 'no ack'}`);
        }
        await sleep(options.frameIntervalMs);
      }
    }),
  );
  for (const tab of tabs) {
    tab.socket.close();
  }
  return conversationId ? { id: conversationId, token: first.token } : null;
}

async function visitorTab(env, address, token) {
  const opened = await openSocket(env.visitorUrl, { localAddress: address, origin: env.origin });
  if (!opened.socket) {
    return null;
  }
  const welcome = opened.socket.waitFor((f) => f.type === 'welcome', 30_000);
  opened.socket.send(JSON.stringify({ type: 'hello', protocol: 1, visitorToken: token, page: { url: 'https://shop.example/long', title: 'Long' }, locale: 'en' }));
  const answer = await welcome;
  if (!answer) {
    opened.socket.terminate();
    return null;
  }
  return { socket: opened.socket, token: answer.visitorToken };
}

/** One tab that never reads and asks for the long transcript every 560 ms, replaced each minute. */
async function transcriptTab(options, env, conversation, tally, deadline, index) {
  const address = '127.0.0.101';
  await sleep(index * 50);
  while (Date.now() < deadline) {
    const opened = await openSocket(env.visitorUrl, { localAddress: address, origin: env.origin });
    tally.add(`transcript tab handshake ${opened.socket ? 101 : opened.status}`);
    if (!opened.socket) {
      await sleep(1000);
      continue;
    }
    const socket = opened.socket;
    const welcome = socket.waitFor((f) => f.type === 'welcome', 30_000);
    socket.send(JSON.stringify({ type: 'hello', protocol: 1, visitorToken: conversation.token, page: { url: 'https://shop.example/long', title: 'Long' }, locale: 'en' }));
    if (!(await welcome)) {
      tally.add('transcript tab: no welcome');
      socket.terminate();
      continue;
    }
    socket.pauseReading();
    const until = Math.min(deadline, Date.now() + 60_000);
    while (Date.now() < until && socket.open) {
      await sleep(options.transcriptIntervalMs);
      if (socket.send(JSON.stringify({ type: 'transcript', conversationId: conversation.id, locale: 'zh-CN' }))) {
        tally.add('transcripts asked');
      }
    }
    tally.add(socket.open ? 'transcript tab replaced' : 'transcript tab dropped by the server');
    socket.terminate();
  }
}

/** Anonymous sign-ins with a huge password, one after the other, on new connections. */
async function bigSignIns(options, random, password, tally, deadline) {
  const agent = new http.Agent({ keepAlive: false });
  while (Date.now() < deadline) {
    const body = [`{"username":"probe-${random.hex(8)}","password":"`, password, '"}'];
    const answer = await request(options.baseUrl, 'POST', '/api/v1/auth/login', {
      headers: { 'Content-Type': 'application/json' },
      body,
      timeoutMs: 120_000,
      keep: 2048,
      agent,
    });
    tally.add(`sign-in ${answer.status || answer.error}`);
    if (answer.status >= 500) {
      tally.sample('sign-in 5xx', `${new Date().toISOString()} ${answer.status} ${answer.body.toString('utf8').slice(0, 120)}`);
    }
    if (answer.status === 0) {
      await sleep(500);
    }
  }
}

/**
 * Every 5 s: a new visitor gets its welcome, and the admin an answer of the REST API (each within
 * 30 s, or the check fails); how long a check took is a figure.
 */
async function serviceChecks(options, env, tally, deadline, times) {
  while (Date.now() < deadline) {
    const started = Date.now();
    tally.add('service checks');
    const tab = await visitorTab(env, '127.0.0.102', null);
    if (tab) {
      tab.socket.close();
    } else {
      tally.add('service check failed: visitor');
      tally.sample('service checks failed', `${new Date().toISOString()} visitor got no welcome`);
    }
    const me = await request(options.baseUrl, 'GET', '/api/v1/auth/me', { headers: { Authorization: basic('admin', options.adminPassword) }, timeoutMs: 30_000 });
    if (me.status !== 200) {
      tally.add('service check failed: rest');
      tally.sample('service checks failed', `${new Date().toISOString()} GET /api/v1/auth/me ${me.status || me.error}`);
    }
    times.push(Date.now() - started);
    await sleep(Math.max(0, 5000 - (Date.now() - started)));
  }
}

/** Opens `count` visitor sockets from one address at the same moment; answers how many opened. */
export async function handshakeBurst(env, count) {
  const attempts = await Promise.all(Array.from({ length: count }, () => openSocket(env.visitorUrl, { localAddress: '127.0.0.99', origin: env.origin })));
  const statuses = {};
  for (const a of attempts) {
    const key = a.socket ? 101 : a.status;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  for (const a of attempts) {
    a.socket?.close();
  }
  await Promise.all(attempts.filter((a) => a.socket).map((a) => Promise.race([a.socket.closed, sleep(5000)])));
  return { attempted: count, admitted: statuses[101] ?? 0, statuses };
}

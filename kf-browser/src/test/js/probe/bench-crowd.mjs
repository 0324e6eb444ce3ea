// What every scenario of the benchmark needs: visitors from many loopback addresses, agents online
// in the site's default department, the server process seen from /proc, the load of the machine,
// and latencies matched between the side that sent a message and the side it was delivered to.

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { api, basic } from './http.mjs';
import { adminSession, agentSocket } from './setup.mjs';
import { openSocket } from './socket.mjs';
import { percentiles } from './tally.mjs';

/**
 * The loopback address of visitor `index`: 127.0.0.2 onwards, `perAddress` visitors on each, on
 * into 127.0.1.x and further, so that tens of thousands of sockets stay below the node's limit of
 * visitor sockets per address.
 */
export function addressOf(index, perAddress) {
  const n = 2 + Math.floor(index / perAddress);
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Kefu under test: the admin's session, the first site and its visitor socket's address. */
export async function kefu(baseUrl, adminPassword) {
  const admin = await adminSession({ baseUrl, adminPassword });
  const site = (await api(baseUrl, 'GET', 'sites', { auth: admin }))[0];
  if (!site) {
    throw new Error('the server has no site');
  }
  return {
    baseUrl,
    admin,
    site,
    visitorUrl: `${baseUrl.replace(/^http/, 'ws')}/ws/visitor?site=${encodeURIComponent(site.siteKey)}`,
    // Kefu's own origin passes for every site, as for its demo page.
    origin: new URL(baseUrl).origin,
  };
}

/**
 * `count` agents online in the site's default department, each with room for `capacity`
 * conversations; `onFrame(agent, frame)` hears every frame of each agent's socket.
 */
export async function startAgents(env, count, capacity, onFrame = () => {}) {
  const tag = randomUUID().slice(0, 8);
  const agents = [];
  for (let i = 0; i < count; i += 1) {
    const username = `bench.agent.${i}.${tag}`;
    const password = `bench-${randomUUID()}`;
    const made = await api(env.baseUrl, 'POST', 'accounts', {
      auth: env.admin,
      body: { username, name: `Bench agent ${i}`, password, roles: ['kf-agent'], departmentIds: [env.site.defaultDepartmentId] },
    });
    await api(env.baseUrl, 'PUT', `agents/${made.id}/routing`, { auth: env.admin, body: { capacity, skills: [] } });
    const ticket = await agentSocket({ baseUrl: env.baseUrl }, { auth: basic(username, password) });
    const opened = ticket.url ? await openSocket(ticket.url, { localAddress: '127.0.0.1' }) : { status: `ticket ${ticket.status}` };
    if (!opened.socket) {
      throw new Error(`agent socket refused: ${opened.status}`);
    }
    const agent = { index: i, socket: opened.socket, conversations: new Set(), errors: 0 };
    agent.socket.onFrame((frame) => {
      if (frame.type === 'conversation' && frame.conversation) {
        agent.conversations.add(frame.conversation.id);
      } else if (frame.type === 'closed') {
        agent.conversations.delete(frame.conversationId);
      } else if (frame.type === 'error') {
        agent.errors += 1;
      }
      onFrame(agent, frame);
    });
    const welcome = agent.socket.waitFor((f) => f.type === 'welcome', 30_000);
    agent.socket.send('{"type":"hello","protocol":1,"resume":[]}');
    if (!(await welcome)) {
      throw new Error('no welcome for an agent');
    }
    const online = agent.socket.waitFor((f) => f.type === 'status', 30_000);
    agent.socket.send('{"type":"status","value":"online"}');
    if (!(await online)) {
      throw new Error('an agent could not go online');
    }
    keepAlive(agent.socket);
    agents.push(agent);
  }
  return agents;
}

/**
 * A visitor's socket after `hello` and its `welcome` (for Kefu; an echo endpoint has no hello):
 * {socket, welcomeMs, handshakeMs, welcome} (the ms from the start to the welcome and to the open
 * socket) or {status} of a refused handshake, {status: 'no welcome'} without one. A visitor coming back says `hello` with its `visitorToken` and `resume` ({conversationId,
 * lastSeq}); `onFrame` hears the frames from the first, the replay before `welcome` included.
 */
export async function openVisitor(env, index, perAddress, { hello = true, welcomeMs = 120_000, onFrame, visitorToken = null, resume } = {}) {
  const started = performance.now();
  const opened = await openSocket(env.visitorUrl, { localAddress: addressOf(index, perAddress), origin: env.origin, timeoutMs: welcomeMs });
  if (!opened.socket) {
    return { status: opened.status, error: opened.error };
  }
  const socket = opened.socket;
  const handshakeMs = performance.now() - started;
  let welcomed = null;
  if (onFrame) {
    socket.onFrame(onFrame);
  }
  if (hello) {
    const welcome = socket.waitFor((f) => f.type === 'welcome', welcomeMs);
    socket.send(JSON.stringify({ type: 'hello', protocol: 1, visitorToken, page: { url: 'https://bench.example/', title: 'Bench' }, locale: 'en', ...(resume ? { resume } : {}) }));
    welcomed = await welcome;
    if (!welcomed) {
      socket.terminate();
      return { status: 'no welcome' };
    }
  }
  keepAlive(socket);
  return { socket, welcomeMs: performance.now() - started, handshakeMs, welcome: welcomed };
}

/** A ping every 25 s, as the widget sends, so that the node's idle timeout keeps the socket. */
export function keepAlive(socket) {
  const timer = setInterval(() => socket.send('{"type":"ping"}'), 20_000 + Math.random() * 5_000);
  timer.unref();
  socket.closed.then(() => clearInterval(timer));
}

/** Runs `start(i)` for i below `count`, at most `parallel` at a time; answers their results. */
export async function inTurns(count, parallel, start) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      results[i] = await start(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return results;
}

/** The server process as the system sees it: CPU seconds, resident memory, open files and their cap. */
export class ServerProcess {
  constructor(pid) {
    this.pid = pid ? Number(pid) : null;
  }

  /** CPU seconds (user and system) the process has used; null without a pid. */
  cpuSeconds() {
    if (!this.pid) {
      return null;
    }
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, counted in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** Resident memory in MiB (VmRSS). */
  rssMiB() {
    const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : null;
  }

  openFiles() {
    return readdirSync(`/proc/${this.pid}/fd`).length;
  }

  /** The process's own cap on open files (soft limit: what the JVM runs with, after raising it). */
  openFileLimit() {
    return openFileLimit(`/proc/${this.pid}/limits`);
  }
}

export function openFileLimit(limits = '/proc/self/limits') {
  const line = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(readFileSync(limits, 'utf8'));
  return line ? { soft: Number(line[1]) || Infinity, hard: Number(line[2]) || Infinity } : null;
}

/** The machine's one-minute load average, sampled every 5 s. */
export class LoadSampler {
  constructor() {
    this.samples = [os.loadavg()[0]];
    this.timer = setInterval(() => this.samples.push(os.loadavg()[0]), 5_000);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
    this.samples.push(os.loadavg()[0]);
    const s = this.samples;
    return { min: Math.min(...s), max: Math.max(...s), mean: Number((s.reduce((a, b) => a + b, 0) / s.length).toFixed(1)) };
  }
}

/**
 * Delivery latencies: from the moment one side sent a message to the moment the other side's
 * `msg` of it arrived. The sender learns the message's (conversationId, seq) from its `ack`, which
 * may come before or after the other side's `msg`; whichever comes second makes the pair.
 */
export class Deliveries {
  constructor() {
    this.open = new Map();
    this.latencies = { visitorToAgent: [], agentToVisitor: [] };
  }

  acknowledged(direction, conversationId, seq, sentAt) {
    const key = `${conversationId}:${seq}`;
    const seen = this.open.get(key);
    if (seen?.arrivedAt !== undefined) {
      this.open.delete(key);
      this.latencies[direction].push(Math.max(0, seen.arrivedAt - sentAt));
    } else {
      this.open.set(key, { direction, sentAt });
    }
  }

  arrived(conversationId, seq, at) {
    const key = `${conversationId}:${seq}`;
    const sent = this.open.get(key);
    if (sent?.sentAt !== undefined) {
      this.open.delete(key);
      this.latencies[sent.direction].push(Math.max(0, at - sent.sentAt));
    } else {
      this.open.set(key, { arrivedAt: at });
    }
  }

  /** Acknowledged messages of the run that the other side has not received (yet). */
  undelivered() {
    const count = { visitorToAgent: 0, agentToVisitor: 0 };
    for (const entry of this.open.values()) {
      if (entry.sentAt !== undefined) {
        count[entry.direction] += 1;
      }
    }
    return count;
  }
}

/** p50, p99 and max of a list of milliseconds, rounded to 0.1 ms. */
export function spread(values) {
  const p = percentiles(values);
  const round = (ms) => (ms === undefined ? null : Number(ms.toFixed(1)));
  return { count: values.length, p50: round(p.p50), p99: round(p.p99), max: round(p.max) };
}

/** "p50 12 / p99 80 / max 95 ms" for a summary line. */
export function shown(s) {
  return s.count === 0 ? 'none' : `p50 ${s.p50} / p99 ${s.p99} / max ${s.max} ms`;
}

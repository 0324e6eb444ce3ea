#!/usr/bin/env node
// Kefu's fuzzer and abuse probe. Run it against a server of its own (it adds accounts, departments
// and a routing rule, and tries hard to break it):
//
//   node probe.mjs --base-url http://127.0.0.1:8080 --admin-password secret123 \
//     --log kefu-data/logs/server.log [--visitor-frames 100000 --agent-frames 20000 --abuse-seconds 300]
//
// Phases, in order: set-up; canary chats start; mutated visitor and agent frames; a REST probe of
// every endpoint; 100 simultaneous handshakes from one address; transcript and sign-in abuse; the
// canaries stop. The server's heap is taken (jcmd) before, during and after; its log is searched
// for stack traces. It prints a summary, writes it as JSON (--out) and as flat properties
// (--properties), and exits with 1 when a check failed. `--help` lists the options.

import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { abuse, handshakeBurst } from './abuse.mjs';
import { Canaries } from './canary.mjs';
import { Fuzz } from './fuzz.mjs';
import { Pools } from './mutations.mjs';
import { Random } from './random.mjs';
import { restProbe } from './rest-probe.mjs';
import { findServerPid, heap, logSize, scanLog } from './server.mjs';
import { prepare } from './setup.mjs';
import { sleep } from './tally.mjs';

const OPTIONS = {
  'base-url': { type: 'string', default: process.env.BASE_URL ?? 'http://127.0.0.1:8080', help: 'the server under test' },
  'admin-password': { type: 'string', default: process.env.ADMIN_PASSWORD ?? process.env.KF_ADMIN_PASSWORD ?? '', help: "the admin's password (KF_ADMIN_PASSWORD of the server)" },
  pid: { type: 'string', help: "the server JVM's pid for jcmd (default: the java process started with --port <port>)" },
  log: { type: 'string', help: "the server's log file, searched for stack traces" },
  out: { type: 'string', default: 'probe-result.json', help: 'where the summary goes as JSON' },
  properties: { type: 'string', help: 'where the checks go as key=value lines' },
  seed: { type: 'string', default: String(Date.now() % 1_000_000_007), help: 'seed of the mutations' },
  phases: { type: 'string', default: 'fuzz,rest,handshakes,abuse', help: 'which phases run, comma-separated' },
  'visitor-frames': { type: 'string', default: '100000', help: 'mutated visitor frames in all' },
  'agent-frames': { type: 'string', default: '20000', help: 'mutated agent frames in all' },
  'visitor-sockets': { type: 'string', default: '100', help: 'visitor sockets at once (18 per local address from 127.0.0.2 on; at most 1746)' },
  'agent-sockets': { type: 'string', default: '20', help: 'agent sockets at once' },
  'fuzz-agents': { type: 'string', default: '4', help: 'fuzz agent accounts (plus one supervisor)' },
  'fuzz-minutes': { type: 'string', default: '20', help: 'the fuzz ends after this long even if frames are left to send' },
  'frame-interval-ms': { type: 'string', default: '520', help: "pause between one socket's frames (the limit is 20 per 10 s)" },
  canaries: { type: 'string', default: '2', help: 'canary chats (a visitor and an agent each)' },
  'canary-interval-ms': { type: 'string', default: '1000', help: 'how often each canary side writes' },
  'late-ms': { type: 'string', default: '2000', help: 'a canary message slower than this is late' },
  'rest-sample': { type: 'string', default: '1', help: 'share of the REST cases to send (0..1)' },
  'rest-concurrency': { type: 'string', default: '6', help: 'REST requests at once' },
  'handshake-burst': { type: 'string', default: '100', help: 'simultaneous handshakes from one address' },
  'abuse-seconds': { type: 'string', default: '300', help: 'how long the transcript and sign-in abuse lasts' },
  'transcript-tabs': { type: 'string', default: '19', help: 'non-reading tabs asking for the transcript' },
  'transcript-messages': { type: 'string', default: '301', help: "messages of 4,000 characters in the abuser's conversation" },
  'transcript-interval-ms': { type: 'string', default: '560', help: 'how often each tab asks' },
  'signin-parallel': { type: 'string', default: '6', help: 'sign-ins with a huge password at once' },
  'signin-mb': { type: 'string', default: '50', help: 'size of that password in MB' },
  'heap-slack-mib': { type: 'string', default: '128', help: 'how far above the heap before the heap after may end' },
  'settle-seconds': { type: 'string', default: '150', help: "pause before the heap after: the server's timeouts release what the abusers left (sockets idle 120 s)" },
  help: { type: 'boolean', default: false },
};

function parseOptions() {
  const { values } = parseArgs({ options: Object.fromEntries(Object.entries(OPTIONS).map(([k, { help, ...o }]) => [k, o])) });
  if (values.help) {
    for (const [name, { default: d, help }] of Object.entries(OPTIONS)) {
      console.log(`  --${name.padEnd(24)} ${help ?? ''}${d !== undefined && d !== '' ? ` (${d})` : ''}`);
    }
    process.exit(0);
  }
  const n = (name) => Number(values[name]);
  const options = {
    baseUrl: values['base-url'].replace(/\/$/, ''),
    adminPassword: values['admin-password'],
    pid: values.pid ? Number(values.pid) : null,
    log: values.log,
    out: values.out,
    properties: values.properties,
    seed: Number(values.seed),
    phases: new Set(values.phases.split(',').map((p) => p.trim())),
    visitorFrames: n('visitor-frames'),
    agentFrames: n('agent-frames'),
    visitorSockets: n('visitor-sockets'),
    agentSockets: n('agent-sockets'),
    fuzzAgents: n('fuzz-agents'),
    frameIntervalMs: n('frame-interval-ms'),
    fuzzMinutes: n('fuzz-minutes'),
    canaries: n('canaries'),
    canaryIntervalMs: n('canary-interval-ms'),
    lateMs: n('late-ms'),
    restSample: n('rest-sample'),
    restConcurrency: n('rest-concurrency'),
    handshakeBurst: n('handshake-burst'),
    abuseSeconds: n('abuse-seconds'),
    transcriptTabs: n('transcript-tabs'),
    transcriptMessages: n('transcript-messages'),
    transcriptIntervalMs: n('transcript-interval-ms'),
    signinParallel: n('signin-parallel'),
    signinMb: n('signin-mb'),
    heapSlackMiB: n('heap-slack-mib'),
    settleSeconds: n('settle-seconds'),
  };
  if (options.visitorSockets > 97 * 18) {
    // 18 per address from 127.0.0.2 to 127.0.0.98; the abuse uses 127.0.0.99 to 127.0.0.102.
    throw new Error('--visitor-sockets is at most 1746');
  }
  if (!options.adminPassword) {
    throw new Error('--admin-password (or ADMIN_PASSWORD) is required');
  }
  return options;
}

const started = Date.now();
const say = (text) => console.log(`[probe ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${text}`);

async function main() {
  const options = parseOptions();
  const random = new Random(options.seed);
  const pid = options.pid ?? findServerPid(new URL(options.baseUrl).port || 80);
  const logFrom = options.log ? logSize(options.log) : 0;
  const result = {
    startedAt: new Date(started).toISOString(),
    baseUrl: options.baseUrl,
    seed: options.seed,
    serverPid: pid,
    machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    options: { ...options, adminPassword: undefined, phases: [...options.phases] },
    heap: { samples: [] },
    phaseErrors: {},
    phaseSeconds: {},
  };
  say(`probing ${options.baseUrl} (server pid ${pid ?? 'unknown: no heap figures'}, seed ${options.seed})`);

  const env = await prepare(options, random);
  const pools = new Pools(random);
  pools.departmentIds.push(env.fuzzDepartmentId);
  pools.agentIds.push(...env.fuzzAgents.map((a) => a.id));

  result.heap.before = await heap(pid, { collect: true });
  say(`heap before: ${JSON.stringify(result.heap.before)}`);

  const canaries = new Canaries(options, env, random);
  await canaries.start();
  pools.foreignConversations.push(...canaries.conversationIds());
  say(`${canaries.visitors.length} canary chats running`);

  let phase = 'start';
  let fuzzers = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const h = await heap(pid);
      result.heap.samples.push({ s: Math.round((Date.now() - started) / 1000), phase, usedMiB: h?.usedMiB ?? null, load: Number(loadavg()[0].toFixed(1)) });
      await sleep(5000);
    }
  })();
  const progress = setInterval(() => {
    const last = result.heap.samples.at(-1);
    say(`${phase}: ${fuzzers.map((f) => f.progress()).join('; ')}${fuzzers.length ? '; ' : ''}${canaries.progress()}; heap ${last?.usedMiB ?? '?'} MiB; load ${loadavg()[0].toFixed(1)}`);
  }, 10_000);

  const attempt = async (name, work) => {
    if (!options.phases.has(name)) {
      return;
    }
    phase = name;
    say(`phase ${name}`);
    const phaseStarted = Date.now();
    try {
      await work();
    } catch (error) {
      result.phaseErrors[name] = String(error?.stack ?? error);
      say(`phase ${name} failed: ${error}`);
    }
    result.phaseSeconds[name] = Math.round((Date.now() - phaseStarted) / 1000);
  };

  await attempt('fuzz', async () => {
    const visitors = new Fuzz({ side: 'visitor', frames: options.visitorFrames, sockets: options.visitorSockets, options, env, pools, random });
    const agents = new Fuzz({ side: 'agent', frames: options.agentFrames, sockets: options.agentSockets, options, env, pools, random });
    fuzzers = [visitors, agents];
    const fuzzStarted = Date.now();
    const deadline = fuzzStarted + options.fuzzMinutes * 60_000;
    [result.visitorFrames, result.agentFrames] = await Promise.all([visitors.run(deadline), agents.run(deadline)]);
    result.fuzzSeconds = Math.round((Date.now() - fuzzStarted) / 1000);
    fuzzers = [];
    result.heap.afterFuzz = await heap(pid, { collect: true });
  });
  await attempt('rest', async () => {
    result.rest = await restProbe(options, env, random);
  });
  await attempt('handshakes', async () => {
    result.handshakeBurst = await handshakeBurst(env, options.handshakeBurst);
  });
  await attempt('abuse', async () => {
    result.abuse = await abuse(options, env, random, options.abuseSeconds);
  });

  phase = 'end';
  result.canaries = await canaries.stop();
  clearInterval(progress);
  sampling = false;
  await sampler;
  // What the server still holds once the abusers are gone and its timeouts have released what they
  // left: the lowest of three full collections.
  say(`waiting ${options.settleSeconds} s for the server to settle`);
  await sleep(options.settleSeconds * 1000);
  const after = [];
  for (let i = 0; i < 3; i += 1) {
    after.push(await heap(pid, { collect: true }));
    await sleep(3000);
  }
  result.heap.after = after.filter((h) => h?.usedMiB !== undefined).sort((a, b) => a.usedMiB - b.usedMiB)[0] ?? after[0];
  result.heap.maxDuringMiB = Math.max(0, ...result.heap.samples.map((s) => s.usedMiB ?? 0));
  const loads = result.heap.samples.map((s) => s.load);
  result.loadAverage = { min: Math.min(...loads), max: Math.max(...loads), mean: Number((loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)).toFixed(1)) };
  const status = await fetch(`${options.baseUrl}/api/v1/status`).then((r) => r.status).catch((e) => String(e.cause?.code ?? e));
  result.statusAfter = status;
  if (options.log) {
    result.log = await scanLog(options.log, logFrom);
    result.logBefore = logFrom > 0 ? { bytes: logFrom, stackTraces: (await scanLog(options.log, 0)).stackTraces - result.log.stackTraces } : null;
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  result.checks = checks(options, result);
  writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
  if (options.properties) {
    const heads = Object.entries(result.log?.throwables ?? {}).map(([name, count]) => `${count} x ${name}`);
    // The requests that got no answer, with how each ended (a timeout, a reset …), for the message
    // of a failed check: the run's JSON stays in the build's folder, out of reach of a CI log.
    const unanswered = Object.entries(result.rest?.samples ?? {})
      .filter(([key]) => /^(api|pages) (?!error not json)[^0-9]/.test(key))
      .map(([key, requests]) => `${key}: ${requests.join('; ')}`);
    writeFileSync(
      options.properties,
      Object.entries(result.checks).map(([k, c]) => `${k}=${c.value}\n${k}.pass=${c.pass}\n`).join('') +
        `stackTraces.heads=${JSON.stringify(heads.join(' | ')).slice(1, -1)}\n` +
        `restNoAnswer.samples=${JSON.stringify(unanswered.join(' | ')).slice(1, -1)}\n` +
        `seed=${options.seed}\n`,
    );
  }
  report(result);
  return Object.values(result.checks).every((c) => c.pass) ? 0 : 1;
}

/** What must hold; each with its figure. A check whose phase did not run is left out. */
function checks(options, r) {
  const list = {};
  const check = (name, value, pass) => {
    list[name] = { value, pass };
  };
  const fuzzRan = r.visitorFrames && r.agentFrames;
  if (fuzzRan) {
    check('unavailable', r.visitorFrames.unavailable + r.agentFrames.unavailable + r.canaries.unavailable, (v) => v === 0);
    check('socketsStoppedAnswering', r.visitorFrames.stoppedAnswering + r.agentFrames.stoppedAnswering, (v) => v === 0);
    check('handshake5xx', r.visitorFrames.handshake5xx + r.agentFrames.handshake5xx, (v) => v === 0);
    check('ticket5xx', r.agentFrames.ticket5xx, (v) => v === 0);
  }
  if (r.log) {
    check('stackTraces', r.log.stackTraces, (v) => v === 0);
  }
  check('canaryMissed', r.canaries.missed, (v) => v === 0);
  check('canaryLate', r.canaries.late, (v) => v === 0);
  if (r.rest) {
    check('rest5xx', r.rest.api5xx, (v) => v === 0);
    check('restNoAnswer', r.rest.noAnswer, (v) => v === 0);
  }
  if (r.handshakeBurst) {
    check('handshakeBurstAdmitted', r.handshakeBurst.admitted, (v) => v <= 20);
  }
  if (r.abuse) {
    check('serviceChecksFailed', r.abuse.serviceChecksFailed, (v) => v === 0);
    check('signIn5xx', r.abuse.signIn5xx, (v) => v === 0);
  }
  const before = r.heap.before?.usedMiB;
  const after = r.heap.after?.usedMiB;
  if (before !== undefined) {
    check('heapAfterMiB', after ?? 'unknown', (v) => typeof v === 'number' && v <= before + options.heapSlackMiB);
  }
  check('statusAfter', r.statusAfter, (v) => v === 200);
  return Object.fromEntries(Object.entries(list).map(([k, { value, pass }]) => [k, { value, pass: pass(value) }]));
}

function report(r) {
  const line = (label, value) => console.log(`  ${label.padEnd(44)} ${value}`);
  console.log('\n==== Kefu probe summary ====');
  line('run', `${r.seconds} s, seed ${r.seed}, ${r.baseUrl}; phases (s) ${JSON.stringify(r.phaseSeconds)}`);
  line('machine', `${r.machine.cpus} CPUs, ${r.machine.memoryGiB} GiB, node ${r.machine.node}; load average (1 min) ${r.loadAverage.min}–${r.loadAverage.max}, mean ${r.loadAverage.mean}`);
  if (r.visitorFrames) {
    for (const [side, f] of [['visitor', r.visitorFrames], ['agent', r.agentFrames]]) {
      line(`${side} frames sent`, `${f.framesSent} of ${f.framesPlanned} in ${r.fuzzSeconds} s${f.stoppedAtTimeLimit ? ' (stopped at --fuzz-minutes)' : ''}`);
      line(`${side} answers`, JSON.stringify(f.answers));
      line(`${side} errors`, JSON.stringify(f.errors));
      line(`${side} handshakes`, JSON.stringify(f.handshakes));
      line(`${side} closes`, JSON.stringify(f.closes));
      if (f.ticketsRefused) {
        line(`${side} tickets refused`, JSON.stringify(f.ticketsRefused));
      }
    }
  }
  const c = r.canaries;
  line('canary messages', `${c.sent} sent, ${c.missed} missed, ${c.late} later than ${c.lateMs} ms, ${c.reconnects} reconnects`);
  const canaryErrors = Object.entries(c.counts).filter(([k]) => / error | closed /.test(k));
  if (canaryErrors.length > 0) {
    line('canary errors and closes', JSON.stringify(Object.fromEntries(canaryErrors)));
  }
  line('canary latency visitor→agent (ms)', JSON.stringify(c.latencyMs.visitorToAgent));
  line('canary latency agent→visitor (ms)', JSON.stringify(c.latencyMs.agentToVisitor));
  if (r.rest) {
    line('REST requests', `${r.rest.requests}: ${r.rest.api5xx} API 5xx (${r.rest.api500} of 500; 501 apart: ${r.rest.api501}), ${r.rest.noAnswer} without an answer in 30 s, ${r.rest.pages5xx} pages 5xx, ${r.rest.apiErrorsNotJson} API refusals not JSON, ${r.rest.optionsToAnonymous} OPTIONS 200 to anonymous`);
  }
  if (r.handshakeBurst) {
    line('simultaneous handshakes from one address', `${r.handshakeBurst.admitted} of ${r.handshakeBurst.attempted} admitted ${JSON.stringify(r.handshakeBurst.statuses)}`);
  }
  if (r.abuse) {
    const a = r.abuse;
    line('abuse', `${a.seconds} s: ${a.transcriptsAsked} transcripts asked of a ${a.conversationMessages}-message conversation, ${a.signIns} huge sign-ins (${a.signIn5xx} 5xx), service checks ${a.serviceChecks - a.serviceChecksFailed}/${a.serviceChecks} served`);
  }
  line('heap (MiB used)', `before ${r.heap.before?.usedMiB ?? '?'}, after fuzz ${r.heap.afterFuzz?.usedMiB ?? '-'}, max during ${r.heap.maxDuringMiB}, after ${r.heap.after?.usedMiB ?? JSON.stringify(r.heap.after)}`);
  if (r.log) {
    line('server log during the run', `${r.log.lines} lines, ${r.log.bytes} bytes, ${r.log.stackTraces} stack traces, levels ${JSON.stringify(r.log.levels)}`);
    for (const [name, count] of Object.entries(r.log.throwables)) {
      line('', `${count} × ${name}`);
    }
  }
  line('status after', r.statusAfter);
  for (const [phase, error] of Object.entries(r.phaseErrors)) {
    line(`phase ${phase} failed`, error.split('\n')[0]);
  }
  console.log('  checks:');
  for (const [name, { value, pass }] of Object.entries(r.checks)) {
    line(`    ${pass ? 'ok  ' : 'FAIL'} ${name}`, value);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);

// The benchmark's load client, one scenario per run (kf-browser/bench.sh starts a server for it):
//
//   throughput  visitors send messages and agents answer each one; closed loop (each visitor sends
//               when its last message is acknowledged) or open loop (--rate messages per second in
//               all, never waiting for acks); ack latency, delivery latency to the other side.
//               With --echo-url the same visitors drive a bare echo endpoint instead.
//   echo-ratio  the closed loop against the echo endpoint, then against Kefu, in turns, and the
//               ratio of the two rates.
//   idle        visitors after welcome, in steps, with the server's heap and RSS per socket.
//   burst       many visitors opening chats within seconds against a few agents.
//   handshakes  sockets opened and closed against the echo endpoint (--echo-url) and Kefu's visitor
//               endpoint, and new visitors' hello and welcome: the server's CPU for each, in rounds
//               (--runs, after one that warms up).
//   failover    visitors on one node (--base-url) whose JVM is killed, back on the other node
//               (--other-url): how soon each is welcomed and chatting again, and that nothing
//               acknowledged was lost.
//
//   node tests/probe/message-bench.mjs --scenario throughput --base-url http://127.0.0.1:8090 --admin-password secret123 --rate 500
//   node tests/probe/message-bench.mjs --echo-url ws://127.0.0.1:8090/kf-bench-echo/echo
//
// Kefu's limit of 20 frames per 10 s per socket must be lifted on the server under test for the
// throughput scenarios (-Dkf.ws.rate.frames=1000000000 in KF_JAVA_OPTS), or every visitor is soon
// refused. Visitor sockets come from the loopback addresses 127.0.0.2 onwards, --per-address of
// them from each, below the limit of visitor sockets per address. Run it against a server of its
// own: it adds agents and conversations.

import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { burst, burstLine } from './bench-burst.mjs';
import { LoadSampler, ServerProcess, kefu } from './bench-crowd.mjs';
import { failover, failoverLine } from './bench-failover.mjs';
import { handshakes } from './bench-handshakes.mjs';
import { idle, idleLine } from './bench-idle.mjs';
import { Traffic, trafficLine } from './bench-traffic.mjs';

const { values: options } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'throughput' },
    'base-url': { type: 'string', default: 'http://127.0.0.1:8080' },
    'other-url': { type: 'string' },
    'admin-password': { type: 'string' },
    'echo-url': { type: 'string' },
    visitors: { type: 'string' },
    agents: { type: 'string' },
    seconds: { type: 'string', default: '45' },
    rate: { type: 'string', default: '0' },
    'no-replies': { type: 'boolean', default: false },
    'drain-seconds': { type: 'string', default: '30' },
    runs: { type: 'string', default: '2' },
    'text-chars': { type: 'string', default: '100' },
    'per-address': { type: 'string', default: '10' },
    steps: { type: 'string', default: '1000,5000,10000,max' },
    parallel: { type: 'string', default: '20' },
    'reserve-files': { type: 'string', default: '200' },
    'settle-seconds': { type: 'string' },
    'hold-seconds': { type: 'string', default: '60' },
    capacity: { type: 'string', default: '5' },
    within: { type: 'string', default: '10' },
    deadline: { type: 'string' },
    'setup-seconds': { type: 'string', default: '1200' },
    'kill-fifo': { type: 'string' },
    'warm-seconds': { type: 'string' },
    'warm-visitors': { type: 'string' },
    pid: { type: 'string' },
    'other-pid': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const scenarios = ['throughput', 'echo-ratio', 'idle', 'burst', 'failover', 'handshakes'];
const needsKefu = options.scenario !== 'throughput' || !options['echo-url'];
if (options.help || !scenarios.includes(options.scenario) || (needsKefu && !options['admin-password']) || (['echo-ratio', 'handshakes'].includes(options.scenario) && !options['echo-url']) || (options.scenario === 'failover' && !options['other-url'])) {
  console.log(`message-bench.mjs: the benchmark's scenarios against one running server

  --scenario S           throughput (default), echo-ratio, idle, burst, failover or handshakes
  --base-url URL         Kefu (http://127.0.0.1:8080)
  --admin-password PW    the admin's password (agents are made and signed in)
  --echo-url URL         the echo endpoint (ws://…/kf-bench-echo/echo): throughput drives it
                         instead of Kefu; echo-ratio and handshakes drive both
  --visitors N           visitor sockets (throughput, echo-ratio 100; burst, failover 5000;
                         handshakes 3000 of each kind per round)
  --agents N             agents online in the site's default department (throughput: 10, each
                         with room for its share of the visitors, so that every conversation is
                         assigned; 0: all wait in the queue; burst: 50; failover: 5, on node B)
  --pid PID              the server's process: its CPU time per answer, and for idle its heap
                         (jcmd), RSS and open files; for failover node A's, watched for its death
  --out FILE             also write the figures as JSON
  --per-address N        visitor sockets per loopback address (10)

  throughput and echo-ratio:
  --seconds N            length of each measured run (45)
  --rate N               open loop: messages per second from all visitors together, sent on
                         time whatever the answers (0: closed loop, one in flight per visitor)
  --no-replies           agents do not answer (by default each visitor message gets an answer)
  --drain-seconds N      after the run, how long to wait for outstanding acks and deliveries (30)
  --runs N               echo-ratio: how many times echo then Kefu (2; the first warms up)
                         handshakes: how many counted rounds after the one that warms up (2)
  --text-chars N         characters of each message's text (100)
  --warm-seconds N       throughput: a run of N s first, the same as the measured one but not
                         counted, so that the server's code is compiled before it is measured (0)

  idle:
  --steps LIST           sockets held at each step, the last may be max (1000,5000,10000,max)
  --parallel N           handshakes at a time (20)
  --reserve-files N      open files left to the server beside the sockets (200)
  --settle-seconds N     pause after each step before measuring (5)
  --hold-seconds N       at the end, how long the sockets stay idle before they are counted (60)

  burst:
  --capacity N           conversations per agent (5)
  --within N             seconds over which the visitors arrive (10)
  --deadline N           seconds after the first arrival at which they are counted (20)
  --settle-seconds N     how long to wait for stragglers after the deadline (120)
  --warm-seconds N       first, new visitors arrive at a trickle for N s, each closing its chat
                         again, so that the node's code of an arrival is compiled (30; 0: cold)
  --warm-visitors N      how many such visitors at a time (20)

  failover (two nodes on one database and Redis; the visitors start on --base-url):
  --other-url URL        node B, where the visitors go when node A dies
  --kill-fifo PATH       a fifo whose reader kills node A's JVM when a line comes (without it,
                         the tool sends SIGKILL to --pid itself)
  --other-pid PID        node B's process: its CPU time per visitor back
  --capacity N           conversations per agent (5); the rest of the visitors wait in the queue
  --parallel N           visitors connecting to node A at a time, before the kill (20)
  --setup-seconds N      the longest the visitors may take to settle on node A (1200)
  --deadline N           seconds after the kill at which the visitors back are counted (15)
  --settle-seconds N     how long to wait for stragglers after the deadline (120)
  --warm-seconds N       before the kill, node B serves visitors of its own for N s, as a node of
                         a cluster has, so that a resume's code is compiled (30; 0: a cold node B)
  --warm-visitors N      how many such visitors come and go on node B meanwhile (20)`);
  process.exit(options.help ? 0 : 2);
}

const number = (name, fallback) => Number(options[name] ?? fallback);
const server = new ServerProcess(options.pid);

async function throughput(target, env, runOptions = {}) {
  const traffic = new Traffic(
    {
      visitors: number('visitors', 100),
      agents: target === 'kefu' ? number('agents', 10) : 0,
      seconds: number('seconds'),
      rate: number('rate'),
      replies: !options['no-replies'],
      textChars: number('text-chars'),
      perAddress: number('per-address'),
      drainSeconds: number('drain-seconds'),
      ...runOptions,
    },
    env,
    server,
    target,
  );
  await traffic.start();
  const warmSeconds = runOptions.warmSeconds ?? number('warm-seconds', 0);
  if (warmSeconds > 0) {
    const warm = await traffic.warmUp(warmSeconds);
    console.log(`warm-up of ${warmSeconds} s, not counted: ${trafficLine(warm)}`);
  }
  const figures = await traffic.run();
  await traffic.stop();
  console.log(trafficLine(figures));
  return figures;
}

async function echoRatio(env) {
  const runs = [];
  for (let run = 1; run <= number('runs'); run += 1) {
    // The same visitors' loop, closed, against both; the echo endpoint first, as before.
    const echo = await throughput('echo', { visitorUrl: options['echo-url'] }, { rate: 0 });
    const chat = await throughput('kefu', env, { rate: 0 });
    const ratio = chat.ackedPerSecond.visitor / echo.ackedPerSecond.visitor;
    const cpuRatio = chat.serverCpuMsPerAck && echo.serverCpuMsPerAck ? chat.serverCpuMsPerAck / echo.serverCpuMsPerAck : null;
    console.log(
      `echo-ratio run ${run}: Kefu ${chat.ackedPerSecond.visitor} visitor acks/s ÷ echo ${echo.ackedPerSecond.visitor}/s = ${ratio.toFixed(3)} (1 : ${(1 / ratio).toFixed(1)})` +
        (cpuRatio === null ? '' : `; server CPU per stored message ${cpuRatio.toFixed(1)} times the echo's per echo`),
    );
    runs.push({ run, echo, kefu: chat, ratio: Number(ratio.toFixed(4)) });
  }
  return { scenario: 'echo-ratio', runs, ratio: runs.at(-1).ratio };
}

async function main() {
  const load = new LoadSampler();
  console.log(`${new Date().toISOString()} ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; scenario ${options.scenario}`);
  const env = needsKefu ? await kefu(options['base-url'], options['admin-password']) : null;
  let figures;
  if (options.scenario === 'throughput') {
    figures = options['echo-url'] ? await throughput('echo', { visitorUrl: options['echo-url'] }) : await throughput('kefu', env);
  } else if (options.scenario === 'echo-ratio') {
    figures = await echoRatio(env);
  } else if (options.scenario === 'handshakes') {
    figures = await handshakes(
      { visitors: number('visitors', 3000), parallel: number('parallel'), perAddress: number('per-address'), rounds: number('runs') },
      env,
      options['echo-url'],
      server,
    );
  } else if (options.scenario === 'idle') {
    figures = await idle(
      {
        steps: options.steps.split(',').map((s) => (s.trim() === 'max' ? 'max' : Number(s))),
        perAddress: number('per-address'),
        parallel: number('parallel'),
        reserveFiles: number('reserve-files'),
        settleSeconds: number('settle-seconds', 5),
        holdSeconds: number('hold-seconds'),
      },
      env,
      server,
    );
    console.log(idleLine(figures));
  } else if (options.scenario === 'failover') {
    figures = await failover(
      {
        visitors: number('visitors', 5000),
        agents: number('agents', 5),
        capacity: number('capacity'),
        perAddress: number('per-address'),
        parallel: number('parallel'),
        setupSeconds: number('setup-seconds'),
        deadlineSeconds: number('deadline', 15),
        settleSeconds: number('settle-seconds', 120),
        warmSeconds: number('warm-seconds', 30),
        warmVisitors: number('warm-visitors', 20),
        killFifo: options['kill-fifo'],
      },
      env,
      await kefu(options['other-url'], options['admin-password']),
      server,
      new ServerProcess(options['other-pid']),
    );
    console.log(failoverLine(figures));
  } else {
    figures = await burst(
      {
        visitors: number('visitors', 5000),
        agents: number('agents', 50),
        capacity: number('capacity'),
        withinSeconds: number('within'),
        deadlineSeconds: number('deadline', 20),
        settleSeconds: number('settle-seconds', 120),
        perAddress: number('per-address'),
        warmSeconds: number('warm-seconds', 30),
        warmVisitors: number('warm-visitors', 20),
      },
      env,
      server,
    );
    console.log(burstLine(figures));
  }
  figures.loadAverage1m = load.stop();
  console.log(`load average during the run: ${figures.loadAverage1m.min.toFixed(1)}–${figures.loadAverage1m.max.toFixed(1)} (mean ${figures.loadAverage1m.mean}) on ${os.cpus().length} cores`);
  if (options.out) {
    await writeFile(options.out, `${JSON.stringify(figures, null, 2)}\n`);
  }
  process.exit(passed(figures) ? 0 : 1);
}

/** Whether nothing was lost or refused: the exit status, so that a script can tell. */
function passed(f) {
  if (f.scenario === 'echo-ratio') {
    return f.runs.every((r) => passed(r.echo) && passed(r.kefu));
  }
  if (f.scenario === 'throughput') {
    const left = f.unacknowledgedAfterDrain;
    const undelivered = f.undeliveredAfterDrain;
    return f.failed === 0 && f.closedSockets === 0 && left.visitor + left.agent + undelivered.visitorToAgent + undelivered.agentToVisitor === 0;
  }
  if (f.scenario === 'handshakes') {
    return f.failed === 0;
  }
  if (f.scenario === 'idle') {
    return f.held.openAfter === f.held.openBefore;
  }
  if (f.scenario === 'failover') {
    const h = f.history;
    return (
      f.notSettled === 0 && f.notBack === 0 && f.undeliveredToAgents === 0 && Object.keys(f.problems.counts).length === 0 &&
      h.conversations === f.settled && h.lost + h.duplicated + h.misplaced + h.outOfOrder + h.gaps + h.missingAtVisitor === 0
    );
  }
  return f.lost === 0 && f.refusals === 0 && f.welcomed === f.visitors && f.assignedTwice === 0 && f.firstSeqNotOne === 0;
}

main().catch((error) => {
  console.error(`message-bench: ${error.stack ?? error.message}`);
  process.exit(1);
});

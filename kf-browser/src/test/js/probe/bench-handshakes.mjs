// The handshakes scenario: how much of the node's CPU one socket's handshake takes, and one new
// visitor's hello and welcome, beside the bare echo endpoint deployed in the same server. In each
// round, --visitors sockets are opened and closed, --parallel at a time: against the echo endpoint
// (the container's own cost of a WebSocket), against Kefu's visitor endpoint (its handshake
// filters and the upgrade), and against Kefu with a hello answered by a welcome (a new visitor
// each). The first round warms the code up and is not counted.

import { addressOf, inTurns } from './bench-crowd.mjs';
import { openSocket } from './socket.mjs';

/** One socket: opened, with a hello awaited up to its welcome when `hello`, then closed. */
async function once(url, index, perAddress, origin, hello) {
  const opened = await openSocket(url, { localAddress: addressOf(index, perAddress), origin });
  if (!opened.socket) {
    return false;
  }
  const socket = opened.socket;
  let ok = true;
  if (hello) {
    const welcome = socket.waitFor((f) => f.type === 'welcome', 30_000);
    socket.send(JSON.stringify({ type: 'hello', protocol: 1, page: { url: 'https://bench.example/', title: 'Bench' }, locale: 'en' }));
    ok = (await welcome) !== null;
  }
  socket.close();
  await socket.closed;
  return ok;
}

/** Each kind of socket in turn; the server's CPU per socket, sockets per second. */
async function kind(name, url, { visitors, parallel, perAddress, origin, hello }, server) {
  const cpuBefore = server.cpuSeconds();
  const started = performance.now();
  const results = await inTurns(visitors, parallel, (i) => once(url, i, perAddress, origin, hello));
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuBefore === null ? null : server.cpuSeconds() - cpuBefore;
  const ok = results.filter(Boolean).length;
  return {
    kind: name,
    sockets: ok,
    failed: visitors - ok,
    perSecond: Number((ok / seconds).toFixed(1)),
    serverCpuMsEach: cpu === null || ok === 0 ? null : Number(((cpu * 1000) / ok).toFixed(2)),
  };
}

export async function handshakes(options, env, echoUrl, server) {
  const rounds = [];
  for (let round = 0; round <= options.rounds; round += 1) {
    const kinds = [
      await kind('echo: open, close', echoUrl, { ...options, hello: false }, server),
      await kind('Kefu: open, close', env.visitorUrl, { ...options, origin: env.origin, hello: false }, server),
      await kind('Kefu: open, hello, welcome, close', env.visitorUrl, { ...options, origin: env.origin, hello: true }, server),
    ];
    console.log(`handshakes ${round === 0 ? 'warm-up' : `round ${round}`}: ${kinds.map(handshakeLine).join('; ')}`);
    if (round > 0) {
      rounds.push({ round, kinds });
    }
  }
  const failed = rounds.flatMap((r) => r.kinds).reduce((n, k) => n + k.failed, 0);
  return { scenario: 'handshakes', visitors: options.visitors, parallel: options.parallel, rounds, failed };
}

function handshakeLine(k) {
  return `${k.kind} ${k.sockets} at ${k.perSecond}/s, ${k.serverCpuMsEach ?? '?'} ms of server CPU each${k.failed ? ` (${k.failed} failed)` : ''}`;
}

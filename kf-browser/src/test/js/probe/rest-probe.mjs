// Every REST endpoint with every method, malformed bodies and content types, as anonymous, as the
// admin (session cookie, and HTTP Basic) and with junk credentials. A 5xx answer, or none within
// 30 s, is the server's own fault and fails the probe; refusals that are not JSON (the server's
// HTML error page) and what OPTIONS tells the anonymous are figures.
//
// The probe never sends a body that could be accepted to the site's own settings (its routing
// rules keep the canaries' department) nor a wrong password for a real user name (that would lock
// it): bodies that parse go only to ids that the probe made for itself or that do not exist.

import { api, basic, request } from './http.mjs';
import { encode, ODD_VALUES } from './mutations.mjs';
import { excerpt, Tally } from './tally.mjs';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

/** Bodies that no endpoint can accept: broken JSON, the wrong kind, nothing at all. */
function brokenBodies() {
  return [
    ['none', undefined],
    ['empty', ''],
    ['open-brace', '{'],
    ['string', '"x"'],
    ['number', '123'],
    ['array', '[]'],
    ['true', 'true'],
    ['truncated', '{"name":"x","password":"'],
    ['nesting-10000', `{"a":${'['.repeat(10_000)}`],
    ['unclosed-array', '{"x":['],
    ['unclosed-object', '{"x":{'],
    ['nesting-5000-closed', `[${'['.repeat(5000)}${']'.repeat(5000)}]`],
    ['objects-3000-deep', `[${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}]`],
    ['exponent-1e-2147483648', '1e-2147483648'],
    ['10000-digits', '9'.repeat(10_000)],
    ['invalid-utf8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])],
    ['utf16-bom', Buffer.from('\ufeff["x"]', 'utf16le')],
    ['junk-2MB', `"${'x'.repeat(2 * 1024 * 1024)}`],
    ['form-fields', 'username=a&password=b&x=%ZZ'],
  ];
}

/** Bodies that parse as an object: for the probe's own ids and ids that do not exist. */
function shapedBodies(random, fields, base) {
  const bodies = [
    ['object-empty', '{}'],
    ['null', 'null'],
    ['bom-object', `\ufeff${JSON.stringify(base)}`],
    ['valid', JSON.stringify(base)],
    ['duplicate-keys', `{${Object.entries(base).map(([k, v]) => `"${k}":${JSON.stringify(v)},"${k}":[]`).join(',')}}`],
  ];
  const odd = ODD_VALUES.filter(([label]) =>
    [
      'null', 'true', 'minus-one', 'exponent-1e-2147483648', '10000-digits', '2^64+1', 'lone-high-surrogate', 'nul', 'crlf-header',
      'text-4001', 'array', 'object', 'deep-arrays-2000', 'emoji-after-499', 'long-id', 'raw-control-in-string',
    ].includes(label),
  );
  for (const field of fields) {
    for (let i = 0; i < 3; i += 1) {
      const [label, value] = random.pick(odd);
      bodies.push([`${field}=${label}`, encode({ ...base, [field]: value })]);
    }
  }
  return bodies;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=ebcdic',
  'application/json; charset=utf-16',
  'application/json; charset="',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/xml',
  '*/*',
  null,
];

export async function restProbe(options, env, random) {
  const base = options.baseUrl;
  const tally = new Tally();
  const tag = random.hex(6);
  const admin = env.admin;
  const session = await signIn(options);
  const owner = { cookie: session };

  // The probe's own objects, which shaped bodies may change or delete.
  const department = await api(base, 'POST', 'departments', { auth: owner, body: { name: `probe rest ${tag}` } });
  const status = await api(base, 'POST', 'agent-statuses', { auth: owner, body: { name: `probe ${tag}`, available: false } });
  const account = await api(base, 'POST', 'accounts', {
    auth: owner,
    body: { username: `probe.rest.${tag}`, name: 'Probe REST', password: `probe-${random.hex(20)}`, roles: ['kf-agent'], departmentIds: [department.id] },
  });
  const reply = await api(base, 'POST', 'canned-replies', { auth: owner, body: { scope: 'personal', shortcut: `p${tag}`, text: 'probe' } });

  const madeUp = (prefix) => `${prefix}-${random.hex(32)}`;
  const tricks = ['..%2f..%2fetc%2fpasswd', '%00', 'a'.repeat(3000), '%ED%A0%80', '%F0%9F%98%80', '..;', '%25'];
  const trick = () => random.pick(tricks);
  const login = { username: `probe-${random.hex(6)}`, password: 'not-a-real-password' };

  // [path, methods that take a body, fields, base body, whether only broken bodies may go there]
  const endpoints = [
    ['status'],
    ['auth/options'],
    ['auth/login', ['POST'], ['username', 'password'], login],
    ['auth/logout', ['POST']],
    ['auth/me'],
    ['auth/ws-ticket', ['POST']],
    ['accounts', ['POST'], ['username', 'name', 'password', 'roles', 'departmentIds'], { username: `probe.x.${tag}`, name: 'x', password: 'probe-password-1', roles: ['kf-agent'], departmentIds: [department.id] }],
    [`accounts/${account.id}/password`, ['PUT'], ['password'], { password: `probe-${random.hex(12)}` }],
    [`accounts/${madeUp('a')}/password`, ['PUT'], ['password'], { password: 'probe-password-2' }],
    [`accounts/${trick()}/password`, ['PUT'], ['password'], { password: 'probe-password-3' }],
    ['agent-statuses', ['POST'], ['name', 'available'], { name: `probe2 ${tag}`, available: true }],
    [`agent-statuses/${status.id}`, ['PUT'], ['name', 'available'], { name: `probe3 ${tag}`, available: false }],
    [`agent-statuses/${trick()}`, ['PUT'], ['name'], { name: 'x' }],
    ['agents'],
    [`agents/${account.id}/routing`, ['PUT'], ['capacity', 'skills'], { capacity: 3, skills: ['probe'] }],
    [`agents/${madeUp('a')}/routing`, ['PUT'], ['capacity', 'skills'], { capacity: 3, skills: [] }],
    ['audit?from=2026-01-01&to=2026-01-02'],
    ['audit?from=garbage&to=%ED%A0%80'],
    [`audit?from=${'9'.repeat(5000)}`],
    ['canned-replies', ['POST'], ['scope', 'shortcut', 'text'], { scope: 'personal', shortcut: `q${tag}`, text: 'probe' }],
    [`canned-replies/${reply.id}`, ['PUT'], ['shortcut', 'text'], { shortcut: `r${tag}`, text: 'probe' }],
    [`canned-replies/${trick()}`, ['PUT'], ['text'], { text: 'x' }],
    ['conversations/live'],
    [`conversations/${madeUp('c')}/notes`],
    [`conversations/${madeUp('c')}/pages`],
    [`conversations/${madeUp('c')}/previous`],
    [`conversations/${madeUp('c')}/previous/${madeUp('c')}/messages?after=1`],
    [`conversations/${madeUp('c')}/messages?after=-1`],
    [`conversations/${madeUp('c')}/messages?after=18446744073709551617`],
    [`conversations/${trick()}/messages?after=abc`],
    ['departments', ['POST'], ['name', 'strategy', 'offerSeconds', 'timeZone', 'hours', 'holidays'], { name: `probe4 ${tag}`, strategy: 'least_busy', timeZone: 'UTC', hours: { mon: ['09:00-18:00'] }, holidays: [] }],
    [`departments/${department.id}`, ['PUT'], ['name', 'strategy', 'offerSeconds', 'visitorGoneSeconds', 'timeZone', 'hours', 'holidays'], { name: `probe5 ${tag}`, strategy: 'round_robin', timeZone: 'Asia/Shanghai', hours: {}, holidays: ['2026-10-01'] }],
    [`departments/${department.id}/members`, ['PUT'], ['agentIds'], { agentIds: [account.id] }],
    [`departments/${madeUp('d')}`, ['PUT'], ['name'], { name: 'x' }],
    [`departments/${trick()}/members`, ['PUT'], ['agentIds'], { agentIds: [] }],
    [`files?name=a.txt&site=${encodeURIComponent(env.site.siteKey)}`, ['POST']],
    [`files?name=${encodeURIComponent('../../x.html')}&conversationId=${madeUp('c')}`, ['POST']],
    [`files/${madeUp('f')}`],
    [`files/${trick()}?site=${encodeURIComponent(env.site.siteKey)}`],
    ['inbox/offline-messages?answered=maybe'],
    [`inbox/offline-messages/${madeUp('o')}/answer`, ['POST'], ['text'], { text: 'Thanks' }],
    [`inbox/missed?departmentId=${trick()}`],
    ['sites'],
    [`sites/${env.site.id}/widget`, ['PUT'], [], null, 'broken only'],
    [`sites/${env.site.id}/routing-rules`, ['PUT'], [], null, 'broken only'],
    [`sites/${madeUp('s')}/widget`, ['PUT'], ['title', 'offlineText', 'colors', 'prechat', 'proactive', 'greeting'], { title: 'x', colors: { primary: '#112233' }, prechat: { enabled: true, fields: [] } }],
    [`sites/${madeUp('s')}/routing-rules`, ['PUT'], ['rules'], { rules: [{ kind: 'url', pattern: '*', departmentId: department.id }] }],
    ['tenants', ['POST'], ['name', 'adminUsername'], { name: 'x', adminUsername: 'y' }],
    ['transfer-targets'],
    [`nothing-here-${tag}`],
  ];
  const pages = ['/', '/demo/', '/widget.js', '/agent/', '/signin.html', '/admin/', '/admin/index.xhtml', '/admin/sites.xhtml', '/auth/oidc/start', '/auth/oidc/callback?code=x&state=y', '/api/', '/api/v1', '/ws/visitor', '/WEB-INF/web.xml'];

  const cases = [];
  for (const [path, bodyMethods = [], fields = [], shapedBase = null, brokenOnly = null] of endpoints) {
    for (const method of METHODS) {
      const takesBody = bodyMethods.includes(method);
      const bodies = takesBody
        ? [...brokenBodies(), ...(brokenOnly || !shapedBase ? [] : shapedBodies(random, fields, shapedBase))]
        : [['none', undefined], ['open-brace', '{'], ['nesting-10000', `{"a":${'['.repeat(10_000)}`]];
      for (const [label, body] of bodies) {
        cases.push({ area: 'api', method, path: `/api/v1/${path}`, label, body, type: 'application/json', takesBody });
      }
      if (takesBody) {
        for (const type of CONTENT_TYPES) {
          cases.push({ area: 'api', method, path: `/api/v1/${path}`, label: `content-type ${type}`, body: '{', type });
        }
      }
    }
  }
  for (const path of pages) {
    for (const method of METHODS) {
      for (const [label, body] of [['none', undefined], ['open-brace', '{'], ['form-junk', 'jakarta.faces.ViewState=x&a=%ZZ']]) {
        cases.push({ area: 'pages', method, path, label, body, type: label === 'form-junk' ? 'application/x-www-form-urlencoded' : 'application/json' });
      }
    }
  }

  const sample = options.restSample;
  const chosen = cases.filter(() => random.next() < sample);
  const auths = ['anonymous', 'admin-session', 'admin-basic', 'junk-credentials'];
  const junk = ['Basic !!!', `Basic ${Buffer.from('nobody-at-all').toString('base64')}`, 'Bearer a.b.c', `Basic ${'QUFB'.repeat(3000)}`, basic(`nobody-${tag}`, 'x')];
  const jobs = [];
  const signs = (c) => c.method === 'POST' && /auth\/log(in|out)/.test(c.path);
  for (const c of chosen) {
    for (const auth of auths) {
      // HTTP Basic hashes the password with every request (about as costly as a sign-in, also for
      // a user name without an account), as does a sign-in: these get one body per method only.
      const costly = auth === 'admin-basic' || auth === 'junk-credentials' || (auth === 'admin-session' && signs(c));
      if (costly && c.label !== (c.takesBody ? 'open-brace' : 'none')) {
        continue;
      }
      jobs.push({ ...c, auth });
    }
  }

  // A body that got no answer three times has made its point: each such request may keep a thread
  // of the server busy for good, and more of them only slow the rest of the run down.
  const unanswered = {};
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next];
      next += 1;
      if ((unanswered[job.label] ?? 0) >= 3) {
        tally.add('skipped after 3 without an answer');
        continue;
      }
      const headers = { Accept: 'application/json' };
      if (job.type) {
        headers['Content-Type'] = job.type;
      }
      if (job.auth === 'admin-session') {
        // A sign-out, or a sign-in over a session, gets a session of its own, so that the others
        // keep theirs.
        headers.Cookie = signs(job) ? await signIn(options) : session;
        headers['X-Kefu-CSRF'] = '1';
      } else if (job.auth === 'admin-basic') {
        headers.Authorization = admin;
      } else if (job.auth === 'junk-credentials') {
        headers.Authorization = random.pick(junk);
      }
      const answer = await request(base, job.method, job.path, { headers, body: job.body, timeoutMs: 30_000, keep: 4096 });
      record(tally, job, answer);
      if (answer.status === 0) {
        unanswered[job.label] = (unanswered[job.label] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.restConcurrency }, worker));

  const c = tally.counts;
  const sum = (prefix) => Object.entries(c).filter(([k]) => k.startsWith(prefix)).reduce((s, [, n]) => s + n, 0);
  return {
    requests: jobs.length,
    // 501 is Payara's answer to a method it does not implement at all (PATCH outside JAX-RS):
    // a refusal, counted apart; every other 5xx is a fault.
    api5xx: sum('api status 5') - (c['api status 501'] ?? 0),
    api500: c['api status 500'] ?? 0,
    api501: c['api status 501'] ?? 0,
    pages5xx: sum('pages status 5') - (c['pages status 501'] ?? 0),
    // No answer within 30 s: the request still holds a thread of the server (or worse).
    noAnswer: sum('api status 0') + sum('pages status 0'),
    apiErrorsNotJson: c['api error not json'] ?? 0,
    optionsToAnonymous: c['api OPTIONS anonymous 200'] ?? 0,
    ...tally.toJSON(),
  };
}

function record(tally, job, answer) {
  tally.add(`${job.area} status ${answer.status}`);
  tally.add(`ms ${job.auth}`, answer.ms);
  tally.add(`requests ${job.auth}`);
  const type = String(answer.headers['content-type'] ?? '');
  if (answer.status >= 500 || answer.status === 0) {
    tally.sample(`${job.area} ${answer.status || answer.error}`, `${job.method} ${excerpt(job.path, 100)} [${job.auth}, ${job.label}, ${job.type}] → ${excerpt(answer.body.toString('utf8'), 200)}`, 25);
  }
  if (job.area === 'api' && answer.status >= 400 && answer.status !== 405 && job.method !== 'HEAD' && !type.includes('json')) {
    tally.add('api error not json');
    tally.sample('api error not json', `${job.method} ${excerpt(job.path, 100)} [${job.auth}, ${job.label}] → ${answer.status} ${type}`, 15);
  }
  if (job.area === 'api' && job.method === 'OPTIONS' && job.auth === 'anonymous' && answer.status === 200) {
    tally.add('api OPTIONS anonymous 200');
  }
}

async function signIn(options) {
  const answer = await request(options.baseUrl, 'POST', '/api/v1/auth/login', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: options.adminPassword }),
  });
  const cookie = [answer.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('KFSESSION='));
  if (!cookie) {
    throw new Error(`admin sign-in failed: ${answer.status}`);
  }
  return cookie.split(';')[0];
}

// What the probe needs on the server under test, made through the admin API: a department of its
// own for the canary chats (reached by a routing rule on a page address no fuzzed frame names),
// canary agents in it, and fuzz agents and a supervisor in the site's default department, where the
// fuzzed visitors' conversations go. Run the probe against a server of its own: it leaves these
// behind.

import { api, basic, request } from './http.mjs';

export async function prepare(options, random) {
  const base = options.baseUrl;
  // One sign-in for the set-up: HTTP Basic would hash the password again with every call.
  const admin = await adminSession(options);
  const tag = random.hex(8);
  const site = (await api(base, 'GET', 'sites', { auth: admin }))[0];
  if (!site) {
    throw new Error('the server has no site');
  }

  // Conversations of visitors who left close after 30 s rather than 30 minutes, so the fuzz
  // agents' places keep freeing up during a long run.
  const fuzzDepartment = await api(base, 'GET', `departments/${site.defaultDepartmentId}`, { auth: admin });
  await api(base, 'PUT', `departments/${fuzzDepartment.id}`, {
    auth: admin,
    body: { ...departmentSettings(fuzzDepartment), visitorGoneSeconds: 30 },
  });

  const canaryDepartment = await api(base, 'POST', 'departments', {
    auth: admin,
    body: { name: `probe canaries ${tag}` },
  });
  const canaryUrl = `https://canary-${tag}.example/chat`;
  const rules = await api(base, 'GET', `sites/${site.id}/routing-rules`, { auth: admin });
  await api(base, 'PUT', `sites/${site.id}/routing-rules`, {
    auth: admin,
    body: {
      rules: [{ kind: 'url', pattern: `https://canary-${tag}.example/*`, departmentId: canaryDepartment.id }, ...rules],
    },
  });

  const account = async (kind, index, roles, departmentId, capacity) => {
    const username = `probe.${kind}.${index}.${tag}`;
    const password = `probe-${random.hex(24)}`;
    const made = await api(base, 'POST', 'accounts', {
      auth: admin,
      body: { username, name: `Probe ${kind} ${index}`, password, roles, departmentIds: [departmentId] },
    });
    await api(base, 'PUT', `agents/${made.id}/routing`, { auth: admin, body: { capacity, skills: [] } });
    return { id: made.id, username, password, auth: basic(username, password), kind };
  };

  const canaryAgents = [];
  for (let i = 0; i < options.canaries; i += 1) {
    canaryAgents.push(await account('canary', i, ['kf-agent'], canaryDepartment.id, 10));
  }
  const fuzzAgents = [];
  for (let i = 0; i < options.fuzzAgents; i += 1) {
    fuzzAgents.push(await account('agent', i, ['kf-agent'], fuzzDepartment.id, 100));
  }
  // Roles are listed one by one: a supervisor who opens the agent socket holds kf-agent too.
  fuzzAgents.push(await account('supervisor', 0, ['kf-agent', 'kf-supervisor'], fuzzDepartment.id, 100));

  return {
    tag,
    site,
    admin: basic('admin', options.adminPassword),
    fuzzDepartmentId: fuzzDepartment.id,
    canaryDepartmentId: canaryDepartment.id,
    canaryUrl,
    canaryAgents,
    fuzzAgents,
    visitorUrl: `${base.replace(/^http/, 'ws')}/ws/visitor?site=${encodeURIComponent(site.siteKey)}`,
    // Kefu's own origin passes for every site, as for its demo page.
    origin: new URL(base).origin,
  };
}

/** The admin's session cookie, for calls with `auth` (which the CSRF guard wants marked). */
export async function adminSession(options) {
  const answer = await request(options.baseUrl, 'POST', '/api/v1/auth/login', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: options.adminPassword }),
  });
  const cookie = [answer.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('KFSESSION='));
  if (!cookie) {
    throw new Error(`admin sign-in failed: ${answer.status || answer.error} ${answer.body.toString('utf8').slice(0, 200)}`);
  }
  return { cookie: cookie.split(';')[0] };
}

/** A one-time ticket for an agent socket: {url}, or {status} of the refused request. */
export async function agentSocket(options, agent) {
  const answer = await request(options.baseUrl, 'POST', '/api/v1/auth/ws-ticket', { headers: { Authorization: agent.auth, Accept: 'application/json' } });
  if (answer.status !== 200) {
    return { status: answer.status || answer.error, body: answer.body.toString('utf8').slice(0, 200) };
  }
  const { ticket } = JSON.parse(answer.body.toString('utf8'));
  return { url: `${options.baseUrl.replace(/^http/, 'ws')}/ws/agent?ticket=${encodeURIComponent(ticket)}` };
}

function departmentSettings(department) {
  const { id, members, online, ...settings } = department;
  return settings;
}

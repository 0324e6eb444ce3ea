// Reusable steps of the back office's dashboard and reports: open them, read their figures,
// export a report as CSV, and make a conversation through the sockets whose figures the reports
// then show. Every element is found by its stable id (docs/admin-console.md, component ids).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ADMIN_PASSWORD, BASE_URL, PATIENCE, rest } from './kefu.mjs';

/** Switches the console to `lang` ('en' or 'zh-CN') unless it already speaks it. */
async function useLanguage(page, lang) {
  const want = lang === 'en' ? 'en' : 'zh-CN';
  if ((await page.locator('html').getAttribute('lang')) === want) return;
  await page.locator(want === 'en' ? '#language\\:en' : '#language\\:zh').click();
  await page.waitForFunction((tag) => document.documentElement.lang === tag, want, { timeout: PATIENCE });
}

/** Signs in as the admin when the page is sent to the sign-in page. */
async function signInIfAsked(page) {
  if (!/\/signin\.html/.test(page.url())) return;
  await page.locator('#username').fill('admin');
  await page.locator('#password').fill(ADMIN_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/admin\//, { timeout: PATIENCE });
}

/**
 * Opens the dashboard (through /admin/, which leads there) in `lang`; answers its figures as
 * shown: { agentsOnline, visitorsOnline, waiting, chatting, todayConversations, todayMissed, … }.
 */
export async function openDashboard(page, { lang = 'en' } = {}) {
  await page.goto('/admin/');
  await signInIfAsked(page);
  await page.waitForURL(/\/admin\/dashboard\.xhtml/, { timeout: PATIENCE });
  await useLanguage(page, lang);
  const ids = [
    'agentsOnline',
    'visitorsOnline',
    'waiting',
    'chatting',
    'todayConversations',
    'todayWaitMedian',
    'todayFirstResponseMedian',
    'todayMissed',
    'todaySatisfaction',
  ];
  const figures = {};
  for (const id of ids) {
    figures[id] = (await page.locator(`#dashboardForm\\:${id}`).textContent()).trim();
  }
  return figures;
}

/** The cells of a report table, one array of texts per row (the last row is the total). */
async function tableOf(page, table) {
  return page.locator(`#reportsForm\\:${table} tbody tr`).evaluateAll((rows) =>
    rows
      .filter((row) => !row.classList.contains('ui-datatable-empty-message'))
      .map((row) =>
        [...row.querySelectorAll('td')].map((cell) =>
          // A reflowed cell starts with its column's title; only the value counts.
          (cell.querySelector('[id]')?.textContent ?? cell.textContent).trim(),
        ),
      ),
  );
}

/**
 * Opens the reports page in `lang`, shows the days `from` to `to` ('2026-11-01'), optionally in a
 * time zone and grouped by 'day', 'agent', 'department' or 'all'; answers the tables' figures:
 * { hours, days, wait, handle, missed, satisfaction }, each an array of rows of cell texts.
 */
export async function openReport(page, { from, to, zone, group, lang = 'en' } = {}) {
  await page.goto('/admin/reports.xhtml');
  await signInIfAsked(page);
  await useLanguage(page, lang);
  const range = page.locator('#reportsForm\\:range_input');
  await range.fill(`${from} ~ ${to}`);
  await range.press('Escape');
  // The menus' own selects are what the form posts; choosing there does not depend on a click on
  // the menu's panel taking (PrimeFaces' panel misses one now and then on a busy machine, and the
  // charts below the menu took a click on the zone's panel while it was still moving).
  if (zone) {
    await page.locator('#reportsForm\\:zone_input').selectOption(zone, { force: true });
  }
  if (group) {
    await page.locator('#reportsForm\\:group_input').selectOption(group, { force: true });
  }
  await page.locator('#reportsForm\\:show').click();
  await page.locator('#reportsForm\\:waitTable').waitFor({ state: 'attached', timeout: PATIENCE });
  await page.waitForFunction(
    ([first, last]) => {
      const link = document.getElementById('exportWait');
      return link && link.href.includes(`from=${first}`) && link.href.includes(`to=${last}`);
    },
    [from, to],
    { timeout: PATIENCE },
  );
  const tables = {};
  for (const name of ['hours', 'days', 'wait', 'handle', 'missed', 'satisfaction']) {
    tables[name] = await tableOf(page, `${name}Table`);
  }
  return tables;
}

/**
 * The CSV of one report as its export link downloads it (default: wait and first response),
 * fetched by the page itself with the admin's session; answers its text without the byte order
 * mark.
 */
export async function exportReportCsv(page, { report = 'wait' } = {}) {
  const id = `export${report[0].toUpperCase()}${report.slice(1)}`;
  const href = await page.locator(`#${id}`).getAttribute('href');
  const { status, type, text } = await page.evaluate(async (url) => {
    const answer = await fetch(url);
    return { status: answer.status, type: answer.headers.get('content-type'), text: await answer.text() };
  }, href);
  assert.equal(status, 200, text);
  assert.match(type, /^text\/csv/);
  return text.replace(/^\uFEFF/, '');
}

/** Waits for the first frame of `type` on a socket (failing on an error frame or after PATIENCE). */
function next(socket, type) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} frame`)), PATIENCE);
    const listener = (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === type) {
        clearTimeout(timer);
        socket.off('message', listener);
        resolve(frame);
      } else if (frame.type === 'error') {
        clearTimeout(timer);
        socket.off('message', listener);
        reject(new Error(`error frame: ${JSON.stringify(frame)}`));
      }
    };
    socket.on('message', listener);
  });
}

function open(path, origin) {
  const url = new URL(path, `${BASE_URL}/`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url, { origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * One whole conversation of a new visitor on the demo site through the sockets, as the admin
 * answers it: the visitor writes `text`, the admin (online for the moment) answers, closes, and
 * the visitor rates it `rating` stars. Answers the conversation's id.
 */
export async function chatThroughSockets({ text = `report ${randomUUID()}`, rating = 5 } = {}) {
  const site = (await rest('GET', 'sites'))[0];
  const origin = new URL(BASE_URL).origin;
  const visitor = await open(`ws/visitor?site=${encodeURIComponent(site.siteKey)}`, origin);
  visitor.send(JSON.stringify({ type: 'hello', protocol: 1, locale: 'en', page: { url: `${origin}/demo/`, title: 'Demo' } }));
  await next(visitor, 'welcome');
  const { ticket } = await rest('POST', 'auth/ws-ticket');
  const agent = await open(`ws/agent?ticket=${encodeURIComponent(ticket)}`, origin);
  agent.send(JSON.stringify({ type: 'hello', protocol: 1 }));
  await next(agent, 'welcome');
  agent.send(JSON.stringify({ type: 'status', value: 'online' }));
  await next(agent, 'status');
  const assigned = next(agent, 'conversation');
  visitor.send(JSON.stringify({ type: 'send', clientMsgId: randomUUID(), text }));
  const { conversation } = await assigned;
  agent.send(JSON.stringify({ type: 'send', conversationId: conversation.id, clientMsgId: randomUUID(), text: 'Hello!' }));
  await next(agent, 'ack');
  const closed = next(visitor, 'closed');
  agent.send(JSON.stringify({ type: 'close', conversationId: conversation.id }));
  await closed;
  visitor.send(JSON.stringify({ type: 'rate', conversationId: conversation.id, score: rating }));
  await next(visitor, 'rated');
  agent.send(JSON.stringify({ type: 'status', value: 'offline' }));
  await next(agent, 'status');
  agent.close();
  visitor.close();
  return conversation.id;
}

// What the story of a visitor's day with the widget needs: a shop of its own (a department, a
// site with its widget settings, and a page that embeds the widget), an agent who answers over the
// agent socket as a console would, and readings of the widget that the story asserts on.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import WebSocket from 'ws';
import { BASE_URL, eventually, rest } from './kefu.mjs';

/**
 * The customer's web server: answers the shop pages registered in `pages` (path -> HTML), on a
 * port of its own, so that the widget runs on another origin than Kefu's, as on a real shop.
 */
export async function startShopServer() {
  const pages = new Map();
  const server = createServer((request, response) => {
    const html = pages.get(new URL(request.url, 'http://shop').pathname);
    response.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(html ?? 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    pages,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A department, an agent of it and a site whose conversations go there, with the widget settings
 * given, whose widget the shop server's origin may embed; plus the shop's page at `path`, with a
 * cart bar of its own at the bottom right, the kind of page button a chat button must not cover.
 */
export async function openShop(tag, widget, { greeting, shopServer, lang }) {
  const department = await rest('POST', 'departments', { name: `Day ${tag}` });
  const elsewhere = await rest('POST', 'departments', { name: `Day ${tag} returns` });
  const site = await rest('POST', 'sites', {
    // After "Demo site" by name: stories that take the first site of the list mean the demo's.
    name: `Widget day shop ${tag}`,
    defaultDepartmentId: department.id,
    greeting,
    allowedOrigins: [shopServer.origin],
    identityRequired: false,
    widget,
  });
  const username = `day.${tag}`.toLowerCase();
  const password = `day-${randomUUID()}`;
  const account = await rest('POST', 'accounts', {
    username,
    name: `Wang ${tag}`,
    password,
    roles: ['kf-agent'],
    departmentIds: [department.id],
  });
  const shop = {
    tag,
    site,
    department,
    elsewhere,
    agentAccount: { id: account.id, username, password, name: `Wang ${tag}` },
    url: `${shopServer.origin}/shop-${tag}/`,
  };
  shopServer.pages.set(`/shop-${tag}/`, shopHtml(shop, lang));
  return shop;
}

/** The shop's page, with the widget embedded as a customer embeds it. */
export function shopHtml(shop, lang) {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Shop ${shop.tag}</title><link rel="icon" href="data:,">
<style>body{font:16px system-ui,sans-serif;margin:0;padding:24px 24px 120px}
#cart{position:fixed;right:16px;bottom:16px;padding:14px 22px;border:0;border-radius:10px;background:#0a7d5a;color:#fff;font-size:16px}</style>
</head><body><h1>Shop ${shop.tag}</h1><p>Tea, cups and kettles.</p>
<button id="cart" type="button">Add to cart</button>
<script async src="${BASE_URL}/widget.js" data-site="${shop.site.siteKey}"></script>
</body></html>`;
}

/**
 * The shop's agent on the agent socket, as a console speaks it: hello, a status, the frames that
 * come (kept in `frames`), messages, files and transfers.
 */
export async function agentOf(shop) {
  const auth = `Basic ${Buffer.from(`${shop.agentAccount.username}:${shop.agentAccount.password}`).toString('base64')}`;
  const ticket = await (
    await fetch(new URL('api/v1/auth/ws-ticket', `${BASE_URL}/`), { method: 'POST', headers: { Authorization: auth } })
  ).json();
  const url = `${BASE_URL.replace(/^http/, 'ws')}/ws/agent?ticket=${encodeURIComponent(ticket.ticket)}`;
  const ws = new WebSocket(url, { origin: new URL(BASE_URL).origin, perMessageDeflate: false });
  const frames = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString('utf8'))));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const agent = {
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    /** The first frame of this type (with `match`) since `from`; waits for it. */
    async next(type, match = () => true, from = 0) {
      return eventually(`the agent gets ${type}`, () => {
        const found = frames.slice(from).find((f) => f.type === type && match(f));
        assert.ok(found, `frames so far: ${frames.map((f) => f.type).join(', ')}`);
        return found;
      });
    },
    async status(value) {
      const from = frames.length;
      agent.send({ type: 'status', value });
      await agent.next('status', (f) => f.value === value, from);
    },
    async say(conversationId, text) {
      const clientMsgId = randomUUID();
      agent.send({ type: 'send', conversationId, clientMsgId, text });
      return agent.next('ack', (f) => f.clientMsgId === clientMsgId);
    },
    async sendFile(conversationId, name, bytes) {
      const answer = await fetch(
        new URL(`api/v1/files?name=${encodeURIComponent(name)}&conversationId=${encodeURIComponent(conversationId)}`, `${BASE_URL}/`),
        { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/octet-stream' }, body: bytes },
      );
      assert.equal(answer.status, 201, await answer.clone().text());
      const file = await answer.json();
      const clientMsgId = randomUUID();
      agent.send({ type: 'send', conversationId, clientMsgId, fileId: file.id });
      return agent.next('ack', (f) => f.clientMsgId === clientMsgId);
    },
    /** Invites the visitor to chat, as the console's Live tab does (REST, in the agent's name). */
    async invite(visitorId, text) {
      const answer = await fetch(new URL(`api/v1/visitors/${encodeURIComponent(visitorId)}/invite`, `${BASE_URL}/`), {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      assert.equal(answer.status, 204, await answer.clone().text());
    },
    close: () =>
      new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', resolve);
        ws.close();
      }),
  };
  agent.send({ type: 'hello', protocol: 1 });
  await agent.next('welcome');
  return agent;
}

/** The id of the visitor whose widget is on `page`, as the widget keeps it. */
export function visitorIdOf(page, shop) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) || '{}').visitorId, `kefu:${shop.site.siteKey}:state`);
}

/**
 * The site's widget settings as the story sets them: a pre-chat form (with a field of the site's
 * own, labelled `orderLabel`), a greeting, a position.
 */
export function widgetSettings({ side, bottom, proactiveText, orderLabel }) {
  return {
    prechat: {
      enabled: true,
      fields: [
        { type: 'name', required: true },
        { type: 'email', required: true },
        { type: 'text', key: 'order', label: orderLabel, required: false },
      ],
      departmentIds: [],
    },
    proactive: { enabled: true, text: proactiveText, afterSeconds: 1, pages: [] },
    position: { side, bottom },
  };
}

/** The computed font size, in px, of every input, text area and select inside the widget. */
export function inputFontSizes(page) {
  return page.locator('#kefu-widget').evaluate((host) =>
    [...host.shadowRoot.querySelectorAll('input:not([type=file]), textarea, select')].map((element) => ({
      what: element.getAttribute('data-kf') ?? element.tagName,
      size: parseFloat(getComputedStyle(element).fontSize),
    })),
  );
}

/** Whether the message list shows its very bottom, and where the last image sits in it. */
export function scrollState(page) {
  return page.locator('#kefu-widget').evaluate((host) => {
    const body = host.shadowRoot.querySelector('.body');
    const images = host.shadowRoot.querySelectorAll('[data-kf="image"]');
    const image = images[images.length - 1];
    const box = body.getBoundingClientRect();
    const imageBox = image?.getBoundingClientRect();
    return {
      atBottom: body.scrollHeight - body.scrollTop - body.clientHeight <= 2,
      imageLoaded: !!image && image.complete && image.naturalHeight > 0,
      imageInView: !!imageBox && imageBox.bottom <= box.bottom + 1 && imageBox.top >= box.top - 1,
    };
  });
}

/** The rectangles of two elements overlap. */
export function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

// What the agent console's day story needs besides kefu.mjs: a site of its own with a pre-chat form
// and two departments, agents, and visitors that speak the wire protocol from a page of the server
// (docs/protocol.md), so the story looks at the console alone and does not depend on the widget.

import assert from 'node:assert/strict';
import { eventually, openPage, rest } from './kefu.mjs';

/** A 1×1 PNG, as a visitor's photo. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/**
 * A site with a pre-chat form (name, phone and the site's own "order" field, labelled in the
 * story's language) offering two departments: `everyday`, where offers never time out, and
 * `hurried`, whose offer timeout is `offerSeconds`. Answers their ids and the site's key.
 */
export async function siteForTheDay(run, { orderLabel, offerSeconds }) {
  const everyday = await rest('POST', 'departments', { name: `Everyday ${run}`, offerSeconds: 0 });
  const hurried = await rest('POST', 'departments', { name: `Hurried ${run}`, offerSeconds });
  const site = await rest('POST', 'sites', {
    // Sites are listed by name, and other stories take the first one for the demo site: this one
    // sorts after it.
    name: `Kefu console day ${run}`,
    defaultDepartmentId: everyday.id,
    allowedOrigins: [],
    widget: {
      prechat: {
        enabled: true,
        fields: [
          { key: 'name', type: 'name', label: '', required: false },
          { key: 'phone', type: 'phone', label: '', required: false },
          { key: 'order', type: 'text', label: orderLabel, required: false },
        ],
        departmentIds: [everyday.id, hurried.id],
      },
    },
  });
  return { siteKey: site.siteKey, siteId: site.id, everyday: everyday.id, hurried: hurried.id };
}

/** An account of staff in the departments; answers its id, user name and password. */
export async function staff(run, who, name, roles, departmentIds) {
  const username = `${who}.${run}`;
  const password = `pw-${who}-${run}-day`;
  const account = await rest('POST', 'accounts', { username, name, password, roles, departmentIds });
  return { id: account.id, username, password, name };
}

/**
 * A visitor whose browser talks to Kefu's visitor socket directly, in a page of the server itself
 * (an origin every site allows). Frames are queued in the page; `next(type)` takes the next one of
 * that type.
 */
export async function visitor(browser, label, siteKey, locale) {
  const page = await openPage(browser, label, { locale, viewport: { width: 800, height: 600 } });
  // The demo page is of the server's own origin, which every site allows; its own widget (of the
  // demo site) stays out of the way, so this visitor is the story's site's alone.
  await page.route('**/widget.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.goto('/demo/');
  const welcome = await page.evaluate(
    ({ siteKey, locale }) =>
      new Promise((resolve, reject) => {
        const kv = { frames: [], waiters: [], token: null };
        window.kv = kv;
        const url = new URL(`ws/visitor?site=${encodeURIComponent(siteKey)}`, `${location.origin}/`);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        const ws = new WebSocket(url);
        kv.ws = ws;
        kv.take = (type) =>
          new Promise((done) => {
            const i = kv.frames.findIndex((f) => f.type === type);
            if (i >= 0) done(kv.frames.splice(i, 1)[0]);
            else kv.waiters.push({ type, done });
          });
        ws.onmessage = (event) => {
          const frame = JSON.parse(event.data);
          const i = kv.waiters.findIndex((w) => w.type === frame.type);
          if (i >= 0) kv.waiters.splice(i, 1)[0].done(frame);
          else kv.frames.push(frame);
        };
        ws.onerror = () => reject(new Error('the visitor socket failed'));
        ws.onopen = () => {
          ws.send(
            JSON.stringify({
              type: 'hello',
              protocol: 1,
              visitorToken: null,
              page: { url: `${location.origin}/shop/cart`, title: 'Cart', referrer: '' },
              locale,
            }),
          );
          kv.take('welcome').then((w) => {
            kv.token = w.visitorToken;
            resolve(w);
          });
        };
      }),
    { siteKey, locale },
  );
  const next = (type) => page.evaluate((t) => window.kv.take(t), type);
  const frame = (f) => page.evaluate((x) => window.kv.ws.send(JSON.stringify(x)), f);
  return {
    page,
    visitorId: welcome.visitorId,
    next,
    /** Sends a message (the first one with the pre-chat answers) and answers its ack. */
    async say(text, prechat) {
      const clientMsgId = crypto.randomUUID();
      await frame({ type: 'send', clientMsgId, text, ...(prechat ? { prechat } : {}) });
      const ack = await next('ack');
      assert.equal(ack.clientMsgId, clientMsgId, `${label}: the ack of what was sent`);
      return ack;
    },
    /** Uploads a small image and sends it as a message of its own. */
    async sendImage() {
      const uploaded = await page.evaluate(
        async ({ siteKey, png }) => {
          const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
          const response = await fetch(`/api/v1/files?name=photo.png&site=${encodeURIComponent(siteKey)}`, {
            method: 'POST',
            headers: { 'X-Kefu-Visitor': window.kv.token, 'Content-Type': 'image/png' },
            body: bytes,
          });
          return response.json();
        },
        { siteKey, png: PNG },
      );
      assert.ok(uploaded.id, `${label}: the image was stored: ${JSON.stringify(uploaded)}`);
      const clientMsgId = crypto.randomUUID();
      await frame({ type: 'send', clientMsgId, fileId: uploaded.id });
      return next('ack');
    },
    read: (conversationId, seq) => frame({ type: 'read', conversationId, seq }),
    leave: (text, name, contact) =>
      frame({ type: 'leave_message', clientMsgId: crypto.randomUUID(), name, contact, text }).then(() =>
        next('message_left'),
      ),
    close: (conversationId) => frame({ type: 'close', conversationId }),
  };
}

/**
 * Nothing on the page is wider than the screen (`document.scrollingElement.scrollWidth` is at most
 * the viewport's width): no sideways scrolling, and a phone does not zoom the page out.
 */
export async function fitsTheScreen(page, what) {
  const width = page.viewportSize().width;
  const found = await page.evaluate((width) => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed')
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
    return { scrollWidth: document.scrollingElement.scrollWidth, wide };
  }, width);
  assert.ok(
    found.scrollWidth <= width,
    `${what}: the page is ${found.scrollWidth} px wide on a ${width} px screen: ${found.wide.join('; ')}`,
  );
}

/** The element is inside the viewport whole (not cut off at any side). */
export async function wholeInView(locator, what) {
  await eventually(`${what} is wholly in view`, async () => {
    const inside = await locator.evaluate((element) => {
      const box = element.getBoundingClientRect();
      // The nearest scrolling ancestor cuts off what lies outside it.
      let frame = element.parentElement;
      while (frame && !/(auto|scroll)/.test(getComputedStyle(frame).overflowY)) frame = frame.parentElement;
      const outer = frame ? frame.getBoundingClientRect() : { top: 0, bottom: innerHeight, left: 0, right: innerWidth };
      return {
        box: [box.top, box.bottom, box.left, box.right].map(Math.round),
        frame: [outer.top, outer.bottom].map(Math.round),
        ok:
          box.top >= outer.top - 1 && box.bottom <= outer.bottom + 1 && box.left >= -1 && box.right <= innerWidth + 1,
      };
    });
    assert.ok(inside.ok, `${what}: ${JSON.stringify(inside)}`);
  });
}

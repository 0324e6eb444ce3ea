// A day of chats in the agent console, walked once on a desktop in English and once on a 390 × 844
// phone in Simplified Chinese: pre-chat answers, a console that fits a phone, transfers and offers
// that time out told apart from ended chats, a confirmation before ending, names and counts that
// agree everywhere, left messages marked handled, new messages kept in view, links, read marks
// after a reload. Visitors speak the wire protocol from a page of the server (support/console-day.mjs).

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  chooseStatus,
  eventually,
  expectNoProblems,
  hasChinese,
  launchChromium,
  openPage,
  rest,
  screenshots,
  signInToConsole,
  story,
} from './support/kefu.mjs';
import { fitsTheScreen, siteForTheDay, staff, visitor, wholeInView } from './support/console-day.mjs';

const OFFER_SECONDS = 2;

const WORDS = {
  en: {
    agents: ['Ann Day', 'Ben Day', 'Cat Day'],
    visitors: ['Li Lei', 'Han Meimei', 'Lucy Lin'],
    phoneLabel: 'Phone',
    orderLabel: 'Order number',
    image: '[image]',
    transferred: 'Transferred',
    reoffered: 'Offered to another',
    offered: (name) => `Not answered within ${OFFER_SECONDS} seconds, so it was offered to ${name}.`,
    handedTo: (name) => `The conversation was handed to ${name}.`,
    agentEnded: 'You ended the conversation.',
    read: 'Read',
    notFound: 'The conversation no longer exists or was transferred.',
    anonymous: /^Visitor \w+/,
  },
  'zh-CN': {
    agents: ['王芳', '李强', '赵敏'],
    visitors: ['李雷', '韩梅梅', '林露西'],
    phoneLabel: '电话',
    orderLabel: '订单号',
    image: '[图片]',
    transferred: '已转接',
    reoffered: '已改派',
    offered: (name) => `您在 ${OFFER_SECONDS} 秒内未接待，会话已改派给 ${name}。`,
    handedTo: (name) => `会话已转给 ${name}。`,
    agentEnded: '您已结束会话。',
    read: '已读',
    notFound: '会话不存在或已转给他人。',
    anonymous: /^访客 \w+/,
  },
};

function day({ device, locale }) {
  const phone = device === 'phone';
  const viewport = phone ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const words = WORDS[locale];
  const run = `${device}${Date.now() % 100000}`;
  const shot = screenshots(`console-day-${device}-${locale}`);
  const pages = [];
  let browser;
  let place;
  let ann;
  let ben;
  let cat;
  let agent; // Ann's console on this device
  let second; // Ann's console on another device
  let colleague; // Ben's console
  let v1;
  let c1;
  let c2;
  let c3;

  const step = story({
    onFailure: async (name) => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      if (agent) await shot(agent, `FAILED-${slug}`);
    },
  });

  const hook = (page, name) => page.locator(`[data-kf="${name}"]`);
  const item = (page, id) => page.locator(`[data-kf="conversation-item"][data-conversation-id="${id}"]`);
  const tap = (locator) => (phone && locator.page() === agent ? locator.tap() : locator.click());
  const pane = (page) => hook(page, 'conversation');
  const lastMessage = (page) => pane(page).locator('[data-kf="msg"]').last();

  async function consoleOf(label, who, { mobile = phone } = {}) {
    const page = await openPage(browser, label, {
      locale,
      viewport: mobile ? viewport : { width: 1280, height: 800 },
      ...(mobile ? { isMobile: true, hasTouch: true } : {}),
    });
    pages.push([label, page]);
    await signInToConsole(page, who.username, who.password);
    await recordToasts(page);
    return page;
  }

  /** Keeps every toast the console shows, so that an error toast cannot pass unseen. */
  async function recordToasts(page) {
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.evaluate(() => {
      window.kfToasts = window.kfToasts || [];
      new MutationObserver((changes) =>
        changes.forEach((c) => c.addedNodes.forEach((n) => window.kfToasts.push(n.textContent))),
      ).observe(document.querySelector('[data-role="toasts"]'), { childList: true });
    });
  }

  const setStatus = chooseStatus;

  /** Opens a conversation from the list; on a phone the list gives way to it. */
  async function openChat(page, id) {
    if (phone && page === agent && (await hook(page, 'conversation-list').isHidden())) {
      await tap(page.locator('[data-role="back"]'));
    }
    await tap(item(page, id).locator('button'));
    await page.locator(`[data-kf="conversation"][data-conversation-id="${id}"]`).waitFor();
    if (phone && page === agent) {
      assert.ok(await hook(page, 'conversation-list').isHidden(), 'on a phone the chat takes the whole screen');
    }
  }

  before(async () => {
    browser = await launchChromium();
    place = await siteForTheDay(run, { orderLabel: words.orderLabel, offerSeconds: OFFER_SECONDS });
    const both = [place.everyday, place.hurried];
    ann = await staff(run, 'ann', `${words.agents[0]} ${run}`, ['kf-agent', 'kf-supervisor'], both);
    ben = await staff(run, 'ben', `${words.agents[1]} ${run}`, ['kf-agent'], both);
    cat = await staff(run, 'cat', `${words.agents[2]} ${run}`, ['kf-agent'], [place.everyday]);
  });

  after(async () => {
    await browser?.close();
  });

  step('the agent signs in: the console fits the screen, the menu reaches the inbox and sign-out', async () => {
    agent = await consoleOf('agent', ann);
    await fitsTheScreen(agent, 'the console after signing in');
    if (phone) {
      assert.ok(await hook(agent, 'signout').isHidden(), 'on a phone sign-out waits in the menu');
      await tap(hook(agent, 'menu'));
      await hook(agent, 'signout').waitFor();
      await hook(agent, 'inbox').waitFor();
      await fitsTheScreen(agent, 'the console with its menu open');
      await shot(agent, 'menu-open');
      await tap(hook(agent, 'menu'));
      await hook(agent, 'signout').waitFor({ state: 'hidden' });
    } else {
      await hook(agent, 'signout').waitFor();
      await hook(agent, 'inbox').waitFor();
    }
    const hint = agent.locator('[data-role="list-empty"]');
    await setStatus(agent, 'online');
    await eventually('the hint while online', async () => {
      const text = await hint.textContent();
      assert.ok(!/online|在线/i.test(text), `no "set yourself online" while online: ${text}`);
    });
    await setStatus(agent, 'away');
    await eventually('the hint while away', async () => assert.match(await hint.textContent(), /online|在线/i));
    assert.ok(await hook(agent, 'waiting').isHidden(), 'nobody waits yet');
    await shot(agent, 'signed-in-away');
  });

  step('a visitor waits while the agent is away: the console says how many wait', async () => {
    v1 = await visitor(browser, 'visitor 1', place.siteKey, locale);
    pages.push(['visitor 1', v1.page]);
    const ack = await v1.say('我的订单 A-1001 还没到 / my order A-1001 has not arrived', {
      departmentId: place.everyday,
      fields: { name: words.visitors[0], phone: '+86 138 0013 8000', order: 'A-1001' },
    });
    c1 = ack.conversationId;
    const waiting = hook(agent, 'waiting');
    await eventually('the queue count shows', async () => {
      assert.equal(await waiting.getAttribute('data-count'), '1');
      assert.ok(await waiting.isVisible(), 'the count is shown while away');
    });
    assert.match(await waiting.textContent(), /1/);
    await shot(agent, 'away-visitor-waiting');
    await setStatus(agent, 'online');
    await item(agent, c1).waitFor();
    await waiting.waitFor({ state: 'hidden' });
    await fitsTheScreen(agent, 'the list with a conversation');
  });

  step('a department the admin adds the agent to counts its waiting visitors at once, no reload', async () => {
    await setStatus(agent, 'away');
    const later = await rest('POST', 'departments', { name: `Later ${run}` });
    const waitingThere = await visitor(browser, 'visitor of a department joined later', place.siteKey, locale);
    pages.push(['visitor of a department joined later', waitingThere.page]);
    await waitingThere.say('有人吗？ / anyone there?', { departmentId: later.id, fields: { name: words.visitors[0] } });
    const waiting = hook(agent, 'waiting');
    assert.equal(await waiting.getAttribute('data-count'), '0', 'a department not yet the agent\'s counted');
    await rest('PUT', `departments/${later.id}/members`, { agentIds: [ann.id] });
    await eventually('the joined department counts', async () => {
      assert.equal(await waiting.getAttribute('data-count'), '1');
      assert.ok(await waiting.isVisible(), 'the count is shown while away');
    });
    await shot(agent, 'joined-department-waiting');
    await rest('PUT', `departments/${later.id}/members`, { agentIds: [] });
    await waiting.waitFor({ state: 'hidden' });
    assert.equal(await waiting.getAttribute('data-count'), '0');
    await setStatus(agent, 'online');
  });

  step('the pre-chat answers show in the visitor panel and head the conversation, under the form labels', async () => {
    await openChat(agent, c1);
    const card = pane(agent).locator('[data-kf="prechat-card"]');
    await card.waitFor();
    const phoneRow = card.locator('[data-kf="prechat-field"][data-key="phone"]');
    assert.equal(await phoneRow.locator('dt').textContent(), words.phoneLabel);
    assert.equal(await phoneRow.locator('dd').textContent(), '+86 138 0013 8000');
    const orderRow = card.locator('[data-kf="prechat-field"][data-key="order"]');
    assert.equal(await orderRow.locator('dt').textContent(), words.orderLabel);
    assert.equal(await orderRow.locator('dd').textContent(), 'A-1001');
    const name = await item(agent, c1).locator('.conv__name').textContent();
    assert.equal(name, words.visitors[0]);
    assert.equal(await agent.locator('[data-role="pane-name"]').textContent(), name);
    if (phone) {
      await tap(agent.locator('[data-role="details-toggle"]'));
    }
    const panel = hook(agent, 'visitor-prechat');
    await panel.waitFor();
    await eventually('the visitor panel is in view', async () => wholeInView(panel, 'the pre-chat answers in the panel'));
    assert.equal(await panel.locator('[data-key="phone"] dt').textContent(), words.phoneLabel);
    assert.equal(await panel.locator('[data-key="phone"] dd').textContent(), '+86 138 0013 8000');
    assert.equal(await panel.locator('[data-key="order"] dt').textContent(), words.orderLabel);
    assert.equal(await panel.locator('[data-key="order"] dd').textContent(), 'A-1001');
    await fitsTheScreen(agent, 'the visitor panel');
    await shot(agent, 'prechat-in-visitor-panel');
    if (phone) {
      await tap(agent.locator('[data-role="details-close"]'));
      await panel.waitFor({ state: 'hidden' });
    }
    await shot(agent, 'prechat-heads-conversation');
  });

  step('a web address in a message is a link; markup and javascript: stay text', async () => {
    const text = 'Tracking: https://shop.example/orders/A-1001?x=1. <img src=x onerror="window.kfHacked=1"> javascript:alert(1)';
    await v1.say(text);
    const bubble = lastMessage(agent).locator('[data-kf="text"]');
    await eventually('the message arrives', async () => assert.equal(await bubble.textContent(), text));
    const links = bubble.locator('a');
    assert.equal(await links.count(), 1, 'one link: javascript: is never one');
    assert.equal(await links.getAttribute('href'), 'https://shop.example/orders/A-1001?x=1');
    assert.equal(await links.getAttribute('target'), '_blank');
    assert.equal(await links.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await links.textContent(), 'https://shop.example/orders/A-1001?x=1');
    assert.equal(await bubble.locator('img').count(), 0, 'the markup is text');
    assert.equal(await agent.evaluate(() => window.kfHacked), undefined);
    await wholeInView(lastMessage(agent), 'the new message');
    await fitsTheScreen(agent, 'a conversation with a long link');
    await shot(agent, 'link-in-message');
  });

  step('an image as the last message shows as such in the list', async () => {
    await v1.sendImage();
    await lastMessage(agent).locator('[data-kf="image"]').waitFor();
    await eventually('the preview names the image', async () =>
      assert.equal(await item(agent, c1).locator('.conv__preview').textContent(), words.image),
    );
  });

  step('the visitor read the reply: the Read mark is there, also after a reload', async () => {
    await hook(agent, 'reply-input').fill('Let me check that for you.');
    await hook(agent, 'reply-input').press('Enter');
    const mine = pane(agent).locator('[data-kf="msg"][data-sender="agent"][data-state="sent"]').last();
    await mine.waitFor();
    const seq = Number(await mine.getAttribute('data-seq'));
    await v1.read(c1, seq);
    const mark = pane(agent).locator(`[data-kf="msg"][data-seq="${seq}"] .msg__status`);
    await eventually('the read mark', async () => assert.equal(await mark.textContent(), words.read));
    await agent.reload();
    await agent.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await recordToasts(agent);
    if (!(await pane(agent).isVisible())) {
      await openChat(agent, c1);
    }
    await eventually('the read mark after a reload', async () => assert.equal(await mark.textContent(), words.read));
    await shot(agent, 'read-mark-after-reload');
  });

  step('read on one device, the unread count goes on the other', async () => {
    second = await consoleOf('agent, second device', ann, { mobile: false });
    const v2 = await visitor(browser, 'visitor 2', place.siteKey, locale);
    pages.push(['visitor 2', v2.page]);
    c2 = (
      await v2.say('你好 / hello', {
        departmentId: place.everyday,
        fields: { name: words.visitors[1] },
      })
    ).conversationId;
    await item(agent, c2).waitFor({ state: 'attached' });
    // Ann looks at another chat (on the phone: the list), so c1's new message stays unread here.
    if (phone) {
      await tap(agent.locator('[data-role="back"]'));
      await hook(agent, 'conversation-list').waitFor();
    } else {
      await openChat(agent, c2);
    }
    await v1.say('Are you there?');
    const unread = (page) => item(page, c1).locator('[data-kf="unread"]');
    await eventually('unread on both devices', async () => {
      assert.equal(await unread(agent).textContent(), '1');
      assert.ok(await unread(agent).isVisible());
      assert.ok(await unread(second).isVisible());
    });
    await shot(agent, 'unread-before-reading-elsewhere');
    await openChat(second, c1);
    await unread(agent).waitFor({ state: 'hidden' });
    await shot(agent, 'unread-cleared-by-other-device');
  });

  step('new messages come fully into view; scrolled up, a pill says they came', async () => {
    await openChat(agent, c1);
    for (let i = 1; i <= 8; i += 1) {
      await v1.say(`Line ${i} of a long story\nwith a second line\nand a third`);
    }
    await eventually('the last line arrived', async () =>
      assert.match(await lastMessage(agent).textContent(), /Line 8/),
    );
    await wholeInView(lastMessage(agent), 'the newest message');
    await agent.locator('[data-role="messages"]').evaluate((list) => {
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
    });
    await v1.say('One more thing');
    const pill = hook(agent, 'new-messages');
    await pill.waitFor();
    await shot(agent, 'new-messages-pill');
    await tap(pill);
    await pill.waitFor({ state: 'hidden' });
    await wholeInView(lastMessage(agent), 'the message the pill led to');
    await fitsTheScreen(agent, 'a long conversation');
  });

  step('the transfer dialog offers who can answer now; after it the sender sees a transfer, no error', async () => {
    colleague = await consoleOf('colleague', ben, { mobile: false });
    await setStatus(colleague, 'online');
    await tap(hook(agent, 'transfer'));
    const dialog = hook(agent, 'transfer-dialog');
    const target = hook(agent, 'transfer-target');
    await target.locator(`option[value="agent:${ben.id}"]`).waitFor({ state: 'attached' });
    const options = await target
      .locator('optgroup').first()
      .locator('option')
      .evaluateAll((list) => list.map((o) => ({ value: o.value, status: o.dataset.status })));
    const benAt = options.findIndex((o) => o.value === `agent:${ben.id}`);
    const catAt = options.findIndex((o) => o.value === `agent:${cat.id}`);
    assert.ok(benAt >= 0 && catAt > benAt, `the online agent before the offline one: ${JSON.stringify(options)}`);
    assert.ok(
      options.slice(catAt).every((o) => o.status === 'offline'),
      `offline agents last: ${JSON.stringify(options)}`,
    );
    const chosen = await target.inputValue();
    assert.equal(
      options.find((o) => o.value === chosen)?.status,
      'online',
      `an available agent is chosen at first, not ${chosen}`,
    );
    assert.match(await target.locator(`option[value="agent:${cat.id}"]`).textContent(), /Offline|离线/);
    await fitsTheScreen(agent, 'the transfer dialog');
    await wholeInView(hook(agent, 'transfer-submit'), 'the transfer button');
    await shot(agent, 'transfer-dialog');
    await target.selectOption(`agent:${ben.id}`);
    await hook(agent, 'transfer-note').fill('VIP: order A-1001 is late');
    await tap(hook(agent, 'transfer-submit'));
    await dialog.waitFor({ state: 'hidden' });
    await eventually('the sender sees a transfer', async () => {
      assert.equal(await item(agent, c1).getAttribute('data-closed-by'), 'transfer');
      assert.equal(await item(agent, c1).locator('.tag').textContent(), words.transferred);
    });
    assert.equal(await agent.locator('[data-role="ended-text"]').textContent(), words.handedTo(ben.name));
    // The colleague gets it, and its note is in view whole.
    await item(colleague, c1).waitFor();
    await openChat(colleague, c1);
    const note = pane(colleague).locator('[data-kf="msg"][data-sender="note"]').filter({ hasText: 'VIP: order A-1001' });
    await note.waitFor();
    await wholeInView(note, 'the transfer note');
    await pane(colleague).locator('[data-kf="prechat-card"]').waitFor();
    // A round trip on Ann's socket after the transfer: anything it would refuse came before this.
    await setStatus(agent, 'away');
    await setStatus(agent, 'online');
    const toasts = await agent.evaluate(() => window.kfToasts);
    assert.ok(!toasts.some((t) => t.includes(words.notFound)), `no error toast: ${JSON.stringify(toasts)}`);
    await shot(agent, 'transferred-not-ended');
    await shot(colleague, 'colleague-got-transfer-note');
  });

  step('"End conversation" asks first, and Cancel keeps it open', async () => {
    await openChat(agent, c2);
    await tap(hook(agent, 'close-conversation'));
    const dialog = hook(agent, 'close-dialog');
    await dialog.waitFor();
    assert.ok((await dialog.textContent()).includes(words.visitors[1]), 'the question names the visitor');
    await fitsTheScreen(agent, 'the confirmation');
    await shot(agent, 'end-confirmation');
    await tap(hook(agent, 'close-cancel'));
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await pane(agent).getAttribute('data-state'), 'assigned');
    await tap(hook(agent, 'close-conversation'));
    await tap(hook(agent, 'close-confirm'));
    await eventually('ended', async () => assert.equal(await pane(agent).getAttribute('data-state'), 'closed'));
    assert.equal(await agent.locator('[data-role="ended-text"]').textContent(), words.agentEnded);
  });

  step('a chat not answered in time is offered to another, and the agent is told why', async () => {
    await setStatus(colleague, 'away');
    const v3 = await visitor(browser, 'visitor 3', place.siteKey, locale);
    pages.push(['visitor 3', v3.page]);
    c3 = (
      await v3.say('Quick question', { departmentId: place.hurried, fields: { name: words.visitors[2] } })
    ).conversationId;
    await item(agent, c3).waitFor({ state: 'attached' });
    await setStatus(colleague, 'online');
    await eventually(
      'the offer timed out',
      async () => assert.equal(await item(agent, c3).getAttribute('data-closed-by'), 'offer_timeout'),
      { timeout: 45_000 },
    );
    assert.equal(await item(agent, c3).locator('.tag').textContent(), words.reoffered);
    await openChat(agent, c3);
    assert.equal(await agent.locator('[data-role="ended-text"]').textContent(), words.offered(ben.name));
    await item(colleague, c3).waitFor();
    await shot(agent, 'offer-timed-out');
  });

  step('the Live tab follows at once and names a visitor as the list does', async () => {
    if (phone) {
      await tap(agent.locator('[data-role="back"]'));
    }
    await tap(hook(agent, 'live-tab'));
    await hook(agent, 'live-section').waitFor();
    await setStatus(agent, 'away');
    await setStatus(colleague, 'away');
    const v4 = await visitor(browser, 'visitor 4', place.siteKey, locale);
    pages.push(['visitor 4', v4.page]);
    const c4 = (await v4.say('Anyone?', { departmentId: place.everyday, fields: {} })).conversationId;
    const live = agent.locator(`[data-kf="live-item"][data-conversation-id="${c4}"]`);
    await eventually('the new chat is listed as waiting', async () =>
      assert.equal(await live.getAttribute('data-state'), 'queued'),
    );
    await setStatus(agent, 'online');
    await item(agent, c4).waitFor();
    await eventually('the Live tab shows it answered', async () =>
      assert.equal(await live.getAttribute('data-state'), 'assigned'),
    );
    const listed = await item(agent, c4).locator('.conv__name').textContent();
    assert.match(listed, words.anonymous);
    assert.equal(await live.locator('.conv__name').textContent(), listed, 'one name in both lists');
    await fitsTheScreen(agent, 'the Live tab');
    await shot(agent, 'live-tab');
    await tap(hook(agent, 'live-tab'));
  });

  step('a left message is marked handled with who and when, and reopened', async () => {
    const v5 = await visitor(browser, 'visitor 5', place.siteKey, locale);
    pages.push(['visitor 5', v5.page]);
    const left = await v5.leave('Please call me back about A-1001', words.visitors[0], '+86 139 0013 9000');
    if (phone) {
      await tap(hook(agent, 'menu'));
    }
    await tap(hook(agent, 'inbox'));
    const panel = hook(agent, 'inbox-panel');
    await panel.waitFor();
    const notice = hook(agent, 'inbox-notice');
    await notice.waitFor();
    const words_ = await notice.textContent();
    assert.ok(!/kf\.mail|kf\./.test(words_), `no setting names for agents: ${words_}`);
    assert.equal(hasChinese(words_), locale === 'zh-CN');
    const message = agent.locator(`[data-kf="offline-message"][data-id="${left.id}"]`);
    await message.waitFor();
    await fitsTheScreen(agent, 'the inbox');
    await shot(agent, 'inbox-open');
    await tap(message.locator('[data-kf="inbox-handled"]'));
    await message.waitFor({ state: 'detached' });
    await hook(agent, 'inbox-answered').check();
    const handled = message.locator('[data-kf="inbox-handled-by"]');
    await handled.waitFor();
    assert.ok((await handled.textContent()).includes(ann.name), 'who marked it');
    await shot(agent, 'inbox-handled');
    await tap(message.locator('[data-kf="inbox-reopen"]'));
    await message.locator('[data-kf="inbox-handled"]').waitFor();
    await hook(agent, 'inbox-answered').uncheck();
    await message.locator('[data-kf="inbox-handled"]').waitFor();
    await tap(panel.locator('.inbox__head button'));
    await panel.waitFor({ state: 'hidden' });
  });

  step('the agent signs out by taps, and no page logged an error', async () => {
    if (phone) {
      await tap(hook(agent, 'menu'));
    }
    await tap(hook(agent, 'signout'));
    await agent.waitForURL(/signin\.html/);
    // Signing in starts on the sign-in page, which the console's first call (401) leads to.
    const signIn = [/^HTTP 401: GET .*\/api\/v1\/auth\/me$/, /status of 401/];
    for (const [label, page] of pages) {
      expectNoProblems(page, signIn, label);
    }
  });
}

describe('a day in the agent console, desktop, English', () => day({ device: 'desktop', locale: 'en' }));
describe('a day in the agent console, phone, 简体中文', () => day({ device: 'phone', locale: 'zh-CN' }));

// One working day at Kefu, from both sides. The admin sets the day up over the REST API: two
// departments with an agent each (the first with room for one chat at a time), a third one on
// holiday today, and a pre-chat form offering all three.
// A visitor fills the form, waits in the queue behind two others and sees the position fall, gets
// the agent, sends a photo and gets a PDF and a canned reply, is transferred with a note to the
// other department, whose agent continues, rates the chat and downloads the transcript. Another
// visitor picks the department on holiday and leaves a message that its agent then finds in the
// console's inbox. The site's widget settings are put back afterwards.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { pdf, png } from './support/files.mjs';
import {
  chooseStatus,
  eventually,
  expectChat,
  launchChromium,
  openPage,
  rest,
  screenshots,
  signInToConsole,
  story,
  widgetOf,
} from './support/kefu.mjs';

const RUN = String(Date.now() % 100000);
const PASSWORD = `workday-${RUN}-pw`;
const QUESTION = 'Where is my order A-1001?';
const ANSWER = 'Here is your invoice; the cups ship today.';
const SHORTCUT = `ships${RUN}`;
const CANNED = `Your order has shipped and arrives tomorrow. (${RUN})`;
const TRANSFER_NOTE = `Wants to return one cracked cup of order A-1001 (${RUN})`;
const RETURNS_ANSWER = '我们会给您寄一个新杯子，不用退回破损的。';
const LEFT = 'Please call me back about a bulk order of 300 cups.';
const PHOTO = { name: 'cracked-cup.png', mimeType: 'image/png', buffer: png(320, 200, [200, 80, 40]) };
const INVOICE = { name: 'invoice-A-1001.pdf', mimeType: 'application/pdf', buffer: pdf('invoice A-1001') };

/** Dates around now in UTC: a holiday on all three is a holiday today wherever the clock is. */
function daysAroundToday() {
  const day = 24 * 3600 * 1000;
  return [-1, 0, 1].map((n) => new Date(Date.now() + n * day).toISOString().slice(0, 10));
}

describe('a working day: queue, files, canned reply, transfer, rating, a message after hours', () => {
  let browser;
  let site;
  const departments = {};
  const agents = {};
  const pages = {};
  let widget;
  let conversationId;
  const shot = screenshots('workday');
  const step = story({
    onFailure: async (name) => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      for (const [who, page] of Object.entries(pages)) {
        if (page && !page.isClosed()) await shot(page, `FAILED-${who}-${slug}`);
      }
    },
  });

  before(async () => {
    browser = await launchChromium();
    site = (await rest('GET', 'sites'))[0];
  });

  after(async () => {
    // The other scenarios expect the demo site's widget as it ships.
    if (site) await rest('PUT', `sites/${site.id}/widget`, { ...site.widget, greeting: site.greeting });
    await browser?.close();
  });

  function settings(proactive = { enabled: false }) {
    return {
      greeting: site.greeting,
      title: 'Cup & Co. help desk',
      offlineText: 'Nobody is here right now: leave us a message.',
      colors: { primary: '#0a7d5a', text: '#ffffff' },
      prechat: {
        enabled: true,
        fields: [
          { type: 'name', required: true },
          { type: 'email', required: false },
          { type: 'text', key: 'order', label: '订单号 Order number', required: true },
        ],
        departmentIds: [departments.orders.id, departments.returns.id, departments.wholesale.id],
      },
      proactive,
    };
  }

  /** The console of one agent, on its own page. */
  function consoleOf(page) {
    return {
      page,
      setStatus: (value) => chooseStatus(page, value),
      item: (text) =>
        page.locator('[data-kf="conversation-list"] [data-kf="conversation-item"]').filter({ hasText: text }),
      pane: (id) => page.locator(`[data-kf="conversation"][data-conversation-id="${id}"]`),
      reply: () => page.locator('[data-kf="reply-input"]'),
      /** Opens the conversation of the visitor with this name and answers its id. */
      async open(name) {
        await this.item(name).waitFor();
        const id = await this.item(name).getAttribute('data-conversation-id');
        await this.item(name).click();
        await this.pane(id).waitFor();
        return id;
      },
    };
  }

  /** A visitor on the demo page fills the pre-chat form, picks a department and asks. */
  async function visitorAsks(page, { name, order, department, question }) {
    await page.goto('/demo/');
    const w = widgetOf(page);
    await w.open();
    await w.part('prechat').waitFor();
    await w.part('field-name').fill(name);
    await w.part('field-order').fill(order);
    await w.part('field-department').selectOption(department.id);
    await w.part('start').click();
    await w.input.waitFor();
    await w.sendMessage(question, 1);
    return w;
  }

  step('the admin sets the day up: departments, agents, capacity, holidays, pre-chat form', async () => {
    departments.orders = await rest('POST', 'departments', { name: `Orders ${RUN}`, offerSeconds: 0 });
    departments.returns = await rest('POST', 'departments', { name: `Returns ${RUN}` });
    departments.wholesale = await rest('POST', 'departments', {
      name: `Wholesale ${RUN}`,
      timeZone: 'UTC',
      holidays: daysAroundToday(),
    });
    assert.equal(departments.wholesale.online, false, 'the wholesale department is closed today');
    agents.zhang = await rest('POST', 'accounts', {
      username: `zhang.wei.${RUN}`,
      name: 'Zhang Wei',
      password: PASSWORD,
      roles: ['kf-agent'],
      departmentIds: [departments.orders.id],
    });
    agents.chen = await rest('POST', 'accounts', {
      username: `chen.jing.${RUN}`,
      name: 'Chen Jing',
      password: PASSWORD,
      roles: ['kf-agent'],
      departmentIds: [departments.returns.id, departments.wholesale.id],
    });
    const zhang = await rest('PUT', `agents/${agents.zhang.id}/routing`, { capacity: 1, skills: [] });
    assert.equal(zhang.capacity, 1);
    const saved = await rest('PUT', `sites/${site.id}/widget`, settings());
    assert.equal(saved.widget.colors.primary, '#0a7d5a');
  });

  step('both agents sign in and go online', async () => {
    for (const [who, name, locale] of [
      ['zhang', `zhang.wei.${RUN}`, 'en'],
      ['chen', `chen.jing.${RUN}`, 'zh-CN'],
    ]) {
      pages[who] = await openPage(browser, who, { locale });
      await signInToConsole(pages[who], name, PASSWORD);
      agents[who].console = consoleOf(pages[who]);
      await agents[who].console.setStatus('online');
    }
    await shot(pages.zhang, 'zhang-online');
  });

  step('two earlier visitors take the only place in Orders and the first place in its queue', async () => {
    pages.first = await openPage(browser, 'first visitor', { locale: 'en' });
    await visitorAsks(pages.first, {
      name: 'Han Mei',
      order: 'A-0998',
      department: departments.orders,
      question: 'Can I change my delivery address?',
    });
    await agents.zhang.console.item('Han Mei').waitFor();
    pages.second = await openPage(browser, 'second visitor', { locale: 'en' });
    const second = await visitorAsks(pages.second, {
      name: 'Wei Hua',
      order: 'A-0999',
      department: departments.orders,
      question: 'Do you gift-wrap?',
    });
    await eventually('the second visitor is first in the queue', async () =>
      assert.match(await second.part('queue').textContent(), /number 1 in the queue/),
    );
  });

  step('the visitor fills the pre-chat form in the site colours, picking Orders', async () => {
    pages.visitor = await openPage(browser, 'visitor', { locale: 'en', acceptDownloads: true });
    await pages.visitor.goto('/demo/');
    widget = widgetOf(pages.visitor);
    await widget.open();
    await widget.part('prechat').waitFor();
    assert.equal((await widget.host.locator('#kf-title').textContent()).trim(), 'Cup & Co. help desk');
    await eventually('the widget takes the site colour', async () =>
      assert.equal(await widget.host.evaluate((host) => host.style.getPropertyValue('--kf-primary')), '#0a7d5a'),
    );
    assert.equal(await widget.input.isVisible(), false, 'no composer before the form is filled in');
    await widget.part('field-name').fill('Li Lei');
    await widget.part('field-department').selectOption(departments.orders.id);
    await widget.part('start').click();
    // The refusal stands beside the field that is missing, not in a line below the form.
    await widget.part('field-error-order').waitFor();
    assert.equal(await widget.part('field-error-name').isVisible(), false);
    await shot(pages.visitor, 'visitor-prechat-incomplete');
    await widget.part('field-email').fill('li.lei@example.com');
    await widget.part('field-order').fill('A-1001');
    await shot(pages.visitor, 'visitor-prechat-filled');
    await widget.part('start').click();
    await widget.input.waitFor();
  });

  step('the visitor asks and waits: number 2 in the queue, with an estimated wait', async () => {
    await widget.sendMessage(QUESTION, 1);
    conversationId = await pages.visitor.evaluate(() => window.Kefu.state.conversationId);
    assert.ok(conversationId, 'the widget knows its conversation');
    await eventually('the widget shows place 2 and a wait', async () =>
      assert.match(await widget.part('queue').textContent(), /number 2 in the queue, about \d+ min/),
    );
    await shot(pages.visitor, 'visitor-queue-position-2');
  });

  step('the agent ends the first chat: the visitor moves up to number 1', async () => {
    const zhang = agents.zhang.console;
    await zhang.open('Han Mei');
    await shot(pages.zhang, 'zhang-first-chat');
    await pages.zhang.locator('[data-kf="close-conversation"]:visible').click();
    await pages.zhang.locator('[data-kf="close-confirm"]').click(); // ending asks first
    await eventually('the widget shows place 1', async () =>
      assert.match(await widget.part('queue').textContent(), /number 1 in the queue, about \d+ min/),
    );
    await shot(pages.visitor, 'visitor-queue-position-1');
  });

  step('the agent ends the second chat: the visitor gets the agent', async () => {
    const zhang = agents.zhang.console;
    await zhang.open('Wei Hua');
    await pages.zhang.locator('[data-kf="close-conversation"]:visible').click();
    await pages.zhang.locator('[data-kf="close-confirm"]').click(); // ending asks first
    await widget.part('assigned').waitFor();
    assert.match(await widget.part('assigned').textContent(), /Zhang Wei/);
    assert.equal(await widget.part('queue').count(), 0, 'the queue note is gone');
    await shot(pages.visitor, 'visitor-got-agent');
    await zhang.open('Li Lei');
    await expectChat(zhang.pane(conversationId), [['visitor', QUESTION]], 'the console');
    await shot(pages.zhang, 'zhang-visitor-chat-open');
  });

  step('the visitor sends a photo and the agent answers with a PDF', async () => {
    const pane = agents.zhang.console.pane(conversationId);
    await widget.part('file-input').setInputFiles(PHOTO);
    const image = pane.locator('[data-kf="msg"][data-sender="visitor"] [data-kf="image"]');
    await image.waitFor();
    await eventually('the photo is shown in the console', async () =>
      assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), 'the image has pixels'),
    );
    await shot(pages.visitor, 'visitor-sent-photo');
    await pane.locator('[data-kf="file-input"]').setInputFiles(INVOICE);
    await agents.zhang.console.reply().fill(ANSWER);
    await agents.zhang.console.reply().press('Enter');
    const link = widget.messages.locator('[data-kf="msg"][data-sender="agent"] [data-kf="file"]');
    await link.waitFor();
    assert.match(await link.textContent(), /invoice-A-1001\.pdf/);
    await widget.messages.locator('[data-kf="msg"]').filter({ hasText: ANSWER }).waitFor();
    await shot(pages.zhang, 'zhang-sent-pdf');
    await shot(pages.visitor, 'visitor-got-pdf');
  });

  step('the agent keeps a canned reply and sends it by typing its /shortcut', async () => {
    const zhang = agents.zhang.console;
    await pages.zhang.locator('[data-kf="canned-button"]').click();
    const panel = pages.zhang.locator('[data-kf="canned-panel"]');
    await panel.waitFor();
    await panel.locator('input[name="shortcut"]').fill(SHORTCUT);
    await panel.locator('textarea[name="text"]').fill(CANNED);
    await panel.locator('button[type="submit"]').click();
    await panel.locator('[data-kf="canned-item"]').filter({ hasText: `/${SHORTCUT}` }).waitFor();
    await pages.zhang.keyboard.press('Escape');
    await zhang.reply().click();
    await zhang.reply().fill('');
    await zhang.reply().pressSequentially(`/${SHORTCUT}`);
    await panel.locator('[data-kf="canned-item"].is-chosen').filter({ hasText: `/${SHORTCUT}` }).waitFor();
    await shot(pages.zhang, 'zhang-canned-picker');
    await zhang.reply().press('Enter');
    await eventually('the canned reply fills the composer', async () =>
      assert.equal(await zhang.reply().inputValue(), CANNED),
    );
    await zhang.reply().press('Enter');
    await widget.messages.locator('[data-kf="msg"][data-sender="agent"]').filter({ hasText: CANNED }).waitFor();
    await shot(pages.visitor, 'visitor-got-canned-reply');
  });

  step('the agent transfers the chat to Returns with a note; the visitor is told', async () => {
    await pages.zhang.locator('[data-kf="transfer"]').click();
    const dialog = pages.zhang.locator('[data-kf="transfer-dialog"]');
    await dialog.waitFor();
    const target = dialog.locator('[data-kf="transfer-target"]');
    const option = `department:${departments.returns.id}`;
    await target.locator(`option[value="${option}"]`).waitFor({ state: 'attached' });
    await target.selectOption(option);
    await dialog.locator('[data-kf="transfer-note"]').fill(TRANSFER_NOTE);
    await shot(pages.zhang, 'zhang-transfer-dialog');
    await dialog.locator('[data-kf="transfer-submit"]').click();
    await widget.messages.locator('[data-kf="msg"]').filter({ hasText: '→' }).waitFor();
    assert.ok(!(await widget.messages.textContent()).includes(TRANSFER_NOTE), 'the visitor does not read the note');
    await shot(pages.visitor, 'visitor-told-of-transfer');
  });

  step('the Returns agent gets the chat with its history and the note, and continues', async () => {
    const chen = agents.chen.console;
    await chen.open('Li Lei');
    const pane = chen.pane(conversationId);
    await pane.locator('[data-kf="msg"][data-sender="note"]').filter({ hasText: TRANSFER_NOTE }).waitFor();
    await pane.locator('[data-kf="msg"]').filter({ hasText: CANNED }).waitFor();
    await pane.locator('[data-kf="msg"][data-sender="visitor"] [data-kf="image"]').waitFor();
    await chen.reply().fill(RETURNS_ANSWER);
    await chen.reply().press('Enter');
    await widget.messages.locator('[data-kf="msg"][data-sender="agent"]').filter({ hasText: RETURNS_ANSWER }).waitFor();
    await shot(pages.chen, 'chen-sees-note-and-answers');
    await shot(pages.visitor, 'visitor-answered-by-returns');
  });

  step('the Returns agent ends the chat; the visitor rates it with stars and a comment', async () => {
    await pages.chen.locator('[data-kf="close-conversation"]:visible').click();
    await pages.chen.locator('[data-kf="close-confirm"]').click(); // ending asks first
    const rating = widget.part('rating');
    await rating.waitFor();
    await rating.locator('[data-kf="star"][data-score="5"]').click();
    await widget.part('rate-comment').fill('Quick and friendly, thank you!');
    await shot(pages.visitor, 'visitor-rating-filled');
    await widget.part('rate-send').click();
    const rated = widget.part('rated');
    await rated.waitFor();
    assert.match(await rated.textContent(), /★★★★★/);
    await shot(pages.visitor, 'visitor-rated');
    await pages.chen.locator('.toast').filter({ hasText: '5' }).first().waitFor();
    await shot(pages.chen, 'chen-told-of-rating');
  });

  step('the visitor downloads the transcript, with times and names', async () => {
    const [download] = await Promise.all([pages.visitor.waitForEvent('download'), widget.part('transcript').click()]);
    assert.match(download.suggestedFilename(), /^kefu-c-.+\.txt$/);
    const text = await readFile(await download.path(), 'utf8');
    assert.match(text, /\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] Me: Where is my order A-1001\?/);
    assert.match(text, new RegExp(`UTC\\] .+: ${CANNED.replace(/[().]/g, '\\$&')}`));
    assert.ok(!text.includes(TRANSFER_NOTE), 'the transcript has no staff note');
  });

  step('another visitor picks Wholesale, closed today, and gets the leave-a-message form', async () => {
    pages.later = await openPage(browser, 'later visitor', { locale: 'zh-CN' });
    await pages.later.goto('/demo/');
    const later = widgetOf(pages.later);
    await later.open();
    await later.part('prechat').waitFor();
    const wholesale = later.part('field-department').locator(`option[value="${departments.wholesale.id}"]`);
    assert.match(await wholesale.textContent(), /Wholesale .*（.+）|Wholesale .*\(.+\)/, 'the form says it is not online');
    await later.part('field-name').fill('王芳');
    await later.part('field-order').fill('B-2001');
    await later.part('field-department').selectOption(departments.wholesale.id);
    await shot(pages.later, 'later-visitor-picks-closed-department');
    await later.part('start').click();
    await later.part('leave').waitFor();
    assert.equal((await later.part('offline').textContent()).trim(), 'Nobody is here right now: leave us a message.');
    await later.part('field-name').fill('王芳');
    // A list of addresses passes the widget's own rough look, and the server refuses it: the
    // refusal shows beside the contact field, in the page's language, and the form keeps the text.
    await later.part('field-contact').fill('wang.fang@example.com,boss');
    await later.part('field-text').fill(LEFT);
    await later.part('leave-send').click();
    const refused = later.part('field-error-contact');
    await refused.waitFor();
    assert.equal((await refused.textContent()).trim(), '请只填写一个邮箱地址或一个电话号码。');
    assert.equal(await later.part('field-text').inputValue(), LEFT, 'what the visitor wrote stays');
    await shot(pages.later, 'later-visitor-contact-refused');
    await later.part('field-contact').fill('wang.fang@example.com');
    await shot(pages.later, 'later-visitor-leave-form');
    await later.part('leave-send').click();
    await later.part('left').waitFor();
    await shot(pages.later, 'later-visitor-message-left');
  });

  step('the Wholesale agent finds the message in the inbox', async () => {
    await pages.chen.locator('[data-kf="inbox"]').click();
    const panel = pages.chen.locator('[data-kf="inbox-panel"]');
    await panel.waitFor();
    const message = panel.locator('[data-kf="offline-message"]').filter({ hasText: LEFT });
    await message.waitFor();
    assert.match(await message.textContent(), /王芳/);
    assert.match(await message.textContent(), /wang\.fang@example\.com/);
    await eventually('the inbox says answering by email is off, in words and not by a setting name', async () => {
      const notice = await panel.locator('[data-kf="inbox-notice"]').textContent();
      assert.match(notice, /email|邮件/);
      assert.doesNotMatch(notice, /kf\.mail/);
    });
    await shot(pages.chen, 'chen-inbox-message');
    const stored = await rest('GET', 'inbox/offline-messages');
    const left = stored.messages.find((m) => m.text === LEFT);
    assert.equal(left?.departmentId, departments.wholesale.id, 'the message is for the department picked');
  });

  step('on a chosen page the chat opens by itself with the proactive greeting, once per visit', async () => {
    const text = 'Looking for cups? We are here to help.';
    await rest('PUT', `sites/${site.id}/widget`, settings({ enabled: true, text, afterSeconds: 2, pages: ['/demo/*'] }));
    pages.browsing = await openPage(browser, 'browsing visitor', { locale: 'en' });
    await pages.browsing.goto('/demo/');
    const browsing = widgetOf(pages.browsing);
    await browsing.host.locator('[data-kf="panel"][data-open="true"]').waitFor();
    assert.equal((await browsing.part('proactive').textContent()).trim(), text);
    await shot(pages.browsing, 'browsing-visitor-proactive-greeting');
    assert.equal(
      await pages.browsing.evaluate((key) => sessionStorage.getItem(`kefu:${key}:proactive`), site.siteKey),
      '1',
      'the greeting is remembered for this visit, so it is not shown again',
    );
  });

  step('no page script failed along the way', async () => {
    for (const [who, page] of Object.entries(pages)) {
      assert.deepEqual(page.kfErrors, [], `uncaught errors on the page of ${who}`);
    }
  });
});

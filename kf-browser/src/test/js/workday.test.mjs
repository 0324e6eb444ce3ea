// A visitor fills the pre-chat form, chats, rates the chat after the agent closes it and downloads
// the transcript; then, with nobody online, another visitor leaves a message that the agent finds
// in the console's inbox. The demo site's widget settings are set for this story and put back after.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import {
  ADMIN_PASSWORD,
  BASE_URL,
  eventually,
  expectChat,
  launchChromium,
  openPage,
  screenshots,
  story,
  widgetOf,
} from './support/kefu.mjs';

const QUESTION = 'Where is my order A-1001?';
const ANSWER = 'It ships today and arrives tomorrow.';
const LEFT = 'Please call me back about a bulk order of 300 cups.';

const authorization = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

async function rest(method, path, body) {
  const response = await fetch(new URL(`api/v1/${path}`, `${BASE_URL}/`), {
    method,
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

describe('a working day at the widget: pre-chat form, rating, transcript, a message left', () => {
  let browser;
  let site;
  let visitorPage;
  let agentPage;
  let laterPage;
  let browsingPage;
  let widget;
  const shot = screenshots('workday');
  const step = story({
    onFailure: async (name) => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      for (const page of [visitorPage, agentPage, laterPage, browsingPage]) {
        if (page && !page.isClosed()) await shot(page, `FAILED-${slug}`);
      }
    },
  });

  before(async () => {
    browser = await launchChromium();
    const sites = await rest('GET', 'sites');
    site = sites[0];
  });

  after(async () => {
    // The other scenarios expect the demo site's widget as it ships.
    if (site) await rest('PUT', `sites/${site.id}/widget`, { ...site.widget, greeting: site.greeting });
    await browser?.close();
  });

  const agent = {
    status: () => agentPage.locator('select[data-kf="status"]'),
    async setStatus(value) {
      await agent.status().selectOption(value);
      await eventually(`the status select shows ${value}`, async () =>
        assert.equal(await agent.status().inputValue(), value),
      );
    },
    item: () =>
      agentPage.locator('[data-kf="conversation-list"] [data-kf="conversation-item"]').filter({ hasText: 'Li Lei' }),
    pane: () => agentPage.locator('[data-kf="conversation"]:not([hidden])'),
  };

  step('the admin gives the site a pre-chat form, its colours and texts', async () => {
    const saved = await rest('PUT', `sites/${site.id}/widget`, settings());
    assert.equal(saved.widget.colors.primary, '#0a7d5a');
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
          { type: 'text', key: 'order', label: 'Order number', required: true },
        ],
        departmentIds: [site.defaultDepartmentId],
      },
      proactive,
    };
  }

  step('the agent signs in and goes online', async () => {
    agentPage = await openPage(browser, 'agent', { locale: 'en' });
    await agentPage.goto('/agent/');
    await agentPage.waitForURL(/\/signin\.html/);
    await agentPage.locator('#username').fill('admin');
    await agentPage.locator('#password').fill(ADMIN_PASSWORD);
    await agentPage.locator('button[type=submit]').click();
    await agentPage.waitForURL(/\/agent\/?(\?.*|#.*)?$/);
    await agentPage.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await agent.setStatus('online');
    await agentPage.locator('[data-kf="inbox"]').waitFor();
    await shot(agentPage, 'agent-online');
  });

  step('the visitor opens the chat and sees the pre-chat form in the site colours', async () => {
    visitorPage = await openPage(browser, 'visitor', { locale: 'en', acceptDownloads: true });
    await visitorPage.goto('/demo/');
    widget = widgetOf(visitorPage);
    await widget.open();
    const form = widget.part('prechat');
    await form.waitFor();
    assert.equal((await widget.host.locator('#kf-title').textContent()).trim(), 'Cup & Co. help desk');
    await eventually('the widget takes the site colour', async () =>
      assert.equal(
        await widget.host.evaluate((host) => host.style.getPropertyValue('--kf-primary')),
        '#0a7d5a',
      ),
    );
    assert.equal(await widget.part('input').isVisible(), false, 'no composer before the form is filled in');
    await shot(visitorPage, 'visitor-prechat-form');
  });

  step('a required field left empty is pointed out; the filled form opens the chat', async () => {
    await widget.part('field-name').fill('Li Lei');
    await widget.part('start').click();
    await widget.host.locator('.notice:not([hidden])').waitFor();
    await shot(visitorPage, 'visitor-prechat-incomplete');
    await widget.part('field-email').fill('li.lei@example.com');
    await widget.part('field-order').fill('A-1001');
    await widget.part('start').click();
    await widget.input.waitFor();
    await widget.sendMessage(QUESTION, 1);
    await shot(visitorPage, 'visitor-first-message');
  });

  step('the agent sees the visitor as the form named them and answers', async () => {
    await agent.item().waitFor();
    await agent.item().click();
    await agent.pane().waitFor();
    await expectChat(agent.pane(), [['visitor', QUESTION]], 'the console');
    await agent.pane().locator('[data-kf="reply-input"]').fill(ANSWER);
    await agent.pane().locator('[data-kf="reply-send"]').click();
    await expectChat(widget.messages, [['visitor', QUESTION], ['agent', ANSWER]], 'the widget');
    await shot(agentPage, 'agent-answered');
    await shot(visitorPage, 'visitor-got-answer');
  });

  step('the agent ends the chat; the visitor rates it with stars and a comment', async () => {
    await agent.pane().locator('[data-kf="close-conversation"]').click();
    const rating = widget.part('rating');
    await rating.waitFor();
    await shot(visitorPage, 'visitor-rating-offered');
    await rating.locator('[data-kf="star"][data-score="5"]').click();
    await widget.part('rate-comment').fill('Quick and friendly, thank you!');
    await shot(visitorPage, 'visitor-rating-filled');
    await widget.part('rate-send').click();
    const rated = widget.part('rated');
    await rated.waitFor();
    assert.match(await rated.textContent(), /★★★★★/);
    await shot(visitorPage, 'visitor-rated');
    await agentPage.locator('.toast').filter({ hasText: '5' }).first().waitFor();
    await shot(agentPage, 'agent-told-of-rating');
  });

  step('the visitor downloads the transcript, with times and names', async () => {
    const [download] = await Promise.all([
      visitorPage.waitForEvent('download'),
      widget.part('transcript').click(),
    ]);
    assert.match(download.suggestedFilename(), /^kefu-c-.+\.txt$/);
    const text = await readFile(await download.path(), 'utf8');
    assert.match(text, /\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] Me: Where is my order A-1001\?/);
    assert.match(text, /UTC\] .+: It ships today and arrives tomorrow\./);
    await shot(visitorPage, 'visitor-transcript-downloaded');
  });

  step('with nobody online, another visitor gets the leave-a-message form and leaves one', async () => {
    await agent.setStatus('away');
    laterPage = await openPage(browser, 'later visitor', { locale: 'zh-CN' });
    await laterPage.goto('/demo/');
    const later = widgetOf(laterPage);
    await later.open();
    const form = later.part('leave');
    await form.waitFor();
    assert.equal(
      (await later.part('offline').textContent()).trim(),
      'Nobody is here right now: leave us a message.',
    );
    await later.part('field-name').fill('王芳');
    await later.part('field-contact').fill('wang.fang@example.com');
    await later.part('field-text').fill(LEFT);
    await shot(laterPage, 'later-visitor-leave-form');
    await later.part('leave-send').click();
    await later.part('left').waitFor();
    await shot(laterPage, 'later-visitor-message-left');
  });

  step('the agent finds the message in the inbox, and is told that email answers are off', async () => {
    await agentPage.locator('[data-kf="inbox"]').click();
    const panel = agentPage.locator('[data-kf="inbox-panel"]');
    await panel.waitFor();
    const message = panel.locator('[data-kf="offline-message"]').filter({ hasText: LEFT });
    await message.waitFor();
    assert.match(await message.textContent(), /王芳/);
    assert.match(await message.textContent(), /wang\.fang@example\.com/);
    await eventually('the inbox says answering by email is off', async () =>
      assert.match(await panel.locator('[data-kf="inbox-notice"]').textContent(), /kf\.mail\.host/),
    );
    await shot(agentPage, 'agent-inbox-message');
    await panel.locator('[data-kf="inbox-tab-missed"]').click();
    await panel.locator('[data-kf="inbox-list"]').waitFor();
    await shot(agentPage, 'agent-inbox-missed');
  });

  step('on a chosen page the chat opens by itself with the proactive greeting, once per visit', async () => {
    const text = 'Looking for cups? We are here to help.';
    await rest('PUT', `sites/${site.id}/widget`, settings({ enabled: true, text, afterSeconds: 2, pages: ['/demo/*'] }));
    browsingPage = await openPage(browser, 'browsing visitor', { locale: 'en' });
    await browsingPage.goto('/demo/');
    const browsing = widgetOf(browsingPage);
    await browsing.host.locator('[data-kf="panel"][data-open="true"]').waitFor();
    assert.equal((await browsing.part('proactive').textContent()).trim(), text);
    await shot(browsingPage, 'browsing-visitor-proactive-greeting');
    assert.equal(
      await browsingPage.evaluate((key) => sessionStorage.getItem(`kefu:${key}:proactive`), site.siteKey),
      '1',
      'the greeting is remembered for this visit, so it is not shown again',
    );
  });

  step('no page script failed along the way', async () => {
    assert.deepEqual(visitorPage.kfErrors, [], 'uncaught errors on the first visitor page');
    assert.deepEqual(laterPage.kfErrors, [], 'uncaught errors on the later visitor page');
    assert.deepEqual(agentPage.kfErrors, [], 'uncaught errors in the console');
    assert.deepEqual(browsingPage.kfErrors, [], 'uncaught errors on the browsing visitor page');
  });
});

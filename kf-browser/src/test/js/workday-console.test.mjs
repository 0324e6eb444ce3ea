// An agent's working tools in the console: a canned reply by its shortcut, an internal note the
// visitor never sees, switching chats by keyboard, and a transfer with a note for the next agent.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  ADMIN_PASSWORD,
  chooseStatus,
  colleagueOnDuty,
  eventually,
  launchChromium,
  openPage,
  screenshots,
  storyShowing,
  widgetOf,
} from './support/kefu.mjs';

const RUN = String(Date.now() % 100000);
const QUESTION = `请问订单 KF-${RUN} 发货了吗？`;
const OTHER_QUESTION = `Do you ship to Hong Kong? (${RUN})`;
const SHORTCUT = `ship${RUN}`;
const CANNED = `您的订单已发货，预计明天送达。Your order has shipped. (${RUN})`;
const NOTE = `内部备注：VIP 客户，注意语气 (${RUN})`;
const TRANSFER_NOTE = `Refund question, order KF-${RUN}`;

describe('an agent works with canned replies, notes, keyboard and transfer', () => {
  let browser;
  let visitorPage;
  let otherPage;
  let agentPage;
  let widget;
  let conversationId;
  let otherId;
  const shot = screenshots('workday-console');

  const step = storyShowing(shot, () => ({ visitor: visitorPage, agent: agentPage }));

  before(async () => {
    browser = await launchChromium();
    // With nobody available the widget offers only the leave-a-message form.
    await colleagueOnDuty(browser);
  });

  after(async () => {
    await browser?.close();
  });

  const pane = () => agentPage.locator('[data-kf="conversation"]');
  const reply = () => agentPage.locator('[data-kf="reply-input"]');
  const itemWith = (text) =>
    agentPage.locator('[data-kf="conversation-list"] [data-kf="conversation-item"]').filter({ hasText: text });
  const shownId = () => pane().getAttribute('data-conversation-id');

  async function visitorAsks(page, text) {
    await page.goto('/demo/');
    const w = widgetOf(page);
    await w.open();
    await w.host.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await w.sendMessage(text, 1);
    return w;
  }

  step('a visitor asks, and the agent signs in, goes online and opens the conversation', async () => {
    visitorPage = await openPage(browser, 'visitor', { locale: 'zh-CN' });
    widget = await visitorAsks(visitorPage, QUESTION);

    agentPage = await openPage(browser, 'agent', { locale: 'zh-CN' });
    await agentPage.goto('/signin.html');
    await agentPage.locator('#username').fill('admin');
    await agentPage.locator('#password').fill(ADMIN_PASSWORD);
    await agentPage.locator('button[type=submit]').click();
    await agentPage.waitForURL(/\/agent\/?(\?.*|#.*)?$/);
    await agentPage.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await chooseStatus(agentPage, 'online');
    await itemWith(QUESTION).waitFor();
    conversationId = await itemWith(QUESTION).getAttribute('data-conversation-id');
    await itemWith(QUESTION).click();
    await agentPage.locator(`[data-kf="conversation"][data-conversation-id="${conversationId}"]`).waitFor();
    await shot(agentPage, 'agent-conversation-open');
  });

  step('the side panel shows the page trail and that this is the first conversation', async () => {
    const trail = agentPage.locator('[data-kf="page-trail"] [data-kf="page-view"]');
    await eventually('the page trail lists the demo page', async () =>
      assert.ok((await trail.count()) >= 1, 'at least one page view'),
    );
    await shot(agentPage, 'agent-side-panel-trail');
  });

  step('the agent keeps a canned reply and sends it by typing its shortcut', async () => {
    await agentPage.locator('[data-kf="canned-button"]').click();
    const panel = agentPage.locator('[data-kf="canned-panel"]');
    await panel.waitFor();
    await panel.locator('input[name="shortcut"]').fill(SHORTCUT);
    await panel.locator('textarea[name="text"]').fill(CANNED);
    await panel.locator('button[type="submit"]').click();
    await panel.locator('[data-kf="canned-item"]').filter({ hasText: `/${SHORTCUT}` }).waitFor();
    await shot(agentPage, 'agent-canned-reply-kept');
    await agentPage.keyboard.press('Escape');
    await reply().click();
    await reply().fill('');
    await reply().pressSequentially(`/${SHORTCUT}`);
    await panel.locator('[data-kf="canned-item"].is-chosen').filter({ hasText: `/${SHORTCUT}` }).waitFor();
    await shot(agentPage, 'agent-canned-picker-by-slash');
    await reply().press('Enter');
    await eventually('the canned reply fills the composer', async () => assert.equal(await reply().inputValue(), CANNED));
    await reply().press('Enter');
    await pane().locator('[data-kf="msg"][data-sender="agent"]').filter({ hasText: CANNED }).waitFor();
    await widget.messages.locator('[data-kf="msg"]').filter({ hasText: CANNED }).waitFor();
    await shot(visitorPage, 'visitor-got-canned-reply');
  });

  step('the emoji picker puts an emoji at the caret', async () => {
    await reply().fill('好的');
    await agentPage.locator('[data-kf="emoji-button"]').click();
    const panel = agentPage.locator('[data-kf="emoji-panel"]');
    await panel.waitFor();
    await shot(agentPage, 'agent-emoji-picker');
    await panel.locator('[data-emoji="👍"]').click();
    await eventually('the emoji is in the reply', async () => assert.equal(await reply().inputValue(), '好的👍'));
    assert.equal(await panel.isHidden(), true, 'the picker closes after a choice');
    await reply().fill('');
  });

  step('an internal note shows in the console and never in the widget', async () => {
    await agentPage.locator('[data-kf="mode-note"]').click();
    await reply().fill(NOTE);
    await reply().press('Enter');
    const note = pane().locator('[data-kf="msg"][data-sender="note"]').filter({ hasText: NOTE });
    await note.waitFor();
    await eventually('the note is confirmed by the server', async () =>
      assert.equal(await note.locator('.msg__status').textContent(), ''),
    );
    await shot(agentPage, 'agent-internal-note');
    await agentPage.locator('[data-kf="mode-reply"]').click();
    await visitorPage.waitForTimeout(1000);
    const widgetText = await widget.messages.textContent();
    assert.ok(!widgetText.includes(NOTE), 'the widget shows no note');
    await shot(visitorPage, 'visitor-sees-no-note');
  });

  step('a second visitor asks, and the agent switches chats with the keyboard', async () => {
    otherPage = await openPage(browser, 'other-visitor', { locale: 'en' });
    await visitorAsks(otherPage, OTHER_QUESTION);
    await itemWith(OTHER_QUESTION).waitFor();
    otherId = await itemWith(OTHER_QUESTION).getAttribute('data-conversation-id');
    const ids = await agentPage
      .locator('[data-kf="conversation-list"] [data-kf="conversation-item"]')
      .evaluateAll((items) => items.map((i) => i.dataset.conversationId));
    await agentPage.locator('body').press('Alt+1');
    await eventually('Alt+1 opens the first conversation', async () => assert.equal(await shownId(), ids[0]));
    await agentPage.locator('body').press('Alt+2');
    await eventually('Alt+2 opens the second conversation', async () => assert.equal(await shownId(), ids[1]));
    await agentPage.keyboard.press('Alt+ArrowUp');
    await eventually('Alt+↑ goes back to the first', async () => assert.equal(await shownId(), ids[0]));
    await shot(agentPage, 'agent-switched-by-keyboard');
    const target = ids.indexOf(conversationId);
    assert.ok(target >= 0 && target < 9, `the first visitor's conversation is among the first nine: ${ids}`);
    await agentPage.locator('body').press(`Alt+${target + 1}`);
    await eventually('Alt+n opens the first visitor again', async () => assert.equal(await shownId(), conversationId));
    assert.ok(otherId);
  });

  step('the help lists the keyboard shortcuts', async () => {
    await agentPage.locator('[data-kf="help"]').click();
    const help = agentPage.locator('[data-kf="help-dialog"]');
    await help.waitFor();
    assert.match(await help.textContent(), /Alt/);
    await shot(agentPage, 'agent-help');
    await help.locator('[data-role="help-close"]').click();
  });

  step('the agent transfers with a note: the visitor is told, the note stays with staff', async () => {
    await agentPage.locator('[data-kf="transfer"]').click();
    const dialog = agentPage.locator('[data-kf="transfer-dialog"]');
    await dialog.waitFor();
    const target = dialog.locator('[data-kf="transfer-target"]');
    await eventually('the departments are listed', async () =>
      assert.ok((await target.locator('option[value^="department:"]').count()) > 0),
    );
    const department = await target.locator('option[value^="department:"]').first().getAttribute('value');
    await target.selectOption(department);
    await dialog.locator('[data-kf="transfer-note"]').fill(TRANSFER_NOTE);
    await shot(agentPage, 'agent-transfer-dialog');
    await dialog.locator('[data-kf="transfer-submit"]').click();
    await widget.messages.locator('[data-kf="msg"]').filter({ hasText: '→' }).waitFor();
    const widgetText = await widget.messages.textContent();
    assert.ok(!widgetText.includes(TRANSFER_NOTE), 'the visitor does not read the transfer note');
    await shot(visitorPage, 'visitor-told-of-transfer');
    await pane().locator('[data-kf="msg"][data-sender="note"]').filter({ hasText: TRANSFER_NOTE }).waitFor();
    await shot(agentPage, 'agent-transfer-note');
  });

  step('the console ran without script errors', async () => {
    assert.deepEqual(agentPage.kfErrors, []);
    assert.deepEqual(visitorPage.kfErrors, []);
  });
});

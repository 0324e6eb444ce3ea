// A visitor and an agent exchange images and PDFs: the widget's paperclip and the console's,
// thumbnails and download links on both sides, a refused SVG with its message, and the files
// still there after a reload.

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
import { pdf, png } from './support/files.mjs';

const DAMAGE = { name: 'damage.png', mimeType: 'image/png', buffer: png(320, 200, [35, 86, 216]) };
const RECEIPT = { name: '收据 receipt.pdf', mimeType: 'application/pdf', buffer: pdf('receipt') };
const INVOICE = { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: pdf('invoice') };
const LABEL = { name: 'return-label.png', mimeType: 'image/png', buffer: png(240, 240, [10, 125, 90]) };
const SVG = {
  name: 'logo.svg',
  mimeType: 'image/svg+xml',
  buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
};

describe('a visitor and an agent exchange images and PDFs', () => {
  let browser;
  let visitorPage;
  let agentPage;
  let widget;
  let conversationId;
  const shot = screenshots('files');

  const step = storyShowing(shot, () => ({ visitor: visitorPage, agent: agentPage }));

  before(async () => {
    browser = await launchChromium();
    // With nobody available the widget offers only the leave-a-message form.
    await colleagueOnDuty(browser);
  });

  after(async () => {
    await browser?.close();
  });

  const pane = () => agentPage.locator(`[data-kf="conversation"][data-conversation-id="${conversationId}"]`);
  const widgetMsg = (seq) => widget.host.locator(`[data-kf="msg"][data-seq="${seq}"]`);
  const consoleMsg = (seq) => pane().locator(`[data-kf="msg"][data-seq="${seq}"]`);

  /** Waits until the image has really been loaded and decoded (not a broken image). */
  async function loaded(image, what) {
    await image.waitFor();
    await eventually(`${what} is shown`, async () =>
      assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), 'the image has pixels'),
    );
  }

  step('the visitor starts a chat, and the agent takes it', async () => {
    visitorPage = await openPage(browser, 'visitor', { locale: 'zh-CN' });
    await visitorPage.goto('/demo/');
    widget = widgetOf(visitorPage);
    await widget.open();
    await widget.host.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await widget.sendMessage('快递箱破了，我拍了照片。', 1);
    conversationId = await visitorPage.evaluate(() => window.Kefu.state.conversationId);
    assert.ok(conversationId, 'the widget knows its conversation');

    agentPage = await openPage(browser, 'agent', { locale: 'en' });
    await agentPage.goto('/agent/');
    await agentPage.waitForURL(/\/signin\.html/);
    await agentPage.locator('#username').fill('admin');
    await agentPage.locator('#password').fill(ADMIN_PASSWORD);
    await agentPage.locator('button[type=submit]').click();
    await agentPage.waitForURL(/\/agent\/?(\?.*|#.*)?$/);
    await agentPage.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await chooseStatus(agentPage, 'online');
    const item = agentPage.locator(`[data-kf="conversation-item"][data-conversation-id="${conversationId}"]`);
    await item.click();
    await pane().waitFor();
    await consoleMsg(1).waitFor();
    await shot(agentPage, 'agent-conversation-open');
  });

  step('the visitor sends an image; both sides show it as a thumbnail', async () => {
    await widget.part('attach').waitFor();
    await widget.part('file-input').setInputFiles(DAMAGE);
    await loaded(widgetMsg(2).locator('[data-kf="image"]'), 'the thumbnail in the widget');
    await widget.host.locator('[data-kf="msg"][data-seq="2"][data-state="sent"], [data-kf="msg"][data-seq="2"][data-state="read"]').waitFor();
    await shot(visitorPage, 'visitor-sent-image');
    await loaded(consoleMsg(2).locator('[data-kf="image"]'), 'the thumbnail in the console');
    assert.equal(await consoleMsg(2).getAttribute('data-sender'), 'visitor');
    await shot(agentPage, 'agent-sees-image');
  });

  step('the agent opens the image at full size', async () => {
    await consoleMsg(2).locator('[data-kf="image"]').click();
    const preview = agentPage.locator('[data-kf="image-preview"]');
    await loaded(preview.locator('img'), 'the full-size image');
    await shot(agentPage, 'agent-image-preview');
    await agentPage.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });
  });

  step('the agent sends a PDF from the paperclip; the visitor downloads it', async () => {
    await pane().locator('[data-kf="file-input"]').setInputFiles(INVOICE);
    await consoleMsg(3).locator('[data-kf="file"]').waitFor();
    assert.equal(await consoleMsg(3).getAttribute('data-sender'), 'agent');
    await shot(agentPage, 'agent-sent-pdf');
    const link = widgetMsg(3).locator('[data-kf="file"]');
    await link.waitFor();
    assert.match(await link.textContent(), /invoice\.pdf/);
    await shot(visitorPage, 'visitor-sees-pdf');
    const [download] = await Promise.all([visitorPage.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'invoice.pdf');
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    assert.deepEqual(readFileSync(path), INVOICE.buffer, 'the visitor got the very bytes the agent sent');
  });

  step('the agent sends an image and the visitor a PDF the other way round', async () => {
    await pane().locator('[data-kf="file-input"]').setInputFiles(LABEL);
    await loaded(consoleMsg(4).locator('[data-kf="image"]'), 'the label in the console');
    await loaded(widgetMsg(4).locator('[data-kf="image"]'), 'the label in the widget');
    await widget.part('file-input').setInputFiles(RECEIPT);
    const link = consoleMsg(5).locator('[data-kf="file"]');
    await link.waitFor();
    assert.match(await link.textContent(), /收据 receipt\.pdf/);
    const [download] = await Promise.all([agentPage.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), '收据 receipt.pdf');
    await shot(visitorPage, 'visitor-sent-pdf');
    await shot(agentPage, 'agent-sees-visitor-pdf');
  });

  step('an SVG is refused with a message on both sides, and nothing is sent', async () => {
    await widget.part('file-input').setInputFiles(SVG);
    const notice = widget.host.locator('.notice[role="alert"]');
    await eventually('the widget says the file type is refused', async () =>
      assert.match(await notice.textContent(), /不支持/),
    );
    await shot(visitorPage, 'visitor-svg-refused');
    await pane().locator('[data-kf="file-input"]').setInputFiles(SVG);
    const error = agentPage.locator('[data-role="composer-error"]');
    await eventually('the console says the file type is refused', async () =>
      assert.match(await error.textContent(), /not accepted/),
    );
    await shot(agentPage, 'agent-svg-refused');
    assert.equal(await widget.host.locator('[data-kf="msg"][data-seq="6"]').count(), 0);
    assert.equal(await pane().locator('[data-kf="msg"][data-seq="6"]').count(), 0);
  });

  step('after a reload both sides still show every file', async () => {
    await visitorPage.reload();
    widget = widgetOf(visitorPage);
    await widget.open();
    await loaded(widgetMsg(2).locator('[data-kf="image"]'), 'the visitor image after reload');
    await loaded(widgetMsg(4).locator('[data-kf="image"]'), 'the agent image after reload');
    await widgetMsg(3).locator('[data-kf="file"]').waitFor();
    await widgetMsg(5).locator('[data-kf="file"]').waitFor();
    await shot(visitorPage, 'visitor-after-reload');
    await agentPage.reload();
    await agentPage.locator(`[data-kf="conversation-item"][data-conversation-id="${conversationId}"]`).click();
    await loaded(consoleMsg(2).locator('[data-kf="image"]'), 'the visitor image in the reloaded console');
    await loaded(consoleMsg(4).locator('[data-kf="image"]'), 'the agent image in the reloaded console');
    await consoleMsg(5).locator('[data-kf="file"]').waitFor();
    await shot(agentPage, 'agent-after-reload');
  });

  step('no page script failed along the way', async () => {
    assert.deepEqual(visitorPage.kfErrors, [], 'uncaught errors on the demo page');
    assert.deepEqual(agentPage.kfErrors, [], 'uncaught errors in the console');
  });
});

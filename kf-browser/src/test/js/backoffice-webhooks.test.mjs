// The back office's Webhooks page, in English on a desktop and in Chinese on a phone: an address
// that is none is refused beside its field in the page's language; a webhook pointing at a receiver
// of the test's own (a loopback port) is created and its secret shown once; a ping reaches the
// receiver signed with that secret, which the test checks as a receiver would, and the delivery
// log shows it delivered with its body; the webhook is turned off, then deleted after a
// confirmation.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { hasChinese, launchChromium, openPage, rest, screenshots, story, eventually } from './support/kefu.mjs';
import { fitsTheScreen, wholeInView } from './support/console-day.mjs';
import {
  closeSecret,
  confirm,
  fillWebhookDialog,
  newestDelivery,
  openNewWebhook,
  openWebhooks,
  refusalAt,
  saveWebhookDialog,
  shownSecret,
  startReceiver,
  verifySignature,
  webhookRow,
} from './support/backoffice-webhooks.mjs';

const EVENTS = [
  'conversation.started',
  'message.created',
  'conversation.closed',
  'conversation.rated',
  'message.left',
  'visitor.erased',
];

for (const [lang, viewport] of [
  ['en', { width: 1280, height: 800 }],
  ['zh-CN', { width: 390, height: 844 }],
]) {
  const zh = lang === 'zh-CN';
  const device = zh ? 'phone' : 'desktop';
  describe(`the Webhooks page in ${lang} on a ${device}`, () => {
    let browser;
    let page;
    let receiver;
    let url;
    let secret;
    const stamp = Date.now().toString(36);
    const shot = screenshots(`backoffice-webhooks-${lang}`);
    const step = story({
      onFailure: async (what) => {
        if (page) await shot(page, `FAILED-${what.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
      },
    });
    /** Waits until the confirmation has faded in (a jQuery effect, not a CSS transition). */
    async function confirmationShown() {
      const dialog = page.locator('.ui-confirm-dialog');
      await dialog.waitFor({ state: 'visible' });
      await eventually('the confirmation is fully shown', async () =>
        assert.equal(await dialog.evaluate((e) => getComputedStyle(e).opacity), '1'),
      );
      await wholeInView(dialog, 'the confirmation');
      return dialog;
    }
    /** A screenshot, after checking that nothing is wider than the screen. */
    async function look(name) {
      await fitsTheScreen(page, name);
      await shot(page, `${name}-${device}`);
    }

    before(async () => {
      browser = await launchChromium();
      receiver = await startReceiver();
      url = `${receiver.url}/${stamp}`;
    });

    after(async () => {
      // A story that failed half-way leaves no webhook behind for the files that run after it.
      for (const left of (await rest('GET', 'webhooks')).filter((w) => w.url === url)) {
        await rest('DELETE', `webhooks/${left.id}`);
      }
      await receiver?.close();
      await browser?.close();
    });

    step('the admin opens the Webhooks page in the chosen language', async () => {
      page = await openPage(browser, `admin ${lang}`, { locale: lang, viewport });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await openWebhooks(page, { lang });
      assert.equal(hasChinese(await page.locator('.kf-lead').first().textContent()), zh);
      await look('page');
    });

    step('an address that is none is refused beside the URL field, in the page language', async () => {
      await openNewWebhook(page);
      const labels = await page.locator('#webhookForm\\:events label').allTextContents();
      assert.equal(labels.length, EVENTS.length, `six events are offered: ${labels}`);
      for (const [i, wire] of EVENTS.entries()) {
        assert.ok(labels[i].includes(wire), `the wire name shows: ${labels[i]}`);
        assert.equal(hasChinese(labels[i]), zh, `the label is in ${lang}: ${labels[i]}`);
      }
      await fillWebhookDialog(page, { url: 'ftp://example.com/hook', description: `Refused ${stamp}` });
      assert.equal(await saveWebhookDialog(page), false, 'the dialog stays open');
      const box = await page.locator('#webhookDialog').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= viewport.width + 1, `the dialog is within the screen: ${JSON.stringify(box)}`);
      const refusal = refusalAt(page, 'url');
      await refusal.waitFor();
      const text = (await refusal.textContent()).trim();
      assert.ok(text.length > 0, 'the URL field says what is wrong');
      assert.equal(hasChinese(text), zh, `the refusal is in ${lang}: ${text}`);
      await look('refused-url');
      const stored = await rest('GET', 'webhooks');
      assert.equal(stored.filter((w) => w.description === `Refused ${stamp}`).length, 0, 'nothing was saved');
    });

    step('a webhook is created and its secret shown once', async () => {
      await fillWebhookDialog(page, { url, description: `Receiver ${stamp}`, events: EVENTS, enabled: true });
      assert.equal(await saveWebhookDialog(page), true, 'the dialog closes');
      secret = await shownSecret(page);
      await wholeInView(page.locator('#secretDialog'), 'the secret dialog');
      const help = await page.locator('#secretDialog').textContent();
      assert.match(help, /Kefu-Signature/);
      assert.equal(hasChinese(help), zh);
      await look('secret-shown');
      await page.locator('#copySecret').click();
      await closeSecret(page);
      const row = webhookRow(page, url);
      await row.waitFor();
      assert.deepEqual(
        await row.locator('.kf-event').evaluateAll((spans) => spans.map((s) => s.dataset.event)),
        EVENTS,
      );
      const stored = (await rest('GET', 'webhooks')).find((w) => w.url === url);
      assert.ok(stored, 'the webhook is stored');
      assert.equal(stored.secret ?? null, null, 'the API does not show the secret again');
      await look('created');
    });

    step('a ping reaches the receiver, signed with the shown secret, and is logged as delivered', async () => {
      const before = receiver.requests.length;
      await webhookRow(page, url).locator('button[id$=":ping"]').click();
      await eventually('the receiver got the ping', async () => assert.ok(receiver.requests.length > before));
      const ping = receiver.requests[before];
      assert.equal(ping.method, 'POST');
      assert.equal(ping.path, new URL(url).pathname);
      assert.equal(ping.headers['kefu-event'], 'ping');
      assert.match(ping.headers['kefu-delivery'] ?? '', /^whd/);
      verifySignature(ping.headers['kefu-signature'] ?? '', ping.body, secret);
      const body = JSON.parse(ping.body);
      assert.equal(body.type, 'ping');
      assert.equal(body.id, ping.headers['kefu-delivery']);

      await page.locator('#logForm\\:deliveriesTable').waitFor();
      const row = await newestDelivery(page, 'delivered');
      assert.equal((await row.locator('[id$=":deliveryWire"]').textContent()).trim(), 'ping');
      const status = (await row.locator('[id$=":deliveryStatus"]').textContent()).trim();
      assert.equal(status, zh ? '已送达' : 'Delivered');
      assert.equal((await row.locator('[id$=":deliveryHttp"]').textContent()).trim(), '200');
      await row.scrollIntoViewIfNeeded();
      await look('log-delivered');

      await row.locator('button[id$=":payload"]').click();
      await page.locator('#payloadDialog').waitFor({ state: 'visible' });
      const shown = await page.locator('#payload').textContent();
      assert.deepEqual(JSON.parse(shown), body, 'the dialog shows the body as sent');
      assert.ok(shown.includes('\n'), 'pretty-printed');
      await wholeInView(page.locator('#payloadDialog'), 'the body dialog');
      await look('payload');
      await page.locator('#payloadForm\\:closePayload').click();
      await page.locator('#payloadDialog').waitFor({ state: 'hidden' });
    });

    step('a delivery is sent again from the log', async () => {
      const before = receiver.requests.length;
      const row = page.locator('#logForm\\:deliveriesTable tbody tr.kf-delivery').first();
      const id = receiver.requests[before - 1].headers['kefu-delivery'];
      await row.locator('button[id$=":resend"]').click();
      await eventually('the receiver got it again', async () => assert.ok(receiver.requests.length > before));
      const again = receiver.requests[before];
      assert.equal(again.headers['kefu-delivery'], id, 'the same delivery, for the receiver to see twice');
      verifySignature(again.headers['kefu-signature'] ?? '', again.body, secret);
      await newestDelivery(page, 'delivered');
    });

    step('the secret is renewed after a confirmation and shown once', async () => {
      await webhookRow(page, url).locator('button[id$=":renewSecret"]').click();
      const question = await confirmationShown();
      assert.equal((await question.locator('.ui-confirmdialog-yes').textContent()).trim(), zh ? '生成新密钥' : 'Make new secret');
      await look('renew-confirm');
      await confirm(page);
      const renewed = await shownSecret(page);
      assert.notEqual(renewed, secret);
      await closeSecret(page);
      secret = renewed;
    });

    step('the webhook is turned off in the edit dialog', async () => {
      await webhookRow(page, url).locator('button[id$=":edit"]').click();
      await page.locator('#webhookDialog').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#webhookForm\\:url').inputValue(), url);
      await fillWebhookDialog(page, { enabled: false });
      await look('edit-off');
      assert.equal(await saveWebhookDialog(page), true, 'the dialog closes');
      const badge = webhookRow(page, url).locator('[id$=":webhookEnabled"]');
      await eventually('the row shows it off', async () =>
        assert.equal((await badge.textContent()).trim(), zh ? '已停用' : 'Off'),
      );
      const stored = (await rest('GET', 'webhooks')).find((w) => w.url === url);
      assert.equal(stored.enabled, false);
    });

    step('the webhook is deleted after a confirmation', async () => {
      await webhookRow(page, url).locator('button[id$=":delete"]').click();
      const question = await confirmationShown();
      assert.equal((await question.locator('.ui-confirmdialog-yes').textContent()).trim(), zh ? '删除' : 'Delete');
      await look('delete-confirm');
      await confirm(page);
      await eventually('the row is gone', async () => assert.equal(await webhookRow(page, url).count(), 0));
      assert.equal((await rest('GET', 'webhooks')).filter((w) => w.url === url).length, 0);
      await look('deleted');
      assert.deepEqual(page.kfErrors, [], 'no script of the console failed');
    });
  });
}

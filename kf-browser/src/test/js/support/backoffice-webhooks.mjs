// Reusable steps on the admin console's Webhooks page (admin/webhooks.xhtml), found by the stable
// ids listed in docs/admin-console.md: a receiver of the test's own that records what it gets and
// checks its signature, the webhook dialog, a row's buttons, the secret shown once and the delivery
// log.

import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { eventually, fillFields } from './kefu.mjs';
import { openConsolePage } from './backoffice-protection.mjs';

const TABLE = '#webhooksForm\\:webhooksTable';
const LOG = '#logForm\\:deliveriesTable';

/**
 * A receiver on a loopback port that answers every request 200 and records it: `{ method, path,
 * headers, body }` (the body as the raw text received). Answers `{ url, requests, close }`.
 */
export async function startReceiver() {
  const requests = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/kefu-events`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Checks a `Kefu-Signature: t=<seconds>,v1=<hex>` header the way a receiver should: the HMAC-SHA256
 * of `${t}.${body}` under the secret, compared in constant time, and t near the receiver's clock.
 */
export function verifySignature(header, body, secret) {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')));
  assert.match(parts.t ?? '', /^\d+$/, `t is unix seconds: ${header}`);
  assert.match(parts.v1 ?? '', /^[0-9a-f]{64}$/, `v1 is a hex SHA-256: ${header}`);
  assert.ok(Math.abs(Date.now() / 1000 - Number(parts.t)) < 300, `t is near now: ${parts.t}`);
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`, 'utf8').digest();
  assert.ok(timingSafeEqual(expected, Buffer.from(parts.v1, 'hex')), 'the signature is the HMAC of t.body under the secret');
}

/** Opens the Webhooks page in `lang`, signing in as the admin when the console asks for it. */
export async function openWebhooks(page, { lang } = {}) {
  await openConsolePage(page, 'webhooks.xhtml', { lang });
  await page.locator(TABLE).waitFor();
}

/** The row of the webhook whose address is `url`. */
export function webhookRow(page, url) {
  return page.locator(`${TABLE} tbody tr.kf-webhook`).filter({
    has: page.locator('[id$=":webhookUrl"]', { hasText: url }),
  });
}

/** Opens the dialog for a new webhook. */
export async function openNewWebhook(page) {
  await page.locator('#webhooksForm\\:create').click();
  await page.locator('#webhookDialog').waitFor({ state: 'visible' });
  await page.locator('#webhookForm\\:url').waitFor();
}

/**
 * Fills the open dialog: address, description, the events chosen (wire names; the others are
 * unticked) and whether it sends.
 */
export async function fillWebhookDialog(page, { url, description, events, enabled } = {}) {
  const fields = [];
  if (url !== undefined) fields.push([page.locator('#webhookForm\\:url'), url]);
  if (description !== undefined) fields.push([page.locator('#webhookForm\\:description'), description]);
  await fillFields(fields);
  if (events) {
    const boxes = page.locator('#webhookForm\\:events input[type=checkbox]');
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      const wanted = events.includes(await box.getAttribute('value'));
      if ((await box.isChecked()) !== wanted) {
        // PrimeFaces draws its own box over the hidden input: that is what a person clicks.
        await box.locator('xpath=ancestor::div[contains(@class, "ui-chkbox")][1]').locator('.ui-chkbox-box').click();
      }
      await eventually('the event box is as wanted', async () => assert.equal(await box.isChecked(), wanted));
    }
  }
  if (enabled !== undefined) {
    const toggle = page.locator('#webhookForm\\:enabled');
    const on = (await toggle.getAttribute('class')).includes('ui-toggleswitch-checked');
    if (on !== enabled) await toggle.locator('.ui-toggleswitch-slider').click();
    await eventually('the switch is as wanted', async () =>
      assert.equal((await toggle.getAttribute('class')).includes('ui-toggleswitch-checked'), enabled),
    );
  }
}

/** Saves the dialog; answers whether it closed (false: a refusal keeps it open). */
export async function saveWebhookDialog(page) {
  await page.locator('#webhookForm\\:save').click();
  const dialog = page.locator('#webhookDialog');
  const refusal = dialog.locator('.ui-message-error, .ui-messages-error');
  return Promise.race([
    dialog.waitFor({ state: 'hidden' }).then(() => true),
    refusal.first().waitFor().then(() => false),
  ]);
}

/** The refusal shown beside a field of the dialog (`url`, `events`, `description`). */
export function refusalAt(page, field) {
  return page
    .locator(`#webhookForm\\:${field}`)
    .locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " kf-field ")][1]')
    .locator('.ui-message-error');
}

/** Waits for the secret dialog; answers the secret it shows. */
export async function shownSecret(page) {
  await page.locator('#secretDialog').waitFor({ state: 'visible' });
  const secret = (await page.locator('#secretForm\\:secret').textContent()).trim();
  assert.match(secret, /^whsec_\S{20,}$/, `a secret is shown: ${secret}`);
  return secret;
}

/** Closes the secret dialog with its button; the secret is then gone from the page. */
export async function closeSecret(page) {
  await page.locator('#secretForm\\:secretDone').click();
  await page.locator('#secretDialog').waitFor({ state: 'hidden' });
  await eventually('the secret is no longer on the page', async () =>
    assert.equal(await page.locator('#secretForm\\:secret').count(), 0),
  );
}

/** Confirms the open confirmation dialog. */
export async function confirm(page) {
  const dialog = page.locator('.ui-confirm-dialog');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('.ui-confirmdialog-yes').click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * Waits until the open delivery log's newest row has `status` (the wire value: pending, delivered,
 * failed), pressing Refresh meanwhile; answers that row.
 */
export async function newestDelivery(page, status) {
  const row = page.locator(`${LOG} tbody tr.kf-delivery`).first();
  await eventually(`the newest delivery is ${status}`, async () => {
    await page.locator('#logForm\\:refreshLog').click();
    await ajaxDone(page);
    assert.ok((await row.getAttribute('class')).includes(`kf-delivery-${status}`));
  });
  return row;
}

/** Waits until no Ajax request of PrimeFaces is under way or queued, so the page holds still. */
export async function ajaxDone(page) {
  await page.waitForFunction(() => window.PrimeFaces?.ajax?.Queue?.isEmpty?.() ?? true);
}

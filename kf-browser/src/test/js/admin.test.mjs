// The admin console under its Content-Security-Policy: PrimeFaces in CSP mode must still open the
// edit dialog, save, switch languages and show a new site secret once, with no policy violation.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { ADMIN_PASSWORD, eventually, launchChromium, openPage, screenshots, story } from './support/kefu.mjs';

describe('the admin console under its Content-Security-Policy', () => {
  let browser;
  let page;
  const violations = [];
  const shot = screenshots('admin');

  const step = story({
    onFailure: async (name) => {
      if (page) await shot(page, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
    },
  });

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  const firstRow = () => page.locator('#sitesForm\\:sitesTable tbody tr').first();

  step('the admin signs in and opens the Sites page', async () => {
    page = await openPage(browser, 'admin', { locale: 'en' });
    page.on('console', (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto('/admin/sites.xhtml');
    await page.waitForURL(/\/signin\.html/);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(ADMIN_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/sites\.xhtml/);
    await firstRow().waitFor();
    const policy = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.match(policy ?? '', /script-src 'self' 'nonce-/, 'PrimeFaces sends its nonce policy');
    await shot(page, 'sites');
  });

  step('the edit dialog opens, identity verification is switched on and saved', async () => {
    await firstRow().locator('button[id$=":edit"]').click();
    const dialog = page.locator('#editDialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('#editForm\\:identityRequired').click();
    await shot(page, 'edit-dialog-identity-on');
    await dialog.locator('#editForm\\:save').click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually('the table shows the site requires identity', async () =>
      assert.equal((await firstRow().locator('[id$=":siteIdentity"]').textContent()).trim(), 'Required'),
    );
    const badge = await firstRow().locator('[id$=":siteIdentity"]').boundingBox();
    assert.ok(badge && badge.width > 20, 'the identity column is wide enough to be read');
    await shot(page, 'sites-identity-required');
  });

  step('a new secret is made after a confirmation and shown once', async () => {
    await firstRow().locator('button[id$=":edit"]').click();
    const dialog = page.locator('#editDialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('#editForm\\:renewSecret').click();
    await page.locator('.ui-confirmdialog-yes').click();
    const secret = page.locator('#editForm\\:newSecret');
    await secret.waitFor();
    await page.locator('.ui-confirm-dialog').waitFor({ state: 'hidden' });
    assert.match((await secret.textContent()).trim(), /^[A-Za-z0-9_-]{20,}$/);
    await shot(page, 'new-secret-shown');
    // Switch verification off again, so that the demo site stays open to anonymous visitors.
    await dialog.locator('#editForm\\:identityRequired').click();
    await dialog.locator('#editForm\\:save').click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually('the table shows identity is optional again', async () =>
      assert.equal((await firstRow().locator('[id$=":siteIdentity"]').textContent()).trim(), 'Optional'),
    );
    await firstRow().locator('button[id$=":edit"]').click();
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#editForm\\:newSecret').count(), 0, 'the secret is not shown again');
    await page.keyboard.press('Escape');
  });

  step('the language switch posts back and shows Chinese', async () => {
    await page.locator('#language\\:zh').click();
    await eventually('the page is in Chinese', async () =>
      assert.equal((await page.locator('#navSites').textContent()).trim(), '站点'),
    );
    await shot(page, 'sites-zh');
    await page.locator('#language\\:en').click();
    await eventually('the page is in English again', async () =>
      assert.equal((await page.locator('#navSites').textContent()).trim(), 'Sites'),
    );
  });

  step('nothing broke the policy and no script failed', async () => {
    assert.deepEqual(violations, [], 'Content-Security-Policy violations');
    assert.deepEqual(page.kfErrors, [], 'uncaught errors');
  });
});

// The audit log in the admin console, in English and in Chinese: an admin makes an account over
// the API, finds the event by its action, opens its detail, is refused a period that ends before
// it starts, and exports the search as CSV and JSON; the page is shot at desktop and phone width.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { launchChromium, openPage, rest, screenshots, story } from './support/kefu.mjs';
import {
  closeAuditEvent,
  exportAuditCsv,
  exportAuditJson,
  openAudit,
  searchAudit,
  showAuditEvent,
  useLanguage,
} from './support/backoffice-audit.mjs';

for (const lang of ['en', 'zh-CN']) {
  describe(`the audit log (${lang})`, () => {
    let browser;
    let page;
    let agent;
    const shot = screenshots(`backoffice-audit-${lang}`);
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

    step('an account made over the API is in the log', async () => {
      const username = `audit.${lang === 'en' ? 'en' : 'zh'}.${Date.now()}`;
      agent = await rest('POST', 'accounts', { username, name: 'Audit probe', password: `probe-${Date.now()}` });
      agent.username = username;
      page = await openPage(browser, `audit-${lang}`, { locale: lang });
      await openAudit(page);
      await useLanguage(page, lang);
      await shot(page, 'audit');
    });

    step('the admin finds it by its action and opens its detail', async () => {
      const rows = await searchAudit(page, { action: 'agent.create', lang });
      assert.ok(rows.length >= 1, 'at least the new account');
      assert.ok(rows.every((row) => row.action === 'agent.create'), JSON.stringify(rows));
      const index = rows.findIndex((row) => row.objectId === agent.id);
      assert.ok(index >= 0, `the new account ${agent.id} is listed: ${JSON.stringify(rows)}`);
      assert.equal(rows[index].actor, 'admin', 'the actor is named by user name');
      await shot(page, 'found-by-action');
      const event = await showAuditEvent(page, index);
      assert.equal(event.action, 'agent.create');
      assert.match(event.detail ?? '', new RegExp(agent.username.replace(/\./g, '\\.')));
      assert.match(event.detail ?? '', /\n\s+"username"/, 'the detail is indented JSON');
      await shot(page, 'detail');
      await closeAuditEvent(page);
    });

    step('a period that ends before it starts is refused at its end', async () => {
      await searchAudit(page, { from: '2030-01-02 00:00', to: '2030-01-01 00:00' });
      const message = page
        .locator('#filterForm .kf-field', { has: page.locator('[id="filterForm:to"]') })
        .locator('.ui-message-error');
      await message.waitFor();
      const text = (await message.textContent()).trim();
      assert.match(text, lang === 'en' ? /end of the period/ : /结束必须晚于开始/);
      await shot(page, 'bad-range');
      // The table still shows the last valid search.
      await page.goto('/admin/audit.xhtml');
    });

    step('the search is exported as CSV and as JSON', async () => {
      await searchAudit(page, { action: 'agent.create', objectId: agent.id });
      const csv = await exportAuditCsv(page);
      const lines = csv.trim().split('\r\n');
      assert.equal(lines[0], 'at,tenant_id,actor,actor_type,action,object_type,object_id,ip,source,detail,id');
      assert.equal(lines.length, 2, csv);
      assert.match(lines[1], new RegExp(agent.id));
      const json = await exportAuditJson(page);
      assert.equal(json.length, 1);
      assert.equal(json[0].objectId, agent.id);
      assert.equal(json[0].detail.username, agent.username);
    });

    step('the page reads on a phone', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/admin/audit.xhtml');
      await page.locator('#auditForm\\:auditTable').waitFor();
      await shot(page, 'phone');
      await searchAudit(page, { action: 'agent.create' });
      await showAuditEvent(page, 0);
      await shot(page, 'phone-detail');
      await closeAuditEvent(page);
      assert.deepEqual(page.kfErrors, []);
    });
  });
}

// The platform operator moves a tenant on the Tenants page, in English on a desktop and in Chinese
// on a phone: a suspended tenant is exported through its row's link (a ZIP), importing that export
// while the tenant is here is refused beside the file field in the page's language, as is a file
// that is no export; the tenant is removed after a confirmation that warns it cannot be undone,
// and the page says how many rows and files went; the export is imported again and the page says
// what came back, with the tenant in the table, still suspended.
//
// Needs a multi-tenant server (kf.tenancy=multi) whose user `admin` has the role kf-platform
// besides its own (docs/roles.md, "Platform operator"), so it is not among the scenarios that
// BrowserScenariosIT runs against its single-tenant server: run it with node --test against such a
// server, with BASE_URL and ADMIN_PASSWORD.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { eventually, hasChinese, launchChromium, openPage, rest, screenshots, story } from '../support/kefu.mjs';
import { fitsTheScreen, wholeInView } from '../support/console-day.mjs';
import { openConsolePage } from '../support/backoffice-protection.mjs';
import { ajaxDone, confirm } from '../support/backoffice-webhooks.mjs';

const TABLE = '#tenantsForm\\:tenantsTable';

for (const [lang, viewport] of [
  ['en', { width: 1280, height: 800 }],
  ['zh-CN', { width: 390, height: 844 }],
]) {
  const zh = lang === 'zh-CN';
  const device = zh ? 'phone' : 'desktop';
  describe(`moving a tenant on the Tenants page in ${lang} on a ${device}`, () => {
    let browser;
    let page;
    let tenantId;
    let exported;
    const stamp = `${Date.now().toString(36)}${zh ? 'z' : 'e'}`;
    const name = `Moving ${stamp}`;
    const folder = mkdtempSync(join(tmpdir(), 'kf-tenants-'));
    const shot = screenshots(`backoffice-tenants-${lang}`);
    const step = story({
      onFailure: async (what) => {
        if (page) await shot(page, `FAILED-${what.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
      },
    });
    /** A screenshot, after checking that nothing is wider than the screen. */
    async function look(what) {
      await fitsTheScreen(page, what);
      await shot(page, `${what}-${device}`);
    }
    /** The row of the tenant moved here (found by its id, which the import keeps). */
    function row() {
      return page.locator(`${TABLE} tbody tr.kf-tenant`).filter({
        has: page.locator('[id$=":tenantId"]', { hasText: tenantId }),
      });
    }
    /** Imports `file` through the page and answers the note shown beside the file field. */
    async function importFile(file) {
      const before = await page.locator('#importForm\\:importMessages').innerHTML();
      await page.locator('#importFile').setInputFiles(file);
      await page.locator('#importStart').click();
      await eventually('the page says what the import did', async () =>
        assert.notEqual(await page.locator('#importForm\\:importMessages').innerHTML(), before),
      );
      await ajaxDone(page);
      const note = page.locator('#importForm\\:importMessages');
      await note.scrollIntoViewIfNeeded();
      return note;
    }

    before(async () => {
      browser = await launchChromium();
      const founded = await rest('POST', 'tenants', {
        name,
        adminUsername: `mover-${stamp}`,
        adminPassword: `mover-pass-${stamp}`,
      });
      tenantId = founded.tenant.id;
      await rest('PUT', `tenants/${tenantId}/suspension`);
    });

    after(async () => {
      // A story that failed half-way leaves no tenant behind.
      for (const left of (await rest('GET', 'tenants')).filter((t) => t.id === tenantId)) {
        if (!left.suspendedAt) await rest('PUT', `tenants/${left.id}/suspension`);
        await rest('DELETE', `tenants/${left.id}`);
      }
      rmSync(folder, { recursive: true, force: true });
      await browser?.close();
    });

    step('the operator finds the suspended tenant with Export and Remove, and none on their own', async () => {
      page = await openPage(browser, `operator ${lang}`, { locale: lang, viewport, acceptDownloads: true });
      await openConsolePage(page, 'tenants.xhtml', { lang });
      await page.locator('#searchForm\\:nameFilter').fill(name);
      await page.locator('#searchForm\\:search').click();
      await ajaxDone(page);
      await row().waitFor();
      assert.equal(await row().locator('a[id$=":export"]').count(), 1);
      assert.equal(await row().locator('button[id$=":remove"]').count(), 1);
      assert.equal(hasChinese(await page.locator('#importTitle').textContent()), zh);
      await look('suspended-tenant');

      await page.locator('#searchForm\\:nameFilter').fill('');
      await page.locator('#searchForm\\:search').click();
      await ajaxDone(page);
      const active = page.locator(`${TABLE} tbody tr.kf-tenant`).filter({ hasNot: page.locator('[id$=":resume"]') });
      assert.ok((await active.count()) > 0, 'the operator sees active tenants, their own among them');
      assert.equal(await active.locator('button[id$=":remove"]').count(), 0, 'an active tenant has no Remove');
      assert.ok((await active.locator('a[id$=":export"]').count()) > 0, 'every tenant can be exported');
    });

    step('Export downloads the tenant as a ZIP', async () => {
      await page.locator('#searchForm\\:nameFilter').fill(name);
      await page.locator('#searchForm\\:search').click();
      await ajaxDone(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row().locator('a[id$=":export"]').click(),
      ]);
      assert.equal(download.suggestedFilename(), `kefu-tenant-${tenantId}.zip`);
      exported = join(folder, download.suggestedFilename());
      await download.saveAs(exported);
      const bytes = readFileSync(exported);
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a ZIP');
      assert.ok(bytes.includes(Buffer.from('manifest.json')), 'with its manifest');
    });

    step('importing it while the tenant is here is refused beside the field, in the page language', async () => {
      const note = await importFile(exported);
      const text = (await note.locator('.ui-messages-error').textContent()).trim();
      assert.equal(hasChinese(text), zh, `the refusal is in ${lang}: ${text}`);
      assert.match(text, zh ? /已有此租户/ : /has this tenant already/);
      await look('import-refused-exists');
    });

    step('a file that is no export is refused as such', async () => {
      const junk = join(folder, 'not-an-export.zip');
      writeFileSync(junk, 'this is not a ZIP');
      const note = await importFile(junk);
      const text = (await note.locator('.ui-messages-error').textContent()).trim();
      assert.match(text, zh ? /不是完整的 Kefu 租户导出文件/ : /not a complete tenant export/);
      await look('import-refused-invalid');
    });

    step('Remove asks first, warns that it cannot be undone, then says what went', async () => {
      await row().locator('button[id$=":remove"]').click();
      const question = page.locator('.ui-confirm-dialog');
      await question.waitFor({ state: 'visible' });
      await eventually('the confirmation is fully shown', async () =>
        assert.equal(await question.evaluate((e) => getComputedStyle(e).opacity), '1'),
      );
      await wholeInView(question, 'the confirmation');
      const warning = await question.locator('.ui-confirm-dialog-message').textContent();
      assert.match(warning, zh ? /无法撤销[\s\S]*导出/ : /cannot be undone[\s\S]*Export/);
      await look('remove-confirm');
      await confirm(page);
      const note = page.locator('#messages .ui-messages-info').filter({ hasText: name });
      await note.waitFor();
      const said = (await note.textContent()).trim();
      assert.match(said, zh ? /已删除.*行数据.*个文件/ : /Removed .*rows and \d+ files deleted/);
      await eventually('the row is gone', async () => assert.equal(await row().count(), 0));
      assert.equal((await rest('GET', 'tenants')).filter((t) => t.id === tenantId).length, 0);
      await look('removed');
    });

    step('the export is imported again and the page says what came back', async () => {
      const note = await importFile(exported);
      const text = (await note.locator('.ui-messages-info').textContent()).trim();
      assert.ok(text.includes(tenantId) && text.includes(name), `the note names the tenant: ${text}`);
      assert.equal(hasChinese(text), zh, `the note is in ${lang}: ${text}`);
      await row().waitFor();
      assert.equal(await row().locator('button[id$=":resume"]').count(), 1, 'still suspended');
      const back = (await rest('GET', 'tenants')).find((t) => t.id === tenantId);
      assert.ok(back?.suspendedAt, 'the tenant is back, suspended');
      await look('imported');
    });
  });
}

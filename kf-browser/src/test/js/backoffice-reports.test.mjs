// The back office's dashboard and reports, in English and in Chinese, at desktop width and on a
// phone: a conversation held through the sockets shows on the dashboard and in today's reports,
// the tables agree with the CSV exports, and a range that is none is refused beside its field.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { chatThroughSockets, exportReportCsv, openDashboard, openReport } from './support/backoffice-reports.mjs';
import { eventually, launchChromium, openPage, screenshots, story } from './support/kefu.mjs';

/** Today in UTC as the reports' range picker writes it. */
function today() {
  return new Date().toISOString().slice(0, 10);
}

/** A CSV's lines as arrays of cells, by their first cell. */
function rowsOf(csv) {
  const rows = new Map();
  for (const line of csv.trim().split('\r\n')) {
    const cells = line.split(',');
    rows.set(cells[0], cells);
  }
  return rows;
}

for (const lang of ['en', 'zh-CN']) {
  describe(`the dashboard and the reports (${lang})`, () => {
    let browser;
    let page;
    let phone;
    const shot = screenshots(`backoffice-reports-${lang}`);
    const violations = [];

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

    let earlier;

    step('the console opens on its dashboard', async () => {
      page = await openPage(browser, `reports ${lang}`, { locale: lang });
      page.on('console', (message) => {
        if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
      });
      earlier = await openDashboard(page, { lang });
      assert.match(earlier.todayConversations, /^\d+$/);
      await shot(page, 'dashboard');
    });

    step('a conversation through the sockets counts on the dashboard', async () => {
      await chatThroughSockets({ rating: 5 });
      await eventually('today counts one more conversation', async () => {
        const now = await openDashboard(page, { lang });
        assert.equal(Number(now.todayConversations), Number(earlier.todayConversations) + 1);
      });
    });

    step('the reports of today show it, and their tables agree with the CSV', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      const tables = await openReport(page, { from: today(), to: today(), zone: 'UTC', group: 'agent', lang });
      const total = tables.wait.at(-1);
      assert.ok(Number(total[1]) >= 1, `today's conversations: ${total}`);
      const csv = rowsOf(await exportReportCsv(page, { report: 'wait' }));
      assert.deepEqual(csv.get('agent_id').slice(0, 3), ['agent_id', 'agent', 'conversations']);
      assert.equal(csv.get('total')[2], total[1], 'the CSV and the table count the same conversations');
      const days = rowsOf(await exportReportCsv(page, { report: 'days' }));
      assert.equal(days.get(today())[1], tables.days[0][1]);
      const satisfaction = tables.satisfaction.at(-1);
      assert.ok(Number(satisfaction[1]) >= 1, 'at least the rating just given');
      await shot(page, 'reports');
      await page.locator('#waitReport').scrollIntoViewIfNeeded();
      await shot(page, 'reports-per-agent');
    });

    step('the reports read on a phone', async () => {
      phone = await openPage(browser, `reports phone ${lang}`, { locale: lang, viewport: { width: 390, height: 844 } });
      await openDashboard(phone, { lang });
      await shot(phone, 'dashboard-phone');
      await openReport(phone, { from: today(), to: today(), lang });
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390 + 1, `the page fits the phone (${width} px)`);
      await shot(phone, 'reports-phone');
      await phone.locator('#satisfactionReport').scrollIntoViewIfNeeded();
      await shot(phone, 'reports-phone-satisfaction');
    });

    step('a range that ends before it begins is refused beside the field', async () => {
      await page.locator('#reportsForm\\:range_input').fill(`${today()} ~ 2020-01-01`);
      await page.locator('#reportsForm\\:range_input').press('Escape');
      const refusal = page.locator('#reportsForm\\:range').locator('xpath=..').locator('.ui-message-error');
      // On a loaded machine a click can land while the calendar's last update is still applied, and
      // go nowhere: Show is clicked again until the refusal is there, as a user would.
      await eventually('the refusal beside the field', async () => {
        if (!(await refusal.isVisible())) await page.locator('#reportsForm\\:show').click();
        await refusal.waitFor({ timeout: 5000 });
      });
      const text = (await refusal.textContent()).trim();
      assert.match(text, lang === 'en' ? /before the first/ : /不能早于/);
      await shot(page, 'refused');
      await page.locator('#reportsForm\\:range_input').fill('2024-01-01 ~ 2025-12-31');
      await page.locator('#reportsForm\\:range_input').press('Escape');
      await page.locator('#reportsForm\\:show').click();
      await eventually('the business refuses a range of two years beside the field', async () =>
        assert.match((await refusal.textContent()).trim(), lang === 'en' ? /at most 366 days/ : /最多涵盖 366 天/),
      );
      await shot(page, 'refused-too-long');
    });

    step('nothing broke the policy and no script failed', async () => {
      assert.deepEqual(violations, [], 'Content-Security-Policy violations');
      assert.deepEqual(page.kfErrors, [], 'uncaught errors');
      assert.deepEqual(phone.kfErrors, [], 'uncaught errors on the phone');
    });
  });
}

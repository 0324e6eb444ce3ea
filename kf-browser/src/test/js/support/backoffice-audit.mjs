// Steps on the admin console's audit log page (admin/audit.xhtml), for any story that needs them.
// Each takes the page (signed in as an admin, or sent to the sign-in page) and finds elements by
// the ids listed in docs/admin-console.md.

import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, eventually } from './kefu.mjs';

const TABLE = '#auditForm\\:auditTable';

/** Opens the audit log, signing in as `admin` when the console asks for it. */
export async function openAudit(page, { password = ADMIN_PASSWORD } = {}) {
  await page.goto('/admin/audit.xhtml');
  if (/\/signin\.html/.test(page.url())) {
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/audit\.xhtml/);
  }
  await page.locator(TABLE).waitFor();
}

/** Switches the console to `lang` ('en' or 'zh-CN') when it is in the other one. */
export async function useLanguage(page, lang) {
  const wanted = lang === 'en' ? 'en' : 'zh-CN';
  if ((await page.locator('html').getAttribute('lang')) === wanted) return;
  await page.locator(lang === 'en' ? '#language\\:en' : '#language\\:zh').click();
  await page.waitForFunction((tag) => document.documentElement.lang === tag, wanted);
  await page.locator(TABLE).waitFor();
}

/** The rows the audit table shows now, as objects of their cells' texts. */
export async function auditRows(page) {
  const rows = page.locator(`${TABLE} tbody tr.kf-audit-event`);
  const count = await rows.count();
  const cell = async (row, id) => {
    const found = row.locator(`[id$=":${id}"]`);
    return (await found.count()) ? (await found.first().textContent()).trim() : '';
  };
  const result = [];
  for (let i = 0; i < count; i += 1) {
    const row = rows.nth(i);
    result.push({
      at: await cell(row, 'eventAt'),
      actor: await cell(row, 'eventActor'),
      action: await cell(row, 'eventAction'),
      objectType: await cell(row, 'eventObjectType'),
      objectId: await cell(row, 'eventObjectId'),
      source: await cell(row, 'eventSource'),
      ip: await cell(row, 'eventIp'),
    });
  }
  return result;
}

/**
 * Searches the audit log: opens the page if it is not open, switches to `lang` if given, narrows
 * it to `action` (one of the actions the page offers) and the other filters given (`actor`,
 * `objectId`, `from` and `to` as `yyyy-MM-dd HH:mm` in UTC), runs the search and answers the
 * table's rows.
 */
export async function searchAudit(page, { action, actor, objectId, from, to, lang } = {}) {
  if (!/\/admin\/audit\.xhtml/.test(page.url())) await openAudit(page);
  if (lang) await useLanguage(page, lang);
  if (action !== undefined) await chooseAction(page, action);
  if (actor !== undefined) await page.locator('#filterForm\\:actor').fill(actor);
  if (objectId !== undefined) await page.locator('#filterForm\\:objectId').fill(objectId);
  if (from !== undefined) await fillDate(page, 'from', from);
  if (to !== undefined) await fillDate(page, 'to', to);
  // A calendar left open would catch the click meant for Search: a click beside the form closes it.
  await eventually('no calendar covers the form', async () => {
    const calendars = page.locator('.ui-datepicker[role="dialog"]:visible');
    if ((await calendars.count()) > 0) await page.locator('h1').first().click();
    assert.equal(await calendars.count(), 0);
  });
  // The click queues the search's request at once; ajaxDone waits until its answer is applied.
  await page.locator('#filterForm\\:search').click();
  await ajaxDone(page);
  await page.locator(TABLE).waitFor();
  return auditRows(page);
}

/** Waits until PrimeFaces has applied every answer of its Ajax queue to the page. */
export async function ajaxDone(page) {
  await page.waitForFunction(() => window.PrimeFaces && PrimeFaces.ajax.Queue.isEmpty());
}

/** Picks an action in the filter's list (empty string: all actions). */
async function chooseAction(page, action) {
  const menu = page.locator('#filterForm\\:action');
  const panel = page.locator('#filterForm\\:action_panel');
  const item = action
    ? panel.locator(`li.ui-selectonemenu-item[data-label="${action}"]`)
    : panel.locator('li.ui-selectonemenu-item').first();
  // On a phone the page may have to scroll to reach the item, and PrimeFaces closes an open list
  // when the page scrolls: the list is opened again, with the field already in view.
  for (let attempt = 1; ; attempt += 1) {
    await menu.scrollIntoViewIfNeeded();
    await menu.click();
    await panel.waitFor({ state: 'visible' });
    try {
      await item.click({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      if (await panel.isVisible()) await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    }
  }
  await panel.waitFor({ state: 'hidden' });
  if (action) {
    assert.equal((await page.locator('#filterForm\\:action_label').textContent()).trim(), action);
  }
}

async function fillDate(page, which, value) {
  const input = page.locator(`#filterForm\\:${which}_input`);
  await input.fill(value);
  await input.press('Escape');
}

/** Opens one row's detail and answers the dialog's texts (before, after, or the whole detail). */
export async function showAuditEvent(page, rowIndex = 0) {
  await page.locator(`${TABLE} tbody tr.kf-audit-event`).nth(rowIndex).locator('button[id$=":show"]').click();
  const dialog = page.locator('#detailDialog');
  await dialog.waitFor({ state: 'visible' });
  const text = async (selector) => {
    const found = dialog.locator(selector);
    return (await found.count()) ? (await found.textContent()).trim() : null;
  };
  return {
    dialog,
    action: await text('[id$="detailAction"]'),
    before: await text('#detailBefore'),
    after: await text('#detailAfter'),
    detail: await text('#detailJson'),
  };
}

/** Closes the detail dialog. */
export async function closeAuditEvent(page) {
  await page.locator('#detailForm\\:close').click();
  await page.locator('#detailDialog').waitFor({ state: 'hidden' });
}

/**
 * The current search exported as CSV, as the page's "Export CSV" link downloads it (with the
 * console's session): answers the text, byte order mark removed.
 */
export async function exportAuditCsv(page) {
  const { status, type, text } = await page.evaluate(async () => {
    const response = await fetch(document.getElementById('exportCsv').href);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  });
  assert.equal(status, 200, text);
  assert.match(type ?? '', /^text\/csv/);
  return text.replace(/^\uFEFF/, '');
}

/** The current search exported as JSON, parsed. */
export async function exportAuditJson(page) {
  const { status, text } = await page.evaluate(async () => {
    const response = await fetch(document.getElementById('exportJson').href);
    return { status: response.status, text: await response.text() };
  });
  assert.equal(status, 200, text);
  return JSON.parse(text);
}

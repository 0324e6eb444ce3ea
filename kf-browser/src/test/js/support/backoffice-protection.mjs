// Reusable steps on the admin console's Protection page (admin/protection.xhtml) and Live monitor
// (admin/monitor.xhtml), found by the stable ids listed in docs/admin-console.md: block a visitor
// (by id, or from their row in the monitor), block an address range, lift a block, set the
// sensitive words, read the monitor's rows and invite a visitor to chat.

import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, eventually, fillFields } from './kefu.mjs';

const BLOCKS = '#blocksForm\\:blocksTable';
const MONITOR = '#monitorForm\\:visitorsTable';

/**
 * Opens a console page (`/admin/<file>`), signing in as the admin when the console asks for it,
 * and switches the console to `lang` ('en' or 'zh-CN') when it speaks another language.
 */
export async function openConsolePage(page, file, { lang, username = 'admin', password = ADMIN_PASSWORD } = {}) {
  await page.goto(`/admin/${file}`);
  if (/\/signin\.html/.test(page.url())) {
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(new RegExp(`/admin/${file.replace('.', '\\.')}`));
  }
  if (lang) {
    const zh = lang.startsWith('zh');
    if ((await page.locator('html').getAttribute('lang')) !== (zh ? 'zh-CN' : 'en')) {
      await page.locator(zh ? '#language\\:zh' : '#language\\:en').click();
      await eventually(`the console speaks ${lang}`, async () =>
        assert.equal(await page.locator('html').getAttribute('lang'), zh ? 'zh-CN' : 'en'),
      );
    }
  }
}

/** The page's note at the top (saved, blocked, refused), once it shows (and says `says`). */
async function pageNote(page, says) {
  let note = page.locator('#messages .ui-messages-info, #messages .ui-messages-warn');
  if (says) note = note.filter({ hasText: says });
  note = note.last();
  await note.waitFor();
  return (await note.textContent()).trim();
}

/**
 * Opens the live monitor and answers its rows as shown: `{ visitorId, site, page, url, time,
 * browser, chat }` each (texts as the page shows them, in the console's language).
 */
export async function openMonitor(page, { lang } = {}) {
  await openConsolePage(page, 'monitor.xhtml', { lang });
  await page.locator(MONITOR).waitFor();
  return monitorRows(page);
}

/** The monitor's rows as they show now (see `openMonitor`). */
export async function monitorRows(page) {
  const rows = page.locator(`${MONITOR} tbody tr.kf-live-visitor`);
  const result = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const text = async (id) => ((await row.locator(`[id$=":${id}"]`).first().textContent()) ?? '').trim();
    result.push({
      visitorId: await text('visitorId'),
      site: await text('visitorSite'),
      page: await text('visitorPage'),
      url: await text('visitorUrl'),
      time: await text('visitorTime'),
      browser: await text('visitorBrowser'),
      chat: await text('visitorChat'),
    });
  }
  return result;
}

/** Waits until the monitor (refreshing itself) lists the visitor; answers their row. */
export async function monitorRowOf(page, visitorId) {
  const row = page.locator(`${MONITOR} tbody tr.kf-live-visitor`).filter({
    has: page.locator('[id$=":visitorId"]', { hasText: visitorId }),
  });
  await row.first().waitFor();
  return row.first();
}

/** Invites the visitor of a monitor row to chat with `text` (empty: the widget's own words). */
export async function inviteFromMonitor(page, { visitorId, text = '', lang } = {}) {
  if (!/\/admin\/monitor\.xhtml/.test(page.url())) await openMonitor(page, { lang });
  const row = await monitorRowOf(page, visitorId);
  await row.locator('button[id$=":invite"]').click();
  const dialog = page.locator('#inviteDialog');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('#inviteForm\\:text').fill(text);
  await dialog.locator('#inviteForm\\:send').click();
  await dialog.waitFor({ state: 'hidden' });
  return pageNote(page);
}

/**
 * Blocks a visitor: by id on the protection page (`visitorId`), or from their row of the live
 * monitor (`fromMonitorRow`: the visitor's id) after the confirmation. Answers the page's note.
 */
export async function blockVisitor(page, { visitorId, fromMonitorRow, reason = '', lang } = {}) {
  if (fromMonitorRow) {
    await openMonitor(page, { lang });
    const row = await monitorRowOf(page, fromMonitorRow);
    await row.locator('button[id$=":block"]').click();
    await page.locator('#monitorForm\\:confirmYes').click();
    return pageNote(page, fromMonitorRow);
  }
  await openProtection(page, { lang });
  await openBlockDialog(page, 'visitor');
  await fillFields([
    [page.locator('#blockForm\\:visitorId'), visitorId],
    [page.locator('#blockForm\\:reason'), reason],
  ]);
  await saveBlock(page);
  await blockRow(page, visitorId).waitFor();
  return pageNote(page, visitorId);
}

/**
 * Blocks an address range (`cidr`); answers the range as the list shows it (canonical form). With
 * `expectRefusal`, answers the refusal shown at the field instead, with the dialog still open.
 */
export async function blockRange(page, { cidr, reason = '', lang, expectRefusal = false } = {}) {
  await openProtection(page, { lang });
  await openBlockDialog(page, 'range');
  await fillFields([
    [page.locator('#blockForm\\:cidr'), cidr],
    [page.locator('#blockForm\\:reason'), reason],
  ]);
  if (expectRefusal) {
    await page.locator('#blockForm\\:save').click();
    const refusal = page.locator('#blockDialog .ui-message-error').first();
    await refusal.waitFor();
    const text = (await refusal.textContent()).trim();
    await page.locator('#blockForm\\:cancel').click();
    await page.locator('#blockDialog').waitFor({ state: 'hidden' });
    return text;
  }
  await saveBlock(page);
  const note = await pageNote(page, '/');
  const shown = note.match(/[0-9a-f:.]+\/\d+/i);
  assert.ok(shown, `the note names the range: ${note}`);
  await blockRow(page, shown[0]).waitFor();
  return shown[0];
}

/** Lifts the block whose target (visitor id or range) is `target`. */
export async function unblock(page, { target, lang } = {}) {
  await openProtection(page, { lang });
  const row = blockRow(page, target);
  await row.locator('button[id$=":unblock"]').click();
  await eventually(`the block of ${target} is gone`, async () => assert.equal(await blockRow(page, target).count(), 0));
}

/**
 * Saves the sensitive words (an array), the mode ('mask' or 'refuse') and which side's messages
 * are screened; answers the page's note.
 */
export async function setSensitiveWords(page, { words, mode = 'mask', screenVisitors = true, screenAgents = true, lang } = {}) {
  await openProtection(page, { lang });
  await page.locator('#wordsForm\\:words').fill(words.join('\n'));
  // PrimeFaces draws its own radio buttons over hidden inputs: their labels are what a person clicks.
  const radio = page.locator(`#wordsForm\\:mode input[value="${mode}"]`);
  await page.locator(`#wordsForm\\:mode label[for="${await radio.getAttribute('id')}"]`).click();
  await eventually(`the mode ${mode} is chosen`, async () => assert.equal(await radio.isChecked(), true));
  for (const [id, on] of [['screenVisitors', screenVisitors], ['screenAgents', screenAgents]]) {
    const box = page.locator(`#wordsForm\\:${id}`);
    const checked = (await box.locator('input').getAttribute('aria-checked')) === 'true' || (await box.locator('.ui-chkbox-box').getAttribute('class')).includes('ui-state-active');
    if (checked !== on) await box.locator('.ui-chkbox-box').click();
  }
  await page.locator('#wordsForm\\:saveWords').click();
  return pageNote(page, String(words.length));
}

/** Opens the protection page. */
export async function openProtection(page, { lang } = {}) {
  if (!/\/admin\/protection\.xhtml/.test(page.url()) || lang) {
    await openConsolePage(page, 'protection.xhtml', { lang });
  }
  await page.locator(BLOCKS).waitFor();
}

function blockRow(page, target) {
  return page.locator(`${BLOCKS} tbody tr.kf-block`).filter({
    has: page.locator('[id$=":blockTarget"]', { hasText: target }),
  });
}

async function openBlockDialog(page, kind) {
  await page.locator(kind === 'range' ? '#blocksForm\\:blockRange' : '#blocksForm\\:blockVisitor').click();
  await page.locator('#blockDialog').waitFor({ state: 'visible' });
  await page.locator(kind === 'range' ? '#blockForm\\:cidr' : '#blockForm\\:visitorId').waitFor();
}

async function saveBlock(page) {
  await page.locator('#blockForm\\:save').click();
  await page.locator('#blockDialog').waitFor({ state: 'hidden' });
}

// Steps on the back office's conversation history (admin/conversations.xhtml), for the history
// test and the end-to-end story of the back office: a visitor's conversation made over the
// widget's socket, the search, the transcript and the CSV export. Elements are found by the ids
// documented in docs/admin-console.md ("Conversations").

import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, eventually, rest } from './kefu.mjs';

const TABLE = '#historyForm\\:historyTable';

/**
 * A visitor of the site (the first of the tenant unless `siteKey` is given) says `text`, as the
 * widget would, from a page of Kefu's own origin; the conversation is closed afterwards unless
 * `keepOpen`. Answers its id.
 */
export async function visitorSays(page, text, { siteKey, keepOpen = false } = {}) {
  const key = siteKey ?? (await rest('GET', 'sites'))[0].siteKey;
  await page.goto('/demo/');
  return page.evaluate(
    ({ key, text, keepOpen }) =>
      new Promise((resolve, reject) => {
        const url = `${location.origin.replace(/^http/, 'ws')}/ws/visitor?site=${encodeURIComponent(key)}`;
        const socket = new WebSocket(url);
        const timer = setTimeout(() => reject(new Error('no answer from the visitor socket')), 20000);
        let conversationId = null;
        socket.onopen = () =>
          socket.send(JSON.stringify({ type: 'hello', protocol: 1, locale: navigator.language, page: { url: location.href, title: 'History test' } }));
        socket.onmessage = (event) => {
          const frame = JSON.parse(event.data);
          if (frame.type === 'welcome') {
            socket.send(JSON.stringify({ type: 'send', clientMsgId: crypto.randomUUID(), text }));
          } else if (frame.type === 'ack' && !conversationId) {
            conversationId = frame.conversationId;
            if (keepOpen) {
              clearTimeout(timer);
              socket.close();
              resolve(conversationId);
            } else {
              socket.send(JSON.stringify({ type: 'close', conversationId }));
            }
          } else if (frame.type === 'closed') {
            clearTimeout(timer);
            socket.close();
            resolve(conversationId);
          } else if (frame.type === 'error') {
            clearTimeout(timer);
            reject(new Error(`visitor socket refused: ${event.data}`));
          }
        };
        socket.onerror = () => reject(new Error('visitor socket failed'));
      }),
    { key, text, keepOpen },
  );
}

/** Opens the conversations page, signing in as the admin first when asked to. */
export async function openHistory(page, { password = ADMIN_PASSWORD } = {}) {
  await page.goto('/admin/conversations.xhtml');
  if (/\/signin\.html/.test(page.url())) {
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/conversations\.xhtml/);
  }
  await page.locator(TABLE).waitFor();
}

/** Switches the console to `lang` ('en' or 'zh') unless it speaks it already. */
export async function speak(page, lang) {
  const want = lang.startsWith('zh') ? 'zh' : 'en';
  const title = want === 'zh' ? '会话记录' : 'Conversations';
  if ((await page.locator('h1').first().textContent()).trim() === title) return;
  await page.locator(`#language\\:${want}`).click();
  await eventually(`the page speaks ${want}`, async () =>
    assert.equal((await page.locator('h1').first().textContent()).trim(), title),
  );
}

/** Waits until PrimeFaces has no request under way (the search's answer is in the page). */
export async function ajaxDone(page) {
  await page.waitForFunction(() => window.PrimeFaces?.ajax?.Queue?.isEmpty?.() ?? true);
}

/** The rows the result table shows now: their cells' texts, and their place in the table. */
export async function historyRows(page) {
  return page.locator(`${TABLE} tbody tr.kf-history-row`).evaluateAll((rows) =>
    rows.map((row, index) => {
      const cell = (name) => row.querySelector(`[id$=":${name}"]`)?.textContent.trim() ?? '';
      return {
        index,
        time: cell('rowTime'),
        site: cell('rowSite'),
        department: cell('rowDepartment'),
        agent: cell('rowAgent'),
        visitor: cell('rowVisitor'),
        state: cell('rowState'),
        rating: cell('rowRating'),
        words: cell('rowWords'),
      };
    }),
  );
}

/**
 * Searches the history for `word` (with the page in `lang`, and optionally `visitor`, `state` or
 * `site` as the form names them) from the conversations page; answers the rows found.
 */
export async function searchHistory(page, { word = '', lang = 'en', visitor = '', state = '' } = {}) {
  if (!/\/admin\/conversations\.xhtml/.test(page.url())) await openHistory(page);
  await speak(page, lang);
  await page.locator('#filterForm\\:words').fill(word);
  await page.locator('#filterForm\\:visitor').fill(visitor);
  if (state) {
    await page.locator('#filterForm\\:state').click();
    await page.locator(`#filterForm\\:state_items li[data-label]`).filter({ hasText: state }).first().click();
  }
  await page.locator('#filterForm\\:search').click();
  await ajaxDone(page);
  await page.locator(`${TABLE} tbody tr`).first().waitFor();
  return historyRows(page);
}

/** Opens a row's transcript in its dialog; answers its lines ({ kind, text }). */
export async function openTranscript(page, row) {
  const dialog = page.locator('#transcriptDialog');
  await page.locator(`${TABLE} tbody tr.kf-history-row`).nth(row.index).locator('button[id$=":open"]').click();
  await ajaxDone(page);
  await dialog.waitFor({ state: 'visible' });
  await page.locator('#transcriptLines li').first().waitFor();
  return page.locator('#transcriptLines li').evaluateAll((lines) =>
    lines.map((li) => ({
      kind: ['message', 'system', 'note'].find((k) => li.classList.contains(`kf-line-${k}`)),
      text: li.querySelector('.kf-line-text')?.textContent ?? '',
    })),
  );
}

/**
 * Erases the open transcript's visitor through its button and the confirmation, after a first
 * Cancel that must keep everything; answers the page's note and the confirmation's text.
 */
export async function eraseTranscriptVisitor(page, { shot } = {}) {
  const erase = page.locator('#transcriptForm\\:eraseVisitor');
  const confirm = page.locator('.ui-confirm-dialog');
  await erase.click();
  await confirm.waitFor({ state: 'visible' });
  await jQueryAnimationsDone(page);
  const question = (await confirm.textContent()).trim();
  if (shot) await shot();
  await confirm.locator('.ui-confirmdialog-no').click();
  await confirm.waitFor({ state: 'hidden' });
  assert.ok(await page.locator('#transcriptDialog').isVisible(), 'Cancel keeps the transcript open');
  await erase.click();
  await confirm.waitFor({ state: 'visible' });
  await confirm.locator('.ui-confirmdialog-yes').click();
  await ajaxDone(page);
  await page.locator('#transcriptDialog').waitFor({ state: 'hidden' });
  await confirm.waitFor({ state: 'hidden' });
  await jQueryAnimationsDone(page);
  const note = page.locator('#messages .ui-messages-info');
  await note.waitFor();
  return { question, note: (await note.textContent()).trim() };
}

/** Waits for PrimeFaces' fades (jQuery animations, which CSS's animation list does not hold). */
async function jQueryAnimationsDone(page) {
  await page.waitForFunction(() => !(window.jQuery && window.jQuery(':animated').length));
}

/** Closes the transcript dialog with Escape. */
export async function closeTranscript(page) {
  await page.keyboard.press('Escape');
  await page.locator('#transcriptDialog').waitFor({ state: 'hidden' });
}

/** Exports the current selection as CSV through the page's link; answers the downloaded text. */
export async function exportCsv(page) {
  return download(page, '#historyForm\\:exportCsv');
}

/** Exports the current selection as JSON; answers the parsed array. */
export async function exportJson(page) {
  return JSON.parse(await download(page, '#historyForm\\:exportJson'));
}

async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(link).click()]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

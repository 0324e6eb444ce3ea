// Reusable steps on the admin console's Sites page (admin/sites.xhtml), found by the stable ids
// listed in docs/admin-console.md: sign in, create, edit and delete a site, and put a site's embed
// code into a page of one of its allowed origins to see the widget as a visitor there.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { ADMIN_PASSWORD, BASE_URL, eventually, fillFields, openPage, widgetOf } from './kefu.mjs';

const TABLE = '#sitesForm\\:sitesTable';
const DIALOG = '#editDialog';

/** Opens the Sites page, signing in as the admin when the console asks for it. */
export async function openSites(page, { username = 'admin', password = ADMIN_PASSWORD } = {}) {
  await page.goto('/admin/sites.xhtml');
  if (/\/signin\.html/.test(page.url())) {
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/sites\.xhtml/);
  }
  await page.locator(TABLE).waitFor();
}

/** Switches the console to `lang` ('en' or 'zh-CN') with the top bar's switch. */
export async function consoleLanguage(page, lang) {
  const zh = lang.startsWith('zh');
  await page.locator(zh ? '#language\\:zh' : '#language\\:en').click();
  await eventually(`the console speaks ${lang}`, async () =>
    assert.equal(await page.locator('html').getAttribute('lang'), zh ? 'zh-CN' : 'en'),
  );
  await page.locator(TABLE).waitFor();
}

/** Narrows the sites table to the sites whose name contains `name`; answers that site's row. */
export async function siteRow(page, name) {
  const filter = page.locator(`${TABLE} th.kf-col-name input`);
  // The table filters as the text changes (filterEvent="input"), after a short delay.
  await filter.fill(name);
  const row = page.locator(`${TABLE} tbody tr`).filter({
    has: page.locator('[id$=":siteName"]', { hasText: name }),
  });
  await eventually(`the table shows only sites named like ${name}`, async () => {
    const names = await page.locator(`${TABLE} tbody [id$=":siteName"]`).allTextContents();
    assert.ok(names.length > 0 && names.every((n) => n.includes(name)), `rows: ${names}`);
  });
  return row.first();
}

/**
 * Fills the open site dialog. `texts` maps '' (the default texts), 'zh-CN' and 'en' to
 * `{ title, greeting, offline, proactive }`; each language has its tab.
 */
export async function fillSiteDialog(page, { name, origin, department, texts = {}, colours = {} } = {}) {
  const dialog = page.locator(DIALOG);
  const fields = [];
  if (name !== undefined) fields.push([dialog.locator('#editForm\\:name'), name]);
  if (origin !== undefined) fields.push([dialog.locator('#editForm\\:origins'), origin]);
  await fillFields(fields);
  if (department) {
    await dialog.locator('#editForm\\:defaultDepartment').click();
    await page.locator('#editForm\\:defaultDepartment_items li').filter({ hasText: department }).first().click();
  }
  const ids = { '': ['widgetTitle', 'greeting', 'offlineText', 'proactiveText'], 'zh-CN': ['zhTitle', 'zhGreeting', 'zhOffline', 'zhProactive'], en: ['enTitle', 'enGreeting', 'enOffline', 'enProactive'] };
  const tabs = { '': '#tab-default', 'zh-CN': '#tab-zh', en: '#tab-en' };
  for (const [lang, set] of Object.entries(texts)) {
    await dialog.locator(tabs[lang]).click();
    const [title, greeting, offline, proactive] = ids[lang];
    // Filled until they hold their values: the dialog's content may still be replaced by the
    // answer that opened it, taking text typed meanwhile with it.
    const typed = [];
    if (set.title !== undefined) typed.push([dialog.locator(`#editForm\\:${title}`), set.title]);
    if (set.greeting !== undefined) typed.push([dialog.locator(`#editForm\\:${greeting}`), set.greeting]);
    if (set.offline !== undefined) typed.push([dialog.locator(`#editForm\\:${offline}`), set.offline]);
    if (set.proactive !== undefined) typed.push([dialog.locator(`#editForm\\:${proactive}`), set.proactive]);
    await fillFields(typed);
  }
  const colourFields = [];
  if (colours.primary !== undefined) colourFields.push([dialog.locator('#editForm\\:primaryColour'), colours.primary]);
  if (colours.text !== undefined) colourFields.push([dialog.locator('#editForm\\:textColour'), colours.text]);
  await fillFields(colourFields);
}

/** Presses Save; answers once the dialog closed (saved) or shows refusals (stays open). */
export async function saveSiteDialog(page) {
  const dialog = page.locator(DIALOG);
  const answered = page.waitForResponse((r) => r.url().includes('/admin/sites.xhtml') && r.request().method() === 'POST');
  await dialog.locator('#editForm\\:save').click();
  await answered;
  await eventually('the save was answered', async () => {
    const open = await dialog.isVisible();
    const refusals = await dialog.locator('.ui-message-error').count();
    assert.ok(!open || refusals > 0, 'the dialog is closed or shows a refusal');
  });
  return !(await dialog.isVisible());
}

/**
 * Creates a site through the dialog ("New site") and answers its site key and its embed code as
 * the page shows it beside its copy button (which is pressed).
 */
export async function createSite(page, { name, origin, department, texts, colours } = {}) {
  await page.locator('#sitesForm\\:create').click();
  await page.locator(DIALOG).waitFor({ state: 'visible' });
  await fillSiteDialog(page, { name, origin, department, texts, colours });
  assert.ok(await saveSiteDialog(page), 'the new site is saved');
  const code = page.locator('#sitesForm\\:createdEmbedCode');
  await code.waitFor();
  await page.locator('#copyCreated').click();
  // What the copy button copies is the code shown: the clipboard of a headless browser cannot be
  // read back reliably (without permission it throws; with it, a read may overtake the write and
  // answer what was copied before).
  const embedCode = (await code.textContent()).trim();
  const siteKey = /data-site="([^"]+)"/.exec(embedCode)?.[1];
  assert.ok(siteKey, `the embed code names the site: ${embedCode}`);
  return { siteKey, embedCode };
}

/** Opens the named site's dialog. */
export async function editSite(page, { name }) {
  const row = await siteRow(page, name);
  await row.locator('button[id$=":edit"]').click();
  await page.locator(DIALOG).waitFor({ state: 'visible' });
}

/** Deletes the named site after the confirmation; answers once its row is gone. */
export async function deleteSite(page, { name }) {
  const row = await siteRow(page, name);
  await row.locator('button[id$=":delete"]').click();
  await page.locator('.ui-confirm-dialog .ui-confirmdialog-yes').click();
  await eventually(`the site ${name} is listed no more`, async () =>
    assert.equal(await page.locator(`${TABLE} tbody [id$=":siteName"]`, { hasText: name }).count(), 0),
  );
}

/**
 * A web shop of the customer's own on this machine (a loopback origin of its own, as a company's
 * web server would be): it serves one page, with whatever embed code it is given. Answers its
 * `origin` (for the site's allowed origins), the page's `url`, `embed(code)` and `close()`.
 */
export async function startShop({ title = 'Shop' } = {}) {
  let embedCode = '';
  const server = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1><p>A shop page with the chat widget.</p>${embedCode}</body></html>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}/shop.html`,
    embed(code) { embedCode = code; },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * What a visitor whose browser speaks `locale` reads in the widget of the shop's page: its title
 * and the text shown while nobody is online. Answers the visitor's page too.
 */
export async function visitorReads(browser, { url, locale }) {
  const page = await openPage(browser, `visitor ${locale}`, { locale, baseURL: BASE_URL });
  await page.goto(url);
  const widget = widgetOf(page);
  await widget.open();
  const offline = widget.part('offline');
  await offline.waitFor();
  return {
    page,
    title: (await widget.host.locator('#kf-title').textContent()).trim(),
    offline: (await offline.textContent()).trim(),
  };
}

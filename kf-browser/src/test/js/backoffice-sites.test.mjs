// The back office's Sites page, in Chinese and again in English: a second site is created with
// texts per language and its embed code copied into a page of its origin, where an English visitor
// reads the English offline text and a Chinese visitor the Chinese one (the page is served by a
// web server of the test's own on a loopback port: the site's allowed origin); invalid input is refused at
// its field in the page's language and nothing of it is saved; the preview follows the typing;
// Escape closes an open select menu and only it; the site is deleted after a confirmation.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { eventually, hasChinese, launchChromium, openPage, rest, screenshots, story } from './support/kefu.mjs';
import {
  consoleLanguage,
  createSite,
  deleteSite,
  fillSiteDialog,
  openSites,
  saveSiteDialog,
  siteRow,
  startShop,
  visitorReads,
} from './support/backoffice-sites.mjs';

for (const lang of ['zh-CN', 'en']) {
  const zh = lang === 'zh-CN';
  describe(`the Sites page in ${lang}`, () => {
    let browser;
    let page;
    const stamp = `${Date.now().toString(36)}${lang === 'en' ? 'e' : 'z'}`;
    // Names after "Demo site": the demo site stays the table's first row for the other stories.
    const name = `Shop ${stamp}`;
    let shop;
    let origin;
    let department;
    let made;
    const shot = screenshots(`backoffice-sites-${lang}`);
    const step = story({
      onFailure: async (what) => {
        if (page) await shot(page, `FAILED-${what.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
      },
    });

    before(async () => {
      browser = await launchChromium();
      shop = await startShop({ title: `Shop ${stamp}` });
      origin = shop.origin;
      // A department nobody works in: the new site's visitors see the offline text.
      department = await rest('POST', 'departments', { name: `Nobody ${stamp}`, timeZone: 'UTC' });
    });

    after(async () => {
      await shop?.close();
      await browser?.close();
    });

    const dialog = () => page.locator('#editDialog');
    const messageAt = (id) => page.locator(`#editForm\\:${id}`).locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " kf-field ") or contains(concat(" ", @class, " "), " kf-colour ")][1]').locator('.ui-message-error');

    step('the admin signs in and opens the Sites page in the chosen language', async () => {
      page = await openPage(browser, `admin ${lang}`, { locale: lang });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await openSites(page);
      await consoleLanguage(page, lang);
      await shot(page, 'sites');
    });

    step('invalid input is refused at its field, in the page language, and nothing is saved', async () => {
      await page.locator('#sitesForm\\:create').click();
      await dialog().waitFor({ state: 'visible' });
      await fillSiteDialog(page, { name: '', origin: 'https://ok.example\nshop.example/cart' });
      assert.equal(await saveSiteDialog(page), false, 'an empty name keeps the dialog open');
      const nameMessage = (await messageAt('name').textContent()).trim();
      assert.ok(nameMessage.length > 0, 'the name field says what is wrong');
      assert.equal(hasChinese(nameMessage), zh, `the refusal is in ${lang}: ${nameMessage}`);
      const originMessage = (await messageAt('origins').textContent()).trim();
      assert.match(originMessage, /2/, `the origins refusal names line 2: ${originMessage}`);
      assert.match(originMessage, /shop\.example\/cart/);
      await shot(page, 'refused-empty-name-bad-origin');

      await fillSiteDialog(page, { name, origin, colours: { primary: '#12345' } });
      assert.equal(await saveSiteDialog(page), false, 'a bad colour keeps the dialog open');
      const colourMessage = (await messageAt('primaryColour').textContent()).trim();
      assert.equal(hasChinese(colourMessage), zh, `the colour refusal is in ${lang}: ${colourMessage}`);
      await shot(page, 'refused-bad-colour');

      await fillSiteDialog(page, { name: 'Demo site', colours: { primary: '#123456' } });
      assert.equal(await saveSiteDialog(page), false, 'a name taken keeps the dialog open');
      const taken = (await messageAt('name').textContent()).trim();
      assert.equal(hasChinese(taken), zh, `the duplicate-name refusal is in ${lang}: ${taken}`);
      await shot(page, 'refused-duplicate-name');

      const sites = await rest('GET', 'sites');
      assert.equal(sites.filter((s) => s.name === name || s.allowedOrigins.includes(origin)).length, 0,
        'nothing of the refused site was saved');
    });

    step('Escape closes the open select menu and only it; the next Escape the dialog', async () => {
      await page.locator('#editForm\\:defaultDepartment').click();
      const menu = page.locator('#editForm\\:defaultDepartment_panel');
      await menu.waitFor({ state: 'visible' });
      await shot(page, 'select-menu-open');
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden' });
      assert.ok(await dialog().isVisible(), 'the dialog stays open');
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'hidden' });
    });

    step('the preview follows the unsaved texts and colours as the admin types', async () => {
      await page.locator('#sitesForm\\:create').click();
      await dialog().waitFor({ state: 'visible' });
      const preview = page.locator('#sitePreview');
      await fillSiteDialog(page, {
        texts: { en: { title: 'Typing preview', offline: 'Typed offline text' } },
        colours: { primary: '#aa2200' },
      });
      await eventually('the preview shows the English title', async () =>
        assert.equal((await preview.locator('[data-kf-out="title"]').textContent()).trim(), 'Typing preview'));
      assert.equal((await preview.locator('[data-kf-out="offline"]').textContent()).trim(), 'Typed offline text');
      const launcher = await preview.locator('[data-kf-out="launcher"]').evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.equal(launcher, 'rgb(170, 34, 0)', 'the launcher takes the main colour');
      assert.equal(await page.locator('input.kf-colour-swatch').first().inputValue(), '#aa2200',
        'the colour picker follows the typed colour');
      await shot(page, 'preview-follows-typing');
      await page.locator('#tab-zh').click();
      await eventually('the Chinese tab shows the default title in its language', async () =>
        assert.ok(hasChinese(await preview.locator('[data-kf-out="title"]').textContent())));
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'hidden' });
    });

    step('a second site is created with texts per language and its embed code is copied', async () => {
      made = await createSite(page, {
        name,
        origin,
        department: department.name,
        texts: {
          '': { title: `Default ${stamp}`, offline: `默认离线 ${stamp}` },
          'zh-CN': { title: `中文标题 ${stamp}`, offline: `中文离线文字 ${stamp}`, greeting: '您好！' },
          en: { title: `English title ${stamp}`, offline: `English offline text ${stamp}`, greeting: 'Hello!' },
        },
        colours: { primary: '#0a7d5a', text: '#ffffff' },
      });
      assert.match(made.embedCode, /^<script async src="http[^"]+\/widget\.js" data-site="[^"]+"><\/script>$/);
      shop.embed(made.embedCode);
      await shot(page, 'site-created-embed-code');
      const row = await siteRow(page, name);
      assert.equal((await row.locator('[id$=":siteKey"]').textContent()).trim(), made.siteKey);
    });

    step('the dialog shows the stored texts; desktop and phone', async () => {
      const row = await siteRow(page, name);
      await row.locator('button[id$=":edit"]').click();
      await dialog().waitFor({ state: 'visible' });
      await page.locator('#tab-en').click();
      assert.equal(await page.locator('#editForm\\:enOffline').inputValue(), `English offline text ${stamp}`);
      await shot(page, 'edit-dialog-desktop');
      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, 'edit-dialog-phone');
      await page.keyboard.press('Escape');
      await dialog().waitFor({ state: 'hidden' });
      await shot(page, 'sites-phone');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    step('an English visitor reads the English offline text, a Chinese visitor the Chinese one', async () => {
      const english = await visitorReads(browser, { url: shop.url, locale: 'en-US' });
      assert.equal(english.offline, `English offline text ${stamp}`);
      assert.equal(english.title, `English title ${stamp}`);
      await shot(english.page, 'visitor-en');
      const chinese = await visitorReads(browser, { url: shop.url, locale: 'zh-CN' });
      assert.equal(chinese.offline, `中文离线文字 ${stamp}`);
      assert.equal(chinese.title, `中文标题 ${stamp}`);
      await shot(chinese.page, 'visitor-zh');
      const french = await visitorReads(browser, { url: shop.url, locale: 'fr-FR' });
      assert.equal(french.offline, `English offline text ${stamp}`,
        'the widget speaks English to other languages, and so do the site texts');
      await Promise.all([english, chinese, french].map((v) => v.page.context().close()));
    });

    step('the site is deleted after a confirmation and its widget refused', async () => {
      await deleteSite(page, { name });
      await shot(page, 'site-deleted');
      const sites = await rest('GET', 'sites');
      assert.equal(sites.filter((s) => s.siteKey === made.siteKey).length, 0, 'no longer listed');
      const visitor = await openPage(browser, 'visitor after deletion', { locale: 'en' });
      const refused = visitor.waitForEvent('websocket').then((ws) =>
        new Promise((resolve) => { ws.on('socketerror', () => resolve(true)); ws.on('close', () => resolve(true)); }));
      await visitor.goto(shop.url);
      assert.ok(await refused, 'the widget of a deleted site gets no socket');
      await visitor.context().close();
      assert.deepEqual(page.kfErrors, [], 'no script of the console failed');
    });
  });
}

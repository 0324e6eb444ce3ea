// The back office's protection and live monitor, in English and in Chinese: a visitor on the demo
// page shows in the live monitor, a sensitive word is refused beside the widget's input, an
// invitation opens the widget with the admin's greeting, a block from the monitor closes the
// widget with a polite line in the visitor's language, and a range is blocked (and a range that
// is none refused at its field). Everything is unblocked again, so the server stays usable for the
// files that run after this one.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { colleagueOnDuty, eventually, launchChromium, openPage, screenshots, story, widgetOf } from './support/kefu.mjs';
import {
  blockRange,
  blockVisitor,
  inviteFromMonitor,
  monitorRowOf,
  openMonitor,
  openProtection,
  setSensitiveWords,
  unblock,
} from './support/backoffice-protection.mjs';

const TEXTS = {
  en: { blocked: 'This chat is not available to you.', refused: /not sent/, invited: /invites you to chat/ },
  'zh-CN': { blocked: '您暂时无法使用在线咨询。', refused: /未发送/, invited: /邀请您对话/ },
};

for (const lang of ['en', 'zh-CN']) {
  describe(`protection and the live monitor (${lang})`, () => {
    let browser;
    let colleague;
    let admin;
    let visitor;
    let widget;
    let visitorId;
    const run = `${lang}-${Date.now().toString(36)}`;
    const word = `违禁${Date.now().toString(36)}`;
    const shot = screenshots(`backoffice-protection-${lang}`);
    const phone = { width: 390, height: 844 };
    const desktop = { width: 1280, height: 800 };

    /** Screenshots the admin's page at desktop width and at 390 px. */
    async function both(name) {
      await shot(admin, `${name}-desktop`);
      await admin.setViewportSize(phone);
      await shot(admin, `${name}-390`);
      await admin.setViewportSize(desktop);
    }

    const step = story({
      onFailure: async (name) => {
        const tag = `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`;
        if (admin) await shot(admin, `${tag}-admin`);
        if (visitor) await shot(visitor, `${tag}-visitor`);
      },
    });

    before(async () => {
      browser = await launchChromium();
      colleague = await colleagueOnDuty(browser);
    });

    after(async () => {
      await browser?.close();
    });

    step('a visitor on the demo page shows in the live monitor', async () => {
      visitor = await openPage(browser, `visitor ${lang}`, { locale: lang });
      await visitor.goto('/demo/');
      widget = widgetOf(visitor);
      await widget.open();
      await widget.host.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
      visitorId = await visitor.evaluate(() => window.Kefu.state.visitorId);
      assert.match(visitorId, /^v-/);
      admin = await openPage(browser, `admin ${lang}`, { locale: lang, viewport: desktop });
      const rows = await openMonitor(admin, { lang });
      assert.ok(Array.isArray(rows));
      const row = await monitorRowOf(admin, visitorId);
      assert.match((await row.locator('[id$=":visitorUrl"]').textContent()) ?? '', /\/demo\//);
      await both('monitor');
    });

    step('a sensitive word in refuse mode is refused beside the widget input', async () => {
      await setSensitiveWords(admin, { words: [word, 'scam'], mode: 'refuse', lang });
      assert.equal(await admin.locator('#wordsForm\\:words').inputValue(), `${word}\nscam`);
      await both('protection-words');
      await widget.input.fill(`我想问 ${word} 的事`);
      await widget.send.click();
      await widget.host.locator('[data-kf="msg"][data-state="failed"]').waitFor();
      await eventually('the widget says why', async () =>
        assert.match(await widget.host.locator('.notice').textContent(), TEXTS[lang].refused),
      );
      await shot(visitor, 'widget-message-refused');
    });

    step('an invitation from the monitor opens the widget with the greeting', async () => {
      await widget.part('close').click();
      await inviteFromMonitor(admin, { visitorId, text: `Hi ${run}`, lang });
      const line = widget.host.locator('[data-kf="invite"]');
      await line.waitFor();
      assert.match(await line.textContent(), TEXTS[lang].invited);
      assert.match(await line.textContent(), new RegExp(`Hi ${run}`));
      await shot(visitor, 'widget-invited');
    });

    step('blocking the visitor from the monitor closes their widget politely', async () => {
      await blockVisitor(admin, { fromMonitorRow: visitorId, lang });
      const polite = widget.host.locator('[data-kf="blocked"]');
      await polite.waitFor();
      assert.equal((await polite.textContent()).trim(), TEXTS[lang].blocked);
      assert.equal(await widget.input.isVisible(), false);
      await shot(visitor, 'widget-blocked');
      await visitor.setViewportSize(phone);
      await shot(visitor, 'widget-blocked-390');
      // A reload is refused again, at hello.
      await visitor.reload();
      await widget.open();
      await widget.host.locator('[data-kf="blocked"]').waitFor();
    });

    step('the protection page lists the block; a range is blocked, and one that is none refused', async () => {
      await openProtection(admin, { lang });
      const refusal = await blockRange(admin, { cidr: '10.0.0.0/33', lang, expectRefusal: true });
      assert.ok(refusal.length > 0, 'the refusal is shown at the range field');
      const octet = Math.floor(Math.random() * 250) + 1;
      const shown = await blockRange(admin, { cidr: `203.0.113.${octet}/24`, reason: run, lang });
      assert.equal(shown, '203.0.113.0/24');
      await both('protection-blocks');
      await unblock(admin, { target: shown, lang });
      await unblock(admin, { target: visitorId, lang });
      await setSensitiveWords(admin, { words: [], mode: 'mask', lang });
      await visitor.reload();
      await widget.open();
      await widget.host.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
      assert.equal(await widget.host.locator('[data-kf="blocked"]').isVisible(), false);
    });

    step('the colleague goes off duty', async () => {
      await colleague.close();
    });
  });
}

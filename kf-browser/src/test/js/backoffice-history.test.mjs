// The back office's conversation history, in English and in Chinese: a visitor's conversation is
// found by a word of its message, its transcript opens, and the CSV and JSON exports of the
// selection hold it; a visitor who asks for it is erased from the transcript, and their open
// widget forgets them. Desktop and phone (390 px) screenshots of the page and the transcript.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  colleagueOnDuty,
  eventually,
  launchChromium,
  openPage,
  screenshots,
  story,
  widgetOf,
} from './support/kefu.mjs';
import {
  closeTranscript,
  eraseTranscriptVisitor,
  exportCsv,
  exportJson,
  openHistory,
  openTranscript,
  searchHistory,
  visitorSays,
} from './support/backoffice-history.mjs';

describe('the conversation history of the back office', () => {
  let browser;
  let page;
  const shot = screenshots('backoffice-history');
  const tag = Date.now().toString(36);
  const english = `parcel${tag}`;
  const chinese = `发票${tag}`;
  const ids = {};

  const step = story({
    onFailure: async (name) => {
      if (page) await shot(page, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
    },
  });

  before(async () => {
    browser = await launchChromium();
    // Someone on duty, so that the demo page's widget offers a chat rather than a form.
    await colleagueOnDuty(browser);
  });

  after(async () => {
    await browser?.close();
  });

  step('two visitors write, one in English and one in Chinese', async () => {
    const visitor = await openPage(browser, 'visitor', { locale: 'en-US' });
    ids.en = await visitorSays(visitor, `Hello, where is my ${english}? It is late.`);
    ids.zh = await visitorSays(visitor, `你好，请问${chinese}什么时候开？`);
    assert.ok(ids.en && ids.zh);
    await visitor.context().close();
  });

  for (const lang of ['en', 'zh']) {
    const word = lang === 'en' ? english : chinese;
    const other = lang === 'en' ? chinese : english;

    step(`${lang}: the admin finds the conversation by a word of its message`, async () => {
      page ??= await openPage(browser, 'admin', { locale: 'en' });
      await openHistory(page);
      await shot(page, `${lang}-page`);
      const rows = await searchHistory(page, { word, lang });
      assert.equal(rows.length, 1, `one conversation holds ${word}: ${JSON.stringify(rows)}`);
      assert.ok(rows[0].words.includes(word), `its first words show ${word}`);
      assert.equal((await searchHistory(page, { word: `${word} ${other}`, lang })).length, 0);
      const again = await searchHistory(page, { word, lang });
      await shot(page, `${lang}-found`);
      const lines = await openTranscript(page, again[0]);
      assert.ok(lines.some((l) => l.kind === 'message' && l.text.includes(word)), 'the transcript holds the message');
      await shot(page, `${lang}-transcript`);
      await closeTranscript(page);
    });

    step(`${lang}: the CSV and JSON exports hold the selection`, async () => {
      const csv = await exportCsv(page);
      const lines = csv.split('\r\n').filter(Boolean);
      assert.equal(lines.length, 2, `the header and one row: ${csv}`);
      assert.ok(lines[0].startsWith('\uFEFFid,started_at'), 'the header, after a byte order mark');
      assert.ok(lines[1].startsWith(lang === 'en' ? ids.en : ids.zh), 'the conversation found');
      assert.ok(lines[1].includes(word));
      const json = await exportJson(page);
      assert.deepEqual(json.map((r) => r.id), [lang === 'en' ? ids.en : ids.zh]);
    });

    step(`${lang}: the page and the transcript read on a phone`, async () => {
      const phone = await openPage(browser, `phone-${lang}`, {
        locale: lang === 'en' ? 'en' : 'zh-CN',
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      await openHistory(phone);
      const rows = await searchHistory(phone, { word, lang });
      assert.equal(rows.length, 1);
      await shot(phone, `${lang}-phone-found`);
      await openTranscript(phone, rows[0]);
      await shot(phone, `${lang}-phone-transcript`);
      const box = await phone.locator('#transcriptDialog').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 390.5, `the transcript within the phone's screen: ${JSON.stringify(box)}`);
      const overflow = await phone
        .locator('#transcriptDialog .ui-dialog-content')
        .evaluate((content) => content.scrollWidth - content.clientWidth);
      assert.ok(overflow <= 1, `the transcript's content is ${overflow} px wider than its dialog`);
      assert.deepEqual(phone.kfErrors, [], 'uncaught errors on the phone');
      await phone.context().close();
    });
  }

  for (const lang of ['en', 'zh']) {
    step(`${lang}: a visitor's data is erased from the transcript, and their open widget forgets it`, async () => {
      const visitor = await openPage(browser, `visitor to erase, ${lang}`, {
        locale: lang === 'en' ? 'en-US' : 'zh-CN',
        ...(lang === 'zh' ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
      });
      await visitor.goto('/demo/');
      const widget = widgetOf(visitor);
      await widget.open();
      const secret = `passport${tag}${lang}`;
      await widget.sendMessage(`My ${secret} is attached`, 1);
      await shot(visitor, `${lang}-widget-before-erasure`);

      const rows = await searchHistory(page, { word: secret, lang });
      assert.equal(rows.length, 1, `the visitor's conversation: ${JSON.stringify(rows)}`);
      await openTranscript(page, rows[0]);
      const { question, note } = await eraseTranscriptVisitor(page, {
        shot: () => shot(page, `${lang}-erase-confirmation`),
      });
      assert.match(question, lang === 'en' ? /all their conversations/ : /所有会话/, 'the question says what goes');
      assert.match(note, lang === 'en' ? /erased: 1 conversation, 1 message, no files/ : /已删除：1 个会话，1 条消息/);
      await shot(page, `${lang}-erased`);
      assert.equal((await searchHistory(page, { word: secret, lang })).length, 0, 'nothing of it is found');

      await eventually('the widget forgot the conversation', async () => {
        assert.equal(await widget.host.locator('[data-kf="msg"]').count(), 0);
        const kept = await visitor.evaluate(() =>
          Object.keys(localStorage).filter((k) => k.startsWith('kefu:') && k.endsWith(':history')),
        );
        assert.deepEqual(kept, [], 'no stored history');
        // and comes back at once as a new visitor, ready to chat
        assert.equal(await widget.part('connection').getAttribute('data-state'), 'open');
      });
      await shot(visitor, `${lang}-widget-after-erasure`);
      assert.deepEqual(visitor.kfErrors, [], 'uncaught errors on the visitor page');
      await visitor.context().close();
    });
  }

  step('no script failed', async () => {
    assert.deepEqual(page.kfErrors, [], 'uncaught errors');
  });
});

// The widget and the sign-in page in both languages, and the widget on a phone-sized screen.
// Nothing here sends a message, so no conversation is opened on the shared server.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  colleagueOnDuty,
  eventually,
  hasChinese,
  launchChromium,
  openPage,
  screenshots,
  story,
  switchLanguage,
  widgetOf,
} from './support/kefu.mjs';

describe('the widget and the sign-in page in two languages and on a phone', () => {
  let browser;
  const pages = [];
  const shot = screenshots('widget');
  const step = story({
    onFailure: async (name) => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      for (const page of pages) if (!page.isClosed()) await shot(page, `FAILED-${slug}`);
    },
  });

  before(async () => {
    browser = await launchChromium();
    // With nobody available the widget offers only the leave-a-message form.
    await colleagueOnDuty(browser);
  });

  after(async () => {
    await browser?.close();
  });

  async function demo(options) {
    const page = await openPage(browser, `visitor ${options.locale}`, options);
    pages.push(page);
    await page.goto('/demo/');
    const widget = widgetOf(page);
    await widget.open();
    await widget.input.waitFor();
    return { page, widget };
  }

  /** The widget's own words: the input's placeholder and the send and close buttons' labels. */
  async function widgetTexts(widget) {
    const labels = async (locator) => [
      await locator.textContent(),
      await locator.getAttribute('aria-label'),
      await locator.getAttribute('title'),
    ];
    const texts = [
      await widget.input.getAttribute('placeholder'),
      ...(await labels(widget.send)),
      ...(await labels(widget.part('close'))),
    ];
    return texts.map((t) => (t ?? '').trim()).filter(Boolean).join(' | ');
  }

  step('a zh-CN browser gets the widget in Chinese', async () => {
    const { page, widget } = await demo({ locale: 'zh-CN' });
    const texts = await widgetTexts(widget);
    assert.ok(hasChinese(texts), `Chinese labels expected: ${texts}`);
    await shot(page, 'zh-CN-widget');
    await page.context().close();
  });

  step('an English browser gets the widget in English', async () => {
    const { page, widget } = await demo({ locale: 'en-US' });
    const texts = await widgetTexts(widget);
    assert.ok(texts !== '' && !hasChinese(texts), `English labels expected: ${texts}`);
    await shot(page, 'en-US-widget');
    await page.context().close();
  });

  step('on a phone (375x740) the open widget fits the screen and closes again', async () => {
    const viewport = { width: 375, height: 740 };
    const { page, widget } = await demo({ locale: 'zh-CN', viewport, isMobile: true, hasTouch: true });
    await eventually('the open panel lies within the screen', async () => {
      const box = await widget.panel.boundingBox();
      assert.ok(box, 'the panel is laid out');
      assert.ok(box.x >= 0 && box.y >= 0, `panel starts on screen: ${JSON.stringify(box)}`);
      assert.ok(box.x + box.width <= viewport.width + 0.5, `panel fits the width: ${JSON.stringify(box)}`);
      assert.ok(box.y + box.height <= viewport.height + 0.5, `panel fits the height: ${JSON.stringify(box)}`);
    });
    const send = await widget.send.boundingBox();
    assert.ok(send && send.x + send.width <= viewport.width, `send button on screen: ${JSON.stringify(send)}`);
    await shot(page, 'phone-widget-open');

    await widget.part('close').click();
    await widget.host.locator('[data-kf="panel"][data-open="false"]').waitFor({ state: 'attached' });
    await widget.panel.waitFor({ state: 'hidden' });
    await widget.launcher.waitFor();
    await shot(page, 'phone-widget-closed');
    await page.context().close();
  });

  step('the sign-in page follows the browser language and switches on request', async () => {
    const page = await openPage(browser, 'sign-in', { locale: 'en-US' });
    pages.push(page);
    await page.goto('/signin.html');
    const submit = page.locator('button[type=submit]');
    await submit.waitFor();
    const english = (await submit.textContent()).trim();
    assert.ok(english !== '' && !hasChinese(english), `an English sign-in button: ${english}`);
    await shot(page, 'signin-english');

    await switchLanguage(page);
    await eventually('the sign-in page is in Chinese', async () =>
      assert.ok(hasChinese(await submit.textContent()), `button now: ${await submit.textContent()}`),
    );
    await shot(page, 'signin-chinese');
    await page.context().close();
  });
});

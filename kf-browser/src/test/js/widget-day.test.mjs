// A day of chats as visitors live it, walked twice: on a desktop in English and on a 390 x 844
// phone in Chinese. Each walk has a shop of its own (department, agent, site and page), so what
// it does to who is online touches no other story. It asserts what visitors saw go wrong before:
// "online" when nobody was, a reload that closed the chat, a greeting that took over the phone, a
// chat button over the page's own, a pre-chat form with one error line and small fonts, a
// message left that still asked to leave one, transcripts without files and in UTC only, images
// cut off at the bottom, server errors in English, and addresses that were not links.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import {
  eventually,
  expectNoProblems,
  launchChromium,
  openPage,
  rest,
  screenshots,
  story,
  widgetOf,
} from './support/kefu.mjs';
import { consoleLanguage, openSites, saveSiteDialog, siteRow } from './support/backoffice-sites.mjs';
import { png } from './support/files.mjs';
import {
  agentOf,
  inputFontSizes,
  openShop,
  overlaps,
  scrollState,
  startShopServer,
  visitorIdOf,
  widgetSettings,
} from './support/widget-day.mjs';

const RUN = Date.now().toString(36);

/** The widget's own words that the story expects, in each language (widget.js, TEXTS). */
const WORDS = {
  en: {
    online: 'Online · we reply in a few minutes',
    away: 'We are away right now',
    required: 'Please fill this in.',
    badEmail: 'Please enter a valid email address, such as name@example.com.',
    startHint: 'Type your question below; an agent will answer as soon as possible.',
    leftBanner: 'Your message was sent. We will answer through the contact you left as soon as we can.',
    badRequest: 'The message could not be sent. Please check it and try again.',
    generic: 'Something went wrong. Please try again shortly.',
    image: '[Image: tall.png]',
    system: 'Kefu: ',
    me: 'Me: ',
    bottomBad: 'Write a whole number of pixels from 0 to 400.',
    left: 'Left',
    right: 'Right',
    orderLabel: 'Order number',
    answers: 'Before the chat you told us:\n  Order number: A-1001\n',
  },
  'zh-CN': {
    online: '在线 · 通常几分钟内回复',
    away: '客服暂时不在线',
    required: '请填写此项。',
    badEmail: '请填写正确的邮箱地址，例如 name@example.com。',
    startHint: '请在下方输入您的问题，发送后客服会尽快回复您。',
    leftBanner: '留言已发送。我们会尽快通过您留下的联系方式回复您。',
    badRequest: '消息无法发送，请检查内容后重试。',
    generic: '出了点问题，请稍后再试。',
    image: '[图片：tall.png]',
    system: '系统: ',
    me: '我: ',
    bottomBad: '请填写 0 到 400 之间的整数像素。',
    left: '左侧',
    right: '右侧',
    orderLabel: '订单号',
    answers: '聊天前填写的信息：\n  订单号：A-1001\n',
  },
};

const WALKS = [
  {
    name: 'desktop-en',
    lang: 'en',
    context: { locale: 'en-US', viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Berlin' },
    position: { side: 'left', bottom: 96 },
    proactiveText: 'Looking for a kettle? Ask us.',
    greeting: 'Hello from the tea shop!',
  },
  {
    name: 'phone-zh',
    lang: 'zh-CN',
    context: {
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Asia/Shanghai',
    },
    position: { side: 'right', bottom: 88 },
    proactiveText: '想找水壶吗？问问我们。',
    greeting: '欢迎光临茶叶店！',
  },
];

for (const walk of WALKS) {
  const words = WORDS[walk.lang];

  describe(`a visitor's day with the widget, ${walk.name}`, () => {
    let browser;
    let shopServer;
    let shop;
    let agent;
    let page;
    let widget;
    let conversationId;
    const shot = screenshots(`widget-day-${walk.name}`);
    const step = story({
      onFailure: async (name) => {
        if (page && !page.isClosed()) await shot(page, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
      },
    });

    before(async () => {
      browser = await launchChromium();
      shopServer = await startShopServer();
    });

    after(async () => {
      await agent?.close();
      await browser?.close();
      await shopServer?.close();
    });

    const sub = () => widget.part('availability');
    const tap = (locator) => (walk.context.hasTouch ? locator.tap() : locator.click());

    step('a shop of its own, with an agent who is not online yet', async () => {
      shop = await openShop(
        `${walk.name}-${RUN}`,
        widgetSettings({ ...walk.position, proactiveText: walk.proactiveText, orderLabel: words.orderLabel }),
        { greeting: walk.greeting, shopServer, lang: walk.lang },
      );
      agent = await agentOf(shop);
      page = await openPage(browser, `visitor ${walk.name}`, walk.context);
      // Refusals the server seldom sends are provoked here, on the visitor's real socket.
      await page.routeWebSocket(/\/ws\/visitor/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          const frame = JSON.parse(message);
          const provoked = frame.type === 'send' && /^kf-provoke (\S+)/.exec(frame.text ?? '');
          if (provoked) {
            ws.send(JSON.stringify({ type: 'error', code: provoked[1], message: 'text must not be empty', ref: frame.clientMsgId }));
          } else {
            server.send(message);
          }
        });
      });
      widget = widgetOf(page);
    });

    step('the chat button sits on the side and at the height the site set, clear of the cart', async () => {
      await page.goto(shop.url);
      await widget.launcher.waitFor();
      const { width, height } = walk.context.viewport;
      await eventually('the button has moved to its place', async () => {
        const button = await widget.launcher.boundingBox();
        assert.ok(Math.abs(height - (button.y + button.height) - walk.position.bottom) <= 1, JSON.stringify(button));
        assert.equal(button.x + button.width / 2 < width / 2, walk.position.side === 'left', JSON.stringify(button));
        assert.ok(!overlaps(button, await page.locator('#cart').boundingBox()), 'the chat button covers the cart');
      });
      await shot(page, 'button-beside-the-cart');
    });

    step('the proactive greeting: the panel on a desktop, a small bubble on a phone', async () => {
      if (walk.context.isMobile) {
        const bubble = widget.part('proactive-bubble');
        await bubble.waitFor();
        assert.equal(await widget.panel.getAttribute('data-open'), 'false', 'the phone panel opened by itself');
        assert.equal((await bubble.textContent()).trim(), walk.proactiveText);
        await shot(page, 'greeting-bubble');
        await tap(bubble.locator('.nudge-open'));
      }
      await page.locator('#kefu-widget [data-kf="panel"][data-open="true"]').waitFor();
      assert.equal((await widget.part('proactive').textContent()).trim(), walk.proactiveText);
      assert.equal(await widget.part('proactive-bubble').isVisible(), false);
      // Nobody is online: the header says so, and a message can be left.
      await eventually('the header says away', async () => assert.equal((await sub().textContent()).trim(), words.away));
      await widget.part('leave').waitFor();
      await shot(page, 'greeting-in-the-panel');
    });

    step('a message left while nobody is there: the banner then says it was sent', async () => {
      await tap(widget.part('leave-send'));
      for (const field of ['name', 'contact', 'text']) {
        assert.equal((await widget.part(`field-error-${field}`).textContent()).trim(), words.required, field);
      }
      await widget.part('field-name').fill('Li Lei');
      await widget.part('field-contact').fill('li@example.com');
      await widget.part('field-text').fill('Please call me about the kettle.');
      await tap(widget.part('leave-send'));
      await widget.part('left').waitFor();
      const banner = page.locator('#kefu-widget [data-kf="offline"][data-state="left"]');
      await banner.waitFor();
      assert.equal((await banner.textContent()).trim(), words.leftBanner);
      await shot(page, 'message-left');
    });

    step('the open widget follows the agent: online, away, online again, without a reload', async () => {
      await agent.status('online');
      await eventually('the header says online', async () => assert.equal((await sub().textContent()).trim(), words.online));
      assert.equal(await widget.part('offline').isVisible(), false);
      await widget.part('prechat').waitFor();
      await shot(page, 'agent-online');

      await agent.status('away');
      await eventually('the header says away', async () => assert.equal((await sub().textContent()).trim(), words.away));
      await widget.part('offline').waitFor();
      await widget.part('leave').waitFor();
      await shot(page, 'agent-away');

      await agent.status('online');
      await eventually('the header says online', async () => assert.equal((await sub().textContent()).trim(), words.online));
      await widget.part('prechat').waitFor();
    });

    step("an agent's invitation: the panel on a desktop, the bubble on a phone until a tap", async () => {
      const text = walk.lang === 'en' ? 'Can I help you choose a kettle?' : '需要帮您挑选水壶吗？';
      const invitation = walk.lang === 'en' ? `${shop.agentAccount.name} invites you to chat: ${text}` : `${shop.agentAccount.name} 邀请您对话：${text}`;
      // The visitor closes the panel (on a phone it covers the button, and closes from its head).
      await tap(widget.part('close'));
      await page.locator('#kefu-widget [data-kf="panel"][data-open="false"]').waitFor({ state: 'attached' });
      await agent.invite(await visitorIdOf(page, shop), text);
      if (walk.context.isMobile) {
        const bubble = widget.part('proactive-bubble');
        await bubble.waitFor();
        assert.equal((await bubble.textContent()).trim(), invitation);
        assert.equal(await widget.panel.getAttribute('data-open'), 'false', 'the invitation took over the phone');
        await shot(page, 'invitation-bubble');
        await tap(bubble.locator('.nudge-open'));
      }
      await page.locator('#kefu-widget [data-kf="panel"][data-open="true"]').waitFor();
      assert.equal((await widget.part('invite').textContent()).trim(), invitation);
      assert.equal(await widget.part('proactive-bubble').isVisible(), false);
      await shot(page, 'invitation-in-the-panel');
    });

    step('the pre-chat form: 16 px fields, each refusal beside its field, a hint after "Start"', async () => {
      for (const { what, size } of await inputFontSizes(page)) assert.ok(size >= 16, `${what}: ${size}px`);

      await widget.part('field-name').fill('');
      await widget.part('field-email').fill('');
      await tap(widget.part('start'));
      for (const field of ['name', 'email']) {
        assert.equal((await widget.part(`field-error-${field}`).textContent()).trim(), words.required, field);
        assert.equal(await widget.part(`field-${field}`).getAttribute('aria-invalid'), 'true', field);
      }
      assert.equal(await page.locator('#kefu-widget .notice').isVisible(), false, 'no error line at the bottom');
      await widget.part('field-name').fill('Li Lei');
      await widget.part('field-email').fill('li@example');
      await tap(widget.part('start'));
      assert.equal((await widget.part('field-error-email').textContent()).trim(), words.badEmail);
      assert.equal(await widget.part('field-error-name').isVisible(), false);
      await shot(page, 'prechat-refusals');

      // An address the widget's own check lets through and the server refuses.
      await widget.part('field-email').fill('li@exa,mple.com');
      await tap(widget.part('start'));
      await widget.part('start-hint').waitFor();
      assert.equal((await widget.part('start-hint').textContent()).trim(), words.startHint);
      assert.equal((await widget.part('greeting').textContent()).trim(), walk.greeting);
      await shot(page, 'prechat-started');

      await widget.input.fill('Where is my kettle?');
      await tap(widget.send);
      await widget.part('prechat').waitFor();
      const refusal = widget.part('field-error-email');
      await refusal.waitFor();
      assert.equal((await refusal.textContent()).trim(), words.badEmail);
      assert.equal(await widget.part('field-email').inputValue(), 'li@exa,mple.com');
      await shot(page, 'prechat-refused-by-the-server');

      await widget.part('field-email').fill('li@example.com');
      await widget.part('field-order').fill('A-1001');
      await tap(widget.part('start'));
      assert.equal(await widget.input.inputValue(), 'Where is my kettle?', 'the refused message waits in the input');
      await tap(widget.send);
      await page
        .locator('#kefu-widget [data-kf="msg"][data-sender="visitor"][data-seq="1"]:is([data-state="sent"],[data-state="read"])')
        .waitFor();
      assert.equal(await widget.part('start-hint').count(), 0);
      conversationId = (await agent.next('conversation')).conversation.id;
    });

    step('addresses in messages are links; markup and javascript: stay text', async () => {
      const text = 'Manual: https://example.com/kettle?model=7. Not <img src=x onerror=alert(1)> nor javascript:alert(1)';
      await agent.say(conversationId, text);
      const message = page.locator('#kefu-widget [data-kf="msg"][data-sender="agent"]').last();
      await message.waitFor();
      assert.equal((await message.locator('[data-kf="text"]').textContent()).trim(), text);
      const links = message.locator('a[data-kf="link"]');
      assert.equal(await links.count(), 1);
      assert.equal(await links.getAttribute('href'), 'https://example.com/kettle?model=7');
      assert.equal(await links.getAttribute('target'), '_blank');
      assert.equal(await links.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(await links.textContent(), 'https://example.com/kettle?model=7');
      assert.equal(await message.locator('img').count(), 0, 'markup became an element');
      await shot(page, 'link');
    });

    step('an image shows whole at the bottom once it has loaded', async () => {
      await agent.sendFile(conversationId, 'tall.png', png(240, 720, [40, 120, 200]));
      await eventually('the image is loaded and in view at the bottom', async () => {
        const state = await scrollState(page);
        assert.ok(state.imageLoaded && state.atBottom && state.imageInView, JSON.stringify(state));
      });
      await shot(page, 'image-in-view');
    });

    step('a reload mid-chat opens the panel again, as it was', async () => {
      await page.reload();
      await page.locator('#kefu-widget [data-kf="panel"][data-open="true"]').waitFor();
      await page.locator('#kefu-widget [data-kf="msg"][data-sender="agent"]').first().waitFor();
      await eventually('the image is in view at the bottom', async () => {
        const state = await scrollState(page);
        assert.ok(state.imageLoaded && state.atBottom, JSON.stringify(state));
      });
      await shot(page, 'after-reload');
    });

    step("refusals of the server read in the page's language", async () => {
      for (const [code, expected] of [
        ['bad_request', words.badRequest],
        ['no_such_code', words.generic],
      ]) {
        await widget.input.fill(`kf-provoke ${code}`);
        await tap(widget.send);
        const failed = page
          .locator('#kefu-widget [data-kf="msg"][data-state="failed"]')
          .filter({ hasText: `kf-provoke ${code}` });
        await failed.waitFor();
        const meta = (await failed.locator('.meta').textContent()).trim();
        assert.ok(meta.includes(expected), meta);
        assert.ok(!meta.includes('must not be empty'), meta);
      }
      await shot(page, 'refusals-in-language');
    });

    step("the transcript names the file and Kefu, in the visitor's time zone", async () => {
      agent.send({ type: 'transfer', conversationId, toDepartmentId: shop.elsewhere.id });
      await page.locator('#kefu-widget [data-kf="msg"][data-sender="system"]').waitFor();
      const download = page.waitForEvent('download');
      await tap(widget.part('transcript'));
      const text = await readFile(await (await download).path(), 'utf8');
      assert.ok(text.includes(`${words.me}Where is my kettle?`), text);
      // The pre-chat answers head it, under the form's label.
      assert.ok(text.includes(words.answers), text);
      assert.ok(text.indexOf(words.answers) < text.indexOf(words.me), text);
      assert.ok(text.includes(words.image), text);
      assert.ok(text.includes(words.system), text);
      assert.ok(text.includes(walk.context.timezoneId), text);
      assert.ok(!/ UTC\]/.test(text), text);
      await shot(page, 'transcript-saved');
    });

    step("the admin moves the chat button in the site's dialog; a wrong height is refused beside it", async () => {
      // The sites table hides its filter on a phone: the row is found on a wide screen, and the
      // dialog then used at the walk's own size.
      const admin = await openPage(browser, `admin ${walk.name}`, {
        locale: walk.context.locale,
        viewport: { width: 1280, height: 800 },
      });
      await openSites(admin);
      await consoleLanguage(admin, walk.lang);
      const row = await siteRow(admin, shop.site.name);
      await admin.setViewportSize(walk.context.viewport);
      await row.locator('button[id$=":edit"]').click();
      await admin.locator('#editDialog').waitFor({ state: 'visible' });
      const bottom = admin.locator('#editForm\\:widgetBottom');
      assert.equal(await bottom.inputValue(), String(walk.position.bottom));
      // The preview puts the button where the site has it: on its side, at its height.
      const preview = admin.locator('#sitePreview');
      const previewShows = async (side, px) => {
        await eventually(`the preview shows the button ${side}, ${px} px up`, async () => {
          assert.equal(await preview.getAttribute('data-kf-side'), side);
          const box = await preview.boundingBox();
          const button = await preview.locator('[data-kf-out="launcher"]').boundingBox();
          assert.equal(button.x + button.width / 2 < box.x + box.width / 2, side === 'left', JSON.stringify({ box, button }));
          assert.ok(Math.abs(box.y + box.height - (button.y + button.height) - Math.round(px / 4)) <= 1, JSON.stringify({ box, button }));
          const caption = (await preview.locator('[data-kf-out="position"]').textContent()).trim();
          assert.ok(caption.startsWith(words[side]) && caption.includes(String(px)), caption);
        });
      };
      await previewShows(walk.position.side, walk.position.bottom);
      await bottom.fill('500');
      assert.equal(await saveSiteDialog(admin), false, 'a height of 500 px is saved');
      const refusal = admin.locator('.kf-field', { has: bottom }).locator('.ui-message-error');
      assert.equal((await refusal.textContent()).trim(), words.bottomBad);
      await shot(admin, 'admin-height-refused');
      const other = walk.position.side === 'left' ? 'right' : 'left';
      await admin.locator('#editForm\\:widgetSide').getByText(words[other], { exact: true }).click();
      await bottom.fill('120');
      await previewShows(other, 120);
      // The refusal spoke of the value refused: it goes once the field is changed.
      assert.equal(await refusal.isVisible(), false, 'the refusal of 500 px is still shown after 120 was typed');
      await preview.scrollIntoViewIfNeeded();
      await shot(admin, 'admin-preview-moved');
      await admin.locator('#editForm\\:save').click();
      await admin.locator('#editDialog').waitFor({ state: 'hidden' });
      const saved = (await rest('GET', 'sites')).find((site) => site.id === shop.site.id);
      assert.deepEqual(saved.widget.position, { side: other, bottom: 120 });
      expectNoProblems(admin);
      await admin.context().close();
    });

    step('no console error and no failed request on the way', async () => {
      expectNoProblems(page);
    });
  });
}

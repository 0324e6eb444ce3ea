// An installation made from the offline bundle, behind nginx: a visitor and an agent chat over
// HTTPS and WSS only. Run by OfflineInstallIT (kf-install-it) inside a network namespace that has
// nothing but loopback, after install.sh; BASE_URL is nginx's https:// address, ADMIN_PASSWORD the
// first admin's password that install.sh printed, and NODE_EXTRA_CA_CERTS its self-signed
// certificate (for the REST calls). The browser is told to accept that certificate.
//
//   BASE_URL=https://localhost ADMIN_PASSWORD=... NODE_EXTRA_CA_CERTS=/opt/kefu/etc/tls/kefu.crt \
//     node --test tests/install/offline-wss.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  ADMIN_PASSWORD,
  BASE_URL,
  chooseStatus,
  expectChat,
  expectNoProblems,
  launchChromium,
  openPage,
  screenshots,
  signInToConsole,
  storyShowing,
  widgetOf,
} from '../support/kefu.mjs';

const QUESTION = '你好，离线安装的服务能用吗？';
const ANSWER = '可以，一切正常 · Yes, all over WSS.';
const PHONE = { width: 390, height: 844 };

describe('a chat through nginx over HTTPS and WSS, on an installation from the offline bundle', () => {
  const origin = new URL(BASE_URL).origin;
  const wss = `wss://${new URL(BASE_URL).host}/ws/`;
  const shot = screenshots('offline-install');
  let browser;
  let agentPage;
  let visitorPage;
  const sockets = { agent: [], visitor: [] };

  const step = storyShowing(shot, () => ({ visitor: visitorPage, agent: agentPage }));

  before(async () => {
    assert.ok(BASE_URL.startsWith('https://'), `BASE_URL is nginx's https:// address, not ${BASE_URL}`);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  async function page(label, options) {
    const opened = await openPage(browser, label, { ignoreHTTPSErrors: true, ...options });
    opened.on('websocket', (socket) => sockets[label].push(socket.url()));
    return opened;
  }

  step('plain HTTP is sent to HTTPS', async () => {
    const visitor = await page('visitor', { locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true });
    const plain = `http://${new URL(BASE_URL).hostname}/demo/`;
    const response = await visitor.goto(plain);
    assert.ok(response.ok(), `the demo page answers after the redirect: ${response.status()}`);
    assert.equal(new URL(visitor.url()).origin, origin, `${plain} ends at the https:// address`);
    visitorPage = visitor;
  });

  step('the admin signs in to the agent console over HTTPS and goes online', async () => {
    agentPage = await page('agent', { locale: 'en' });
    await signInToConsole(agentPage, 'admin', ADMIN_PASSWORD);
    await chooseStatus(agentPage, 'online');
    assert.ok(agentPage.url().startsWith(`${origin}/agent`), agentPage.url());
    assert.ok(sockets.agent.length > 0 && sockets.agent.every((url) => url.startsWith(`${wss}agent`)),
      `the console's socket is wss:// through nginx: ${sockets.agent}`);
    await shot(agentPage, 'agent-online');
  });

  step('the visitor writes from the demo page on a phone, over WSS', async () => {
    const widget = widgetOf(visitorPage);
    await widget.open();
    await widget.host.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await widget.sendMessage(QUESTION, 1);
    assert.ok(sockets.visitor.length > 0 && sockets.visitor.every((url) => url.startsWith(`${wss}visitor`)),
      `the widget's socket is wss:// through nginx: ${sockets.visitor}`);
    await shot(visitorPage, 'visitor-asked');
  });

  step('the agent answers, and the visitor reads the answer', async () => {
    const item = agentPage.locator('[data-kf="conversation-list"] [data-kf="conversation-item"]').first();
    await item.click();
    const pane = agentPage.locator('[data-kf="conversation"]').first();
    await pane.waitFor();
    await expectChat(pane, [['visitor', QUESTION]], 'the console');
    await pane.locator('[data-kf="reply-input"]').fill(ANSWER);
    await pane.locator('[data-kf="reply-send"]').click();
    await expectChat(pane, [['visitor', QUESTION], ['agent', ANSWER]], 'the console');
    await expectChat(widgetOf(visitorPage).messages, [['visitor', QUESTION], ['agent', ANSWER]], 'the widget');
    await shot(agentPage, 'agent-answered');
    await shot(visitorPage, 'visitor-read-the-answer');
  });

  step('neither page met an error on the way', async () => {
    // The console asks who is signed in before anyone is: 401, then the sign-in page.
    const signedOut = [/401.*\/api\/v1\/auth\/me/];
    expectNoProblems(agentPage, signedOut, 'the agent console');
    expectNoProblems(visitorPage, [], 'the demo page');
  });
});

// The back office from end to end, as a new admin runs it, once in Chinese and once in English:
// a second site whose embed code goes into a shop's page, a department with business hours, two
// agents with capacity and skills, a routing rule and a shared canned reply; a visitor of that
// shop (a page of a web server of the test's own, with the copied embed code in it) asks and an
// agent answers with the canned reply; the conversation is then found in the history by a word of
// the visitor's message, counted in a report and exported; the admin blocks the visitor, whose
// widget then refuses them politely. Every page of the console is photographed, at a desktop's
// width and at a phone's.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { chooseStatus, eventually, launchChromium, openPage, screenshots, signInToConsole, story, widgetOf } from './support/kefu.mjs';
import { createSite, startShop } from './support/backoffice-sites.mjs';
import { createDepartment, addRoutingRule, createCannedReply, openAdminPage } from './support/backoffice-routing.mjs';
import { createAgent } from './support/backoffice-staff.mjs';
import { searchHistory, openTranscript, closeTranscript, exportCsv } from './support/backoffice-history.mjs';
import { openReport } from './support/backoffice-reports.mjs';
import { blockVisitor } from './support/backoffice-protection.mjs';

/** Every page of the console, as the menu lists them. */
const PAGES = [
  'dashboard', 'monitor', 'conversations', 'reports', 'sites', 'departments', 'routing', 'staff',
  'canned', 'protection', 'audit',
];

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Today in UTC as the reports' date fields take it. */
const today = () => new Date().toISOString().slice(0, 10);

for (const lang of ['zh-CN', 'en']) {
  const zh = lang === 'zh-CN';
  const run = randomUUID().slice(0, 6);
  // A word nobody else writes, so the history finds this conversation and no other.
  const word = `Longjing${run}`;
  const question = zh ? `请问${word}绿茶还有货吗？` : `Is the ${word} green tea in stock?`;
  const names = {
    site: zh ? `茶叶商城 ${run}` : `Tea shop ${run}`,
    department: zh ? `茶叶顾问 ${run}` : `Tea advisers ${run}`,
    agents: [
      { username: `chen.${run}`, name: zh ? `陈静 ${run}` : `Chen Jing ${run}`, capacity: 3, skills: ['tea', 'zh'] },
      { username: `wang.${run}`, name: zh ? `王磊 ${run}` : `Wang Lei ${run}`, capacity: 5, skills: ['tea', 'en'] },
    ],
    shortcut: `tea${run}`,
    canned: zh ? '您好，这款茶现货充足，今天下单明天发货。' : 'Hello, this tea is in stock: ordered today, shipped tomorrow.',
  };
  const password = `agent-${run}-secret`;

  describe(`the back office in ${lang}: set up a shop, serve its visitor, find, count, export and block`, () => {
    let browser;
    let admin;
    let visitor;
    let agent;
    let site;
    let shop;
    let visitorId;
    const shot = screenshots(`backoffice-story-${lang}`);
    const step = story({
      onFailure: async (name) => {
        for (const page of [admin, visitor, agent]) {
          if (page) await shot(page, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
        }
      },
    });

    before(async () => {
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await shop?.close();
    });

    step('the admin signs in and creates a second site for the shop', async () => {
      admin = await openPage(browser, 'admin', { locale: lang });
      await openAdminPage(admin, '/admin/sites.xhtml', { lang });
      shop = await startShop({ title: names.site });
      site = await createSite(admin, { name: names.site, origin: shop.origin });
      shop.embed(site.embedCode);
      assert.match(site.embedCode, /<script [^>]*data-site="[^"]+"[^>]*><\/script>/);
      await shot(admin, 'site-created');
    });

    step('a department with business hours every day of the week', async () => {
      const refusals = await createDepartment(admin, {
        name: names.department,
        timeZone: 'Asia/Shanghai',
        hours: WEEK.map((day) => ({ day, from: '00:00', to: '23:59' })),
        lang,
      });
      assert.deepEqual(refusals, []);
      await shot(admin, 'department-created');
    });

    step('two agents of that department, with capacity and skills', async () => {
      await openAdminPage(admin, '/admin/staff.xhtml', { lang });
      for (const one of names.agents) {
        await createAgent(admin, { ...one, password, departments: [names.department] });
      }
      await shot(admin, 'agents-created');
    });

    step('a routing rule sends the shop\'s product pages to the department', async () => {
      const refusals = await addRoutingRule(admin, {
        site: names.site,
        pattern: '*/products/*',
        department: names.department,
        lang,
      });
      assert.deepEqual(refusals, []);
      await shot(admin, 'routing-rule');
    });

    step('a canned reply shared by the whole tenant', async () => {
      const refusals = await createCannedReply(admin, { shortcut: names.shortcut, text: names.canned, lang });
      assert.deepEqual(refusals, []);
      await shot(admin, 'canned-reply');
    });

    step('the first agent goes online in the agent console', async () => {
      agent = await openPage(browser, 'agent', { locale: lang });
      await signInToConsole(agent, names.agents[0].username, password);
      await chooseStatus(agent, 'online');
    });

    step('a visitor of the shop\'s product page asks through the pasted embed code', async () => {
      visitor = await openPage(browser, 'shop visitor', { locale: lang });
      await visitor.goto(`${shop.origin}/products/longjing.html`);
      const widget = widgetOf(visitor);
      await widget.open();
      await widget.sendMessage(question, 1);
      visitorId = await visitor.evaluate(() => window.Kefu.state.visitorId);
      assert.ok(visitorId, 'the widget knows its visitor');
      await shot(visitor, 'visitor-asked');
    });

    step('the agent of the routed department answers with the canned reply', async () => {
      const item = agent.locator('[data-kf="conversation-list"] [data-kf="conversation-item"]').filter({ hasText: word });
      await item.first().waitFor();
      await item.first().click();
      const reply = agent.locator('[data-kf="reply-input"]');
      await reply.click();
      await reply.pressSequentially(`/${names.shortcut}`);
      await agent.locator('[data-kf="canned-item"].is-chosen').filter({ hasText: `/${names.shortcut}` }).waitFor();
      await reply.press('Enter');
      await eventually('the canned reply fills the composer', async () => assert.equal(await reply.inputValue(), names.canned));
      await reply.press('Enter');
      await widgetOf(visitor).messages.locator('[data-kf="msg"][data-sender="agent"]').filter({ hasText: names.canned }).waitFor();
      await shot(agent, 'agent-answered');
      await shot(visitor, 'visitor-got-answer');
    });

    step('the history finds the conversation by a word of the visitor\'s message', async () => {
      await openAdminPage(admin, '/admin/conversations.xhtml', { lang });
      const rows = await searchHistory(admin, { word, lang: zh ? 'zh' : 'en' });
      assert.equal(rows.length, 1, `one conversation has ${word}: ${JSON.stringify(rows)}`);
      await shot(admin, 'history-found');
      const lines = await openTranscript(admin, rows[0]);
      assert.ok(lines.some((line) => line.text.includes(word)), 'the transcript has the question');
      assert.ok(lines.some((line) => line.text.includes(names.canned)), 'and the answer');
      await shot(admin, 'history-transcript');
      await closeTranscript(admin);
    });

    step('the export of that search has the conversation', async () => {
      const csv = await exportCsv(admin);
      assert.match(csv, new RegExp(word));
    });

    step('today\'s report counts the conversation in the department', async () => {
      const report = await openReport(admin, { from: today(), to: today(), zone: 'UTC', group: 'department', lang });
      const row = report.wait.find((cells) => cells[0].includes(names.department));
      assert.ok(row, `the department has a row: ${JSON.stringify(report.wait)}`);
      assert.ok(Number(row[1]) >= 1, `it counts the conversation: ${row}`);
      await shot(admin, 'report');
    });

    step('the admin blocks the visitor, whose widget then refuses them politely', async () => {
      await blockVisitor(admin, { visitorId, reason: 'story', lang });
      await shot(admin, 'visitor-blocked');
      await visitor.reload();
      const widget = widgetOf(visitor);
      await widget.open();
      const refusal = widget.part('blocked');
      await refusal.waitFor();
      assert.match(await refusal.textContent(), zh ? /[\u4e00-\u9fff]/ : /not available/i);
      await shot(visitor, 'visitor-refused');
    });

    step('every page of the console, on a desktop and on a phone', async () => {
      const phone = await openPage(browser, 'admin on a phone', {
        locale: lang,
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      for (const [page, size] of [[admin, 'desktop'], [phone, 'phone']]) {
        for (const name of PAGES) {
          await openAdminPage(page, `/admin/${name}.xhtml`, { lang });
          await shot(page, `${name}-${size}`);
        }
      }
      await phone.context().close();
    });
  });
}

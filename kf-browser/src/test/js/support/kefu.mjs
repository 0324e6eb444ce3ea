// What every browser scenario shares: the server under test, chromium, screenshots, waiting.
//
// Waiting is always for a state of the page (a locator, or a condition polled until it holds),
// never for a fixed time: a 2-core CI machine also runs the server, so pages are slow at times.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'secret123';
const SCREENSHOTS = process.env.SCREENSHOTS ?? 'screenshots';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Calls Kefu's REST API as the admin (HTTP Basic), the way an integration would set a day up;
 * answers the parsed JSON (null for an empty answer) and fails on any error status.
 */
export async function rest(method, path, body) {
  const response = await fetch(new URL(`api/v1/${path}`, `${BASE_URL}/`), {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * The node's metrics as Prometheus scrapes them (`/metrics` with the bearer token the test server
 * was started with): a Map from each sample, `name{labels}`, to its value.
 */
export async function metrics() {
  const response = await fetch(new URL('metrics', `${BASE_URL}/`), {
    headers: { Authorization: `Bearer ${process.env.METRICS_TOKEN}` },
  });
  const text = await response.text();
  assert.equal(response.status, 200, `GET /metrics: ${response.status} ${text}`);
  const samples = new Map();
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (sample) samples.set(sample[1], Number(sample[2].replace('Inf', 'Infinity')));
  }
  return samples;
}

/** Signs in to the agent console on `page` and waits until its socket is open. */
export async function signInToConsole(page, username, password) {
  await page.goto('/agent/');
  await page.waitForURL(/\/signin\.html/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/agent\/?(\?.*|#.*)?$/);
  await page.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
}

/**
 * A colleague on duty in the demo site's default department who takes no chats (capacity 0): the
 * widget offers the chat rather than the leave-a-message form, and what visitors send waits in
 * the queue until the scenario's own agent goes online. Answers the colleague's console page;
 * closing the browser ends the shift.
 */
export async function colleagueOnDuty(browser) {
  const site = (await rest('GET', 'sites'))[0];
  const username = `on.duty.${Date.now()}`;
  const password = `on-duty-${Date.now()}`;
  const account = await rest('POST', 'accounts', {
    username,
    name: 'On duty',
    password,
    roles: ['kf-agent'],
    departmentIds: [site.defaultDepartmentId],
  });
  await rest('PUT', `agents/${account.id}/routing`, { capacity: 0, skills: [] });
  const page = await openPage(browser, 'colleague on duty', { locale: 'en' });
  await signInToConsole(page, username, password);
  await chooseStatus(page, 'online');
  return page;
}

/**
 * Chooses a status in an agent console and waits for the server's `status` frame that confirms
 * it: only from then on do routing, colleagues and visitors see it.
 */
export async function chooseStatus(page, value) {
  const status = page.locator('select[data-kf="status"]');
  if ((await status.inputValue()) !== value || (await status.getAttribute('data-confirmed')) !== 'true') {
    await status.selectOption(value);
  }
  await page.locator(`select[data-kf="status"][data-confirmed="true"]`).waitFor({ state: 'attached' });
  await eventually(`the status is ${value}`, async () => assert.equal(await status.inputValue(), value));
}

/**
 * Fills fields ([locator, value] pairs) and sees that each holds its value at the end. A
 * PrimeFaces dialog moves the focus to its first field once its opening is done, which can catch
 * text typed for another field meanwhile; a field that lost or caught text is filled again.
 */
export async function fillFields(fields) {
  await eventually('the fields hold what was typed', async () => {
    for (const [field, value] of fields) {
      if ((await field.inputValue()) !== value) await field.fill(value);
    }
    for (const [field, value] of fields) assert.equal(await field.inputValue(), value);
  });
}

/** How long one expectation may wait for the page. */
export const PATIENCE = 30_000;

/** Debian's chromium; playwright-core never downloads a browser of its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch a fresh profile (--user-data-dir) in TMPDIR.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page in a context of its own (its own cookies and storage: one person, one device).
 * Uncaught errors of the page's scripts are collected in `page.kfErrors`.
 */
export async function openPage(browser, label, { locale = 'zh-CN', viewport, ...options } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale,
    viewport: viewport ?? { width: 1280, height: 800 },
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(PATIENCE);
  page.setDefaultNavigationTimeout(PATIENCE);
  page.kfErrors = [];
  // Every console error, failed request and HTTP answer >= 400 of the page, for expectNoProblems.
  page.kfProblems = [];
  page.on('pageerror', (error) => {
    page.kfErrors.push(error.message);
    page.kfProblems.push(`uncaught error: ${error.message}`);
    console.log(`[${label}] uncaught error in the page: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser asks for /favicon.ico by itself: not a request of the page.
    if (/\/favicon\.ico$/.test(message.location()?.url ?? '')) return;
    page.kfProblems.push(`console error: ${message.text()} ${message.location()?.url ?? ''}`.trim());
    // Failed loads are reported below with their address, which the console message lacks.
    if (!message.text().startsWith('Failed to load resource')) {
      console.log(`[${label}] console error: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // A page that goes away (a reload, signing out) cancels its open calls and sockets: not a fault.
    const failure = request.failure()?.errorText ?? '';
    if (!/ERR_ABORTED/.test(failure)) page.kfProblems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      page.kfProblems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
      console.log(`[${label}] ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  return page;
}

/**
 * Asserts that the page logged no console error, had no failed request and got no HTTP error
 * answer, but those the story provoked on purpose: each `allowed` pattern excuses what it matches.
 * `who` names the page in the failure (its address by default).
 */
export function expectNoProblems(page, allowed = [], who = `the page at ${page.url()}`) {
  const left = page.kfProblems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)));
  assert.deepEqual(left, [], `problems of ${who}: console errors, failed requests or HTTP errors`);
}

/** Saves numbered screenshots, `<scenario>-01-<step>.png`, in the screenshots folder. */
export function screenshots(scenario) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let count = 0;
  return async (page, step) => {
    count += 1;
    const file = join(SCREENSHOTS, `${scenario}-${String(count).padStart(2, '0')}-${step}.png`);
    await transitionsDone(page);
    await page.screenshot({ path: file });
    return file;
  };
}

/**
 * Waits for the page's finite CSS transitions and animations (a panel sliding open, say), so a
 * screenshot shows where the page settles rather than a frame in between. Endless ones, like the
 * typing dots, are left running.
 */
export async function transitionsDone(page) {
  await page.evaluate(() => {
    // document.getAnimations() leaves out shadow trees, where the widget lives.
    const roots = [document];
    for (let i = 0; i < roots.length; i += 1) {
      for (const element of roots[i].querySelectorAll('*')) {
        if (element.shadowRoot) roots.push(element.shadowRoot);
      }
    }
    return Promise.all(
      roots
        .flatMap((root) => root.getAnimations())
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => {})),
    );
  });
}

/**
 * Steps of one story, run in order: once a step fails, the later ones are skipped (they depend
 * on it) and `onFailure` may save what the pages show.
 */
export function story({ onFailure = async () => {} } = {}) {
  let failed = null;
  return (name, fn) =>
    it(name, { timeout: 4 * PATIENCE }, async (t) => {
      if (failed) {
        t.skip(`an earlier step failed: ${failed}`);
        return;
      }
      try {
        await fn(t);
      } catch (error) {
        failed = name;
        await onFailure(name).catch((e) => console.log(`(no failure screenshot: ${e.message})`));
        throw error;
      }
    });
}

/**
 * A story whose failing step saves what each page shows at that moment: `pages()` answers the
 * pages by label (one not opened yet is undefined), shot as `FAILED-<label>-<step>`.
 */
export function storyShowing(shot, pages) {
  return story({
    onFailure: async (name) => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      for (const [label, page] of Object.entries(pages())) {
        if (page) await shot(page, `FAILED-${label}-${slug}`);
      }
    },
  });
}

/** Runs `check` until it passes (it throws while the page is not there yet) or time is up. */
export async function eventually(what, check, { timeout = PATIENCE } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        error.message = `${what} (waited ${timeout / 1000} s): ${error.message}`;
        throw error;
      }
    }
    await sleep(250);
  }
}

/** Sender, seq, state and text of each `[data-kf="msg"]` under `root`, in page order. */
export function readMessages(root) {
  return root.locator('[data-kf="msg"]').evaluateAll((elements) =>
    elements.map((element) => ({
      sender: element.dataset.sender,
      seq: element.dataset.seq ?? '',
      state: element.dataset.state ?? '',
      text: (element.querySelector('[data-kf="text"]')?.textContent ?? '').trim(),
    })),
  );
}

/**
 * Waits until `root` shows exactly the `expected` chat messages (`[sender, text]` pairs, from
 * the visitor and agents) with seq 1, 2, 3, ... in page order.
 */
export async function expectChat(root, expected, who) {
  return eventually(`${who} shows the conversation`, async () => {
    const shown = await readMessages(root);
    const chat = shown.filter((m) => m.sender === 'visitor' || m.sender === 'agent');
    assert.deepEqual(
      chat.map((m) => [m.sender, m.text]),
      expected,
      `${who}: messages ${JSON.stringify(shown)}`,
    );
    assert.deepEqual(
      chat.map((m) => m.seq),
      expected.map((_, i) => String(i + 1)),
      `${who}: seq of the messages in page order`,
    );
    return shown;
  });
}

/** Whether the text holds Chinese characters: tells a zh-CN text from an English one. */
export function hasChinese(text) {
  return /\p{Script=Han}/u.test(text);
}

/** The language control may be a select (pick the other language) or a button (a toggle). */
export async function switchLanguage(page) {
  const control = page.locator('[data-kf="lang"]').first();
  await control.waitFor();
  if ((await control.evaluate((element) => element.tagName)) === 'SELECT') {
    const current = await control.inputValue();
    const values = await control.locator('option').evaluateAll((options) => options.map((o) => o.value));
    const other = values.find((value) => value !== current);
    assert.ok(other, `the language select offers a language besides ${current}: ${values}`);
    await control.selectOption(other);
  } else {
    await control.click();
  }
}

/** The widget's parts on a page that embeds it (its shadow root is open, and locators pierce it). */
export function widgetOf(page) {
  const host = page.locator('#kefu-widget');
  const part = (name) => host.locator(`[data-kf="${name}"]`);
  return {
    host,
    part,
    launcher: part('launcher'),
    panel: part('panel'),
    input: part('input'),
    send: part('send'),
    typing: part('typing'),
    messages: part('messages'),

    /** Opens the panel unless it is open already (the widget may remember it across reloads). */
    async open() {
      await host.locator('[data-kf="launcher"], [data-kf="panel"]').first().waitFor({ state: 'attached' });
      const panel = part('panel');
      if ((await panel.count()) === 0 || (await panel.getAttribute('data-open')) !== 'true') {
        await part('launcher').click();
      }
      await host.locator('[data-kf="panel"][data-open="true"]').waitFor();
    },

    /** Sends a message and waits until the server acknowledged it with the given seq. */
    async sendMessage(text, seq) {
      await part('input').fill(text);
      await part('send').click();
      await host
        .locator(
          `[data-kf="msg"][data-sender="visitor"][data-seq="${seq}"]:is([data-state="sent"], [data-state="read"])`,
        )
        .filter({ hasText: text })
        .waitFor();
    },
  };
}

// Reusable steps of the back office's departments, routing and canned-replies pages, each taking
// (page, options) and finding the pages' parts by their component ids (docs/admin-console.md).
// `lang` ('en' or 'zh-CN'), where given, switches the console to that language first.

import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, eventually, fillFields } from './kefu.mjs';

/** A component id as a CSS selector (`editForm:name` → `#editForm\:name`). */
export const id = (clientId) => `#${clientId.replace(/:/g, '\\:')}`;

/** Opens a console page, signing in as the admin when asked to, in the language asked for. */
export async function openAdminPage(page, path, { lang } = {}) {
  await page.goto(path);
  if (/\/signin\.html/.test(page.url())) {
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(ADMIN_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname.endsWith(path.replace(/\?.*$/, '')));
  }
  if (lang) {
    const current = await page.locator('html').getAttribute('lang');
    const wanted = lang.startsWith('zh') ? 'zh' : 'en';
    if (!current?.startsWith(wanted)) {
      await Promise.all([page.waitForLoadState('load'), page.locator(id(`language:${wanted}`)).click()]);
      await eventually('the console speaks the language asked for', async () =>
        assert.ok((await page.locator('html').getAttribute('lang'))?.startsWith(wanted)),
      );
    }
  }
}

/**
 * Picks an item of a PrimeFaces select menu by its label (`text` contained in it), typing
 * `search` into its filter first when the menu has one.
 */
export async function pick(page, menuId, text, { search } = {}) {
  await page.locator(id(menuId)).click();
  const panel = page.locator(id(`${menuId}_panel`));
  await panel.waitFor({ state: 'visible' });
  if (search !== undefined) {
    await typeFilter(page, `${menuId}_filter`, search);
  }
  const item = panel.locator(`li.ui-selectonemenu-item:visible`, { hasText: text }).first();
  await item.waitFor();
  await ajaxDone(page);
  await eventually(`${menuId} took "${text}"`, async () => {
    if (await panel.isVisible()) {
      await item.click({ timeout: 2000 });
    }
    await panel.waitFor({ state: 'hidden', timeout: 2000 });
  });
}

/**
 * Types into a PrimeFaces list's search as a person does (Chinese arrives as inserted text, as
 * from an input method, which the console's pickers.js makes the list filter on).
 */
export async function typeFilter(page, filterId, text) {
  const filter = page.locator(id(filterId));
  await filter.fill('');
  await filter.pressSequentially(text);
}

/** Waits until PrimeFaces has no Ajax request waiting or running. */
export async function ajaxDone(page) {
  await page.waitForFunction(() => window.PrimeFaces?.ajax?.Queue?.isEmpty?.() ?? true);
}

/** Waits until the PrimeFaces dialog is open (or closed). */
async function dialog(page, clientId, state = 'visible') {
  await page.locator(id(clientId)).waitFor({ state });
}

/**
 * Creates a department through its dialog: name, time zone (picked by searching its city, as
 * typed), weekly hours as rows [{day: 'mon', from: '09:00', to: '18:00'}]. Answers the dialog's
 * refusals (empty when it saved).
 */
export async function createDepartment(page, { name, timeZone, hours = [], lang }) {
  await openAdminPage(page, '/admin/departments.xhtml', { lang });
  await page.locator(id('departmentsForm:create')).click();
  await dialog(page, 'editDialog');
  await fillFields([[page.locator(id('editForm:name')), name]]);
  if (timeZone) {
    const city = timeZone.slice(timeZone.lastIndexOf('/') + 1).replace(/_/g, ' ');
    await pick(page, 'editForm:timeZone', timeZone, { search: city });
  }
  for (let i = 0; i < hours.length; i += 1) {
    await page.locator(id('editForm:addHours')).click();
    await ajaxDone(page);
    const row = `editForm:hours:${i}`;
    await page.locator(id(`${row}:opens`)).waitFor();
    await page.locator(id(`${row}:day`)).selectOption(hours[i].day);
    await page.locator(id(`${row}:opens`)).fill(hours[i].from);
    await page.locator(id(`${row}:closes`)).fill(hours[i].to);
  }
  await page.locator(id('editForm:save')).click();
  return settle(page, 'editDialog', 'editForm');
}

/**
 * Finds a department's row on the departments page by searching its name (the list is paged);
 * answers the row's locator.
 */
export async function findDepartment(page, name) {
  if (!/\/admin\/departments\.xhtml/.test(page.url())) {
    await openAdminPage(page, '/admin/departments.xhtml');
  }
  await page.locator(id('departmentsForm:filterName')).fill(name);
  await page.locator(id('departmentsForm:search')).click();
  await ajaxDone(page);
  return page.locator(`${id('departmentsForm:departmentsTable')} tbody tr`, { hasText: name }).first();
}

/**
 * After a dialog's save: answers [] once it closed, or the refusals it shows (text of every
 * message inside the form) when it stays open.
 */
async function settle(page, dialogId, formId) {
  const form = page.locator(id(formId));
  await ajaxDone(page);
  return eventually(`the dialog ${dialogId} closes or shows why not`, async () => {
    if (!(await page.locator(id(dialogId)).isVisible())) return [];
    const refusals = await form.locator('.ui-message-error, .ui-messages-error').allTextContents();
    assert.ok(refusals.length > 0, 'still waiting');
    return refusals.map((text) => text.trim());
  });
}

/**
 * Adds a routing rule to a site (its name; the first site when none): a page-address rule when
 * `pattern` is given, else a language rule for `language`; `department` is the department's
 * name. Answers the dialog's refusals (empty when it saved).
 */
export async function addRoutingRule(page, { site, pattern, language, department, lang }) {
  await openAdminPage(page, '/admin/routing.xhtml', { lang });
  if (site) {
    await pick(page, 'routingForm:site', site);
    await page.waitForLoadState('networkidle');
  }
  await page.locator(id('routingForm:addRule')).click();
  await dialog(page, 'ruleDialog');
  await ajaxDone(page);
  if (!pattern) {
    await eventually('the rule looks at the language', async () => {
      if ((await page.locator(id('ruleForm:kind_input')).inputValue()) !== 'language') {
        await page.locator(id('ruleForm:kind')).click();
        await page.locator(id('ruleForm:kind_panel')).waitFor({ state: 'visible' });
        await page.locator(`${id('ruleForm:kind_items')} li[data-label]`).nth(1).click();
        await ajaxDone(page);
      }
      assert.equal(await page.locator(id('ruleForm:kind_input')).inputValue(), 'language');
    });
  }
  await page.locator(id('ruleForm:pattern')).fill(pattern ?? language);
  await pick(page, 'ruleForm:department', department, { search: department });
  await page.locator(id('ruleForm:save')).click();
  return settle(page, 'ruleDialog', 'ruleForm');
}

/**
 * Asks the routing page's test box which department a visitor on `url` with `language` would
 * get; answers {department, reason} as the page shows them.
 */
export async function testRouting(page, { url, language }) {
  if (!/\/admin\/routing\.xhtml/.test(page.url())) {
    await openAdminPage(page, '/admin/routing.xhtml');
  }
  await page.locator(id('testForm:url')).fill(url ?? '');
  await page.locator(id('testForm:language')).fill(language ?? '');
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/admin/routing.xhtml')),
    page.locator(id('testForm:run')).click(),
  ]);
  await ajaxDone(page);
  const answer = page.locator(id('testForm:answerDepartment'));
  await answer.waitFor();
  return {
    department: (await answer.textContent()).trim(),
    reason: (await page.locator(id('testForm:answerReason')).textContent()).trim(),
  };
}

/**
 * Creates a canned reply shared by everyone (`scope` omitted) or by a department (its name).
 * Answers the dialog's refusals (empty when it saved).
 */
export async function createCannedReply(page, { shortcut, text, scope, lang }) {
  await openAdminPage(page, '/admin/canned.xhtml', { lang });
  await page.locator(id('cannedForm:create')).click();
  await dialog(page, 'replyDialog');
  if (scope) {
    await pick(page, 'replyForm:scope', scope);
  }
  await fillFields([
    [page.locator(id('replyForm:shortcut')), shortcut],
    [page.locator(id('replyForm:text')), text],
  ]);
  await page.locator(id('replyForm:save')).click();
  return settle(page, 'replyDialog', 'replyForm');
}

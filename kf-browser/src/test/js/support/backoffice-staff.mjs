// Steps on the admin console's Staff page (admin/staff.xhtml) and the two "Change password"
// dialogs, for the back-office stories. Every step takes (page, options), finds elements by the
// stable ids of docs/admin-console.md, and works the same in English and Chinese.

import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, eventually, transitionsDone } from './kefu.mjs';

const id = (clientId) => `#${clientId.replace(/:/g, '\\:')}`;

/** Signs in to the admin console as `username` (the first admin by default) and opens Staff. */
export async function openStaff(page, { username = 'admin', password = ADMIN_PASSWORD } = {}) {
  await page.goto('/admin/staff.xhtml');
  if (/\/signin\.html/.test(page.url())) {
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/staff\.xhtml/);
  }
  await page.locator(id('staffForm:staffTable')).waitFor();
}

/** Shows only the accounts whose user name or name contains `text`. */
export async function filterStaff(page, { text = '', state = '' } = {}) {
  await page.locator(id('staffForm:filterText')).fill(text);
  if (state) {
    await selectOne(page, 'staffForm:filterState', state);
  }
  const table = page.locator(id('staffForm:staffTable'));
  await page.locator(id('staffForm:search')).click();
  await eventually(`the list shows only "${text}"`, async () => {
    const names = await table.locator('[id$=":username"]').allTextContents();
    assert.ok(names.length > 0 && names.every((n) => n.includes(text)), `rows: ${names.join(', ')}`);
  });
}

/**
 * The user names the list shows for a text filter (none when nothing matches). The answer to the
 * search is awaited, and then the rows themselves: an answer to an earlier request (a dialog's) can
 * arrive first, while the table still shows the list before the filter.
 */
export async function staffNamed(page, text) {
  await page.locator(id('staffForm:filterText')).fill(text);
  const table = page.locator(id('staffForm:staffTable'));
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('staff.xhtml'));
  await page.locator(id('staffForm:search')).click();
  await answered;
  let names = [];
  await eventually(`the list is filtered by "${text}"`, async () => {
    names = (await table.locator('[id$=":username"]').allTextContents()).map((n) => n.trim());
    assert.ok(names.every((n) => n.includes(text)), `rows: ${names.join(', ')}`);
  });
  return names;
}

/** The row of the account with this user name (filtering the list down to it first). */
export async function staffRow(page, username) {
  await filterStaff(page, { text: username });
  const row = page
    .locator(`${id('staffForm:staffTable')} tbody tr`)
    .filter({ has: page.locator('[id$=":username"]', { hasText: new RegExp(`^${escape(username)}$`) }) });
  await row.waitFor();
  return row;
}

/**
 * Clicks what opens a dialog until the dialog shows, three times at most: on a busy page
 * PrimeFaces now and then loses a click that arrives while it still wires the page after an
 * update, and the dialog never opens.
 */
async function openDialog(page, opener, dialogId) {
  const dialog = page.locator(id(dialogId));
  for (let attempt = 1; ; attempt++) {
    await opener.click();
    try {
      await dialog.waitFor({ state: 'visible', timeout: 8000 });
      return dialog;
    } catch (hidden) {
      if (attempt === 3) throw hidden;
    }
  }
}

async function openNewAccount(page) {
  await openDialog(page, page.locator(id('staffForm:create')), 'editDialog');
}

/**
 * Makes an account through the "New account" dialog: user name, name, password, roles (default
 * agent), departments by name, capacity, skills (an array or "a, b"), custom statuses allowed.
 * Waits until the dialog has closed; fails with the dialog's refusals when it does not.
 */
export async function createAgent(
  page,
  { username, name, password, roles, departments = [], capacity, skills = [], customStatusAllowed },
) {
  await openNewAccount(page);
  await fillAccountDialog(page, { username, name, password, roles, departments, capacity, skills, customStatusAllowed });
  await saveAccountDialog(page);
}

/** Opens the account's "Edit" dialog and changes what is given. */
export async function editAgent(page, username, changes) {
  const row = await staffRow(page, username);
  await openDialog(page, row.locator('button[id$=":edit"]'), 'editDialog');
  await fillAccountDialog(page, changes);
  await saveAccountDialog(page);
}

/**
 * Opens "New account", fills what is given and saves, expecting a refusal: answers the refusal
 * texts by field ({ username: "…", password: "…" }) and closes the dialog.
 */
export async function refusedAccount(page, values) {
  await openNewAccount(page);
  await fillAccountDialog(page, values);
  await page.locator(id('editForm:save')).click();
  const dialog = page.locator(id('editDialog'));
  const messages = {};
  await eventually('the dialog shows a refusal', async () => {
    for (const field of ['username', 'name', 'password', 'roles', 'departments', 'capacity', 'skills']) {
      const text = await dialog
        .locator(`.kf-field:has(${id(`editForm:${field}`)}) .ui-message-error`)
        .first()
        .textContent({ timeout: 200 })
        .catch(() => null);
      if (text && text.trim()) messages[field] = text.trim();
    }
    assert.ok(Object.keys(messages).length > 0, 'a refusal at a field');
  });
  assert.ok(await dialog.isVisible(), 'the dialog stays open');
  await page.locator(id('editForm:cancel')).click();
  await dialog.waitFor({ state: 'hidden' });
  return messages;
}

/** Disables the account after the page's confirmation; waits for the row to say so. */
export async function disableAgent(page, username) {
  const row = await staffRow(page, username);
  await row.locator('button[id$=":disable"]').click();
  await page.locator('.ui-confirm-dialog .ui-confirmdialog-yes').click();
  await eventually('the row shows the account disabled', async () =>
    assert.equal(await row.locator('button[id$=":enable"]').count(), 1),
  );
}

/** Enables a disabled account after the page's confirmation. */
export async function enableAgent(page, username) {
  const row = await staffRow(page, username);
  await row.locator('button[id$=":enable"]').click();
  await page.locator('.ui-confirm-dialog .ui-confirmdialog-yes').click();
  await eventually('the row shows the account enabled', async () =>
    assert.equal(await row.locator('button[id$=":disable"]').count(), 1),
  );
}

/** Gives the account a new password through "Set password". */
export async function resetPassword(page, username, password) {
  const row = await staffRow(page, username);
  const dialog = await openDialog(page, row.locator('button[id$=":resetPassword"]'), 'passwordDialog');
  await page.locator(id('passwordForm:newPassword')).fill(password);
  await page.locator(id('passwordForm:save')).click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * The top bar's "Change password" of the admin console: answers null when it was changed, else
 * the refusal shown at the current or new password (`onRefusal` runs while it is shown).
 */
export async function changeOwnPasswordInAdmin(page, { current, next, onRefusal }) {
  await page.locator('#userName').click();
  const dialog = page.locator(id('ownPasswordDialog'));
  await dialog.waitFor({ state: 'visible' });
  // The dialog fades in and then focuses its first field: fill once it has settled.
  await transitionsDone(page);
  await filled(page.locator(id('ownPasswordForm:currentPassword')), current);
  await filled(page.locator(id('ownPasswordForm:newPassword')), next);
  await page.locator(id('ownPasswordForm:save')).click();
  return settle(page, dialog, '#ownPasswordForm .ui-message-error', async () => {
    if (onRefusal) await onRefusal();
    await page.locator(id('ownPasswordForm:cancel')).click();
  });
}

/** The agent console's "Change password" (from the agent's name); as the admin console's. */
export async function changeOwnPasswordInConsole(page, { current, next, onRefusal }) {
  const button = page.locator('[data-kf="own-password"]');
  await eventually('the console offers a new password', async () => assert.equal(await button.isDisabled(), false));
  await button.click();
  const dialog = page.locator('[data-kf="password-dialog"]');
  await dialog.waitFor({ state: 'visible' });
  await page.locator('[data-kf="password-current"]').fill(current);
  await page.locator('[data-kf="password-new"]').fill(next);
  await page.locator('[data-kf="password-save"]').click();
  return settle(page, dialog, '[data-kf="password-dialog"] .dialog__error:not([hidden])', async () => {
    if (onRefusal) await onRefusal();
    await page.locator('[data-role="password-cancel"]').click();
  });
}

async function filled(input, value) {
  await eventually('the field holds what was typed', async () => {
    await input.fill(value);
    assert.equal(await input.inputValue(), value);
  });
}

async function settle(page, dialog, errorSelector, cancel) {
  let refusal = null;
  await eventually('the password dialog closes or refuses', async () => {
    if (!(await dialog.isVisible())) return;
    const errors = page.locator(errorSelector);
    if ((await errors.count()) > 0) {
      refusal = (await errors.first().textContent()).trim();
      return;
    }
    assert.fail('still waiting');
  });
  if (refusal !== null) await cancel();
  return refusal;
}

async function fillAccountDialog(
  page,
  { username, name, password, roles, departments, capacity, skills, customStatusAllowed } = {},
) {
  const dialog = page.locator(id('editDialog'));
  await dialog.waitFor({ state: 'visible' });
  await transitionsDone(page);
  if (username !== undefined) await filled(page.locator(id('editForm:username')), username);
  if (name !== undefined) await filled(page.locator(id('editForm:name')), name);
  if (password !== undefined) await filled(page.locator(id('editForm:password')), password);
  if (roles !== undefined) {
    for (const [index, role] of ['kf-agent', 'kf-supervisor', 'kf-admin'].entries()) {
      const box = page.locator(id(`editForm:roles:${index}`));
      if ((await box.isChecked()) !== roles.includes(role)) {
        await page.locator(`label[for="editForm:roles:${index}"]`).click();
      }
    }
  }
  if (departments !== undefined && departments.length > 0) {
    await page.locator(id('editForm:departments')).click();
    const panel = page.locator(id('editForm:departments_panel'));
    await panel.waitFor({ state: 'visible' });
    for (const department of departments) {
      const item = panel.locator('li.ui-selectcheckboxmenu-item').filter({ hasText: department });
      if (!(await item.locator('.ui-chkbox-box').getAttribute('class')).includes('ui-state-active')) {
        await item.locator('.ui-chkbox-box').click();
      }
    }
    await panel.locator('.ui-selectcheckboxmenu-close').click();
    await panel.waitFor({ state: 'hidden' });
  }
  if (capacity !== undefined) {
    const input = page.locator(id('editForm:capacity_input'));
    // Selected and typed over rather than filled: the number field (AutoNumeric) ignores an
    // emptying fill, whose Delete key then lands in whichever field had the focus.
    await eventually('the capacity holds what was typed', async () => {
      await input.click({ clickCount: 3 });
      await input.press('Control+A');
      await input.type(String(capacity));
      assert.equal(await input.inputValue(), String(capacity));
    });
  }
  if (skills !== undefined) {
    await filled(page.locator(id('editForm:skills')), Array.isArray(skills) ? skills.join(', ') : skills);
  }
  if (customStatusAllowed !== undefined) {
    const toggle = page.locator(id('editForm:customStatusAllowed'));
    const on = (await toggle.getAttribute('class')).includes('ui-toggleswitch-checked');
    if (on !== customStatusAllowed) await toggle.locator('.ui-toggleswitch-slider').click();
  }
}

async function saveAccountDialog(page) {
  const dialog = page.locator(id('editDialog'));
  await page.locator(id('editForm:save')).click();
  await eventually('the account is saved', async () => {
    if (await dialog.isVisible()) {
      const refusals = await dialog.locator('.ui-message-error, .ui-messages-error').allTextContents();
      assert.fail(`the dialog is still open: ${refusals.join(' | ') || 'no refusal shown yet'}`);
    }
  });
}

async function selectOne(page, clientId, value) {
  await page.locator(id(clientId)).click();
  const panel = page.locator(id(`${clientId}_panel`));
  await panel.waitFor({ state: 'visible' });
  await panel.locator(`li[data-label]`).nth(await optionIndex(page, clientId, value)).click();
  await panel.waitFor({ state: 'hidden' });
}

async function optionIndex(page, clientId, value) {
  const values = await page.locator(`${id(`${clientId}_input`)} option`).evaluateAll((options) =>
    options.map((o) => o.value),
  );
  const index = values.indexOf(value);
  assert.ok(index >= 0, `${clientId} offers ${value}`);
  return index;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

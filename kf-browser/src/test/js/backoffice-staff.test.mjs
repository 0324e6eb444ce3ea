// The Staff page of the admin console, in Chinese and again in English: refusals at their field,
// a new agent with departments, capacity and skills, disabling (the agent's open console is
// signed out at once and their password no longer signs in), enabling, a password set by the
// admin, and each person's own "Change password" in both consoles. Screenshots at 1280 px and
// 390 px. Leaves the server usable: the accounts it makes have unique names, the admin's password
// is never changed.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { eventually, launchChromium, openPage, rest, screenshots, signInToConsole, story } from './support/kefu.mjs';
import {
  changeOwnPasswordInAdmin,
  changeOwnPasswordInConsole,
  createAgent,
  disableAgent,
  editAgent,
  enableAgent,
  filterStaff,
  openStaff,
  refusedAccount,
  resetPassword,
  staffNamed,
  staffRow,
} from './support/backoffice-staff.mjs';

for (const lang of ['zh-CN', 'en']) {
  const chinese = lang === 'zh-CN';

  describe(`the Staff page (${lang})`, () => {
    let browser;
    let admin;
    let agent;
    const shot = screenshots(`backoffice-staff-${lang}`);
    const step = story({
      onFailure: async (name) => {
        if (admin) await shot(admin, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
      },
    });
    const stamp = `${Date.now().toString(36)}${lang === 'en' ? 'e' : 'z'}`;
    const username = `staff.${lang.toLowerCase()}.${stamp}`;
    const password = `first-pass-${stamp}`;
    let department;

    before(async () => {
      browser = await launchChromium();
      department = (await rest('GET', 'departments'))[0].name;
    });

    after(async () => {
      await browser?.close();
    });

    step('the admin opens Staff and sees the accounts', async () => {
      admin = await openPage(browser, `admin ${lang}`, { locale: lang });
      await openStaff(admin);
      const title = await admin.locator('h1').textContent();
      assert.equal(title.trim(), chinese ? '员工' : 'Staff');
      await filterStaff(admin, { text: 'admin' });
      await shot(admin, 'list');
    });

    step('invalid input is refused at its field, in the page language', async () => {
      let refused = await refusedAccount(admin, { username: '', password: 'long-enough-1', capacity: 2 });
      assert.ok(refused.username, 'an empty user name');
      refused = await refusedAccount(admin, { username: 'no spaces allowed', password: 'long-enough-1' });
      assert.match(refused.username, chinese ? /字母、数字/ : /letters, digits/, 'a user name with spaces');
      // Longer is not typed at all: the fields stop at their limits.
      assert.equal(await admin.locator('#editForm\\:username').getAttribute('maxlength'), '100');
      assert.equal(await admin.locator('#editForm\\:name').getAttribute('maxlength'), '100');
      refused = await refusedAccount(admin, { username: `short.${stamp}`, password: 'short' });
      assert.ok(refused.password, 'a password too short');
      refused = await refusedAccount(admin, { username: `cap.${stamp}`, password: 'long-enough-1', capacity: 101 });
      assert.ok(refused.capacity, 'a capacity over 100');
      refused = await refusedAccount(admin, { username: 'admin', password: 'long-enough-1' });
      assert.match(refused.username, chinese ? /已有其他账号/ : /Another account already has/);
      for (const tried of [`short.${stamp}`, `cap.${stamp}`]) {
        assert.deepEqual(await staffNamed(admin, tried), [], `nothing half-saved of ${tried}`);
      }
    });

    step('a new agent is made with departments, capacity and skills', async () => {
      await createAgent(admin, {
        username,
        name: chinese ? '李雷' : 'Li Lei',
        password,
        departments: [department],
        capacity: 3,
        skills: ['billing', 'english'],
        customStatusAllowed: false,
      });
      const row = await staffRow(admin, username);
      assert.equal((await row.locator('[id$=":capacity"]').textContent()).trim(), '3');
      assert.match(await row.locator('[id$=":skills"]').textContent(), /billing, english/);
      assert.match(await row.locator('[id$=":departments"]').textContent(), new RegExp(department.split(' ')[0]));
      await shot(admin, 'agent-created');
      await editAgent(admin, username, { capacity: 4 });
      assert.equal((await (await staffRow(admin, username)).locator('[id$=":capacity"]').textContent()).trim(), '4');
    });

    step('the admin cannot disable their own account', async () => {
      const row = await staffRow(admin, 'admin');
      assert.equal(await row.locator('button[id$=":disable"]').isDisabled(), true);
    });

    step('disabling signs the agent out at once and their password no longer signs in', async () => {
      agent = await openPage(browser, `agent ${lang}`, { locale: lang });
      await signInToConsole(agent, username, password);
      await disableAgent(admin, username);
      await shot(admin, 'agent-disabled');
      await agent.waitForURL(/\/signin\.html\?.*disabled=1/);
      await agent.goto('/signin.html');
      await agent.locator('#username').fill(username);
      await agent.locator('#password').fill(password);
      await agent.locator('button[type=submit]').click();
      const error = agent.locator('[data-kf="signin-error"]');
      await eventually('the sign-in page says the account is disabled', async () =>
        assert.match(await error.textContent(), chinese ? /已被停用/ : /has been disabled/),
      );
      await shot(agent, 'signin-refused');
    });

    step('enabled again, the agent signs in; a password set by the admin works', async () => {
      await enableAgent(admin, username);
      const second = `second-pass-${stamp}`;
      await resetPassword(admin, username, second);
      await signInToConsole(agent, username, second);
      const refusal = await changeOwnPasswordInConsole(agent, {
        current: 'not-my-password',
        next: `third-pass-${stamp}`,
        onRefusal: () => shot(agent, 'console-password-refused'),
      });
      assert.match(refusal ?? '', chinese ? /当前密码不正确/ : /current password is not right/);
      assert.equal(await changeOwnPasswordInConsole(agent, { current: second, next: `third-pass-${stamp}` }), null);
      await agent.context().close();
    });

    step("the admin's own password dialog refuses a wrong current password at its field", async () => {
      const refusal = await changeOwnPasswordInAdmin(admin, {
        current: 'not-the-password',
        next: 'whatever-new-1',
        onRefusal: () => shot(admin, 'admin-password-refused'),
      });
      assert.match(refusal ?? '', chinese ? /当前密码不正确/ : /current password is not right/);
    });

    step('the page reads on a phone', async () => {
      const phone = await openPage(browser, `phone ${lang}`, { locale: lang, viewport: { width: 390, height: 844 } });
      await openStaff(phone);
      await staffRow(phone, username);
      await shot(phone, 'phone-list');
      await phone.locator('#staffForm\\:create').click();
      await phone.locator('#editDialog').waitFor({ state: 'visible' });
      await shot(phone, 'phone-dialog');
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 400, `no sideways scrolling (${width} px)`);
      await phone.context().close();
    });
  });
}

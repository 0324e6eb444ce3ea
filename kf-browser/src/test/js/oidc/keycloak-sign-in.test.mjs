// Staff of a company that runs Keycloak sign in there, not in Kefu: an agent and an admin each go
// through Keycloak's own login page, use their console, and sign out of both Kefu and Keycloak.
// Run by KeycloakSignInIT against a Kefu started with KF_AUTH_MODE=oidc.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { chooseStatus, eventually, launchChromium, openPage, screenshots, story } from '../support/kefu.mjs';

const KEYCLOAK_URL = process.env.KEYCLOAK_URL;
const DEMO_PASSWORD = process.env.DEMO_PASSWORD;
const KEYCLOAK_ADMIN = process.env.KEYCLOAK_ADMIN;

/** Ends every Keycloak session of a user, as an IT admin does for a leaver (admin REST API). */
async function endKeycloakSessionsOf(user) {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: 'admin-cli',
    username: KEYCLOAK_ADMIN,
    password: DEMO_PASSWORD,
  });
  const token = await fetch(`${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: form,
  }).then((response) => response.json());
  const headers = { Authorization: `Bearer ${token.access_token}` };
  const [found] = await fetch(`${KEYCLOAK_URL}/admin/realms/kf/users?exact=true&username=${user}`, {
    headers,
  }).then((response) => response.json());
  const ended = await fetch(`${KEYCLOAK_URL}/admin/realms/kf/users/${found.id}/logout`, {
    method: 'POST',
    headers,
  });
  assert.equal(ended.status, 204, 'Keycloak ended the sessions');
}

/** Fills Keycloak's login form, whatever language it shows. */
async function signInAtKeycloak(page, user, shot, label) {
  await page.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_URL}/realms/kf/`));
  await page.locator('#username').waitFor();
  await shot(page, `${label}-keycloak-login-page`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('#kc-login').click();
}

describe('staff sign in through Keycloak', () => {
  let browser;
  let agentPage;
  let adminPage;
  const shot = screenshots('keycloak');

  const step = story({
    onFailure: async (name) => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      if (agentPage) await shot(agentPage, `FAILED-agent-${slug}`);
      if (adminPage) await shot(adminPage, `FAILED-admin-${slug}`);
    },
  });

  before(async () => {
    assert.ok(KEYCLOAK_URL && DEMO_PASSWORD, 'KEYCLOAK_URL and DEMO_PASSWORD are set');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  step('the agent console sends a signed-out agent to Keycloak, and back after signing in', async () => {
    agentPage = await openPage(browser, 'agent', { locale: 'zh-CN' });
    await agentPage.goto('/agent/');
    await signInAtKeycloak(agentPage, 'agent', shot, 'agent');
    await agentPage.waitForURL(/\/agent\/?(\?.*|#.*)?$/);
    const name = agentPage.locator('[data-kf="agent-name"]');
    await eventually('the console names the agent as Keycloak knows them', async () =>
      assert.match((await name.textContent()) ?? '', /Ann Agent/),
    );
    await agentPage.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await shot(agentPage, 'agent-console-signed-in');
  });

  step('the agent goes online', async () => {
    await chooseStatus(agentPage, 'online');
    await shot(agentPage, 'agent-online');
  });

  step('the admin console is not for an agent', async () => {
    const response = await agentPage.goto('/admin/sites.xhtml');
    assert.equal(response.status(), 403, 'an agent gets 403 at the admin console');
    await agentPage.goto('/agent/');
    await agentPage.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
  });

  step('signing out ends the Keycloak session too', async () => {
    await agentPage.locator('[data-kf="signout"]').click();
    await agentPage.waitForURL(/\/signin\.html\?signedOut/);
    const notice = agentPage.locator('[data-kf="sso-notice"]');
    await notice.waitFor();
    await shot(agentPage, 'agent-signed-out');
    await agentPage.locator('[data-kf="sso-start"]').click();
    // Were the Keycloak session still alive, Keycloak would send the browser straight back.
    await agentPage.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_URL}/realms/kf/`));
    await agentPage.locator('#username').waitFor();
    await shot(agentPage, 'agent-keycloak-asks-again');
  });

  step('an admin signs in at Keycloak and lands in the admin console', async () => {
    adminPage = await openPage(browser, 'admin', { locale: 'en' });
    await adminPage.goto('/admin/sites.xhtml');
    await signInAtKeycloak(adminPage, 'admin', shot, 'admin');
    await adminPage.waitForURL(/\/admin\/sites\.xhtml/);
    await adminPage.locator('#userName').waitFor();
    assert.match((await adminPage.locator('#userName').textContent()) ?? '', /Ada Admin/);
    await adminPage.getByText('Demo site').first().waitFor();
    await shot(adminPage, 'admin-console-signed-in');
  });

  step('the admin changes the greeting of the demo site', async () => {
    const greeting = `Welcome from Keycloak ${Date.now()}`;
    await adminPage.locator('[id$="edit"]').first().click();
    const field = adminPage.locator('[id="editForm:greeting"]');
    await field.waitFor();
    await field.fill(greeting);
    await adminPage.locator('[id="editForm:save"]').click();
    await eventually('the table shows the new greeting', async () =>
      assert.ok(await adminPage.getByText(greeting).first().isVisible()),
    );
    await shot(adminPage, 'admin-greeting-saved');
  });

  step('the admin signs out', async () => {
    await adminPage.locator('#signOutButton').click();
    await adminPage.waitForURL(/\/signin\.html\?signedOut/);
    await adminPage.locator('[data-kf="sso-notice"]').waitFor();
    await shot(adminPage, 'admin-signed-out');
  });

  step('a session ended in Keycloak ends in Kefu within the check interval', async () => {
    await agentPage.locator('#username').fill('agent');
    await agentPage.locator('#password').fill(DEMO_PASSWORD);
    await agentPage.locator('#kc-login').click();
    await agentPage.waitForURL(/\/agent\/?(\?.*|#.*)?$/);
    await agentPage.locator('[data-kf="connection"][data-state="open"]').waitFor({ state: 'attached' });
    await endKeycloakSessionsOf('agent');
    // Kefu asks Keycloak at most every 10 s here (KF_OIDC_SESSION_CHECK_SECONDS).
    await eventually(
      'the console, reloaded, is sent to Keycloak again',
      async () => {
        await agentPage.goto('/agent/');
        await agentPage.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_URL}/realms/kf/`), { timeout: 5_000 });
      },
      { timeout: 60_000 },
    );
    await agentPage.locator('#username').waitFor();
    await shot(agentPage, 'agent-ended-in-keycloak');
  });
});

// Staff sign-in for the agent console and the admin console. The protected pages send the browser
// here with ?next=<the page it asked for>; after signing in it goes back there.
import { Texts } from './agent/i18n.js';

const texts = new Texts({
  'zh-CN': {
    'page.title': '登录 · Kefu 客服',
    'lang.label': '语言',
    title: '登录',
    lead: '客服团队成员专用。',
    username: '用户名',
    password: '密码',
    submit: '登录',
    footer: 'Kefu 在线客服',
    'error.credentials': '用户名或密码错误。',
    'error.missing': '请输入用户名和密码。',
    'error.forbidden': '此账号没有使用客服工作台的权限。',
    'error.disabled': '此账号已被停用，请联系管理员。',
    'error.unreachable': '无法连接服务器，请稍后再试。',
    'error.other': '登录失败，请稍后再试。',
    'sso.start': '使用企业账号登录',
    'sso.oidc': '企业账号登录未成功，请重试。',
    'sso.role': '您的企业账号没有 Kefu 角色，请联系管理员。',
    'sso.unavailable': '暂时无法连接企业登录服务，请稍后再试。',
    'sso.signedOut': '您已退出登录。',
    'sso.disabled': '此账号已被停用，请联系管理员。',
  },
  en: {
    'page.title': 'Sign in · Kefu 客服',
    'lang.label': 'Language',
    title: 'Sign in',
    lead: 'For members of the customer service team.',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    footer: 'Kefu live chat',
    'error.credentials': 'Wrong user name or password.',
    'error.missing': 'Enter your user name and password.',
    'error.forbidden': 'This account may not use the consoles.',
    'error.disabled': 'This account has been disabled. Ask your administrator.',
    'error.unreachable': 'The server cannot be reached. Try again in a moment.',
    'error.other': 'Signing in failed. Try again in a moment.',
    'sso.start': 'Sign in with your company account',
    'sso.oidc': 'Signing in with your company account did not succeed. Try again.',
    'sso.role': 'Your company account has no Kefu role. Ask your administrator.',
    'sso.unavailable': 'The company sign-in service cannot be reached. Try again in a moment.',
    'sso.signedOut': 'You have signed out.',
    'sso.disabled': 'This account has been disabled. Ask your administrator.',
  },
});

// The application's root: this page sits directly in it, whatever the context root is.
const root = new URL('./', location.href);

/**
 * Where to go after signing in: `next` only when it is a path on this server inside the
 * application (never another host, never `//host` or `\\host` forms, no control character),
 * else the agent console. The server holds the identity provider's way back to the same rule
 * (`ReturnPath`).
 */
export function destination(next) {
  const fallback = new URL('agent/', root).pathname;
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) {
    return fallback;
  }
  if (next.includes('\\') || /[\u0000-\u001f\u007f]/.test(next)) {
    return fallback;
  }
  let url;
  try {
    url = new URL(next, root.origin);
  } catch {
    return fallback;
  }
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
    return fallback;
  }
  if (url.pathname === new URL('signin.html', root).pathname) {
    return fallback; // back to this page would only ask again
  }
  return url.pathname + url.search + url.hash;
}

const form = document.getElementById('signin');
const username = document.getElementById('username');
const password = document.getElementById('password');
const submit = form.querySelector('button[type=submit]');
const error = document.querySelector('[data-kf="signin-error"]');
let errorKey = null;

function showError(key) {
  errorKey = key;
  error.hidden = !key;
  error.textContent = key ? texts.t(key) : '';
}

function busy(on) {
  submit.disabled = on;
  form.classList.toggle('is-busy', on);
  form.setAttribute('aria-busy', String(on));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!username.value.trim() || !password.value) {
    showError('error.missing');
    (username.value.trim() ? password : username).focus();
    return;
  }
  showError(null);
  busy(true);
  let response;
  try {
    // A sign-in over a session that is still signed in comes back without its roles (403) on
    // Payara; ending any old session first, in a request of its own, avoids that.
    // X-Kefu-CSRF: proof for the server's cross-site request guard (another site cannot add it).
    await fetch(new URL('api/v1/auth/logout', root), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-Kefu-CSRF': '1' },
    });
    response = await fetch(new URL('api/v1/auth/login', root), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Kefu-CSRF': '1' },
      body: JSON.stringify({ username: username.value.trim(), password: password.value }),
    });
  } catch {
    busy(false);
    showError('error.unreachable');
    return;
  }
  if (response.ok) {
    location.replace(destination(new URLSearchParams(location.search).get('next')));
    return;
  }
  busy(false);
  if (response.status === 401 || response.status === 400) {
    showError('error.credentials');
    password.value = '';
    password.focus();
  } else if (response.status === 403) {
    let code = null;
    try {
      code = (await response.json()).error;
    } catch {
      // No JSON: the status says enough.
    }
    showError(code === 'account_disabled' ? 'error.disabled' : 'error.forbidden');
  } else {
    showError('error.other');
  }
});

// With the company's sign-in service (OpenID Connect), this page only passes people on to it;
// it stays, with a button, after a failed attempt or a sign-out, so that nobody loops.
const sso = document.getElementById('sso');
const ssoNotice = document.querySelector('[data-kf="sso-notice"]');
let ssoKey = null;

async function companySignIn() {
  let options;
  try {
    const response = await fetch(new URL('api/v1/auth/options', root), {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    options = response.ok ? await response.json() : null;
  } catch {
    options = null;
  }
  if (!options || options.mode !== 'oidc') {
    return;
  }
  const params = new URLSearchParams(location.search);
  const start = new URL(options.start, root.origin);
  start.searchParams.set('next', destination(params.get('next')));
  document.querySelector('[data-kf="sso-start"]').href = start.pathname + start.search;
  form.hidden = true;
  sso.hidden = false;
  const failed = params.get('failed');
  if (failed) {
    ssoKey = ['oidc', 'role', 'unavailable'].includes(failed) ? `sso.${failed}` : 'sso.oidc';
  } else if (params.has('disabled')) {
    ssoKey = 'sso.disabled';
  } else if (params.has('signedOut')) {
    ssoKey = 'sso.signedOut';
  } else {
    location.replace(start.pathname + start.search);
    return;
  }
  redraw();
}

function redraw() {
  texts.apply();
  document.title = texts.t('page.title');
  if (errorKey) {
    error.textContent = texts.t(errorKey);
  }
  ssoNotice.hidden = !ssoKey;
  ssoNotice.textContent = ssoKey ? texts.t(ssoKey) : '';
}

// A session that ended because an admin disabled the account comes here with ?disabled=1.
if (new URLSearchParams(location.search).has('disabled')) {
  showError('error.disabled');
}

texts.bindSelect(document.querySelector('[data-kf="lang"]'));
texts.onChange(redraw);
redraw();
companySignIn();

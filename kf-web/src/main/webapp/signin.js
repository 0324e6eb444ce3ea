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
    'error.unreachable': '无法连接服务器，请稍后再试。',
    'error.other': '登录失败，请稍后再试。',
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
    'error.unreachable': 'The server cannot be reached. Try again in a moment.',
    'error.other': 'Signing in failed. Try again in a moment.',
  },
});

// The application's root: this page sits directly in it, whatever the context root is.
const root = new URL('./', location.href);

/**
 * Where to go after signing in: `next` only when it is a path on this server inside the
 * application (never another host, never `//host` or `\\host` forms), else the agent console.
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
    showError('error.forbidden');
  } else {
    showError('error.other');
  }
});

function redraw() {
  texts.apply();
  document.title = texts.t('page.title');
  if (errorKey) {
    error.textContent = texts.t(errorKey);
  }
}

texts.bindSelect(document.querySelector('[data-kf="lang"]'));
texts.onChange(redraw);
redraw();

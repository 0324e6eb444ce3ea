// The console's calls to the REST API. Every address is taken relative to the application's
// root, which is the folder above this file: the application may live under a context root
// such as /kefu, so nothing here starts with "/".

export const root = new URL('../', import.meta.url);

const REQUEST_TIMEOUT_MS = 15_000;

/** The server answered with an error status. */
export class HttpError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error;
  }
}

/** Thrown after the browser has been sent to the sign-in page; callers just stop. */
export class SignedOut extends Error {}

let leaving = false;

/**
 * Sends the browser to the sign-in page, which brings it back to this page afterwards; `why`
 * ("disabled") lets that page say why the session ended.
 */
export function goToSignIn(why) {
  if (leaving) {
    return;
  }
  leaving = true;
  const next = location.pathname + location.search;
  const reason = why ? `&${encodeURIComponent(why)}=1` : '';
  location.replace(new URL(`signin.html?next=${encodeURIComponent(next)}${reason}`, root));
}

export async function api(path, { method = 'GET', body } = {}) {
  // Proof for the server's cross-site request guard: another site's page cannot add this header.
  const headers = { Accept: 'application/json', 'X-Kefu-CSRF': '1' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(new URL(`api/v1/${path}`, root), {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
    // A server that accepts the connection but never answers (still starting) must not hang us.
    signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : undefined,
  });
  if (response.status === 401 && !path.startsWith('auth/logout')) {
    goToSignIn();
    throw new SignedOut('signed out');
  }
  if (!response.ok) {
    let error = null;
    try {
      error = await response.json();
    } catch {
      // Not JSON (a proxy's error page, say): the status says enough.
    }
    throw new HttpError(response.status, error);
  }
  return response.status === 204 ? null : response.json();
}

/** The agent socket's address for a ticket: ws:// or wss:// as the page itself. */
export function socketUrl(ticket) {
  const url = new URL('ws/agent', root);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('ticket', ticket);
  return url.href;
}

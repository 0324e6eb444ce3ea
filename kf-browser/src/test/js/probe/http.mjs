// Plain HTTP requests with whatever method, headers and bytes a probe needs (fetch refuses some of
// them), answering the status, the headers and the start of the body.

import http from 'node:http';

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * Sends one request. `body` is a string, a Buffer, an array of Buffers (written one after the
 * other, so a huge body need not be copied) or undefined; `timeoutMs` ends a request that gets no
 * answer (status 0 then, with `error`). Bodies of answers are kept up to `keep` bytes.
 */
export function request(baseUrl, method, path, { headers = {}, body, timeoutMs = 30_000, keep = 65_536, agent = keepAlive } = {}) {
  const url = new URL(path, baseUrl);
  const parts = body === undefined ? undefined : [body].flat().map((part) => (Buffer.isBuffer(part) ? part : Buffer.from(part, 'utf8')));
  const length = parts?.reduce((sum, part) => sum + part.length, 0);
  return new Promise((resolve) => {
    const started = Date.now();
    let settled = false;
    const done = (answer) => {
      if (!settled) {
        settled = true;
        resolve({ ms: Date.now() - started, ...answer });
      }
    };
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: parts === undefined ? headers : { 'Content-Length': length, ...headers },
      },
      (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (chunk) => {
          if (size < keep) {
            chunks.push(chunk);
          }
          size += chunk.length;
        });
        res.on('end', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).subarray(0, keep), size }));
        res.on('error', (error) => done({ status: res.statusCode, headers: res.headers, body: Buffer.alloc(0), error: error.code ?? error.message }));
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy(new Error('timeout'));
    });
    req.on('error', (error) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: error.code ?? error.message }));
    for (const part of parts ?? []) {
      req.write(part);
    }
    req.end();
  });
}

export function basic(username, password) {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A JSON call that must succeed (set-up, not probing): answers the parsed body. */
export async function api(baseUrl, method, path, { auth, body, headers = {} } = {}) {
  const answer = await request(baseUrl, method, `/api/v1/${path}`, {
    headers: {
      // auth: an Authorization header, or {cookie} of a session (then marked as Kefu's own call).
      ...(typeof auth === 'string' ? { Authorization: auth } : {}),
      ...(auth?.cookie ? { Cookie: auth.cookie, 'X-Kefu-CSRF': '1' } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      Accept: 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = answer.body.toString('utf8');
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(`${method} /api/v1/${path}: ${answer.status || answer.error} ${text.slice(0, 300)}`);
  }
  return text ? JSON.parse(text) : null;
}

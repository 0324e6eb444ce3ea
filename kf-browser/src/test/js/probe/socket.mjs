// A chat socket of the probe: opened from a chosen local address, answering parsed frames to its
// listeners, and telling how its handshake and its end went.

import WebSocket from 'ws';

/**
 * Opens a socket. Resolves to {socket} once open, or to {status} (the HTTP status of a refused
 * handshake, 0 for no answer) when it did not open.
 */
export function openSocket(url, { localAddress, origin, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      localAddress,
      origin,
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
      // The server's limits are what is probed, not the client's.
      maxPayload: 256 * 1024 * 1024,
    });
    let settled = false;
    ws.on('unexpected-response', (req, res) => {
      settled = true;
      res.resume();
      req.destroy();
      resolve({ status: res.statusCode });
    });
    ws.on('error', (error) => {
      if (!settled) {
        settled = true;
        resolve({ status: 0, error: error.code ?? error.message });
      }
    });
    ws.on('open', () => {
      settled = true;
      resolve({ socket: new ChatSocket(ws) });
    });
  });
}

export class ChatSocket {
  constructor(ws) {
    this.ws = ws;
    this.listeners = new Set();
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      this.lastReceived = Date.now();
      let frame;
      try {
        frame = isBinary ? { type: '(binary)' } : JSON.parse(data.toString('utf8'));
      } catch {
        frame = { type: '(not json)' };
      }
      if (frame === null || typeof frame !== 'object') {
        frame = { type: '(not an object)' };
      }
      frame.bytes = data.length;
      for (const listener of this.listeners) {
        listener(frame);
      }
    });
  }

  get open() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  onFrame(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a text frame; a Buffer goes as the frame's raw bytes (invalid UTF-8 included). */
  send(data, { binary = false } = {}) {
    if (!this.open) {
      return false;
    }
    this.ws.send(data, { binary });
    return true;
  }

  /** The first frame that `test` accepts within `ms`, else null (also when the socket closes). */
  waitFor(test, ms) {
    return new Promise((resolve) => {
      let stop;
      const timer = setTimeout(() => {
        stop();
        resolve(null);
      }, ms);
      stop = this.onFrame((frame) => {
        if (test(frame)) {
          clearTimeout(timer);
          stop();
          resolve(frame);
        }
      });
      this.closed.then(() => {
        clearTimeout(timer);
        stop();
        resolve(null);
      });
    });
  }

  /** A round trip: true when a pong comes back within `ms`. */
  async ping(ms = 10_000) {
    const pong = this.waitFor((frame) => frame.type === 'pong', ms);
    if (!this.send('{"type":"ping"}')) {
      return false;
    }
    return (await pong) !== null;
  }

  /** Stops reading: what the server sends stays in its buffers and queues. */
  pauseReading() {
    this.ws.pause();
  }

  close(code = 1000) {
    try {
      this.ws.close(code);
    } catch {
      this.ws.terminate();
    }
  }

  terminate() {
    this.ws.terminate();
  }
}

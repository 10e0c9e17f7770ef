// SPDX-License-Identifier: Apache-2.0
// Switchboard's browser client: one WebSocket that comes back by itself. An ES module with no dependencies and no
// build step; the server serves it at /switchboard/client.js (io.switchboard.server.ClientScript).
//
//   import { SwitchboardSocket } from '/switchboard/client.js';
//   const socket = new SwitchboardSocket('/ws/chat/lobby/');
//   socket.addEventListener('message', (event) => show(event.detail));
//   socket.addEventListener('recovery', (event) => event.detail.recovered || markGap());
//   socket.addEventListener('state', (event) => showState(event.detail));
//   socket.publish({ message: 'hello' });
//
// What it does:
// - Reconnects after any drop, with exponential backoff (initialDelay doubling up to maxDelay) and jitter (each
//   delay drawn between half and all of it), so a restarted server is not stampeded by every page at once.
// - Tracks the position of the stream: every JSON frame with a numeric "offset" and a string "epoch" moves it
//   forward, and a reconnection asks for what came after it (?offset=N&epoch=E). So only frames of the stream
//   (messages, a history) may carry those two fields: a control frame that did would move the page past messages
//   still on their way. One stream per socket. The server's {"recovered": true|false, ...} is the 'recovery' event,
//   after a reconnection or after a break it could not fill; recovered messages arrive as 'message' events.
// - Queues what is sent while disconnected (up to maxQueued frames) and sends it once connected again.
// - Sends what is published once: publish() tags the object with a fresh random "cid" and sends it again on every
//   reconnection until a frame naming that cid comes back: the message itself in the stream ({..., "cid"}), the
//   server's {"ack": cid} for a copy it already had, or an error about it ({"error", "cid"}). So a message written as
//   a server closes the socket is not lost; the server drops the second copy of one that did go out
//   (ChannelLayer.groupSendOnce), so it does not show twice either. Up to maxQueued messages may be pending.
// - With {presence: true}, asks for the group's members (?presence=1) and keeps them: the server's
//   {"presence": [member...]} replaces the list, {"presence_join": member} and {"presence_leave": member} change it;
//   a member is an object with a unique "id" (one per connection). The list starts over on each connection.
//
// Events (CustomEvent, the payload in event.detail):
// - 'state':    {state: 'connecting' | 'open' | 'waiting' | 'closed', code, reason, delay}
// - 'message':  the frame, parsed from JSON (a frame that is not JSON comes as {text})
// - 'recovery': {recovered, position} when the server says whether it could catch up
// - 'overflow': {dropped} when the send queue was full and a frame was not queued
// - 'presence': {members} (an array, in arrival order) whenever the member list changed

export class SwitchboardSocket extends EventTarget {
  #url;
  #options;
  #socket = null;
  #attempt = 0;
  #timer = null;
  #closed = false;
  #queue = [];
  #pending = new Map();
  #position = null;
  #members = new Map();

  /**
   * @param {string} url the socket's path or URL; http(s) becomes ws(s), a path is taken relative to the page
   * @param {{initialDelay?: number, maxDelay?: number, maxQueued?: number, protocols?: string[],
   *          position?: {offset: number, epoch: string}, presence?: boolean}} options
   */
  constructor(url, options = {}) {
    super();
    this.#url = url;
    this.#options = {
      initialDelay: 500, maxDelay: 30000, maxQueued: 100, protocols: undefined, presence: false, ...options
    };
    this.#position = options.position || null;
    // Listeners added right after the constructor hear the first 'connecting'
    queueMicrotask(() => this.#connect());
  }

  /** @returns {{offset: number, epoch: string} | null} the last position seen */
  get position() {
    return this.#position;
  }

  /** @returns {object[]} the members the server listed, with {presence: true} */
  get members() {
    return Array.from(this.#members.values());
  }

  /** @returns {number} how many published messages have not come back yet */
  get pending() {
    return this.#pending.size;
  }

  /** @returns {boolean} whether the socket is open now */
  get open() {
    return this.#socket !== null && this.#socket.readyState === WebSocket.OPEN;
  }

  /** Sends a frame now, or once connected again; objects are sent as JSON. */
  send(data) {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    if (this.open) {
      this.#socket.send(text);
    } else if (this.#queue.length < this.#options.maxQueued) {
      this.#queue.push(text);
    } else {
      this.#emit('overflow', { dropped: text });
    }
  }

  /**
   * Sends an object that comes back in the stream (a chat message, say), and sends it again after each reconnection
   * until it or an answer about it does.
   * @param {object} data the frame, to which a "cid" is added
   * @returns {Promise<object>} the frame that came back: resolved with the message or {"ack"}, rejected with an error
   *   frame, or at once with an Error if maxQueued messages are pending already
   */
  publish(data) {
    if (this.#pending.size >= this.#options.maxQueued) {
      this.#emit('overflow', { dropped: data });
      return Promise.reject(new Error('too many messages pending'));
    }
    const cid = newId();
    const text = JSON.stringify({ ...data, cid });
    return new Promise((resolve, reject) => {
      this.#pending.set(cid, { text, resolve, reject });
      if (this.open) {
        this.#socket.send(text);
      }
    });
  }

  /** Closes the socket and opens a new one at once, keeping the position: after a log-in, for example. */
  reconnect() {
    clearTimeout(this.#timer);
    if (this.#socket !== null) {
      const old = this.#socket;
      this.#socket = null;
      old.onclose = null;
      old.close(1000);
    }
    this.#connect();
  }

  /** Closes for good: no reconnection. */
  close(code = 1000, reason = '') {
    this.#closed = true;
    clearTimeout(this.#timer);
    if (this.#socket !== null) {
      this.#socket.close(code, reason);
    } else {
      this.#emit('state', { state: 'closed', code, reason });
    }
  }

  #connect() {
    if (this.#closed) {
      return;
    }
    const url = new URL(this.#url, window.location.href);
    url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
    const asked = this.#position;
    if (asked !== null) {
      url.searchParams.set('offset', String(asked.offset));
      url.searchParams.set('epoch', asked.epoch);
    }
    if (this.#options.presence) {
      url.searchParams.set('presence', '1');
    }
    this.#emit('state', { state: 'connecting' });
    const socket = new WebSocket(url.toString(), this.#options.protocols);
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#emit('state', { state: 'open' });
      // whatever did not come back on the last socket goes again: the server drops the copies it already has
      for (const { text } of this.#pending.values()) {
        socket.send(text);
      }
      while (this.#queue.length > 0 && this.open) {
        socket.send(this.#queue.shift());
      }
    };
    socket.onmessage = (event) => this.#received(event.data);
    socket.onclose = (event) => {
      this.#socket = null;
      if (this.#closed) {
        this.#emit('state', { state: 'closed', code: event.code, reason: event.reason });
        return;
      }
      const ceiling = Math.min(this.#options.maxDelay, this.#options.initialDelay * Math.pow(2, this.#attempt));
      const delay = Math.round(ceiling * (0.5 + Math.random() / 2));
      this.#attempt += 1;
      this.#emit('state', { state: 'waiting', code: event.code, reason: event.reason, delay });
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  #received(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      this.#emit('message', { text });
      return;
    }
    if (frame !== null && typeof frame === 'object') {
      this.#settle(frame);
      this.#track(frame);
      this.#presence(frame);
      if (typeof frame.recovered === 'boolean') {
        // after a reconnection, or a break later on that the server could not fill
        this.#emit('recovery', { recovered: frame.recovered, position: this.#position });
      }
    }
    this.#emit('message', frame);
  }

  #track(frame) {
    if (typeof frame.offset !== 'number' || typeof frame.epoch !== 'string') {
      return;
    }
    const now = this.#position;
    if (now === null || now.epoch !== frame.epoch || frame.offset > now.offset) {
      this.#position = { offset: frame.offset, epoch: frame.epoch };
    }
  }

  #settle(frame) {
    const cid = typeof frame.ack === 'string' ? frame.ack : frame.cid;
    const waiting = typeof cid === 'string' ? this.#pending.get(cid) : undefined;
    if (waiting !== undefined) {
      this.#pending.delete(cid);
      if (typeof frame.error === 'string') {
        waiting.reject(frame);
      } else {
        waiting.resolve(frame);
      }
    }
  }

  #presence(frame) {
    if (Array.isArray(frame.presence)) {
      this.#members = new Map(frame.presence.filter((m) => m && m.id !== undefined).map((m) => [m.id, m]));
    } else if (frame.presence_join && frame.presence_join.id !== undefined) {
      this.#members.set(frame.presence_join.id, frame.presence_join);
    } else if (frame.presence_leave && frame.presence_leave.id !== undefined) {
      this.#members.delete(frame.presence_leave.id);
    } else {
      return;
    }
    this.#emit('presence', { members: this.members });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

// 128 random bits in hex: crypto.randomUUID() exists only in secure contexts, getRandomValues everywhere
function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

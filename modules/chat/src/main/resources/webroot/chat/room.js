// One chat room: a socket to /ws/chat/<room>/ that reconnects with backoff when it drops.
(function () {
  'use strict';
  const room = decodeURIComponent(window.location.pathname.split('/')[2] || '');
  const log = document.getElementById('chat-log');
  const status = document.getElementById('status');
  const form = document.getElementById('chat-form');
  const input = document.getElementById('chat-message-input');
  document.getElementById('room-name').textContent = room;
  document.title = room + ' - Switchboard chat';

  let socket = null;
  let attempt = 0;
  const outbox = [];

  function setStatus(kind, text) {
    status.className = 'status ' + kind;
    status.textContent = text;
  }

  function append(kind, user, text) {
    const item = document.createElement('li');
    item.className = kind;
    if (user) {
      const who = document.createElement('span');
      who.className = 'user';
      who.textContent = user;
      item.append(who, ' ');
    }
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    item.appendChild(body);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + window.location.host + '/ws/chat/' + encodeURIComponent(room) + '/');
    socket.onopen = () => {
      attempt = 0;
      setStatus('connected', 'Connected');
      while (outbox.length > 0) {
        socket.send(outbox.shift());
      }
    };
    socket.onmessage = (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (data.error) {
        append('error', null, 'Not sent: ' + data.error.replace(/_/g, ' '));
      } else if (typeof data.message === 'string') {
        append('message', data.user || 'anonymous', data.message);
      }
    };
    socket.onclose = (event) => {
      socket = null;
      // Exponential backoff with jitter, capped at 30 s, so a restarted server is not stampeded
      const delay = Math.min(30000, 500 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      setStatus('disconnected', 'Disconnected (' + event.code + '); reconnecting in ' +
        Math.round(delay / 1000) + ' s');
      setTimeout(connect, delay);
    };
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    if (text.trim() === '') {
      return;
    }
    const frame = JSON.stringify({ message: text });
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(frame);
    } else {
      outbox.push(frame);
    }
    input.value = '';
    input.focus();
  });

  connect();
})();

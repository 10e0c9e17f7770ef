// One chat room, on Switchboard's browser client (/switchboard/client.js), which reconnects with backoff and
// catches up from the last position seen. A first connection starts with {"history": [...], "offset", "epoch"}
// (the room's recent messages, oldest first, and the room's position), then live messages
// {"id", "message", "user", "at", "offset", "epoch"}. A reconnection starts with {"recovered": true}, then exactly
// the missed messages; or with {"recovered": false} and the history again, and the page marks the gap. Errors are
// {"error": code} ("not_saved" also names the message's id). A message is published with a "cid" the client draws,
// and sent again after a reconnection until it comes back: the server drops a copy it already sent. The page asks
// for the room's members (presence: true): the client keeps the list from {"presence": [...]},
// {"presence_join": ...} and {"presence_leave": ...}, and the page shows each user once, with the number of their
// open pages.
import { SwitchboardSocket } from '/switchboard/client.js';

const room = decodeURIComponent(window.location.pathname.split('/')[2] || '');
const log = document.getElementById('chat-log');
const status = document.getElementById('status');
const form = document.getElementById('chat-form');
const input = document.getElementById('chat-message-input');
const submit = document.getElementById('chat-message-submit');
const writeNote = document.getElementById('write-note');
const memberList = document.getElementById('member-list');
const memberCount = document.getElementById('member-count');
document.getElementById('room-name').textContent = room;
document.title = room + ' - Switchboard chat';

const ERRORS = {
  login_required: 'Not sent: writing needs a login. Log in or sign up above.',
  message_required: 'Not sent: the message is empty.',
  message_too_long: 'Not sent: a message is at most 4000 characters.',
  history_unavailable: 'Earlier messages cannot be loaded right now; new ones still arrive.',
  invalid_position: 'Could not catch up from where this page was; showing the latest messages.'
};
// Ids of the messages shown, so that none shows twice however it arrives; the oldest are forgotten
const SHOWN_LIMIT = 5000;

let knownUser;
// whether the socket was open once: each later open is a reconnection
let opened = false;
let gapPending = false;
const unsaved = new Set();
const shown = new Set();

function setStatus(kind, text) {
  status.className = 'status ' + kind;
  status.textContent = text;
}

function line(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  log.appendChild(item);
  log.scrollTop = log.scrollHeight;
}

function markUnsaved(item) {
  item.classList.add('not-saved');
  const note = document.createElement('span');
  note.className = 'note';
  note.textContent = ' (not saved)';
  item.appendChild(note);
}

function append(message) {
  if (message.id) {
    if (shown.has(message.id)) {
      return;
    }
    shown.add(message.id);
    if (shown.size > SHOWN_LIMIT) {
      shown.delete(shown.values().next().value);
    }
  }
  const item = document.createElement('li');
  item.className = 'message';
  if (message.id) {
    item.dataset.id = message.id;
  }
  if (message.at) {
    item.title = new Date(message.at).toLocaleString();
  }
  const who = document.createElement('span');
  who.className = 'user';
  who.textContent = message.user || 'anonymous';
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = message.message;
  item.append(who, ' ', body);
  if (message.id && unsaved.delete(message.id)) {
    markUnsaved(item);
  }
  log.appendChild(item);
  log.scrollTop = log.scrollHeight;
}

function received(data) {
  if (Array.isArray(data.history)) {
    // a first connection, or one that could not catch up, starts over from the stored messages
    log.replaceChildren();
    shown.clear();
    data.history.forEach(append);
    if (gapPending) {
      gapPending = false;
      line('gap', 'Reconnected. Messages sent while this page was away may be missing above.');
    }
  } else if (typeof data.recovered === 'boolean') {
    // recovered: the missed messages follow; not recovered: the history follows, and the gap is marked
    gapPending = !data.recovered;
  } else if (data.error === 'not_saved') {
    const item = log.querySelector('li[data-id="' + data.id + '"]');
    if (item) {
      markUnsaved(item);
    } else {
      unsaved.add(data.id);
    }
  } else if (data.error) {
    line('error', ERRORS[data.error] || 'Not sent: ' + data.error.replace(/_/g, ' '));
  } else if (typeof data.message === 'string') {
    append(data);
  }
}

// Who is here: one line per user, with their number of open pages when more than one
function showMembers(members) {
  const pages = new Map();
  for (const member of members) {
    const user = member.user || 'anonymous';
    pages.set(user, (pages.get(user) || 0) + 1);
  }
  memberList.replaceChildren();
  for (const [user, count] of Array.from(pages.entries()).sort((a, b) => a[0].localeCompare(b[0]))) {
    const item = document.createElement('li');
    item.className = 'member';
    item.dataset.user = user;
    item.textContent = count > 1 ? user + ' (' + count + ')' : user;
    memberList.appendChild(item);
  }
  memberCount.textContent = String(members.length);
}

const socket = new SwitchboardSocket('/ws/chat/' + encodeURIComponent(room) + '/', { presence: true });
// for the browser's console (and the browser tests): socket.pending, socket.position, socket.members
window.chatSocket = socket;
socket.addEventListener('message', (event) => received(event.detail));
socket.addEventListener('presence', (event) => showMembers(event.detail.members));
socket.addEventListener('state', (event) => {
  const state = event.detail;
  if (state.state === 'open') {
    setStatus('connected', 'Connected');
    if (opened) {
      // the session may have ended while the page was away (a restart, a log-out elsewhere): ask again
      window.chatAuth.refresh();
    }
    opened = true;
  } else if (state.state === 'connecting') {
    setStatus('connecting', 'Connecting\u2026');
  } else if (state.state === 'waiting') {
    setStatus('disconnected', 'Disconnected (' + state.code + '); reconnecting in ' +
      Math.round(state.delay / 1000) + ' s');
  }
});

// The socket knows its user from the handshake: after a log-in or log-out, open a new one
function authChanged(me) {
  const user = me.user ? me.user.id : null;
  const mayWrite = user !== null || !me.requireLogin;
  writeNote.hidden = mayWrite;
  input.disabled = !mayWrite;
  submit.disabled = !mayWrite;
  if (knownUser !== undefined && knownUser !== user) {
    socket.reconnect();
  }
  knownUser = user;
}
document.addEventListener('auth-changed', (event) => authChanged(event.detail));
// This module runs after auth.js, which may have learnt who is logged in already
if (window.chatAuth.known()) {
  authChanged(window.chatAuth.current());
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value;
  if (text.trim() === '') {
    return;
  }
  // sent again after a reconnection until it comes back; errors about it arrive as frames too
  socket.publish({ message: text }).catch(() => {});
  input.value = '';
  input.focus();
});

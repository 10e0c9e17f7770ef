// The room picker: enter a room by name, or pick one of the rooms with messages or people in them.
(function () {
  'use strict';
  const form = document.getElementById('room-form');
  const input = document.getElementById('room-name-input');
  const list = document.getElementById('rooms');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const room = input.value.trim();
    if (/^[-a-zA-Z0-9_]{1,90}$/.test(room)) {
      window.location.pathname = '/chat/' + room + '/';
    }
  });

  function show(rooms) {
    list.replaceChildren();
    if (rooms.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'empty';
      empty.textContent = 'No one is chatting yet.';
      list.appendChild(empty);
      return;
    }
    for (const room of rooms) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = '/chat/' + encodeURIComponent(room.name) + '/';
      link.textContent = room.name;
      const detail = document.createElement('span');
      detail.className = 'detail';
      const when = new Date(room.lastActivity).toLocaleString();
      const messages = room.messages === 1 ? '1 message' : room.messages + ' messages';
      detail.textContent = room.members + ' here, ' + messages + ', last active ' + when;
      item.append(link, ' ', detail);
      list.appendChild(item);
    }
  }

  function refresh() {
    fetch('/chat/api/rooms', { cache: 'no-store' })
      .then((response) => response.json())
      .then(show)
      .catch(() => {});
  }

  refresh();
  setInterval(refresh, 5000);
})();

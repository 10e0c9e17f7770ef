// Who is logged in, with the forms to log in, sign up and log out; shared by the chat pages. It fills
// <section id="auth"> and tells the page about every change with an 'auth-changed' event on document,
// whose detail is {user: {id, username} | null, requireLogin}.
(function () {
  'use strict';
  const box = document.getElementById('auth');
  let me = { user: null, requireLogin: false };
  // whether the server has said who this is yet
  let known = false;

  function element(tag, props) {
    return Object.assign(document.createElement(tag), props || {});
  }

  function call(method, path, body) {
    const init = { method: method, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    return fetch(path, init)
      .then((response) => response.json().catch(() => ({
        error: 'unavailable', detail: 'The server answered ' + response.status + '; try again'
      })))
      .catch(() => ({ error: 'unavailable', detail: 'The server cannot be reached; try again' }));
  }

  function changed(next) {
    me = { user: next.user || null, requireLogin: next.requireLogin === true };
    known = true;
    render();
    document.dispatchEvent(new CustomEvent('auth-changed', { detail: me }));
  }

  function render() {
    box.replaceChildren();
    if (me.user) {
      const status = element('p', { id: 'auth-status' });
      status.append('Logged in as ', element('strong', { id: 'auth-user', textContent: me.user.username }), ' ');
      const logout = element('button', { id: 'auth-logout', type: 'button', textContent: 'Log out' });
      logout.addEventListener('click', () => call('POST', '/chat/api/logout', {}).then(changed));
      status.appendChild(logout);
      box.appendChild(status);
      return;
    }
    box.appendChild(element('p', {
      id: 'auth-status',
      textContent: me.requireLogin
        ? 'Not logged in: log in or sign up to write.'
        : 'Not logged in: you write as anonymous.'
    }));
    const form = element('form', { id: 'auth-form', className: 'row' });
    const username = element('input', {
      id: 'auth-username', type: 'text', placeholder: 'username', autocomplete: 'username',
      maxLength: 150, required: true
    });
    const password = element('input', {
      id: 'auth-password', type: 'password', placeholder: 'password (8 or more characters)',
      autocomplete: 'current-password', required: true
    });
    const login = element('button', { id: 'auth-login', type: 'submit', textContent: 'Log in' });
    const signup = element('button', { id: 'auth-signup', type: 'button', textContent: 'Sign up' });
    const error = element('p', { id: 'auth-error', className: 'error' });
    error.setAttribute('role', 'alert');
    function submit(path) {
      error.textContent = '';
      call('POST', path, { username: username.value, password: password.value }).then((answer) => {
        if (answer.error) {
          error.textContent = answer.detail || answer.error.replace(/_/g, ' ');
          password.value = '';
          password.focus();
        } else {
          changed(answer);
        }
      });
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit('/chat/api/login');
    });
    signup.addEventListener('click', () => {
      if (form.reportValidity()) {
        submit('/chat/api/signup');
      }
    });
    form.append(username, password, login, signup);
    box.append(form, error);
  }

  // Asks the server who this is; a page calls it again after its socket reconnected, since a restart or a
  // log-out elsewhere may have ended the session: the page then shows what the new socket knows
  function refresh() {
    return call('GET', '/chat/api/me').then((answer) => {
      if (answer.error) {
        return;
      }
      const before = me.user ? me.user.id : null;
      const after = answer.user ? answer.user.id : null;
      if (!known || before !== after || me.requireLogin !== (answer.requireLogin === true)) {
        changed(answer);
      }
    });
  }

  window.chatAuth = { current: () => me, known: () => known, refresh: refresh };
  render();
  refresh();
})();

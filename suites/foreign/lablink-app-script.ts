// LabLink's single-page app, as the browser runs it: the access token lives in sessionStorage and goes out as
// `Authorization: Bearer`; the refresh token is an HttpOnly cookie the script never sees (Path=/api/auth). On
// load the app tries its stored token, then a refresh, and only then shows the login form, so a page that
// shows the form has asked the server twice. DOM built with textContent: results and names are data, not HTML.

export const ACCESS_TOKEN_KEY = 'lablink.access';

/** The script; `clearTokenAtLogout` false is the defect tokens-left-in-storage (portal side decides). */
export function labLinkAppScript(clearTokenAtLogout: boolean): string {
  return `'use strict';
const KEY = ${JSON.stringify(ACCESS_TOKEN_KEY)};
const app = document.getElementById('app');

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, attrs);
  for (const child of children) node.append(child);
  return node;
}

async function refresh() {
  const response = await fetch('/api/auth/refresh', { method: 'POST' });
  if (!response.ok) return null;
  const { accessToken } = await response.json();
  sessionStorage.setItem(KEY, accessToken);
  return accessToken;
}

async function results(token) {
  const response = await fetch('/api/results', { headers: { authorization: 'Bearer ' + token } });
  return response.ok ? response.json() : null;
}

async function start() {
  let token = sessionStorage.getItem(KEY);
  let data = token ? await results(token) : null;
  if (!data) {
    token = await refresh();
    data = token ? await results(token) : null;
  }
  if (data) showResults(data);
  else showLogin(false);
}

function showLogin(failed) {
  const user = el('input', { id: 'username', name: 'username', autocomplete: 'username' });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const form = el('form', { id: 'login' },
    el('h1', {}, 'Sign in to LabLink'),
    failed ? el('p', { className: 'login-failed' }, 'Wrong username or password') : '',
    el('label', {}, 'Username ', user), el('label', {}, 'Password ', password),
    el('button', { id: 'sign-in', type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.value, password: password.value }),
    });
    if (!response.ok) return showLogin(true);
    sessionStorage.setItem(KEY, (await response.json()).accessToken);
    await start();
  });
  app.replaceChildren(form);
}

function showResults(data) {
  const logout = el('button', { id: 'logout', type: 'button' }, 'Sign out');
  logout.addEventListener('click', async () => {
    await fetch('/api/auth/logout', { method: 'POST', headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
    ${clearTokenAtLogout ? 'sessionStorage.removeItem(KEY);' : '/* the token is left where it was */'}
    location.assign('/signed-out');
  });
  app.replaceChildren(
    el('h1', { id: 'patient-name' }, data.name),
    el('ul', { id: 'results' }, ...data.results.map((r) => el('li', {}, r))),
    logout);
}

start();
`;
}

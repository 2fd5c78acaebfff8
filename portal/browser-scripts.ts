/**
 * Scripts the portal's own pages run, served from /assets/ (same origin, no inline script). ES5 and
 * XMLHttpRequest, so Internet Explorer 11 runs them too. The parts that only defects need are left out of
 * the clean portal's scripts altogether, so a clean page cannot even reach for the defects' stored token or a
 * worker. The clean single-page part keeps its own access token in localStorage and removes it at logout.
 */
import type { DefectId } from './defects';
import { SERVICE_WORKER_PATH } from './service-worker';
import { SPA_RECEPT_PATH, SPA_SESSION_PATH } from './spa-api';

export const MINA_SIDOR_SCRIPT_PATH = '/assets/mina-sidor.js';
export const SIGNING_IN_SCRIPT_PATH = '/assets/signing-in.js';
export const LOGGED_OUT_SCRIPT_PATH = '/assets/utloggad.js';

/** Where Mina sidor's single-page part keeps its access token (clean: removed at logout). */
export const SPA_TOKEN_KEY = 'vp.spa.accessToken';

/**
 * The single-page part of Mina sidor ("Dina recept"): trades the refresh cookie for an access token, keeps
 * it in localStorage, and reads the prescriptions with it as `Authorization: Bearer`; #recept then carries
 * data-status="<HTTP status>". A click on either logout button drops the stored token first.
 */
const SPA_PART = `  function removeSpaToken() { try { window.localStorage.removeItem('${SPA_TOKEN_KEY}'); } catch (e) {} }
  var logoutButtons = [document.getElementById('logout'), document.getElementById('logout-everywhere')];
  for (var i = 0; i < logoutButtons.length; i++) {
    if (logoutButtons[i] && logoutButtons[i].form) logoutButtons[i].form.onsubmit = removeSpaToken;
  }
  var recept = document.getElementById('recept');
  function getJson(url, bearer, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    if (bearer) xhr.setRequestHeader('Authorization', 'Bearer ' + bearer);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.onreadystatechange = function () {
      if (xhr.readyState === 4) done(xhr.status, xhr.status === 200 ? JSON.parse(xhr.responseText) : null);
    };
    xhr.send();
  }
  if (recept) {
    getJson('${SPA_SESSION_PATH}', null, function (status, session) {
      if (!session) { recept.setAttribute('data-status', String(status)); return; }
      try { window.localStorage.setItem('${SPA_TOKEN_KEY}', session.access_token); } catch (e) {}
      var stored = null;
      try { stored = window.localStorage.getItem('${SPA_TOKEN_KEY}'); } catch (e) {}
      getJson('${SPA_RECEPT_PATH}', stored || session.access_token, function (status, data) {
        if (data) {
          var items = [];
          for (var j = 0; j < data.recept.length; j++) items.push(data.recept[j].drug + ': ' + data.recept[j].dose);
          recept.textContent = items.join('; ');
        }
        recept.setAttribute('data-status', String(status));
      });
    });
  }
`;

/** The logged-out page drops the SPA's stored token too (a logout that started elsewhere, e.g. by URL). */
export const LOGGED_OUT_SCRIPT = `try { window.localStorage.removeItem('${SPA_TOKEN_KEY}'); } catch (e) {}\n`;

/** Where the token-in-local-storage defect keeps the API token. */
export const LOCAL_STORAGE_TOKEN_KEY = 'vp.accessToken';

/**
 * Mina sidor: reads the API token from <meta name="vp-api-token"> and fetches the journal with it when
 * #api-journal is clicked; #api-result then shows the outcome and carries data-status="<HTTP status>".
 */
export function minaSidorScript(defects: readonly DefectId[]): string {
  let storeToken = '';
  if (defects.includes('token-in-local-storage')) {
    // defect: token-in-local-storage
    storeToken = `  try { window.localStorage.setItem('${LOCAL_STORAGE_TOKEN_KEY}', token); } catch (e) {}\n`;
  }
  let registerWorker = '';
  if (defects.includes('service-worker-page-cache')) {
    // defect: service-worker-page-cache
    // data-sw="active" on <html> once a worker is active for this scope (and so has cached the page).
    registerWorker =
      `  if ('serviceWorker' in navigator) {\n` +
      `    navigator.serviceWorker.register('${SERVICE_WORKER_PATH}', { scope: '/' })\n` +
      `      .then(function () { return navigator.serviceWorker.ready; })\n` +
      `      .then(function () { document.documentElement.setAttribute('data-sw', 'active'); }, function () {});\n` +
      `  }\n`;
  }
  return `(function () {
  var meta = document.querySelector('meta[name="vp-api-token"]');
  var token = meta ? meta.getAttribute('content') : '';
${storeToken}${SPA_PART}  var button = document.getElementById('api-journal');
  var out = document.getElementById('api-result');
  if (button && out) {
    button.onclick = function () {
      out.removeAttribute('data-status');
      out.textContent = 'Hämtar…';
      var xhr = new XMLHttpRequest();
      xhr.open('GET', '/api/journal');
      xhr.setRequestHeader('Authorization', 'Bearer ' + token);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.onreadystatechange = function () {
        if (xhr.readyState !== 4) return;
        var text = xhr.status === 401 ? 'Inte inloggad (HTTP 401)' : 'Fel (HTTP ' + xhr.status + ')';
        if (xhr.status === 200) {
          var data = JSON.parse(xhr.responseText);
          text = data.name + ': ' + data.journal.length + ' journalanteckningar';
        }
        out.textContent = text;
        out.setAttribute('data-status', String(xhr.status));
      };
      xhr.send();
    };
  }
${registerWorker}})();
`;
}

/**
 * The token-in-local-storage defect's /login page: with a token left in localStorage it asks /api/resume for
 * a session and goes back to returnTo; otherwise (or if that fails) on to the IdP's authorization request.
 */
export const SIGNING_IN_SCRIPT = `(function () {
  var el = document.getElementById('signing-in');
  var authorize = el.getAttribute('data-authorize');
  var returnTo = el.getAttribute('data-return-to');
  var token = null;
  try { token = window.localStorage.getItem('${LOCAL_STORAGE_TOKEN_KEY}'); } catch (e) {}
  if (!token) { window.location.replace(authorize); return; }
  var xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/resume');
  xhr.setRequestHeader('Authorization', 'Bearer ' + token);
  xhr.onreadystatechange = function () {
    if (xhr.readyState === 4) window.location.replace(xhr.status === 200 ? returnTo : authorize);
  };
  xhr.send();
})();
`;

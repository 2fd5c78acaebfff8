/**
 * Scripts the portal's own pages run, served from /assets/ (same origin, no inline script). ES5 and
 * XMLHttpRequest, so Internet Explorer 11 runs them too. The parts that only defects need are left out of
 * the clean portal's scripts altogether, so a clean page cannot even reach for localStorage or a worker.
 */
import type { DefectId } from './defects';
import { SERVICE_WORKER_PATH } from './service-worker';

export const MINA_SIDOR_SCRIPT_PATH = '/assets/mina-sidor.js';
export const SIGNING_IN_SCRIPT_PATH = '/assets/signing-in.js';

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
${storeToken}  var button = document.getElementById('api-journal');
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

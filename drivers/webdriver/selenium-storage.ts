// What the open page's origin keeps besides cookies, read by a script inside the page (WebDriver's
// executeAsyncScript), so it sees exactly what the site's own scripts would see after logout. Written in ES5
// with feature checks because the same script runs in IE11 on a Windows node, which has no IndexedDB
// `databases()`, no Cache Storage and no service workers: those lists are then empty, not errors.
export const READ_STORAGE_SCRIPT = `
var done = arguments[arguments.length - 1];
if (!location.origin || location.origin === 'null') { done(null); return; }
function entries(s) {
  var out = {};
  try { for (var i = 0; i < s.length; i++) { var k = s.key(i); if (k !== null) out[k] = s.getItem(k) || ''; } } catch (e) {}
  return out;
}
var result = { origin: location.origin, localStorage: entries(window.localStorage), sessionStorage: entries(window.sessionStorage),
  indexedDB: [], cacheStorage: [], serviceWorkers: [] };
var waits = [];
if (window.indexedDB && indexedDB.databases) waits.push(indexedDB.databases().then(function (d) {
  result.indexedDB = d.map(function (x) { return x.name || '(unnamed)'; }); }));
if (window.caches) waits.push(caches.keys().then(function (k) { result.cacheStorage = k; }));
if (navigator.serviceWorker) waits.push(navigator.serviceWorker.getRegistrations().then(function (r) {
  result.serviceWorkers = r.map(function (x) { return x.scope; }); }));
if (!waits.length || !window.Promise) { done(result); return; }
Promise.all(waits).then(function () { done(result); }, function () { done(result); });
`;

/**
 * The service worker of the service-worker-page-cache defect: an "offline Mina sidor" gone wrong. Served at
 * /sw.js (scope /) only when that defect is on.
 *
 * It is built to be fast and deterministic rather than subtle: install fetches /mina-sidor with the user's
 * cookies into Cache Storage and skips waiting, activate claims the open pages, and from then on every
 * navigation to /mina-sidor is answered from that cache first. So once the page has registered it, the
 * worker is active and the personal page cached within a few milliseconds, and logging out changes nothing
 * the worker serves. redirect:'error' keeps a login page (a redirect) out of the cache.
 */
export const SERVICE_WORKER_PATH = '/sw.js';

export const SERVICE_WORKER_SCRIPT = `var CACHE = 'vp-mina-sidor-v1';
var PAGE = '/mina-sidor';

self.addEventListener('install', function (event) {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.add(new Request(PAGE, { credentials: 'same-origin', redirect: 'error' }));
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.mode !== 'navigate' || new URL(request.url).pathname !== PAGE) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(PAGE).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok && response.type === 'basic' && !response.redirected) cache.put(PAGE, response.clone());
        return response;
      });
    });
  }));
});
`;

/*
 * Plimsoll's service worker: after the first visit, the app, embed.html, the
 * workshop, the loader and the example page work with the network off.
 *
 * The build (Trunk post_build hook, `xtask csp` then xtask/src/offline.rs)
 * replaces the two placeholders below with a hash of every file and the list
 * of files to precache, so each build is a new worker version. A new worker
 * waits until the page asks it to take over ("new version available,
 * reload"), then removes the caches of older versions.
 *
 * Nothing but same-origin GET requests is handled, and nothing is ever sent
 * anywhere: the worker only answers from its cache or fetches our own files.
 */
'use strict';

const VERSION = 'PLIMSOLL_SW_VERSION';
const PRECACHE = ['PLIMSOLL_SW_PRECACHE'];
const CACHE = `plimsoll-${VERSION}`;
const SCOPE = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `cache: 'reload'`: never fill the new cache from the HTTP cache.
      cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('plimsoll-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'plimsoll:skip-waiting') self.skipWaiting();
});

/** The cached page for a navigation: views are query strings of the same files. */
function pageFor(url) {
  const path = url.pathname.slice(SCOPE.pathname.length);
  if (path === '' || path === 'index.html') return new URL('index.html', SCOPE);
  return new URL(path, SCOPE);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) {
    return;
  }
  const key = request.mode === 'navigate' ? pageFor(url) : url;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key, { ignoreSearch: true }).then(
        // Not precached (a file added after this version): the network.
        (cached) => cached || fetch(request),
      ),
    ),
  );
});

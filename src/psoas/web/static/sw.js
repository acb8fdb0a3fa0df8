/* Offline support. The app shell and the offline page are cached on install; pages,
   figures and the plans the player keeps (/api/plan/offline) are cached as they are
   visited: network first, the cache when offline. A page never opened falls back to
   /offline, which says what still works. API writes are never cached: the player keeps
   them on the phone and sends them when the network returns. An API read with nothing
   cached fails as a network error, so the pages take their offline path. */
"use strict";
var CACHE = "psoas-v1";
// The pose model (/pose/, about 21 MB) is kept once it has been used, in a cache of its
// own that an update of the app keeps: the camera check then runs offline.
var POSE_CACHE = "psoas-pose";
var SHELL = ["/", "/session", "/check", "/plan", "/progress", "/catalog", "/settings", "/offline",
  "/static/app.css", "/static/app.js", "/static/player.js", "/static/check.js", "/static/progress.js",
  "/static/settings.js", "/static/pose-rules.js", "/static/pose-device.js", "/static/icon.svg", "/manifest.webmanifest"];
// API reads worth keeping for offline use; everything else under /api/ needs the network.
var KEPT_API = ["/api/plan", "/api/plan/offline", "/api/docs", "/api/openapi.json"];

// Only a plain answer is kept: not an error, and not a sign-in page reached by a redirect.
function keep(request, response) {
  if (!response.ok || response.redirected) { return; }
  var copy = response.clone();
  caches.open(CACHE).then(function (c) { c.put(request, copy); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (r.ok && !r.redirected) { return cache.put(url, r); }
      }).catch(function () {});
    }));
  }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE && k !== POSE_CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) { return; }
  if (url.pathname.indexOf("/pose/") === 0) {
    event.respondWith(caches.open(POSE_CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
      });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/api/docs/assets/") === 0 ||
      url.pathname.indexOf("/figure.svg") > 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) { keep(request, response); return response; });
    }));
    return;
  }
  var api = url.pathname.indexOf("/api/") === 0;
  if (api && KEPT_API.indexOf(url.pathname) < 0) { return; }
  event.respondWith(fetch(request).then(function (response) {
    keep(request, response); return response;
  }).catch(function () {
    // A page keeps one copy whatever its query (/session?routine=desk uses /session's
    // page and reads the routine from the address); an API answer depends on its query.
    return caches.match(request, { ignoreSearch: !api }).then(function (hit) {
      if (hit) { return hit; }
      if (api) { return Response.error(); }
      return caches.match("/offline").then(function (page) {
        return page || new Response("No network, and this page was never opened on this phone.",
          { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      });
    });
  }));
});

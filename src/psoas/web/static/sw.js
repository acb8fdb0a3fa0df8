/* Offline support: the app shell is cached on install; pages and figures are kept as
   they are visited (network first, the cache when offline). API writes are never cached:
   the player keeps them on the phone and sends them when the network returns. */
"use strict";
var CACHE = "psoas-v1";
var SHELL = ["/", "/session", "/check", "/plan", "/static/app.css", "/static/app.js",
  "/static/player.js", "/static/check.js", "/static/icon.svg", "/manifest.webmanifest"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (url) { return cache.add(url).catch(function () {}); }));
  }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/api/docs/assets/") === 0 ||
      url.pathname.indexOf("/figure.svg") > 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        var copy = response.clone(); caches.open(CACHE).then(function (c) { c.put(request, copy); }); return response;
      });
    }));
    return;
  }
  var kept = ["/api/plan", "/api/sessions/current", "/api/docs", "/api/openapi.json"];
  if (url.pathname.indexOf("/api/") === 0 && kept.indexOf(url.pathname) < 0) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) { var copy = response.clone(); caches.open(CACHE).then(function (c) { c.put(request, copy); }); }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: url.pathname.indexOf("/api/") !== 0 }).then(function (hit) {
      return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
    });
  }));
});

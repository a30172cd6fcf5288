/* The help center's service worker for one language (scope: the language's
 * folder). Publishing (src/helpcenter/pipeline/offline.py) writes it with its
 * manifest: the language's files, each with its SHA-256.
 * - Install: download every file of the manifest not already kept under the
 *   same hash (fetch checks the hash), then take over at once. Installed from
 *   another language's page (no page of this language open), only the first
 *   MANIFEST.shell files: the offline page and what it needs; the rest when a
 *   page of this language asks for it ("keep-all", page-init.js).
 * - Activate: drop the files the new deployment no longer has, and the pages
 *   kept as they were opened under the previous deployment.
 * - Pages: network first (fresh after a deployment), the kept copy when the
 *   network fails or is slow, else the offline page. Other files: the kept
 *   copy (their URLs carry their hash), else the network. A file opened and
 *   not downloaded up front is kept as it was opened. */
"use strict";

var MANIFEST = /*MANIFEST*/null;
var SCOPE = self.registration.scope;
var PRECACHE = "helpcenter-precache " + SCOPE;
var RUNTIME_PREFIX = "helpcenter-runtime " + SCOPE + " ";
var RUNTIME = RUNTIME_PREFIX + MANIFEST.version;
// A connection that hangs (captive portal, plane) is given this long before the kept copy is shown.
var NETWORK_TIMEOUT_MS = 4000;
var PARALLEL_DOWNLOADS = 4;

function absolute(url) {
  return new URL(url, SCOPE).href;
}

// Each file is kept under its URL plus its hash: a new deployment's copy sits beside the old one until it activates.
function keyOf(file) {
  var url = new URL(file[0], SCOPE);
  url.searchParams.set("helpcenter-sha256", file[1]);
  return url.href;
}

var KEYS = new Map(MANIFEST.files.map(function (file) { return [absolute(file[0]), keyOf(file)]; }));

// Download the files given that are not kept yet.
function keep(files) {
  return caches.open(PRECACHE).then(function (cache) {
    var queue = files.slice();
    function next() {
      var file = queue.shift();
      if (!file) return Promise.resolve();
      var key = keyOf(file);
      return cache.match(key).then(function (kept) {
        if (kept) return null;
        return fetch(absolute(file[0]), { integrity: file[1], cache: "no-cache" }).then(function (response) {
          if (!response.ok) throw new Error("offline copy: " + file[0] + " answered " + response.status);
          return cache.put(key, response);
        });
      }).then(next);
    }
    var workers = [];
    for (var i = 0; i < PARALLEL_DOWNLOADS; i++) workers.push(next());
    return Promise.all(workers);
  });
}

// Is a page of this language open? Only then is the whole language downloaded.
function readerHere() {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    return windows.some(function (client) { return client.url.indexOf(SCOPE) === 0; });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(readerHere().then(function (here) {
    return keep(here ? MANIFEST.files : MANIFEST.files.slice(0, MANIFEST.shell));
  }).then(function () { return self.skipWaiting(); }));
});

var keptAll = null; // this run of the worker has checked every file once
self.addEventListener("message", function (event) {
  if (event.data === "keep-all") {
    keptAll = keptAll || keep(MANIFEST.files).catch(function () { keptAll = null; });
    event.waitUntil(keptAll);
  }
});

self.addEventListener("activate", function (event) {
  var wanted = new Set(KEYS.values());
  event.waitUntil(caches.open(PRECACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (r) { return !wanted.has(r.url); }).map(function (r) { return cache.delete(r); }));
    });
  }).then(function () {
    return caches.keys();
  }).then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(RUNTIME_PREFIX) === 0 && n !== RUNTIME; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(url) {
  var key = KEYS.get(url);
  var opened = function () { return caches.match(url, { cacheName: RUNTIME }); };
  return key ? caches.match(key, { cacheName: PRECACHE }).then(function (found) { return found || opened(); }) : opened();
}

function keepWhenOpened(event, url, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    event.waitUntil(kept(url).then(function (found) {
      if (!found) return caches.open(RUNTIME).then(function (cache) { return cache.put(url, copy); });
    }));
  }
  return response;
}

function pageUrl(href) {
  var url = new URL(href);
  url.search = "";
  url.hash = "";
  if (url.pathname.slice(-1) === "/") url.pathname += "index.html";
  return url.href;
}

function openPage(event) {
  var url = pageUrl(event.request.url);
  var fallback = function () {
    return kept(url).then(function (response) { return response || kept(absolute(MANIFEST.offline)); });
  };
  return new Promise(function (resolve) {
    var settled = false;
    function settle(response) {
      if (!settled && response) { settled = true; resolve(response); }
    }
    var timer = setTimeout(function () { kept(url).then(settle); }, NETWORK_TIMEOUT_MS);
    fetch(event.request).then(function (response) {
      clearTimeout(timer);
      settle(keepWhenOpened(event, url, response));
    }, function () {
      clearTimeout(timer);
      fallback().then(function (response) { settle(response || Response.error()); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  if (request.mode === "navigate") {
    event.respondWith(openPage(event));
    return;
  }
  event.respondWith(kept(request.url).then(function (response) {
    return response || fetch(request).then(function (fresh) { return keepWhenOpened(event, request.url, fresh); });
  }));
});

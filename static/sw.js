// KOC Ledger service worker (served as /sw.js, with `var KOC = {...}` put in front by the server).
// - static files: from the cache (their URLs carry a content hash);
// - the pages she last saw (home, deals, dashboard): saved with every token taken out, shown
//   with when they were saved when there is no connection; any other page: the offline page;
// - a work entry, payment, timer stop or new deal posted without a connection: kept in
//   IndexedDB and sent once the connection is back. Its one-time submit token is the server's
//   idempotency key, so a send that is repeated still makes one record.
/* global KOC */
"use strict";

var STATIC = "koc-static-" + KOC.version;
var PAGES = "koc-pages";
var READABLE = ["/", "/deals", "/dashboard"];
var QUEUED = [/^\/work$/, /^\/payments$/, /^\/deals$/, /^\/deals\/\d+\/parts\/(work|payments)$/,
  /^\/deals\/\d+\/timer\/stop$/, /^\/deals\/\d+\/remind$/];
var signinNeeded = false;
var flushing = null;
var account = null;  // the account of the last page seen (X-Koc-Account), kept in the cache

function rememberAccount(response) {
  var id = response.headers.get("X-Koc-Account");
  if (!id || id === account) { return Promise.resolve(); }
  account = id;
  return caches.open(PAGES).then(function (cache) { return cache.put("/__account", new Response(id)); });
}

function currentAccount() {
  if (account) { return Promise.resolve(account); }
  return caches.open(PAGES).then(function (cache) { return cache.match("/__account"); })
    .then(function (hit) { return hit ? hit.text() : ""; })
    .then(function (id) { account = id || null; return account; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return cache.addAll(KOC.assets.concat(KOC.offline));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf("koc-static-") === 0 && key !== STATIC;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

// --- IndexedDB: the outbox ---------------------------------------------------------------
function db() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open("koc-outbox", 1);
    open.onupgradeneeded = function () {
      open.result.createObjectStore("items", { keyPath: "id", autoIncrement: true });
    };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
}

function store(mode, work) {
  return db().then(function (conn) {
    return new Promise(function (resolve, reject) {
      var tx = conn.transaction("items", mode);
      var result = work(tx.objectStore("items"));
      tx.oncomplete = function () { conn.close(); resolve(result && result.result); };
      tx.onerror = function () { conn.close(); reject(tx.error); };
    });
  });
}

function allItems() { return store("readonly", function (s) { return s.getAll(); }); }
function putItem(item) { return store("readwrite", function (s) { return s.put(item); }); }
function removeItem(id) { return store("readwrite", function (s) { return s.delete(id); }); }

function randomToken() {
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); })
    .join("");
}

// A copy of the form as posted, without its CSRF token (a fresh one is fetched when it is
// sent). Its submit token is kept, so a post that did reach the server before the connection
// dropped is not made twice; a second post of the same form (two entries typed offline on
// one page) gets a token of its own, so both are made.
function enqueue(url, body) {
  var form = new URLSearchParams(body);
  form.delete("csrf_token");
  return allItems().then(function (items) {
    var token = form.get("submit_token");
    var taken = items.some(function (item) {
      return new URLSearchParams(item.body).get("submit_token") === token;
    });
    if (!token || taken) { form.set("submit_token", randomToken()); }
    form.set("queued_at", new Date().toISOString());
    return currentAccount().then(function (owner) {
      return putItem({ url: url, body: form.toString(), at: Date.now(), refused: 0,
        account: owner || "" });
    });
  });
}

function status() {
  return allItems().then(function (items) {
    var refused = items.filter(function (item) { return item.refused; }).length;
    return { type: "outbox", waiting: items.length - refused, refused: refused,
      signin: signinNeeded && items.length > refused };
  });
}

function notify() {
  return status().then(function (message) {
    return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
      clients.forEach(function (client) { client.postMessage(message); });
    });
  });
}

// Send what is waiting, oldest first; stop at the first sign of no connection. A flush asked
// for while one runs (the signal coming back while the last try, made offline, still fails)
// runs again after it, instead of waiting for the next 20-second retry.
var flushAgain = false;
function flush() {
  if (flushing) { flushAgain = true; return flushing; }
  flushing = sendAll().catch(function () { return null; }).then(function () {
    flushing = null;
    if (flushAgain) { flushAgain = false; return flush(); }
    return notify();
  });
  return flushing;
}

function sendAll() {
  return allItems().then(function (items) {
    var waiting = items.filter(function (item) { return !item.refused; });
    if (!waiting.length) { return null; }
    return fetch("/csrf-token", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 403) { signinNeeded = true; return null; }
        if (!response.ok) { return null; }
        return response.json().then(function (data) {
          // Only what this account queued; anything else waits for its own account to sign in.
          var mine = waiting.filter(function (item) {
            return !item.account || item.account === data.account;
          });
          signinNeeded = mine.length < waiting.length;
          return sendEach(mine, data.token);
        });
      });
  });
}

function sendEach(items, token) {
  if (!items.length) { return Promise.resolve(); }
  var item = items[0];
  var form = new URLSearchParams(item.body);
  form.set("csrf_token", token);
  return fetch(item.url, {
    method: "POST", body: form, credentials: "same-origin", redirect: "follow",
    headers: { "X-CSRF-Token": token }
  }).then(function (response) {
    var landed = new URL(response.url).pathname;
    if (landed === "/login" || landed === "/setup") { signinNeeded = true; return null; }
    if (response.ok) {
      return removeItem(item.id).then(function () { return sendEach(items.slice(1), token); });
    }
    if (response.status === 409) {
      // Queued by another account on this phone (its form says so): kept for that account.
      signinNeeded = true;
      return sendEach(items.slice(1), token);
    }
    if (response.status === 422 || response.status === 404) {
      item.refused = response.status;  // kept, and shown, until she discards it
      return putItem(item).then(function () { return sendEach(items.slice(1), token); });
    }
    return null;  // 403 (token), 5xx: try again later
  });
}

function discardRefused() {
  return allItems().then(function (items) {
    return Promise.all(items.filter(function (item) { return item.refused; })
      .map(function (item) { return removeItem(item.id); }));
  }).then(notify);
}

self.addEventListener("message", function (event) {
  var kind = event.data && event.data.type;
  if (kind === "flush") { event.waitUntil(flush()); }
  if (kind === "status") { event.waitUntil(notify()); }
  if (kind === "discard-refused") { event.waitUntil(discardRefused()); }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "koc-outbox") { event.waitUntil(flush()); }
});

// --- pages -------------------------------------------------------------------------------
function language() {
  return caches.open(PAGES).then(function (cache) { return cache.match("/__lang"); })
    .then(function (hit) { return hit ? hit.text() : ""; })
    .then(function (lang) {
      if (lang === "zh-CN" || lang === "en") { return lang; }
      return (self.navigator.language || "").toLowerCase().indexOf("zh") === 0 ? "zh-CN" : "en";
    });
}

function offlinePage() {
  return language().then(function (lang) {
    return caches.match("/offline/" + lang, { ignoreSearch: true });
  }).then(function (hit) {
    return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  });
}

// The page as she saw it, minus every token: the CSRF token (in data-hx-headers and hidden inputs)
// and the one-time submit tokens are cut out before anything is written to the phone.
function stripped(html) {
  var found = html.match(/"X-CSRF-Token": "([^"]+)"/);
  html = html.replace(/ data-hx-headers='[^']*'/g, "")
    .replace(/<input type="hidden" name="(csrf_token|submit_token)" value="[^"]*">/g,
      '<input type="hidden" name="$1" value="">');
  if (found && found[1]) { html = html.split(found[1]).join(""); }
  return html.replace('id="saved-at"', 'id="saved-at" data-saved-at="' + new Date().toISOString() + '"');
}

function savePage(path, response) {
  return response.text().then(function (html) {
    var lang = /<html lang="zh/.test(html) ? "zh-CN" : "en";
    return caches.open(PAGES).then(function (cache) {
      return Promise.all([
        cache.put(path, new Response(stripped(html), {
          headers: { "Content-Type": "text/html; charset=utf-8" } })),
        cache.put("/__lang", new Response(lang))
      ]);
    });
  });
}

function navigate(event, url) {
  return fetch(event.request).then(function (response) {
    event.waitUntil(rememberAccount(response));
    var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
    var same = new URL(response.url).pathname === url.pathname;
    if (response.ok && html && same && !url.search && READABLE.indexOf(url.pathname) >= 0) {
      event.waitUntil(savePage(url.pathname, response.clone()));
    }
    if (response.ok && html && !same && new URL(response.url).pathname === "/login") {
      account = null;
      event.waitUntil(caches.delete(PAGES));  // signed out: her pages leave the phone
    }
    return response;
  }, function () {
    if (url.pathname.indexOf("/offline/") === 0) { return offlinePage(); }
    return caches.open(PAGES).then(function (cache) { return cache.match(url.pathname); })
      .then(function (hit) { return hit || offlinePage(); });
  });
}

function postOrQueue(event, url) {
  var copy = event.request.clone();
  var htmx = event.request.headers.get("HX-Request") === "true";
  return fetch(event.request).catch(function () {
    return copy.text().then(function (body) { return enqueue(url.pathname, body); })
      .then(function () {
        event.waitUntil(notify());
        if (self.registration.sync) {
          self.registration.sync.register("koc-outbox").catch(function () { return null; });
        }
        if (htmx) {
          return new Response("", { status: 204, headers: { "HX-Trigger": "koc-queued" } });
        }
        return language().then(function (lang) {
          return Response.redirect("/offline/" + lang + "?queued=1", 303);
        });
      });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST") {
    if (url.pathname === "/logout") {
      account = null;
      event.respondWith(caches.delete(PAGES).then(function () { return fetch(request); }));
    } else if (QUEUED.some(function (pattern) { return pattern.test(url.pathname); })) {
      event.respondWith(postOrQueue(event, url));
    }
    return;
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(STATIC).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok && url.search) { cache.put(request, response.clone()); }
          return response;
        });
      });
    }));
    return;
  }
  if (request.mode === "navigate") { event.respondWith(navigate(event, url)); }
});

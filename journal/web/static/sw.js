// The journal's service worker, served at /<db>/-/sw.js with the scope /<db>.
//
// Pages: from the network when it answers (and kept), else from what was kept, marked
// with when it was kept: the home, the add form and the due page from the first visit,
// then the cards and events opened recently. The pages' styles and scripts: kept.
// Forms: sent as they are; with no network, kept in IndexedDB and sent again when the
// connection returns, each with a fresh CSRF token and the request_id it was typed with,
// so the journal writes it once however often it is sent (journal.web.once). What the
// journal refuses stays in the queue, with what was typed, until the user drops it.

const BASE = self.location.pathname.replace(/\/-\/sw\.js$/, "");
const ROOT = BASE.slice(0, BASE.lastIndexOf("/"));
const PAGES = "journal-pages-v1";
const ASSETS = "journal-assets-v1";
const FIRST = ["", "/-/add", "/-/due"];
const KEPT = [/^$/, /^\/-\/add$/, /^\/-\/due$/, /^\/people$/, /^\/(people|events)\/\d+$/];
const RECENT = /^\/(people|events)\/\d+$/;
const RECENT_KEPT = 40;
const KEEP_AFTER = 1000; // ms
// Datasette shows a message once; a kept page must not show it again.
const MESSAGES = /<p class="message-(info|warning|error)">[\s\S]*?<\/p>/g;
// The styles, scripts and icons a page names, kept with it.
const ASSET = /(?:href|src)="([^"]*\/-\/static[^"]*)"/g;
const STYLESHEET = /<link rel="stylesheet" href="([^"]*\/-\/static[^"]*)"[^>]*>/g;
const ERROR = /<p class="message-error"[^>]*>([\s\S]*?)<\/p>/;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(Promise.all(FIRST.map((path) => keepFresh(path))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      // A new worker's caches are named anew: an older worker's are dropped.
      for (const name of await caches.keys()) {
        if (name.startsWith("journal-") && ![PAGES, ASSETS].includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (request.method === "POST" && path.startsWith(BASE + "/")) {
    event.respondWith(send(event));
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate" && (path === BASE || path.startsWith(BASE + "/"))) {
    event.respondWith(navigate(event, path.slice(BASE.length), url.search));
  } else if (path.startsWith(ROOT + "/-/static/") || path.startsWith(ROOT + "/-/static-plugins/")) {
    event.respondWith(asset(event));
  }
});

self.addEventListener("message", (event) => {
  const ask = event.data || {};
  const done = (async () => {
    if (ask.anyway !== undefined) await anyway(ask.anyway);
    if (ask.retry !== undefined) await update(ask.retry, { state: "waiting", error: null });
    if (ask.drop !== undefined) await drop(ask.drop);
    if (ask.flush || ask.retry !== undefined || ask.anyway !== undefined) await flush();
    await tell();
  })();
  event.waitUntil(done);
});

self.addEventListener("sync", (event) => {
  if (event.tag === "journal-queue") event.waitUntil(flush().then(tell));
});

// -- pages ------------------------------------------------------------------------------

async function navigate(event, page, search) {
  try {
    const response = (await event.preloadResponse) || (await fetch(event.request));
    if (!search && KEPT.some((re) => re.test(page))) {
      // Kept once the page has loaded, not while its styles and scripts are asked for.
      const copy = response.clone();
      event.waitUntil(later(KEEP_AFTER).then(() => keep(page, copy)));
    }
    return response;
  } catch (e) {
    return (await kept(page)) || notKept();
  }
}

async function keepFresh(page) {
  try {
    // Marked: its answer must not replace the CSRF cookie of the page on screen.
    const response = await fetch(BASE + page, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Journal-Keeping": "1" },
    });
    await keep(page, response);
  } catch (e) {
    // Kept at the next visit.
  }
}

async function keep(page, response) {
  const type = response.headers.get("content-type") || "";
  if (response.status !== 200 || response.type !== "basic" || !type.startsWith("text/html")) return;
  // Marked with when it was kept, for the page to say "offline: as of HH:MM".
  const text = (await response.text()).replace(MESSAGES, "").replace(
    "<head>",
    `<head><meta name="journal-offline" content="${new Date().toISOString()}">`,
  );
  await keepAssets([...text.matchAll(ASSET)].map((m) => m[1]));
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  const cache = await pages();
  const key = BASE + page;
  if (RECENT.test(page)) await cache.delete(key); // to the end of the keys: the newest
  await cache.put(key, new Response(await withStyles(text), { status: 200, headers }));
  if (RECENT.test(page)) {
    const recent = (await cache.keys()).filter((r) => RECENT.test(new URL(r.url).pathname.slice(BASE.length)));
    for (const old of recent.slice(0, Math.max(0, recent.length - RECENT_KEPT))) await cache.delete(old);
  }
}

// A kept page with its style sheets in it: offline, it opens without asking for them.
async function withStyles(text) {
  const cache = await assets();
  for (const [tag, href] of [...text.matchAll(STYLESHEET)]) {
    const found = await cache.match(new URL(href, self.location.href).href);
    if (found) {
      const css = await found.text();
      text = text.replace(tag, () => `<style data-href="${href}">${css}</style>`);
    }
  }
  return text;
}

async function kept(page) {
  const cache = await pages();
  return (await cache.match(BASE + page, { ignoreVary: true })) || null;
}

// Each cache opened once a run of the worker.
let pagesCache = null;
let assetsCache = null;
const pages = () => (pagesCache = pagesCache || caches.open(PAGES));
const assets = () => (assetsCache = assetsCache || caches.open(ASSETS));

function later(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function notKept() {
  const html = `<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="journal-offline" content=""><title>Offline</title></head>
<body style="font-family: sans-serif; padding: 1em"><h1>Offline</h1>
<p>This page was not opened before, so it is not kept on this device.</p>
<p><a href="${BASE}">The journal's home</a> · <a href="${BASE}/-/add">Add a person</a> · <a href="${BASE}/-/due">Due</a></p></body></html>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}

async function asset(event) {
  const cache = await assets();
  const found = await cache.match(event.request);
  if (found && looked.has(event.request.url)) return found;
  looked.add(event.request.url);
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) cache.put(event.request, response.clone());
    return response;
  });
  if (!found) return fresh;
  event.waitUntil(fresh.catch(() => null)); // looked for again once a run of the worker
  return found;
}

// The assets looked for on the network in this run of the worker.
const looked = new Set();

// The assets known to be kept, in this run of the worker.
const keptAssets = new Set();

async function keepAssets(urls) {
  const cache = await assets();
  for (const url of urls) {
    const path = new URL(url, self.location.href).pathname;
    if (!path.startsWith(ROOT + "/-/static") || keptAssets.has(url)) continue;
    if (!(await cache.match(url))) {
      try {
        const response = await fetch(url);
        if (!response.ok) continue;
        await cache.put(url, response);
      } catch (e) {
        return; // kept at the next visit
      }
    }
    keptAssets.add(url);
  }
}

// -- forms ------------------------------------------------------------------------------

async function send(event) {
  const request = event.request;
  const body = await request.clone().text();
  try {
    const response = await fetch(request);
    event.waitUntil(flushIfWaiting());
    return response;
  } catch (e) {
    const back = request.referrer && new URL(request.referrer).origin === self.location.origin
      ? request.referrer : BASE;
    await queue(request.url, body, back);
    if (self.registration.sync) self.registration.sync.register("journal-queue").catch(() => {});
    await tell();
    return Response.redirect(back, 303);
  }
}

// What a kept form was, in the user's words, from its fields and its page's title.
async function describe(url, fields, back) {
  const action = new URL(url).pathname.slice(BASE.length);
  let page = "";
  const cached = await caches.match(new URL(back).pathname, { ignoreSearch: true });
  if (cached) {
    const title = /<title>([\s\S]*?)<\/title>/.exec(await cached.text());
    page = title ? unescape(title[1].split(" · ")[0].trim()) : "";
  }
  const typed = (name) => (fields.get(name) || "").trim();
  if (action === "/-/add") return `Add ${typed("name")}`;
  if (action === "/log_interaction") return `Log on ${page}: ${typed("note")}`;
  if (action === "/mark_done") return `Done on ${page}` + (typed("note") ? `: ${typed("note")}` : "");
  return `${action.split("/").pop().replace(/_|-/g, " ")} on ${page}`;
}

function unescape(html) {
  const entities = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#34;": '"' };
  return html.replace(/&(amp|lt|gt|quot|#39|#34);/g, (e) => entities[e]);
}

async function queue(url, body, back) {
  const fields = new URLSearchParams(body);
  const typed = [...fields].filter(([k, v]) => v.trim() && !["csrftoken", "request_id", "sure"].includes(k)
    && !k.endsWith("_id"));
  const item = {
    url, body, back, typed, state: "waiting", error: null,
    what: await describe(url, fields, back), queued: new Date().toISOString(),
  };
  await store("readwrite", (s) => s.add(item));
}

let flushing = null;
function flush() {
  flushing = flushing || sendWaiting().finally(() => { flushing = null; });
  return flushing;
}

async function flushIfWaiting() {
  if ((await all()).some((i) => i.state === "waiting")) {
    await flush();
    await tell();
  }
}

async function sendWaiting() {
  const waiting = (await all()).filter((i) => i.state === "waiting");
  if (!waiting.length) return;
  let token;
  try {
    token = await freshToken();
  } catch (e) {
    return; // still no network
  }
  for (const item of waiting) {
    if (token === null) {
      await update(item.id, { state: "refused", error: "log in again, then send it again" });
      continue;
    }
    const body = new URLSearchParams(item.body);
    body.set("csrftoken", token);
    if (item.sure) body.set("sure", "yes"); // Done before it is due, asked and answered
    let response;
    try {
      response = await fetch(item.url, { method: "POST", body, credentials: "same-origin", referrer: item.back });
    } catch (e) {
      return; // the network went again: it stays
    }
    const refused = await refusal(response);
    if (refused === null) await drop(item.id);
    else await update(item.id, { state: "refused", status: response.status, ...refused });
  }
}

// Why the journal did not do what a kept form asked ({error}), or null when it did.
async function refusal(response) {
  const path = new URL(response.url).pathname;
  if (path === ROOT + "/-/login") return { error: "log in again, then send it again" };
  const text = await response.text();
  const error = ERROR.exec(text);
  const sameName = /journal-field-error"[^>]*>\s*<label><input type="checkbox" name="new"/.test(text);
  if (error) return { error: unescape(error[1].replace(/<[^>]*>/g, "").trim()), sameName };
  if (!response.ok) {
    return { error: `${response.status}: ${text.replace(/<[^>]*>/g, " ").trim().slice(0, 200)}` };
  }
  if (!response.redirected && /name="sure"/.test(text)) {
    return { error: "it is not due yet; Send again marks it done all the same", sure: true };
  }
  if (!response.redirected) return { error: "the journal did not say it was done: open the page" };
  const page = path.slice(BASE.length);
  if (KEPT.some((re) => re.test(page))) {
    await keep(page, new Response(text, { status: 200, headers: response.headers }));
  }
  return null;
}

async function freshToken() {
  const response = await fetch(BASE + "/-/token.json", { credentials: "same-origin", redirect: "manual" });
  if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) return null;
  return (await response.json()).csrftoken;
}

async function tell() {
  const items = await all();
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ queue: items });
  }
}

// -- the queue in IndexedDB ---------------------------------------------------------------

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("journal-queue", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("writes", { keyPath: "id", autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("writes", mode);
    const result = work(tx.objectStore("writes"));
    tx.oncomplete = () => { db.close(); resolve(result && result.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

const all = () => store("readonly", (s) => s.getAll());
const drop = (id) => store("readwrite", (s) => s.delete(id));

// A person the journal refused as one it has, added all the same (the add form's
// "Not the one already in the journal" ticked).
async function anyway(id) {
  const item = (await all()).find((i) => i.id === id);
  if (!item) return;
  const body = new URLSearchParams(item.body);
  body.set("new", "on");
  await update(id, { body: body.toString(), state: "waiting", error: null, sameName: false });
}

async function update(id, changes) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("writes", "readwrite");
    const writes = tx.objectStore("writes");
    const get = writes.get(id);
    get.onsuccess = () => { if (get.result) writes.put({ ...get.result, ...changes }); };
    tx.oncomplete = () => { db.close(); resolve(); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

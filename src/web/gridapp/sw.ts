// The grid app's service worker (scope /m/): keeps the app shell so the app opens offline, answers
// API reads network-first with the last copy as fallback, and never touches writes (POST etc. go
// straight to the network; the outbox in IndexedDB handles them).

/** The parts of the service worker global scope used here (the DOM lib has no worker types). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const SHELL_URL = '/m/';
const SHELL_CACHE = 'gridapp-shell';
const API_CACHE = 'gridapp-api';
const STATIC_FILES = ['/m/manifest.webmanifest', '/m/icon.svg', '/m/icon-192.png', '/m/icon-512.png'];
const MAX_API_ENTRIES = 400;

/** The shell's scripts, styles and preloads, read from its HTML (hashed names under /assets/). */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
}

/** Stores this version of the shell and its assets, and drops assets of older versions. */
async function keepShell(response: Response): Promise<void> {
  const html = await response.clone().text();
  const cache = await caches.open(SHELL_CACHE);
  const assets = assetsOf(html);
  const missing: string[] = [];
  for (const url of [...assets, ...STATIC_FILES]) if (!(await cache.match(url))) missing.push(url);
  await cache.addAll(missing);
  await cache.put(SHELL_URL, response);
  const wanted = new Set([...assets, ...STATIC_FILES, SHELL_URL]);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!wanted.has(path)) await cache.delete(request);
  }
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(SHELL_URL, { cache: 'no-cache' })
      .then((response) => keepShell(response))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n !== SHELL_CACHE && n !== API_CACHE).map((n) => caches.delete(n))),
      )
      .then(() => worker.clients.claim()),
  );
});

const offlineAnswer = () =>
  new Response(
    JSON.stringify({ error: { code: 'OFFLINE', message: '当前离线，本机也没有这部分数据的缓存' } }),
    {
      status: 503,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
  );

/** Navigations: the newest shell when online (kept for later), the kept shell when not. */
async function shell(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await keepShell(response.clone()).catch(() => undefined);
    return response;
  } catch {
    return (await caches.match(SHELL_URL)) ?? offlineAnswer();
  }
}

/** Hashed assets and icons never change under one name: cache first. */
async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

/** API reads: fresh when the network answers, the last copy when it does not. */
async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      const keys = await cache.keys();
      if (keys.length > MAX_API_ENTRIES) await cache.delete(keys[0]!);
    }
    return response;
  } catch {
    return (await cache.match(request)) ?? offlineAnswer();
  }
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  // The session answer carries the CSRF token and must reflect the live session: never cached here.
  if (url.pathname.startsWith('/api/auth/')) return;
  if (url.pathname.startsWith('/api/')) event.respondWith(networkFirst(request));
  else if (request.mode === 'navigate' && url.pathname.startsWith('/m/')) event.respondWith(shell(request));
  else if (url.pathname.startsWith('/assets/') || STATIC_FILES.includes(url.pathname))
    event.respondWith(cacheFirst(request));
});

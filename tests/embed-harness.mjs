// Shared by the embed, workshop, offline and JS API browser tests: a static
// server for dist/ that sends the headers README "Hosting" asks for (framing
// denied except for embed.html), a second origin for "third-party" test
// pages, and Chromium with the sandbox flags.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const repo = resolve(fileURLToPath(import.meta.url), '..', '..');
export const dist = resolve(process.env.PLIMSOLL_DIST ?? join(repo, 'dist'));
const nodeModules = resolve(process.env.PLIMSOLL_NODE_MODULES ?? join(repo, '.tools/node/node_modules'));
const chromiumPath = process.env.PLIMSOLL_CHROMIUM ?? '/usr/bin/chromium';
export const artifacts = resolve(process.env.PLIMSOLL_ARTIFACTS ?? join(repo, 'tests/artifacts'));

/**
 * The time limit of every test and hook (`it(name, LIMIT, fn)`,
 * `before(fn, LIMIT)`): node:test has none, so a page that never reaches the
 * state a test waits for would hang the run instead of failing it. Generous,
 * for a loaded 2-core machine; the waits inside have their own, shorter ones.
 */
export const LIMIT = { timeout: 120_000 };

const { chromium } = createRequire(join(nodeModules, 'noop.js'))('playwright-core');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.ts': 'text/plain; charset=utf-8',
};

/** The headers README "Hosting" documents: framing only for embed.html. */
export function hostingHeaders(path) {
  const framing = path === '/embed.html' ? 'frame-ancestors *' : "frame-ancestors 'none'";
  return {
    'Content-Security-Policy': framing,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/**
 * Serves `root` on a random port of 127.0.0.1. `extra` maps paths to
 * { type, body } for test pages; `override(path)` may return a file path
 * to serve instead (used to swap in a new build). `gzip`: files go out
 * gzip-compressed (level 9) to browsers that accept it, as a static host
 * configured for it sends them.
 */
export function startServer({ root = dist, extra = {}, override, gzip = false } = {}) {
  const served = []; // { path, bytes, gzip }
  const compressed = new Map(); // file → gzip body, per build
  let offline = false;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (offline) {
      request.socket.destroy();
      return;
    }
    if (extra[path]) {
      const { type, body } = extra[path];
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
      return;
    }
    const base = override?.() ?? root;
    let file = normalize(join(base, path === '/' ? 'index.html' : path));
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      const key = `${file}\0${statSync(file).mtimeMs}`;
      if (!compressed.has(key)) compressed.set(key, gzipSync(body, { level: 9 }));
      const packed = compressed.get(key);
      served.push({ path, bytes: body.length, gzip: packed.length });
      const encode = gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ...(encode ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
        ...hostingHeaders(path === '/' ? '/index.html' : path),
      });
      response.end(encode ? packed : body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      server.origin = `http://127.0.0.1:${server.address().port}`;
      server.served = served;
      server.setOffline = (value) => {
        offline = value;
      };
      resolvePromise(server);
    });
  });
}

/** A documentation page of another site, around the widgets a test puts in `body`. */
export function docsPage(body, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>docs</title><link rel="icon" href="data:,">${head}</head><body>${body}</body></html>`;
}

export function assertBuilt(...files) {
  for (const file of files) {
    assert.ok(statSync(join(dist, file)).isFile(), `no ${dist}/${file}: run the release build first`);
  }
}

/** A persistent Chromium context (service workers need one) and its profile dir. */
export async function launch({ side, ...options } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'plimsoll-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
  // `side: 'findings'`: every load of the playground shows the findings
  // beside the editor, as after a person chose them (the checklist comes
  // first otherwise); a test may choose another view until the next load.
  if (side) {
    await context.addInitScript((side) => {
      try {
        localStorage.setItem('plimsoll.side', side);
      } catch {
        // about:blank and opaque origins have no storage.
      }
    }, side);
  }
  const problems = [];
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    problems,
    /**
     * A new page in place of the current one, with no problems recorded: a
     * test that begins here does not inherit the state an earlier one left.
     * The context (storage, service workers) is shared.
     */
    async fresh() {
      const previous = this.page;
      this.page = await context.newPage();
      await previous?.close();
      problems.length = 0;
      return this.page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Test pages for the JS API (`extra` entries of startServer): `/<name>.html`,
 * under the CSP a site using the API needs, loads the module `/<name>.js`
 * whose source is `script`.
 */
/**
 * The playground from `dist/` in a fresh 1400 x 900 browser, its editor
 * drawn: `{ server, browser, page, requests }`, where `requests` collects
 * every URL the page asks for (to prove nothing leaves the site).
 */
export async function openPlayground({ timeout, extra }) {
  assertBuilt('index.html');
  mkdirSync(artifacts, { recursive: true });
  const server = await startServer({ extra });
  const browser = await launch({ viewport: { width: 1400, height: 900 } });
  const page = browser.page;
  page.setDefaultTimeout(timeout);
  const requests = [];
  browser.context.on('request', (request) => requests.push(request.url()));
  await page.goto(server.origin);
  await page.locator('[data-testid=editor]').waitFor();
  return { server, browser, page, requests };
}

export function apiTestPage(name, script) {
  const page = `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
<title>${name}</title><link rel="icon" href="/favicon.svg">
<script type="module" src="/${name}.js"></script>
</head><body><output id="out"></output></body></html>`;
  return {
    [`/${name}.html`]: { type: 'text/html; charset=utf-8', body: page },
    [`/${name}.js`]: { type: 'text/javascript; charset=utf-8', body: script },
  };
}

/** The same `#v1.` fragment the app's share links use (raw deflate of {"t": text}). */
export function fragmentFor(text) {
  // Node's zlib speaks raw deflate too; the app decodes either encoder's output.
  // eslint-disable-next-line no-undef
  return import('node:zlib').then(({ deflateRawSync }) => {
    const packed = deflateRawSync(Buffer.from(JSON.stringify({ t: text })));
    return `v1.${packed.toString('base64url')}`;
  });
}

/**
 * Opens `url`, a page using the embed loader, and waits for its `count`
 * widgets: returns the frame locator of widget `index`.
 */
export async function openWidgets(page, url, count) {
  await page.goto(url);
  await page.waitForFunction((count) => document.querySelectorAll('iframe.plimsoll-embed').length === count, count, {
    timeout: 10_000,
  });
  return (index) => page.frameLocator(`iframe.plimsoll-embed >> nth=${index}`);
}

/**
 * The `#v2.` fragment of a project, as the loader and the app's share links
 * make it: `files` are `{path, kind, text}` beside the Dockerfile `text`.
 */
export async function projectFragmentFor(text, files = [], path) {
  const { deflateRawSync } = await import('node:zlib');
  const shared = { t: text, ...(path ? { p: path } : {}), ...(files.length ? { f: { files } } : {}) };
  return `v2.${deflateRawSync(Buffer.from(JSON.stringify(shared))).toString('base64url')}`;
}

/**
 * Waits until `condition()` (sync or async) holds, checking every 100 ms, for
 * states no page event announces (a frame's URL); fails after `timeout` ms
 * naming `what`.
 */
export async function until(what, condition, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolveLater) => setTimeout(resolveLater, 100));
  }
}

/**
 * The checklist score of a list of item statuses, as documented: a pass
 * counts 1, a warning half, a failure nothing, manual items not at all.
 */
export function scoreOf(statuses) {
  const count = (status) => statuses.filter((value) => value === status).length;
  const decided = count('pass') + count('warn') + count('fail');
  return decided === 0 ? 100 : Math.floor(((2 * count('pass') + count('warn')) * 100) / (2 * decided));
}

export function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * Runs `action` and waits until the playground has drawn a newer analysis
 * (its `[data-testid=timing]` counts them in `data-shown`).
 */
export async function drawn(page, action, timeout = 20_000) {
  const revision = () => page.getAttribute('[data-testid=timing]', 'data-shown');
  const old = await revision();
  await action();
  await page.waitForFunction((old) => document.querySelector('[data-testid=timing]').dataset.shown !== old, old, { timeout });
}

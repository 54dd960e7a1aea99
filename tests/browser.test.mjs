// Browser test of the release build in dist/: Debian's Chromium, driven by
// playwright-core, against a static server started here on 127.0.0.1.
//
// Run through `cargo xtask test`, which installs playwright-core into
// .tools/node and sets the PLIMSOLL_* variables below.

import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { LIMIT } from './embed-harness.mjs';

const repo = resolve(fileURLToPath(import.meta.url), '..', '..');
const dist = resolve(process.env.PLIMSOLL_DIST ?? join(repo, 'dist'));
const nodeModules = resolve(process.env.PLIMSOLL_NODE_MODULES ?? join(repo, '.tools/node/node_modules'));
const chromiumPath = process.env.PLIMSOLL_CHROMIUM ?? '/usr/bin/chromium';
const artifacts = resolve(process.env.PLIMSOLL_ARTIFACTS ?? join(repo, 'tests/artifacts'));

const { chromium } = createRequire(join(nodeModules, 'noop.js'))('playwright-core');

// Flags for Chromium as root in a sandboxed machine with no outside network.
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

const DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  '# A small Node service.',
  'FROM node:latest',
  'WORKDIR /app',
  'USER node',
  '',
].join('\n');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

/** Serves dist/ on a random free port of 127.0.0.1. */
function startServer() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (file !== dist && !file.startsWith(dist + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => resolvePromise(server));
  });
}

describe('web app (release build in dist/)', () => {
  let server;
  let origin;
  let context;
  let profile;
  // Per test: a fresh page, the requests it made and the problems it logged
  // (console errors and warnings, page errors, CSP violations, failed requests).
  let page;
  let requests;
  let problems;

  before(async () => {
    assert.ok(statSync(join(dist, 'index.html')).isFile(), `no ${dist}/index.html: build first`);
    server = await startServer();
    origin = `http://127.0.0.1:${server.address().port}`;
    profile = mkdtempSync(join(tmpdir(), 'plimsoll-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    // Runs before the page's scripts, outside its CSP: turn every violation
    // into a console error so it cannot pass unnoticed.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
      });
      // These tests read the findings: beside the editor, as after a person chose them.
      try {
        localStorage.setItem('plimsoll.side', 'findings');
      } catch {
        // about:blank has no storage.
      }
    });
  }, LIMIT);

  after(async () => {
    await context?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  }, LIMIT);

  beforeEach(async () => {
    requests = [];
    problems = [];
    page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`console ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
    );
  }, LIMIT);

  afterEach(async () => {
    await page?.close();
  }, LIMIT);

  /** Opens the app and waits for its first result; returns the milliseconds it took. */
  async function open() {
    const started = performance.now();
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid=summary]', { timeout: 15_000 });
    return performance.now() - started;
  }

  /** How many analyses the page has drawn (it counts up once per check shown). */
  const shown = () => page.getAttribute('[data-testid=timing]', 'data-shown').then(Number);

  /** Replaces the text and waits until the page has drawn its analysis. */
  async function type(text) {
    const before = await shown();
    await page.locator('[data-testid=editor]').fill(text);
    await page.waitForFunction(
      (count) => Number(document.querySelector('[data-testid=timing]').dataset.shown) > count,
      before,
      { timeout: 10_000 },
    );
  }

  it('loads and shows a first result', LIMIT, async () => {
    const loadToFirstResult = await open();
    console.log(`load to first result: ${loadToFirstResult.toFixed(0)} ms`);

    assert.equal(await page.textContent('h1'), 'Plimsoll');
    assert.equal(await page.getAttribute('[data-testid=summary]', 'data-findings'), '0');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.ok(csp, 'the page carries a Content-Security-Policy');
    assert.doesNotMatch(csp, /PLIMSOLL_/, 'the CSP placeholder was replaced at build time');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  });

  it('reports the latest tag on line 3, and nothing once cleared', LIMIT, async () => {
    await open();
    const started = performance.now();
    try {
      await type(DOCKERFILE);
      await page.locator('[data-testid=finding][data-line="3"]').first().waitFor({ timeout: 5_000 });
    } finally {
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, 'finding.png'), fullPage: true });
    }
    console.log(`typing to finding: ${(performance.now() - started).toFixed(0)} ms (debounce included)`);
    // Other rules may also speak about line 3 (digest pinning, …); the
    // latest-tag rule must report it exactly once, on line 3.
    const latest = page.locator('[data-testid=finding][data-rule="PL201"]');
    assert.equal(await latest.count(), 1, 'exactly one latest-tag finding');
    assert.equal(await latest.getAttribute('data-line'), '3');
    assert.match(await latest.textContent(), /line 3:\d+.*node:latest/s);
    const finding = page.locator('[data-testid=finding]');
    const lines = await finding.evaluateAll((items) => items.map((item) => item.dataset.line));
    // Every finding is a row, folded under a rule's first one, or an info
    // finding folded away: the list loses none.
    const folded = await page.evaluate(() => {
      const repeats = [...document.querySelectorAll('[data-testid=repeats]:not([hidden])')];
      const info = document.querySelector('[data-testid=folded-info]');
      return repeats.reduce((sum, note) => sum + Number(note.dataset.count), 0) + (info.hidden ? 0 : Number(info.dataset.count));
    });
    console.log(`findings after typing: ${lines.length} rows (lines ${lines.join(', ')}), ${folded} folded`);
    assert.equal(await page.getAttribute('[data-testid=summary]', 'data-findings'), String(lines.length + folded));

    await type('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=finding]').length === 0, null, {
      timeout: 5_000,
    });
    assert.equal(await page.getAttribute('[data-testid=summary]', 'data-findings'), '0');
  });

  it('makes no request to another origin, logs no error and no CSP violation', LIMIT, async () => {
    await open();
    await type(DOCKERFILE);
    assert.ok(requests.length > 0, 'requests were recorded');
    const foreign = requests.filter((url) => new URL(url).origin !== origin);
    console.log(`requests: ${requests.length}, all to ${origin}: ${foreign.length === 0}`);
    assert.deepEqual(foreign, [], 'requests to other origins');
    assert.deepEqual(problems, []);
  });

  it('enforces its CSP: an injected inline script does not run', LIMIT, async () => {
    await open();
    const outcome = await page.evaluate(async () => {
      // The violation event comes right after the refused script; a page
      // without the policy never sends one, so give it a bounded wait.
      const violation = new Promise((resolveViolation) => {
        document.addEventListener('securitypolicyviolation', (e) => resolveViolation(e.violatedDirective), {
          once: true,
        });
        setTimeout(() => resolveViolation('no violation reported'), 5_000);
      });
      const script = document.createElement('script');
      script.textContent = 'window.__plimsollInjected = true;';
      document.body.append(script);
      return { ran: window.__plimsollInjected === true, directive: await violation };
    });
    assert.deepEqual(outcome, { ran: false, directive: 'script-src-elem' });
  });
});

// The first load on a slow connection (issue 17): dist/ served with gzip,
// Chromium throttled through CDP to 1.6 Mbps down and 150 ms round trips,
// a fresh profile (nothing cached, no service worker yet). For the
// playground opened from a share link and for the embed view, prints what
// the page downloaded before its first checklist appeared and how long that
// took. The budget (budget.toml) bounds the bytes; the time is a figure to
// read, not an assertion (the machine's load moves it).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LIMIT, assertBuilt, fragmentFor, launch, repo, startServer } from './embed-harness.mjs';

const THROTTLE = {
  offline: false,
  latency: 150, // ms, added to each round trip
  downloadThroughput: (1.6e6 / 8), // bytes per second
  uploadThroughput: (0.75e6 / 8),
};
const DOCKERFILE = 'FROM node:latest\nRUN curl -sL https://example.com/x.sh | sh\nCOPY . /app\nEXPOSE 22\nCMD ["node", "/app/server.js"]\n';

const budgets = readFileSync(join(repo, 'budget.toml'), 'utf8');
const budgetOf = (key) =>
  Number(budgets.match(new RegExp(`^${key}\\s*=\\s*([\\d_]+)`, 'm'))[1].replaceAll('_', ''));
const budget = budgetOf('max_first_load_gzip_bytes');
// The embed view and workshop mode load their own, smaller modules.
const embedBudget = budgetOf('max_embed_first_load_gzip_bytes');
const workshopBudget = budgetOf('max_workshop_first_load_gzip_bytes');
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

describe('first load, throttled to 1.6 Mbps / 150 ms', () => {
  let server;

  before(async () => {
    assertBuilt('index.html', 'embed.html');
    server = await startServer({ gzip: true });
  }, LIMIT);

  after(() => server?.close());

  /**
   * Opens `path` in a fresh browser profile, throttled, and waits for the
   * first checklist item. Returns the bytes received (as sent: compressed,
   * with headers) for every request of the page that finished by then, and
   * the time from navigation to the checklist.
   */
  async function firstLoad(path, shown = '[data-testid=checklist-item]') {
    const browser = await launch();
    try {
      const { context, page } = browser;
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', THROTTLE);
      const urls = new Map();
      const finished = [];
      let drawn = false;
      cdp.on('Network.requestWillBeSent', ({ requestId, request }) => urls.set(requestId, request.url));
      cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
        if (!drawn) finished.push({ url: urls.get(requestId), bytes: encodedDataLength });
      });
      await page.goto(`${server.origin}${path}`, { waitUntil: 'commit' });
      await page.locator(shown).first().waitFor({ timeout: 60_000 });
      drawn = true;
      const ms = await page.evaluate(() => performance.now());
      const foreign = [...urls.values()].filter((url) => new URL(url).origin !== server.origin && !url.startsWith('data:'));
      assert.deepEqual(foreign, [], 'no request to another origin');
      return { ms, finished, bytes: finished.reduce((sum, r) => sum + r.bytes, 0) };
    } finally {
      await browser.close();
    }
  }

  function print(view, { ms, finished, bytes }) {
    console.log(`${view}: first ${view === 'workshop' ? 'judged exercise' : 'checklist'} after ${(ms / 1000).toFixed(2)} s, ${kib(bytes)} transferred (${finished.length} requests)`);
    for (const { url, bytes: size } of finished.sort((a, b) => b.bytes - a.bytes)) {
      console.log(`  ${kib(size).padStart(10)}  ${new URL(url).pathname}`);
    }
  }

  it('the playground, opened from a share link', LIMIT, async () => {
    const result = await firstLoad(`/#${await fragmentFor(DOCKERFILE)}`);
    print('playground', result);
    assert.ok(result.finished.some(({ url }) => url.endsWith('.wasm')), 'the wasm was loaded');
    assert.ok(result.bytes <= budget, `${kib(result.bytes)} before the first checklist, budget ${kib(budget)}`);
  });

  it('the embed view', LIMIT, async () => {
    const result = await firstLoad(`/embed.html?embed&lang=en#${await fragmentFor(DOCKERFILE)}`);
    print('embed', result);
    assert.ok(result.finished.some(({ url }) => /plimsoll-embed-[0-9a-f]+_bg\.wasm$/.test(url)), 'the embed module was loaded');
    assert.ok(!result.finished.some(({ url }) => url.includes('plimsoll-web-')), 'not the site module');
    assert.ok(result.bytes <= embedBudget, `${kib(result.bytes)} before the first checklist, budget ${kib(embedBudget)}`);
  });

  it('workshop mode, opened from a /?workshop link', LIMIT, async () => {
    // The exercise's goals, judged against its starting Dockerfile.
    const result = await firstLoad('/?workshop=non-root&lang=en', '[data-testid=goal][data-state]');
    print('workshop', result);
    assert.ok(result.finished.some(({ url }) => /plimsoll-workshop-[0-9a-f]+_bg\.wasm$/.test(url)), 'the workshop module was loaded');
    assert.ok(!result.finished.some(({ url }) => url.includes('plimsoll-web-') && url.endsWith('.wasm')), 'not the site module');
    assert.ok(result.bytes <= workshopBudget, `${kib(result.bytes)} before the first judged exercise, budget ${kib(workshopBudget)}`);
  });
});

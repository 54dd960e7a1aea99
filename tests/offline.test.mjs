// Offline use: after a first visit the service worker has precached the
// app; with the browser context offline (and the server refusing
// connections) the app, a rule's documentation (fetched on demand, never
// opened while online), the workshop, embed.html and the example docs page
// still work. Then a new build is deployed: the page shows "new version
// available", and reloading moves it to the new worker and cache.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LIMIT, assertBuilt, dist, fragmentFor, launch, startServer, until } from './embed-harness.mjs';

const versionOf = (text) => text.match(/const VERSION = '([^']+)'/)?.[1];

describe('offline use and updates (service worker)', () => {
  let app;
  let browser;
  let next; // a copy of dist/ playing the next release
  let serveNext = false;

  before(async () => {
    assertBuilt('index.html', 'sw.js', 'embed.html');
    next = mkdtempSync(join(tmpdir(), 'plimsoll-next-'));
    app = await startServer({ override: () => (serveNext ? next : undefined) });
    browser = await launch({ side: 'findings' });
  }, LIMIT);

  after(async () => {
    await browser?.close();
    app?.close();
    if (next) rmSync(next, { recursive: true, force: true });
  }, LIMIT);

  it('the first visit installs the worker and precaches the app', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/`);
    await page.locator('[data-testid=editor]').waitFor({ timeout: 20_000 });
    const version = versionOf(readFileSync(join(dist, 'sw.js'), 'utf8'));
    assert.ok(version, 'sw.js carries a version');
    const expected = [
      '/index.html',
      '/embed.html',
      '/embed.js',
      '/views.css',
      '/docs-example.html',
      '/rule-docs.en.json',
      '/rule-docs.ja.json',
    ];
    // The worker activated with its cache, and the cache lists every file.
    // Asked again until then: under load the install takes a while, and a
    // page that is still settling can drop an evaluation (its error is not
    // the answer; the listing is).
    const listing = (want) =>
      page
        .evaluate(async (want) => {
          const registration = await navigator.serviceWorker.getRegistration();
          if (registration?.active?.state !== 'activated') return [];
          if (!(await caches.keys()).includes(`plimsoll-${want.version}`)) return [];
          const cache = await caches.open(`plimsoll-${want.version}`);
          return (await cache.keys()).map((request) => new URL(request.url).pathname);
        }, want)
        .catch(() => []);
    let cached = [];
    await until(
      'the service worker to precache the app',
      async () => {
        cached = await listing({ version });
        return expected.every((path) => cached.includes(path));
      },
      30_000,
    ).catch(() => {});
    for (const path of expected) {
      assert.ok(cached.includes(path), `${path} precached (${cached})`);
    }
    assert.ok(cached.some((path) => path.endsWith('.wasm')), 'the wasm is precached');
    console.log(`precached: ${cached.length} files, version ${version}`);
  });

  it('works offline: app, rule docs, workshop, embed and the docs page', LIMIT, async () => {
    const { context, page } = browser;
    app.setOffline(true);
    await context.setOffline(true);
    try {
      await page.reload();
      await page.locator('[data-testid=editor]').waitFor({ timeout: 20_000 });
      await page.locator('[data-testid=editor]').fill('FROM node:latest\n');
      await page.locator('[data-testid=finding][data-rule=PL201]').first().waitFor({ timeout: 10_000 });
      // The check worker loads from the cache too: once it is ready, checks
      // run in it. Edit (a new line each round) until a check comes back
      // from the worker.
      const timing = '[data-testid=timing]';
      let round = 0;
      await until('a check done in the worker', async () => {
        round += 1;
        const shown = Number(await page.getAttribute(timing, 'data-shown'));
        await page.locator('[data-testid=editor]').fill(`FROM node:latest\nEXPOSE 22\n# edit ${round}\n`);
        await page.waitForFunction(
          ([selector, count]) => Number(document.querySelector(selector).dataset.shown) > count,
          [timing, shown],
          { timeout: 10_000 },
        );
        return (await page.getAttribute(timing, 'data-checked-in')) === 'worker';
      });
      await page.locator('[data-testid=finding][data-rule=PL501]').first().waitFor({ timeout: 10_000 });

      // The rule docs were never opened online: the card and the rule page
      // read them from the precache.
      const card = page.locator('[data-testid=finding][data-rule=PL501]').first();
      await card.locator('details.card > summary').click();
      await card.locator('.prose pre code').first().waitFor({ timeout: 10_000 });
      assert.match(await card.locator('.prose').textContent(), /EXPOSE 22/);
      await page.goto(`${app.origin}/?rule=PL201`);
      await page.locator('[data-testid=rule-page] [data-testid=open-example]').first().waitFor({ timeout: 10_000 });

      await page.goto(`${app.origin}/?workshop=non-root`);
      await page.locator('[data-testid=check-work]').click();
      assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'false');

      const fragment = await fragmentFor('FROM node:latest\nEXPOSE 22\n');
      await page.goto(`${app.origin}/embed.html?embed&lang=en#${fragment}`);
      await page.locator('[data-testid=finding][data-rule=PL501]').waitFor({ timeout: 10_000 });

      await page.goto(`${app.origin}/docs-example.html`);
      await page
        .frameLocator('iframe.plimsoll-embed >> nth=0')
        .locator('[data-testid=finding][data-rule=PL101]')
        .waitFor({ timeout: 20_000 });
    } finally {
      await context.setOffline(false);
      app.setOffline(false);
    }
  });

  it('a new version replaces the old one after "reload"', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/`);
    await page.locator('[data-testid=editor]').waitFor({ timeout: 20_000 });
    const old = versionOf(readFileSync(join(dist, 'sw.js'), 'utf8'));
    assert.equal(await page.locator('[data-testid=update-notice]').isHidden(), true);

    // Deploy the "next release": a changed file, so a new worker version.
    cpSync(dist, next, { recursive: true });
    const fresh = `${old.slice(0, 8)}next0000`;
    writeFileSync(
      join(next, 'sw.js'),
      readFileSync(join(dist, 'sw.js'), 'utf8').replace(`const VERSION = '${old}'`, `const VERSION = '${fresh}'`),
    );
    serveNext = true;
    // Browsers check for a new worker on navigation; ask now instead of waiting.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const notice = page.locator('[data-testid=update-notice]');
    await notice.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await notice.textContent(), /new version/i);

    await Promise.all([page.waitForEvent('load', { timeout: 20_000 }), page.click('[data-testid=update-reload]')]);
    await page.locator('[data-testid=editor]').waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      async (expected) => {
        const keys = await caches.keys();
        return keys.length === 1 && keys[0] === `plimsoll-${expected}`;
      },
      fresh,
      { timeout: 20_000, polling: 200 },
    );
    const controller = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    assert.ok(controller?.endsWith('/sw.js'));
    assert.equal(await page.locator('[data-testid=update-notice]').isHidden(), true);
    assert.deepEqual(browser.problems, []);
  });
});

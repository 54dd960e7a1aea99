// Nothing to judge, no score (issue 15): text without a build stage gets no
// verdict and says why, on the page, in the embed and in the JS API. The
// release build in dist/ (and dist/api/), headless Chromium.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { apiTestPage, artifacts, assertBuilt, fragmentFor, launch, startServer } from './embed-harness.mjs';

const NOTHING = ['hello world\n', '# only a comment\n'];

const SCRIPT = `
import init, { check } from '/api/plimsoll.js';
await init();
window.__results = ['', 'hello world', 'FROM alpine:3.20\\nUSER 1000\\n'].map((text) => check(text).checklist);
`;

describe('no verdict without a build stage (release build in dist/)', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    assertBuilt('index.html', 'embed.html', 'api/plimsoll.js');
    mkdirSync(artifacts, { recursive: true });
    server = await startServer({
      extra: apiTestPage('verdict-test', SCRIPT),
    });
    browser = await launch({ viewport: { width: 1400, height: 900 } });
    page = browser.page;
    page.setDefaultTimeout(30_000);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('the playground shows no score and no passed item, and says why', async () => {
    await page.goto(`${server.origin}/`);
    for (const text of NOTHING) {
      await page.locator('[data-testid=editor]').fill(text);
      const why = page.locator('[data-testid=no-verdict]');
      await why.waitFor();
      assert.match(await why.textContent(), /no build stage/);
      assert.equal(await page.getAttribute('[data-testid=score]', 'data-score'), null, text);
      assert.doesNotMatch(await page.textContent('[data-testid=score]'), /100/);
      assert.equal(await page.locator('[data-testid=checklist-item]').count(), 0, `${text}: no item passes`);
    }
    await page.screenshot({ path: join(artifacts, 'verdict-none.png') });
    await page.locator('[data-testid=editor]').fill('FROM alpine:3.20\nUSER 1000\n');
    await page.locator('[data-testid=no-verdict]').waitFor({ state: 'hidden' });
    assert.match(await page.getAttribute('[data-testid=score]', 'data-score'), /^\d+$/);
  });

  it('the embed shows no score and posts none', async () => {
    await page.goto(`${server.origin}/embed.html?embed&lang=en#${await fragmentFor('hello world\n')}`);
    const why = page.locator('[data-testid=no-verdict]');
    await why.waitFor();
    assert.match(await why.textContent(), /no build stage/);
    assert.doesNotMatch(await page.textContent('[data-testid=score]'), /100/);
    assert.equal(await page.locator('[data-testid=checklist-item]').count(), 0);
  });

  it('the JS API returns a null score with the reason', async () => {
    await page.goto(`${server.origin}/verdict-test.html`);
    await page.waitForFunction(() => window.__results);
    const [empty, hello, valid] = await page.evaluate(() => window.__results);
    for (const checklist of [empty, hello]) {
      assert.equal(checklist.score, null);
      assert.match(checklist.no_verdict, /no build stage/);
      assert.deepEqual(checklist.items, []);
    }
    assert.equal(typeof valid.score, 'number');
    assert.equal(valid.no_verdict, undefined);
  });

  it('logged no console error or page error', () => {
    assert.deepEqual(browser.problems, []);
  });
});

// Never losing work (issue 15): a share link or an example keeps the draft it
// replaces, a link's settings are not stored unless asked, and large texts
// say what happens to them instead of showing an empty result. The release
// build in dist/, headless Chromium; every wait is on a state, with a timeout.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

import { artifacts, assertBuilt, launch, startServer } from './embed-harness.mjs';

const DRAFT = 'FROM alpine:3.20\n# my own draft, not saved anywhere else\nUSER 1000\n';
const LINKED = 'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\nUSER node\n';

/** A share-link fragment as the app writes it, with settings. */
function linkFragment(text, options) {
  const packed = deflateRawSync(Buffer.from(JSON.stringify({ t: text, o: options })));
  return `v1.${packed.toString('base64url')}`;
}

/** About `bytes` of Dockerfile: a RUN every 20 lines, comments between. */
function largeDockerfile(bytes) {
  const lines = ['FROM alpine:3.20', 'USER 1000'];
  let size = 0;
  for (let n = 0; size < bytes; n += 1) {
    const line = n % 20 === 0 ? `RUN echo "step ${n}"` : `# ${String(n).padStart(7, '0')} ${'x'.repeat(50)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

describe('drafts and large texts (release build in dist/)', () => {
  let server;
  let browser;
  let page;

  const editor = (p = page) => p.locator('[data-testid=editor]');
  const stored = (p, key) => p.evaluate((k) => localStorage.getItem(k), key);
  const shot = (p, name) => p.screenshot({ path: join(artifacts, `drafts-${name}.png`) });
  /** Types `text` as a draft and waits until it is stored. */
  async function draft(text) {
    await page.goto(`${server.origin}/`);
    await editor().fill(text);
    await page.waitForFunction((t) => localStorage.getItem('plimsoll.text') === t, text);
  }
  /** Puts `text` into the editor at once (as a paste) from the page itself. */
  const paste = (text) =>
    page.evaluate((t) => {
      const area = document.querySelector('[data-testid=editor]');
      area.value = t;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);

  before(async () => {
    assertBuilt('index.html');
    mkdirSync(artifacts, { recursive: true });
    server = await startServer();
    browser = await launch({ viewport: { width: 1400, height: 900 }, side: 'findings' });
    page = browser.page;
    page.setDefaultTimeout(30_000);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('keeps the draft a share link replaces, and does not store the link\'s settings', async () => {
    await draft(DRAFT);
    const ownOptions = await stored(page, 'plimsoll.options');
    const link = await browser.context.newPage();
    await link.goto(`${server.origin}/#${linkFragment(LINKED, { target: 'build' })}`);
    await link.locator('[data-testid=restore-draft]').waitFor();
    assert.equal(await editor(link).inputValue(), LINKED);
    await link.locator('[data-testid=keep-settings]').waitFor();
    await link.locator('.settings > summary').click();
    assert.equal(await link.locator('[data-testid=setting-target]').inputValue(), 'build', 'the link\'s settings apply');
    await link.waitForFunction((t) => localStorage.getItem('plimsoll.text') === t, LINKED);
    assert.equal(await stored(link, 'plimsoll.options'), ownOptions, 'the link\'s settings are not stored');
    await shot(link, 'link-opened');
    await link.click('[data-testid=restore-draft]');
    await link.waitForFunction((t) => document.querySelector('[data-testid=editor]').value === t, DRAFT);
    assert.equal(await link.locator('[data-testid=setting-target]').inputValue(), '', 'the own settings are back');
    await link.waitForFunction((t) => localStorage.getItem('plimsoll.text') === t, DRAFT);
    await link.close();
  });

  it('stores a link\'s settings when asked to', async () => {
    await draft(DRAFT);
    const link = await browser.context.newPage();
    await link.goto(`${server.origin}/#${linkFragment(LINKED, { target: 'build' })}`);
    await link.click('[data-testid=keep-settings]');
    await link.waitForFunction(() => JSON.parse(localStorage.getItem('plimsoll.options') ?? '{}').target === 'build');
    assert.equal(await link.locator('[data-testid=keep-settings]').count(), 0);
    await link.locator('.settings > summary').click();
    await link.fill('[data-testid=setting-target]', '');
    await link.locator('[data-testid=setting-target]').press('Tab');
    await link.waitForFunction(() => JSON.parse(localStorage.getItem('plimsoll.options') ?? '{}').target === undefined);
    await link.close();
  });

  it('keeps the draft that a rule page\'s example replaces', async () => {
    await draft(DRAFT);
    await page.goto(`${server.origin}/?rule=PL201`);
    await page.locator('[data-testid=open-example]').first().click();
    await page.locator('[data-testid=finding][data-rule=PL201]').waitFor();
    await page.locator('[data-testid=restore-draft]').waitFor();
    await shot(page, 'example-opened');
    await page.click('[data-testid=restore-draft]');
    await page.waitForFunction((t) => document.querySelector('[data-testid=editor]').value === t, DRAFT);
  });

  it('says that a text over 1 MB is not kept across reloads', async () => {
    await draft(DRAFT);
    const text = largeDockerfile(1_200_000);
    await paste(text);
    const warning = page.locator('[data-testid=not-saved]');
    await warning.waitFor({ timeout: 60_000 });
    assert.match(await warning.textContent(), /1\.2 MB.*1\.0 MB.*reload/s);
    assert.equal(await stored(page, 'plimsoll.text'), DRAFT, 'the last text that fit is still stored');
    await shot(page, 'not-saved');
  });

  it('shows that a 3 MB text is being checked, then its findings', async () => {
    await page.goto(`${server.origin}/`);
    await editor().waitFor();
    const text = largeDockerfile(3_000_000);
    const started = performance.now();
    await paste(text);
    const right = await page.evaluate(() => ({
      checking: [...document.querySelectorAll('[data-testid=checking]')].map((p) => !p.hidden),
      says: document.querySelector('.findings-pane [data-testid=checking]').textContent,
      emptyHint: [...document.querySelectorAll('.findings-pane .empty')].some((p) => !p.hidden),
    }));
    assert.deepEqual(right.checking, [true, true], 'the checklist and the findings say it is checking right after the paste');
    assert.match(right.says, /Checking [\d,]+ lines/);
    // What the checklist's line says while the check runs, every 200 ms.
    await page.evaluate(() => {
      window.__said = [];
      window.__watch = setInterval(() => window.__said.push(document.querySelector('.checklist-pane [data-testid=checking]').textContent), 200);
    });
    assert.equal(right.emptyHint, false, 'no empty-editor hint or "no findings" while checking');
    await shot(page, 'checking');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=summary]').dataset.findings) > 1000, null, {
      timeout: 120_000,
    });
    await page.locator('.findings-pane [data-testid=checking]').waitFor({ state: 'hidden' });
    assert.equal(await page.locator('.checklist-pane [data-testid=checking]').isHidden(), true);
    const said = await page.evaluate(() => (clearInterval(window.__watch), window.__said));
    const took = performance.now() - started;
    if (took > 2500) {
      // A check that takes a while says for how long.
      assert.ok(said.some((text) => /lines… \d+ s$/.test(text)), `${took.toFixed(0)} ms and no seconds said: ${said.join(' | ')}`);
    }
    const findings = await page.getAttribute('[data-testid=summary]', 'data-findings');
    console.log(`3 MB paste (${text.split('\n').length} lines): ${findings} findings shown after ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('says that a text over the limit is not checked, with the limit and the CLI command', async () => {
    const text = largeDockerfile(4_500_000);
    await paste(text);
    const tooLarge = page.locator('[data-testid=too-large]');
    await tooLarge.waitFor({ timeout: 60_000 });
    assert.match(await tooLarge.textContent(), /4\.5 MB.*4\.0 MB.*plimsoll check/s);
    assert.equal(await page.getAttribute('[data-testid=summary]', 'data-findings'), '0');
    const hints = await page.locator('.findings-pane .empty:visible').count();
    assert.equal(hints, 0, 'no empty-editor hint and no "no findings"');
    await page.click('[data-testid=side-checklist]');
    assert.equal(await page.isVisible('[data-testid=score]'), false, 'no checklist for a text that was not checked');
    await shot(page, 'too-large');
  });

  it('logged no console error or page error', () => {
    assert.deepEqual(browser.problems, []);
  });
});

// The embed view and the loader: a "documentation site" on another origin
// (another port of 127.0.0.1) frames the widget, receives its results by
// postMessage and sends it a new Dockerfile; the loader turns
// `<pre class="dockerfile">` blocks into widgets. The app's server sends the
// hosting headers of README "Hosting": framing is denied except for embed.html.

import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { LIMIT, artifacts, assertBuilt, docsPage as html, fragmentFor, kib, launch, openWidgets, scoreOf, startServer, until } from './embed-harness.mjs';

const ROOT_DOCKERFILE = 'FROM node:20.11-alpine3.19\nWORKDIR /app\nCOPY src/ ./src/\nCMD ["node", "src/server.js"]\n';
const FIXED_DOCKERFILE =
  'FROM node:20.11-alpine3.19\nWORKDIR /app\nCOPY src/ ./src/\nUSER 1001\nCMD ["node", "src/server.js"]\n';

// The parent page records what the widget posts (a test page, not ours: no CSP).
const RECORDER = `<script>
window.__messages = [];
addEventListener('message', (event) => window.__messages.push({ origin: event.origin, data: event.data }));
</script>`;

describe('embed view and loader', () => {
  let app;
  let docs;
  let browser;
  let fragment;

  before(async () => {
    assertBuilt('index.html', 'embed.html', 'embed.js', 'docs-example.html', 'views.css');
    app = await startServer();
    fragment = await fragmentFor(ROOT_DOCKERFILE);
    const iframe = (src) => `<iframe id="widget" src="${src}" style="width:100%;height:480px"></iframe>`;
    docs = await startServer({
      extra: {
        '/framed.html': {
          type: 'text/html; charset=utf-8',
          body: html(iframe(`${app.origin}/embed.html?embed&lang=en#${fragment}`), RECORDER),
        },
        '/framed-index.html': {
          type: 'text/html; charset=utf-8',
          body: html(iframe(`${app.origin}/?embed#${fragment}`), RECORDER),
        },
        '/loader.html': {
          type: 'text/html; charset=utf-8',
          body: html(
            `<h1>Docs</h1>
<pre class="dockerfile" data-open="PL101" data-lang="en">
  FROM node:20.11-alpine3.19
  WORKDIR /app
  CMD ["node", "server.js"]
</pre>
<div data-plimsoll data-readonly data-show="checklist" data-lang="ja" data-items="runs-as-non-root,healthcheck" data-height="300"><pre>FROM scratch
COPY app /app
USER 65532
EXPOSE 8080
</pre></div>
<script>
window.__events = [];
document.addEventListener('plimsoll:result', (event) => window.__events.push(event.detail));
</script>
<script src="${app.origin}/embed.js"></script>`,
          ),
        },
      },
    });
    browser = await launch();
  }, LIMIT);

  after(async () => {
    await browser?.close();
    app?.close();
    docs?.close();
  }, LIMIT);

  beforeEach(() => browser.fresh(), LIMIT);

  it('a page on another origin frames embed.html and receives the results', LIMIT, async () => {
    const { page } = browser;
    app.served.length = 0;
    await page.goto(`${docs.origin}/framed.html`);
    const frame = page.frameLocator('#widget');
    await frame.locator('[data-testid=finding][data-rule=PL101]').waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      () => window.__messages.some((m) => m.data && m.data.type === 'plimsoll:result'),
      null,
      { timeout: 10_000 },
    );
    const messages = await page.evaluate(() => window.__messages);
    assert.ok(messages.some((m) => m.data.type === 'plimsoll:ready'), 'ready message');
    const result = messages.filter((m) => m.data.type === 'plimsoll:result').at(-1);
    assert.equal(result.origin, app.origin);
    assert.ok(result.data.findings.some((f) => f.rule === 'PL101' && f.line === 1 && f.severity === 'high'));
    const item = result.data.checklist.find((entry) => entry.id === 'runs-as-non-root');
    assert.equal(item.status, 'fail');
    // The score follows the statuses posted with it.
    const statuses = result.data.checklist.map((entry) => entry.status);
    assert.ok(statuses.includes('warn'), statuses.join());
    assert.equal(result.data.score, scoreOf(statuses));
    assert.equal(JSON.stringify(result.data).includes('src/server.js'), false, 'the text itself is not posted');

    // What the widget itself loaded (the service worker's precache comes after).
    const widgetFrame = page.frames().find((f) => f.url().startsWith(`${app.origin}/embed.html`));
    const loaded = await widgetFrame.evaluate(() => [
      location.pathname,
      ...performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
    ]);
    const download = [...new Set(loaded)]
      .map((path) => app.served.find((entry) => entry.path === path))
      .filter(Boolean);
    const raw = download.reduce((sum, entry) => sum + entry.bytes, 0);
    const gzip = download.reduce((sum, entry) => sum + entry.gzip, 0);
    console.log(
      `embed view download (first visit): ${download.map((e) => e.path).join(' + ')} = ${kib(raw)} raw, ${kib(gzip)} gzip`,
    );
    assert.ok(download.some((entry) => entry.path.endsWith('.wasm')));

    // The parent sends a new Dockerfile; the widget answers with its results.
    await page.evaluate((text) => {
      window.__messages = [];
      document.getElementById('widget').contentWindow.postMessage({ type: 'plimsoll:set', dockerfile: text }, '*');
    }, FIXED_DOCKERFILE);
    await page.waitForFunction(
      () => window.__messages.some((m) => m.data && m.data.type === 'plimsoll:result'),
      null,
      { timeout: 10_000 },
    );
    const after = (await page.evaluate(() => window.__messages)).filter((m) => m.data.type === 'plimsoll:result').at(-1);
    assert.equal(after.data.checklist.find((entry) => entry.id === 'runs-as-non-root').status, 'pass');
    assert.equal(after.data.findings.some((f) => f.rule === 'PL101'), false);
    assert.equal(await frame.locator('[data-testid=editor]').inputValue(), FIXED_DOCKERFILE);
    assert.equal(await frame.locator('[data-testid=finding][data-rule=PL101]').count(), 0);

    // Typing in the widget re-checks and posts again.
    await page.evaluate(() => {
      window.__messages = [];
    });
    await frame.locator('[data-testid=editor]').fill(ROOT_DOCKERFILE + 'EXPOSE 22\n');
    await page.waitForFunction(
      () => window.__messages.some((m) => m.data?.type === 'plimsoll:result' && m.data.findings.some((f) => f.rule === 'PL501')),
      null,
      { timeout: 10_000 },
    );
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'embed-framed.png'), fullPage: true });
    assert.deepEqual(browser.problems, []);
  });

  it('a widget without data-height grows to its content (the loader listens for its height)', LIMIT, async () => {
    const { page } = browser;
    // The rule docs of the opened card arrive well after the first check
    // (as on a slow network): the iframe must grow again when they do.
    await page.route('**/rule-docs.*.json', async (route) => {
      await new Promise((later) => setTimeout(later, 1500));
      await route.continue();
    });
    await page.goto(`${docs.origin}/loader.html`);
    const widget = page.frameLocator('iframe.plimsoll-embed >> nth=0');
    const finding = widget.locator('[data-testid=finding][data-rule=PL101]');
    await finding.waitFor({ timeout: 20_000 });
    // The opened PL101 card makes the content taller than the first guess.
    const frameHeight = () =>
      page.evaluate(() => document.querySelector('iframe.plimsoll-embed').getBoundingClientRect().height);
    const frameOf = page.frames().find((f) => f.url().includes('open=PL101'));
    await widget.locator('.pl-embed-docs pre').first().waitFor({ timeout: 20_000 });
    // The docs' headings fit the narrow widget: none larger than its own
    // section titles (10% for the docs' title).
    const sizes = await frameOf.evaluate(() => {
      const size = (element) => parseFloat(getComputedStyle(element).fontSize);
      return {
        section: size(document.querySelector('.pl-embed-findings h2')),
        docs: [...document.querySelectorAll('.pl-embed-docs :is(h1, h2, h3, h4)')].map(size),
      };
    });
    assert.ok(sizes.docs.length > 0, 'the docs have headings');
    assert.ok(sizes.docs.every((size) => size <= sizes.section * 1.1 + 0.5), JSON.stringify(sizes));
    await until('the iframe to fit its content', async () => {
      const content = await frameOf.evaluate(() => document.querySelector('.pl-embed').scrollHeight);
      return Math.abs((await frameHeight()) - content) <= 6;
    });
    const content = await frameOf.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      view: window.innerHeight,
    }));
    assert.ok(content.scroll <= content.view + 2, `no scroll inside the widget: ${JSON.stringify(content)}`);
    // The second widget keeps its data-height.
    const heights = await page.$$eval('iframe.plimsoll-embed', (frames) => frames.map((f) => f.style.height));
    assert.equal(heights[1], '300px');
    await page.screenshot({ path: join(artifacts, 'embed-fits-content.png'), fullPage: true });
    await page.unroute('**/rule-docs.*.json');
  });

  it('a filtered widget scores what it shows, says when a rule filter finds nothing, and lists unknown options', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/embed.html?embed&lang=en&items=runs-as-non-root&colour=red#${fragment}`);
    const score = page.locator('[data-testid=score]');
    await page.locator('[data-testid=checklist-item]').first().waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('[data-testid=checklist-item]').count(), 1);
    assert.equal(await score.getAttribute('data-score'), '0', 'the one item shown fails');
    assert.match(await page.textContent('[data-testid=unknown-options]'), /colour=red/);

    await page.goto(`${app.origin}/embed.html?embed&lang=en&rules=PL201,missing-user#${await fragmentFor(FIXED_DOCKERFILE)}`);
    const none = page.locator('[data-testid=no-findings]');
    await none.waitFor({ timeout: 20_000 });
    assert.match(await none.textContent(), /No finding of PL201, PL101/);
    assert.equal(await page.locator('[data-testid=unknown-options]').count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  it('the rest of the site cannot be framed (frame-ancestors from the host)', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${docs.origin}/framed-index.html`);
    // Chromium puts its error page in place of a frame it refuses.
    const child = () => page.frames().find((f) => f !== page.mainFrame());
    await until('the refused frame\'s error page', () => child()?.url().startsWith('chrome-error://'));
    assert.equal(await page.frameLocator('#widget').locator('[data-testid=editor]').count(), 0, 'blocked');
    // Chromium logs the refusal; nothing else may go wrong.
    const others = browser.problems.filter((problem) => !problem.includes('frame-ancestors'));
    assert.deepEqual(others, []);
  });

  it('a /?embed link opened as a page goes to embed.html, which loads the embed module alone', LIMIT, async () => {
    const { page } = browser;
    const wasm = [];
    // Finished downloads: the redirect may cancel a preload the browser began.
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname);
    });
    await page.goto(`${app.origin}/?embed&lang=en#${fragment}`);
    await page.waitForURL(/\/embed\.html\?embed&lang=en#/);
    await page.locator('[data-testid=finding][data-rule=PL101]').waitFor({ timeout: 20_000 });
    const loaded = wasm.filter((path) => !path.includes('project-worker'));
    assert.ok(loaded.every((path) => /^\/plimsoll-embed-[0-9a-f]+_bg\.wasm$/.test(path)), loaded.join());
    assert.deepEqual(browser.problems, []);
  });

  it('the loader turns <pre class="dockerfile"> and <div data-plimsoll> into widgets', LIMIT, async () => {
    const { page } = browser;
    await openWidgets(page, `${docs.origin}/loader.html`, 2);
    assert.equal(await page.locator('pre.dockerfile').count(), 0, 'the block was replaced');
    const [first, second] = await page.$$eval('iframe.plimsoll-embed', (frames) =>
      frames.map((frame) => ({ src: frame.src, height: frame.style.height, title: frame.title })),
    );
    assert.ok(first.src.startsWith(`${app.origin}/embed.html?embed&lang=en&open=PL101#v2.`), first.src);
    assert.ok(second.src.includes('?embed&readonly&lang=ja&show=checklist&items=runs-as-non-root%2Chealthcheck&height=300#v2.'), second.src);
    assert.equal(second.height, '300px');

    const widget = page.frameLocator('iframe.plimsoll-embed >> nth=0');
    const finding = widget.locator('[data-testid=finding][data-rule=PL101]');
    await finding.waitFor({ timeout: 20_000 });
    assert.equal(await finding.locator('details').getAttribute('open'), '', 'data-open opened the PL101 finding');
    // The loader removed the HTML indentation.
    assert.equal(
      await widget.locator('[data-testid=editor]').inputValue(),
      'FROM node:20.11-alpine3.19\nWORKDIR /app\nCMD ["node", "server.js"]\n',
    );

    const readonly = page.frameLocator('iframe.plimsoll-embed >> nth=1');
    await readonly.locator('[data-testid=checklist-item]').first().waitFor({ timeout: 20_000 });
    assert.equal(await readonly.locator('[data-testid=editor]').getAttribute('readonly'), '');
    assert.equal(await readonly.locator('[data-testid=finding]').count(), 0, 'show=checklist hides findings');
    const items = await readonly
      .locator('[data-testid=checklist-item]')
      .evaluateAll((rows) => rows.map((row) => [row.dataset.item, row.dataset.status]));
    assert.deepEqual(items, [
      ['runs-as-non-root', 'pass'],
      ['healthcheck', 'warn'],
    ]);
    assert.equal(await readonly.locator('html').getAttribute('lang'), 'ja');

    await page.waitForFunction(() => window.__events.length >= 2, null, { timeout: 10_000 });
    const events = await page.evaluate(() => window.__events);
    assert.ok(events.every((detail) => detail.type === 'plimsoll:result'));
    await page.screenshot({ path: join(artifacts, 'embed-loader.png'), fullPage: true });
    assert.deepEqual(browser.problems, []);
  });

  it('the example documentation page works under its strict CSP', LIMIT, async () => {
    const { page } = browser;
    const widgetAt = await openWidgets(page, `${app.origin}/docs-example.html`, 3);
    const widget = widgetAt(0);
    await widget.locator('[data-testid=finding][data-rule=PL101]').waitFor({ timeout: 20_000 });
    await page.locator('#result-log').filter({ hasText: 'Last check' }).waitFor({ timeout: 10_000 });
    // The third example's Compose file runs the image as root.
    await widgetAt(2)
      .locator('[data-testid=checklist-item][data-item=runs-as-non-root][data-status=fail][data-decided-by~="docker-compose.yml"]')
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, 'docs-example.png'), fullPage: true });
    assert.deepEqual(browser.problems, []);
  });
});

// The embed widget with files beside the Dockerfile (issue 16): the loader
// groups <pre class="compose"> and the other kinds with their Dockerfile and
// sends them all in a `#v2.` fragment (the share-link format); the widget
// checks them in the project worker, shows each file's findings with its
// path and the checklist items they decide, and posts them to the page;
// `Plimsoll.set` sends several files. Release build in dist/.

import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LIMIT, artifacts, assertBuilt, docsPage as html, launch, openWidgets, projectFragmentFor, startServer } from './embed-harness.mjs';

const nodeModules = process.env.PLIMSOLL_NODE_MODULES ?? join(import.meta.dirname ?? '.', '../.tools/node/node_modules');
const AXE = readFileSync(join(nodeModules, 'axe-core/axe.min.js'), 'utf8');

const DOCKERFILE =
  'FROM node:20.11-alpine3.19\nWORKDIR /app\nCOPY src/ ./src/\nUSER node\nCMD ["node", "src/server.js"]\n';
/** Runs the image as root in spite of its `USER node` (line 4). */
const COMPOSE = 'services:\n  web:\n    build: .\n    user: root\n    read_only: true\n';
const COMPOSE_FIXED = 'services:\n  web:\n    build: .\n    read_only: true\n';
const MANIFEST =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:1.0\n';

describe('embed widget with files beside the Dockerfile', () => {
  let app;
  let docs;
  let browser;
  let requests;

  before(async () => {
    assertBuilt('embed.html', 'embed.js', 'project-worker.js', 'plimsoll-project-worker_bg.wasm');
    mkdirSync(artifacts, { recursive: true });
    app = await startServer();
    docs = await startServer({
      extra: {
        '/loader.html': {
          type: 'text/html; charset=utf-8',
          body: html(`<h1>Docs</h1>
<pre class="dockerfile" data-lang="en">
  ${DOCKERFILE.trimEnd().split('\n').join('\n  ')}
</pre>
<!-- a comment does not end the group -->
<pre class="compose" data-path="docker-compose.yml">
${COMPOSE}</pre>
<p id="after">The paragraph after the group stays.</p>
<div data-plimsoll data-lang="en" data-show="findings">
  <pre class="dockerfile" data-path="api.Dockerfile">FROM scratch
COPY app /app
USER 65532
</pre>
  <pre class="kubernetes">${MANIFEST}</pre>
  <pre class="compose">services:
  api:
    build:
      context: .
      dockerfile: api.Dockerfile
</pre>
  <pre class="compose">services:
  cache:
    image: redis:7.2
</pre>
</div>
<pre class="dockerfile" data-lang="en">FROM node:latest
</pre>
<pre>not a companion: ends nothing, joins nothing</pre>
<script>
window.__events = [];
document.addEventListener('plimsoll:result', (event) => {
  const frames = [...document.querySelectorAll('iframe.plimsoll-embed')];
  window.__events.push({ frame: frames.indexOf(event.target), detail: event.detail });
});
</script>
<script src="${app.origin}/embed.js"></script>`),
        },
      },
    });
    browser = await launch({ viewport: { width: 1000, height: 900 } });
    requests = [];
    browser.context.on('request', (request) => requests.push(request.url()));
  }, LIMIT);

  after(async () => {
    await browser?.close();
    app?.close();
    docs?.close();
  }, LIMIT);

  beforeEach(async () => {
    await browser.fresh();
    requests.length = 0;
  }, LIMIT);

  /** The results frame `index` posted, newest last. */
  const eventsOf = (page, index) =>
    page.evaluate((index) => window.__events.filter((e) => e.frame === index).map((e) => e.detail), index);

  /** Only this site and the docs page's: nothing goes anywhere else. */
  const assertSameSites = () => {
    const elsewhere = requests.filter(
      (url) => !url.startsWith('data:') && ![app.origin, docs.origin].includes(new URL(url).origin),
    );
    assert.deepEqual(elsewhere, []);
  };

  it('a compose sibling is checked with the Dockerfile: its findings with their path, the item it decides', LIMIT, async () => {
    const { page } = browser;
    const widgetAt = await openWidgets(page, `${docs.origin}/loader.html`, 3);
    // The group's blocks are replaced by one widget; what follows stays.
    assert.equal(await page.locator('pre.dockerfile, pre.compose, pre.kubernetes').count(), 0);
    assert.equal(await page.locator('#after').count(), 1);
    assert.equal(await page.locator('body > pre').count(), 1, 'a plain <pre> is left alone');
    const src = await page.locator('iframe.plimsoll-embed >> nth=0').getAttribute('src');
    assert.ok(src.startsWith(`${app.origin}/embed.html?embed&lang=en#v2.`), src);

    const widget = widgetAt(0);
    await widget.locator(':root[data-embed-files=checked] [data-testid=embed]').waitFor({ timeout: 30_000 });
    assert.equal(await widget.locator('[data-testid=editor]').inputValue(), DOCKERFILE);
    assert.equal(await widget.locator('[data-testid=file-editor][data-path="docker-compose.yml"]').inputValue(), COMPOSE);

    // The Compose file's finding, with its path and line.
    const root = widget.locator('[data-testid=finding][data-path="docker-compose.yml"][data-rule=PLC101]');
    assert.equal(await root.getAttribute('data-line'), '4');
    assert.match(await root.locator('summary').textContent(), /docker-compose\.yml:4/);
    assert.ok((await widget.locator('[data-testid=finding][data-path="Dockerfile"]').count()) > 0);
    // USER node passes alone; the Compose file's `user: root` fails it.
    const item = widget.locator('[data-testid=checklist-item][data-item=runs-as-non-root]');
    assert.equal(await item.getAttribute('data-status'), 'fail');
    assert.ok((await item.getAttribute('data-decided-by')).split(' ').includes('docker-compose.yml'));
    assert.match(await item.locator('[data-testid=decided-by]').textContent(), /Decided by: docker-compose\.yml/);

    // The page learns the same, each finding with its file.
    await page.waitForFunction(() => window.__events.some((e) => e.frame === 0), null, { timeout: 10_000 });
    const posted = await eventsOf(page, 0);
    assert.ok(posted.every((detail) => detail.files.length === 2), 'no result before the files are checked');
    const result = posted.at(-1);
    assert.deepEqual(result.files, [
      { path: 'Dockerfile', kind: 'dockerfile' },
      { path: 'docker-compose.yml', kind: 'compose' },
    ]);
    assert.ok(result.findings.some((f) => f.path === 'docker-compose.yml' && f.rule === 'PLC101' && f.line === 4));
    assert.ok(result.findings.some((f) => f.path === 'Dockerfile'));
    const decided = result.checklist.find((entry) => entry.id === 'runs-as-non-root');
    assert.equal(decided.status, 'fail');
    assert.ok(decided.decided_by.includes('docker-compose.yml'));
    assert.equal(JSON.stringify(result).includes('src/server.js'), false, 'the text itself is not posted');

    // Its location goes to the Compose file's line.
    await root.locator('summary').click();
    await root.locator('[data-testid=go-to]').click();
    const frame = await (await widget.locator('[data-testid=embed]').elementHandle()).ownerFrame();
    const caret = await frame.evaluate(() => {
      const area = document.activeElement;
      return [area.dataset.path, area.value.slice(0, area.selectionStart).split('\n').length];
    });
    assert.deepEqual(caret, ['docker-compose.yml', 4]);
    await page.screenshot({ path: join(artifacts, 'embed-compose.png'), fullPage: true });

    // Editing the Compose file in the widget decides the item again.
    await widget.locator('[data-testid=file-editor][data-path="docker-compose.yml"]').fill(COMPOSE_FIXED);
    await widget.locator('[data-testid=checklist-item][data-item=runs-as-non-root][data-status=pass]').waitFor({ timeout: 20_000 });
    assert.equal(await root.count(), 0);
    assertSameSites();
    assert.deepEqual(browser.problems, []);
  });

  it('a <div data-plimsoll> holds a group; files without data-path get the usual names, numbered', LIMIT, async () => {
    const { page } = browser;
    const widget = (await openWidgets(page, `${docs.origin}/loader.html`, 3))(1);
    await widget.locator(':root[data-embed-files=checked] [data-testid=embed]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => window.__events.some((e) => e.frame === 1), null, { timeout: 10_000 });
    const result = (await eventsOf(page, 1)).at(-1);
    assert.deepEqual(result.files, [
      { path: 'api.Dockerfile', kind: 'dockerfile' },
      { path: 'deployment.yaml', kind: 'kubernetes' },
      { path: 'compose.yaml', kind: 'compose' },
      { path: 'compose-2.yaml', kind: 'compose' },
    ]);
    assert.match(await widget.locator('label[for=pl-embed-text]').textContent(), /api\.Dockerfile/);
    // The manifest's container has no security context: findings of it, with its path.
    assert.ok(result.findings.some((f) => f.path === 'deployment.yaml'), JSON.stringify(result.findings));
    assert.ok(
      (await widget.locator('[data-testid=finding][data-path="deployment.yaml"]').count()) > 0,
      'the manifest findings are shown',
    );
    assert.deepEqual(browser.problems, []);
  });

  it('Plimsoll.set sends several files, keeps them with a new Dockerfile, and refuses paths outside the project', LIMIT, async () => {
    const { page } = browser;
    const widget = (await openWidgets(page, `${docs.origin}/loader.html`, 3))(2);
    await widget.locator('[data-testid=finding][data-rule=PL201]').waitFor({ timeout: 30_000 });
    assert.equal(await widget.locator(':root').getAttribute('data-embed-files'), 'none', 'a Dockerfile alone');
    const last = async (predicate) => {
      await page.waitForFunction(
        (source) => window.__events.some((e) => e.frame === 2 && new Function('d', `return ${source}`)(e.detail)),
        predicate,
        { timeout: 30_000 },
      );
      return (await eventsOf(page, 2)).at(-1);
    };
    const set = (value) =>
      page.evaluate((value) => window.Plimsoll.set(document.querySelectorAll('iframe.plimsoll-embed')[2], value), value);

    await set({ files: [{ path: 'compose.yaml', text: COMPOSE }] });
    let result = await last("d.files.length === 2 && d.findings.some((f) => f.rule === 'PLC101')");
    assert.equal(result.files[1].kind, 'compose', 'the kind follows from the name and text');
    assert.equal(await widget.locator('[data-testid=file-editor][data-path="compose.yaml"]').inputValue(), COMPOSE);

    // A new Dockerfile alone keeps the files beside it.
    await set('FROM node:22-alpine\nUSER node\n');
    result = await last("d.files.length === 2 && !d.findings.some((f) => f.rule === 'PL201')");
    assert.ok(result.findings.some((f) => f.path === 'compose.yaml' && f.rule === 'PLC101'));
    assert.equal(await widget.locator('[data-testid=editor]').inputValue(), 'FROM node:22-alpine\nUSER node\n');

    // Both at once; then none.
    await set({ dockerfile: DOCKERFILE, files: [{ path: 'k8s/api.yaml', text: MANIFEST }] });
    result = await last("d.files.some((f) => f.path === 'k8s/api.yaml')");
    assert.deepEqual(result.files.map((f) => f.kind), ['dockerfile', 'kubernetes']);
    await set({ files: [] });
    result = await last('d.files.length === 1 && d.findings.every((f) => f.path === "Dockerfile")');
    assert.equal(await widget.locator('[data-testid=file-editor]').count(), 0);

    // Files outside the project are refused, and the widget says so.
    await set({ files: [{ path: '../secrets.yaml', text: 'a: 1\n' }] });
    await widget.locator('[data-testid=set-refused]:not([hidden])').waitFor({ timeout: 10_000 });
    assert.equal(await widget.locator('[data-testid=file-editor]').count(), 0);
    assertSameSites();
    assert.deepEqual(browser.problems, []);
  });

  it('messages show their inline code as code, the docs of a Compose rule open, axe finds nothing serious', LIMIT, async () => {
    const { page } = browser;
    const fragment = await projectFragmentFor(DOCKERFILE, [{ path: 'compose.yaml', kind: 'compose', text: COMPOSE }]);
    for (const theme of ['light', 'dark']) {
      await page.goto(`${app.origin}/embed.html?embed&lang=en&theme=${theme}&open=PLC101#${fragment}`);
      await page.locator(':root[data-embed-files=checked] [data-testid=embed]').waitFor({ timeout: 30_000 });
      // PL202's message names the image in backticks: shown as code, no backtick left.
      const pinned = page.locator('[data-testid=finding][data-rule=PL202] summary');
      const codes = await pinned.locator('code').allTextContents();
      assert.ok(codes.includes('node:20.11-alpine3.19'), codes.join(' | '));
      const texts = await page.locator('[data-testid=finding] summary, [data-testid=checklist-item]').allTextContents();
      assert.ok(texts.length > 5);
      assert.deepEqual(texts.filter((text) => text.includes('`')), []);
      // data-open opened the Compose rule's docs.
      await page.locator('[data-testid=finding][data-rule=PLC101] .pl-embed-docs :is(h1, h2, h3, p)').first().waitFor({ timeout: 20_000 });
      await page.evaluate(AXE);
      const scan = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const serious = scan.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      console.log(`axe (embed with a compose file, ${theme}): ${scan.violations.length} violations, ${serious.length} serious or critical`);
      assert.deepEqual(serious, [], theme);
      await page.screenshot({ path: join(artifacts, `embed-compose-${theme}.png`), fullPage: true });
    }
    assertSameSites();
    assert.deepEqual(browser.problems, []);
  });
});

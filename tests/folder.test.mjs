// A project folder given to the page (issue 16): dropped (a synthesised
// DataTransfer whose entries walk like Chromium's: readEntries in batches of
// 100, file() called back later) or chosen with <input webkitdirectory>. The
// page reads the text of the files the core checks and only the names of
// the others, skips node_modules and .git, and files over 5 MB, says exactly
// what it read, and the project worker checks it.
// The release build in dist/, headless Chromium.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { LIMIT, artifacts, drawn as redrawn, openPlayground } from './embed-harness.mjs';

const DOCKERFILE = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n';
const WORKFLOW = `name: image
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t app .
`;
const COMPOSE = 'services:\n  app:\n    build: .\n    read_only: true\n';

/** The project dropped: leaves are texts, `{ size }` a file faked that large, `{ many }` that many small files. */
const TREE = {
  'Dockerfile': DOCKERFILE,
  '.dockerignore': 'node_modules\n.git\n',
  '.env': 'API_TOKEN=do-not-read-me\n',
  'compose.yaml': COMPOSE,
  'package.json': '{"name": "app", "version": "1.0.0"}\n',
  src: { 'server.js': 'require("http").createServer().listen(8080);\n', 'config.yaml': 'port: 8080\n' },
  reports: { 'trivy.json': { size: 6_000_000 } },
  docs: { 'demo.mp4': { size: 9_000_000 } },
  services: { worker: { Dockerfile: 'FROM python:3.12-slim\nCOPY . .\n' } },
  '.github': { workflows: { 'image.yml': WORKFLOW } },
  node_modules: { express: { many: 2000 }, lodash: { many: 1000 } },
  '.git': { HEAD: 'ref: refs/heads/main\n', objects: { many: 500 } },
};

/**
 * Dispatches a drop of `tree` (named `name`) on the editor, with entries
 * that behave as Chromium's. Records in `window.__opened` every file whose
 * File the page asked for.
 */
function dropTree(page, name, tree) {
  return page.evaluate(({ name, tree }) => {
    window.__opened = [];
    const later = (f) => setTimeout(f, 0);
    const file = (fileName, path, leaf) => ({
      isFile: true,
      isDirectory: false,
      name: fileName,
      fullPath: path,
      file(ok) {
        window.__opened.push(path.slice(name.length + 2));
        const blob = new File([typeof leaf === 'string' ? leaf : '{}'], fileName, { type: 'text/plain' });
        if (typeof leaf === 'object') Object.defineProperty(blob, 'size', { value: leaf.size });
        later(() => ok(blob));
      },
    });
    const directory = (dirName, path, node) => ({
      isFile: false,
      isDirectory: true,
      name: dirName,
      fullPath: path,
      createReader() {
        const names = node.many
          ? Array.from({ length: node.many }, (_, i) => [`file-${i}.js`, 'x'])
          : Object.entries(node);
        let at = 0;
        return {
          readEntries(ok) {
            const batch = names.slice(at, at + 100).map(([n, child]) => entry(n, `${path}/${n}`, child));
            at += batch.length;
            later(() => ok(batch));
          },
        };
      },
    });
    const entry = (n, path, node) =>
      typeof node === 'string' || node.size ? file(n, path, node) : directory(n, path, node);
    const root = directory(name, `/${name}`, tree);
    const transfer = {
      types: ['Files'],
      items: { length: 1, 0: { kind: 'file', webkitGetAsEntry: () => root } },
      files: { length: 1, 0: new File([], name) },
    };
    window.__dropped = performance.now();
    const event = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: transfer });
    document.querySelector('.editor-frame').dispatchEvent(event);
  }, { name, tree });
}

describe('a folder dropped or chosen (release build in dist/)', () => {
  let server;
  let browser;
  let page;
  let requests;

  const tab = (path) => page.locator(`[data-testid=file-tab][data-path="${path}"]`);
  const item = (id) => page.locator(`[data-testid=checklist-item][data-item="${id}"]`);
  const notice = () => page.locator('[data-testid=folder-notice]');
  const listed = (testid) => page.locator(`[data-testid=${testid}]`).evaluateAll((rows) => rows.map((row) => row.dataset.path));
  const tabs = () => page.locator('[data-testid=file-tab]').evaluateAll((all) => all.map((t) => t.dataset.path));
  const drawn = (action) => redrawn(page, action, 30_000);

  before(async () => {
    ({ server, browser, page, requests } = await openPlayground({ timeout: 30_000 }));
    await page.locator('[data-testid=editor]').fill('FROM alpine:3.20\nCMD ["sh"]\n');
    await page.locator('[data-testid=checklist-item]').first().waitFor();
  }, LIMIT);

  after(async () => {
    await browser?.close();
    server?.close();
  }, LIMIT);

  it('reads exactly the project files of a dropped folder, names the rest, and skips node_modules, .git and large files', LIMIT, async () => {
    await drawn(() => dropTree(page, 'shop', TREE));
    await notice().waitFor();
    // Opened: only files that may be project files by their name; never
    // .env, sources, or anything under node_modules and .git.
    const opened = (await page.evaluate(() => window.__opened)).sort();
    assert.deepEqual(opened, [
      '.dockerignore',
      '.github/workflows/image.yml',
      'Dockerfile',
      'compose.yaml',
      'package.json',
      'reports/trivy.json',
      'services/worker/Dockerfile',
      'src/config.yaml',
    ]);
    // Kept: what the core checks.
    assert.deepEqual(await listed('folder-read'), [
      '.dockerignore',
      '.github/workflows/image.yml',
      'Dockerfile',
      'compose.yaml',
      'services/worker/Dockerfile',
    ]);
    const kinds = await page.locator('[data-testid=folder-read]').evaluateAll((rows) => rows.map((row) => row.dataset.kind));
    assert.deepEqual(kinds, ['dockerignore', 'workflow', 'dockerfile', 'compose', 'dockerfile']);
    // Names only: .env, package.json, src/server.js, src/config.yaml, the
    // large report and the video.
    assert.equal(await notice().getAttribute('data-names-only'), '6');
    assert.match(await page.locator('[data-testid=folder-names]').textContent(), /^6 other files: names only/);
    assert.deepEqual(await listed('folder-skipped'), ['node_modules', '.git']);
    assert.equal(await page.locator('[data-testid=folder-skipped][data-files]').count(), 0, 'a dropped folder is not listed inside');
    assert.deepEqual(await listed('folder-too-large'), ['reports/trivy.json']);
    assert.match(await notice().textContent(), /Read 5 files of shop\. In the editor: Dockerfile\. They stay in this browser; nothing was uploaded\./);

    // The root Dockerfile is in the editor, the other one is a tab.
    assert.equal(await page.locator('[data-testid=editor]').inputValue(), DOCKERFILE);
    assert.deepEqual(await tabs(), [
      'Dockerfile',
      '.dockerignore',
      '.github/workflows/image.yml',
      'compose.yaml',
      'services/worker/Dockerfile',
    ]);
    assert.equal(await tab('services/worker/Dockerfile').getAttribute('data-kind'), 'dockerfile');

    // Checked as a project: the .env the .dockerignore forgets is reported,
    // and the build-context item says the .dockerignore and the listing of
    // the context (`./`: the names read) decided it.
    await page.waitForFunction(() => document.querySelector('[data-item=dockerignore]')?.dataset.decidedBy === 'Dockerfile .dockerignore ./');
    assert.equal(await item('dockerignore').getAttribute('data-status'), 'fail');
    assert.equal(
      await item('dockerignore').locator('[data-testid=decided-by]').textContent(),
      'Decided by: Dockerfile, .dockerignore, the file names in ./ (the build context)',
    );
    // In the findings list (the second view beside the editor).
    const secret = page.locator('[data-testid=finding][data-rule=PL420]');
    await secret.first().waitFor({ state: 'attached' });
    assert.match(await secret.first().textContent(), /\.env/);
    assert.doesNotMatch(await secret.first().textContent(), /node_modules/);
    assert.match(await item('read-only-root-filesystem').getAttribute('data-decided-by'), /compose\.yaml/);
    assert.match(await item('scan-in-ci').getAttribute('data-decided-by'), /image\.yml/);
    assert.equal(await page.getAttribute('[data-testid=timing]', 'data-checked-in'), 'worker');
    await page.screenshot({ path: join(artifacts, 'folder-dropped.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(artifacts, 'folder-dropped-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Fixing the .dockerignore in its tab clears the finding.
    await tab('.dockerignore').click();
    await drawn(() => page.locator('[data-testid=editor]').fill('node_modules\n.git\n.env\n'));
    await tab('Dockerfile').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=finding][data-rule=PL420]'));
    assert.notEqual(await item('dockerignore').getAttribute('data-status'), 'fail');
    assert.deepEqual(browser.problems, []);
  });

  it('reads a folder chosen with the folder input, counting what the browser listed in skipped folders', LIMIT, async () => {
    const root = mkdtempSync(join(tmpdir(), 'plimsoll-folder-'));
    const folder = join(root, 'api');
    const files = {
      'api.Dockerfile': 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app\nUSER 65532\nCMD ["/app"]\n',
      '.dockerignore': '.git\n.env\n',
      '.env': 'DB_PASSWORD=not-for-the-page\n',
      'main.go': 'package main\n',
      'deploy/k8s.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.0\n',
      'vendor/github.com/a/a.go': 'package a\n',
      'vendor/github.com/b/b.go': 'package b\n',
      'vendor/modules.txt': '# a\n',
    };
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(folder, path)), { recursive: true });
        writeFileSync(join(folder, path), text);
      }
      await drawn(() => page.setInputFiles('[data-testid=folder-input]', folder));
      await page.waitForFunction(() => document.querySelector('[data-testid=folder-notice]')?.textContent.includes('of api.'));
      assert.deepEqual(await listed('folder-read'), ['.dockerignore', 'api.Dockerfile', 'deploy/k8s.yaml']);
      assert.equal(await notice().getAttribute('data-names-only'), '2');
      assert.deepEqual(await listed('folder-skipped'), ['vendor']);
      assert.equal(await page.getAttribute('[data-testid=folder-skipped][data-path=vendor]', 'data-files'), '3');
      assert.deepEqual(await tabs(), ['api.Dockerfile', '.dockerignore', 'deploy/k8s.yaml']);
      assert.equal((await page.textContent('[data-testid=editor-label]')).trim(), 'api.Dockerfile');
      // The .env is ignored here: no secret of the context is reported.
      await page.waitForFunction(() => document.querySelector('[data-item=dockerignore]')?.dataset.decidedBy === 'api.Dockerfile .dockerignore ./');
      assert.equal(await page.locator('[data-testid=finding][data-rule=PL420]').count(), 0);
      assert.match(await item('read-only-root-filesystem').getAttribute('data-decided-by'), /deploy\/k8s\.yaml/);
      // The earlier draft is kept aside, as for an opened file.
      await page.locator('[data-testid=restore-draft]').waitFor();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('takes the image named like the dropped folder for the project\'s, and not the others of its Compose file', LIMIT, async () => {
    const tree = {
      'Dockerfile': DOCKERFILE,
      'compose.yaml': 'services:\n  app:\n    image: ghcr.io/acme/shop:1.0\n    read_only: true\n  search:\n    image: getmeili/meilisearch:v1.13\n',
    };
    const decidedBy = () => item('read-only-root-filesystem').getAttribute('data-decided-by');
    await drawn(() => dropTree(page, 'shop', tree));
    await page.waitForFunction(() => /compose\.yaml/.test(document.querySelector('[data-item=read-only-root-filesystem]')?.dataset.decidedBy));
    assert.equal(await item('read-only-root-filesystem').getAttribute('data-status'), 'pass', 'the search service is not this image');
    // Under another name, neither image is known to be the project's.
    await drawn(() => dropTree(page, 'copy', tree));
    await page.waitForFunction(() => document.querySelector('[data-testid=folder-notice]')?.textContent.includes('of copy.'));
    await page.waitForFunction(() => !/compose\.yaml/.test(document.querySelector('[data-item=read-only-root-filesystem]')?.dataset.decidedBy));
    assert.doesNotMatch(await decidedBy(), /compose\.yaml/);
  });

  it('stays responsive reading a folder of 50,000 file names (drop to checklist)', LIMIT, async () => {
    const tree = {
      'Dockerfile': DOCKERFILE,
      '.dockerignore': 'node_modules\n',
      '.env': 'TOKEN=x\n',
      src: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`module-${i}`, { many: 1000 }])),
      node_modules: { many: 5000 },
    };
    // The longest task on the page while the folder is read and checked.
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const task of list.getEntries()) window.__longest = Math.max(window.__longest, task.duration);
      }).observe({ type: 'longtask' });
    });
    await drawn(() => dropTree(page, 'monorepo', tree));
    await page.waitForFunction(() => document.querySelector('[data-testid=folder-notice]')?.dataset.namesOnly === '50001');
    await page.waitForFunction(() => document.querySelector('[data-item=dockerignore]')?.dataset.status === 'fail');
    const { total, longest } = await page.evaluate(() => ({ total: performance.now() - window.__dropped, longest: window.__longest }));
    const walked = await page.evaluate(() => window.__opened.length);
    console.log(`drop to checklist for a 50,000-name tree (+5,000 in node_modules, not walked): ${total.toFixed(0)} ms; longest task on the page meanwhile ${longest.toFixed(0)} ms; files opened: ${walked}`);
    assert.equal(walked, 2, 'only the Dockerfile and the .dockerignore are opened');
    assert.match(await page.locator('[data-testid=finding][data-rule=PL420]').first().textContent(), /\.env/);
    const checkMs = await page.getAttribute('[data-testid=timing]', 'data-check-ms');
    console.log(`one project check with the 50,001 names, in the project worker: ${checkMs} ms`);
    // The names would pass the storage limit: the files are kept without them, and the page says so.
    assert.match(await page.locator('[data-testid=not-saved]').textContent(), /but not the folder's other 5\d{4} names \(the build context\)/);
    await page.screenshot({ path: join(artifacts, 'folder-50000.png') });
  });

  it('says on the privacy page what a folder gives the page and what it does not', LIMIT, async () => {
    await page.goto(`${server.origin}/?privacy`);
    const text = await page.locator('[data-testid=privacy-page]').textContent();
    assert.match(text, /names of the other files/);
    assert.match(text, /nothing is sent anywhere/);
    assert.deepEqual(browser.problems, []);
    const foreign = requests.filter((url) => !url.startsWith(server.origin));
    assert.deepEqual(foreign, []);
  });
});

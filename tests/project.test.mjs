// Project mode (issue 16): files beside the Dockerfile as tabs, checked with
// it in the worker, deciding its checklist; each tab with its own findings.
// The release build in dist/, headless Chromium.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LIMIT, artifacts, assertBuilt, drawn as redrawn, launch, openPlayground, startServer } from './embed-harness.mjs';

/** A link made by the page before projects (0.1.0): a Dockerfile alone, strict, one trusted registry. */
const V1_LINK =
  'v1.TY67DoJAEEV_ZXJrXLDdXisfCYRKLAiMQrLskp3BaJB_d0vbm3tOzgqFxbG8nsmHnq1rlUUbX9YX6pboaPeQ6kSD6iw2z_ndTrNj04UpH71o65yRgb4kQ-Pr6lBSDCHhyBBgV2hcRLmHvSHycxSNH_PnwD1D2sYuRaQrbxleKacwe1Ng-wE';
const V1_TEXT = 'FROM node:latest\nRUN curl -fsSL https://example.com/install.sh | sh\nUSER root\n';

const nodeModules = process.env.PLIMSOLL_NODE_MODULES ?? join(import.meta.dirname ?? '.', '../.tools/node/node_modules');
const AXE = readFileSync(join(nodeModules, 'axe-core/axe.min.js'), 'utf8');

const DOCKERFILE = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n';

describe('project files (release build in dist/)', () => {
  let server;
  let browser;
  let page;
  let requests;

  const editor = () => page.locator('[data-testid=editor]');
  const tab = (path) => page.locator(`[data-testid=file-tab][data-path="${path}"]`);
  const item = (id) => page.locator(`[data-testid=checklist-item][data-item="${id}"]`);
  const shot = (name) => page.screenshot({ path: join(artifacts, `project-${name}.png`) });
  const drawn = (action) => redrawn(page, action);

  before(async () => {
    ({ server, browser, page, requests } = await openPlayground({ timeout: 20_000 }));
    await drawn(() => editor().fill(DOCKERFILE));
    await page.locator('[data-testid=checklist-item]').first().waitFor();
  }, LIMIT);

  after(async () => {
    await browser?.close();
    server?.close();
  }, LIMIT);

  it('adds a file of each kind with its starter, and the files decide the checklist', LIMIT, async () => {
    assert.equal(await tab('Dockerfile').getAttribute('data-kind'), 'dockerfile');
    assert.equal(await item('dockerignore').getAttribute('data-decided-by'), '');
    assert.equal(await item('scan-in-ci').getAttribute('data-status'), 'manual');
    const kinds = {
      dockerignore: '.dockerignore',
      compose: 'compose.yaml',
      kubernetes: 'deployment.yaml',
      workflow: '.github/workflows/image.yml',
      'scan-report': 'trivy-report.json',
    };
    for (const [kind, path] of Object.entries(kinds)) {
      await page.selectOption('[data-testid=add-file]', kind);
      await tab(path).waitFor();
      assert.equal(await tab(path).getAttribute('data-kind'), kind);
      assert.equal(await tab(path).getAttribute('aria-pressed'), 'true');
      const text = await editor().inputValue();
      if (kind === 'scan-report') {
        assert.equal(text, '');
        assert.match(await editor().getAttribute('placeholder'), /trivy image --format json/);
      } else {
        assert.match(text, /^# /, `${kind} starts with a comment`);
      }
    }
    const paths = await page.locator('[data-testid=file-tab]').evaluateAll((tabs) => tabs.map((t) => t.dataset.path));
    assert.deepEqual(paths, ['Dockerfile', ...Object.values(kinds)]);
    // A second .dockerignore is the first one again.
    await page.selectOption('[data-testid=add-file]', 'dockerignore');
    assert.equal(await tab('.dockerignore').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('[data-testid=file-tab]').count(), 6);
    await page.waitForFunction(() =>
      document.querySelector('[data-item=dockerignore]')?.dataset.decidedBy === 'Dockerfile .dockerignore');
    assert.notEqual(await item('dockerignore').getAttribute('data-status'), 'manual');
    const readOnly = item('read-only-root-filesystem');
    assert.match(await readOnly.getAttribute('data-decided-by'), /compose\.yaml/);
    assert.match(await readOnly.getAttribute('data-decided-by'), /deployment\.yaml/);
    assert.notEqual(await readOnly.getAttribute('data-status'), 'manual');
    assert.match(await item('scan-in-ci').getAttribute('data-decided-by'), /\.github\/workflows\/image\.yml/);
    await shot('files');
    assert.deepEqual(browser.problems, []);
  });

  it('shows each file with its own findings, and a checklist finding opens its file at its line', LIMIT, async () => {
    await tab('compose.yaml').click();
    assert.equal(await page.getAttribute('[data-testid=editor-label]', 'for'), 'editor');
    assert.equal(await page.locator('[data-testid=editor-label]').textContent(), 'compose.yaml');
    // The checklist is beside the editor at first; the findings are the second view.
    assert.equal(await page.getAttribute('[data-testid=side-checklist]', 'aria-pressed'), 'true');
    await page.click('[data-testid=side-findings]');
    const findings = page.locator('[data-testid=finding]');
    await findings.first().waitFor();
    const paths = new Set(await findings.evaluateAll((rows) => rows.map((row) => row.dataset.path)));
    assert.deepEqual([...paths], ['compose.yaml']);
    assert.ok((await page.locator('.gutter-mark').count()) > 0, 'the compose file has gutter marks');
    assert.equal(await page.locator('.highlights').textContent(), `${await editor().inputValue()}\n`);
    // Back to the Dockerfile: its own text, findings and underlines.
    await tab('Dockerfile').click();
    assert.equal(await editor().inputValue(), DOCKERFILE);
    const dockerfilePaths = await findings.evaluateAll((rows) => rows.map((row) => row.dataset.path));
    assert.ok(dockerfilePaths.every((path) => path === 'Dockerfile'), dockerfilePaths.join());
    // The read-only item lists the compose file's finding; it opens compose.yaml.
    await page.click('[data-testid=side-checklist]');
    const readOnly = item('read-only-root-filesystem');
    await readOnly.locator('summary').click();
    const elsewhere = readOnly.locator('.item-findings button[data-path="compose.yaml"]').first();
    const label = await elsewhere.textContent();
    const line = Number(label.match(/^compose\.yaml:(\d+):/)[1]);
    await elsewhere.click();
    assert.equal(await tab('compose.yaml').getAttribute('aria-pressed'), 'true');
    const selected = await page.evaluate(() => {
      const area = document.querySelector('[data-testid=editor]');
      return area.value.slice(0, area.selectionStart).split('\n').length;
    });
    assert.equal(selected, line);
    await shot('compose-tab');
  });

  it('keeps up with typing in a 300-line Dockerfile with five files beside it (keystroke to updated checklist)', LIMIT, async () => {
    await tab('Dockerfile').click();
    const long = `${DOCKERFILE}${'RUN echo "step of a long build" && true\n'.repeat(295)}`;
    await drawn(() => editor().fill(long));
    await editor().focus();
    await page.keyboard.press('Control+End');
    const totals = [];
    for (let i = 0; i < 7; i += 1) {
      const started = performance.now();
      await drawn(() => page.keyboard.type('#'));
      totals.push(performance.now() - started);
    }
    totals.sort((a, b) => a - b);
    console.log(`keystroke to updated checklist (300 lines, ${await page.locator('[data-testid=file-tab]').count() - 1} companions, 7 keystrokes): median ${totals[3].toFixed(1)} ms, best ${totals[0].toFixed(1)} ms`);
    assert.equal(await page.getAttribute('[data-testid=timing]', 'data-checked-in'), 'worker');
    await drawn(() => editor().fill(DOCKERFILE));
  });

  it('renames and removes a file, refusing names outside the project', LIMIT, async () => {
    await tab('deployment.yaml').click();
    await page.click('[data-testid=rename-file]');
    for (const bad of ['/etc/app.yaml', '../app.yaml', '.github/workflows/image.yml']) {
      await page.fill('[data-testid=file-name]', bad);
      await page.click('[data-testid=rename-confirm]');
      await page.locator('[data-testid=name-error]').waitFor({ state: 'visible' });
    }
    await page.fill('[data-testid=file-name]', 'k8s/app.yaml');
    await drawn(() => page.click('[data-testid=rename-confirm]'));
    assert.equal(await tab('k8s/app.yaml').getAttribute('data-kind'), 'kubernetes');
    assert.equal(await tab('deployment.yaml').count(), 0);
    assert.match(await item('read-only-root-filesystem').getAttribute('data-decided-by'), /k8s\/app\.yaml/);
    await drawn(() => page.click('[data-testid=remove-file]'));
    assert.equal(await tab('k8s/app.yaml').count(), 0);
    assert.equal(await tab('Dockerfile').getAttribute('aria-pressed'), 'true');
    assert.doesNotMatch(await item('read-only-root-filesystem').getAttribute('data-decided-by'), /k8s/);
  });

  it('offers the file that would decide an item left to a person', LIMIT, async () => {
    for (const path of ['.github/workflows/image.yml', 'trivy-report.json', 'compose.yaml', '.dockerignore']) {
      await tab(path).click();
      await drawn(() => page.click('[data-testid=remove-file]'));
    }
    assert.equal(await page.locator('[data-testid=file-tab]').count(), 1);
    const scan = item('scan-in-ci');
    assert.equal(await scan.getAttribute('data-status'), 'manual');
    await scan.locator('summary').click();
    await drawn(() => scan.locator('[data-testid=add-deciding-file][data-kind=workflow]').click());
    assert.equal(await tab('.github/workflows/image.yml').getAttribute('aria-pressed'), 'true');
    assert.match(await scan.getAttribute('data-decided-by'), /image\.yml/);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('decided-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('opens the example projects with their files, and their build context decides .dockerignore', LIMIT, async () => {
    const open = async (id) => {
      await page.click('[data-testid=examples]');
      await drawn(() => page.click(`[data-testid=example][data-example="${id}"]`));
    };
    await open('node-compose');
    const paths = await page.locator('[data-testid=file-tab]').evaluateAll((tabs) => tabs.map((t) => t.dataset.path));
    assert.deepEqual(paths, ['Dockerfile', '.dockerignore', 'compose.yaml']);
    assert.match(await item('runs-as-non-root').getAttribute('data-decided-by'), /compose\.yaml/);
    await shot('example-node-compose');

    // The Python project's .dockerignore forgets the .env of its context.
    await open('python-dockerignore');
    assert.equal(await tab('compose.yaml').count(), 0);
    await tab('Dockerfile').click();
    await page.click('[data-testid=side-findings]');
    const finding = page.locator('[data-testid=finding][data-rule=PL420]');
    await finding.waitFor();
    assert.match(await finding.textContent(), /\.env/);
    await page.click('[data-testid=side-checklist]');
    assert.equal(await item('dockerignore').getAttribute('data-status'), 'fail');

    // The CI example: the workflow and the Trivy report decide the scan items.
    await open('ci-trivy');
    assert.equal(await item('critical-high-fixed').getAttribute('data-status'), 'fail');
    assert.match(await item('scan-in-ci').getAttribute('data-decided-by'), /image\.yml/);
    await shot('example-ci-trivy');

    // The files beside the Dockerfile are still there after a reload, and
    // decide the checklist again.
    await page.reload();
    await tab('trivy-results.json').waitFor();
    const reloaded = await page.locator('[data-testid=file-tab]').evaluateAll((tabs) => tabs.map((t) => t.dataset.path));
    assert.deepEqual(reloaded, ['Dockerfile', '.github/workflows/image.yml', 'trivy-results.json']);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=checklist-item][data-item=critical-high-fixed]')?.dataset.status === 'fail',
    );
    assert.deepEqual(browser.problems, []);
    const foreign = requests.filter((url) => !url.startsWith(server.origin));
    assert.deepEqual(foreign, []);
  });

  it("lists the Trivy report's vulnerable packages, filtered, each opening its Dockerfile line", LIMIT, async () => {
    // The CI example's files are still open (previous test). The item
    // the report decided opens the table.
    await tab('Dockerfile').click();
    const decided = item('critical-high-fixed');
    await decided.locator('summary').click();
    await decided.locator('[data-testid=open-vulnerabilities]').click();
    assert.equal(await page.getAttribute('[data-testid=side-vulnerabilities]', 'aria-pressed'), 'true');
    const rows = page.locator('[data-testid=vulnerability-row]');
    await rows.first().waitFor();
    const severities = () => rows.evaluateAll((all) => all.map((row) => row.dataset.severity));
    const packages = () => rows.evaluateAll((all) => all.map((row) => row.querySelector('.package').textContent));
    // Upgrade first: most severe, with a fix, most vulnerabilities.
    assert.deepEqual(await packages(), ['libssl3', 'libcrypto3', 'braces', 'express']);
    assert.deepEqual(await severities(), ['critical', 'high', 'high', 'medium']);
    assert.match(await rows.first().textContent(), /3\.1\.4-r5.*3\.1\.6-r0.*CVE-2024-5535 CVE-2024-6119/);
    await shot('vulnerabilities');

    // One severity.
    await page.click('[data-testid=vulnerability-severity][data-severity=high]');
    assert.deepEqual(await severities(), ['high', 'high']);
    await page.click('[data-testid=vulnerability-severity][data-severity=all]');
    assert.equal(await rows.count(), 4);

    // Fixable only: express loses its fixed version in the report.
    await tab('trivy-results.json').click();
    const report = await editor().inputValue();
    await drawn(() => editor().fill(report.replace('"FixedVersion": "4.19.2", ', '')));
    await tab('Dockerfile').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=vulnerability-row][data-fixable=false] .package')?.textContent === 'express');
    await page.check('[data-testid=fixable-only]');
    assert.deepEqual(await packages(), ['libssl3', 'libcrypto3', 'braces']);
    await page.selectOption('[data-testid=vulnerability-order]', 'package');
    assert.deepEqual(await packages(), ['braces', 'libcrypto3', 'libssl3']);
    await page.uncheck('[data-testid=fixable-only]');
    await page.selectOption('[data-testid=vulnerability-order]', 'severity');

    // A row's line opens the Dockerfile there: braces came with `npm ci`.
    await tab('.github/workflows/image.yml').click();
    const braces = rows.filter({ hasText: 'braces' }).locator('[data-testid=vulnerability-line]');
    const line = Number(await braces.getAttribute('data-line'));
    await braces.click();
    assert.equal(await tab('Dockerfile').getAttribute('aria-pressed'), 'true');
    const selected = await page.evaluate(() => {
      const area = document.querySelector('[data-testid=editor]');
      const before = area.value.slice(0, area.selectionStart);
      return [before.split('\n').length, area.value.slice(area.selectionStart, area.selectionEnd)];
    });
    assert.equal(selected[0], line);
    assert.match(selected[1], /npm ci/);

    // axe in both themes, on the table and on an opened checklist item.
    for (const theme of ['light', 'dark']) {
      await page.selectOption('[data-testid=theme]', theme);
      for (const side of ['vulnerabilities', 'checklist']) {
        await page.click(`[data-testid=side-${side}]`);
        if (side === 'checklist') {
          const opened = item('critical-high-fixed');
          if (!(await opened.locator('details').evaluate((d) => d.open))) await opened.locator('summary').click();
        }
        await page.evaluate(AXE);
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        const serious = result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        console.log(`axe (${side}, ${theme}): ${result.violations.length} violations, ${serious.length} serious or critical`);
        await shot(`${side}-${theme}`);
        assert.deepEqual(serious, [], `${side}, ${theme} theme`);
      }
    }
    await page.selectOption('[data-testid=theme]', 'system');

    // On a phone the table is a tab of its own, and nothing is wider than the window.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('[data-testid=tab-vulnerabilities]');
    await rows.first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling at 390 px (${overflow}px)`);
    await shot('vulnerabilities-390');
    await page.click('[data-testid=tab-checklist]');
    await shot('checklist-390');
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.click('[data-testid=side-checklist]');
    assert.deepEqual(browser.problems, []);
  });

  it('applies a fix from a checklist item, in the file the finding is in', LIMIT, async () => {
    await drawn(async () => {
      await tab('Dockerfile').click();
      await editor().fill('FROM node:latest\nRUN apt-get update && apt-get install curl\nUSER node\n');
    });
    const apply = page.locator('[data-testid=checklist-item]:has([data-testid=item-apply-fix])').first();
    await apply.waitFor({ state: 'attached' });
    if (!(await apply.locator('details').evaluate((d) => d.open))) await apply.locator('summary').click();
    const row = apply.locator('[data-testid=item-finding]:has([data-testid=item-apply-fix])').first();
    const [path, line] = [await row.getAttribute('data-path'), await row.getAttribute('data-line')];
    const before = await editor().inputValue();
    await drawn(() => row.locator('[data-testid=item-apply-fix]').click());
    assert.equal(await page.getAttribute(`[data-testid=file-tab][data-path="${path}"]`, 'aria-pressed'), 'true');
    assert.notEqual(await editor().inputValue(), before);
    const still = await apply.locator(`[data-testid=item-finding][data-path="${path}"][data-line="${line}"]`).count();
    console.log(`applied from the checklist: ${path}:${line}; the finding is ${still ? 'still listed' : 'gone'}`);
    await shot('item-applied');
  });

  it('writes "Ignore here" in a Compose file above the finding, and the next check honours it', LIMIT, async () => {
    // A Compose file of its own (the examples opened earlier replaced the files).
    await page.selectOption('[data-testid=add-file]', 'compose');
    const path = await page.getAttribute('[data-testid=file-tab][data-kind=compose][aria-pressed=true]', 'data-path');
    await page.click('[data-testid=side-findings]');
    const rows = page.locator(`[data-testid=finding][data-path="${path}"]`);
    await rows.first().waitFor();
    const row = rows.first();
    const rule = await row.getAttribute('data-rule');
    const ofRule = `[data-testid=finding][data-path="${path}"][data-rule="${rule}"]`;
    const count = await page.locator(ofRule).count();
    const before = await editor().inputValue();
    await row.locator('[data-testid=ignore]').click();
    await row.locator('[data-testid=ignore-reason]').fill('lab machine');
    await row.locator('[data-testid=ignore-confirm]').click();
    await page.waitForFunction((old) => document.querySelector('[data-testid=editor]').value !== old, before);
    const text = await editor().inputValue();
    // One line more: the comment, indented as the line under it.
    assert.equal(text.split('\n').length, before.split('\n').length + 1);
    assert.match(text, new RegExp(`(^|\\n)( *)# plimsoll ignore=${rule} -- lab machine\\n\\2\\S`));
    await page.waitForFunction(([selector, was]) => document.querySelectorAll(selector).length < was, [ofRule, count]);
    await page.click('[data-testid=side-checklist]');
    assert.deepEqual(browser.problems, []);
  });
});

describe('a browser where the project worker does not start (release build in dist/)', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    // The worker's script fails as it loads, as where a host does not serve it.
    const failing = { type: 'text/javascript; charset=utf-8', body: "throw new Error('no project worker here');" };
    ({ server, browser, page } = await openPlayground({ timeout: 20_000, extra: { '/project-worker.js': failing } }));
  }, LIMIT);

  after(async () => {
    await browser?.close();
    server?.close();
  }, LIMIT);

  it('says the files beside the Dockerfile are not checked, and checks the Dockerfile alone', LIMIT, async () => {
    const editor = page.locator('[data-testid=editor]');
    await redrawn(page, () => editor.fill(DOCKERFILE));
    await page.selectOption('[data-testid=add-file]', 'compose');
    const notice = page.locator('[data-testid=notice]');
    await notice.filter({ hasText: 'files beside the Dockerfile are not checked' }).waitFor();
    await page.click('[data-testid=file-tab][data-path="Dockerfile"]');
    assert.equal(await editor.inputValue(), DOCKERFILE);
    assert.equal(
      await page.getAttribute('[data-testid=checklist-item][data-item=runs-as-non-root]', 'data-status'),
      'pass',
    );
  });
});

/** The text of a Trivy report of `count` vulnerabilities with random ids: it barely compresses. */
function largeTrivyReport(count) {
  const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const vulnerabilities = Array.from({ length: count }, () => ({
    VulnerabilityID: `CVE-2024-${hex(5)}`,
    PkgName: `pkg-${hex(12)}`,
    InstalledVersion: `1.${hex(4)}`,
    FixedVersion: `2.${hex(4)}`,
    Severity: 'HIGH',
  }));
  return JSON.stringify({ SchemaVersion: 2, ArtifactName: 'app', ArtifactType: 'container_image', Results: [{ Target: 'app', Vulnerabilities: vulnerabilities }] });
}

describe('share links, storage and exports of a project (release build in dist/)', () => {
  let server;
  let browser;
  let page;

  const tab = (p, path) => p.locator(`[data-testid=file-tab][data-path="${path}"]`);
  const tabs = (p) => p.locator('[data-testid=file-tab]').evaluateAll((all) => all.map((t) => `${t.dataset.path} ${t.dataset.kind}`));
  const checklist = (p) =>
    p.locator('[data-testid=checklist-item]').evaluateAll((items) =>
      items.map((i) => `${i.dataset.item} ${i.dataset.status} [${i.dataset.decidedBy}]`));
  /** Runs `action` and waits until `p` has drawn a newer analysis. */
  async function drawn(p, action) {
    const old = await p.getAttribute('[data-testid=timing]', 'data-shown');
    await action();
    await p.waitForFunction((old) => document.querySelector('[data-testid=timing]').dataset.shown !== old, old, {
      timeout: 20_000,
    });
  }
  /** The report in `format` as the export menu downloads it. */
  async function exported(format, button = `[data-testid=export-${format}]`) {
    if (button.startsWith('[data-testid=export-')) await page.click('[data-testid=export]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return { name: download.suggestedFilename(), body: readFileSync(await download.path(), 'utf8') };
  }
  async function openExample(id) {
    await page.click('[data-testid=examples]');
    await drawn(page, () => page.click(`[data-testid=example][data-example="${id}"]`));
    await page.waitForFunction(() =>
      document.querySelector('[data-item=runs-as-non-root]')?.dataset.decidedBy.includes('compose.yaml'));
  }

  before(async () => {
    assertBuilt('index.html');
    mkdirSync(artifacts, { recursive: true });
    server = await startServer();
    browser = await launch({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1400, height: 900 } });
    page = browser.page;
    page.setDefaultTimeout(20_000);
    await page.goto(server.origin);
    await page.locator('[data-testid=editor]').waitFor();
  }, LIMIT);

  after(async () => {
    await browser?.close();
    server?.close();
  }, LIMIT);

  it('exports the findings of every file in Markdown, JSON and SARIF', LIMIT, async () => {
    await openExample('node-compose');
    const json = await exported('json');
    assert.equal(json.name, 'Dockerfile.plimsoll.json');
    const files = JSON.parse(json.body).files;
    assert.deepEqual(files.map((f) => `${f.path} ${f.kind}`), ['Dockerfile dockerfile', '.dockerignore dockerignore', 'compose.yaml compose']);
    const composeRules = files[2].findings.map((f) => f.rule);
    assert.ok(composeRules.length > 0, 'the compose file has findings');
    assert.ok(files[0].findings.length > 0 && files[0].checklist, 'the Dockerfile has its findings and checklist');

    const sarif = JSON.parse((await exported('sarif')).body);
    assert.equal(sarif.version, '2.1.0');
    const uris = sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('compose.yaml'), uris.join());
    assert.ok(uris.includes('Dockerfile'), uris.join());
    const composeResults = sarif.runs[0].results.filter((r) => uris[sarif.runs[0].results.indexOf(r)] === 'compose.yaml');
    assert.deepEqual(composeResults.map((r) => r.ruleId).sort(), [...composeRules].sort());
    // The worker fetched the rule docs for the help text, and links the rule pages here.
    const rule = sarif.runs[0].tool.driver.rules.find((r) => r.id === composeRules[0]);
    assert.match(rule.help.markdown, /^## What it checks/);
    assert.equal(rule.helpUri, `${server.origin}/?rule=${rule.id}`);

    const markdown = (await exported('md')).body;
    assert.match(markdown, /compose\.yaml/);
    for (const code of composeRules) assert.ok(markdown.includes(code), `${code} in the Markdown`);
    // Copy as Markdown: the clipboard is asked during the click, and gets the worker's text.
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.click('[data-testid=export]');
    await page.click('[data-testid=copy-markdown]');
    await page.locator('[data-testid=notice][data-kind=info]').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown);
    assert.deepEqual(browser.problems, []);
  });

  it('makes a link that brings back every file, the Dockerfile\'s name and the checklist, also after a reload', LIMIT, async () => {
    const text = await page.locator('[data-testid=editor]').inputValue();
    await drawn(page, () =>
      page.setInputFiles('[data-testid=open-file]', { name: 'api.Dockerfile', mimeType: 'text/plain', buffer: Buffer.from(text) }));
    await tab(page, 'compose.yaml').click();
    await page.locator('[data-testid=editor]').press('Control+End');
    await drawn(page, () => page.keyboard.type('# typed before sharing\n'));
    const compose = await page.locator('[data-testid=editor]').inputValue();
    await page.click('[data-testid=share]');
    const url = await page.locator('.share-url').inputValue();
    assert.ok(url.startsWith(`${server.origin}/#v2.`), url);
    assert.equal(page.url(), url);
    await tab(page, 'api.Dockerfile').click();
    const expected = { tabs: await tabs(page), checklist: await checklist(page) };
    assert.deepEqual(expected.tabs, ['api.Dockerfile dockerfile', '.dockerignore dockerignore', 'compose.yaml compose']);

    // Another browser, nothing stored: the link alone.
    const other = await launch({ viewport: { width: 1400, height: 900 } });
    try {
      const opened = other.page;
      await opened.goto(url);
      await tab(opened, 'compose.yaml').waitFor();
      const same = (expected) =>
        opened.waitForFunction((expected) => {
          const items = [...document.querySelectorAll('[data-testid=checklist-item]')];
          return items.map((i) => `${i.dataset.item} ${i.dataset.status} [${i.dataset.decidedBy}]`).join('\n') === expected;
        }, expected.join('\n'));
      await same(expected.checklist);
      assert.deepEqual(await tabs(opened), expected.tabs);
      assert.equal(await opened.locator('[data-testid=editor]').inputValue(), text);
      assert.deepEqual(await checklist(opened), expected.checklist);
      await tab(opened, 'compose.yaml').click();
      assert.equal(await opened.locator('[data-testid=editor]').inputValue(), compose);
      await opened.screenshot({ path: join(artifacts, 'project-share-opened.png') });
      // Kept in local storage: the page without the link has it all again.
      await opened.goto(`${server.origin}/`);
      await tab(opened, 'compose.yaml').waitFor();
      assert.deepEqual(await tabs(opened), expected.tabs);
      await same(expected.checklist);
      assert.deepEqual(other.problems, []);
    } finally {
      await other.close();
    }
  });

  it('opens an old #v1. link as a Dockerfile alone, keeping the project it replaces aside', LIMIT, async () => {
    page = await browser.fresh();
    await page.goto(`${server.origin}/#${V1_LINK}`);
    await page.locator('[data-testid=restore-draft]').waitFor();
    assert.equal(await page.locator('[data-testid=editor]').inputValue(), V1_TEXT);
    assert.deepEqual(await tabs(page), ['Dockerfile dockerfile']);
    // Checked (the findings are the second view beside the editor).
    await page.locator('[data-testid=finding][data-rule]').first().waitFor({ state: 'attached' });
    await page.locator('.settings > summary').click();
    const trusted = page.locator('.settings label', { hasText: 'Trusted registries' }).locator('input');
    assert.equal(await trusted.inputValue(), 'registry.example.com');
    // The project the link replaced comes back whole.
    await drawn(page, () => page.click('[data-testid=restore-draft]'));
    await tab(page, 'compose.yaml').waitFor();
    assert.deepEqual(await tabs(page), ['Dockerfile dockerfile', '.dockerignore dockerignore', 'compose.yaml compose']);
    assert.deepEqual(browser.problems, []);
  });

  it('says a project too large for a link, and offers the JSON export instead', LIMIT, async () => {
    await page.selectOption('[data-testid=add-file]', 'scan-report');
    const report = largeTrivyReport(1500);
    await drawn(page, () => page.locator('[data-testid=editor]').fill(report));
    const before = page.url();
    await page.click('[data-testid=share]');
    const notice = page.locator('[data-testid=notice][data-kind=error]');
    await notice.waitFor();
    assert.match(await notice.textContent(), /too large for a link \(\d+ characters, up to 16000\)/);
    assert.equal(page.url(), before, 'no link in the address bar');
    await page.screenshot({ path: join(artifacts, 'project-share-too-large.png') });
    const json = await exported('json', '[data-testid=share-export-json]');
    const paths = JSON.parse(json.body).files.map((f) => f.path);
    assert.deepEqual(paths, ['Dockerfile', '.dockerignore', 'compose.yaml', 'trivy-report.json']);
    assert.deepEqual(browser.problems, []);
  });
});

// The playground as a dependable tool (issue 15, defects 8, 9, 12, 14 and the
// users' list): findings by severity, messages' inline code everywhere, no
// "No findings" next to an error, Japanese text and titles, focus after a
// fix or a closed form, the fixed Dockerfile, ignored findings, rule search,
// rule names in links, and the JS API's argument checks. The release build
// in dist/ (and dist/api/), headless Chromium.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LIMIT, apiTestPage, artifacts, assertBuilt, launch, startServer } from './embed-harness.mjs';

const MIXED = [
  'FROM node:latest',
  'ENV API_TOKEN=abc123def456ghi',
  'RUN curl -fsSL https://example.com/install.sh | sh',
  'RUN apt-get update && apt-get install -y curl',
  '',
].join('\n');

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const CJK = '[\\u3040-\\u30ff\\u4e00-\\u9fff]';
const SPACED_CJK = new RegExp(`${CJK} ${CJK}`);

const API_SCRIPT = `
import init, { check, rules } from '/api/plimsoll.js';
await init();
const outcome = (call) => {
  try { call(); return 'ok'; } catch (error) { return error.constructor.name + ': ' + error.message; }
};
window.__outcomes = {
  number: outcome(() => check(123)),
  object: outcome(() => check({})),
  nothing: outcome(() => check(null)),
  badOptions: outcome(() => check('FROM a', 'x')),
  unknownSelect: outcome(() => check('FROM alpine:3.20', { select: ['PL9999'] })),
  unknownDisable: outcome(() => check('FROM alpine:3.20', { disable: ['no-such-rule'] })),
  byName: outcome(() => check('FROM alpine:3.20', { select: ['missing-user'] })),
  fine: outcome(() => check('FROM alpine:3.20')),
};
window.__summaries = rules('ja').map((rule) => rule.summary);
`;

describe('a dependable playground (release build in dist/)', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    assertBuilt('index.html', 'api/plimsoll.js');
    mkdirSync(artifacts, { recursive: true });
    server = await startServer({
      extra: apiTestPage('api-args-test', API_SCRIPT),
    });
    browser = await launch({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, side: 'findings' });
  }, LIMIT);

  after(async () => {
    await browser?.close();
    server?.close();
  }, LIMIT);

  /** A fresh page in `lang` showing `text` (through storage, as a returning visitor). */
  async function open(text, { lang = 'en', search = '' } = {}) {
    page = await browser.fresh();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.origin}/`);
    await page.evaluate(
      ([l, t]) => {
        localStorage.setItem('plimsoll.lang', l);
        localStorage.setItem('plimsoll.text', t);
      },
      [lang, text],
    );
    await page.goto(`${server.origin}/${search}`);
    return page;
  }

  const rows = () => page.locator('[data-testid=finding]');
  const severities = () => rows().evaluateAll((all) => all.map((row) => row.dataset.severity));

  it('folds info findings and a rule\'s repeats away until asked, and lists them on request', LIMIT, async () => {
    await open(`${MIXED}RUN mkdir /app\nRUN mkdir /data\nWORKDIR /app\nRUN mkdir /x\nRUN mkdir /y\n`);
    await rows().first().waitFor();
    const folded = page.locator('[data-testid=folded-info]');
    await folded.waitFor();
    const info = Number(await folded.getAttribute('data-count'));
    assert.ok(info > 0, 'the one-command RUNs after another are info findings');
    assert.ok(!(await severities()).includes('info'), 'info findings are folded away');
    const infoButton = page.locator('[data-testid=severity-count][data-severity=info]');
    assert.ok((await infoButton.textContent()).endsWith(` ${info}`), 'the severity bar still counts them');
    await page.click('[data-testid=show-info]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=finding]')].some((r) => r.dataset.severity === 'info'));
    assert.equal(await page.getAttribute('[data-testid=show-info]', 'aria-pressed'), 'true');
    // PL924 fires on both pairs of mkdir RUNs: one row, the other folded under it.
    const merge = page.locator('[data-testid=finding][data-rule=PL924]');
    assert.equal(await merge.count(), 1);
    const note = merge.first().locator('[data-testid=repeats]');
    assert.equal(await note.getAttribute('data-count'), '1');
    assert.match(await note.textContent(), /1 more in this file, at line \d+/);
    await note.locator('[data-testid=unfold]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=finding][data-rule=PL924]').length === 2);
    assert.equal(await page.locator('[data-testid=finding][data-rule=PL924].repeat').count(), 1, 'listed under the first');
    await page.screenshot({ path: join(artifacts, 'usability-folded.png') });
    await note.locator('[data-testid=unfold]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=finding][data-rule=PL924]').length === 1);
    await page.click('[data-testid=show-info]');
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=finding]')].some((r) => r.dataset.severity === 'info'));
  });

  it('counts findings per severity, lists the most severe first and one severity alone', LIMIT, async () => {
    await open(MIXED);
    await rows().first().waitFor();
    // Every finding listed: info shown, every rule's repeats unfolded.
    if (!(await page.locator('[data-testid=folded-info]').isHidden())) await page.click('[data-testid=show-info]');
    for (const unfold of await page.locator('[data-testid=repeats]:not([hidden]) [data-testid=unfold][aria-expanded=false]').all()) await unfold.click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=finding]').length === Number(document.querySelector('[data-testid=summary]').dataset.findings),
    );
    const byLine = await severities();
    assert.notEqual(byLine[0], 'critical', 'in line order the critical finding is not first (else the test proves nothing)');
    const counts = await page.locator('[data-testid=severity-count]').evaluateAll((all) =>
      all.map((button) => [button.dataset.severity, button.textContent]),
    );
    assert.equal(counts[0][0], 'all');
    for (const [severity, label] of counts.slice(1)) {
      const count = byLine.filter((s) => s === severity).length;
      assert.ok(count > 0 && label.endsWith(` ${count}`), `${severity}: ${label}`);
    }
    await page.selectOption('[data-testid=finding-order]', 'severity');
    await page.waitForFunction(() => document.querySelector('[data-testid=finding]').dataset.severity === 'critical');
    const sorted = await severities();
    const rank = (s) => SEVERITIES.indexOf(s);
    assert.ok(sorted.every((s, i) => i === 0 || rank(sorted[i - 1]) <= rank(s)), sorted.join(' '));
    await page.click('[data-testid=severity-count][data-severity=high]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=finding]')].every((r) => r.dataset.severity === 'high'));
    assert.equal((await severities()).length, byLine.filter((s) => s === 'high').length);
    assert.equal(await page.getAttribute('[data-testid=severity-count][data-severity=high]', 'aria-pressed'), 'true');
    await page.screenshot({ path: join(artifacts, 'usability-severity.png') });
    await page.click('[data-testid=severity-count][data-severity=all]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=finding]').length === n, byLine.length);
  });

  it('shows a message\'s `code` as code in the caret status, checklist items, rule index and tooltips', LIMIT, async () => {
    await open(MIXED);
    await rows().first().waitFor();
    const editor = page.locator('[data-testid=editor]');
    await editor.click();
    await editor.evaluate((area) => area.setSelectionRange(8, 8));
    await editor.press('ArrowRight');
    const caret = page.locator('[data-testid=at-caret]');
    await caret.locator('code').first().waitFor();
    assert.doesNotMatch(await caret.textContent(), /`/);
    await page.click('[data-testid=side-checklist]');
    const item = page.locator('[data-testid=checklist-item][data-status=fail]').first();
    await item.locator('summary').click();
    await item.locator('.item-findings code').first().waitFor();
    assert.doesNotMatch(await item.locator('.item-findings').textContent(), /`/);
    const titles = await page.locator('.gutter-mark').evaluateAll((marks) => marks.map((m) => m.title));
    assert.ok(titles.length > 0);
    for (const title of titles) assert.doesNotMatch(title, /`/);
    await page.goto(`${server.origin}/?rules`);
    await page.locator('[data-testid=rule-link]').first().waitFor();
    const raw = await page.locator('[data-testid=rule-link]').evaluateAll((links) =>
      links.map((l) => l.textContent).filter((text) => text.includes('`')),
    );
    assert.deepEqual(raw, []);
  });

  it('says nothing of findings next to a Dockerfile error, and shows no empty checklist group', LIMIT, async () => {
    await open('hello world\n');
    await page.locator('[data-testid=error]').first().waitFor();
    assert.equal(await page.locator('[data-testid=no-findings]').isVisible(), false);
    await page.click('[data-testid=side-checklist]');
    await page.locator('[data-testid=no-verdict]').waitFor();
    assert.equal(await page.locator('.checklist-group:visible').count(), 0);
    await page.screenshot({ path: join(artifacts, 'usability-error-only.png') });
  });

  it('gives the focus back after Apply fix and after Esc in the ignore form', LIMIT, async () => {
    await open(MIXED);
    const fixable = page.locator('[data-testid=finding]:has([data-testid=apply-fix])').first();
    await fixable.waitFor();
    await fixable.locator('[data-testid=apply-fix]').click();
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'editor');
    const ignore = rows().first().locator('[data-testid=ignore]');
    await ignore.click();
    await rows().first().locator('[data-testid=ignore-reason]').press('Escape');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'ignore');
  });

  it('copies and downloads the Dockerfile with every safe fix applied', LIMIT, async () => {
    await open(MIXED);
    await rows().first().waitFor();
    await page.click('[data-testid=export]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-fixed]')]);
    assert.equal(download.suggestedFilename(), 'Dockerfile');
    const fixed = readFileSync(await download.path(), 'utf8');
    assert.notEqual(fixed, MIXED);
    await page.click('[data-testid=apply-all]');
    await page.waitForFunction((t) => document.querySelector('[data-testid=editor]').value === t, fixed);
  });

  it('lists ignored findings with their reasons', LIMIT, async () => {
    await open(`# plimsoll ignore=PL201 -- pinned by the release job\n${MIXED}`);
    const ignored = page.locator('[data-testid=ignored-finding][data-rule=PL201]');
    await ignored.waitFor({ state: 'attached' });
    await page.locator('[data-testid=ignored] > summary').click();
    assert.match(await ignored.textContent(), /pinned by the release job/);
    assert.equal(await page.locator('[data-testid=finding][data-rule=PL201]').count(), 0);
  });

  it('searches the rule index and opens a rule by its name', LIMIT, async () => {
    await open('', { search: '?rules' });
    const links = page.locator('[data-testid=rule-link]');
    await links.first().waitFor();
    const all = await links.count();
    await page.fill('[data-testid=rule-search]', 'pl201');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=rule-link]').length === 1);
    assert.equal(await links.first().getAttribute('data-rule'), 'PL201');
    await page.fill('[data-testid=rule-search]', 'secret');
    await page.waitForFunction((n) => {
      const count = document.querySelectorAll('[data-testid=rule-link]').length;
      return count > 0 && count < n;
    }, all);
    await page.fill('[data-testid=rule-search]', 'zzzz-nothing');
    await page.locator('[data-testid=rule-search-none]').waitFor();
    await page.goto(`${server.origin}/?rule=missing-user`);
    await page.locator('[data-testid=rule-page][data-rule=PL101]').waitFor();
    assert.equal(await page.locator('.page p:visible', { hasText: 'There is no rule' }).count(), 0);
  });

  it('writes Japanese without spaces from wrapped lines, and translates titles and labels', LIMIT, async () => {
    await open(MIXED, { lang: 'ja', search: '?rule=PL201' });
    const prose = page.locator('[data-testid=rule-page] .prose');
    // The docs arrive after the page (fetched on first use).
    await prose.locator('h2').first().waitFor();
    const text = await prose.evaluate((element) =>
      [...element.querySelectorAll('p, li')].map((block) => block.textContent).join('\n'),
    );
    assert.doesNotMatch(text, SPACED_CJK, text.match(new RegExp(`.{0,12}${CJK} ${CJK}.{0,12}`))?.[0]);
    assert.match(await page.title(), /^PL201: .*[\u3040-\u30ff\u4e00-\u9fff]/);
    await page.goto(`${server.origin}/?rules`);
    await page.locator('[data-testid=rule-index]').waitFor();
    const rulesTitle = await page.title();
    await page.goto(`${server.origin}/`);
    await page.locator('[data-testid=version]').waitFor();
    const home = await page.title();
    assert.notEqual(rulesTitle, home);
    assert.match(home, /セキュリティ/);
    assert.equal(await page.getAttribute('.toolbar', 'aria-label'), 'ツールバー');
    assert.equal(await page.getAttribute('.tabs', 'aria-label'), 'パネル');
  });

  it('applies a setting as typed and shows an unknown target stage at the setting, not as a Dockerfile error', LIMIT, async () => {
    await open('FROM alpine:3.20 AS build\nRUN echo hi\nFROM alpine:3.20\nUSER 1000\n');
    await rows().first().waitFor();
    await page.locator('.settings > summary').click();
    const target = page.locator('[data-testid=setting-target]');
    await target.pressSequentially('biuld');
    const error = page.locator('[data-testid=target-error]');
    await error.waitFor();
    assert.match(await error.textContent(), /"biuld".*build/);
    assert.equal(await target.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[data-testid=error]').count(), 0, 'not a Dockerfile error');
    await target.fill('build');
    await error.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'setting-target', 'applied without leaving the field');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('plimsoll.options') ?? '{}').target === 'build');
    await page.screenshot({ path: join(artifacts, 'usability-target-setting.png') });
  });

  it('opens a file chosen or dropped, and names it in the exports', LIMIT, async () => {
    await open(MIXED);
    await rows().first().waitFor();
    const text = 'FROM python:latest\nUSER 1000\n';
    await page.setInputFiles('[data-testid=open-file]', { name: 'api.Dockerfile', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.waitForFunction((t) => document.querySelector('[data-testid=editor]').value === t, text);
    assert.equal((await page.textContent('[data-testid=editor-label]')).trim(), 'api.Dockerfile');
    await page.locator('[data-testid=restore-draft]').waitFor();
    await page.locator('[data-testid=finding][data-rule=PL201]').waitFor();
    await page.click('[data-testid=export]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
    assert.equal(download.suggestedFilename(), 'api.Dockerfile.plimsoll.json');
    const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(json.files[0].path, 'api.Dockerfile');

    const dropped = 'FROM ruby:latest\n';
    await page.evaluate((t) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([t], 'worker.Dockerfile', { type: 'text/plain' }));
      const frame = document.querySelector('.editor-frame');
      frame.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      frame.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, dropped);
    await page.waitForFunction((t) => document.querySelector('[data-testid=editor]').value === t, dropped);
    assert.equal((await page.textContent('[data-testid=editor-label]')).trim(), 'worker.Dockerfile');
  });

  it('links a page documenting the embed options and the JS API, in both languages', LIMIT, async () => {
    await open(MIXED);
    await page.click('[data-testid=export]');
    const link = page.locator('[data-testid=embedding-docs]');
    assert.equal(await link.getAttribute('href'), 'embedding.html');
    await page.goto(`${server.origin}/docs-example.html`);
    assert.equal(await page.locator('a[href="embedding.html"]').count(), 1);
    await page.goto(`${server.origin}/embedding.html`);
    for (const option of ['data-readonly', 'data-height', 'data-theme', 'data-lang', 'data-show', 'data-items', 'data-rules', 'data-open']) {
      assert.equal(await page.locator(`#widgets ~ table code`, { hasText: option }).count() > 0, true, option);
      assert.equal(await page.locator(`#ja table code`, { hasText: option }).count() > 0, true, `${option} (ja)`);
    }
    for (const name of ['check(text, options)', 'checkProject(files, options)', 'rules(lang)', 'explain(code, lang)', 'version()']) {
      assert.equal(await page.locator('#ja table code', { hasText: name }).count(), 1, name);
    }
    await page.screenshot({ path: join(artifacts, 'usability-embedding-docs.png'), fullPage: true });
  });

  it('the JS API throws a TypeError for a wrong argument and an Error for an unknown rule', LIMIT, async () => {
    page = await browser.fresh();
    await page.goto(`${server.origin}/api-args-test.html`);
    await page.waitForFunction(() => window.__outcomes);
    const outcomes = await page.evaluate(() => window.__outcomes);
    for (const name of ['number', 'object', 'nothing', 'badOptions']) {
      assert.match(outcomes[name], /^TypeError: check\(text, options\): /, name);
    }
    assert.match(outcomes.unknownSelect, /^Error: .*unknown rule "PL9999" in select/);
    assert.match(outcomes.unknownDisable, /^Error: .*unknown rule "no-such-rule" in disable/);
    assert.equal(outcomes.byName, 'ok');
    assert.equal(outcomes.fine, 'ok');
    const summaries = await page.evaluate(() => window.__summaries);
    for (const summary of summaries) {
      assert.doesNotMatch(summary, /\n/);
      assert.doesNotMatch(summary, SPACED_CJK, summary);
    }
  });

  it('logged no console error or page error', () => {
    assert.deepEqual(browser.problems, []);
  });
});

// The JavaScript API (dist/api/plimsoll.js, built by `cargo xtask test` after
// the Trunk build): a page on 127.0.0.1 imports the ES module and calls it.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { LIMIT, apiTestPage, assertBuilt, kib, launch, scoreOf, startServer } from './embed-harness.mjs';

// What a site would write: import, init, check.
const SCRIPT = `
import init, { check, checkProject, rules, explain, version } from '/api/plimsoll.js';
await init();
const result = check('FROM node:latest\\nRUN curl -fsSL https://example.com/i.sh | sh\\nEXPOSE 3000\\n', { lang: 'ja' });
window.__result = {
  result,
  clean: check('FROM scratch\\nCOPY app /app\\nUSER 1000\\nHEALTHCHECK NONE\\n'),
  broken: check('FROM\\n'),
  rules: rules('en').length,
  rule: rules().find((rule) => rule.code === 'PL801'),
  explain: explain('PL101', 'en'),
  unknown: explain('PL000'),
  version: version(),
  badOption: (() => { try { check('FROM a', { nope: 1 }); return null; } catch (e) { return String(e.message ?? e); } })(),
  project: checkProject(
    {
      'app/Dockerfile': 'FROM node:22-alpine\\nCOPY . /app\\nUSER node\\nCMD ["node", "/app/server.js"]\\n',
      'compose.yaml': 'services:\\n  web:\\n    build: ./app\\n    user: root\\n',
      'README.md': '# not read',
    },
    { paths: ['app', 'app/Dockerfile', 'app/server.js', 'compose.yaml', 'README.md'] },
  ),
  badProject: (() => { try { checkProject({ Dockerfile: 'FROM a' }, { path: 'x' }); return null; } catch (e) { return String(e.message ?? e); } })(),
};
document.getElementById('out').textContent = 'done';
`;

describe('JavaScript API (dist/api/plimsoll.js)', () => {
  let server;
  let browser;

  before(async () => {
    assertBuilt('api/plimsoll.js', 'api/plimsoll_bg.wasm', 'api/plimsoll.d.ts');
    server = await startServer({
      extra: apiTestPage('jsapi-test', SCRIPT),
    });
    browser = await launch();
  }, LIMIT);

  after(async () => {
    await browser?.close();
    server?.close();
  }, LIMIT);

  it('check() returns the CLI JSON shape with the expected findings', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/jsapi-test.html`);
    await page.waitForFunction(() => window.__result, null, { timeout: 20_000 });
    const got = await page.evaluate(() => window.__result);

    const rulesFound = got.result.findings.map((finding) => finding.rule);
    assert.ok(rulesFound.includes('PL201'), `PL201 in ${rulesFound}`);
    assert.ok(rulesFound.includes('PL801'), `PL801 in ${rulesFound}`);
    const latest = got.result.findings.find((finding) => finding.rule === 'PL201');
    assert.equal(latest.line, 1);
    assert.equal(latest.severity, 'medium');
    assert.match(latest.message, /latest/);
    assert.match(latest.title, /[ぁ-んァ-ン一-龯]/, 'lang: "ja" gives Japanese texts');
    assert.equal(got.result.path, 'Dockerfile');
    const item = got.result.checklist.items.find((entry) => entry.id === 'verified-downloads');
    assert.equal(item.status, 'fail');
    // The score follows the statuses (the rules decide those), and the
    // example has warnings and failures for it to weigh.
    const { checklist } = got.result;
    const statuses = checklist.items.map((entry) => entry.status);
    const count = (status) => statuses.filter((value) => value === status).length;
    assert.deepEqual(
      [checklist.pass, checklist.warn, checklist.fail, checklist.manual],
      [count('pass'), count('warn'), count('fail'), count('manual')],
    );
    assert.ok(checklist.warn > 0 && checklist.fail > 0, statuses.join());
    assert.equal(checklist.score, scoreOf(statuses));
    // A clean file whose only finding is HEALTHCHECK NONE (low): one item
    // warns, eight pass: 8.5 / 9.
    assert.deepEqual(got.clean.findings.map((finding) => [finding.rule, finding.line]), [['PL505', 4]]);
    assert.equal(got.clean.checklist.score, 94);
    assert.deepEqual(got.clean.errors, []);
    assert.ok(Array.isArray(got.result.stages) && got.result.stages[0].is_final);

    assert.deepEqual(got.broken.errors.length > 0, true, 'bad text is reported in errors, not thrown');
    assert.ok(got.rules > 80, `rules(): ${got.rules}`);
    assert.equal(got.rule.name, 'pipe-to-shell');
    assert.equal(got.rule.severity, 'high');
    assert.match(got.explain, /USER/);
    assert.equal(got.unknown, undefined);
    assert.match(got.version, /^\d+\.\d+\.\d+/);
    assert.match(got.badOption, /invalid options/);

    // A project: the Compose file runs the Dockerfile's image as root.
    assert.deepEqual(
      got.project.files.map((file) => [file.path, file.kind]),
      [['app/Dockerfile', 'dockerfile'], ['compose.yaml', 'compose']],
    );
    const [dockerfile, compose] = got.project.files;
    const root = compose.findings.find((finding) => finding.rule === 'PLC101');
    assert.equal(root.line, 4);
    assert.equal(root.related[0].file, 'app/Dockerfile');
    assert.equal(compose.checklist, undefined, 'only Dockerfiles carry a checklist');
    const runsAs = dockerfile.checklist.items.find((entry) => entry.id === 'runs-as-non-root');
    assert.equal(runsAs.status, 'fail');
    assert.deepEqual(runsAs.elsewhere, [{ file: 'compose.yaml', index: compose.findings.indexOf(root) }]);
    assert.match(got.badProject, /unknown option "path"/);
    assert.deepEqual(browser.problems, []);

    // A figure, printed: what a page importing the module downloads.
    const files = server.served.filter((entry) => entry.path.startsWith('/api/'));
    const raw = files.reduce((sum, entry) => sum + entry.bytes, 0);
    const gzip = files.reduce((sum, entry) => sum + entry.gzip, 0);
    console.log(
      `JS API download: ${files.map((entry) => entry.path).join(' + ')} = ${kib(raw)} raw, ${kib(gzip)} gzip`,
    );
    assert.ok(files.some((entry) => entry.path.endsWith('.wasm')), 'the module loaded its wasm');
  });
});

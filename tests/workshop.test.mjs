// Workshop mode: the list, an exercise going from failing to passing after
// the expected edit, hints one by one, progress across a reload, reset,
// Japanese, the presenter view and a shared exercise link.

import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { LIMIT, artifacts, assertBuilt, launch, startServer } from './embed-harness.mjs';

describe('workshop mode', () => {
  let app;
  let browser;

  before(async () => {
    assertBuilt('index.html', 'views.css');
    app = await startServer();
    browser = await launch();
    mkdirSync(artifacts, { recursive: true });
  }, LIMIT);

  after(async () => {
    await browser?.close();
    app?.close();
  }, LIMIT);

  beforeEach(() => browser.fresh(), LIMIT);

  it('lists the exercises', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/?workshop&lang=en`);
    await page.locator('[data-testid=exercise]').first().waitFor({ timeout: 20_000 });
    const ids = await page.locator('[data-testid=exercise]').evaluateAll((rows) => rows.map((row) => row.dataset.exercise));
    for (const id of [
      'non-root',
      'pin-base-image',
      'build-secret',
      'multi-stage',
      'ports-healthcheck',
      'no-curl-pipe-sh',
      'clean-caches',
      'file-permissions',
    ]) {
      assert.ok(ids.includes(id), `exercise ${id} in ${ids}`);
    }
    await page.screenshot({ path: join(artifacts, 'workshop-list.png'), fullPage: true });
  });

  it('an exercise fails, then passes after the expected edit, and keeps its progress', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/?workshop&lang=en`);
    await page.locator('[data-testid=exercise][data-exercise=non-root] a').click();
    await page.waitForURL(/\?workshop=non-root/);
    const editor = page.locator('[data-testid=editor]');
    const start = await editor.inputValue();
    assert.match(start, /^FROM node:/);

    // Before any edit: the goal is open.
    await page.click('[data-testid=check-work]');
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'false');
    assert.equal(await page.getAttribute('[data-testid=goal][data-goal=runs-as-non-root]', 'data-state'), 'open');
    assert.ok(await page.locator('[data-testid=goal] [data-testid=finding][data-rule=PL101]').count() > 0);

    // Hints come one at a time.
    assert.equal(await page.locator('[data-testid=hint]').count(), 0);
    await page.click('[data-testid=hint-next]');
    assert.equal(await page.locator('[data-testid=hint]').count(), 1);
    await page.click('[data-testid=hint-next]');
    assert.equal(await page.locator('[data-testid=hint]').count(), 2);

    // The expected edit: create a user and switch to it.
    const fixed = start
      .replace('WORKDIR /app\n', 'RUN addgroup -g 1001 -S app && adduser -S app -u 1001 -G app\nWORKDIR /app\n')
      .replace('\nCMD [', '\nUSER 1001\nCMD [');
    await editor.fill(fixed);
    await page.click('[data-testid=check-work]');
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'true');
    const states = await page
      .locator('[data-testid=goal]')
      .evaluateAll((goals) => goals.map((goal) => goal.dataset.state));
    assert.ok(states.length >= 2 && states.every((state) => state === 'met'), `${states}`);
    await page.screenshot({ path: join(artifacts, 'workshop-exercise-done.png'), fullPage: true });

    // Progress survives a reload: the text, the hints and "done".
    await page.reload();
    await editor.waitFor({ timeout: 20_000 });
    assert.equal(await editor.inputValue(), fixed);
    assert.equal(await page.locator('[data-testid=hint]').count(), 2);
    assert.match(await page.textContent('[data-testid=progress]'), /^1\/\d+/);
    // ... and the goals show as met, not "not checked yet" (issue 15, defect 13).
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'true');
    const reloaded = await page
      .locator('[data-testid=goal]')
      .evaluateAll((goals) => goals.map((goal) => goal.dataset.state));
    assert.ok(reloaded.every((state) => state === 'met'), `${reloaded}`);
    // Goal state labels stay in their column.
    const overlaps = await page.locator('[data-testid=goal]').evaluateAll((goals) =>
      goals.filter((goal) => {
        const state = goal.querySelector('.pl-ws-goal-state').getBoundingClientRect();
        const kind = goal.querySelector('.pl-ws-goal-kind').getBoundingClientRect();
        return state.right > kind.left;
      }).length,
    );
    assert.equal(overlaps, 0);

    // Reset asks first; cancelling keeps everything.
    await page.click('[data-testid=reset]');
    await page.locator('[data-testid=reset-confirm]').waitFor();
    assert.equal(await editor.inputValue(), fixed);
    await page.screenshot({ path: join(artifacts, 'workshop-reset-confirm.png'), fullPage: true });
    await page.click('[data-testid=reset-no]');
    assert.equal(await page.locator('[data-testid=reset-confirm]').count(), 0);
    assert.equal(await editor.inputValue(), fixed);
    assert.match(await page.textContent('[data-testid=progress]'), /^1\/\d+/);

    // Confirmed, reset brings the start back.
    await page.click('[data-testid=reset]');
    await page.click('[data-testid=reset-yes]');
    assert.equal(await editor.inputValue(), start);
    assert.equal(await page.locator('[data-testid=hint]').count(), 0);
    assert.match(await page.textContent('[data-testid=progress]'), /^0\/\d+/);
  });

  it('a project exercise shows one editor per file and is judged with them', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/?workshop&lang=en`);
    const ids = await page.locator('[data-testid=exercise]').evaluateAll((rows) => rows.map((row) => row.dataset.exercise));
    for (const id of ['compose-read-only', 'compose-capabilities-limits', 'dockerignore-secrets', 'ci-scan-gate']) {
      assert.ok(ids.includes(id), `exercise ${id} in ${ids}`);
    }
    await page.goto(`${app.origin}/?workshop=compose-read-only&lang=en`);
    const compose = page.locator('[data-testid=editor-file][data-path="compose.yaml"]');
    await compose.waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-testid=editor]').inputValue(), /^FROM node:/);

    await page.click('[data-testid=check-work]');
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'false');
    // The open goal names the Compose file's line.
    const finding = page.locator('[data-testid=goal][data-goal=PLC701] [data-testid=finding]');
    assert.equal(await finding.getAttribute('data-path'), 'compose.yaml');
    assert.match(await finding.textContent(), /^compose\.yaml:2 \(PLC701\)/);

    const start = await compose.inputValue();
    await compose.fill(start.replace('    build: .\n', '    build: .\n    read_only: true\n    tmpfs:\n      - /tmp\n'));
    await page.click('[data-testid=check-work]');
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'true');
    await page.screenshot({ path: join(artifacts, 'workshop-project-exercise.png'), fullPage: true });

    // A broken Compose file is never done.
    await compose.fill('services:\n  web: [\n');
    await page.click('[data-testid=check-work]');
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'false');
    assert.match(await page.textContent('[data-testid=result]'), /errors/);

    // The .dockerignore exercise is judged with its build context: the
    // .env beside the code is what COPY . . would take.
    await page.goto(`${app.origin}/?workshop=dockerignore-secrets&lang=en`);
    const ignore = page.locator('[data-testid=editor-file][data-path=".dockerignore"]');
    await ignore.waitFor({ timeout: 20_000 });
    await page.click('[data-testid=check-work]');
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'false');
    assert.match(
      await page.textContent('[data-testid=goal][data-goal=PL420] [data-testid=finding]'),
      /\.env/,
    );
    await ignore.fill(`${await ignore.inputValue()}.git\n**/.env\n**/.aws\n`);
    await page.click('[data-testid=check-work]');
    assert.equal(await page.getAttribute('[data-testid=result]', 'data-done'), 'true');
    await page.goto(`${app.origin}/?workshop=compose-read-only&lang=en`);
    await compose.waitFor({ timeout: 20_000 });

    // The edit survives a reload; reset brings every file back.
    await page.reload();
    await compose.waitFor({ timeout: 20_000 });
    assert.equal(await compose.inputValue(), 'services:\n  web: [\n');
    await page.click('[data-testid=reset]');
    await page.click('[data-testid=reset-yes]');
    assert.equal(await compose.inputValue(), start);
  });

  it('moves the presenter with the arrow keys, leaves with Esc, and says when an exercise does not exist', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/?workshop&present&lang=en`);
    await page.locator('[data-testid=workshop]').waitFor({ timeout: 20_000 });
    await page.keyboard.press('ArrowRight');
    const first = await page.locator('[data-testid=exercise-page]').getAttribute('data-exercise');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((id) => document.querySelector('[data-testid=exercise-page]')?.dataset.exercise !== id, first);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((id) => document.querySelector('[data-testid=exercise-page]')?.dataset.exercise === id, first);
    assert.match(page.url(), /present/);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.documentElement.dataset.present === 'false');
    assert.doesNotMatch(page.url(), /present/);

    await page.goto(`${app.origin}/?workshop=no-such-exercise&lang=en`);
    const unknown = page.locator('[data-testid=unknown-exercise]');
    await unknown.waitFor({ timeout: 20_000 });
    assert.match(await unknown.textContent(), /no-such-exercise/);
    assert.ok(await page.locator('[data-testid=exercise]').count() > 0);
    assert.deepEqual(browser.problems, []);
  });

  it('switches to Japanese and to the presenter view, and shares exercise links', LIMIT, async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/?workshop=non-root&lang=en`);
    await page.locator('[data-testid=exercise-page][data-exercise=non-root]').waitFor({ timeout: 20_000 });
    await page.click('[data-testid=lang]');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    assert.match(await page.textContent('h1'), /非root/);
    assert.match(page.url(), /lang=ja/);

    await page.click('[data-testid=presenter]');
    assert.equal(await page.getAttribute('html', 'data-present'), 'true');
    assert.match(page.url(), /present/);
    const size = await page.$eval('.pl-workshop', (element) => parseFloat(getComputedStyle(element).fontSize));
    assert.ok(size >= 24, `presenter type is large (${size}px)`);
    await page.screenshot({ path: join(artifacts, 'workshop-presenter.png'), fullPage: true });

    const link = await page.textContent('[data-testid=exercise-link]');
    assert.equal(new URL(link).search, '?workshop=non-root&lang=ja');

    // An instructor's link opens that exercise directly, in its language.
    await page.goto(`${app.origin}/?workshop=multi-stage&lang=en`);
    await page.locator('[data-testid=exercise-page][data-exercise=multi-stage]').waitFor({ timeout: 20_000 });
    assert.match(await page.textContent('h1'), /multi-stage/i);
    assert.deepEqual(browser.problems, []);
  });
});

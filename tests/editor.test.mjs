// The editor as a dependable tool (issue 15): it points at the right line at
// any length, every page edit is one exact undo/redo step, and typing is never
// lost to a fix or a check. The release build in dist/, headless Chromium.
// No fixed sleeps: every wait is on the state it is about, with a timeout.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { artifacts, assertBuilt, launch, startServer } from './embed-harness.mjs';

const FIXABLE = [
  'FROM node:latest',
  'RUN apt-get update && apt-get install curl',
  'MAINTAINER me',
  'ADD app.js /app/',
  'USER node',
  '',
].join('\n');

/** Line numbers whose text, number and dot are measured. */
const MEASURED = [1, 40, 150, 4000];

/**
 * A 4,000-line Dockerfile where most lines have a finding (one-command RUNs
 * in a row) and every third line is a comment without one, so that marked
 * and plain gutter rows alternate all the way down.
 */
function markedDockerfile(lines) {
  const text = ['FROM node:latest'];
  for (let n = 2; n <= lines; n += 1) {
    text.push(n % 3 === 0 && !MEASURED.includes(n) ? `# note ${n}` : `RUN echo "line ${n}"`);
  }
  return `${text.join('\n')}\n`;
}

describe('editor (release build in dist/)', () => {
  let server;
  let browser;
  let page;

  const editor = () => page.locator('[data-testid=editor]');
  /** Waits until the page shows the analysis of exactly the editor's text. */
  const settled = (timeout = 30_000) =>
    page.waitForFunction(
      () => {
        const area = document.querySelector('[data-testid=editor]');
        return document.querySelector('.highlights').textContent === `${area.value}\n`;
      },
      null,
      { timeout },
    );
  const shot = (name) => page.screenshot({ path: join(artifacts, `editor-${name}.png`) });

  /** Puts `text` into the editor at once, as a paste does (fill() types large texts slowly). */
  const paste = (text) =>
    page.evaluate((t) => {
      const area = document.querySelector('[data-testid=editor]');
      area.value = t;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);

  async function load(text) {
    await page.goto(`${server.origin}/`);
    await editor().waitFor();
    await paste(text);
    await settled(60_000);
  }

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

  it('lines up underlines, line numbers and dots with their line at any length and scroll position', async () => {
    const text = markedDockerfile(4000);
    await page.goto(`${server.origin}/`);
    await editor().waitFor();
    await paste(text);
    await page.locator('#line-4000').waitFor({ state: 'attached', timeout: 60_000 });
    await settled(60_000);
    for (const [width, height] of [
      [1400, 900],
      [820, 1180],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      for (const line of MEASURED) {
        // Scroll the editor so that the line is in the middle of its box.
        const boxes = await page.evaluate((n) => {
          const area = document.querySelector('[data-testid=editor]');
          const scroller = document.querySelector('.editor-scroll');
          const style = getComputedStyle(area);
          const lineHeight = parseFloat(style.lineHeight);
          const firstLine = parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth);
          scroller.scrollTop = firstLine + (n - 1) * lineHeight - scroller.clientHeight / 2;
          // The textarea draws line n here (one font, one line height, no wrapping).
          const top = area.getBoundingClientRect().top + firstLine + (n - 1) * lineHeight - area.scrollTop;
          const middle = (rect) => rect.top + rect.height / 2;
          // Line n of the layer under the textarea, and its underline.
          const layer = document.querySelector('.highlights');
          const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
          let seen = 1;
          let node;
          let textBox = null;
          while (!textBox && (node = walker.nextNode())) {
            for (let i = 0; i < node.data.length; i += 1) {
              if (seen === n) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                textBox = range.getBoundingClientRect();
                break;
              }
              if (node.data[i] === '\n') seen += 1;
            }
          }
          const mark = [...layer.querySelectorAll('mark')].find((m) => {
            const rect = m.getBoundingClientRect();
            return Math.abs(middle(rect) - (top + lineHeight / 2)) < lineHeight / 2;
          });
          const layerBox = layer.getBoundingClientRect();
          const markBox = mark?.getBoundingClientRect();
          const number = document.getElementById(`line-${n}`);
          if (!number) return { missing: true };
          const numberText = [...number.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && /\d/.test(child.data));
          const numberRange = document.createRange();
          numberRange.selectNodeContents(numberText);
          return {
            lineHeight,
            line: top + lineHeight / 2,
            text: textBox && middle(textBox),
            underline: markBox && middle(markBox),
            underlineDrawn: Boolean(markBox) && markBox.bottom <= layerBox.bottom + 0.5 && markBox.top >= layerBox.top - 0.5,
            number: middle(numberRange.getBoundingClientRect()),
            numberText: numberText.data.trim(),
            dot: number.querySelector('.gutter-dot') && middle(number.querySelector('.gutter-dot').getBoundingClientRect()),
          };
        }, line);
        const where = `line ${line} at ${width}px`;
        assert.ok(!boxes.missing, `${where}: the gutter marks the line`);
        const near = (value, what) =>
          assert.ok(
            value !== null && value !== undefined && Math.abs(value - boxes.line) <= boxes.lineHeight / 4,
            `${where}: ${what} at ${value?.toFixed?.(1)}, the line's middle at ${boxes.line.toFixed(1)}`,
          );
        assert.equal(boxes.numberText, String(line), where);
        near(boxes.text, 'the text under the textarea');
        near(boxes.underline, 'the underline');
        assert.ok(boxes.underlineDrawn, `${where}: the underline lies inside the layer that draws it`);
        near(boxes.number, 'the line number');
        near(boxes.dot, 'the severity dot');
      }
      await shot(`long-${width}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  for (const [name, act] of [
    ['Apply fix', (p) => p.locator('[data-testid=finding][data-rule=PL806] [data-testid=apply-fix]').click()],
    ['Apply all safe fixes', (p) => p.click('[data-testid=apply-all]')],
    [
      'Ignore here',
      async (p) => {
        const row = p.locator('[data-testid=finding][data-rule=PL201]');
        await row.locator('[data-testid=ignore]').click();
        await row.locator('[data-testid=ignore-reason]').fill('pinned elsewhere');
        await row.locator('[data-testid=ignore-confirm]').click();
      },
    ],
  ]) {
    it(`makes ${name} one exact undo and redo step`, async () => {
      await load(FIXABLE);
      await act(page);
      await page.waitForFunction((old) => document.querySelector('[data-testid=editor]').value !== old, FIXABLE);
      const fixed = await editor().inputValue();
      await settled();
      await editor().focus();
      for (const redo of ['Control+Shift+Z', 'Control+y']) {
        await page.keyboard.press('Control+z');
        assert.equal(await editor().inputValue(), FIXABLE, `${name}: undo gives back the text from before`);
        await page.keyboard.press(redo);
        assert.equal(await editor().inputValue(), fixed, `${name}: ${redo} gives back the text from after`);
      }
      await settled();
    });
  }

  it('keeps a line typed just before Apply fix in a 400 KB file, and undoes the fix alone', async () => {
    const filler = Array.from({ length: 8000 }, (_, n) => `# ${String(n).padStart(5, '0')} ${'x'.repeat(40)}`).join('\n');
    const text = `FROM alpine:3.20\nADD app.js /app/\nUSER 1000\n${filler}\n`;
    await load(text);
    const fix = page.locator('[data-testid=finding][data-rule=PL806] [data-testid=apply-fix]');
    await fix.waitFor();
    await editor().focus();
    await page.keyboard.press('Control+End');
    const typedAt = performance.now();
    await page.keyboard.insertText('RUN echo typed\n');
    await fix.click();
    const clickedAfter = performance.now() - typedAt;
    await page.waitForFunction(() => /^COPY app\.js/m.test(document.querySelector('[data-testid=editor]').value));
    const typed = `${text}RUN echo typed\n`;
    const expected = typed.replace('ADD app.js', 'COPY app.js');
    assert.equal(await editor().inputValue(), expected, `the typed line is kept (Apply fix ${clickedAfter.toFixed(0)} ms after typing)`);
    await settled(60_000);
    assert.equal(await page.locator('[data-testid=finding][data-rule=PL806]').count(), 0, 'the fix is checked');
    assert.equal(await editor().inputValue(), expected, 'a check that was waiting did not bring back the old text');
    await editor().focus();
    await page.keyboard.press('Control+z');
    assert.equal(await editor().inputValue(), typed, 'undo takes back the fix, and only the fix');
    await settled(60_000);
    await page.locator('[data-testid=finding][data-rule=PL806]').waitFor();
  });

  it('logged no console error or page error', () => {
    assert.deepEqual(browser.problems, []);
  });
});

// Layout at phone, tablet and desktop widths in both languages (issue 15,
// defect 7): menus open on screen, tab and toolbar labels stay on one line,
// status labels fit their column in both themes. Screenshots of each view
// at 390, 820 and 1400 px in English and Japanese go to tests/artifacts/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { LIMIT, artifacts, assertBuilt, launch, startServer } from './embed-harness.mjs';

const WIDTHS = [390, 820, 1400];
const LANGS = ['en', 'ja'];
const DOCKERFILE = [
  'FROM node:latest AS build',
  'RUN curl -fsSL https://example.com/install.sh | sh',
  'FROM node:20-slim',
  'COPY --from=build /app /app',
  'CMD ["node", "/app/server.js"]',
  '',
].join('\n');

describe('layout at 390, 820 and 1400 px (release build in dist/)', () => {
  let server;
  let browser;

  before(async () => {
    assertBuilt('index.html');
    mkdirSync(artifacts, { recursive: true });
    server = await startServer();
    browser = await launch({ viewport: { width: 1400, height: 900 } });
  }, LIMIT);

  after(async () => {
    await browser?.close();
    server?.close();
  }, LIMIT);

  /** A fresh page at `width` in `lang` and `theme`, showing DOCKERFILE. */
  async function open(width, lang, theme = 'light', search = '') {
    const page = await browser.fresh();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.origin}/${search}`);
    await page.evaluate(
      ([l, t, text]) => {
        localStorage.setItem('plimsoll.lang', l);
        localStorage.setItem('plimsoll.theme', t);
        localStorage.setItem('plimsoll.text', text);
        // The checklist beside the editor, as on a first visit.
        localStorage.removeItem('plimsoll.side');
      },
      [lang, theme, DOCKERFILE],
    );
    await page.reload();
    await page.locator('[data-testid=version], [data-testid=workshop]').first().waitFor();
    return page;
  }

  it('opens the Examples menu inside the window at every width', LIMIT, async () => {
    for (const width of WIDTHS) {
      for (const lang of LANGS) {
        const page = await open(width, lang);
        await page.locator('.menu > summary').first().click();
        const box = await page.locator('.menu-list.examples').boundingBox();
        assert.ok(box, `${width} ${lang}: the menu opens`);
        assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${width} ${lang}: menu at x=${box.x}, width ${box.width}`);
        await page.screenshot({ path: join(artifacts, `layout-examples-${width}-${lang}.png`) });
      }
    }
  });

  it('keeps tab and toolbar labels on one line', LIMIT, async () => {
    for (const width of WIDTHS) {
      for (const lang of LANGS) {
        const page = await open(width, lang);
        const wrapped = await page.evaluate(() => {
          const lineHeight = (element) => parseFloat(getComputedStyle(element).lineHeight) || 20;
          const tooTall = [...document.querySelectorAll('.tabs button, .toolbar > *')]
            .filter((element) => element.offsetParent !== null)
            .filter((element) => {
              const inner = element.matches('label') ? element.querySelector('select') : element;
              const style = getComputedStyle(inner);
              const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
              const border = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
              return inner.getBoundingClientRect().height - padding - border > lineHeight(inner) * 1.5;
            })
            .map((element) => element.textContent.trim());
          return tooTall;
        });
        assert.deepEqual(wrapped, [], `${width} ${lang}: labels wrapped`);
        if (width === 1400) {
          // Items whose boxes overlap vertically share a row.
          const rows = await page.evaluate(() => {
            const boxes = [...document.querySelectorAll('.toolbar > *')]
              .map((e) => e.getBoundingClientRect())
              .sort((a, b) => a.top - b.top);
            let count = 0;
            let bottom = -Infinity;
            for (const box of boxes) {
              if (box.top >= bottom) count += 1;
              bottom = Math.max(bottom, box.bottom);
            }
            return count;
          });
          assert.equal(rows, 1, `${lang}: the toolbar is one row at 1400 px`);
        }
      }
    }
  });

  it('fits the status labels in their column in both themes', LIMIT, async () => {
    for (const theme of ['light', 'dark']) {
      for (const lang of LANGS) {
        const page = await open(1400, lang, theme);
        await page.locator('[data-testid=checklist-item]').first().waitFor();
        const overflowing = await page.evaluate(() =>
          [...document.querySelectorAll('.checklist-item .status')]
            .filter((status) => {
              const title = status.nextElementSibling.getBoundingClientRect();
              // At least a small gap before the title, and the label on one line.
              const box = status.getBoundingClientRect();
              return box.right > title.left - 4 || box.height > parseFloat(getComputedStyle(status).lineHeight) * 1.5;
            })
            .map((status) => status.textContent),
        );
        assert.deepEqual(overflowing, [], `${theme} ${lang}`);
        await page.locator('.checklist-pane').screenshot({ path: join(artifacts, `layout-checklist-${theme}-${lang}.png`) });
      }
    }
  });

  it('shows the checklist beside the editor at 1280 x 800 without scrolling, and nothing wider than a 390 px phone', LIMIT, async () => {
    for (const lang of LANGS) {
      const page = await open(1280, lang);
      await page.setViewportSize({ width: 1280, height: 800 });
      const first = page.locator('[data-testid=checklist-item]').first();
      await first.waitFor();
      const [item, editor] = [await first.boundingBox(), await page.locator('[data-testid=editor]').boundingBox()];
      assert.equal(await page.evaluate(() => window.scrollY), 0);
      assert.ok(item.y >= 0 && item.y + item.height <= 800 && item.x + item.width <= 1280, `${lang}: first item at ${JSON.stringify(item)}`);
      assert.ok(item.x >= editor.x + editor.width, `${lang}: the item (x=${item.x}) is right of the editor (ends at ${editor.x + editor.width})`);
      await page.screenshot({ path: join(artifacts, `layout-checklist-first-1280-${lang}.png`) });
      // The findings are the second view beside the editor.
      await page.click('[data-testid=side-findings]');
      const finding = await page.locator('[data-testid=finding]').first().boundingBox();
      assert.ok(finding.x >= editor.x + editor.width, `${lang}: findings beside the editor`);
      await page.screenshot({ path: join(artifacts, `layout-findings-1280-${lang}.png`) });

      await page.setViewportSize({ width: 390, height: 844 });
      for (const tab of ['editor', 'checklist', 'findings']) {
        await page.click(`[data-testid=tab-${tab}]`);
        const wide = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const sticking = [...document.querySelectorAll('.workspace *')]
            .filter((element) => element.offsetParent !== null && !element.closest('.editor-scroll, .table-scroll'))
            .filter((element) => element.getBoundingClientRect().right > width + 0.5)
            .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
          return { overflow: document.documentElement.scrollWidth - width, sticking: sticking.slice(0, 5) };
        });
        assert.ok(wide.overflow <= 0, `${lang} ${tab}: the page scrolls sideways by ${wide.overflow}px`);
        assert.deepEqual(wide.sticking, [], `${lang} ${tab}: elements past the right edge`);
        await page.screenshot({ path: join(artifacts, `layout-${tab}-390-${lang}.png`), fullPage: true });
      }
    }
  });

  it('screenshots every view at 390, 820 and 1400 px in both languages', LIMIT, async () => {
    for (const [name, search] of [['playground', ''], ['rules', '?rules'], ['rule', '?rule=PL201'], ['workshop', '?workshop']]) {
      for (const width of WIDTHS) {
        for (const lang of LANGS) {
          const page = await open(width, lang, 'light', search);
          await page.screenshot({ path: join(artifacts, `layout-${name}-${width}-${lang}.png`), fullPage: width !== 1400 || name === 'playground' });
        }
      }
    }
  });

  it('logged no console error or page error', () => {
    assert.deepEqual(browser.problems, []);
  });
});

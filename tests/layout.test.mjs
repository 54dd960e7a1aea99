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

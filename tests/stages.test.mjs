// The Stages panel and the findings say the same about a builder stage
// (issue 15): files copied from it reach the final image, its ENV does not.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { artifacts, assertBuilt, launch, startServer } from './embed-harness.mjs';

const MULTI_STAGE = [
  'FROM node:20 AS builder',
  'ENV API_TOKEN=abc123def456',
  'RUN npm ci',
  'FROM node:20-slim',
  'COPY --from=builder /app /app',
  'USER node',
  'CMD ["node", "/app/server.js"]',
  '',
].join('\n');

describe('stages panel (release build in dist/)', () => {
  let server;
  let browser;

  before(async () => {
    assertBuilt('index.html');
    mkdirSync(artifacts, { recursive: true });
    server = await startServer();
    browser = await launch({ viewport: { width: 1400, height: 900 }, side: 'findings' });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('says a copied-from builder stage is not what the final image is built on, as PL401 does', async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/`);
    await page.locator('[data-testid=editor]').fill(MULTI_STAGE);
    const secret = page.locator('[data-testid=finding][data-rule=PL401]');
    await secret.waitFor({ timeout: 15_000 });
    const builder = page.locator('[data-testid=stage]').first();
    assert.equal(await builder.getAttribute('data-builds-final'), 'false');
    assert.match(await builder.locator('.reach').textContent(), /files copied into the final image/);
    assert.match(await secret.textContent(), /not built on/);
    assert.doesNotMatch(await secret.textContent(), /does not reach/);
    await page.locator('.stages').screenshot({ path: join(artifacts, 'stages-builder.png') });
    assert.deepEqual(browser.problems, []);
  });
});

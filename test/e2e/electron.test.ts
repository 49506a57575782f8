/**
 * Electron mode (Playwright `_electron`): the app window loads the editor with the preload
 * bridge, no Node in the page, and the catalogue from the host. Skipped where no Electron
 * binary is installed (CI cannot download it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, buildRenderer } from './harness.ts';

/** The Electron binary as require('electron') would name it, without its download attempt. */
function electronBinary(): string | undefined {
  try {
    const dir = join(createRequire(import.meta.url).resolve('electron/package.json'), '..');
    const pathFile = join(dir, 'path.txt');
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
    const full = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron') : name && join(dir, 'dist', name);
    return full && existsSync(full) ? full : undefined;
  } catch {
    return undefined;
  }
}

test('Electron window: preload bridge, isolated page, catalogue from the host', async (t) => {
  const binary = electronBinary();
  if (!binary) {
    const reason = 'no Electron binary installed (node_modules/electron/dist is missing; it cannot be downloaded here)';
    console.log(`# skipping Electron-mode test: ${reason}`);
    t.skip(reason);
    return;
  }
  buildRenderer();
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-renderer.mjs'), '--electron'], { stdio: 'inherit' });
  assert.equal(built.status, 0);
  const { _electron } = await import('playwright-core');
  const app = await _electron.launch({ executablePath: binary, args: [join(ROOT, 'dist', 'electron', 'main.cjs'), '--no-sandbox'], env: { ...process.env, BANDWIRE_CONFIG_DIR: join(ROOT, 'test-output', 'electron-config') } });
  try {
    const page = await app.firstWindow();
    await page.locator('[data-node-type="synth.scene"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.bandwire?.shell), 'electron');
    assert.equal(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
    assert.equal(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process), 'undefined');
    // New windows and navigation away from the app are blocked.
    assert.equal(await page.evaluate(() => window.open('https://example.com') === null), true);
    const before = page.url();
    await page.evaluate(() => void (location.href = 'https://example.com/'));
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
  } finally {
    await app.close();
  }
});

/**
 * Files e2e (browser mode, headless Chromium): Save As onto an existing file asks first (dismiss
 * keeps the file, accept replaces it); a missing folder is refused; an example opens as an untitled
 * copy whose runs write under the per-user example-outputs folder and whose Save asks for a path;
 * input files are checked live (missing, header vs params).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialog, Page } from 'playwright-core';
import { documentOf, dragFromPalette, ROOT, sharedSession } from './harness.ts';

const EXAMPLE = join(ROOT, 'graphs', 'examples', 'synthetic-anomalies.json');
const { skip, session } = sharedSession('files');

/** Answers the next confirm() with `accept`; resolves to its message, rejects when none comes within 15 s. */
function answerNextDialog(page: Page, accept: boolean): Promise<string> {
  page.removeAllListeners('dialog');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no confirm dialog appeared within 15 s')), 15_000);
    page.once('dialog', (d: Dialog) => {
      clearTimeout(timer);
      resolve(d.message());
      void (accept ? d.accept() : d.dismiss());
      page.on('dialog', (next) => void next.accept());
    });
  });
}

/** A new document with one io.read node, selected; returns its `path` field. */
async function newReadNode(page: Page) {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await dragFromPalette(page, 'io.read', 300, 150);
  const node = page.locator('.react-flow__node[data-id="read"]');
  await node.waitFor();
  await node.click();
  return page.getByLabel('path', { exact: true });
}

async function saveAs(page: Page, path: string) {
  if (!(await page.getByLabel('File path').isVisible())) await page.getByRole('button', { name: 'Save As', exact: true }).click();
  await page.getByLabel('File path').fill(path);
  await page.getByRole('button', { name: 'Save file' }).click();
}

test('Save As onto an existing file asks: dismiss keeps it, accept replaces it; a missing folder is refused', { skip }, async () => {
  const { page, work } = session;
  await dragFromPalette(page, 'detect.rx', 300, 150);
  await page.locator('.react-flow__node[data-id="rx"]').waitFor();
  const precious = join(work, 'exists.json');
  writeFileSync(precious, '{"precious":true}');

  let asked = answerNextDialog(page, false);
  await saveAs(page, precious);
  assert.equal(await asked, `Replace existing file ${precious}?`);
  await page.getByTestId('notice').filter({ hasText: 'not saved' }).waitFor();
  assert.equal(readFileSync(precious, 'utf8'), '{"precious":true}');
  assert.match(await page.title(), /^• /, 'still unsaved');

  asked = answerNextDialog(page, true);
  await saveAs(page, precious);
  assert.equal(await asked, `Replace existing file ${precious}?`);
  await page.waitForFunction(() => !document.title.startsWith('•'));
  assert.deepEqual(JSON.parse(readFileSync(precious, 'utf8')).nodes, (await documentOf(page)).nodes);

  const missing = join(work, 'no-such-folder', 'x.json');
  await saveAs(page, missing);
  await page.getByTestId('notice').filter({ hasText: 'does not exist' }).waitFor();
  assert.equal(existsSync(join(work, 'no-such-folder')), false);
  await page.getByRole('button', { name: 'Close dialog' }).click();
});

test('an example opens as an untitled copy; its run writes under example-outputs; Save asks for a path', { skip: skip ?? (existsSync(EXAMPLE) ? undefined : `${EXAMPLE} is missing`) }, async () => {
  const { page, work } = session;
  const before = readFileSync(EXAMPLE, 'utf8');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: /^Example Synthetic anomalies/ }).click();
  await page.locator('.react-flow__node[data-id="scene"]').waitFor();
  assert.equal(await page.title(), 'Synthetic anomalies: RX detection and ROC (example copy) — Bandwire');
  const outputs = join(work, 'config', 'example-outputs', 'synthetic-anomalies');
  await page.getByTestId('notice').filter({ hasText: outputs }).waitFor();
  const doc = await documentOf(page);
  assert.equal(doc.nodes.find((n) => n.id === 'save')?.params?.path, join(outputs, 'out', 'rx.tif'));

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Run log').getByText('run finished').waitFor({ timeout: 60_000 });
  assert.ok(existsSync(join(outputs, 'out', 'rx.tif')), 'the copy wrote out/rx.tif under example-outputs');
  assert.ok(existsSync(join(outputs, 'out', 'rx-metrics.json')));

  // Save has no path yet: the Save dialog opens instead of writing the example.
  await page.keyboard.press('Control+s');
  await page.getByRole('dialog', { name: 'Save graph as' }).waitFor();
  await page.getByRole('button', { name: 'Close dialog' }).click();
  assert.equal(readFileSync(EXAMPLE, 'utf8'), before, 'the shipped example is untouched');

  // Saved to a file of its own, the copy writes beside it again, as the shipped example does.
  const mine = join(work, 'mine.json');
  await saveAs(page, mine);
  await page.getByTestId('notice').filter({ hasText: 'its outputs now go beside it (out/rx.tif, out/rx.png, out/rx-metrics.json)' }).waitFor();
  const saved = JSON.parse(readFileSync(mine, 'utf8')) as typeof doc;
  assert.equal(saved.nodes.find((n) => n.id === 'save')?.params?.path, 'out/rx.tif');
  assert.deepEqual((await documentOf(page)).nodes, saved.nodes, 'the editor holds what was saved');
  assert.doesNotMatch(await page.title(), /^• /, 'saved, not dirty');
  assert.equal(saved.nodes.find((n) => n.id === 'scene')?.params?.path ?? '', doc.nodes.find((n) => n.id === 'scene')?.params?.path ?? '', 'read paths stay as they were');
});

test('the Problems panel checks input files live: a missing file, then a window outside the image', { skip }, async () => {
  const { page, work } = session;
  const path = await newReadNode(page);
  await path.fill('missing.tif');
  await path.press('Enter');
  await page.getByLabel('Problems').getByText(`param 'path' names ${join(work, 'missing.tif')}, which does not exist`).waitFor();

  writeFileSync(join(work, 'cube.img'), new Uint8Array(6 * 5 * 2 * 4));
  writeFileSync(join(work, 'cube.hdr'), 'ENVI\nsamples = 5\nlines = 6\nbands = 2\nheader offset = 0\ndata type = 4\ninterleave = bsq\nbyte order = 0\n');
  await path.fill('cube.hdr');
  await path.press('Enter');
  const window = page.getByLabel('window', { exact: true });
  await window.fill('0, 0, 7, 5');
  await window.press('Enter');
  await page.getByLabel('Problems').getByText('inside the 6 x 5 image').waitFor();
  await window.fill('0, 0, 6, 5');
  await window.press('Enter');
  await page.waitForFunction(() => /Problems \(0\)/.test(document.querySelector('[aria-label="Problems"]')?.textContent ?? ''));
});

test('saving the graph into another folder re-checks its relative input paths there', { skip }, async () => {
  const { page, work } = session;
  const path = await newReadNode(page);
  await path.fill('scene.hdr');
  await path.press('Enter');
  await page.getByLabel('Problems').getByText(`names ${join(work, 'scene.hdr')}, which does not exist`).waitFor();
  const folder = join(work, 'project');
  mkdirSync(folder);
  writeFileSync(join(folder, 'scene.img'), new Uint8Array(4 * 3 * 2 * 4));
  writeFileSync(join(folder, 'scene.hdr'), 'ENVI\nsamples = 3\nlines = 4\nbands = 2\nheader offset = 0\ndata type = 4\ninterleave = bsq\nbyte order = 0\n');
  await saveAs(page, join(folder, 'graph.json'));
  await page.waitForFunction(() => /Problems \(0\)/.test(document.querySelector('[aria-label="Problems"]')?.textContent ?? ''));
});

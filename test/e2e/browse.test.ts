/**
 * Folder browser e2e (browser mode, headless Chromium): Open walks folders by clicking and opens
 * a graph; the dialog says which folder relative names resolve against; Save As takes a folder and
 * a typed name; an io.read path param is set through its "…" (Browse) button, filtered by the
 * param's extensions; Escape closes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentOf, sharedSession } from './harness.ts';

const { skip, session } = sharedSession('browse');

const HEADER = 'ENVI\nsamples = 3\nlines = 4\nbands = 2\nheader offset = 0\ndata type = 4\ninterleave = bsq\nbyte order = 0\n';

test('Open walks folders by clicking; Save As takes a folder and a typed name; Escape closes', { skip }, async () => {
  const { page, work } = session;
  const deep = join(work, 'projects', 'lake');
  mkdirSync(deep, { recursive: true });
  const graph = { bandwire: 1, name: 'Lake', nodes: [{ id: 'rx', type: 'detect.rx', position: { x: 100, y: 100 } }], edges: [] };
  writeFileSync(join(deep, 'lake.json'), JSON.stringify(graph));
  writeFileSync(join(deep, 'notes.txt'), 'not a graph');
  writeFileSync(join(deep, '.hidden.json'), '{}');

  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Open graph' });
  const current = dialog.getByLabel('Current folder');
  await current.filter({ hasText: work }).waitFor();
  assert.equal(await current.innerText(), work, 'an untitled graph: the host folder');
  await dialog.getByRole('button', { name: 'projects', exact: true }).click();
  await current.filter({ hasText: join(work, 'projects') }).waitFor();
  await dialog.getByRole('button', { name: 'lake', exact: true }).click();
  await current.filter({ hasText: deep }).waitFor();
  const list = dialog.getByLabel('Folder contents');
  assert.deepEqual(await list.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))), ['lake.json'], 'only .json files, no dot files');
  await dialog.getByText('Show all files (1 hidden)').click();
  assert.deepEqual(await list.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))), ['lake.json', 'notes.txt']);
  await dialog.getByRole('button', { name: 'lake.json', exact: true }).click();
  await page.waitForFunction(() => window.bandwireDocument!().name === 'Lake');
  assert.equal(await page.getByRole('dialog').count(), 0, 'the dialog closed on opening');
  assert.deepEqual((await documentOf(page)).nodes.map((n) => n.id), ['rx']);

  // Open again: it starts in the document's folder; Up goes to its parent; Escape closes.
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await current.filter({ hasText: deep }).waitFor();
  await dialog.getByRole('button', { name: 'Up one folder' }).click();
  await current.filter({ hasText: new RegExp(`^${join(work, 'projects')}$`) }).waitFor();
  // A folder typed in the path field (relative to the folder shown) is entered by Enter.
  const field = dialog.getByLabel('File path');
  await field.fill('lake');
  await field.press('Enter');
  await current.filter({ hasText: deep }).waitFor();
  assert.equal(await field.inputValue(), '', 'the path field is cleared after entering a folder');
  await field.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // Save As: the document's name in the field, its folder shown; go up, type a new name, Enter.
  await page.getByRole('button', { name: 'Save As', exact: true }).click();
  const saveDialog = page.getByRole('dialog', { name: 'Save graph as' });
  await saveDialog.getByLabel('Current folder').filter({ hasText: deep }).waitFor();
  assert.equal(await saveDialog.getByLabel('File path').inputValue(), 'lake.json');
  await saveDialog.getByRole('button', { name: 'Up one folder' }).click();
  await saveDialog.getByLabel('Current folder').filter({ hasText: new RegExp(`^${join(work, 'projects')}$`) }).waitFor();
  assert.equal(await saveDialog.getByLabel('File path').inputValue(), 'lake.json', 'the name stays while changing folders');
  await saveDialog.getByLabel('File path').fill('copy');
  await saveDialog.getByLabel('File path').press('Enter');
  const copy = join(work, 'projects', 'copy.json');
  await page.getByTestId('notice').filter({ hasText: `saved ${copy}` }).waitFor();
  assert.ok(existsSync(copy), `${copy} was written`);
  assert.equal(JSON.parse(readFileSync(copy, 'utf8')).name, 'Lake');
});

test('an io.read path param is set through Browse: extensions filter the list, a click picks the file', { skip }, async () => {
  const { page, work } = session;
  // The document is now projects/copy.json (previous test); its data lies in ../data.
  const data = join(work, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'scene.hdr'), HEADER);
  writeFileSync(join(data, 'scene.img'), new Uint8Array(4 * 3 * 2 * 4));
  writeFileSync(join(data, 'readme.txt'), 'about the scene');
  mkdirSync(join(data, 'more'));

  await page.locator('[data-node-type="io.read"]').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 300 } });
  const node = page.locator('.react-flow__node[data-id="read"]');
  await node.waitFor();
  await node.click();
  await page.getByRole('button', { name: 'Browse for path' }).click();
  const dialog = page.getByRole('dialog', { name: 'Browse for path' });
  const current = dialog.getByLabel('Current folder');
  await current.filter({ hasText: join(work, 'projects') }).waitFor();
  assert.match(await current.innerText(), new RegExp(`^${join(work, 'projects')}$`), "starts in the document's folder");
  const field = dialog.getByLabel('File path');
  await field.fill('../data');
  await field.press('Enter');
  await current.filter({ hasText: data }).waitFor();
  const list = dialog.getByLabel('Folder contents');
  assert.deepEqual(await list.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))), ['more', 'scene.hdr', 'scene.img'], 'folders first; .txt hidden (not one of io.read\'s extensions)');
  await dialog.getByRole('button', { name: 'scene.hdr', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => window.bandwireDocument!().nodes.find((n) => n.id === 'read')?.params?.path !== undefined);
  const read = (await documentOf(page)).nodes.find((n) => n.id === 'read');
  assert.equal(read?.params?.path, join(data, 'scene.hdr'));
  assert.equal(await page.getByLabel('path', { exact: true }).inputValue(), join(data, 'scene.hdr'));

  // Browse again: starts in the value's folder with its name in the field; Escape changes nothing.
  await page.getByRole('button', { name: 'Browse for path' }).click();
  await current.filter({ hasText: data }).waitFor();
  assert.equal(await field.inputValue(), 'scene.hdr');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await documentOf(page)).nodes.find((n) => n.id === 'read')?.params?.path, join(data, 'scene.hdr'));
  assert.equal(await node.count(), 1, 'the node is still there');

  // A value in a folder that is gone (relative: against the document's folder): said, and the host's folder shown.
  const param = page.getByLabel('path', { exact: true });
  await param.fill('gone/scene.hdr');
  await param.press('Enter');
  await page.getByRole('button', { name: 'Browse for path' }).click();
  await dialog.getByRole('alert').filter({ hasText: `folder ${join(work, 'projects', 'gone')} does not exist; showing the host's folder instead` }).waitFor();
  await current.filter({ hasText: new RegExp(`^${work}$`) }).waitFor();
  await dialog.getByRole('button', { name: 'Close dialog' }).click();
  await dialog.waitFor({ state: 'detached' });
});

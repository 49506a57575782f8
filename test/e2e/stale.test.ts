/**
 * Run-state e2e (browser mode, headless Chromium): results shown must belong to the document.
 * After a run, a param edit marks that node and everything downstream stale (others stay done) and
 * dims their previews; undo makes them fresh; a refused run leaves them stale and its log line is
 * in view. Opening another graph shows no status or preview from before; a file problem goes with
 * its node. The zoom controls are one compact column. Set BANDWIRE_E2E_SHOTS=<folder> for screenshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFile, ROOT, selectNode, sharedSession } from './harness.ts';

const EXAMPLE = join(ROOT, 'graphs', 'examples', 'synthetic-anomalies.json');
const { skip, session } = sharedSession('stale-result', {}, existsSync(EXAMPLE) ? undefined : `example graph ${EXAMPLE} is missing`);
const SHOTS = process.env.BANDWIRE_E2E_SHOTS;

/** `id: status` (with `/stale`) of every node on the canvas, sorted by id. */
async function statuses(page: Page): Promise<string[]> {
  const list = await page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const node = e.querySelector('.bw-node')!;
      return `${e.getAttribute('data-id')}: ${node.getAttribute('data-status')}${node.getAttribute('data-stale') ? '/stale' : ''}`;
    }),
  );
  return list.sort();
}

const select = selectNode;

async function setParam(page: Page, name: string, value: string) {
  await page.getByLabel(name, { exact: true }).fill(value);
  await page.getByLabel(name, { exact: true }).press('Enter');
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** True when the run log is scrolled to its newest line. */
const logAtBottom = (page: Page) => page.getByLabel('Run log').evaluate((e) => e.scrollHeight - e.scrollTop - e.clientHeight <= 8);

test('an edit after a run marks the node and its downstream stale; undo makes them fresh', { skip }, async () => {
  const { page, work } = session;
  const graph = join(work, 'anomalies.json');
  copyFileSync(EXAMPLE, graph);
  await openFile(page, graph);
  await page.locator('.react-flow__node[data-id="scene"]').waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('.bw-node[data-status="done"]').length === 6, undefined, { timeout: 45_000 });
  await page.getByLabel('Run log').getByText('run finished').waitFor();
  assert.ok(await logAtBottom(page), 'the run log follows its newest line');
  const allDone = ['quicklook: done', 'report: done', 'roc: done', 'rx: done', 'save: done', 'scene: done'];
  assert.deepEqual(await statuses(page), allDone);
  await select(page, 'roc');
  const auc = await page.getByLabel('Metrics').locator('tr', { hasText: 'AUC' }).locator('td').innerText();
  assert.equal(await page.getByTestId('stale-note').count(), 0);

  // rx's window 0 → 5: rx and everything fed by its score are stale, the scene is not.
  await select(page, 'rx');
  await setParam(page, 'window', '5');
  await page.locator('.react-flow__node[data-id="rx"] .bw-node[data-stale="true"]').waitFor();
  const staleAfterEdit = ['quicklook: done/stale', 'report: done/stale', 'roc: done/stale', 'rx: done/stale', 'save: done/stale', 'scene: done'];
  assert.deepEqual(await statuses(page), staleAfterEdit);
  assert.equal(await page.locator('.react-flow__node[data-id="rx"] [data-testid="status-badge"]').innerText(), 'stale — run again');
  assert.match(await page.locator('.react-flow__node[data-id="scene"] [data-testid="status-badge"]').innerText(), /^done \d+ ms$/);
  // The old metrics stay readable, dimmed under a note that they come from the previous run.
  await select(page, 'roc');
  await page.getByTestId('stale-note').waitFor();
  assert.match(await page.getByTestId('stale-note').innerText(), /previous run/);
  assert.equal(await page.locator('.stale-result').getByLabel('Metrics').locator('tr', { hasText: 'AUC' }).locator('td').innerText(), auc);
  assert.ok(Number(await page.locator('.stale-result').evaluate((e) => getComputedStyle(e).opacity)) < 0.7, 'stale results are dimmed');
  await shot(page, 'stale-after-edit');

  // Undo back to the graph that ran: fresh again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.bw-node[data-stale]').length === 0);
  assert.deepEqual(await statuses(page), allDone);
  assert.equal(await page.getByTestId('stale-note').count(), 0);

  // An even window is refused at compile time: statuses stay stale, the log says so in view.
  await select(page, 'rx');
  await setParam(page, 'window', '4');
  await page.locator('.react-flow__node[data-id="rx"] .bw-node[data-stale="true"]').waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Run log').getByText('run finished with errors').waitFor();
  await page.waitForFunction(() => !(document.querySelector('button[aria-label="Run"]') as HTMLButtonElement).disabled);
  assert.deepEqual(await statuses(page), staleAfterEdit);
  const log = (await page.getByLabel('Run log').innerText()).split('\n');
  assert.match(log.at(-1)!, /run finished with errors$/);
  assert.match(log.at(-2)!, /PARAM_INVALID \(rx\): .*param 'window' must be odd/);
  assert.equal(log.filter((line) => /^─+ run ─+$/.test(line)).length, 2, 'each run starts a section of the log');
  await page.waitForFunction(() => { const e = document.querySelector('[aria-label="Run log"]')!; return e.scrollHeight - e.scrollTop - e.clientHeight <= 8; });
  await shot(page, 'stale-refused-run');
});

test('opening another graph shows no status or preview of the previous one; file problems go with their node', { skip }, async () => {
  const { page, work, pageErrors } = session;
  // Same node ids as the example just run (scene, rx), another size, and a node of unknown type.
  const other = join(work, 'other.json');
  writeFileSync(other, JSON.stringify({
    bandwire: 1,
    name: 'small',
    nodes: [
      { id: 'scene', type: 'synth.scene', params: { rows: 16, cols: 16, bands: 8 }, position: { x: 0, y: 0 } },
      { id: 'x', type: 'no.such', params: {}, position: { x: 300, y: 200 } },
      { id: 'rx', type: 'detect.rx', params: {}, position: { x: 300, y: 0 } },
    ],
    edges: [{ from: 'scene.cube', to: 'rx.cube' }],
  }));
  await openFile(page, other);
  await page.locator('.react-flow__node[data-id="x"]').waitFor();
  assert.deepEqual(await statuses(page), ['rx: idle', 'scene: idle', 'x: idle']);
  assert.equal(await page.locator('.react-flow__node[data-id="rx"] .bw-node-problem').count(), 0, "the previous graph's rx problem (even window) is gone");
  assert.equal(await page.locator('.react-flow__node[data-id="scene"] [data-testid="status-badge"]').innerText(), 'idle');
  await select(page, 'scene');
  await page.getByLabel('Previews').getByText('No output yet').waitFor();
  assert.equal(await page.getByTestId('preview-canvas').count(), 0, 'no preview of the previous graph');
  await page.getByLabel('Run log').getByText('opened other.json').waitFor();
  await shot(page, 'other-opened');

  // The unknown-type problem from open time leaves with node x.
  await page.getByLabel('Problems').getByText('no.such').first().waitFor();
  await page.locator('.react-flow__node[data-id="x"]').click();
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => window.bandwireDocument!().nodes.length === 2);
  await page.waitForFunction(() => !document.querySelector('[aria-label="Problems"]')!.textContent!.includes('no.such'));

  // Its own run shows its own 16 x 16 cube.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('.bw-node[data-status="done"]').length === 2, undefined, { timeout: 45_000 });
  await select(page, 'scene');
  await page.getByRole('tab', { name: 'cube' }).click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="preview-canvas"]') as HTMLCanvasElement | null)?.width === 16);
  assert.deepEqual(pageErrors.filter((m) => !/status of 4\d\d/.test(m)), []);
});

test('a problem found when the file was opened goes once the user fixes it', { skip }, async () => {
  const { page, work } = session;
  const file = join(work, 'even-window.json');
  writeFileSync(file, JSON.stringify({
    bandwire: 1,
    nodes: [
      { id: 'scene', type: 'synth.scene', params: { rows: 16, cols: 16, bands: 8 }, position: { x: 0, y: 0 } },
      { id: 'rx', type: 'detect.rx', params: { window: 4 }, position: { x: 300, y: 0 } },
    ],
    edges: [{ from: 'scene.cube', to: 'rx.cube' }],
  }));
  await openFile(page, file);
  await page.getByLabel('Problems').getByText(/window.*must be odd/).first().waitFor();
  await select(page, 'rx');
  await setParam(page, 'window', '5');
  await page.waitForFunction(() => !/must be odd/.test(document.querySelector('[aria-label="Problems"]')!.textContent!));
});

test('the zoom controls are one compact column; cancelled and error badges differ', { skip }, async () => {
  const { page } = session;
  const box = async (name: string) => (await page.locator(`.react-flow__controls-${name}`).boundingBox())!;
  const [zoomIn, zoomOut, fit] = [await box('zoomin'), await box('zoomout'), await box('fitview')];
  assert.equal(zoomIn.x, zoomOut.x);
  assert.equal(zoomOut.x, fit.x);
  assert.ok(zoomIn.y < zoomOut.y && zoomOut.y < fit.y && fit.y - zoomIn.y < 70, `buttons stacked closely: ${JSON.stringify([zoomIn, zoomOut, fit])}`);
  const column = (await page.locator('.react-flow__controls').boundingBox())!;
  assert.ok(column.height < 100 && column.width < 40, `controls column ${column.width} x ${column.height} px`);
  await shot(page, 'controls');
  const badge = (status: string) =>
    page.evaluate((s) => {
      const node = document.createElement('div');
      node.className = `bw-node status-${s}`;
      node.innerHTML = '<span class="bw-badge"></span>';
      document.body.append(node);
      const colour = getComputedStyle(node.firstElementChild!).backgroundColor;
      node.remove();
      return colour;
    }, status);
  assert.notEqual(await badge('cancelled'), await badge('error'));
});

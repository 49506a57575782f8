/**
 * Run e2e (browser mode, headless Chromium): run the example graph and see every node done;
 * previews show non-blank pixels; a pixel click draws a spectrum and can become a spectrum node;
 * cancel stops a long run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFile, ROOT, sharedSession } from './harness.ts';

const EXAMPLE = join(ROOT, 'graphs', 'examples', 'synthetic-anomalies.json');
const { skip, session } = sharedSession('run', {}, existsSync(EXAMPLE) ? undefined : `example graph ${EXAMPLE} is missing`);

/** Lit (not black, not transparent) pixels, total pixels and distinct colours of the first canvas matching `selector`. */
async function litPixels(page: Page, selector: string): Promise<{ lit: number; total: number; distinct: number }> {
  return page.locator(selector).first().evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] > 0) lit++;
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { lit, total: data.length / 4, distinct: colours.size };
  });
}

test('the example graph runs with every node done; previews and pixel spectra work', { skip }, async () => {
  const { page, work } = session;
  const graph = join(work, 'example.json');
  copyFileSync(EXAMPLE, graph); // outputs (out/*.tif, ...) land in the scratch folder
  await openFile(page, graph);
  await page.locator('.react-flow__node[data-id="scene"]').waitFor();
  const ids = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  assert.ok(ids.length >= 3);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.bw-node[data-status="done"]').length === n, ids.length, { timeout: 45_000 });
  for (const id of ids) assert.equal(await page.locator(`.react-flow__node[data-id="${id}"] .bw-node`).getAttribute('data-status'), 'done', `${id} done`);
  assert.ok(existsSync(join(work, 'out', 'rx.tif')), 'io.write wrote out/rx.tif beside the graph');
  await page.getByLabel('Run log').getByText('run finished').waitFor();

  // Score map preview: colour-mapped with a colour bar.
  await page.locator('.react-flow__node[data-id="rx"] .bw-node-title').click();
  await page.getByTestId('preview-canvas').waitFor();
  await page.getByLabel('Colour bar').waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="preview-canvas"]') as HTMLCanvasElement).width === 128);
  const score = await litPixels(page, '[data-testid="preview-canvas"]');
  assert.equal(score.total, 128 * 128);
  assert.ok(score.lit > score.total * 0.9 && score.distinct > 20, `score map preview is not blank: ${JSON.stringify(score)}`);

  // Cube preview (RGB composite) and a pixel click → spectrum plot.
  await page.locator('.react-flow__node[data-id="scene"] .bw-node-title').click();
  await page.getByRole('tab', { name: 'cube' }).click();
  await page.getByLabel('R band').waitFor();
  const cube = await litPixels(page, '[data-testid="preview-canvas"]');
  assert.ok(cube.lit > cube.total * 0.9 && cube.distinct > 50, `cube preview is not blank: ${JSON.stringify(cube)}`);
  await page.getByTestId('preview-canvas').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('preview-canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
  await page.getByTestId('spectrum-plot').locator('canvas').waitFor();
  const title = await page.getByTestId('spectrum-plot').locator('.u-title').innerText();
  assert.match(title, /^Pixel \(row (\d+), col (\d+)\)$/);
  const [, row, col] = /\(row (\d+), col (\d+)\)/.exec(title)!.map(Number);
  assert.ok(Math.abs(row - 96) <= 1 && Math.abs(col - 32) <= 1, `clicked pixel maps to (${row}, ${col})`);
  const plot = await litPixels(page, '[data-testid="spectrum-plot"] canvas');
  assert.ok(plot.distinct > 2, 'the spectrum plot draws a line');

  // The picked pixel becomes a spectrum in the graph (prep.pixelSpectra fed by the cube).
  await page.getByRole('button', { name: `Use pixel (${row}, ${col}) as spectrum` }).click();
  const picked = await page.evaluate(() => window.bandwireDocument!());
  const spectraNode = picked.nodes.find((n) => n.type === 'prep.pixelSpectra');
  assert.deepEqual(spectraNode?.params, { pixels: `${row},${col}` });
  assert.ok(picked.edges.some((e) => e.from === 'scene.cube' && e.to === `${spectraNode!.id}.cube`), 'fed by scene.cube');
  await page.locator(`.react-flow__node[data-id="${spectraNode!.id}"]`).waitFor();

  // Spectra output as a line plot.
  await page.getByRole('tab', { name: 'endmembers' }).click();
  await page.getByTestId('spectra-plot').locator('canvas').waitFor();

  // Metrics as a table.
  await page.locator('.react-flow__node[data-id="roc"] .bw-node-title').click();
  const auc = Number(await page.getByLabel('Metrics').locator('tr', { hasText: 'AUC' }).locator('td').innerText());
  assert.ok(auc > 0.5 && auc <= 1, `AUC shown in the metrics table: ${auc}`);
  // The ROC curve of metrics.detection is plotted.
  await page.getByTestId('curve-plot').locator('canvas').waitFor();

  // Run to selected: only the node and its ancestors run (from the cache now).
  await page.locator('.react-flow__node[data-id="rx"] .bw-node-title').click();
  await page.getByRole('button', { name: 'Run to selected' }).click();
  await page.getByLabel('Run log').getByText('run started (2 nodes').waitFor();
});

test('cancel stops a long run', { skip }, async () => {
  const { page, work } = session;
  const graph = join(work, 'long.json');
  writeFileSync(graph, JSON.stringify({
    bandwire: 1,
    name: 'long local RX',
    nodes: [
      // FCLS with 24 endmembers on 300 x 300 pixels takes ~20 s on 2 cores.
      { id: 'scene', type: 'synth.scene', params: { rows: 300, cols: 300, bands: 64, endmembers: 24, seed: 3 }, position: { x: 0, y: 0 } },
      { id: 'unmix', type: 'unmix.fcls', params: {}, position: { x: 320, y: 0 } },
    ],
    edges: [{ from: 'scene.cube', to: 'unmix.cube' }, { from: 'scene.endmembers', to: 'unmix.endmembers' }],
  }));
  await openFile(page, graph);
  await page.locator('.react-flow__node[data-id="unmix"]').waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.react-flow__node[data-id="unmix"] .bw-node[data-status="running"]').waitFor({ timeout: 40_000 });
  const started = Date.now();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('.react-flow__node[data-id="unmix"] .bw-node[data-status="cancelled"]').waitFor({ timeout: 15_000 });
  await page.getByLabel('Run log').getByText('run cancelled').waitFor({ timeout: 15_000 });
  assert.ok(await page.getByRole('button', { name: 'Run', exact: true }).isEnabled());
  console.log(`# cancel took ${Date.now() - started} ms`);
});

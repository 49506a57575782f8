/**
 * Editor polish e2e from the third new-user audit (browser mode, headless Chromium, 1280 x 720):
 * metrics.compare shows its table first and the flat values behind a "n values" disclosure; spectra
 * plots break at dropped bands; cards tell nodes of one type apart by their variant; a never-run
 * node's params take the side panel; a graph without positions is laid out on open; a long run
 * error is clamped on the card, whole in its tooltip and in the inspector.
 * Set BANDWIRE_E2E_SHOTS=<folder> for screenshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { COMPARE_GRAPH } from './fixtures.ts';
import { documentOf, openFile, selectNode, sharedSession } from './harness.ts';

const { skip, session } = sharedSession('polish', { viewport: { width: 1280, height: 720 } });
const SHOTS = process.env.BANDWIRE_E2E_SHOTS;

const edges = (pairs: string[][]) => pairs.map(([from, to]) => ({ from, to }));

async function open(page: Page, name: string, graph: object) {
  const path = join(session.work, `${name}.json`);
  writeFileSync(path, JSON.stringify(graph, null, 2));
  await openFile(page, path);
  await page.getByTestId('notice').getByText(`opened ${path}`).waitFor();
}

const select = selectNode;

async function runAll(page: Page) {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Run log').getByText('run finished').last().waitFor({ timeout: 45_000 });
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

test('metrics.compare: the comparison table comes first, the 9 flat values behind a closed disclosure', { skip }, async () => {
  const { page } = session;
  await open(page, 'compare', COMPARE_GRAPH);
  await runAll(page);
  await select(page, 'compare');
  const previews = page.getByLabel('Previews');
  const table = previews.getByLabel('Table comparison');
  await table.waitFor();
  const disclosure = previews.locator('details.metric-values');
  // 5 Wald metrics of interp + 4 SAD values of vca, as "method.metric"
  assert.equal(await disclosure.locator('summary').innerText(), '9 values');
  assert.equal(await disclosure.evaluate((e) => (e as HTMLDetailsElement).open), false);
  const tableTop = (await table.boundingBox())!.y;
  const valuesTop = (await disclosure.boundingBox())!.y;
  assert.ok(tableTop < valuesTop, `table at ${tableTop} px above the values at ${valuesTop} px`);
  const side = (await previews.boundingBox())!;
  assert.ok(tableTop < side.y + side.height, 'the comparison table starts inside the outputs pane');
  await shot(page, 'polish-compare');
  await disclosure.locator('summary').click();
  assert.ok(await previews.getByLabel('Metrics').locator('tr', { hasText: 'interp.ERGAS' }).isVisible());
  // A metrics node with a short list and a table keeps its 4 values open.
  await select(page, 'sad');
  await previews.getByLabel('Table matching').waitFor();
  assert.equal(await previews.locator('details.metric-values').evaluate((e) => (e as HTMLDetailsElement).open), true);
});

test('endmember spectra break at dropped bands; a long run error is clamped on the card and whole in the inspector', { skip }, async () => {
  const { page } = session;
  // 64 bands 400–2500 nm (~33 nm apart); bands 21–29 dropped leave a ~330 nm gap.
  await open(page, 'gaps', {
    bandwire: 1,
    nodes: [
      { id: 'scene', type: 'synth.scene', params: { rows: 24, cols: 24, bands: 64, endmembers: 3, anomalies: 0, seed: 2 }, position: { x: 0, y: 0 } },
      { id: 'select', type: 'prep.selectBands', params: { bands: '0-20,30-63' }, position: { x: 300, y: 0 } },
      { id: 'vca', type: 'unmix.vca', params: { endmembers: 3, seed: 0 }, position: { x: 600, y: 0 } },
      { id: 'tooMany', type: 'unmix.vca', label: 'VCA with too many endmembers', params: { endmembers: 60, seed: 0 }, position: { x: 600, y: 220 } },
    ],
    edges: edges([['scene.cube', 'select.cube'], ['select.cube', 'vca.cube'], ['select.cube', 'tooMany.cube']]),
  });
  await runAll(page);
  await select(page, 'vca');
  const plot = page.getByLabel('Previews').getByTestId('spectra-plot');
  await plot.locator('canvas').waitFor();
  assert.equal(await plot.getAttribute('data-gaps'), '1');
  assert.equal(await plot.getAttribute('data-y-label'), 'value');
  await shot(page, 'polish-gaps');

  const error = page.locator('.react-flow__node[data-id="tooMany"] .bw-node-error');
  await error.waitFor();
  const full = (await error.getAttribute('title')) ?? '';
  assert.match(full, /param 'endmembers' of node 'tooMany' = 60 exceeds the 55 bands of input 'cube'/);
  const lines = await error.evaluate((e) => {
    const style = getComputedStyle(e);
    return { clamp: style.getPropertyValue('-webkit-line-clamp'), height: e.getBoundingClientRect().height, line: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3 };
  });
  assert.equal(lines.clamp, '3');
  assert.ok(lines.height <= 3 * lines.line + 2, `error text ${lines.height} px high, line ${lines.line} px`);
  await select(page, 'tooMany');
  assert.match(await page.getByLabel('Inspector').getByLabel('Run error').innerText(), /exceeds the 55 bands of input 'cube'/);
  await shot(page, 'polish-error');
});

test('cards show the variant; a never-run node with many params gets the side panel', { skip }, async () => {
  const { page } = session;
  await open(page, 'variants', {
    bandwire: 1,
    nodes: ['fs', 'hpm', 'hpm-r'].map((variant, i) => ({ id: `glp${i}`, type: 'pansharpen.mtfGlp', params: { variant }, position: { x: 0, y: i * 200 } }))
      .concat([{ id: 'pnn', type: 'pansharpen.pnn', params: {}, position: { x: 400, y: 0 } } as never]),
    edges: [],
  });
  const summaries = await page.locator('.react-flow__node[data-id^="glp"] [data-testid="node-summary"]').allInnerTexts();
  assert.deepEqual(summaries, ['variant: fs', 'variant: hpm', 'variant: hpm-r']);
  assert.equal(await page.locator('.react-flow__node[data-id="pnn"] [data-testid="node-summary"]').innerText(), 'variant: r-pnn');
  await select(page, 'pnn');
  const inspector = (await page.getByLabel('Inspector').boundingBox())!;
  const previews = (await page.getByLabel('Previews').boundingBox())!;
  const side = (await page.locator('aside.side').boundingBox())!;
  assert.ok(inspector.height > 0.7 * side.height, `inspector ${inspector.height} px of the ${side.height} px side panel`);
  assert.ok(previews.height < 0.3 * side.height, `outputs pane ${previews.height} px`);
  await shot(page, 'polish-inspector');
});

test('a graph without positions is laid out on open, left to right, without marking it unsaved', { skip }, async () => {
  const { page } = session;
  await open(page, 'unplaced', {
    bandwire: 1,
    nodes: [
      { id: 'scene', type: 'synth.scene', params: { rows: 16, cols: 16, bands: 8 } },
      { id: 'degrade', type: 'prep.degrade', params: { ratio: 2 } },
      { id: 'pan', type: 'prep.synthPan', params: {} },
      { id: 'interp', type: 'pansharpen.interp', params: { ratio: 2 } },
      { id: 'wald', type: 'metrics.reduced', params: { ratio: 2 } },
    ],
    edges: edges([['scene.cube', 'degrade.cube'], ['scene.cube', 'pan.cube'], ['degrade.cube', 'interp.hs'], ['pan.band', 'interp.pan'], ['interp.cube', 'wald.fused'], ['scene.cube', 'wald.reference']]),
  });
  assert.match(await page.getByTestId('notice').innerText(), /laid out automatically/);
  const doc = (await documentOf(page)) as unknown as { nodes: { id: string; position?: { x: number; y: number } }[] };
  const at = Object.fromEntries(doc.nodes.map((n) => [n.id, n.position]));
  assert.ok(doc.nodes.every((n) => n.position), JSON.stringify(at));
  assert.ok(at.scene!.x < at.degrade!.x && at.degrade!.x < at.interp!.x && at.interp!.x < at.wald!.x, JSON.stringify(at));
  assert.doesNotMatch(await page.title(), /^•/);
  await shot(page, 'polish-layout');
  assert.deepEqual(session.pageErrors.filter((m) => !/status of 4\d\d/.test(m)), []);
});

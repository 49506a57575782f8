/**
 * Editor UX e2e (browser mode, headless Chromium, 1280 x 720 as in the user audit): the Run click
 * shows "starting…" at once; metrics tables show units (SAM (deg), PSNR (dB), SAD (rad)); the
 * inspector's Help button opens the node's rendered help below the params, which stay in view;
 * clicking a problem's text selects its node and focuses the param it names.
 * Set BANDWIRE_E2E_SHOTS=<folder> for screenshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFile, selectNode, sharedSession } from './harness.ts';
import { COMPARE_GRAPH } from './fixtures.ts';

const { skip, session } = sharedSession('UX', { viewport: { width: 1280, height: 720 } });
const SHOTS = process.env.BANDWIRE_E2E_SHOTS;

const select = selectNode;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Header texts of the metrics table labelled `label` in the previews. */
const headers = (page: Page, label: string) => page.getByLabel('Previews').getByLabel(label).locator('th').allInnerTexts();

/** True when `locator`'s box lies inside the viewport. */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  });
}

test('the Run click shows "starting…" at once; metrics tables show units', { skip }, async () => {
  const { page, work } = session;
  const graph = join(work, 'units.json');
  writeFileSync(graph, JSON.stringify(COMPARE_GRAPH, null, 2));
  await openFile(page, graph);
  await page.locator('.react-flow__node[data-id="compare"]').waitFor();
  // Record every run-status text and the Run button's state from the click on.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { runStatusSeen: string[] }).runStatusSeen = seen;
    const status = document.querySelector('[data-testid="run-status"]')!;
    const run = document.querySelector('button[aria-label="Run"]') as HTMLButtonElement;
    new MutationObserver(() => seen.push(`${status.textContent}|${run.disabled ? 'disabled' : 'enabled'}`)).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await shot(page, 'ux-run-clicked');
  await page.getByLabel('Run log').getByText('run finished').waitFor({ timeout: 45_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')!.textContent === '');
  const seen = await page.evaluate(() => (window as unknown as { runStatusSeen: string[] }).runStatusSeen);
  assert.equal(seen[0], 'starting…|disabled', `first status after the click: ${JSON.stringify(seen)}`);
  assert.ok(seen.includes('running…|disabled'), `"starting…" gives way to "running…" at the first event: ${JSON.stringify(seen)}`);
  assert.equal(seen.at(-1), '|enabled');

  await select(page, 'wald');
  await page.getByLabel('Previews').getByLabel('Metrics').waitFor();
  assert.deepEqual(await headers(page, 'Metrics'), ['ERGAS', 'SAM (deg)', 'Q2n', 'SCC', 'PSNR (dB)']);
  await select(page, 'sad');
  await page.getByLabel('Previews').getByLabel('Table matching').waitFor();
  assert.deepEqual(await headers(page, 'Metrics'), ['SAD_endmember1 (rad)', 'SAD_endmember2 (rad)', 'SAD_endmember3 (rad)', 'SAD (rad)']);
  assert.deepEqual(await headers(page, 'Table matching'), ['reference', 'endmember', 'SAD (rad)', 'RMSE']);
  await select(page, 'compare');
  await page.getByLabel('Previews').getByLabel('Table comparison').waitFor();
  const columns = await page.getByLabel('Table comparison').locator('thead th').allInnerTexts();
  assert.deepEqual(columns, ['method', 'ERGAS', 'SAM (deg)', 'Q2n', 'SCC', 'PSNR (dB)', 'SAD_endmember1 (rad)', 'SAD_endmember2 (rad)', 'SAD_endmember3 (rad)', 'SAD (rad)']);
  const sam = Number(await page.getByLabel('Table comparison').locator('tbody tr').first().locator('td').nth(2).innerText());
  assert.ok(sam > 0.5 && sam < 60, `interp SAM ${sam} deg`);
  await shot(page, 'ux-units-compare');
});

test('the Help button opens the rendered help below the params, which stay in view', { skip }, async () => {
  const { page } = session;
  await select(page, 'wald');
  const help = page.getByRole('button', { name: 'Help', exact: true });
  assert.equal(await help.getAttribute('aria-expanded'), 'false');
  await help.click();
  const panel = page.getByLabel('Node help');
  await panel.waitFor();
  assert.equal(await help.getAttribute('aria-expanded'), 'true');
  assert.match(await panel.locator('h3').innerText(), /Reduced-resolution metrics/);
  // Rendered markdown: a list with bold metric names and code spans, not raw "**" marks.
  assert.ok((await panel.locator('li').count()) >= 5);
  assert.deepEqual(await panel.locator('li strong').allInnerTexts(), ['ERGAS', 'SAM', 'Q2n', 'SCC', 'PSNR']);
  assert.ok((await panel.locator('code').count()) > 0);
  assert.doesNotMatch(await panel.innerText(), /\*\*/);
  // The params stay in view, the help fills the side panel below them (the outputs give way).
  assert.ok(await inView(page, '#param-ratio'), 'param ratio is visible');
  assert.equal(await page.getByLabel('Previews').isVisible(), false);
  const box = (await panel.boundingBox())!;
  assert.ok(box.height > 250, `help panel ${box.height} px high`);
  assert.ok(await panel.evaluate((e) => e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY === 'auto'), 'the help scrolls');
  await shot(page, 'ux-help-open');
  // Selecting another node shows its help; Close brings the outputs back.
  await select(page, 'sad');
  await page.getByLabel('Node help').getByText('Hungarian method', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Close help' }).click();
  assert.equal(await page.getByLabel('Node help').count(), 0);
  await page.getByLabel('Previews').waitFor();
});

test("clicking a problem's text selects its node and focuses the param it names", { skip }, async () => {
  const { page, work } = session;
  const graph = join(work, 'problem.json');
  writeFileSync(graph, JSON.stringify({
    bandwire: 1,
    name: 'problem',
    nodes: [
      { id: 'scene', type: 'synth.scene', params: { rows: 16, cols: 16, bands: 8 }, position: { x: 0, y: 0 } },
      { id: 'rx', type: 'detect.rx', params: { window: 4 }, position: { x: 320, y: 0 } },
    ],
    edges: [{ from: 'scene.cube', to: 'rx.cube' }],
  }));
  await openFile(page, graph);
  const problem = page.getByLabel('Problems').getByText(/param 'window' must be odd/);
  await problem.waitFor();
  assert.deepEqual(await page.evaluate(() => document.querySelectorAll('.react-flow__node.selected').length), 0);
  await problem.click();
  await page.locator('.react-flow__node[data-id="rx"] .bw-node-problem').waitFor();
  await page.locator('.react-flow__node.selected[data-id="rx"]').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'param-window');
  assert.match(await page.getByLabel('Inspector').locator('h2').innerText(), /RX/);
  assert.ok(await inView(page, '#param-window'));
  await shot(page, 'ux-problem-clicked');
  // Typing goes straight into the focused field.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.bandwireDocument!().nodes.find((n) => n.id === 'rx')?.params?.window === 5);
  assert.deepEqual(session.pageErrors.filter((m) => !/status of 4\d\d/.test(m)), []);
});

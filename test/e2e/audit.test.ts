/**
 * Editor fixes from a new-user audit (browser mode, headless Chromium, 1280 x 720): the recovery
 * copy is kept while its offer is pending; number fields read a decimal comma and refuse text; a
 * param problem shows once; a wire dragged to an incompatible input shows invalid; added, duplicated
 * and pasted nodes do not land on others; notices show above a dialog; writers that refused to
 * replace files can be set to overwrite and re-run in one click; a pixel pick scrolls its plot into
 * view; ROC curves use a log false-alarm axis; the run log's header covers no line; one Fit view.
 * Set BANDWIRE_E2E_SHOTS=<folder> for screenshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { connectHandles, documentOf, dragFromPalette, openFile, sharedSession } from './harness.ts';

const { skip, session } = sharedSession('audit', { viewport: { width: 1280, height: 720 } });
const SHOTS = process.env.BANDWIRE_E2E_SHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const select = (page: Page, id: string) => node(page, id).locator('.bw-node-title').click();

/** Nodes (by id) of the canvas whose drawn boxes overlap. */
async function overlapping(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((elements) => {
    const boxes = elements.map((e) => ({ id: e.getAttribute('data-id'), r: e.getBoundingClientRect() }));
    const pairs: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push(`${boxes[i].id}/${boxes[j].id}`);
      }
    }
    return pairs;
  });
}

/** True when the element's box lies inside the window and inside the side panel's visible part. */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    const panel = e.closest('.previews')?.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && (!panel || (r.top >= panel.top - 1 && r.bottom <= panel.bottom + 1));
  });
}

test('the recovery copy is not overwritten while its offer is pending; Discard resumes autosave', { skip }, async () => {
  const { page, work } = session;
  const recovery = join(work, 'config', 'recovery.json');
  /** Nodes in the recovery copy; 0 while there is none (Discard deletes it before the next autosave). */
  const recoveredNodes = () => (existsSync(recovery) ? (JSON.parse(readFileSync(recovery, 'utf8')) as { doc: { nodes: unknown[] } }).doc.nodes.length : 0);
  await dragFromPalette(page, 'synth.scene', 140, 120);
  await node(page, 'scene').waitFor();
  for (let i = 0; i < 50 && !existsSync(recovery); i++) await page.waitForTimeout(100);
  assert.equal(recoveredNodes(), 1, 'the unsaved one-node graph is autosaved');

  // "The editor crashed": a new window offers the recovered graph.
  const second = await session.openPage();
  const banner = second.getByRole('alert').filter({ hasText: 'was recovered' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /\(1 node\) was recovered/);
  // Edits while the offer is pending do not replace the copy (the autosave waits 400 ms).
  await dragFromPalette(second, 'detect.rx', 200, 120);
  await dragFromPalette(second, 'detect.rx', 200, 320);
  await node(second, 'rx2').waitFor();
  await second.waitForTimeout(1500);
  assert.equal(recoveredNodes(), 1, 'the recovered graph is still on disk');
  await shot(second, 'audit-recovery-pending');
  // Discarding ends the offer: the current graph is autosaved again.
  await second.getByRole('button', { name: 'Discard' }).click();
  for (let i = 0; i < 50 && recoveredNodes() !== 2; i++) await second.waitForTimeout(100);
  assert.equal(recoveredNodes(), 2);
  await second.close();
});

test('added, duplicated and pasted nodes land where they cover no node', { skip }, async () => {
  const { page } = session;
  // Enter on a palette item adds the node at the canvas centre, each time.
  for (let i = 0; i < 3; i++) await page.locator('[data-node-type="detect.rx"]').press('Enter');
  await node(page, 'rx3').waitFor();
  await select(page, 'rx2');
  await page.keyboard.press('ControlOrMeta+d');
  await node(page, 'rx22').waitFor();
  await select(page, 'scene');
  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await page.keyboard.press('ControlOrMeta+v');
  await node(page, 'scene3').waitFor();
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(400);
  await shot(page, 'audit-placement');
  assert.equal((await documentOf(page)).nodes.length, 7);
  assert.deepEqual(await overlapping(page), []);
});

test('a wire to an incompatible input shows invalid while dragging; the drop is refused with a notice', { skip }, async () => {
  const { page } = session;
  const handle = (end: string, kind: 'source' | 'target') => {
    const [id, port] = end.split('.');
    return node(page, id).locator(`.react-flow__handle.${kind}[data-handleid="${port}"]`);
  };
  const dragOver = async (from: string, to: string) => {
    const a = (await handle(from, 'source').boundingBox())!;
    const b = (await handle(to, 'target').boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    return (await handle(to, 'target').getAttribute('class')) ?? '';
  };
  const invalid = await dragOver('scene.endmembers', 'rx.cube');
  await shot(page, 'audit-invalid-wire');
  await page.mouse.up();
  assert.match(invalid, /\bconnectingto\b/);
  assert.doesNotMatch(invalid, /\bvalid\b/, `spectra over a cube input: ${invalid}`);
  await page.getByTestId('notice').filter({ hasText: 'Connection refused' }).waitFor();
  assert.match(await page.getByTestId('notice').innerText(), /a spectra output cannot feed a cube input/);
  const valid = await dragOver('scene.cube', 'rx.cube');
  await page.mouse.up();
  assert.match(valid, /\bconnectingto\b.*\bvalid\b|\bvalid\b.*\bconnectingto\b/, `cube over a cube input: ${valid}`);
  await page.waitForFunction(() => window.bandwireDocument!().edges.length === 1);
  assert.deepEqual((await documentOf(page)).edges, [{ from: 'scene.cube', to: 'rx.cube' }]);
});

test('number fields: "12,5" is 12.5, text that is no number stores nothing; a param problem shows once', { skip }, async () => {
  const { page } = session;
  await select(page, 'scene');
  const snr = page.locator('#param-snr');
  const snrOf = async () => (await documentOf(page)).nodes.find((n) => n.id === 'scene')?.params?.snr;
  await snr.fill('12,5');
  await snr.press('Enter');
  await page.waitForFunction(() => window.bandwireDocument!().nodes.find((n) => n.id === 'scene')?.params?.snr === 12.5);
  await snr.fill('12a');
  await snr.press('Enter');
  const row = page.locator('.param').filter({ has: snr });
  await row.getByText("param 'snr': '12a' is not a number").waitFor();
  assert.equal(await snr.getAttribute('aria-invalid'), 'true');
  assert.equal(await snrOf(), 12.5, 'nothing stored');
  // Out of range: the inspector's own message and the host's ("node 'scene' (synth.scene): ...") are one.
  await snr.fill('-20');
  await snr.press('Enter');
  await page.getByLabel('Problems').getByText(/node 'scene' \(synth\.scene\): param 'snr' = -20/).waitFor();
  await shot(page, 'audit-param-error');
  const errors = await row.locator('.param-error').allInnerTexts();
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0], /param 'snr' = -20/);
  await snr.fill('40');
  await snr.press('Enter');
  await page.waitForFunction(() => window.bandwireDocument!().nodes.find((n) => n.id === 'scene')?.params?.snr === 40);
});

test('a notice shows above the modal dialog; one Fit view button', { skip }, async () => {
  const { page } = session;
  await page.getByRole('button', { name: 'Save As' }).click();
  await page.getByLabel('File path').fill('/proc/bandwire-no-such-folder/graph.json');
  await page.getByRole('button', { name: 'Save file' }).click();
  const notice = page.getByTestId('notice');
  await page.waitForFunction(() => (document.querySelector('[data-testid="notice"]')?.textContent ?? '') !== '');
  await page.getByRole('dialog').waitFor();
  await shot(page, 'audit-notice-over-dialog');
  // elementFromPoint skips an element with pointer-events: none (the notice lets clicks through): lift that to ask.
  const onTop = await notice.evaluate((e: HTMLElement) => {
    e.style.pointerEvents = 'auto';
    const r = e.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    e.style.pointerEvents = '';
    return top !== null && e.contains(top);
  });
  assert.ok(onTop, `the notice "${await notice.innerText()}" is drawn above the dialog backdrop`);
  await page.getByRole('button', { name: 'Close dialog' }).click();
  assert.equal(await page.getByRole('button', { name: /fit view/i }).count(), 1);
});

/** A small RX + ROC graph with two writers that do not overwrite and one that does. */
const DETECTION_GRAPH = {
  bandwire: 1,
  name: 'audit detection',
  nodes: [
    { id: 'scene', type: 'synth.scene', params: { rows: 64, cols: 64, bands: 16, endmembers: 3, anomalies: 4, seed: 1, snr: 12 }, position: { x: 0, y: 0 } },
    { id: 'rx', type: 'detect.rx', params: { window: 0 }, position: { x: 300, y: 0 } },
    { id: 'save', type: 'io.write', params: { path: 'out/rx.tif' }, position: { x: 600, y: -150 } },
    { id: 'quicklook', type: 'io.writePng', params: { path: 'out/rx.png' }, position: { x: 600, y: 0 } },
    { id: 'roc', type: 'metrics.detection', params: {}, position: { x: 600, y: 150 } },
    { id: 'report', type: 'io.writeJson', params: { path: 'out/rx.json', overwrite: true }, position: { x: 900, y: 150 } },
  ],
  edges: [
    ['scene.cube', 'rx.cube'], ['rx.score', 'save.raster'], ['rx.score', 'quicklook.raster'], ['rx.score', 'roc.score'],
    ['scene.anomalies', 'roc.truth'], ['roc.metrics', 'report.metrics'],
  ].map(([from, to]) => ({ from, to })),
};

test('writers that refused to replace files: one click sets overwrite on exactly them and runs again', { skip }, async () => {
  const { page, work } = session;
  const graph = join(work, 'detection.json');
  writeFileSync(graph, JSON.stringify(DETECTION_GRAPH, null, 2));
  await openFile(page, graph);
  await node(page, 'report').waitFor();
  /** Clicks `button` and waits for the run it starts to end: the log changed and its last section (this run's) says "run finished". */
  const runWith = async (button: ReturnType<Page['getByRole']>) => {
    const before = (await page.getByLabel('Run log').locator('pre').textContent()) ?? '';
    await button.click();
    await page.waitForFunction((previous) => {
      const log = document.querySelector('[aria-label="Run log"] pre')?.textContent ?? '';
      const running = (document.querySelector('button[aria-label="Run"]') as HTMLButtonElement).disabled;
      return log !== previous && !running && /run finished/.test(log.split('──────── run ────────').pop()!);
    }, before, { timeout: 45_000 });
  };
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await runWith(run);
  assert.ok(existsSync(join(work, 'out', 'rx.tif')) && existsSync(join(work, 'out', 'rx.png')));
  const retry = page.getByRole('button', { name: 'Overwrite these outputs and run again' });
  assert.equal(await retry.count(), 0, 'no offer after a clean run');

  // An upstream change, run again: the writers refuse to replace their files (FILE_EXISTS).
  await select(page, 'scene');
  await page.locator('#param-seed').fill('2');
  await page.locator('#param-seed').press('Enter');
  await runWith(run);
  assert.match(await page.getByLabel('Run log').locator('pre').innerText(), /save: error: .*already exists; set overwrite: true/);
  await retry.waitFor();
  assert.match(await page.getByLabel('Run log').getByRole('note').innerText(), /Writers save, quicklook did not replace existing files/);
  await shot(page, 'audit-overwrite-offer');

  // The run log's list scrolls below its header: no line is drawn under it.
  const layout = await page.getByLabel('Run log').evaluate((section) => {
    const header = section.querySelector('h3')!.getBoundingClientRect();
    const scroller = [section, ...section.querySelectorAll('*')].find((e) => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'hidden' && getComputedStyle(e).overflowY !== 'visible');
    return { headerBottom: header.bottom, scrollerTop: scroller?.getBoundingClientRect().top, scroller: scroller?.tagName };
  });
  assert.ok(layout.scrollerTop !== undefined && layout.scrollerTop >= layout.headerBottom - 0.5, `log scrolls below its header: ${JSON.stringify(layout)}`);

  await runWith(retry);
  assert.match((await page.getByLabel('Run log').locator('pre').innerText()).split('──────── run ────────').pop()!, /run finished\s*$/);
  const doc = await documentOf(page);
  const params = (id: string) => doc.nodes.find((n) => n.id === id)?.params;
  assert.deepEqual([params('save')?.overwrite, params('quicklook')?.overwrite, params('report')?.overwrite], [true, true, true]);
  assert.equal(params('roc')?.overwrite, undefined);
  assert.equal(await retry.count(), 0);
  // One undo step takes back both overwrites (the seed edit stays).
  await page.getByRole('button', { name: 'Undo' }).click();
  const undone = await documentOf(page);
  assert.deepEqual(undone.nodes.filter((n) => n.params?.overwrite === true).map((n) => n.id), ['report']);
  assert.equal(undone.nodes.find((n) => n.id === 'scene')?.params?.seed, 2);
});

test('a pixel pick scrolls its button and plot into view; ROC curves use a log false-alarm axis', { skip }, async () => {
  const { page } = session;
  await select(page, 'scene');
  await page.getByRole('tab', { name: 'cube' }).click();
  await page.getByLabel('R band').waitFor();
  const canvas = page.getByTestId('preview-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.25);
  await page.getByTestId('spectrum-plot').locator('canvas').waitFor();
  await page.waitForTimeout(300);
  const title = await page.getByTestId('spectrum-plot').locator('.u-title').innerText();
  const [, row, col] = /^Pixel \(row (\d+), col (\d+)\)$/.exec(title)?.map(Number) ?? [];
  assert.ok(Math.abs(row - 16) <= 1 && Math.abs(col - 32) <= 1, `title "${title}"`);
  await shot(page, 'audit-pixel-pick');
  assert.ok(await inView(page, '[data-testid="spectrum-plot"]'), 'the spectrum plot is in view');
  assert.ok(await inView(page, `button:has-text("Use pixel (${row}, ${col}) as spectrum")`), 'the button is in view');

  await select(page, 'roc');
  const plot = page.getByTestId('curve-plot');
  await plot.locator('canvas').waitFor();
  assert.equal(await plot.getAttribute('data-x-scale'), 'log');
  // 64 x 64 pixels: the smallest non-zero rate of the (thinned) curve, above 1e-4, sets the axis start.
  assert.match(await page.getByText(/log false-alarm axis/).innerText(), /from [1-9]e-4/);
  await shot(page, 'audit-roc-log');
  await page.getByLabel('Log false-alarm axis for ROC').uncheck();
  assert.equal(await plot.getAttribute('data-x-scale'), 'linear');
  assert.deepEqual(session.pageErrors.filter((m) => !/status of 4\d\d|status of 5\d\d/.test(m)), []);
});

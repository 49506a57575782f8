/**
 * Takes docs/editor.png: the editor with the example graph run, the scene's cube preview and a
 * pixel spectrum. Run under Xvfb for a headed browser (`xvfb-run -a node --import tsx
 * test/e2e/screenshot.ts`) or as is (headless).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startSession } from './harness.ts';

const session = await startSession({ headed: Boolean(process.env.DISPLAY), viewport: { width: 1600, height: 1000 } });
try {
  const { page, work } = session;
  const graph = join(work, 'synthetic-anomalies.json');
  copyFileSync(join(ROOT, 'graphs', 'examples', 'synthetic-anomalies.json'), graph);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByLabel('File path').fill(graph);
  await page.getByRole('button', { name: 'Open file' }).click();
  await page.locator('.react-flow__node[data-id="scene"]').waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Run log').getByText('run finished').waitFor({ timeout: 60_000 });
  await page.locator('.react-flow__node[data-id="scene"] .bw-node-title').click();
  await page.getByTestId('preview-canvas').waitFor();
  await page.waitForTimeout(300);
  await page.getByTestId('preview-canvas').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('preview-canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.55);
  await page.getByTestId('spectrum-plot').locator('canvas').waitFor();
  await page.getByTestId('spectrum-plot').scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ROOT, 'docs', 'editor.png') });
  console.log(`wrote ${join(ROOT, 'docs', 'editor.png')}`);
} finally {
  await session.close();
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../core/events.ts';
import { tempDir } from '../test/harness.ts';
import { bandwire } from './testing.ts';

test('run --json carries what nodes logged (summary.log), which the human output prints on stderr', async () => {
  const dir = tempDir('bandwire-log-');
  // 12 x 12 px has room for fewer than 30 anomaly blobs: synth.scene logs how many it placed.
  const graph = { bandwire: 1, nodes: [{ id: 'scene', type: 'synth.scene', params: { rows: 12, cols: 12, bands: 8, anomalies: 30 } }], edges: [] };
  writeFileSync(join(dir, 'g.json'), JSON.stringify(graph));
  const r = await bandwire(['run', join(dir, 'g.json'), '--json', '--no-cache'], { cwd: dir, cacheDir: join(dir, 'cache'), realNodes: true });
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as RunSummary;
  const placed = summary.log?.find((l) => l.node === 'scene' && /^placed \d+ of 30 anomalies \(scene too small\)$/.test(l.message));
  assert.ok(placed, JSON.stringify(summary.log));
  const human = await bandwire(['run', join(dir, 'g.json'), '--no-cache'], { cwd: dir, cacheDir: join(dir, 'cache'), realNodes: true });
  assert.ok(human.stderr.includes(`scene: ${placed.message}`), human.stderr);
});

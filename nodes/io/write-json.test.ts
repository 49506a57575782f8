import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metrics } from '../../core/values.ts';
import { runNode, tempDir } from '../../test/harness.ts';
import { ioWriteJson, metricsJson } from './write-json.ts';

test('io.writeJson writes the units of the metrics next to their values', async () => {
  const dir = tempDir();
  const metrics: Metrics = { kind: 'metrics', values: { SAM: 8.49, PSNR: 28.86, Q2n: 0.91 }, units: { SAM: 'deg', PSNR: 'dB' } };
  await runNode(ioWriteJson, { metrics }, { path: 'reduced.json' }, { baseDir: dir });
  const doc = JSON.parse(readFileSync(join(dir, 'reduced.json'), 'utf8'));
  assert.deepEqual(doc, { bandwire: 1, values: { SAM: 8.49, PSNR: 28.86, Q2n: 0.91 }, units: { SAM: 'deg', PSNR: 'dB' } });
});

test('io.writeJson leaves "units" out when the metrics have none', () => {
  const doc = JSON.parse(metricsJson({ kind: 'metrics', values: { AUC: 0.95 }, units: {} }));
  assert.deepEqual(Object.keys(doc), ['bandwire', 'values']);
});

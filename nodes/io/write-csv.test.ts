import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metrics } from '../../core/values.ts';
import { runNode, tempDir } from '../../test/harness.ts';
import { ioWriteJson } from './write-json.ts';

test('io.writeJson writes tables and values as CSV when the path ends in .csv', async () => {
  const dir = tempDir();
  const metrics: Metrics = {
    kind: 'metrics',
    values: { best: 1.25, bad: Number.NaN },
    tables: { comparison: { columns: ['method', 'ERGAS', 'Q2n'], rows: [['interp', 7.4, 0.829], ['gsa, adaptive', 6.07, null]] } },
  };
  await runNode(ioWriteJson, { metrics }, { path: 'cmp.csv' }, { baseDir: dir });
  const text = readFileSync(join(dir, 'cmp.csv'), 'utf8');
  assert.equal(text, '# comparison\nmethod,ERGAS,Q2n\ninterp,7.4,0.829\n"gsa, adaptive",6.07,\n\n# values\nmetric,value\nbest,1.25\nbad,\n');
  await assert.rejects(runNode(ioWriteJson, { metrics }, { path: 'cmp.csv' }, { baseDir: dir }), /cmp\.csv already exists/);
});

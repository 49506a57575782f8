/** io.read, io.readMask: param 'variable' names a MAT-file array; on a GeoTIFF or ENVI file it cannot apply, and the log says so. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Raster } from '../../core/values.ts';
import { dataFile } from '../../test/data.ts';
import { runNode, tempDir } from '../../test/harness.ts';
import { ioRead } from './read.ts';
import { ioReadMask } from './read-mask.ts';
import { ioWrite } from './write.ts';
import { sampleCube } from './test-helpers.ts';

const warning = (logs: string[]) => logs.filter((l) => l.includes("param 'variable'"));

test("io.read: 'variable' on a GeoTIFF logs a warning naming the param and the file; the cube is read as usual", async () => {
  const dir = tempDir();
  const path = join(dir, 'cube.tif');
  await runNode(ioWrite, { raster: sampleCube(6, 5, 3) }, { path });
  const { outputs, logs } = await runNode(ioRead, {}, { path, variable: 'V' });
  assert.deepEqual(warning(logs), [`warning: param 'variable' = 'V' is ignored: ${path} is a GeoTIFF file, and only MATLAB .mat files hold named variables; clear the param`]);
  const cube = outputs.cube as Raster;
  assert.deepEqual([cube.rows, cube.cols, cube.bands], [6, 5, 3]);
  assert.deepEqual(warning((await runNode(ioRead, {}, { path })).logs), [], 'no warning without the param');
});

test("io.read: 'variable' on an ENVI file warns; on a .mat file it selects and does not warn", async (t) => {
  const envi = dataFile('samson/samson_1.img.hdr');
  const mat = dataFile('samson/Samson.mat');
  if (!envi || !mat) return t.skip('shared Samson files not found');
  const enviLogs = warning((await runNode(ioRead, {}, { path: envi, variable: 'V' })).logs);
  assert.equal(enviLogs.length, 1);
  assert.match(enviLogs[0], /^warning: param 'variable' = 'V' is ignored: .*samson_1\.img is an ENVI file/);
  const { outputs, logs } = await runNode(ioRead, {}, { path: mat, variable: 'V' });
  assert.deepEqual(warning(logs), []);
  const cube = outputs.cube as Raster;
  assert.deepEqual([cube.rows, cube.cols, cube.bands], [95, 95, 156]);
});

test("io.readMask: 'variable' on a GeoTIFF warns the same way", async () => {
  const dir = tempDir();
  const path = join(dir, 'mask.tif');
  await runNode(ioWrite, { raster: sampleCube(4, 4, 1) }, { path });
  const { logs } = await runNode(ioReadMask, {}, { path, variable: 'map' });
  assert.deepEqual(warning(logs), [`warning: param 'variable' = 'map' is ignored: ${path} is a GeoTIFF file, and only MATLAB .mat files hold named variables; clear the param`]);
});

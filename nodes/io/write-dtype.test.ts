/**
 * io.write `dtype: 'input'` and the graph in ENVI headers: a cube read from a file of each type
 * is written back as GeoTIFF and ENVI in that type; GDAL must report the type and give back the
 * source bytes exactly. Integer output refuses values the type cannot hold. The producing graph
 * (ctx.graphJson) is kept in the ENVI header and read back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode, tempDir } from '../../test/harness.ts';
import { CancelledError } from '../../core/errors.ts';
import type { NodeContext } from '../../core/node-def.ts';
import type { Raster } from '../../core/values.ts';
import { createNodeFiles } from '../../engine/files.ts';
import { openRaster } from './formats/open-raster.ts';
import { ioRead } from './read.ts';
import { ioWrite } from './write.ts';
import { gdal, hasGdal, sampleCube } from './test-helpers.ts';

const ROWS = 19, COLS = 300, BANDS = 3;

const TYPES = [
  { gdal: 'Byte', envi: 1, array: Uint8Array, make: (i: number) => (i * 7) % 256 },
  { gdal: 'Int16', envi: 2, array: Int16Array, make: (i: number) => ((i * 37) % 60000) - 30000 },
  { gdal: 'UInt16', envi: 12, array: Uint16Array, make: (i: number) => (i * 41) % 65536 },
  { gdal: 'Int32', envi: 3, array: Int32Array, make: (i: number) => ((i * 7919) % 2000000) - 1000000 },
  { gdal: 'UInt32', envi: 13, array: Uint32Array, make: (i: number) => (i * 104729) % 16000000 },
  { gdal: 'Float64', envi: 5, array: Float64Array, make: (i: number) => Math.fround(Math.cos(i) * 0.5) },
] as const;

test("dtype 'input' writes GeoTIFF and ENVI in the source's type; GDAL gives back the source bytes", async (t) => {
  if (!hasGdal()) return t.skip('gdal_translate not installed (apt gdal-bin)');
  const dir = tempDir();
  for (const type of TYPES) {
    const values = new type.array(Array.from({ length: ROWS * COLS * BANDS }, (_, i) => type.make(i)));
    const source = new Uint8Array(values.buffer);
    writeFileSync(join(dir, `${type.gdal}.img`), source);
    writeFileSync(join(dir, `${type.gdal}.hdr`), `ENVI\nsamples = ${COLS}\nlines = ${ROWS}\nbands = ${BANDS}\nheader offset = 0\ndata type = ${type.envi}\ninterleave = bsq\nbyte order = 0\n`);
    const cube = (await runNode(ioRead, {}, { path: join(dir, `${type.gdal}.hdr`) })).outputs.cube as Raster;
    for (const ext of ['tif', 'hdr']) {
      const out = join(dir, `${type.gdal}_out.${ext}`);
      await runNode(ioWrite, { raster: cube }, { path: out, dtype: 'input' });
      const written = ext === 'tif' ? out : out.replace(/\.hdr$/, '.img');
      const info = JSON.parse(gdal('gdalinfo', ['-json', written])!);
      assert.equal(info.bands[0].type, type.gdal, `${type.gdal} ${ext}: GDAL type`);
      gdal('gdal_translate', ['-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BSQ', written, join(dir, 'back.raw')]);
      const back = readFileSync(join(dir, 'back.raw'));
      assert.ok(Buffer.compare(back, Buffer.from(source)) === 0, `${type.gdal} ${ext}: GDAL reads back the source bytes`);
    }
  }
});

test("dtype 'input' refuses values the type cannot hold, and rasters without a source file", async () => {
  const dir = tempDir();
  const values = Int16Array.from({ length: 4 * 5 * 2 }, (_, i) => i - 20);
  writeFileSync(join(dir, 's.img'), new Uint8Array(values.buffer));
  writeFileSync(join(dir, 's.hdr'), 'ENVI\nsamples = 5\nlines = 4\nbands = 2\nheader offset = 0\ndata type = 2\ninterleave = bsq\nbyte order = 0\n');
  const cube = (await runNode(ioRead, {}, { path: join(dir, 's.hdr') })).outputs.cube as Raster;
  const scaled = { ...cube, data: cube.data.map((v) => v * 0.5) };
  await assert.rejects(runNode(ioWrite, { raster: scaled }, { path: join(dir, 'x.tif'), dtype: 'input' }), /param 'dtype' = int16: pixel \(0, 1\) band 0 holds -9\.5, which int16 cannot store/);
  const withNaN = { ...cube, data: cube.data.map((v, i) => (i === 3 ? NaN : v)) };
  await assert.rejects(runNode(ioWrite, { raster: withNaN }, { path: join(dir, 'y.hdr'), dtype: 'input' }), /int16 cannot store/);
  await assert.rejects(runNode(ioWrite, { raster: sampleCube(4, 4, 2) }, { path: join(dir, 'z.tif'), dtype: 'input' }), /does not come straight from a file/);
});

test('ENVI output keeps the producing graph (ctx.graphJson) in its header; GDAL still opens it', async () => {
  const dir = tempDir();
  const graphJson = JSON.stringify({ version: 1, nodes: [{ id: 'read', type: 'io.read', params: { path: 'a{b},c.tif' } }] });
  const files = createNodeFiles({ baseDir: dir, node: 'write' });
  const ctx: NodeContext = {
    nodeId: 'write', signal: new AbortController().signal, progress: () => {}, log: () => {}, files, graphJson,
    checkAbort: () => {
      if (ctx.signal.aborted) throw new CancelledError();
    },
  } as unknown as NodeContext;
  await ioWrite.run({ raster: sampleCube(6, 5, 3) }, { path: join(dir, 'g.hdr'), overwrite: false, dtype: 'float32' }, ctx);
  const source = await openRaster(files, join(dir, 'g.hdr'));
  assert.equal(source.graphJson, graphJson);
  await source.close();
  assert.match(readFileSync(join(dir, 'g.hdr'), 'utf8'), /^bandwire graph = \{[A-Za-z0-9+/=]+\}$/m);
  if (hasGdal()) assert.deepEqual(JSON.parse(gdal('gdalinfo', ['-json', join(dir, 'g.img')])!).size, [5, 6]);
});

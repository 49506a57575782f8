/**
 * Broken inputs give a BandwireError naming the file (never a crash or hang): truncated data,
 * unknown data type, unsupported compression, wrong variable, missing file, and a fuzz run of
 * random truncations and byte flips over sample GeoTIFF, ENVI and MAT files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode, tempDir } from '../../test/harness.ts';
import { BandwireError } from '../../core/errors.ts';
import type { NodeDefinition } from '../../core/node-def.ts';
import { dataFile } from '../../test/data.ts';
import { ioRead } from './read.ts';
import { ioReadSpectra } from './read-spectra.ts';
import { ioWrite } from './write.ts';
import { encodeGeoTiff } from './formats/tiff-write.ts';
import { sampleCube } from './test-helpers.ts';

function isFileError(path: string, code = 'FILE_FORMAT', pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof BandwireError, `expected a BandwireError, got ${(e as Error)?.stack ?? e}`);
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.includes(path), `message names ${path}: ${e.message}`);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks);
}

function enviPair(dir: string, name: string, header: Record<string, string | number>, bytes: number): string {
  writeFileSync(join(dir, `${name}.img`), new Uint8Array(bytes));
  const fields = { samples: 4, lines: 3, bands: 2, 'header offset': 0, 'data type': 2, interleave: 'bsq', 'byte order': 0, ...header };
  writeFileSync(join(dir, `${name}.hdr`), `ENVI\n${Object.entries(fields).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
  return join(dir, `${name}.hdr`);
}

test('truncated ENVI data, unknown data type, bad interleave and missing files are named', async () => {
  const dir = tempDir();
  const truncated = enviPair(dir, 'short', {}, 40);
  await assert.rejects(runNode(ioRead, {}, { path: truncated }), isFileError(join(dir, 'short.img'), 'FILE_FORMAT', /truncated.*48 bytes.*has 40/));
  const complex = enviPair(dir, 'complex', { 'data type': 6 }, 400);
  await assert.rejects(runNode(ioRead, {}, { path: complex }), isFileError(complex, 'FILE_FORMAT', /data type' = 6/));
  const weird = enviPair(dir, 'weird', { interleave: 'bsx' }, 400);
  await assert.rejects(runNode(ioRead, {}, { path: weird }), isFileError(weird, 'FILE_FORMAT', /interleave/));
  await assert.rejects(runNode(ioRead, {}, { path: join(dir, 'none.tif') }), isFileError(join(dir, 'none.tif'), 'FILE_NOT_FOUND'));
  const ok = enviPair(dir, 'ok', {}, 48);
  await assert.rejects(runNode(ioRead, {}, { path: ok, bands: '0,5' }), (e) => e instanceof BandwireError && e.code === 'PARAM_INVALID' && /'bands'.*5.*2 bands/.test(e.message));
});

test('a GeoTIFF with an unknown compression or cut short is refused with the file name', async () => {
  const dir = tempDir();
  const bytes = concat(encodeGeoTiff(sampleCube(20, 20, 2)));
  // Patch the Compression tag (259) of the IFD from 8 (Deflate) to 12345.
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const ifd = view.getUint32(4, true);
  for (let i = 0; i < view.getUint16(ifd, true); i++) {
    const at = ifd + 2 + i * 12;
    if (view.getUint16(at, true) === 259) view.setUint16(at + 8, 12345, true);
  }
  const path = join(dir, 'odd.tif');
  writeFileSync(path, bytes);
  await assert.rejects(runNode(ioRead, {}, { path }), isFileError(path, 'FILE_FORMAT', /unsupported compression 12345/));
  const good = concat(encodeGeoTiff(sampleCube(20, 20, 2)));
  const cut = join(dir, 'cut.tif');
  writeFileSync(cut, good.subarray(0, 300));
  await assert.rejects(runNode(ioRead, {}, { path: cut }), isFileError(cut));
  // the first directory lies past the end: a plain message, not the DataView's
  const stub = join(dir, 'stub.tif');
  const header = good.slice(0, 16);
  new DataView(header.buffer, header.byteOffset).setUint32(4, 4096, true);
  writeFileSync(stub, header);
  await assert.rejects(runNode(ioRead, {}, { path: stub }), isFileError(stub, 'FILE_FORMAT', /truncated or corrupt TIFF: a directory or tag points past the end of the file/));
});

test('a wrong .mat variable lists the variables that exist', async (t) => {
  const mat = dataFile('samson/Samson_GT.mat');
  if (!mat) return t.skip('shared data file samson/Samson_GT.mat not found');
  await assert.rejects(runNode(ioRead, {}, { path: mat, variable: 'Y' }), (e) => {
    assert.ok(e instanceof BandwireError && e.code === 'PARAM_INVALID');
    assert.match(e.message, /'Y' is not in .*Samson_GT\.mat; it holds 'cood' \(cell 3x1\), 'A' \(double 3x9025\), 'M' \(double 156x3\)/);
    return true;
  });
});

/** Deterministic pseudo-random generator (LCG) so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hang)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

test('fuzz: random truncations and byte flips give a result or a BandwireError naming the file', async () => {
  const dir = tempDir();
  const cube = sampleCube(40, 30, 6);
  await runNode(ioWrite, { raster: cube }, { path: join(dir, 'seed.tif') });
  await runNode(ioWrite, { raster: cube }, { path: join(dir, 'seed.hdr') });
  const samples: { name: string; node: NodeDefinition; params: Record<string, unknown>; companion?: string }[] = [
    { name: 'seed.tif', node: ioRead as NodeDefinition, params: {} },
    { name: 'seed.img', node: ioRead as NodeDefinition, params: {}, companion: 'seed.hdr' },
    { name: 'seed.hdr', node: ioRead as NodeDefinition, params: {}, companion: 'seed.img' },
  ];
  const mat = dataFile('samson/Samson_GT.mat');
  if (mat) {
    copyFileSync(mat, join(dir, 'seed.mat'));
    samples.push({ name: 'seed.mat', node: ioRead as NodeDefinition, params: {} }, { name: 'seed.mat', node: ioReadSpectra as NodeDefinition, params: {} });
  }
  const next = random(42);
  let errors = 0, reads = 0;
  for (const sample of samples) {
    const original = readFileSync(join(dir, sample.name));
    for (let round = 0; round < 25; round++) {
      const caseDir = tempDir('bandwire-fuzz-');
      let bytes: Uint8Array;
      if (round % 3 === 0) bytes = original.subarray(0, Math.floor(next() * original.length));
      else {
        bytes = Uint8Array.from(original);
        const flips = 1 + Math.floor(next() * 8);
        // Half the rounds hit the first 2 KiB (headers, IFDs, MAT tags), half anywhere.
        const span = round % 2 ? Math.min(2048, bytes.length) : bytes.length;
        for (let f = 0; f < flips; f++) bytes[Math.floor(next() * span)] = Math.floor(next() * 256);
      }
      const ext = sample.name.slice(sample.name.lastIndexOf('.'));
      const path = join(caseDir, `case${ext}`);
      writeFileSync(path, bytes);
      if (sample.companion) copyFileSync(join(dir, sample.companion), join(caseDir, `case${sample.companion.slice(sample.companion.lastIndexOf('.'))}`));
      try {
        await withTimeout(runNode(sample.node, {}, { path, ...sample.params }), 20000, `${sample.name} round ${round}`);
        reads++;
      } catch (e) {
        assert.ok(e instanceof BandwireError, `${sample.name} round ${round}: not a BandwireError: ${(e as Error)?.stack ?? e}`);
        assert.ok(e.message.includes(caseDir), `${sample.name} round ${round}: message does not name the file: ${e.message}`);
        errors++;
      }
    }
  }
  console.log(`# fuzz: ${reads} damaged files still read, ${errors} refused with a BandwireError`);
  assert.ok(errors > 0);
});

test("io.read 'window' and io.writePng 'bands' are checked by validation, before anything runs", async () => {
  const writePng = (await import('./write-png.ts')).ioWritePng;
  const windowOf = (window: string | number[]) => ioRead.checkParams!({ path: 'x.hdr', variable: '', bands: '', window, dropBadBands: false });
  assert.deepEqual(windowOf(''), []);
  assert.deepEqual(windowOf('0 0 10 10'), []);
  assert.match(windowOf('10,10')[0].message, /'window' = "10,10" must be four integers "row, col, rows, cols"/);
  assert.match(windowOf([0, 0, 0, 5])[0].message, /is empty: rows and cols must be at least 1/);
  const bandsOf = (bands: string | number[]) => writePng.checkParams!({ path: 'q.png', bands, stretch: 2, overwrite: false });
  assert.deepEqual(bandsOf('29,19,9'), []);
  assert.deepEqual(bandsOf('4'), []);
  assert.deepEqual(bandsOf(''), []);
  assert.deepEqual(bandsOf('  '), [], 'white space is automatic, as empty');
  assert.match(bandsOf('0,1')[0].message, /must hold 1 \(grey\) or 3 \(RGB\) indices, got 2/);
});

test('an ENVI header without bands is refused; a data file larger than its header is read with a warning', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'c.img'), new Uint8Array(4 * 3 * 2 * 2));
  writeFileSync(join(dir, 'c.hdr'), 'ENVI\nsamples = 4\nlines = 3\ndata type = 2\ninterleave = bsq\nbyte order = 0\n');
  await assert.rejects(runNode(ioRead, {}, { path: join(dir, 'c.hdr') }), (e: unknown) => {
    assert.ok(e instanceof BandwireError);
    assert.match(e.message, /c\.hdr.*header lacks 'bands'/);
    return true;
  });
  // 4 x 3 x 2 int16 in the file, the header says 2 lines: 16 bytes too many
  writeFileSync(join(dir, 'c.hdr'), 'ENVI\nsamples = 4\nlines = 2\nbands = 2\ndata type = 2\ninterleave = bsq\nbyte order = 0\n');
  const read = await runNode(ioRead, {}, { path: join(dir, 'c.hdr') });
  assert.equal((read.outputs.cube as { rows: number }).rows, 2);
  assert.ok(read.logs.some((l) => /^warning: .*c\.img holds 16 bytes more than its header .* says 4 x 2 x 2 int16 samples/.test(l)), read.logs.join('|'));
});

test("io.read 'wavelengths' gives band centres to a file without them; a wrong count names the param", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'w.img'), new Uint8Array(4 * 3 * 3 * 2));
  writeFileSync(join(dir, 'w.hdr'), 'ENVI\nsamples = 4\nlines = 3\nbands = 3\ndata type = 2\ninterleave = bsq\nbyte order = 0\n');
  const cube = (await runNode(ioRead, {}, { path: join(dir, 'w.hdr'), bands: '0,2', wavelengths: '450.5; 650' })).outputs.cube as { wavelengths?: number[] };
  assert.deepEqual(cube.wavelengths, [450.5, 650]);
  await assert.rejects(runNode(ioRead, {}, { path: join(dir, 'w.hdr'), wavelengths: [450, 550] }), (e: unknown) => {
    assert.ok(e instanceof BandwireError);
    assert.match(e.message, /param 'wavelengths' has 2 values but 3 bands were read/);
    assert.equal(e.culprit.param, 'wavelengths');
    return true;
  });
});

test("io.read 'applyScaleFactor' divides by the ENVI reflectance scale factor, and warns when the file has none", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 's.img'), new Uint8Array(new Int16Array([5000, 2500, -10000, 10000]).buffer));
  writeFileSync(join(dir, 's.hdr'), 'ENVI\nsamples = 2\nlines = 2\nbands = 1\ndata type = 2\ninterleave = bsq\nbyte order = 0\nreflectance scale factor = 10000\n');
  const stored = (await runNode(ioRead, {}, { path: join(dir, 's.hdr') })).outputs.cube as { data: Float32Array };
  assert.deepEqual(Array.from(stored.data), [5000, 2500, -10000, 10000]);
  const scaled = await runNode(ioRead, {}, { path: join(dir, 's.hdr'), applyScaleFactor: true });
  assert.deepEqual(Array.from((scaled.outputs.cube as { data: Float32Array }).data), [0.5, 0.25, -1, 1]);
  assert.ok(scaled.logs.some((l) => /divided by the reflectance scale factor 10000/.test(l)));
  // a file without the factor is read as stored, with a warning
  writeFileSync(join(dir, 's.hdr'), 'ENVI\nsamples = 2\nlines = 2\nbands = 1\ndata type = 2\ninterleave = bsq\nbyte order = 0\n');
  const plain = await runNode(ioRead, {}, { path: join(dir, 's.hdr'), applyScaleFactor: true });
  assert.equal((plain.outputs.cube as { data: Float32Array }).data[0], 5000);
  assert.ok(plain.logs.some((l) => /^warning: param 'applyScaleFactor' is set but .*s\.hdr has no reflectance scale factor/.test(l)), plain.logs.join('|'));
});

test("io.read: 'bands' that are all bad with 'dropBadBands' is an error (it read every band); micrometre wavelengths get a warning", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'b.img'), new Uint8Array(2 * 2 * 4 * 2));
  writeFileSync(join(dir, 'b.hdr'), 'ENVI\nsamples = 2\nlines = 2\nbands = 4\ndata type = 2\ninterleave = bsq\nbyte order = 0\nbbl = {0, 0, 1, 1}\n');
  await assert.rejects(runNode(ioRead, {}, { path: join(dir, 'b.hdr'), bands: '0-1', dropBadBands: true }), (e: unknown) => {
    assert.ok(e instanceof BandwireError);
    assert.match(e.message, /param 'bands' selects only bands marked bad .*'dropBadBands' leaves none/);
    return true;
  });
  const some = (await runNode(ioRead, {}, { path: join(dir, 'b.hdr'), bands: '1-2', dropBadBands: true })).outputs.cube as { bands: number };
  assert.equal(some.bands, 1);
  const micro = await runNode(ioRead, {}, { path: join(dir, 'b.hdr'), wavelengths: '0.4, 0.5, 0.6, 0.7' });
  assert.ok(micro.logs.some((l) => /warning: .*below 100 .*micrometres\?/.test(l)), micro.logs.join('|'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRaster } from '../core/values.ts';
import { tempDir } from '../test/harness.ts';
import { compile } from './compile.ts';
import { planKeys } from './cache-key.ts';
import { DiskCache, defaultCacheDir } from './disk-cache.ts';
import { MemoryCache } from './memory-cache.ts';
import { registry } from './testing/registry.ts';
import { decodeValue, encodeValue } from './value-codec.ts';

const raster = (n: number, fill = 1) => makeRaster(1, n, 1, new Float32Array(n).fill(fill), { wavelengths: [500], bandNames: ['x'] });

test('value codec round-trips rasters, spectra and metrics exactly (NaN included)', () => {
  const value = {
    outputs: {
      cube: makeRaster(2, 1, 2, new Float32Array([1.5, NaN, -3, 1e-30]), { wavelengths: [450, 550], georef: { crs: 'EPSG:4326' } }),
      spectra: { kind: 'spectra', count: 1, bands: 3, data: new Float64Array([Math.PI, 0, -1]), names: ['a'] },
      metrics: { kind: 'metrics', values: { AUC: 0.953 } },
      bytes: new Uint8Array([1, 2, 3]),
    },
    files: [],
  };
  const back = decodeValue(encodeValue(value)) as typeof value;
  assert.ok(back.outputs.cube.data instanceof Float32Array);
  assert.deepEqual(Array.from(back.outputs.cube.data), Array.from(value.outputs.cube.data));
  assert.ok(back.outputs.spectra.data instanceof Float64Array);
  assert.equal(back.outputs.spectra.data[0], Math.PI);
  assert.deepEqual(back.outputs.cube.wavelengths, [450, 550]);
  assert.deepEqual(back.outputs.metrics, value.outputs.metrics);
  assert.deepEqual(Array.from(back.outputs.bytes), [1, 2, 3]);
  const truncated = encodeValue(value).subarray(0, 60);
  assert.throws(() => decodeValue(truncated));
});

test('memory cache evicts the least recently used entries beyond its byte bound', () => {
  const cache = new MemoryCache(1500); // each entry counts 576 bytes (400 of Float32 data + object overhead)
  cache.set('a', { outputs: { r: raster(100) }, files: [] });
  cache.set('b', { outputs: { r: raster(100) }, files: [] });
  assert.ok(cache.get('a')); // a is now more recent than b
  cache.set('c', { outputs: { r: raster(100) }, files: [] });
  assert.equal(cache.get('b'), undefined);
  assert.ok(cache.get('a'));
  assert.ok(cache.get('c'));
  assert.ok(cache.totalBytes <= 1500);
  assert.equal(cache.size, 2);
});

test('disk cache: hit after reopen, corrupt entries ignored, LRU eviction within the bound', async () => {
  const dir = join(tempDir(), 'cache');
  const one = new DiskCache({ dir, maxBytes: 100_000 });
  await one.set('k1', { outputs: { r: raster(1000, 7) }, files: [] });
  const again = await new DiskCache({ dir }).get('k1');
  assert.equal((again!.outputs.r as ReturnType<typeof raster>).data[999], 7);

  writeFileSync(join(dir, 'bad.bwc'), 'garbage');
  assert.equal(await one.get('bad'), undefined);
  assert.equal(await one.get('absent'), undefined);

  // 4 KB per entry, bound 10 KB: writing k2..k3 keeps at most two entries; k1 (oldest) goes first.
  const small = new DiskCache({ dir, maxBytes: 10_000 });
  utimesSync(join(dir, 'k1.bwc'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  await small.set('k2', { outputs: { r: raster(1000, 2) }, files: [] });
  await small.set('k3', { outputs: { r: raster(1000, 3) }, files: [] });
  const left = readdirSync(dir).filter((f) => f.endsWith('.bwc') && f !== 'bad.bwc');
  const total = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  assert.ok(total <= 10_000, `cache holds ${total} bytes`);
  assert.ok(!left.includes('k1.bwc'), 'the least recently used entry was evicted');
  assert.ok(left.includes('k3.bwc'));
});

test('default cache folder follows BANDWIRE_CACHE_DIR, then XDG_CACHE_HOME', () => {
  assert.equal(defaultCacheDir({ BANDWIRE_CACHE_DIR: '/x/y' }), '/x/y');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/c' }), '/c/bandwire');
  assert.match(defaultCacheDir({}), /\.cache\/bandwire$/);
});

test('cache keys change with params, upstream keys and read-file fingerprints only', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.txt'), '1');
  const doc = (factor: number, value = 1) => ({
    bandwire: 1,
    nodes: [
      { id: 's', type: 'test.source', params: { value, path: 'in.txt' } },
      { id: 'k', type: 'test.scale', params: { factor } },
      { id: 'm', type: 'test.mean' },
    ],
    edges: [
      { from: 's.cube', to: 'k.cube' },
      { from: 'k.cube', to: 'm.cube' },
    ],
  });
  const keys = async (d: object) => planKeys(compile(d, registry).plan!, { baseDir: dir });
  const base = await keys(doc(2));
  assert.deepEqual(await keys(doc(2)), base, 'deterministic');
  const changed = await keys(doc(3));
  assert.equal(changed.get('s'), base.get('s'));
  assert.notEqual(changed.get('k'), base.get('k'));
  assert.notEqual(changed.get('m'), base.get('m'));
  // explicit default == omitted param
  const explicit = await keys({ ...doc(2), nodes: doc(2).nodes.map((n) => (n.id === 'k' ? { ...n, params: { factor: 2, leak: 0 } } : n)) });
  assert.deepEqual(explicit, base);
  writeFileSync(join(dir, 'in.txt'), '12');
  const touched = await keys(doc(2));
  assert.notEqual(touched.get('s'), base.get('s'));
});

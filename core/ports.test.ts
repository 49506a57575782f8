import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canConnect, PORT_TYPES } from './ports.ts';

test('canConnect: same types connect, band and cube interchange, raster accepts every raster type', () => {
  for (const t of PORT_TYPES) if (t !== 'raster') assert.equal(canConnect(t, t).ok, true, t);
  assert.equal(canConnect('band', 'cube').ok, true);
  assert.equal(canConnect('cube', 'band').ok, true);
  for (const t of ['cube', 'band', 'mask', 'abundances'] as const) assert.equal(canConnect(t, 'raster').ok, true, t);
});

test('canConnect refuses mismatches and says why', () => {
  const v = canConnect('spectra', 'cube');
  assert.equal(v.ok, false);
  assert.equal(v.reason, 'a spectra output cannot feed a cube input');
  assert.equal(canConnect('metrics', 'raster').ok, false);
  assert.equal(canConnect('cube', 'spectra').ok, false);
  assert.equal(canConnect('mask', 'cube').ok, false);
});

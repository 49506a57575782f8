import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParam, parseIndexList, parseNumberList, withDefaults, type ParamSpec } from './params.ts';

test('checkParam names the param and the violated bound', () => {
  const spec = { kind: 'integer', min: 1, max: 10, description: '' } as const;
  assert.equal(checkParam('window', spec, 5), undefined);
  assert.match(checkParam('window', spec, 11)!, /'window' = 11 is above the maximum 10/);
  assert.match(checkParam('window', spec, 0)!, /'window' = 0 is below the minimum 1/);
  assert.match(checkParam('window', spec, 2.5)!, /'window' must be an integer/);
  assert.match(checkParam('window', spec, 'x')!, /'window' must be a finite number/);
  assert.match(checkParam('window', spec, Number.NaN)!, /finite number/);
});

test('checkParam enum, boolean, required and numbers lists', () => {
  assert.match(checkParam('variant', { kind: 'enum', options: ['a', 'b'], description: '' }, 'c')!, /one of 'a', 'b'/);
  assert.equal(checkParam('variant', { kind: 'enum', options: ['a', 'b'], description: '' }, 'b'), undefined);
  assert.match(checkParam('overwrite', { kind: 'boolean', description: '' }, 'yes')!, /true or false/);
  assert.match(checkParam('path', { kind: 'path', required: true, description: '' }, undefined)!, /'path' is required/);
  assert.equal(checkParam('bands', { kind: 'numbers', description: '' }, '0-3,7'), undefined);
  assert.match(checkParam('bands', { kind: 'numbers', min: 0, description: '' }, [1, -2])!, /-2 is below the minimum 0/);
});

test('withDefaults fills omitted params only', () => {
  const schema = { a: { kind: 'number', default: 1, description: '' }, b: { kind: 'string', default: 'x', description: '' } } as const;
  assert.deepEqual(withDefaults(schema, { a: 5 }), { a: 5, b: 'x' });
  assert.deepEqual(withDefaults(schema, undefined), { a: 1, b: 'x' });
});

test('parseIndexList accepts ranges and rejects bad syntax with the offending part', () => {
  assert.deepEqual(parseIndexList('0-3,7, 9-10'), [0, 1, 2, 3, 7, 9, 10]);
  assert.deepEqual(parseIndexList([2, 4]), [2, 4]);
  assert.throws(() => parseIndexList('0-3,x'), /bad index range 'x'/);
  assert.throws(() => parseIndexList('5-2'), /end before start/);
  assert.throws(() => parseIndexList('0-30000000'), /index range '0-30000000' makes the list longer than 65536 indices/);
  assert.equal(parseIndexList('0-65535').length, 65536);
});

test('value lists (list: values) accept text with commas, semicolons or spaces and name a bad item', () => {
  const spec = { kind: 'numbers', list: 'values', min: 0, unit: 'nm', description: '' } as const;
  assert.deepEqual(parseNumberList('427.6, 437.7;447.9  1e3', 'wavelengths'), [427.6, 437.7, 447.9, 1000]);
  assert.deepEqual(parseNumberList('', 'wavelengths'), []);
  assert.deepEqual(parseNumberList([1, 2.5], 'wavelengths'), [1, 2.5]);
  assert.throws(() => parseNumberList('427.6, 43x', 'wavelengths'), /param 'wavelengths': '43x' is not a number/);
  assert.throws(() => parseNumberList([1, Number.NaN], 'wavelengths'), /'wavelengths' must be a list of finite numbers/);
  assert.equal(checkParam('wavelengths', spec, '427.6, 437.7'), undefined);
  // a range is an index list, not a value list
  assert.match(checkParam('wavelengths', spec, '400-700')!, /'400-700' is not a number/);
  assert.match(checkParam('wavelengths', spec, '427.6, -5')!, /-5 is below the minimum 0/);
  // index lists keep their range syntax, checked by the node
  assert.equal(checkParam('bands', { kind: 'numbers', description: '' }, '0-99,120-150'), undefined);
});

test('index lists and output paths are checked before a run, naming the param', () => {
  const bands = { kind: 'numbers', min: 0, description: '' } as const;
  assert.match(checkParam('bands', bands, 'abc')!, /^param 'bands': bad index range 'abc'/);
  assert.match(checkParam('bands', bands, '5-2')!, /^param 'bands': bad index range '5-2': end before start/);
  assert.equal(checkParam('bands', bands, ''), undefined);
  const out: ParamSpec = { kind: 'path', io: 'write', extensions: ['tif', 'hdr'], description: '' };
  assert.match(checkParam('path', out, 'x.jpg')!, /'path' = 'x\.jpg' needs one of the extensions \.tif, \.hdr/);
  assert.match(checkParam('path', out, 'noext')!, /needs one of the extensions/);
  assert.equal(checkParam('path', out, 'out/rx-{name}.TIF'), undefined);
  // input paths keep any name (ENVI data files have many extensions)
  assert.equal(checkParam('path', { kind: 'path', io: 'read', extensions: ['tif'], description: '' }, 'cube.raw'), undefined);
});

test('a single number is a one-item list (`--set png.bands=9` arrives as the JSON number 9)', () => {
  assert.equal(checkParam('bands', { kind: 'numbers', min: 0, description: '' }, 9), undefined);
  assert.match(checkParam('bands', { kind: 'numbers', min: 0, description: '' }, -1)!, /-1 is below the minimum 0/);
  assert.equal(checkParam('wavelengths', { kind: 'numbers', list: 'values', description: '' }, 500), undefined);
  assert.match(checkParam('wavelengths', { kind: 'numbers', list: 'values', description: '' }, true)!, /list of numbers like "427\.6, 437\.7"/);
});

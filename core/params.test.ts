import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParam, parseIndexList, withDefaults } from './params.ts';

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
});

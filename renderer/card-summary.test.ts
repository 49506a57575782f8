import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParamSchema } from '../core/params.ts';
import { keyParamSummary } from './card-summary.ts';

const MTF: { params: ParamSchema } = {
  params: {
    ratio: { kind: 'integer', default: 4, description: 'resolution ratio' },
    variant: { kind: 'enum', default: 'CBD', options: ['CBD', 'HPM', 'HPM-R'], description: 'injection' },
    mode: { kind: 'enum', default: 'a', options: ['a', 'b'], description: 'later enum' },
  },
};

test('a variant param always shows, with its value or default', () => {
  assert.equal(keyParamSummary({ params: { variant: 'HPM-R' } }, MTF), 'variant: HPM-R');
  assert.equal(keyParamSummary({ params: {} }, MTF), 'variant: CBD');
  assert.equal(keyParamSummary({}, MTF), 'variant: CBD');
});

test('method / output / mode show only when they differ from the default; other enums never', () => {
  const info: { params: ParamSchema } = {
    params: {
      norm: { kind: 'enum', default: 'l2', options: ['l1', 'l2'], description: 'not a key param' },
      method: { kind: 'enum', default: 'fcls', options: ['ucls', 'fcls'], description: 'solver' },
    },
  };
  assert.equal(keyParamSummary({ params: { method: 'fcls', norm: 'l1' } }, info), undefined);
  assert.equal(keyParamSummary({ params: { method: 'ucls' } }, info), 'method: ucls');
  assert.equal(keyParamSummary({ params: {} }, { params: {} }), undefined);
  assert.equal(keyParamSummary({ params: {} }, undefined), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePlane } from '../../pansharpen/lib/planes.ts';
import { productTable, q2n, roundHalfEven } from './q2n.ts';

/** Literal port of the toolbox's recursive Cayley-Dickson product (cayley_dickson_property_1d). */
function cayleyDickson(x: number[], y: number[]): number[] {
  const n = x.length;
  if (n === 1) return [x[0] * y[0]];
  const L = n / 2;
  const neg = (v: number[]) => v.map((e, i) => (i === 0 ? e : -e));
  const a = x.slice(0, L);
  const b = neg(x.slice(L));
  const c = y.slice(0, L);
  const d = neg(y.slice(L));
  if (n === 2) return [a[0] * c[0] - d[0] * b[0], a[0] * d[0] + c[0] * b[0]];
  const r1 = cayleyDickson(a, c);
  const r2 = cayleyDickson(d, neg(b));
  const r3 = cayleyDickson(neg(a), d);
  const r4 = cayleyDickson(c, b);
  return [...r1.map((v, i) => v - r2[i]), ...r3.map((v, i) => v + r4[i])];
}

test('product table equals the recursive Cayley-Dickson product', () => {
  for (const n of [1, 2, 4, 8, 16, 32]) {
    const table = productTable(n);
    const x = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + 0.3));
    const y = Array.from({ length: n }, (_, i) => Math.cos(i * 0.9 - 0.2));
    const expected = cayleyDickson(x, y);
    const got = new Array(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) got[table.index[i * n + j]] += table.sign[i * n + j] * x[i] * y[j];
    got.forEach((v, k) => assert.ok(Math.abs(v - expected[k]) < 1e-12, `n ${n} component ${k}: ${v} vs ${expected[k]}`));
  }
});

test('Q2n is 1 for identical images and drops for a distorted copy', () => {
  const planes = Array.from({ length: 5 }, (_, b) => {
    const d = new Float64Array(64 * 64).map((_, i) => 1000 + 300 * Math.sin(i * 0.01 * (b + 1)) + (i % 13) * 7);
    return makePlane(64, 64, d);
  });
  assert.ok(Math.abs(q2n(planes, planes).value - 1) < 1e-12);
  const noisy = planes.map((p) => makePlane(64, 64, p.data.map((v, i) => v + 8 * (((i * 7919) % 101) - 50))));
  const q = q2n(noisy, planes).value;
  assert.ok(q < 0.99 && q > 0.3, `Q2n of a noisy copy: ${q}`);
  assert.equal(roundHalfEven(2.5), 2);
  assert.equal(roundHalfEven(3.5), 4);
  assert.equal(roundHalfEven(-2.5), -2);
});

// Iteration budgets vs the numbers computed from the reference codes (ALGORITHMS.md A.4, A.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pearson, rhoBudget, rpnnAlphas, rpnnSchedule } from './schedule.ts';

/** The 159 PRISMA bands kept by the toolbox, at the nominal wavelengths (spec D). */
function prismaWavelengths(): number[] {
  const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  const all = [...linspace(400, 1010, 66), ...linspace(920, 2505, 173)];
  const ranges = [[7, 62], [71, 85], [89, 106], [120, 149], [176, 215]];
  return ranges.flatMap(([a, b]) => all.slice(a, b + 1));
}

test('R-PNN schedule on the PRISMA bands: 2,550 iterations, band 56 gets 0', () => {
  const wavelengths = prismaWavelengths();
  assert.equal(wavelengths.length, 159);
  assert.ok(Math.abs(wavelengths[0] - 465.69) < 0.01 && Math.abs(wavelengths[158] - 2293.1) < 0.1);
  const schedule = rpnnSchedule(wavelengths);
  assert.equal(schedule[0], 20);
  assert.equal(schedule[1], 15);
  assert.equal(schedule[56], 0, 'VNIR 981.8 nm -> SWIR 966.1 nm: n_b = -15 -> 0');
  assert.equal(schedule.reduce((s, n) => s + n, 0), 2550);
  assert.equal(schedule.filter((n) => n === 80).length, 2);
  assert.equal(schedule.filter((n) => n === 60).length, 1);
});

test('R-PNN schedule formula and the sticky alpha switch after 700 nm', () => {
  assert.deepEqual(rpnnSchedule([500, 509, 520, 560, 700, 2000, 1990]), [20, 15, 30, 75, 80, 80, 0]);
  assert.deepEqual(rpnnAlphas([650, 699, 701, 690, 900]), [0.5, 0.5, 0.25, 0.25, 0.25]);
});

test('rho-PNN adaptive budget concentrates iterations on decorrelated band pairs', () => {
  const n = 200;
  const base = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7));
  const noise = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 1.7));
  const bands = [base, base.map((v) => 2 * v + 1), base.map((v, i) => v + noise[i]), base.map((v, i) => v + noise[i] + 0.01 * Math.sin(i))];
  const c = [1, pearson(bands[0], bands[1]), pearson(bands[1], bands[2]), pearson(bands[2], bands[3])];
  assert.ok(Math.abs(c[1] - 1) < 1e-12);
  const budget = rhoBudget(bands, 5, 30);
  // N1 = 20, extra = 30 * 20 * 3 = 1800 shared in proportion to 1 - c_b
  const d = c.map((x) => 1 - x);
  const total = d[1] + d[2] + d[3];
  const expected = [0, 1, 2, 3].map((b) => 20 + Math.floor((1800 * d[b]) / total));
  expected[0] = expected[1];
  assert.deepEqual(budget, expected);
  assert.equal(budget[1], 20);
  assert.ok(budget[2] > 1500, `decorrelated pair gets most of the budget: ${budget}`);
});

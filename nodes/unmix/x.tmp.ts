import { runNode } from '../../test/harness.ts';
import { robustNode } from './robust.ts';
import { fclsNode } from './fcls.ts';
import { pureScene } from './lib/synthetic.ts';
import { seededUniform } from './lib/random.ts';
const { cube, endmembers, abundances } = pureScene(4, 60, 50, 50, 8, 0.002);
const L = 60, N = 2500, K = 4;
const rnd = seededUniform(3);
for (const b of [5, 17, 29, 41, 53]) for (let n = 0; n < N; n++) cube.data[n * L + b] += 2 * rnd();
const err = (a: Float32Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += (a[i] - abundances[i]) ** 2; return Math.sqrt(s / a.length); };
const f = await runNode(fclsNode as any, { cube, endmembers });
console.log('fcls', err((f.outputs.abundances as any).data));
for (const lambda of [0, 0.1]) for (const iterations of [10, 30]) {
  const t = performance.now();
  const r = await runNode(robustNode as any, { cube, endmembers }, { lambda, iterations });
  console.log('robust', lambda, iterations, err((r.outputs.abundances as any).data), performance.now() - t);
}

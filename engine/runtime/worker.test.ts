/**
 * The runtime works inside a worker_thread (where the engine runs nodes): the worker picks wasm
 * with the project kernels, trains one step, frees its tensors, and its loss equals the same
 * step on this (main) thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { trainStepReport } from './worker-train-step.ts';

const tsxApi = import.meta.resolve('tsx/esm/api');
const body = new URL('./worker-train-step.ts', import.meta.url).href;
// A worker cannot start from a .ts file: register tsx first (as engine/worker-entry.mjs does).
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(body)}); });`;

test('wasm runtime trains inside a worker_thread', async (t) => {
  if (process.env.BANDWIRE_BACKEND && process.env.BANDWIRE_BACKEND !== 'wasm') {
    t.skip(`BANDWIRE_BACKEND=${process.env.BANDWIRE_BACKEND}: this test checks the wasm runtime`);
    return;
  }
  const worker = new Worker(bootstrap, { eval: true, execArgv: [], env: { ...process.env, BANDWIRE_BACKEND: '' } });
  const report = await new Promise<Record<string, unknown>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(report.error, undefined, String(report.error));
  assert.equal(report.backend, 'wasm');
  assert.equal(report.leaked, 0);
  const main = await trainStepReport();
  assert.equal(main.backend, 'wasm');
  assert.ok(Math.abs((report.loss as number) - (main.loss as number)) <= 1e-6, `worker loss ${report.loss} vs main ${main.loss}`);
  assert.ok(Math.abs((report.lossAfter as number) - (main.lossAfter as number)) <= 1e-6, `after Adam: worker ${report.lossAfter} vs main ${main.lossAfter}`);
  assert.ok((report.lossAfter as number) < (report.loss as number), 'Adam step reduced the loss');
});

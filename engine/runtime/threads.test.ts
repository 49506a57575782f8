/**
 * BANDWIRE_THREADS: with 2 threads the runtime reports 2 threads and a train step gives the same
 * losses as the default single thread (within 1e-5 relative: XNNPACK may split sums differently);
 * a bad value is a USAGE error naming the variable. Each case runs in a fresh process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trainStepReport } from './worker-train-step.ts';

// A script file, not `-e`: Emscripten's pthread workers inherit the parent's execArgv, and
// `--input-type=module` would make them parse the Emscripten script as an ES module.
const script = fileURLToPath(new URL('./worker-train-step.ts', import.meta.url));

function reportWith(threads: string): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, BANDWIRE_BACKEND: 'wasm', BANDWIRE_THREADS: threads },
  });
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  assert.ok(line, `no output (status ${run.status}): ${run.stderr}`);
  return JSON.parse(line);
}

test('BANDWIRE_THREADS=2 trains with two wasm threads and the same losses', async (t) => {
  if ((process.env.BANDWIRE_BACKEND && process.env.BANDWIRE_BACKEND !== 'wasm') || (process.env.BANDWIRE_THREADS ?? '1') !== '1') {
    t.skip('BANDWIRE_BACKEND/BANDWIRE_THREADS set: this test compares against the default single-thread wasm runtime');
    return;
  }
  const threaded = reportWith('2');
  assert.equal(threaded.error, undefined, String(threaded.error));
  assert.equal(threaded.backend, 'wasm');
  assert.equal(threaded.threads, 2);
  assert.equal(threaded.leaked, 0);
  const single = await trainStepReport();
  assert.equal(single.threads, 1);
  for (const key of ['loss', 'lossAfter']) {
    const a = threaded[key] as number;
    const b = single[key] as number;
    assert.ok(Math.abs(a - b) <= 1e-5 * Math.abs(b), `${key}: 2 threads ${a} vs 1 thread ${b}`);
  }
});

test('a bad BANDWIRE_THREADS is a USAGE error naming the variable', () => {
  const failed = reportWith('many');
  assert.equal(failed.code, 'USAGE');
  assert.match(String(failed.error), /^BANDWIRE_THREADS=many is not a thread count: use an integer from 1 to 8/);
});

/**
 * Threads: with BANDWIRE_THREADS=2 the runtime reports 2 threads and a train step gives the same
 * losses as BANDWIRE_THREADS=1 (within 1e-5 relative: XNNPACK may split sums differently); unset,
 * it uses min(cores, 4); a bad value is a USAGE error naming the variable. Each case runs in a
 * fresh process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultThreads, requestedThreads } from './wasm.ts';

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

test('BANDWIRE_THREADS=2 trains with two wasm threads and the same losses as BANDWIRE_THREADS=1', (t) => {
  if (process.env.BANDWIRE_BACKEND && process.env.BANDWIRE_BACKEND !== 'wasm') {
    t.skip('BANDWIRE_BACKEND set: this test checks the wasm runtime');
    return;
  }
  const threaded = reportWith('2');
  assert.equal(threaded.error, undefined, String(threaded.error));
  assert.equal(threaded.backend, 'wasm');
  assert.equal(threaded.threads, 2);
  assert.equal(threaded.leaked, 0);
  const single = reportWith('1');
  assert.equal(single.error, undefined, String(single.error));
  assert.equal(single.threads, 1);
  for (const key of ['loss', 'lossAfter']) {
    const a = threaded[key] as number;
    const b = single[key] as number;
    assert.ok(Math.abs(a - b) <= 1e-5 * Math.abs(b), `${key}: 2 threads ${a} vs 1 thread ${b}`);
  }
});

test('default thread count: every core up to 4; an empty BANDWIRE_THREADS means the default', () => {
  assert.deepEqual([1, 2, 3, 4, 16].map((cores) => defaultThreads(cores)), [1, 2, 3, 4, 4]);
  assert.equal(requestedThreads(undefined, 2), 2);
  assert.equal(requestedThreads(' ', 8), 4);
  assert.equal(requestedThreads('1', 8), 1);
  assert.equal(requestedThreads('6', 2), 6);
});

test('a bad BANDWIRE_THREADS is a USAGE error naming the variable', () => {
  const failed = reportWith('many');
  assert.equal(failed.code, 'USAGE');
  assert.match(String(failed.error), /^BANDWIRE_THREADS=many is not a thread count: use an integer from 1 to 8, or unset it for the default/);
});

/**
 * Backend choice with fake loaders: every branch of the order tfjs-node-gpu → tfjs-node → wasm →
 * cpu, the reasons given, and BANDWIRE_BACKEND (forced, unloadable, unknown).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BandwireError } from '../../core/errors.ts';
import { selectBackend, Unavailable, type BackendLoaders } from './select.ts';

interface Fake { gpu?: 'gpu' | 'no-gpu' | string; node?: true | string; wasm?: number | string }

/** Loaders that succeed or throw Unavailable(message) as described; records what was tried. */
function fake(spec: Fake, tried: string[] = []): BackendLoaders {
  const outcome = <T>(name: string, value: T | string | undefined, missing: string): T => {
    tried.push(name);
    if (value === undefined) throw new Unavailable(missing);
    if (typeof value === 'string' && !['gpu', 'no-gpu'].includes(value)) throw new Unavailable(value);
    return value as T;
  };
  return {
    async tensorflowGpu() {
      const state = outcome<string>('gpu', spec.gpu, 'not installed');
      return { usesGpu: state === 'gpu' };
    },
    async tensorflowCpu() {
      outcome('node', spec.node, 'not installed');
    },
    async wasm() {
      return { threads: outcome<number>('wasm', spec.wasm, 'failed to load: no WebAssembly') };
    },
    async cpu() {
      tried.push('cpu');
    },
  };
}

test('tfjs-node-gpu with a GPU wins', async () => {
  const s = await selectBackend(undefined, fake({ gpu: 'gpu', node: true, wasm: 1 }));
  assert.equal(s.backend, 'tensorflow');
  assert.equal(s.package, 'tfjs-node-gpu');
  assert.match(s.reason, /tfjs-node-gpu loaded; TensorFlow runs on the GPU/);
});

test('tfjs-node-gpu without a usable GPU says TensorFlow runs on the CPU', async () => {
  const s = await selectBackend(undefined, fake({ gpu: 'no-gpu', wasm: 1 }));
  assert.equal(s.package, 'tfjs-node-gpu');
  assert.match(s.reason, /sees no usable GPU/);
});

test('tfjs-node when the GPU package is absent, with the reason', async () => {
  const s = await selectBackend(undefined, fake({ node: true, wasm: 1 }));
  assert.equal(s.backend, 'tensorflow');
  assert.equal(s.package, 'tfjs-node');
  assert.match(s.reason, /@tensorflow\/tfjs-node-gpu not installed/);
});

test('wasm when neither TensorFlow package is usable, naming both', async () => {
  const s = await selectBackend(undefined, fake({ gpu: 'installed, not loaded: no NVIDIA GPU visible', wasm: 1 }));
  assert.equal(s.backend, 'wasm');
  assert.equal(s.threads, 1);
  assert.match(s.reason, /^wasm with the project gradient kernels/);
  assert.match(s.reason, /tfjs-node-gpu installed, not loaded: no NVIDIA GPU visible/);
  assert.match(s.reason, /@tensorflow\/tfjs-node not installed/);
});

test('cpu as the last resort, naming why wasm failed', async () => {
  const s = await selectBackend(undefined, fake({}));
  assert.equal(s.backend, 'cpu');
  assert.match(s.reason, /wasm failed to load: no WebAssembly/);
});

test('BANDWIRE_BACKEND forces a backend without trying the better ones', async () => {
  const tried: string[] = [];
  const s = await selectBackend('cpu', fake({ gpu: 'gpu', node: true, wasm: 1 }, tried));
  assert.equal(s.backend, 'cpu');
  assert.deepEqual(tried, ['cpu']);
  assert.match(s.reason, /forced by BANDWIRE_BACKEND=cpu/);
  const w = await selectBackend('WASM', fake({ wasm: 2 }));
  assert.equal(w.backend, 'wasm');
  assert.equal(w.threads, 2);
});

test('BANDWIRE_BACKEND naming an unloadable or unknown backend is a USAGE error naming the variable', async () => {
  await assert.rejects(selectBackend('tensorflow', fake({ wasm: 1 })), (e: unknown) => {
    assert.ok(e instanceof BandwireError);
    assert.equal(e.code, 'USAGE');
    assert.match(e.message, /BANDWIRE_BACKEND=tensorflow: the tensorflow backend cannot be loaded \(.*tfjs-node not installed\)/);
    return true;
  });
  await assert.rejects(selectBackend('wasm', fake({})), /BANDWIRE_BACKEND=wasm: the wasm backend cannot be loaded \(failed to load: no WebAssembly\)/);
  await assert.rejects(selectBackend('webgl', fake({ wasm: 1 })), /BANDWIRE_BACKEND=webgl is not a backend: use one of tensorflow, wasm, cpu/);
});

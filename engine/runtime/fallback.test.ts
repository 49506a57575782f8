/**
 * When the threaded wasm build cannot start (here: a starter that throws, then one whose backend
 * factory fails), initWasm falls back to the single-thread build, trains, and says why.
 * BANDWIRE_THREADS=2 makes the threaded build the request even on a one-core machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerProjectKernels } from '../kernels/register.ts';
import { initWasm } from './wasm.ts';

test('a threaded build that fails to start falls back to one thread, with the reason', async () => {
  const saved = process.env.BANDWIRE_THREADS;
  process.env.BANDWIRE_THREADS = '2';
  try {
    registerProjectKernels();
    const thrown = await initWasm(() => { throw new Error('no SharedArrayBuffer here'); });
    assert.equal(thrown.threads, 1);
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(thrown.note, 'threads set by BANDWIRE_THREADS=2: the threaded wasm build failed to start (no SharedArrayBuffer here), using 1 thread');
    // A factory that rejects: tf.setBackend resolves false (tfjs logs a warning).
    const warn = console.warn;
    console.warn = () => {};
    let failed;
    try {
      failed = await initWasm(() => {
        tf.removeBackend('wasm');
        tf.registerBackend('wasm', async () => { throw new Error('pthread workers did not load'); }, 2);
      });
    } finally {
      console.warn = warn;
    }
    assert.equal(failed.threads, 1);
    assert.match(String(failed.note), /the threaded wasm build failed to start \(it did not initialise\), using 1 thread$/);
    const sum = tf.tidy(() => tf.conv2d(tf.ones([1, 8, 8, 2]) as tf.Tensor4D, tf.ones([3, 3, 2, 1]) as tf.Tensor4D, 1, 'valid').sum().dataSync()[0]);
    assert.equal(sum, 36 * 18);
  } finally {
    if (saved === undefined) delete process.env.BANDWIRE_THREADS;
    else process.env.BANDWIRE_THREADS = saved;
  }
});

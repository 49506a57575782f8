import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../core/events.ts';
import type { GraphDoc } from '../core/graph.ts';
import type { Raster } from '../core/values.ts';
import { tempDir } from '../test/harness.ts';
import { compile } from './compile.ts';
import { DiskCache } from './disk-cache.ts';
import { execute, type ExecuteOptions } from './execute.ts';
import { MemoryCache } from './memory-cache.ts';
import { initRuntime, tf } from './runtime/backend.ts';
import { registry } from './testing/registry.ts';
import { testPipeline } from './testing/pipeline.ts';

/** source → scale → mean, scale → write; plus an independent source2 → mean2. */
function chain(factor = 2, value = 1): GraphDoc {
  return testPipeline({ value, factor, leak: 2, value2: 5 });
}

async function run(doc: GraphDoc, options: Partial<ExecuteOptions> & { baseDir: string }) {
  const rt = await initRuntime();
  const { plan, diagnostics } = compile(doc, registry);
  assert.deepEqual(diagnostics, []);
  const events: RunEvent[] = [];
  const summary = await execute(plan!, { tf, backend: rt.backend, onEvent: (e) => events.push(e), ...options });
  const ran = events.filter((e) => e.type === 'done').map((e) => (e as { node: string }).node).sort();
  return { summary, events, ran };
}

test('unchanged nodes are cached; a changed param re-runs exactly its downstream set', async () => {
  const dir = tempDir();
  const memoryCache = new MemoryCache();
  const first = await run(chain(2), { baseDir: dir, memoryCache });
  assert.equal(first.summary.ok, true);
  assert.deepEqual(first.ran, ['mean', 'mean2', 'save', 'scale', 'src', 'src2']);
  assert.deepEqual(first.summary.metrics, { mean: { mean: 2 }, mean2: { mean: 5 } });
  assert.deepEqual(first.summary.outputs, [join(dir, 'scaled.txt')]);

  // Same graph again: nothing runs, and the writer does not hit "file exists".
  const second = await run(chain(2), { baseDir: dir, memoryCache });
  assert.equal(second.summary.ok, true);
  assert.deepEqual(second.ran, []);
  assert.ok(Object.values(second.summary.nodes).every((r) => r.status === 'cached'));
  assert.deepEqual(second.summary.metrics, { mean: { mean: 2 }, mean2: { mean: 5 } });

  // factor changes: scale and everything below it re-run (the writer now refuses to overwrite).
  const third = await run({ ...chain(3), nodes: chain(3).nodes.map((n) => (n.id === 'save' ? { ...n, params: { path: 'scaled.txt', overwrite: true } } : n)) }, { baseDir: dir, memoryCache });
  assert.deepEqual(third.ran, ['mean', 'save', 'scale']);
  assert.equal(third.summary.nodes.src.status, 'cached');
  assert.equal(third.summary.nodes.src2.status, 'cached');
  assert.equal(third.summary.metrics.mean.mean, 3);
  assert.match(readFileSync(join(dir, 'scaled.txt'), 'utf8'), /^3,3,3/);
});

test('a writer whose file changed on disk runs again', async () => {
  const dir = tempDir();
  const memoryCache = new MemoryCache();
  const doc = chain(2);
  doc.nodes[3].params = { path: 'scaled.txt', overwrite: true };
  await run(doc, { baseDir: dir, memoryCache });
  writeFileSync(join(dir, 'scaled.txt'), 'edited by hand, longer than before........................');
  const again = await run(doc, { baseDir: dir, memoryCache });
  assert.deepEqual(again.ran, ['save']);
});

test('the disk cache serves a fresh engine (new process) and an input file change invalidates', async () => {
  const dir = tempDir();
  const diskCache = new DiskCache({ dir: join(dir, 'cache') });
  writeFileSync(join(dir, 'offset.txt'), '10');
  const doc = chain(2);
  doc.nodes[0].params = { value: 1, path: 'offset.txt' };
  const first = await run(doc, { baseDir: dir, memoryCache: new MemoryCache(), diskCache });
  assert.equal(first.summary.metrics.mean.mean, 22);
  const second = await run(doc, { baseDir: dir, memoryCache: new MemoryCache(), diskCache });
  assert.deepEqual(second.ran, []);
  assert.equal(second.summary.metrics.mean.mean, 22);
  writeFileSync(join(dir, 'offset.txt'), '100'); // size changes → fingerprint changes
  doc.nodes[3].params = { path: 'scaled.txt', overwrite: true };
  const third = await run(doc, { baseDir: dir, memoryCache: new MemoryCache(), diskCache });
  assert.deepEqual(third.ran, ['mean', 'save', 'scale', 'src']);
  assert.equal(third.summary.metrics.mean.mean, 202);
});

test('an error stops only the failed node\'s descendants', async () => {
  const dir = tempDir();
  const doc: GraphDoc = {
    bandwire: 1,
    nodes: [
      { id: 'src', type: 'test.source' },
      { id: 'bad', type: 'test.fail', params: { message: 'boom' } },
      { id: 'after', type: 'test.mean' },
      { id: 'other', type: 'test.mean' },
    ],
    edges: [
      { from: 'src.cube', to: 'bad.cube' },
      { from: 'bad.cube', to: 'after.cube' },
      { from: 'src.cube', to: 'other.cube' },
    ],
  };
  const before = tf.memory().numTensors;
  const { summary, events } = await run(doc, { baseDir: dir });
  assert.equal(summary.ok, false);
  assert.equal(summary.nodes.bad.status, 'error');
  assert.match(summary.nodes.bad.error!, /boom/);
  assert.equal(summary.nodes.after.status, 'skipped');
  assert.equal(summary.nodes.other.status, 'done');
  assert.deepEqual(summary.metrics, { other: { mean: 1 } });
  const skipped = events.find((e) => e.type === 'skipped') as { reason: string };
  assert.match(skipped.reason, /'bad' failed/);
  assert.equal(summary.nodes.after.reason, "upstream node 'bad' failed", 'the JSON summary says why');
  assert.equal(tf.memory().numTensors, before, 'the failing node\'s tensor is released');
});

test('a failed upstream that feeds only an optional input is left out, not a reason to skip', async () => {
  const dir = tempDir();
  const doc: GraphDoc = {
    bandwire: 1,
    nodes: [
      { id: 'src', type: 'test.source' },
      { id: 'bad', type: 'test.fail' },
      { id: 'opt', type: 'test.slow', params: { ms: 1 } },
      { id: 'mean', type: 'test.mean' },
    ],
    edges: [
      { from: 'src.cube', to: 'bad.cube' },
      { from: 'bad.cube', to: 'opt.cube' },
      { from: 'opt.cube', to: 'mean.cube' },
    ],
  };
  const diskCache = new DiskCache({ dir: join(dir, 'cache') });
  const { summary, events } = await run(doc, { baseDir: dir, diskCache });
  assert.deepEqual([summary.nodes.bad.status, summary.nodes.opt.status, summary.nodes.mean.status], ['error', 'done', 'done']);
  assert.equal(summary.metrics.mean.mean, 1, "opt ran as if 'cube' were unconnected (its own 1x1 cube of 1)");
  assert.ok(events.some((e) => e.type === 'log' && e.node === 'opt' && e.message === "optional input 'cube' left out: upstream node 'bad' failed"));
  assert.equal(summary.ok, false);
  // The result without the input is cached apart: once the upstream works, opt runs again with it.
  doc.nodes[1] = { id: 'bad', type: 'test.scale', params: { factor: 3 } };
  const fixed = await run(doc, { baseDir: dir, diskCache });
  assert.equal(fixed.summary.nodes.opt.status, 'done');
  assert.equal(fixed.summary.metrics.mean.mean, 3);
});

test('tensors left by nodes are released after success', async () => {
  const before = tf.memory().numTensors;
  const { summary } = await run(chain(2), { baseDir: tempDir() });
  assert.equal(summary.ok, true);
  assert.equal(tf.memory().numTensors, before);
});

test('cancel mid-node: cancelled status, no leaked tensors, no partial file', async () => {
  const dir = tempDir();
  const doc: GraphDoc = {
    bandwire: 1,
    nodes: [
      { id: 'src', type: 'test.source' },
      { id: 'save', type: 'test.write', params: { path: 'out.txt', chunks: 200, chunkMs: 10 } },
      { id: 'slow', type: 'test.slow', params: { ms: 20000 } },
      { id: 'after', type: 'test.mean' },
    ],
    edges: [
      { from: 'src.cube', to: 'save.raster' },
      { from: 'slow.cube', to: 'after.cube' },
    ],
  };
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  let cancelledAt = 0;
  const onEvent = (e: RunEvent) => {
    if (e.type === 'running' && e.node === 'slow' && e.progress > 0.01 && !cancelledAt) {
      cancelledAt = performance.now();
      controller.abort();
    }
  };
  const t0 = performance.now();
  const { summary } = await run(doc, { baseDir: dir, signal: controller.signal, onEvent, concurrency: 2 });
  assert.ok(cancelledAt > 0, 'the slow node reported progress');
  assert.ok(performance.now() - t0 < 15000, 'the 20 s node stopped early');
  assert.equal(summary.cancelled, true);
  assert.equal(summary.ok, false);
  assert.equal(summary.nodes.slow.status, 'cancelled');
  assert.equal(summary.nodes.after.status, 'skipped');
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(readdirSync(dir), [], 'neither out.txt nor its temp file remains');
  assert.equal(existsSync(join(dir, 'out.txt')), false);
});

test('independent branches overlap (both running before either is done)', async () => {
  const doc: GraphDoc = {
    bandwire: 1,
    nodes: [
      { id: 'a', type: 'test.write', params: { path: 'a.txt', chunks: 5, chunkMs: 20 } },
      { id: 'b', type: 'test.write', params: { path: 'b.txt', chunks: 5, chunkMs: 20 } },
      { id: 'src', type: 'test.source' },
    ],
    edges: [
      { from: 'src.cube', to: 'a.raster' },
      { from: 'src.cube', to: 'b.raster' },
    ],
  };
  const { events, summary } = await run(doc, { baseDir: tempDir(), concurrency: 2 });
  assert.equal(summary.ok, true);
  const order = events.filter((e) => (e.type === 'running' || e.type === 'done') && e.node !== 'src').map((e) => e.type);
  assert.deepEqual(order.slice(0, 2), ['running', 'running']);
});

test('outputs stay plain typed arrays', async () => {
  const outputs = new Map<string, unknown>();
  await run(chain(2), { baseDir: tempDir(), onOutputs: (node, o) => outputs.set(node, o) });
  const scaled = (outputs.get('scale') as { cube: Raster }).cube;
  assert.ok(scaled.data instanceof Float32Array);
  assert.deepEqual(Array.from(scaled.data.slice(0, 3)), [2, 2, 2]);
});

test('a node\'s leftover tensors are released before the next node starts', async () => {
  await initRuntime();
  const before = tf.memory().numTensors;
  const seen: number[] = [];
  const onEvent = (e: RunEvent) => {
    if (e.type === 'running' && e.progress === 0 && e.node === 'mean') seen.push(tf.memory().numTensors - before);
  };
  const { summary } = await run(chain(2), { baseDir: tempDir(), concurrency: 1, onEvent });
  assert.equal(summary.ok, true);
  assert.deepEqual(seen, [0], 'the 2 tensors test.scale leaked were freed when it ended');
});

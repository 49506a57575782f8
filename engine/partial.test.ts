// Partial outputs (ctx.keepPartial): a cancelled node publishes its latest partial outputs as its
// last outputs (onOutputs / host.getOutput), stays `cancelled`, and nothing of it is cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RunEvent } from '../core/events.ts';
import type { GraphDoc } from '../core/graph.ts';
import type { NodeOutputs } from '../core/node-def.ts';
import type { Raster } from '../core/values.ts';
import { tempDir } from '../test/harness.ts';
import { compile } from './compile.ts';
import { DiskCache } from './disk-cache.ts';
import { execute } from './execute.ts';
import { openEngineHost } from './host.ts';
import { MemoryCache } from './memory-cache.ts';
import { initRuntime, tf } from './runtime/backend.ts';
import { registry, TEST_REGISTRY_MODULE } from './testing/registry.ts';

const STEPS = 40;
const tunerGraph: GraphDoc = {
  bandwire: 1,
  nodes: [
    { id: 'tune', type: 'test.tuner', params: { steps: STEPS, stepMs: 25 } },
    { id: 'after', type: 'test.mean' },
  ],
  edges: [{ from: 'tune.cube', to: 'after.cube' }],
};

/** Cancels the run at the first progress event of 'tune' past `fraction`. */
function cancelAt(controller: AbortController, fraction: number) {
  return (e: RunEvent) => {
    if (e.type === 'running' && e.node === 'tune' && e.progress >= fraction && e.progress < 1) controller.abort();
  };
}

test('a cancelled node publishes its partial outputs, stays cancelled, and is not cached', async () => {
  const rt = await initRuntime();
  const dir = tempDir();
  const memoryCache = new MemoryCache();
  const diskCache = new DiskCache({ dir: join(dir, 'cache') });
  const { plan } = compile(tunerGraph, registry);
  const runOnce = async (signal?: AbortSignal, listen: (e: RunEvent) => void = () => {}) => {
    const events: RunEvent[] = [];
    const outputs = new Map<string, NodeOutputs>();
    const summary = await execute(plan!, {
      baseDir: dir, tf, backend: rt.backend, memoryCache, diskCache, signal,
      onEvent: (e) => (events.push(e), listen(e)),
      onOutputs: (node, o) => outputs.set(node, o),
    });
    return { summary, events, outputs };
  };

  const controller = new AbortController();
  const first = await runOnce(controller.signal, cancelAt(controller, 0.1));
  assert.equal(first.summary.cancelled, true);
  assert.equal(first.summary.nodes.tune.status, 'cancelled');
  assert.equal(first.summary.nodes.tune.partial, true);
  assert.equal(first.summary.nodes.after.status, 'skipped', 'partial outputs are not fed downstream');
  assert.deepEqual(first.events.find((e) => e.type === 'cancelled'), { type: 'cancelled', node: 'tune', partial: true });
  const kept = (first.outputs.get('tune')?.cube as Raster).data[0];
  assert.ok(kept >= 4 && kept < STEPS, `partial cube = step ${kept} (cancelled at >= 10 % of ${STEPS})`);
  assert.equal(first.outputs.has('after'), false);

  // The re-run computes (no cache hit) and then its full result is cached.
  const second = await runOnce();
  assert.equal(second.summary.ok, true);
  assert.ok(second.events.some((e) => e.type === 'done' && e.node === 'tune'), 'tune ran again');
  assert.ok(!second.events.some((e) => e.type === 'cached' && e.node === 'tune'));
  assert.equal((second.outputs.get('tune')?.cube as Raster).data[0], STEPS);
  const third = await runOnce();
  assert.equal(third.summary.nodes.tune.status, 'cached');
  assert.equal((third.outputs.get('tune')?.cube as Raster).data[0], STEPS);
});

test('a node cancelled without keepPartial publishes nothing (no partial flag)', async () => {
  const rt = await initRuntime();
  const dir = tempDir();
  const doc: GraphDoc = { bandwire: 1, nodes: [{ id: 'slow', type: 'test.slow', params: { ms: 20000 } }], edges: [] };
  const { plan } = compile(doc, registry);
  const controller = new AbortController();
  const outputs = new Map<string, NodeOutputs>();
  const events: RunEvent[] = [];
  const summary = await execute(plan!, {
    baseDir: dir, tf, backend: rt.backend, signal: controller.signal,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'running' && e.progress > 0.001) controller.abort();
    },
    onOutputs: (node, o) => outputs.set(node, o),
  });
  assert.equal(summary.nodes.slow.status, 'cancelled');
  assert.equal(summary.nodes.slow.partial, undefined);
  assert.deepEqual(events.find((e) => e.type === 'cancelled'), { type: 'cancelled', node: 'slow' });
  assert.equal(outputs.size, 0);
});

test('host: getOutput returns the partial value of a cancelled node; a re-run does not hit the cache', async () => {
  const dir = tempDir();
  const host = await openEngineHost({ registryModule: TEST_REGISTRY_MODULE, diskCacheDir: join(dir, 'cache') });
  try {
    let handle: ReturnType<typeof host.run> | undefined;
    const events: RunEvent[] = [];
    handle = host.run(tunerGraph, { baseDir: dir }, (e) => {
      events.push(e);
      if (e.type === 'running' && e.node === 'tune' && e.progress >= 0.1 && e.progress < 1) handle?.cancel();
    });
    const summary = await handle.done;
    assert.equal(summary.nodes.tune.status, 'cancelled');
    assert.ok(events.some((e) => e.type === 'cancelled' && e.node === 'tune' && e.partial === true));
    const partial = (await host.getOutput('tune', 'cube')) as Raster;
    assert.ok(partial && partial.data[0] >= 4 && partial.data[0] < STEPS, `partial cube = step ${partial?.data[0]}`);
    const again: RunEvent[] = [];
    const rerun = await host.run(tunerGraph, { baseDir: dir }, (e) => again.push(e)).done;
    assert.equal(rerun.nodes.tune.status, 'done');
    assert.equal(((await host.getOutput('tune', 'cube')) as Raster).data[0], STEPS);
  } finally {
    await host.dispose();
  }
});

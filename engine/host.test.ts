import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { RunEvent } from '../core/events.ts';
import type { GraphDoc } from '../core/graph.ts';
import type { Raster } from '../core/values.ts';
import { tempDir } from '../test/harness.ts';
import { openEngineHost } from './host.ts';
import { TEST_REGISTRY_MODULE } from './testing/registry.ts';

const slowGraph = (ms: number, ignoreAbort = false): GraphDoc => ({
  bandwire: 1,
  nodes: [
    { id: 'src', type: 'test.source', params: { value: 7 } },
    { id: 'slow', type: 'test.slow', params: { ms, ignoreAbort } },
  ],
  edges: [{ from: 'src.cube', to: 'slow.cube' }],
});

test('host: catalogue, validate, run in the worker, getOutput, runtimeInfo', async () => {
  const dir = tempDir();
  const host = await openEngineHost({ registryModule: TEST_REGISTRY_MODULE, diskCacheDir: join(dir, 'cache') });
  try {
    assert.ok(host.catalogue().some((n) => n.id === 'test.slow'));
    assert.equal(host.validate({ bandwire: 1, nodes: [{ id: 'm', type: 'test.mean' }], edges: [] })[0].code, 'MISSING_INPUT');
    const events: RunEvent[] = [];
    const summary = await host.run(slowGraph(10), { baseDir: dir }, (e) => events.push(e)).done;
    assert.equal(summary.ok, true);
    assert.deepEqual(Object.keys(summary.nodes).sort(), ['slow', 'src']);
    assert.equal(events.at(-1)!.type, 'finished');
    const value = (await host.getOutput('slow', 'cube')) as Raster;
    assert.equal(value.kind, 'raster');
    assert.ok(value.data instanceof Float32Array);
    assert.equal(value.data[0], 7);
    assert.equal(await host.getOutput('slow', 'nope'), undefined);
    const info = await host.runtimeInfo();
    assert.equal(typeof info.backend, 'string');
    // Graph errors come back as diagnostics, not as a crash.
    const bad = await host.run({ bandwire: 1, nodes: [{ id: 'x', type: 'nope' }], edges: [] }, { baseDir: dir }, () => {}).done;
    assert.equal(bad.ok, false);
    assert.equal(bad.diagnostics?.[0].code, 'UNKNOWN_TYPE');
  } finally {
    await host.dispose();
  }
});

test('host event loop stays responsive (delay < 100 ms) while a node computes for 3 s', async () => {
  // If the node ran on the host thread, every attempt would show one ~3000 ms delay and an
  // event-loop utilisation near 1. Other processes competing for the CPU add scheduler noise,
  // so the delay bound must hold in one of up to three attempts; utilisation in every one.
  const host = await openEngineHost({ registryModule: TEST_REGISTRY_MODULE });
  try {
    await host.runtimeInfo(); // start the worker first: its start-up is not the run
    const maxima: number[] = [];
    for (let attempt = 0; attempt < 3 && !(maxima.length && Math.min(...maxima) < 100); attempt++) {
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      let progressEvents = 0;
      let utilisation = performance.eventLoopUtilization();
      const summary = await host.run(slowGraph(3000), { baseDir: tempDir(), diskCache: false }, (e) => {
        if (e.type === 'started') {
          histogram.enable();
          utilisation = performance.eventLoopUtilization();
        }
        if (e.type === 'running') progressEvents++;
      }).done;
      histogram.disable();
      const elu = performance.eventLoopUtilization(utilisation).utilization;
      assert.equal(summary.ok, true);
      assert.ok(progressEvents >= 5, `progress streamed during the run (${progressEvents} events)`);
      assert.ok(elu < 0.5, `host event-loop utilisation ${elu.toFixed(2)} during the run`);
      maxima.push(histogram.max / 1e6);
    }
    assert.ok(Math.min(...maxima) < 100, `max event-loop delay per attempt: ${maxima.map((m) => m.toFixed(1)).join(', ')} ms`);
  } finally {
    await host.dispose();
  }
});

test('cancel stops a busy node through the shared flag; the worker is reused', async () => {
  const host = await openEngineHost({ registryModule: TEST_REGISTRY_MODULE });
  try {
    let handle: ReturnType<typeof host.run> | undefined = undefined;
    const t0 = performance.now();
    handle = host.run(slowGraph(30000), { baseDir: tempDir(), diskCache: false }, (e) => {
      if (e.type === 'running' && e.node === 'slow' && e.progress > 0) handle?.cancel();
    });
    const summary = await handle.done;
    assert.ok(performance.now() - t0 < 10000);
    assert.equal(summary.cancelled, true);
    assert.equal(summary.nodes.slow.status, 'cancelled');
    const again = await host.run(slowGraph(10), { baseDir: tempDir(), diskCache: false }, () => {}).done;
    assert.equal(again.ok, true);
  } finally {
    await host.dispose();
  }
});

test('a stuck node is killed after the grace period and its temp file removed', async () => {
  const dir = tempDir();
  const host = await openEngineHost({ registryModule: TEST_REGISTRY_MODULE, graceMs: 500 });
  try {
    const doc: GraphDoc = {
      bandwire: 1,
      nodes: [
        { id: 'src', type: 'test.source' },
        { id: 'save', type: 'test.write', params: { path: 'out.txt', chunks: 3, chunkMs: 1000 } },
        { id: 'stuck', type: 'test.slow', params: { ms: 60000, ignoreAbort: true, waitMs: 300 } },
      ],
      edges: [
        { from: 'src.cube', to: 'save.raster' },
        { from: 'src.cube', to: 'stuck.cube' },
      ],
    };
    let handle: ReturnType<typeof host.run> | undefined = undefined;
    // Cancel once the stuck node spins; the writer (waiting between chunks) has its temp file open.
    let partialSeen = false;
    handle = host.run(doc, { baseDir: dir, diskCache: false }, (e) => {
      if (e.type === 'running' && e.node === 'stuck' && e.progress > 0 && !partialSeen) {
        partialSeen = readdirSync(dir).some((f) => f.endsWith('.partial'));
        handle?.cancel();
      }
    });
    const t0 = performance.now();
    const summary = await handle.done;
    assert.ok(performance.now() - t0 < 15000);
    assert.equal(summary.cancelled, true);
    assert.equal(summary.nodes.stuck.status, 'cancelled');
    assert.ok(partialSeen, 'a temp file existed when the worker was killed');
    assert.deepEqual(readdirSync(dir), [], 'no partial or final output file remains');
    const again = await host.run(slowGraph(10), { baseDir: dir, diskCache: false }, () => {}).done;
    assert.equal(again.ok, true, 'a fresh worker runs the next graph');
  } finally {
    await host.dispose();
  }
});

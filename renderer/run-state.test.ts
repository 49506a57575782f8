import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../core/events.ts';
import { initialRunState, reduceRun } from './run-state.ts';

test('run events fold into per-node status, live series and the log', () => {
  const events: RunEvent[] = [
    { type: 'started', runId: 'r1', nodes: ['a', 'b', 'c'], backend: 'wasm' },
    { type: 'running', node: 'a', progress: 0.5, message: 'band 3/6' },
    { type: 'done', node: 'a', ms: 12.3 },
    { type: 'running', node: 'b', progress: 0.1, series: { loss: 0.5 }, step: 1 },
    { type: 'running', node: 'b', progress: 0.2, series: { loss: 0.25 }, step: 2 },
    { type: 'error', node: 'b', error: "param 'x' is bad" },
    { type: 'finished', summary: { ok: false, backend: 'wasm', nodes: {}, metrics: {}, outputs: [] } },
  ];
  const mid = events.slice(0, 2).reduce(reduceRun, initialRunState);
  assert.deepEqual([mid.running, mid.nodes.a.status, mid.nodes.a.progress, mid.nodes.a.message, mid.nodes.c.status], [true, 'running', 0.5, 'band 3/6', 'queued']);
  const end = events.reduce(reduceRun, initialRunState);
  assert.equal(end.running, false);
  assert.deepEqual([end.nodes.a.status, end.nodes.a.ms, end.nodes.a.revision], ['done', 12.3, 1]);
  assert.deepEqual(end.nodes.b.series, { loss: [[1, 0.5], [2, 0.25]] });
  assert.deepEqual([end.nodes.b.status, end.nodes.b.error], ['error', "param 'x' is bad"]);
  assert.equal(end.nodes.c.status, 'skipped', 'a node still queued when the run ends was skipped');
  assert.equal(end.log.length, 4);
  assert.match(end.log[3], /run finished with errors$/);
  const cancelled = reduceRun(mid, { type: 'finished', summary: { ok: false, backend: 'wasm', nodes: {}, metrics: {}, outputs: [], cancelled: true } });
  assert.deepEqual([cancelled.nodes.a.status, cancelled.nodes.c.status], ['cancelled', 'cancelled']);
});

test('a cancel that kept a partial result makes the preview refetch it', () => {
  const started = reduceRun(initialRunState, { type: 'started', runId: 'r2', nodes: ['pnn'], backend: 'wasm' });
  const kept = reduceRun(started, { type: 'cancelled', node: 'pnn', partial: true });
  assert.deepEqual([kept.nodes.pnn.status, kept.nodes.pnn.partial, kept.nodes.pnn.revision], ['cancelled', true, 1]);
  assert.match(kept.log.at(-1)!, /pnn: cancelled \(partial result kept\)$/);
  const plain = reduceRun(started, { type: 'cancelled', node: 'pnn' });
  assert.deepEqual([plain.nodes.pnn.partial, plain.nodes.pnn.revision], [undefined, 0]);
  const again = reduceRun(kept, { type: 'started', runId: 'r3', nodes: ['pnn'], backend: 'wasm' });
  assert.equal(again.nodes.pnn.partial, undefined, 'a new run clears the flag');
});

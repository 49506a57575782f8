import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../core/errors.ts';
import type { RunEvent } from '../core/events.ts';
import type { GraphDoc } from '../core/graph.ts';
import { produce } from 'immer';
import { initialRunState, reduceRun, refusedWriters, RUN_SEPARATOR, type RunAction, type RunState } from './run-state.ts';
import { allowOverwrite } from './store/commands.ts';

/** This editor submitted a run: its events are its own (a `started` without a submit is another window's). */
const submitted = reduceRun(initialRunState, { type: 'submit', fingerprints: {} });
/** `state` after this editor submits another run and it starts. */
const start = (state: RunState, event: Extract<RunAction, { type: 'started' }>) => reduceRun(reduceRun(state, { type: 'submit', fingerprints: {} }), event);

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
  const mid = events.slice(0, 2).reduce(reduceRun, submitted);
  assert.deepEqual([mid.running, mid.nodes.a.status, mid.nodes.a.progress, mid.nodes.a.message, mid.nodes.c.status], [true, 'running', 0.5, 'band 3/6', 'queued']);
  const end = events.reduce(reduceRun, submitted);
  assert.equal(end.running, false);
  assert.deepEqual([end.nodes.a.status, end.nodes.a.ms, end.nodes.a.revision], ['done', 12.3, 1]);
  assert.deepEqual(end.nodes.b.series, { loss: [[1, 0.5], [2, 0.25]] });
  assert.deepEqual([end.nodes.b.status, end.nodes.b.error], ['error', "param 'x' is bad"]);
  assert.equal(end.nodes.c.status, 'skipped', 'a node still queued when the run ends was skipped');
  assert.equal(end.log.length, 5);
  assert.equal(end.log[0], RUN_SEPARATOR);
  assert.match(end.log[4], /run finished with errors$/);
  const cancelled = reduceRun(mid, { type: 'finished', summary: { ok: false, backend: 'wasm', nodes: {}, metrics: {}, outputs: [], cancelled: true } });
  assert.deepEqual([cancelled.nodes.a.status, cancelled.nodes.c.status], ['cancelled', 'cancelled']);
});

test('the log tells a written output from one a cached writer kept', () => {
  const started = reduceRun(submitted, { type: 'started', runId: 'r4', nodes: ['save'], backend: 'wasm' });
  const wrote = reduceRun(started, { type: 'output', node: 'save', path: '/o/rx.tif' });
  assert.match(wrote.log.at(-1)!, /save: wrote \/o\/rx\.tif$/);
  const kept = reduceRun(started, { type: 'output', node: 'save', path: '/o/rx.tif', cached: true });
  assert.match(kept.log.at(-1)!, /save: kept \/o\/rx\.tif \(unchanged, writer cached\)$/);
});

test('a cancel that kept a partial result makes the preview refetch it', () => {
  const started = reduceRun(submitted, { type: 'started', runId: 'r2', nodes: ['pnn'], backend: 'wasm' });
  const kept = reduceRun(started, { type: 'cancelled', node: 'pnn', partial: true });
  assert.deepEqual([kept.nodes.pnn.status, kept.nodes.pnn.partial, kept.nodes.pnn.revision], ['cancelled', true, 1]);
  assert.match(kept.log.at(-1)!, /pnn: cancelled \(partial result kept\)$/);
  const plain = reduceRun(started, { type: 'cancelled', node: 'pnn' });
  assert.deepEqual([plain.nodes.pnn.partial, plain.nodes.pnn.revision], [undefined, 0]);
  const again = start(kept, { type: 'started', runId: 'r3', nodes: ['pnn'], backend: 'wasm' });
  assert.equal(again.nodes.pnn.partial, undefined, 'a new run clears the flag');
});

test('loading a document forgets every status and result; a run in progress is detached', () => {
  const done = ([
    { type: 'submit', fingerprints: { scene: 'f1' } },
    { type: 'started', runId: 'r1', nodes: ['scene'], backend: 'wasm' },
    { type: 'done', node: 'scene', ms: 307 },
    { type: 'finished', summary: { ok: true, backend: 'wasm', nodes: {}, metrics: {}, outputs: [] } },
  ] as RunAction[]).reduce(reduceRun, initialRunState);
  assert.deepEqual([done.nodes.scene.status, done.nodes.scene.fingerprint], ['done', 'f1']);
  const opened = reduceRun(done, { type: 'reset', label: 'h.json' });
  assert.deepEqual(opened.nodes, {}, 'no status of the previous graph survives');
  assert.equal(opened.running, false);
  assert.match(opened.log.at(-1)!, /opened h\.json$/);

  // Open during a run: its remaining events change no status, its end re-enables Run.
  const running = ([
    { type: 'submit', fingerprints: { a: 'fa' } },
    { type: 'started', runId: 'r2', nodes: ['a'], backend: 'wasm' },
  ] as RunAction[]).reduce(reduceRun, opened);
  const detached = reduceRun(running, { type: 'reset', label: 'other.json' });
  assert.deepEqual([detached.running, detached.detached, detached.nodes], [true, true, {}]);
  const late = reduceRun(reduceRun(detached, { type: 'done', node: 'a', ms: 5 }), { type: 'cancelled', node: 'a' });
  assert.deepEqual(late.nodes, {}, 'events of the replaced graph run are ignored');
  const ended = reduceRun(late, { type: 'finished', summary: { ok: false, backend: 'wasm', nodes: {}, metrics: {}, outputs: [], cancelled: true } });
  assert.deepEqual([ended.running, ended.detached, ended.nodes], [false, false, {}]);
  // Revisions keep increasing across loads, so a preview never mistakes a new result for an old one.
  const again = ([
    { type: 'submit', fingerprints: { scene: 'f2' } },
    { type: 'started', runId: 'r3', nodes: ['scene'], backend: 'wasm' },
    { type: 'done', node: 'scene', ms: 4 },
  ] as RunAction[]).reduce(reduceRun, ended);
  assert.ok(again.nodes.scene.revision > done.nodes.scene.revision, `${again.nodes.scene.revision} > ${done.nodes.scene.revision}`);
  assert.equal(again.nodes.scene.fingerprint, 'f2');
  // A later run that cancels the node before its result leaves no fingerprint to judge.
  const cancelled = ([
    { type: 'submit', fingerprints: { scene: 'f3' } },
    { type: 'started', runId: 'r4', nodes: ['scene'], backend: 'wasm' },
    { type: 'cancelled', node: 'scene' },
  ] as RunAction[]).reduce(reduceRun, again);
  assert.deepEqual([cancelled.nodes.scene.status, cancelled.nodes.scene.fingerprint], ['cancelled', undefined]);
  const failed = reduceRun(reduceRun(cancelled, { type: 'started', runId: 'r5', nodes: ['scene'], backend: 'wasm' }), { type: 'error', node: 'scene', error: 'bad' });
  assert.equal(failed.nodes.scene.fingerprint, 'f3', 'an error records the fingerprint of the graph that failed');
});

test('each run starts a log section; the previous run is kept; a refused run says why', () => {
  const finished = (ok: boolean, diagnostics?: Diagnostic[]): RunAction => ({ type: 'finished', summary: { ok, backend: 'wasm', nodes: {}, metrics: {}, outputs: [], diagnostics } });
  const run = (state: RunState, n: number) => ([
    { type: 'submit', fingerprints: {} },
    { type: 'started', runId: `r${n}`, nodes: ['a'], backend: 'wasm' },
    { type: 'log', node: 'a', message: `line of run ${n}` },
    finished(true),
  ] as RunAction[]).reduce(reduceRun, state);
  const two = run(run(run(initialRunState, 1), 2), 3);
  const text = two.log.join('\n');
  assert.doesNotMatch(text, /line of run 1/, 'runs before the previous one are dropped');
  assert.match(text, /line of run 2[\s\S]*line of run 3/);
  assert.equal(two.log.filter((l) => l === RUN_SEPARATOR).length, 2);
  assert.equal(two.log[0], RUN_SEPARATOR);

  const refused = ([
    { type: 'submit', fingerprints: {} },
    finished(false, [{ code: 'PARAM_RANGE', severity: 'error', node: 'rx', message: "param 'window' = 4 must be odd" }]),
  ] as RunAction[]).reduce(reduceRun, two);
  assert.equal(refused.running, false);
  assert.match(refused.log.at(-2)!, /PARAM_RANGE \(rx\): param 'window' = 4 must be odd$/);
  assert.match(refused.log.at(-1)!, /run finished with errors$/);
  const rejected = reduceRun(reduceRun(two, { type: 'submit', fingerprints: {} }), { type: 'rejected', message: 'a run is already in progress' });
  assert.deepEqual([rejected.running, /run refused: a run is already in progress$/.test(rejected.log.at(-1)!)], [false, true]);
});

test('writers that refused to replace a file (FILE_EXISTS) are offered an overwrite, and only they', () => {
  const doc: GraphDoc = {
    bandwire: 1,
    nodes: [
      { id: 'scene', type: 'synth.scene' },
      { id: 'save', type: 'io.write', params: { path: 'out/a.tif' } },
      { id: 'saveScore', type: 'io.write', params: { path: 'out/b.tif' } },
      { id: 'bad', type: 'io.write', params: { path: 'out/c.tif' } },
    ],
    edges: [],
  };
  const summary = { ok: false, backend: 'wasm', nodes: {}, metrics: {}, outputs: [] };
  const events: RunEvent[] = [
    { type: 'started', runId: 'r1', nodes: ['scene', 'save', 'saveScore', 'bad'], backend: 'wasm' },
    { type: 'done', node: 'scene', ms: 1 },
    { type: 'error', node: 'save', error: 'out/a.tif already exists; set overwrite: true to replace it', code: 'FILE_EXISTS' },
    { type: 'error', node: 'saveScore', error: 'out/b.tif already exists; set overwrite: true to replace it', code: 'FILE_EXISTS' },
    { type: 'error', node: 'bad', error: 'disk full', code: 'NODE_FAILED' },
  ];
  const before = events.reduce(reduceRun, submitted);
  assert.deepEqual(refusedWriters(before, doc), [], 'nothing is offered while the run is in progress');
  const end = reduceRun(before, { type: 'finished', summary });
  assert.equal(end.nodes.save.code, 'FILE_EXISTS');
  assert.deepEqual(refusedWriters(end, doc), ['save', 'saveScore']);
  const allowed = produce(doc, allowOverwrite(refusedWriters(end, doc)));
  assert.deepEqual(allowed.nodes.map((n) => n.params?.overwrite), [undefined, true, true, undefined]);
  assert.deepEqual(allowed.nodes[1].params, { path: 'out/a.tif', overwrite: true });
  assert.deepEqual(refusedWriters(end, allowed), [], 'once set, the offer goes');
  // The next run forgets the codes of the nodes it runs.
  const again = start(end, { type: 'started', runId: 'r2', nodes: ['save'], backend: 'wasm' });
  assert.equal(again.nodes.save.code, undefined);
});

test("a run another window started (no submit here) changes nothing but the log", () => {
  const mine = reduceRun(initialRunState, { type: 'submit', fingerprints: { rx: 'f1' } });
  const done = ([
    { type: 'started', runId: 'r1', nodes: ['rx'], backend: 'wasm' },
    { type: 'done', node: 'rx', ms: 5 },
    { type: 'finished', summary: { ok: true, backend: 'wasm', nodes: {}, metrics: {}, outputs: [] } },
  ] as RunAction[]).reduce(reduceRun, mine);
  assert.equal(done.nodes.rx.status, 'done');
  const other = ([
    { type: 'started', runId: 'r2', nodes: ['rx', 'scene'], backend: 'wasm' },
    { type: 'running', node: 'rx', progress: 0.5 },
    { type: 'error', node: 'scene', error: 'boom' },
  ] as RunAction[]).reduce(reduceRun, done);
  assert.deepEqual([other.running, other.foreign, other.nodes.rx.status, other.nodes.scene], [false, true, 'done', undefined]);
  assert.match(other.log.at(-1)!, /another window started a run \(2 nodes\)/);
  const ended = reduceRun(other, { type: 'finished', summary: { ok: false, backend: 'wasm', nodes: {}, metrics: {}, outputs: [] } });
  assert.deepEqual([ended.foreign, ended.running, ended.nodes.rx.status, ended.summary], [false, false, 'done', done.summary], "this window's own last summary stays");
  // and this window's next run is its own again
  const again = (['submit', 'started'] as const).reduce((s, type) => reduceRun(s, type === 'submit' ? { type, fingerprints: {} } : { type, runId: 'r3', nodes: ['rx'], backend: 'wasm' }), ended);
  assert.deepEqual([again.foreign, again.running, again.runId, again.nodes.rx.status], [false, true, 'r3', 'queued']);
});

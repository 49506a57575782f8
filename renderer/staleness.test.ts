import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphDoc } from '../core/graph.ts';
import { fingerprints, staleNodes, type Catalogue } from './staleness.ts';

/** scene → rx → roc ← scene.anomalies; rx → save; an unconnected `other`. */
function graph(): GraphDoc {
  return {
    bandwire: 1,
    nodes: [
      { id: 'scene', type: 'synth.scene', params: { rows: 128, snr: 30 }, position: { x: 0, y: 0 } },
      { id: 'rx', type: 'detect.rx', position: { x: 300, y: 0 } },
      { id: 'roc', type: 'metrics.detection', position: { x: 600, y: 0 } },
      { id: 'save', type: 'io.write', params: { path: 'out/rx.tif' } },
      { id: 'other', type: 'synth.scene', params: { seed: 2 } },
    ],
    edges: [
      { from: 'scene.cube', to: 'rx.cube' },
      { from: 'rx.score', to: 'roc.score' },
      { from: 'scene.anomalies', to: 'roc.truth' },
      { from: 'rx.score', to: 'save.raster' },
    ],
  };
}

/** Run records as the run state holds them after a run of `doc`. */
const ranOn = (doc: GraphDoc) => Object.fromEntries(Object.entries(fingerprints(doc)).map(([id, fingerprint]) => [id, { fingerprint }]));
const sorted = (set: Set<string>) => [...set].sort();

test('nothing is stale right after a run; moves, labels and key order do not count', () => {
  const doc = graph();
  const records = ranOn(doc);
  assert.deepEqual(sorted(staleNodes(doc, records)), []);
  const cosmetic = structuredClone(doc);
  cosmetic.nodes[0].position = { x: 500, y: 90 };
  cosmetic.nodes[1].label = 'Global RX';
  cosmetic.nodes[0].params = { snr: 30, rows: 128 };
  cosmetic.edges.reverse();
  assert.deepEqual(sorted(staleNodes(cosmetic, records)), []);
});

test('a param edit makes the node and everything downstream stale, and undo makes it fresh', () => {
  const doc = graph();
  const records = ranOn(doc);
  const edited = structuredClone(doc);
  edited.nodes[0].params!.snr = -5;
  assert.deepEqual(sorted(staleNodes(edited, records)), ['roc', 'rx', 'save', 'scene']);
  const downstreamOnly = structuredClone(doc);
  downstreamOnly.nodes[1].params = { window: 5 };
  assert.deepEqual(sorted(staleNodes(downstreamOnly, records)), ['roc', 'rx', 'save']);
  // Undo: the document equals the run's again.
  assert.deepEqual(sorted(staleNodes(structuredClone(doc), records)), []);
  // Clearing a param (default applies) differs from the run that set it.
  const cleared = structuredClone(doc);
  delete cleared.nodes[0].params!.snr;
  assert.ok(staleNodes(cleared, records).has('scene'));
});

test('a changed, removed or added edge makes its target and downstream stale', () => {
  const doc = graph();
  const records = ranOn(doc);
  const removed = structuredClone(doc);
  removed.edges = removed.edges.filter((e) => e.to !== 'roc.truth');
  assert.deepEqual(sorted(staleNodes(removed, records)), ['roc']);
  const rewired = structuredClone(doc);
  rewired.edges[0] = { from: 'other.cube', to: 'rx.cube' };
  assert.deepEqual(sorted(staleNodes(rewired, records)), ['roc', 'rx', 'save']);
  // Deleting rx (and its edges, as the Delete command does) leaves roc and save without their input.
  const deleted = structuredClone(doc);
  deleted.nodes = deleted.nodes.filter((n) => n.id !== 'rx');
  deleted.edges = deleted.edges.filter((e) => !e.from.startsWith('rx.') && !e.to.startsWith('rx.'));
  assert.deepEqual(sorted(staleNodes(deleted, records)), ['roc', 'save']);
});

test('a replaced upstream node of another type makes downstream stale even with the same edges', () => {
  const doc = graph();
  const records = ranOn(doc);
  const replaced = structuredClone(doc);
  replaced.nodes[0] = { id: 'scene', type: 'io.read', params: { path: 'cube.tif' } };
  delete records.scene; // the new node has no result of its own
  assert.deepEqual(sorted(staleNodes(replaced, records)), ['roc', 'rx', 'save']);
});

test('nodes without a recorded fingerprint are not judged; cycles do not hang', () => {
  const doc = graph();
  assert.deepEqual(sorted(staleNodes(doc, { rx: {}, roc: { fingerprint: undefined } })), []);
  const cyclic: GraphDoc = { bandwire: 1, nodes: [{ id: 'a', type: 't' }, { id: 'b', type: 't' }], edges: [{ from: 'a.x', to: 'b.y' }, { from: 'b.x', to: 'a.y' }] };
  const prints = fingerprints(cyclic);
  assert.equal(Object.keys(prints).length, 2);
  assert.match(prints.a, /^[0-9a-f]{14}$/);
});

test('saving the graph in another folder makes nodes with a relative path stale, and what they feed', () => {
  const doc = graph();
  doc.nodes.push({ id: 'load', type: 'io.read', params: { path: 'scene.tif' } }, { id: 'abs', type: 'io.read', params: { path: '/data/scene.tif' } });
  doc.edges.push({ from: 'load.cube', to: 'other.cube' });
  const records = Object.fromEntries(Object.entries(fingerprints(doc, '/work/a')).map(([id, fingerprint]) => [id, { fingerprint }]));
  assert.deepEqual(sorted(staleNodes(doc, records, '/work/a')), []);
  // 'save' writes out/rx.tif and 'load' reads scene.tif relative to the graph: both now name other files
  assert.deepEqual(sorted(staleNodes(doc, records, '/work/b')), ['load', 'other', 'save']);

  // With the catalogue, path params are known by kind, whatever their name.
  const catalogue = new Map([['io.readSpectra', { params: { file: { kind: 'path', io: 'read' }, path: { kind: 'string' } } }]]) as unknown as Catalogue;
  const library = graph();
  library.nodes.push({ id: 'lib', type: 'io.readSpectra', params: { file: 'usgs.txt', path: '/not/a/file' } });
  const ran = Object.fromEntries(Object.entries(fingerprints(library, '/work/a', catalogue)).map(([id, fingerprint]) => [id, { fingerprint }]));
  const moved = staleNodes(library, ran, '/work/b', catalogue);
  assert.ok(moved.has('lib'), "a relative 'file' path param makes the node depend on the folder");
  library.nodes.at(-1)!.params = { file: '/data/usgs.txt', path: 'not/a/file' }; // only a relative name-'path' string
  const absolute = Object.fromEntries(Object.entries(fingerprints(library, '/work/a', catalogue)).map(([id, fingerprint]) => [id, { fingerprint }]));
  assert.ok(!staleNodes(library, absolute, '/work/b', catalogue).has('lib'), "a string param named 'path' is not a file path");
});

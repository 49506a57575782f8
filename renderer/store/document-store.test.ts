import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeGraph } from '../../core/graph.ts';
import type { NodeInfo } from '../../core/node-def.ts';
import { DocumentStore } from './document-store.ts';
import { addNode, connect, copySelection, deleteItems, disconnect, moveNodes, outputsBesideGraph, paste, setParam, uniqueId, usePixelAsSpectrum } from './commands.ts';
import { checkConnection } from './connect-check.ts';

const json = (store: DocumentStore) => JSON.stringify(store.doc);

function buildStore(): DocumentStore {
  const store = new DocumentStore();
  store.apply('Add node', addNode({ id: 'scene', type: 'synth.scene', position: { x: 0, y: 0 } }));
  store.apply('Add node', addNode({ id: 'rx', type: 'detect.rx', position: { x: 300, y: 0 } }));
  store.apply('Connect', connect('scene.cube', 'rx.cube'));
  return store;
}

test('every command is undone and redone to the exact JSON', () => {
  const store = buildStore();
  const snapshots = [json(store)];
  const steps: [string, (s: DocumentStore) => void][] = [
    ['move', (s) => s.apply('Move', moveNodes({ scene: { x: 10.4, y: 20.6 }, rx: { x: 400, y: 5 } }))],
    ['param', (s) => s.apply('Set param', setParam('rx', 'window', 7))],
    ['param reset', (s) => s.apply('Set param', setParam('rx', 'window', undefined))],
    ['disconnect', (s) => s.apply('Disconnect', disconnect(['scene.cube->rx.cube']))],
    ['connect', (s) => s.apply('Connect', connect('scene.cube', 'rx.cube'))],
    ['paste', (s) => s.apply('Paste', paste(s.doc, copySelection(s.doc, ['scene', 'rx'])).recipe)],
    ['delete', (s) => s.apply('Delete', deleteItems(['scene']))],
  ];
  for (const [, step] of steps) {
    step(store);
    snapshots.push(json(store));
  }
  assert.equal(store.doc.nodes.find((n) => n.id === 'scene'), undefined);
  for (let i = snapshots.length - 2; i >= 0; i--) {
    assert.ok(store.undo());
    assert.equal(json(store), snapshots[i], `undo to step ${i}`);
  }
  for (let i = 1; i < snapshots.length; i++) {
    assert.ok(store.redo());
    assert.equal(json(store), snapshots[i], `redo to step ${i}`);
  }
  assert.equal(store.redo(), false);
});

test('move rounds positions; a no-op command adds no history step', () => {
  const store = buildStore();
  store.apply('Move', moveNodes({ scene: { x: 10.4, y: 20.6 } }));
  assert.deepEqual(store.doc.nodes[0].position, { x: 10, y: 21 });
  assert.equal(store.apply('Move', moveNodes({ scene: { x: 10, y: 21 } })), false);
  assert.equal(store.undoName, 'Move');
  store.undo();
  assert.deepEqual(store.doc.nodes[0].position, { x: 0, y: 0 });
});

test('delete removes the edges touching a node; connect replaces the edge into an input', () => {
  const store = buildStore();
  store.apply('Add node', addNode({ id: 'scene2', type: 'synth.scene' }));
  store.apply('Connect', connect('scene2.cube', 'rx.cube'));
  assert.deepEqual(store.doc.edges, [{ from: 'scene2.cube', to: 'rx.cube' }]);
  store.apply('Delete', deleteItems(['scene2']));
  assert.deepEqual(store.doc.edges, []);
});

test('paste gives fresh ids, shifts positions and keeps internal edges only', () => {
  const store = buildStore();
  const { recipe, ids } = paste(store.doc, copySelection(store.doc, ['scene', 'rx']));
  store.apply('Paste', recipe);
  assert.deepEqual(ids, ['scene2', 'rx2']);
  assert.deepEqual(store.doc.nodes[2].position, { x: 40, y: 40 });
  assert.deepEqual(store.doc.edges.at(-1), { from: 'scene2.cube', to: 'rx2.cube' });
  assert.equal(uniqueId(['rx', 'rx2'], 'detect.rx'), 'rx3');
});

test('dirty follows the saved point through undo and redo', () => {
  const store = buildStore();
  assert.equal(store.dirty, true);
  store.markSaved('/tmp/g.json');
  assert.equal(store.dirty, false);
  store.apply('Set param', setParam('rx', 'window', 5));
  assert.equal(store.dirty, true);
  store.undo();
  assert.equal(store.dirty, false);
  store.replace(store.doc, undefined, true);
  assert.equal(store.dirty, true);
  // serialisation of the edited doc is a valid graph file
  assert.match(serializeGraph(store.doc), /"bandwire": 1/);
});

test('connection check refuses type mismatches and cycles with a reason', () => {
  const port = (name: string, type: NodeInfo['inputs'][number]['type']) => ({ name, type });
  const info = (id: string, inputs: NodeInfo['inputs'], outputs: NodeInfo['outputs']): NodeInfo => ({ id, version: 1, title: id, category: 'prep', description: '', inputs, outputs, params: {} });
  const catalogue = new Map([
    ['synth.scene', info('synth.scene', [], [port('cube', 'cube'), port('endmembers', 'spectra')])],
    ['detect.rx', info('detect.rx', [port('cube', 'cube')], [port('score', 'band')])],
    ['prep.x', info('prep.x', [port('cube', 'cube')], [port('cube', 'cube')])],
  ]);
  const store = buildStore();
  const bad = checkConnection(store.doc, catalogue, 'scene.endmembers', 'rx.cube');
  assert.equal(bad.ok, false);
  assert.match(bad.reason!, /spectra output cannot feed a cube input/);
  assert.equal(checkConnection(store.doc, catalogue, 'scene.cube', 'rx.cube').ok, true);
  store.apply('Add node', addNode({ id: 'a', type: 'prep.x' }));
  store.apply('Add node', addNode({ id: 'b', type: 'prep.x' }));
  store.apply('Connect', connect('a.cube', 'b.cube'));
  const cycle = checkConnection(store.doc, catalogue, 'b.cube', 'a.cube');
  assert.equal(cycle.ok, false);
  assert.match(cycle.reason!, /cycle/);
});

test('a picked pixel becomes a prep.pixelSpectra node fed by the cube, then more pixels join it; one undo step each', () => {
  const store = buildStore();
  const first = usePixelAsSpectrum(store.doc, 'scene.cube', 12, 7);
  store.apply('Use pixel as spectrum', first.recipe);
  assert.equal(first.id, 'pixelSpectra');
  const node = store.doc.nodes.find((n) => n.id === first.id)!;
  assert.equal(node.type, 'prep.pixelSpectra');
  assert.deepEqual(node.params, { pixels: '12,7' });
  assert.deepEqual(node.position, { x: 280, y: 160 });
  assert.ok(store.doc.edges.some((e) => e.from === 'scene.cube' && e.to === 'pixelSpectra.cube'));
  const afterFirst = json(store);

  const second = usePixelAsSpectrum(store.doc, 'scene.cube', 3, 40);
  assert.equal(second.id, 'pixelSpectra');
  store.apply('Use pixel as spectrum', second.recipe);
  assert.equal(store.doc.nodes.find((n) => n.id === 'pixelSpectra')!.params!.pixels, '12,7; 3,40');
  // The same pixel again is not listed twice.
  store.apply('Use pixel as spectrum', usePixelAsSpectrum(store.doc, 'scene.cube', 3, 40).recipe);
  assert.equal(store.doc.nodes.find((n) => n.id === 'pixelSpectra')!.params!.pixels, '12,7; 3,40');
  assert.equal(store.doc.nodes.filter((n) => n.type === 'prep.pixelSpectra').length, 1);

  // Another cube output gets its own node.
  const other = usePixelAsSpectrum(store.doc, 'rx.score', 1, 1);
  assert.equal(other.id, 'pixelSpectra2');
  // The repeated pixel changed nothing, so added no history step: one undo removes (3, 40).
  store.undo();
  assert.equal(json(store), afterFirst);
});

test('an example copy saved elsewhere: write paths under its output folder become relative, others stay', () => {
  const catalogue = new Map<string, NodeInfo>([
    ['io.write', { id: 'io.write', params: { path: { kind: 'path', io: 'write' } } } as unknown as NodeInfo],
    ['io.read', { id: 'io.read', params: { path: { kind: 'path', io: 'read' } } } as unknown as NodeInfo],
  ]);
  const folder = '/home/u/.config/bandwire/example-outputs/demo';
  const store = new DocumentStore();
  const paths: Record<string, [string, string]> = {
    a: ['io.write', `${folder}/out/rx.tif`],
    b: ['io.write', `${folder}2/out/rx.tif`], // another example's folder: same prefix, not inside
    c: ['io.write', '/data/mine.tif'],
    d: ['io.read', `${folder}/out/rx.tif`], // read paths are not outputs
    e: ['io.write', 'C:\\cfg\\example-outputs\\demo\\out\\x.tif'],
  };
  for (const [id, [type, path]] of Object.entries(paths)) store.apply('Add node', addNode({ id, type, params: { path }, position: { x: 0, y: 0 } }));
  const { recipe, changed } = outputsBesideGraph(store.doc, folder, catalogue);
  assert.deepEqual(changed, ['out/rx.tif']);
  store.apply('Outputs beside the saved graph', recipe);
  const after = Object.fromEntries(store.doc.nodes.map((n) => [n.id, n.params?.path]));
  assert.deepEqual(after, { a: 'out/rx.tif', b: paths.b[1], c: '/data/mine.tif', d: paths.d[1], e: paths.e[1] });
  assert.deepEqual(outputsBesideGraph(store.doc, 'C:\\cfg\\example-outputs\\demo\\', catalogue).changed, ['out/x.tif']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadGraph, parseGraph, serializeGraph } from './graph.ts';
import { migrate } from './migrations.ts';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../graphs/fixtures/${name}`, import.meta.url)), 'utf8');

test('frozen v0 fixture migrates to the expected v1 document, byte for byte', () => {
  const { doc, diagnostics } = parseGraph(fixture('v0-rx.json'), 'v0-rx.json');
  assert.deepEqual(diagnostics, []);
  assert.equal(doc!.bandwire, 1);
  assert.equal(serializeGraph(doc!), fixture('v0-rx.expected-v1.json'));
  // the structure, independent of formatting
  assert.deepEqual(doc!.nodes.map((n) => [n.id, n.type, n.position]), [
    ['load', 'io.read', { x: 0, y: 0 }],
    ['rx', 'detect.rx', { x: 220, y: 0 }],
    ['save', 'io.write', { x: 440, y: 10 }],
  ]);
  assert.equal(doc!.nodes[1].label, 'Global RX');
  assert.deepEqual(doc!.edges, [
    { from: 'load.cube', to: 'rx.cube' },
    { from: 'rx.score', to: 'save.raster' },
  ]);
  assert.deepEqual(doc!.viewport, { x: -20, y: 5, zoom: 1.25 });
});

test('migrate refuses a newer version and a file without a version', () => {
  assert.throws(() => migrate({ bandwire: 2, nodes: [], edges: [] }), /version 2 is newer than this Bandwire supports \(1\)/);
  assert.throws(() => migrate({ nodes: [] }), /missing format version/);
  const { diagnostics } = parseGraph('{"bandwire": 7, "nodes": [], "edges": []}', 'future.json');
  assert.equal(diagnostics[0].code, 'GRAPH_VERSION');
  assert.match(diagnostics[0].message, /^future\.json: graph format version 7/);
});

test('serialisation is canonical: key order fixed, unknown top-level keys kept, stable bytes', () => {
  const messy = '{"edges":[{"to":"b.cube","from":"a.cube"}],"zeta":{"b":1,"a":[1,2]},"nodes":[{"params":{"z":1,"a":2},"type":"test.source","id":"a","position":{"y":2,"x":1}},{"id":"b","type":"test.mean"}],"bandwire":1,"alpha":true,"name":"N"}';
  const doc = loadGraph(messy);
  const text = serializeGraph(doc);
  assert.equal(
    text,
    [
      '{',
      '  "bandwire": 1,',
      '  "name": "N",',
      '  "nodes": [',
      '    { "id": "a", "type": "test.source", "params": { "a": 2, "z": 1 }, "position": { "x": 1, "y": 2 } },',
      '    { "id": "b", "type": "test.mean" }',
      '  ],',
      '  "edges": [',
      '    { "from": "a.cube", "to": "b.cube" }',
      '  ],',
      '  "alpha": true,',
      '  "zeta": { "a": [1, 2], "b": 1 }',
      '}',
      '',
    ].join('\n'),
  );
  // saving what was loaded gives the same bytes
  assert.equal(serializeGraph(loadGraph(text)), text);
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(doc)));
});

test('parse reports structural problems with the culprit named', () => {
  const bad = JSON.stringify({
    bandwire: 1,
    nodes: [{ id: '1bad', type: 'x' }, { id: 'a', type: 'x' }, { id: 'a', type: 'y' }, { id: 'p', type: 'x', params: [] }],
    edges: [{ from: 'nodot', to: 'a.in' }, { from: 1 }],
  });
  const { diagnostics } = parseGraph(bad, 'g.json');
  const codes = diagnostics.map((d) => d.code);
  assert.deepEqual(codes, ['BAD_ID', 'DUPLICATE_ID', 'GRAPH_SCHEMA', 'GRAPH_SCHEMA', 'GRAPH_SCHEMA']);
  assert.match(diagnostics[0].message, /"1bad"/);
  assert.equal(diagnostics[1].node, 'a');
  assert.match(diagnostics[2].message, /node 'p': 'params' must be an object/);
  assert.match(diagnostics[3].message, /'nodot' is not of the form node\.port/);
  assert.equal(parseGraph('{ nope', 'g.json').diagnostics[0].code, 'GRAPH_PARSE');
  // the offset JSON.parse reports is also given as line and column
  assert.match(parseGraph('{\n  "bandwire": 1\n  "nodes": []\n}', 'g.json').diagnostics[0].message, /^g\.json: not valid JSON \(.*at position 20, line 3 column 3\)$/);
});

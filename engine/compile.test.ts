import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphDoc } from '../core/graph.ts';
import { compile } from './compile.ts';
import { registry } from './testing/registry.ts';

const graph = (nodes: GraphDoc['nodes'], edges: GraphDoc['edges'] = []): GraphDoc => ({ bandwire: 1, nodes, edges });

function only(doc: unknown, code: string) {
  const { plan, diagnostics } = compile(doc, registry);
  assert.equal(plan, undefined);
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics)}`);
  return found[0];
}

test('a valid graph compiles to a topological plan with defaults applied', () => {
  const doc = graph(
    [
      { id: 'm', type: 'test.mean' },
      { id: 'k', type: 'test.scale', params: { factor: 3 } },
      { id: 's', type: 'test.source' },
    ],
    [
      { from: 'k.cube', to: 'm.cube' },
      { from: 's.cube', to: 'k.cube' },
    ],
  );
  const { plan, diagnostics } = compile(doc, registry);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(plan!.nodes.map((n) => n.id), ['s', 'k', 'm']);
  assert.deepEqual(plan!.nodes[1].params, { factor: 3, leak: 0 });
  assert.deepEqual(plan!.nodes[0].params, { value: 1, rows: 4, cols: 4, bands: 3, path: '' });
  assert.deepEqual(plan!.nodes[2].inputs, { cube: { node: 'k', port: 'cube' } });
});

test('target keeps only the ancestors of the chosen node', () => {
  const doc = graph(
    [
      { id: 'a', type: 'test.source' },
      { id: 'b', type: 'test.source' },
      { id: 'k', type: 'test.scale' },
      { id: 'm', type: 'test.mean' },
      { id: 'n', type: 'test.mean' },
    ],
    [
      { from: 'a.cube', to: 'k.cube' },
      { from: 'k.cube', to: 'm.cube' },
      { from: 'b.cube', to: 'n.cube' },
    ],
  );
  const { plan } = compile(doc, registry, { target: 'k' });
  assert.deepEqual(plan!.nodes.map((n) => n.id), ['a', 'k']);
  assert.equal(compile(doc, registry, { target: 'zz' }).diagnostics[0].node, 'zz');
});

test('unknown node type names the node and the type', () => {
  const d = only(graph([{ id: 'x', type: 'test.nope' }]), 'UNKNOWN_TYPE');
  assert.equal(d.node, 'x');
  assert.match(d.message, /'x'.*test\.nope/);
});

test('unknown port on either end names node and port', () => {
  const doc = graph(
    [
      { id: 's', type: 'test.source' },
      { id: 'm', type: 'test.mean' },
    ],
    [{ from: 's.bogus', to: 'm.cube' }],
  );
  const { diagnostics } = compile(doc, registry);
  const d = diagnostics.find((x) => x.code === 'UNKNOWN_PORT')!;
  assert.equal(d.node, 's');
  assert.equal(d.port, 'bogus');
  assert.match(d.message, /no output port 'bogus'/);
  const d2 = diagnostics.filter((x) => x.code === 'UNKNOWN_PORT');
  assert.equal(d2.length, 1);

  const doc2 = graph(
    [
      { id: 's', type: 'test.source' },
      { id: 'm', type: 'test.mean' },
    ],
    [
      { from: 's.cube', to: 'm.wrong' },
      { from: 's.cube', to: 'ghost.cube' },
    ],
  );
  const ports = compile(doc2, registry).diagnostics.filter((x) => x.code === 'UNKNOWN_PORT');
  assert.deepEqual(ports.map((p) => [p.node, p.port]), [['m', 'wrong'], ['ghost', 'cube']]);
  assert.match(ports[0].message, /no input port 'wrong'/);
  assert.match(ports[1].message, /no node 'ghost'/);
});

test('unknown param names node and param', () => {
  const d = only(graph([{ id: 's', type: 'test.source', params: { colour: 3 } }]), 'UNKNOWN_PARAM');
  assert.equal(d.node, 's');
  assert.equal(d.param, 'colour');
  assert.match(d.message, /unknown param 'colour'/);
});

test('type mismatch names the input', () => {
  const doc = graph(
    [
      { id: 'lib', type: 'test.library' },
      { id: 'm', type: 'test.mean' },
    ],
    [{ from: 'lib.spectra', to: 'm.cube' }],
  );
  const d = only(doc, 'TYPE_MISMATCH');
  assert.equal(d.node, 'm');
  assert.equal(d.port, 'cube');
  assert.match(d.message, /spectra output cannot feed a cube input/);
});

test('cycle names the nodes on it', () => {
  const doc = graph(
    [
      { id: 's', type: 'test.source' },
      { id: 'a', type: 'test.add' },
      { id: 'b', type: 'test.scale' },
      { id: 'c', type: 'test.scale' },
    ],
    [
      { from: 's.cube', to: 'a.a' },
      { from: 'a.cube', to: 'b.cube' },
      { from: 'b.cube', to: 'c.cube' },
      { from: 'c.cube', to: 'a.b' },
    ],
  );
  const d = only(doc, 'CYCLE');
  for (const id of ['a', 'b', 'c']) assert.match(d.message, new RegExp(`'${id}'`));
  assert.doesNotMatch(d.message, /'s'/);
});

test('missing required input names node and port', () => {
  const d = only(graph([{ id: 'm', type: 'test.mean' }]), 'MISSING_INPUT');
  assert.equal(d.node, 'm');
  assert.equal(d.port, 'cube');
  // an optional input may stay open
  assert.deepEqual(compile(graph([{ id: 'slow', type: 'test.slow' }]), registry).diagnostics, []);
});

test('two edges into one input are refused', () => {
  const doc = graph(
    [
      { id: 'a', type: 'test.source' },
      { id: 'b', type: 'test.source' },
      { id: 'm', type: 'test.mean' },
    ],
    [
      { from: 'a.cube', to: 'm.cube' },
      { from: 'b.cube', to: 'm.cube' },
    ],
  );
  const d = only(doc, 'DUPLICATE_INPUT');
  assert.equal(d.node, 'm');
  assert.equal(d.port, 'cube');
});

test('out-of-range and invalid params name the param', () => {
  const r = only(graph([{ id: 's', type: 'test.source', params: { rows: 0 } }]), 'PARAM_RANGE');
  assert.equal(r.param, 'rows');
  assert.match(r.message, /'rows' = 0 is below the minimum 1/);
  const i = only(graph([{ id: 's', type: 'test.source', params: { rows: 'many' } }]), 'PARAM_INVALID');
  assert.equal(i.param, 'rows');
  const w = only(graph([{ id: 'w', type: 'test.write' }, { id: 's', type: 'test.source' }], [{ from: 's.cube', to: 'w.raster' }]), 'PARAM_INVALID');
  assert.equal(w.param, 'path');
  assert.match(w.message, /required/);
});

test('newer format version is refused', () => {
  const d = only({ bandwire: 99, nodes: [], edges: [] }, 'GRAPH_VERSION');
  assert.match(d.message, /version 99 is newer/);
});

test('every problem is reported at once', () => {
  const doc = graph(
    [
      { id: 'x', type: 'test.nope' },
      { id: 's', type: 'test.source', params: { rows: -1, colour: 1 } },
      { id: 'm', type: 'test.mean' },
      { id: 'lib', type: 'test.library' },
      { id: 'n', type: 'test.mean' },
    ],
    [
      { from: 'lib.spectra', to: 'n.cube' },
      { from: 's.nothing', to: 'x.cube' },
    ],
  );
  const codes = compile(doc, registry).diagnostics.map((d) => d.code).sort();
  assert.deepEqual(codes, ['MISSING_INPUT', 'MISSING_INPUT', 'PARAM_RANGE', 'TYPE_MISMATCH', 'UNKNOWN_PARAM', 'UNKNOWN_PORT', 'UNKNOWN_TYPE']);
});

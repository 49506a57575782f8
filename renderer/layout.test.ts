import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphDoc } from '../core/graph.ts';
import { autoLayout, mostlyUnplaced } from './layout.ts';

const at = { x: 0, y: 0 };

test('a document is laid out on open when more than half of its nodes have no position', () => {
  assert.equal(mostlyUnplaced({ nodes: [{ id: 'a', type: 't' }, { id: 'b', type: 't' }, { id: 'c', type: 't', position: at }] }), true);
  assert.equal(mostlyUnplaced({ nodes: [{ id: 'a', type: 't' }, { id: 'b', type: 't', position: at }] }), false);
  assert.equal(mostlyUnplaced({ nodes: [{ id: 'a', type: 't', position: at }] }), false);
  assert.equal(mostlyUnplaced({ nodes: [] }), false);
});

test('auto layout places a chain left to right, one layer per step', async () => {
  const doc: GraphDoc = { bandwire: 1, nodes: [{ id: 'a', type: 't' }, { id: 'b', type: 't' }, { id: 'c', type: 't' }], edges: [{ from: 'a.out', to: 'b.in' }, { from: 'b.out', to: 'c.in' }] };
  const p = await autoLayout(doc, new Map());
  assert.ok(p.a.x < p.b.x && p.b.x < p.c.x, JSON.stringify(p));
  assert.ok(p.b.x - p.a.x >= 220, 'layers are at least a node width apart');
});

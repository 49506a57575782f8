import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeInfo } from '../../core/node-def.ts';
import { freeOffset, nodeBoxes, nodeHeight, NODE_GAP, NODE_WIDTH, type Box } from './placement.ts';

const box = (x: number, y: number, height = 100): Box => ({ x, y, width: NODE_WIDTH, height });
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a free place is kept', () => {
  assert.deepEqual(freeOffset([box(0, 0)], [box(400, 0)]), { x: 0, y: 0 });
  assert.deepEqual(freeOffset([box(0, 0)], []), { x: 0, y: 0 });
});

test('a node dropped on another goes just below it', () => {
  // wanted at (24, 24) over a node at (0, 0) 100 high: below it, 20 px apart
  const offset = freeOffset([box(24, 24)], [box(0, 0)]);
  assert.deepEqual(offset, { x: 0, y: 100 + NODE_GAP - 24 });
});

test('it steps down past a column of nodes until free', () => {
  const column = [box(0, 0), box(0, 130), box(0, 260, 140)];
  const offset = freeOffset([box(10, 10)], column);
  assert.deepEqual(offset, { x: 0, y: 260 + 140 + NODE_GAP - 10 });
  const placed = box(10, 10 + offset.y);
  for (const other of column) assert.ok(!overlaps(placed, other));
});

test('a pasted group moves as one, below every node it would cover', () => {
  const group = [box(0, 0), box(300, 50)];
  const occupied = [box(0, 0), box(300, 50), box(300, 200)];
  const offset = freeOffset(group, occupied, { x: 40, y: 40 });
  assert.equal(offset.x, 40);
  for (const g of group) for (const other of occupied) assert.ok(!overlaps({ ...g, x: g.x + offset.x, y: g.y + offset.y }, other));
  // the lowest blocker (300, 200, 100 high) sets it: its bottom + gap - 50
  assert.equal(offset.y, 300 + NODE_GAP - 50);
});

test('node boxes come from positions and port counts', () => {
  const info = { inputs: [{}, {}], outputs: [{}, {}, {}] } as unknown as NodeInfo;
  assert.equal(nodeHeight(info), 56 + 66);
  const doc = { bandwire: 1, nodes: [{ id: 'a', type: 't', position: { x: 5, y: 6 } }, { id: 'b', type: 't' }, { id: 'c', type: 'u', position: { x: 0, y: 0 } }], edges: [] };
  const boxes = nodeBoxes(doc as never, new Map([['t', info]]), new Set(['c']));
  assert.deepEqual(boxes, [{ x: 5, y: 6, width: NODE_WIDTH, height: 122 }]);
});

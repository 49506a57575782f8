import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_NODES } from '../nodes/registry.ts';
import { helpBlocks } from './help-blocks.ts';

test('help text: wrapped lines join, "- " items with indented continuations, a blank line separates', () => {
  const text = [
    'Scores a fused cube against the reference,',
    'in float64:',
    '- both images are cropped by `cut` - 1 pixels',
    '  at the top/left;',
    '- **SAM** in degrees;',
    'Data range: digital numbers.',
    '',
    'The table `matching` lists the matches.',
  ].join('\n');
  assert.deepEqual(helpBlocks(text), [
    { kind: 'paragraph', items: ['Scores a fused cube against the reference, in float64:'] },
    { kind: 'list', items: ['both images are cropped by `cut` - 1 pixels at the top/left;', '**SAM** in degrees;'] },
    { kind: 'paragraph', items: ['Data range: digital numbers.'] },
    { kind: 'paragraph', items: ['The table `matching` lists the matches.'] },
  ]);
});

test('every node help splits into blocks that keep all of its words', () => {
  for (const node of ALL_NODES) {
    const blocks = helpBlocks(node.description);
    assert.ok(blocks.length > 0, `${node.id} has help`);
    const words = (s: string) => s.split(/\s+/).filter((w) => w !== '' && w !== '-');
    const joined = blocks.flatMap((b) => b.items).join(' ');
    assert.deepEqual(words(joined), words(node.description), `${node.id}: no word lost or added`);
  }
});

test('a markdown table becomes a table block: header first, the |---| row dropped', () => {
  const text = ['Measured:', '', '| method | ERGAS |', '|---|---|', '| r-pnn | 6.20 |', '| interp | 7.28 |', '', 'After.'].join('\n');
  const blocks = helpBlocks(text);
  assert.equal(blocks.length, 3);
  assert.equal(blocks[1].kind, 'table');
  assert.deepEqual(blocks[1].rows, [['method', 'ERGAS'], ['r-pnn', '6.20'], ['interp', '7.28']]);
  // the pnn help's table is such a block
  const pnn = ALL_NODES.find((n) => n.id === 'pansharpen.pnn')!;
  assert.ok(helpBlocks(pnn.description).some((b) => b.kind === 'table' && b.rows!.length > 2), 'pnn help table');
});

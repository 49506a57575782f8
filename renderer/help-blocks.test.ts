import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_NODES } from '../nodes/registry.ts';
import { helpBlocks, scriptSpans } from './help-blocks.ts';

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

test('TeX-style scripts split out of plain text: C^{-1}, d^T, _{2,1}; other carets and underscores stay', () => {
  assert.deepEqual(scriptSpans('score = d^T C^{-1} (x - μ)'), [
    { kind: 'text', text: 'score = d' }, { kind: 'sup', text: 'T' }, { kind: 'text', text: ' C' }, { kind: 'sup', text: '-1' }, { kind: 'text', text: ' (x - μ)' },
  ]);
  assert.deepEqual(scriptSpans('min ||Y - M A||_{2,1}'), [{ kind: 'text', text: 'min ||Y - M A||' }, { kind: 'sub', text: '2,1' }]);
  assert.deepEqual(scriptSpans('a^Tb snake_case 2^10'), [{ kind: 'text', text: 'a^Tb snake_case 2^10' }]);
});

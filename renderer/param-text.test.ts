import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctProblems, parseNumberText } from './param-text.ts';

test('number text: a decimal comma between digits means a decimal point', () => {
  assert.deepEqual(parseNumberText('snr', '12,5'), { value: 12.5 });
  assert.deepEqual(parseNumberText('snr', ' -3,25 '), { value: -3.25 });
  assert.deepEqual(parseNumberText('snr', '12.5'), { value: 12.5 });
  assert.deepEqual(parseNumberText('snr', '.5'), { value: 0.5 });
  assert.deepEqual(parseNumberText('snr', '1e-3'), { value: 0.001 });
  assert.deepEqual(parseNumberText('snr', '40'), { value: 40 });
  assert.deepEqual(parseNumberText('snr', '  '), {});
});

test('number text: anything else is an error naming the param, with no value', () => {
  for (const text of ['12,5.0', '1,2,3', '12,', ',5', 'abc', '12a', '1.2.3', 'Infinity', 'NaN', '0x10', '1e400', '- 3']) {
    const parsed = parseNumberText('snr', text);
    assert.equal(parsed.value, undefined, text);
    assert.match(parsed.error ?? '', new RegExp(`^param 'snr': '${text.trim().replace(/[.+]/g, '\\$&')}' is not a number`), text);
  }
});

test('param problems: the host form with its node prefix repeats the local one', () => {
  const local = "param 'snr' = -20 is below the minimum 0";
  const host = `node 'scene' (synth.scene): ${local}`;
  assert.deepEqual(distinctProblems([local, host]), [local]);
  assert.deepEqual(distinctProblems([host, local, host]), [host]);
  const other = "node 'scene' (synth.scene): param 'snr' conflicts with 'noise'";
  assert.deepEqual(distinctProblems([local, other]), [local, other]);
});

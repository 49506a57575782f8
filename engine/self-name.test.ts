/** Failure messages name the node once: a message that starts with the node's own name loses that prefix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutSelfName } from './execute.ts';

test('withoutSelfName drops a leading "type \'id\': " or "type: " and leaves other messages alone', () => {
  assert.equal(withoutSelfName("pansharpen.gsa 'gsa': input 'pan' is 10x10", 'gsa', 'pansharpen.gsa'), "input 'pan' is 10x10");
  assert.equal(withoutSelfName('pansharpen.pnn: variant needs wavelengths', 'pnn', 'pansharpen.pnn'), 'variant needs wavelengths');
  assert.equal(withoutSelfName("input 'cube' has NaN", 'rx', 'detect.rx'), "input 'cube' has NaN");
  // another node's name is kept
  assert.equal(withoutSelfName("pansharpen.gsa 'other': x", 'gsa', 'pansharpen.gsa'), "pansharpen.gsa 'other': x");
});

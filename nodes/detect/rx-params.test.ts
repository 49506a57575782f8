import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../engine/compile.ts';
import { defaultRegistry } from '../registry.ts';

test('validate names even or oversized RX windows before anything runs', () => {
  const doc = {
    bandwire: 1,
    nodes: [
      { id: 'scene', type: 'synth.scene' },
      { id: 'rx', type: 'detect.rx', params: { window: 4, inner: 5 } },
    ],
    edges: [{ from: 'scene.cube', to: 'rx.cube' }],
  };
  const { plan, diagnostics } = compile(doc, defaultRegistry());
  assert.equal(plan, undefined);
  const messages = diagnostics.map((d) => `${d.node}.${d.param}: ${d.message}`);
  assert.ok(messages.some((m) => m.startsWith("rx.window:") && m.includes("'window' must be odd")), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('rx.inner:') && m.includes("'inner' = 5 must be smaller than 'window' = 4")), messages.join('\n'));
  const ok = compile({ ...doc, nodes: [doc.nodes[0], { id: 'rx', type: 'detect.rx', params: { window: 9, inner: 3 } }] }, defaultRegistry());
  assert.deepEqual(ok.diagnostics, []);
});

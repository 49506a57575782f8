/**
 * The shipped node catalogue is consistent: unique ids, every param's default passes its own check, and a
 * param's `overriddenBy` names an optional input of the same node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParam } from '../core/params.ts';
import { defaultRegistry } from './registry.ts';

test('node ids are unique, defaults pass their checks, overriddenBy names an optional input', () => {
  const registry = defaultRegistry();
  const definitions = registry.list();
  assert.equal(new Set(definitions.map((d) => d.id)).size, definitions.length);
  let overridden = 0;
  for (const def of definitions) {
    for (const [name, spec] of Object.entries(def.params)) {
      if (spec.default !== undefined) assert.equal(checkParam(name, spec, spec.default), undefined, `${def.id}.${name} default`);
      if (spec.overriddenBy === undefined) continue;
      overridden++;
      const port = def.inputs.find((p) => p.name === spec.overriddenBy);
      assert.ok(port?.optional, `${def.id}.${name}: overriddenBy '${spec.overriddenBy}' is not an optional input`);
    }
  }
  assert.ok(overridden >= 3, 'the extractors declare their count input');
});

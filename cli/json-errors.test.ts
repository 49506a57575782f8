import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../test/harness.ts';
import { bandwireInProcess } from './testing.ts';

test('with --json a command that fails before writing its own document prints one JSON error document', async () => {
  const dir = tempDir('bandwire-json-');
  const cases: [string[], RegExp][] = [
    [['inspect', join(dir, 'none.tif'), '--json'], /none\.tif: no such file/],
    [['nodes', 'no.such', '--json'], /no node type 'no\.such'/],
    [['run', '--json'], /run takes exactly one graph file/],
    [['frobnicate', '--json'], /unknown command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const r = await bandwireInProcess(args, { cwd: dir, cacheDir: join(dir, 'cache') });
    assert.equal(r.code, 2, args.join(' '));
    const doc = JSON.parse(r.stdout) as { ok: boolean; exit: number; error: string }; // exactly one document
    assert.deepEqual([doc.ok, doc.exit], [false, 2]);
    assert.match(doc.error, message);
    assert.match(r.stderr, message, 'the human message still goes to stderr');
  }
  // A command that wrote its own document keeps it alone (validate's diagnostics).
  const v = await bandwireInProcess(['validate', join(dir, 'none.json'), '--json'], { cwd: dir, cacheDir: join(dir, 'cache') });
  assert.equal(v.code, 2);
  assert.equal((JSON.parse(v.stdout) as { diagnostics: unknown[] }).diagnostics.length, 1);
  // Without --json nothing changes: stdout stays empty on failure.
  const plain = await bandwireInProcess(['inspect', join(dir, 'none.tif')], { cwd: dir, cacheDir: join(dir, 'cache') });
  assert.equal(plain.stdout, '');
});

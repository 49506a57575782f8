/**
 * writeAtomic's refusals and failures name the target and its folder, never the temporary
 * `.name.xxxx.partial` file, and leave no temporary file behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BandwireError } from '../core/errors.ts';
import { makeRaster } from '../core/values.ts';
import { runNode, tempDir } from '../test/harness.ts';
import { ioWrite } from '../nodes/io/write.ts';
import { createNodeFiles } from './files.ts';

const raster = makeRaster(2, 2, 1, Float32Array.from([1, 2, 3, 4]));

/** Asserts a FILE_WRITE error whose message matches `pattern` and does not mention the temp file. */
function writeRefusal(pattern: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof BandwireError, `a BandwireError, got ${String(e)}`);
    assert.equal(e.code, 'FILE_WRITE');
    assert.match(e.message, pattern);
    assert.doesNotMatch(e.message, /partial/);
    return true;
  };
}

test('io.write to a path that is a folder says so, with or without overwrite', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'adir.tif'));
  for (const overwrite of [false, true]) {
    await assert.rejects(runNode(ioWrite, { raster }, { path: join(dir, 'adir.tif'), overwrite }), writeRefusal(/adir\.tif is a folder/));
  }
  assert.deepEqual(readdirSync(dir), ['adir.tif']);
  assert.deepEqual(readdirSync(join(dir, 'adir.tif')), []);
});

test('io.write in a folder that takes no files (/proc) names the folder and the reason', { timeout: 20_000 }, async (t) => {
  if (process.platform !== 'linux') return t.skip('/proc is Linux only');
  await assert.rejects(runNode(ioWrite, { raster }, { path: '/proc/rx.tif' }), writeRefusal(/^cannot write \/proc\/rx\.tif: cannot write in \/proc: .*\(ENOENT\)$/));
  // Node's recursive mkdir never returns for a missing folder under /proc; ours fails at once
  await assert.rejects(runNode(ioWrite, { raster }, { path: '/proc/bandwire-none/rx.tif' }), writeRefusal(/cannot create the folder \/proc\/bandwire-none: .*\(ENOENT\)/));
});

test('writeAtomic: a file where a folder should be, FILE_EXISTS, and streamed writes', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'plain'), 'x');
  const files = createNodeFiles({ baseDir: dir });
  await assert.rejects(files.writeAtomic(join(dir, 'plain', 'sub', 'out.json'), '{}', { overwrite: false }), writeRefusal(/out\.json: .*plain is a file, not a folder/));
  await files.writeAtomic(join(dir, 'new', 'deeper', 'out.json'), '{"a":1}', { overwrite: false });
  assert.equal(readFileSync(join(dir, 'new', 'deeper', 'out.json'), 'utf8'), '{"a":1}');
  await assert.rejects(files.writeAtomic(join(dir, 'new', 'deeper', 'out.json'), '{}', { overwrite: false }), (e) => e instanceof BandwireError && e.code === 'FILE_EXISTS');
  // a streamed writer's own file-system error is told in terms of the target, not the temp file
  await assert.rejects(
    files.writeAtomic(join(dir, 'streamed.bin'), async (tmp) => {
      writeFileSync(tmp, 'partial data');
      readFileSync(join(tmp, 'not-a-folder'));
    }, { overwrite: false }),
    writeRefusal(/^cannot write .*streamed\.bin: cannot write in .*: a part of the path is a file, not a folder \(ENOTDIR\)$/),
  );
  assert.deepEqual(readdirSync(dir).sort(), ['new', 'plain']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../core/events.ts';
import { tempDir } from '../test/harness.ts';
import { bandwire, bandwireInProcess } from './testing.ts';

function setup(graph: object) {
  const dir = tempDir('bandwire-cli-');
  writeFileSync(join(dir, 'g.json'), JSON.stringify(graph));
  return { dir, cacheDir: join(dir, 'cache'), graph: join(dir, 'g.json') };
}


test('exit codes: 1 when a node fails (stderr names id, type, reason), 2 for bad usage or input', async () => {
  const { dir, cacheDir, graph } = setup({
    bandwire: 1,
    nodes: [
      { id: 'src', type: 'test.source' },
      { id: 'broken', type: 'test.fail', params: { message: 'no good' } },
      { id: 'ok', type: 'test.mean' },
    ],
    edges: [
      { from: 'src.cube', to: 'broken.cube' },
      { from: 'src.cube', to: 'ok.cube' },
    ],
  });
  const failed = await bandwire(['run', graph, '--json'], { cwd: dir, cacheDir });
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /node 'broken' \(test\.fail\) failed: node failed: no good/);
  const s = JSON.parse(failed.stdout) as RunSummary;
  assert.equal(s.ok, false);
  assert.equal(s.nodes.broken.status, 'error');
  assert.match(s.nodes.broken.error!, /no good/);
  assert.equal(s.nodes.ok.status, 'done');

  const badSet = await bandwireInProcess(['run', graph, '--set', 'nosuch.value=1'], { cwd: dir, cacheDir });
  assert.equal(badSet.code, 2);
  assert.match(badSet.stderr, /no node 'nosuch'/);
  const missing = await bandwireInProcess(['run', join(dir, 'absent.json')], { cwd: dir, cacheDir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /absent\.json: no such file/);
  writeFileSync(graph, JSON.stringify({ bandwire: 1, nodes: [{ id: 's', type: 'test.source', params: { path: 'nothere.txt' } }], edges: [] }));
  const noInput = await bandwireInProcess(['run', graph], { cwd: dir, cacheDir });
  assert.equal(noInput.code, 2);
  assert.match(noInput.stderr, /param 'path' names .*nothere\.txt, which does not exist/);
  const usage = await bandwireInProcess(['frobnicate'], { cwd: dir, cacheDir });
  assert.equal(usage.code, 2);
});

test('--batch runs once per file, names outputs per scene and keeps going after a failing scene', async () => {
  const { dir, cacheDir, graph } = setup({
    bandwire: 1,
    nodes: [
      { id: 'load', type: 'test.source', params: { value: 0 } },
      { id: 'mean', type: 'test.mean' },
      { id: 'save', type: 'test.write', params: { path: 'mean.txt' } },
      // a '{name}' placeholder is replaced once (it gave 'copy-a.a.txt')
      { id: 'copy', type: 'test.write', params: { path: 'copy-{name}.txt' } },
    ],
    edges: [
      { from: 'load.cube', to: 'mean.cube' },
      { from: 'load.cube', to: 'save.raster' },
      { from: 'load.cube', to: 'copy.raster' },
    ],
  });
  mkdirSync(join(dir, 'scenes'));
  writeFileSync(join(dir, 'scenes', 'a.txt'), '1');
  writeFileSync(join(dir, 'scenes', 'b.txt'), 'corrupt');
  writeFileSync(join(dir, 'scenes', 'c.txt'), '3');
  const r = await bandwire(['run', graph, '--batch', 'scenes/*.txt', '--set', 'load.path={file}', '--out', 'out', '--json'], { cwd: dir, cacheDir });
  assert.notEqual(r.code, 0);
  const batch = JSON.parse(r.stdout) as { ok: boolean; scenes: (RunSummary & { name: string; file: string })[] };
  assert.equal(batch.ok, false);
  assert.deepEqual(batch.scenes.map((s) => [s.name, s.ok]), [['a', true], ['b', false], ['c', true]]);
  assert.equal(batch.scenes[0].metrics.mean.mean, 1);
  assert.equal(batch.scenes[2].metrics.mean.mean, 3);
  assert.equal(batch.scenes[1].nodes.load.status, 'error');
  assert.match(r.stderr, /b: error: node 'load' \(test\.source\) failed: .*b\.txt: expected a number/);
  assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['copy-a.txt', 'copy-c.txt', 'mean.a.txt', 'mean.c.txt']);
});

test('Ctrl-C (SIGINT) cancels promptly, exits 130 and leaves no partial file', async () => {
  const { dir, cacheDir, graph } = setup({
    bandwire: 1,
    nodes: [
      { id: 'src', type: 'test.source' },
      { id: 'save', type: 'test.write', params: { path: 'big.txt', chunks: 1000, chunkMs: 20 } },
      { id: 'slow', type: 'test.slow', params: { ms: 60000, waitMs: 200 } },
    ],
    edges: [
      { from: 'src.cube', to: 'save.raster' },
      { from: 'src.cube', to: 'slow.cube' },
    ],
  });
  let sentAt = 0;
  const r = await bandwire(['run', graph], {
    cwd: dir,
    cacheDir,
    onSpawn(child) {
      child.stderr!.on('data', (d: Buffer) => {
        if (!sentAt && /slow: running/.test(String(d))) {
          sentAt = performance.now();
          child.kill('SIGINT');
        }
      });
    },
  });
  assert.ok(sentAt > 0, `the run started: ${r.stderr}`);
  const stopMs = performance.now() - sentAt;
  assert.equal(r.code, 130, r.stderr);
  assert.ok(stopMs < 5000, `stopped ${stopMs.toFixed(0)} ms after SIGINT`);
  assert.deepEqual(readdirSync(dir).filter((f) => f !== 'cache' && f !== 'g.json'), [], 'neither big.txt nor its temp file remains');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../test/harness.ts';
import { bandwire, bandwireInProcess } from './testing.ts';

/** A 6 x 5 x 4 ENVI cube (float32 BSQ) with bands 1 and 3 marked bad, and a graph reading it. */
function scene(params: Record<string, unknown>) {
  const dir = tempDir('bandwire-preflight-');
  writeFileSync(join(dir, 'cube.img'), new Uint8Array(new Float32Array(6 * 5 * 4).fill(1).buffer));
  writeFileSync(join(dir, 'cube.hdr'), 'ENVI\nsamples = 5\nlines = 6\nbands = 4\nheader offset = 0\ndata type = 4\ninterleave = bsq\nbyte order = 0\nbbl = {1, 0, 1, 0}\n');
  const graph = { bandwire: 1, nodes: [{ id: 'read', type: 'io.read', params: { path: 'cube.hdr', ...params } }], edges: [] };
  writeFileSync(join(dir, 'g.json'), JSON.stringify(graph));
  return { dir, graph: join(dir, 'g.json'), cacheDir: join(dir, 'cache'), realNodes: true };
}

test('params that do not fit the file header are refused by validate and before a run, exit 2, naming node and param', async () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ window: '4, 0, 3, 5' }, 'window', /param 'window' = \[4, 0, 3, 5\] must be \[row, col, rows, cols\] inside the 6 x 5 image of .*cube\.img/],
    [{ bands: '0-4' }, 'bands', /param 'bands' holds index 4, outside the 4 bands \(0-3\) of .*cube\.img/],
    [{ bands: '1,3', dropBadBands: true }, 'bands', /only bands marked bad .* 'dropBadBands' leaves none/],
    [{ bands: '0-2', dropBadBands: true, wavelengths: '400, 500, 600' }, 'wavelengths', /param 'wavelengths' has 3 values but 2 bands are read from .*cube\.hdr/],
  ];
  for (const [params, param, message] of cases) {
    const { dir, graph, cacheDir, realNodes } = scene(params);
    const validate = await bandwireInProcess(['validate', graph, '--json'], { cwd: dir, cacheDir, realNodes });
    assert.equal(validate.code, 2, `${JSON.stringify(params)}: ${validate.stdout}`);
    const report = JSON.parse(validate.stdout) as { diagnostics: { node: string; param: string; message: string }[] };
    assert.equal(report.diagnostics.length, 1, validate.stdout);
    assert.deepEqual([report.diagnostics[0].node, report.diagnostics[0].param], ['read', param]);
    assert.match(report.diagnostics[0].message, /^node 'read' \(io\.read\): /);
    assert.match(report.diagnostics[0].message, message);
    const run = await bandwire(['run', graph, '--json'], { cwd: dir, cacheDir, realNodes });
    assert.equal(run.code, 2, run.stdout);
    const summary = JSON.parse(run.stdout) as { nodes: object; diagnostics: { param: string }[] };
    assert.deepEqual(summary.nodes, {}, 'nothing ran');
    assert.equal(summary.diagnostics[0].param, param);
  }
  // validate takes the overrides a run would: they can make a graph invalid or valid.
  const over = scene({});
  const bad = await bandwireInProcess(['validate', over.graph, '--set', 'read.window=4,0,3,5', '--json'], { cwd: over.dir, cacheDir: over.cacheDir, realNodes: true });
  assert.equal(bad.code, 2, bad.stdout);
  assert.match(bad.stdout, /must be \[row, col, rows, cols\] inside the 6 x 5 image/);
  const fixed = await bandwireInProcess(['validate', over.graph, '--set', 'read.window=0,0,3,5'], { cwd: over.dir, cacheDir: over.cacheDir, realNodes: true });
  assert.equal(fixed.code, 0, fixed.stderr);
  const unknown = await bandwireInProcess(['validate', over.graph, '--set', 'nope.window=1'], { cwd: over.dir, cacheDir: over.cacheDir, realNodes: true });
  assert.match(unknown.stderr, /--set nope\.window: the graph has no node 'nope'/);
  // A window and bands that fit pass, and the run reads them.
  const { dir, graph, cacheDir, realNodes } = scene({ window: '2, 1, 4, 4', bands: '0,2' });
  assert.equal((await bandwireInProcess(['validate', graph], { cwd: dir, cacheDir, realNodes })).code, 0);
  const run = await bandwire(['run', graph, '--json'], { cwd: dir, cacheDir, realNodes });
  assert.equal(run.code, 0, run.stderr);
});

test('a header that cannot be read is refused before the run, naming the file', async () => {
  const { dir, graph, cacheDir, realNodes } = scene({});
  writeFileSync(join(dir, 'cube.hdr'), 'ENVI\nsamples = 5\nlines = 6\ndata type = 4\ninterleave = bsq\n');
  const validate = await bandwireInProcess(['validate', graph], { cwd: dir, cacheDir, realNodes });
  assert.equal(validate.code, 2);
  assert.match(validate.stderr, /\[FILE_FORMAT\] node 'read' \(io\.read\): .*cube\.hdr.*'bands'/);
});

test('file checks cover the nodes a run runs (--to), and a missing file on one node hides no header problem on another', async () => {
  const { dir, graph, cacheDir, realNodes } = scene({ window: '4, 0, 3, 5' });
  const doc = JSON.parse(readFileSync(graph, 'utf8')) as { nodes: object[] };
  doc.nodes.push({ id: 'good', type: 'io.read', params: { path: 'cube.hdr' } }, { id: 'gone', type: 'io.read', params: { path: 'gone.tif' } });
  writeFileSync(graph, JSON.stringify(doc));
  const all = await bandwireInProcess(['validate', graph, '--json'], { cwd: dir, cacheDir, realNodes });
  const problems = (JSON.parse(all.stdout) as { diagnostics: { node: string; code: string }[] }).diagnostics.map((d) => `${d.node}:${d.code}`);
  assert.deepEqual(problems.sort(), ['gone:FILE_NOT_FOUND', 'read:PARAM_INVALID']);
  const only = await bandwire(['run', graph, '--json', '--to', 'good'], { cwd: dir, cacheDir, realNodes });
  assert.equal(only.code, 0, `${only.stdout}\n${only.stderr}`);
  assert.deepEqual(Object.keys((JSON.parse(only.stdout) as { nodes: object }).nodes), ['good']);
});

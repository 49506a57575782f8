import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../core/events.ts';
import { tempDir } from '../test/harness.ts';
import { bandwire } from './testing.ts';
import { testPipeline } from '../engine/testing/pipeline.ts';

function setup(graph: object) {
  const dir = tempDir('bandwire-cli-');
  writeFileSync(join(dir, 'g.json'), JSON.stringify(graph));
  return { dir, cacheDir: join(dir, 'cache'), graph: join(dir, 'g.json') };
}

const pipeline = testPipeline({ value: 2, factor: 3, value2: 1 });

const statuses = (s: RunSummary) => Object.fromEntries(Object.entries(s.nodes).map(([k, v]) => [k, v.status]));

test('run --json: one JSON document; re-runs across processes hit the disk cache; --set re-runs the downstream set', async () => {
  const { dir, cacheDir, graph } = setup(pipeline);
  const out = join(dir, 'results');
  const first = await bandwire(['run', graph, '--json', '--out', out], { cwd: dir, cacheDir });
  assert.equal(first.code, 0, first.stderr);
  const summary = JSON.parse(first.stdout) as RunSummary; // throws unless stdout is exactly one JSON document
  assert.equal(summary.ok, true);
  assert.equal(typeof summary.backend, 'string');
  assert.deepEqual(summary.metrics, { mean: { mean: 6 }, mean2: { mean: 1 } });
  assert.deepEqual(summary.outputs, [join(out, 'scaled.txt')]);
  assert.equal(summary.nodes.scale.type, 'test.scale');
  assert.equal(summary.nodes.scale.status, 'done');
  assert.equal(typeof summary.nodes.scale.ms, 'number');

  const second = await bandwire(['run', graph, '--json', '--out', out], { cwd: dir, cacheDir });
  assert.equal(second.code, 0, second.stderr);
  const s2 = JSON.parse(second.stdout) as RunSummary;
  assert.ok(Object.values(s2.nodes).every((n) => n.status === 'cached'), JSON.stringify(s2.nodes));
  assert.deepEqual(s2.metrics, summary.metrics);
  assert.deepEqual(s2.kept, [join(out, 'scaled.txt')], 'the cached writer kept its file');
  assert.equal(summary.kept, undefined, 'the first run wrote its file');
  const human = await bandwire(['run', graph, '--out', out], { cwd: dir, cacheDir });
  assert.match(human.stdout, /kept .*scaled\.txt \(unchanged, writer cached\)/);
  assert.doesNotMatch(human.stdout + human.stderr, /wrote /, 'a cached writer does not say it wrote');

  const third = await bandwire(['run', graph, '--json', '--out', out, '--set', 'scale.factor=4', '--set', 'save.overwrite=true'], { cwd: dir, cacheDir });
  assert.equal(third.code, 0, third.stderr);
  const s3 = JSON.parse(third.stdout) as RunSummary;
  assert.deepEqual(statuses(s3), { src: 'cached', scale: 'done', mean: 'done', save: 'done', src2: 'cached', mean2: 'cached' });
  assert.equal(s3.metrics.mean.mean, 8);
  assert.match(readFileSync(join(out, 'scaled.txt'), 'utf8'), /^8,8,8/);
  assert.equal(s3.kept, undefined, 'the re-run writer wrote again');

  const fresh = await bandwire(['run', graph, '--json', '--out', join(dir, 'other'), '--no-cache', '--to', 'mean'], { cwd: dir, cacheDir });
  const s4 = JSON.parse(fresh.stdout) as RunSummary;
  assert.deepEqual(statuses(s4), { src: 'done', scale: 'done', mean: 'done' });
});

test('validate lists every problem and exits 2; a valid graph exits 0', async () => {
  const { dir, cacheDir, graph } = setup({
    bandwire: 1,
    nodes: [
      { id: 'x', type: 'test.nope' },
      { id: 's', type: 'test.source', params: { rows: 0, colour: 1 } },
      { id: 'm', type: 'test.mean' },
      { id: 'lib', type: 'test.library' },
      { id: 'n', type: 'test.mean' },
    ],
    edges: [{ from: 'lib.spectra', to: 'n.cube' }],
  });
  const r = await bandwire(['validate', graph], { cwd: dir, cacheDir });
  assert.equal(r.code, 2);
  for (const culprit of [/'x'.*test\.nope/, /'rows' = 0/, /unknown param 'colour'/, /'m'.*required input 'cube'/, /spectra output cannot feed a cube input/]) {
    assert.match(r.stderr, culprit);
  }
  const j = await bandwire(['validate', graph, '--json'], { cwd: dir, cacheDir });
  assert.equal(j.code, 2);
  const doc = JSON.parse(j.stdout);
  assert.equal(doc.ok, false);
  assert.equal(doc.diagnostics.length, 6);

  writeFileSync(graph, JSON.stringify(pipeline));
  const ok = await bandwire(['validate', graph], { cwd: dir, cacheDir });
  assert.equal(ok.code, 0, ok.stderr);
});

test('nodes --json lists the catalogue; doctor --json names the backend and why', async () => {
  const { dir, cacheDir } = setup(pipeline);
  const nodes = await bandwire(['nodes', '--json'], { cwd: dir, cacheDir });
  assert.equal(nodes.code, 0);
  const catalogue = JSON.parse(nodes.stdout).nodes as { id: string; params: Record<string, { kind: string }> }[];
  assert.ok(catalogue.some((n) => n.id === 'test.scale' && n.params.factor.kind === 'number'));
  // one type, or a category prefix, with its help text; an unknown one is a usage error naming it
  const one = await bandwire(['nodes', 'test.scale'], { cwd: dir, cacheDir });
  assert.equal(one.code, 0, one.stderr);
  const description = catalogue.find((n) => n.id === 'test.scale')! as unknown as { description: string };
  assert.ok(one.stdout.startsWith('test.scale ') && one.stdout.includes(description.description.split('\n')[0]), one.stdout);
  assert.match(one.stdout, /\n1 node type\(s\)\n$/);
  const prefix = JSON.parse((await bandwire(['nodes', 'test', '--json'], { cwd: dir, cacheDir })).stdout).nodes as { id: string }[];
  assert.ok(prefix.length > 1 && prefix.every((n) => n.id.startsWith('test.')));
  const unknown = await bandwire(['nodes', 'nosuch.node'], { cwd: dir, cacheDir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no node type 'nosuch\.node'/);
  const doctor = await bandwire(['doctor', '--json'], { cwd: dir, cacheDir });
  assert.equal(doctor.code, 0, doctor.stderr);
  const info = JSON.parse(doctor.stdout);
  assert.equal(typeof info.backend, 'string');
  assert.equal(typeof info.reason, 'string');
  assert.equal(typeof info.threads, 'number');
  assert.ok(info.versions.node);
});

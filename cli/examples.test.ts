/**
 * Every graph in graphs/examples/ runs headless through the real CLI with the shipped nodes.
 * A graph using a node type that is not registered fails with the missing type named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '../core/events.ts';
import type { GraphDoc } from '../core/graph.ts';
import { tempDir } from '../test/harness.ts';
import { bandwire } from './testing.ts';

const EXAMPLES = fileURLToPath(new URL('../graphs/examples/', import.meta.url));
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();

/** Known results of particular examples (ground truth is known for synthetic scenes). */
const checks: Record<string, (s: RunSummary) => void> = {
  'synthetic-anomalies.json': (s) => {
    // 8 sub-pixel anomalies at SNR 17 dB: global RX ranks them high but not all above the 1e-3 threshold
    // (measured AUC 0.993, PD@1e-3 0.69; the scene is seeded, so these are exact up to float rounding).
    assert.ok(s.metrics.roc.AUC > 0.98 && s.metrics.roc.AUC < 1, `AUC ${s.metrics.roc.AUC}`);
    assert.ok(s.metrics.roc['PD@1e-3'] > 0.5 && s.metrics.roc['PD@1e-3'] < 0.9, `PD@1e-3 ${s.metrics.roc['PD@1e-3']}`);
    assert.equal(s.outputs.length, 3);
  },
  'rx-sandiego.json': (s) => {
    // Global RX on San Diego (plane variant): Kang et al., IEEE TGRS 55(10) 2017 report AUC ~0.94.
    assert.ok(Math.abs(s.metrics.roc.AUC - 0.94) < 0.005, `AUC ${s.metrics.roc.AUC}`);
  },
  'targets-sandiego.json': (s) => {
    // Target from a 3 x 3 mean around a plane pixel (34, 48); measured AUC ACE 0.934, CEM 0.968, MF 0.968, SAM 0.996.
    const auc = (id: string) => s.metrics[`roc_${id}`].AUC;
    assert.ok(auc('ace') > 0.92 && auc('cem') > 0.96 && auc('mf') > 0.96 && auc('sam') > 0.99, `AUC ace ${auc('ace')} cem ${auc('cem')} mf ${auc('mf')} sam ${auc('sam')}`);
  },
  'unmix-hysime-synthetic.json': (s) => {
    // 5 known endmembers at 40 dB: HySime finds 5 and feeds VCA's count input (its param says 3).
    assert.equal(s.metrics.hysime.endmembers, 5);
    assert.ok('SAD_endmember5' in s.metrics.score && !('SAD_endmember6' in s.metrics.score), 'VCA extracted 5 endmembers');
    assert.ok(s.metrics.score.SAD < 0.02 && s.metrics.score.aRMSE < 0.02, `SAD ${s.metrics.score.SAD} aRMSE ${s.metrics.score.aRMSE}`);
  },
  'unmix-samson.json': (s) => {
    // VCA (seed 0) + FCLS on Samson against Zhu's ground truth: the VCA+FCLSU result released with Ghosh et al.
    // (IEEE TGRS 2022), scored the same way, gives SAD 0.06672 rad and aRMSE 0.26249 (nodes/unmix/README.md).
    assert.ok(s.metrics.score.SAD <= 0.06672 + 1e-4, `SAD ${s.metrics.score.SAD}`);
    assert.ok(s.metrics.score.aRMSE <= 0.26249 + 1e-4, `aRMSE ${s.metrics.score.aRMSE}`);
    assert.equal(s.units?.score.SAD, 'rad', 'the summary carries the metrics units');
    assert.equal(s.units?.score.aRMSE, undefined, 'abundance fractions have no unit');
  },
  'fr-paris.json': (s) => {
    // Real Hyperion + ALI pair, no reference: every fusion method, R-PNN included, beats the interpolation on
    // HQNR (0.562; Ds 0.414). Measured: R-PNN (5 it./band) 0.948 with the lowest Dlambda (0.022), MTF-GLP-FS 0.950.
    const base = s.metrics.score_interp;
    assert.ok(base.HQNR > 0.5 && base.HQNR < 0.6, `interp HQNR ${base.HQNR}`);
    for (const id of ['gsa', 'glpFs', 'glpHpm', 'glpHpmR', 'btH', 'awlp', 'rPnn']) assert.ok(s.metrics[`score_${id}`].HQNR > 0.85, `${id} HQNR ${s.metrics[`score_${id}`].HQNR}`);
    const pnn = s.metrics.score_rPnn;
    assert.ok(pnn.HQNR > 0.93 && pnn.Dlambda < 0.03, `r-pnn HQNR ${pnn.HQNR} Dlambda ${pnn.Dlambda}`);
    assert.ok(s.metrics.rPnn.improvedBands >= 120, `r-pnn improved ${s.metrics.rPnn.improvedBands} of 128 bands`);
  },
  'wald-jasper.json': (s) => {
    // Wald protocol, 16 Jasper Ridge bands, ratio 4: GSA and every PNN variant beat the ideal interpolator
    // on ERGAS (lower) and Q2n (higher); measured values are in the graph's description.
    const base = s.metrics.score_interp;
    assert.ok(base.ERGAS > 5 && base.ERGAS < 10, `interp ERGAS ${base.ERGAS}`);
    for (const id of ['gsa', 'rPnn', 'rhoPnn', 'zPnn']) {
      const m = s.metrics[`score_${id}`];
      assert.ok(m.ERGAS < base.ERGAS, `${id} ERGAS ${m.ERGAS} vs interp ${base.ERGAS}`);
      assert.ok(m.Q2n > base.Q2n, `${id} Q2n ${m.Q2n} vs interp ${base.Q2n}`);
    }
  },
};

/** Input files a graph reads (path params of reader nodes) that are not on this machine. */
function missingInputs(doc: GraphDoc, registry: { get(id: string): { params: Record<string, { kind: string; io?: string }> } | undefined }): string[] {
  const missing: string[] = [];
  for (const n of doc.nodes) {
    const def = registry.get(n.type);
    for (const [name, spec] of Object.entries(def?.params ?? {})) {
      const v = n.params?.[name];
      if (spec.kind === 'path' && spec.io === 'read' && typeof v === 'string' && !existsSync(resolve(EXAMPLES, v))) missing.push(v);
    }
  }
  return missing;
}

test('graphs/examples holds at least one graph', () => {
  assert.ok(files.length > 0);
});

for (const file of files) {
  test(`example ${file} runs headless`, async (t) => {
    const doc = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as GraphDoc;
    const { defaultRegistry } = await import('../nodes/registry.ts');
    const missing = [...new Set(doc.nodes.map((n) => n.type))].filter((t) => !defaultRegistry().has(t));
    assert.deepEqual(missing, [], `${file} uses node type(s) not in nodes/registry.ts: ${missing.join(', ')}`);
    const absent = missingInputs(doc, defaultRegistry());
    if (absent.length) {
      t.skip(`${file} reads data that is not here (${absent.join(', ')}); place ../shared/data beside the checkout`);
      return;
    }

    const dir = tempDir('bandwire-example-');
    const r = await bandwire(['run', join(EXAMPLES, file), '--json', '--out', join(dir, 'out'), '--no-cache'], { cwd: dir, cacheDir: join(dir, 'cache'), realNodes: true });
    assert.equal(r.code, 0, `${file} failed (exit ${r.code}):\n${r.stderr}`);
    const summary = JSON.parse(r.stdout) as RunSummary;
    assert.equal(summary.ok, true);
    assert.deepEqual(Object.keys(summary.nodes).sort(), doc.nodes.map((n) => n.id).sort());
    for (const p of summary.outputs) {
      assert.ok(p.startsWith(join(dir, 'out')), `${p} is written under --out`);
      assert.ok(existsSync(p) && statSync(p).size > 0, `${p} exists and is not empty`);
    }
    checks[file]?.(summary);
  });
}

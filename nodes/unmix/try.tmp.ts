import { loadScene, SAMSON, JASPER } from '../../nodes/unmix/lib/scene-fixture.ts';
import { runNode } from '../../test/harness.ts';
import { vcaNode } from '../../nodes/unmix/vca.ts';
import { fclsNode } from '../../nodes/unmix/fcls.ts';
import { unmixingMetricsNode } from '../../nodes/metrics/unmixing.ts';
for (const [name, spec, p] of [['samson', SAMSON, 3], ['jasper', JASPER, 4]] as const) {
  const s = loadScene(spec)!;
  for (let seed = 0; seed < 10; seed++) {
    let t = performance.now();
    const v = await runNode(vcaNode as any, { cube: s.cube }, { endmembers: p, seed });
    const tv = performance.now() - t; t = performance.now();
    const f = await runNode(fclsNode as any, { cube: s.cube, endmembers: v.outputs.spectra }, {});
    const tf = performance.now() - t;
    const m = await runNode(unmixingMetricsNode as any, { endmembers: v.outputs.spectra, reference: s.reference, abundances: f.outputs.abundances, referenceAbundances: s.referenceAbundances });
    console.log(name, seed, tv.toFixed(0), tf.toFixed(0), JSON.stringify((m.outputs.metrics as any).values), v.leakedTensors);
  }
}

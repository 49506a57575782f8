/** Graphs shared by e2e tests. */

/** A 48 x 48 x 16 synthetic scene: VCA scored by metrics.unmixing, a Wald test of interpolation by metrics.reduced, both compared. */
export const COMPARE_GRAPH = {
  bandwire: 1,
  name: 'units',
  nodes: [
    { id: 'scene', type: 'synth.scene', params: { rows: 48, cols: 48, bands: 16, endmembers: 3, anomalies: 0, seed: 1 }, position: { x: 0, y: 0 } },
    { id: 'vca', type: 'unmix.vca', params: { endmembers: 3, seed: 0 }, position: { x: 300, y: -200 } },
    { id: 'sad', type: 'metrics.unmixing', params: {}, position: { x: 600, y: -200 } },
    { id: 'degrade', type: 'prep.degrade', params: { ratio: 4 }, position: { x: 300, y: 0 } },
    { id: 'pan', type: 'prep.synthPan', params: {}, position: { x: 300, y: 200 } },
    { id: 'interp', type: 'pansharpen.interp', params: { ratio: 4 }, position: { x: 600, y: 0 } },
    { id: 'wald', type: 'metrics.reduced', params: { ratio: 4, cut: 0, blockSize: 16 }, position: { x: 900, y: 0 } },
    { id: 'compare', type: 'metrics.compare', params: { labels: 'interp,vca' }, position: { x: 1200, y: -100 } },
  ],
  edges: [
    ['scene.cube', 'vca.cube'], ['vca.spectra', 'sad.endmembers'], ['scene.endmembers', 'sad.reference'],
    ['scene.cube', 'degrade.cube'], ['scene.cube', 'pan.cube'], ['degrade.cube', 'interp.hs'], ['pan.band', 'interp.pan'],
    ['interp.cube', 'wald.fused'], ['scene.cube', 'wald.reference'], ['wald.metrics', 'compare.m1'], ['sad.metrics', 'compare.m2'],
  ].map(([from, to]) => ({ from, to })),
};

/**
 * `pansharpen.pnn`: the PNN tuner. Target-adaptive, unsupervised CNN pansharpening trained on the
 * scene itself (R-PNN, rho-PNN, Z-PNN); see the description below and nodes/pansharpen/pnn/.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode } from '../../core/node-def.ts';
import { parseNumberList } from '../../core/params.ts';
import { makeRaster, type Metrics, type Raster, type Weights, type WeightTensor } from '../../core/values.ts';
import { Adam } from './pnn/adam.ts';
import { architecture, initialWeights, modelName, Network, weightsProblem, type Variant } from './pnn/network.ts';
import { randomWeights } from './pnn/pretrain-rho.ts';
import { NODE_ID, prepareScene } from './pnn/scene.ts';
import { rpnnAlphas, rpnnSchedule } from './pnn/schedule.ts';
import { trainRho, type RhoResult } from './pnn/train-rho.ts';
import { trainRpnn } from './pnn/train-rpnn.ts';
import { trainZpnn } from './pnn/train-zpnn.ts';
import type { Hooks, PartialState, TrainResult } from './pnn/training.ts';
import { pnnDescription } from './pnn/description.ts';

export interface PnnParams extends Record<string, unknown> {
  variant: Variant;
  ratio: number;
  iterations: number;
  learningRate: number;
  seed: number;
  mode: 'rr' | 'fr';
  scale: number;
  /** A list, or text such as "427.6, 437.7" (checked by the param schema). */
  wavelengths: number[] | string;
  pretrain: boolean;
  pretrainEpochs: number;
}

/**
 * Default Adam learning rates. The references use 1e-5, tuned for fine-tuning *pre-trained* weights; from
 * Bandwire's zero-last-layer start (spec ALGORITHMS.md lesson H) 1e-5 leaves every band at its interpolated
 * start within the iteration budget (Jasper Ridge Wald test: 0 of 16 bands improved even at 1e-4), so the
 * defaults are the rates measured to improve on the synthetic and Jasper Ridge scenes (see description.ts).
 */
const DEFAULT_RATE: Record<Variant, number> = { 'r-pnn': 3e-4, 'rho-pnn': 1e-3, 'z-pnn': 2e-4 };
/** Z-PNN iterations when `iterations` = 0 (the reference's target adaptation from pre-trained weights). */
const ZPNN_ITERATIONS = 100;

export default defineNode<PnnParams>({
  id: NODE_ID,
  version: 1,
  title: 'PNN tuner',
  category: 'pansharpen',
  description: pnnDescription,
  inputs: [
    { name: 'hs', type: 'cube', description: 'Low-resolution hyperspectral cube (h x w x B), DN or reflectance' },
    { name: 'pan', type: 'band', description: 'Panchromatic band (r*h x r*w)' },
    { name: 'weights', type: 'weights', optional: true, description: 'A model tuned before (same variant; Z-PNN: same band count) to start from' },
  ],
  outputs: [
    { name: 'cube', type: 'cube', description: 'Fused cube on the PAN grid (r*h x r*w x B), same units as hs' },
    { name: 'weights', type: 'weights', description: 'The tuned network' },
    { name: 'losses', type: 'metrics', description: 'Per band: L0, final spectral/structural loss, improved (1/0), iterations; curve "loss"' },
  ],
  params: {
    variant: { kind: 'enum', options: ['r-pnn', 'rho-pnn', 'z-pnn'], default: 'r-pnn', description: 'r-pnn: band-wise model propagation; rho-pnn: zero-shot |rho| spatial loss with hysteresis; z-pnn: one network for all bands' },
    ratio: { kind: 'integer', default: 0, min: 0, max: 12, description: 'PAN/HS resolution ratio; 0 = derive from the sizes' },
    iterations: { kind: 'integer', default: 0, min: 0, max: 100000, description: "0 = the variant's schedule (r-pnn: from band spacing; rho-pnn: adaptive budget; z-pnn: 100); else a cap per band (z-pnn: the total)" },
    learningRate: { kind: 'number', default: 0, min: 0, max: 1, description: 'Adam learning rate; 0 = the variant default (r-pnn 3e-4, rho-pnn 1e-3, z-pnn 2e-4: from the zero-last-layer start the references\' 1e-5 barely moves the network; see the help)' },
    seed: { kind: 'integer', default: 0, min: 0, max: 2 ** 31 - 1, description: 'Seed of the PyTorch-style random initialisation' },
    mode: { kind: 'enum', options: ['rr', 'fr'], default: 'rr', description: 'rho-pnn hyper-parameter set: rr (reduced resolution) or fr (full resolution)' },
    scale: { kind: 'number', default: 65536, min: 1e-9, description: 'Normalisation: inputs are divided by it (2^16 for DN; 1 for reflectance in [0, 1])' },
    pretrain: { kind: 'boolean', default: false, description: 'rho-pnn only: pre-train on band 0 first (model ensemble of 10 nets x 10 epochs, then pretrainEpochs hysteresis epochs on 90 px (rr) / 120 px (fr) patches), from a fully random init (or the weights input when given); off by default (slower; without it the net starts at the interpolated cube)' },
    pretrainEpochs: { kind: 'integer', default: 300, min: 0, max: 100000, description: 'rho-pnn pre-training: hysteresis epochs after the ensemble (reference 300); the ensemble stays 10 x 10 epochs' },
    wavelengths: { kind: 'numbers', list: 'values', default: [], unit: 'nm', description: "Band centres when 'hs' carries none (r-pnn needs them): one per band, e.g. \"427.6, 437.7, ...\"" },
  },
  async run(inputs, params, ctx) {
    const { tf } = ctx;
    const hs = inputs.hs as Raster | undefined;
    const scene = prepareScene(hs, inputs.pan as Raster | undefined, {
      variant: params.variant,
      ratio: params.ratio,
      scale: params.scale,
      wavelengths: parseNumberList(params.wavelengths ?? [], 'wavelengths'),
    });
    const samples = scene.sampling.rows.count * scene.sampling.cols.count;
    if (samples < FEW_LR_SAMPLES) {
      ctx.log(
        `warning: the spectral loss sees only ${samples} low-resolution pixel(s) (${scene.sampling.rows.count} x ${scene.sampling.cols.count}) at ${scene.rows} x ${scene.cols} px, ratio ${scene.ratio}: ` +
          `a band can then pass the "improved" test by shifting its level; use a window of at least ${61 + scene.ratio * 8} px per side`,
      );
    }
    const arch = architecture(params.variant, scene.bands);
    const given = inputs.weights as Weights | undefined;
    if (given) {
      const problem = weightsProblem(given, arch);
      if (problem) throw new BandwireError('INPUT_INVALID', `${NODE_ID}: input 'weights': ${problem}`, { node: ctx.nodeId, port: 'weights' });
    }
    const cap = params.iterations;
    let planned = 0;
    const hooks: Hooks = {
      iteration: (step, loss, message) => ctx.progress(planned > 0 ? Math.min(1, step / planned) : 0, message, { series: { loss }, step }),
      checkAbort: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        ctx.checkAbort();
      },
      // kept if the run is cancelled: best weights so far, tuned bands + interpolated rest, losses so far
      partial: (state) =>
        ctx.keepPartial?.({
          cube: fusedRaster(partialFused(state, scene.interpolated, scene.rows * scene.cols), scene.rows, scene.cols, scene.bands, scene.scale, hs as Raster),
          weights: weightsValue(state.weights),
          losses: lossMetrics(state),
        }),
    };
    const weightsValue = (tensors: WeightTensor[]): Weights => ({
      kind: 'weights',
      model: modelName(arch),
      tensors,
      meta: { variant: params.variant, bands: scene.bands, ratio: scene.ratio, seed: params.seed },
    });
    const pretrain = params.variant === 'rho-pnn' && params.pretrain;
    // the rho-PNN pre-training starts fully random (last layer too), as the reference
    const net = new Network(tf, arch, given?.tensors ?? (pretrain ? randomWeights(arch, params.seed) : initialWeights(arch, params.seed)));
    const learningRate = params.learningRate || DEFAULT_RATE[params.variant];
    const adam = new Adam(tf, net.variables, learningRate);
    let result: RhoResult;
    try {
      if (params.variant === 'r-pnn') {
        const wavelengths = scene.wavelengths as number[];
        const schedule = rpnnSchedule(wavelengths).map((s) => (cap > 0 ? Math.min(s, cap) : s));
        planned = schedule.reduce((a, s) => a + s, 0);
        result = await trainRpnn(tf, net, adam, scene, { schedule, alphas: rpnnAlphas(wavelengths) }, hooks);
      } else if (params.variant === 'rho-pnn') {
        const pretraining = pretrain ? { epochs: params.pretrainEpochs, seed: params.seed, learningRate } : undefined;
        result = await trainRho(tf, net, adam, scene, { mode: params.mode, cap, onBudget: (total) => (planned = total), pretrain: pretraining }, hooks);
      } else {
        planned = cap > 0 ? cap : ZPNN_ITERATIONS;
        result = await trainZpnn(tf, net, adam, scene, { iterations: planned }, hooks);
      }
    } finally {
      adam.dispose();
      net.dispose();
    }
    ctx.progress(1, 'done');
    return {
      cube: fusedRaster(result.fused, scene.rows, scene.cols, scene.bands, scene.scale, hs as Raster),
      weights: weightsValue(result.weights),
      losses: lossMetrics(result),
    };
  },
});

/** Below this many LR pixels in the spectral loss (after the 61 x 61 MTF margin) a run is logged as unreliable. */
const FEW_LR_SAMPLES = 64;

/** Band-sequential normalised planes -> BIP raster in input units (x scale; not rounded, not clipped). */
function fusedRaster(fused: Float32Array, rows: number, cols: number, bands: number, scale: number, like: Raster): Raster {
  const n = rows * cols;
  const data = new Float32Array(n * bands);
  for (let b = 0; b < bands; b++) {
    const base = b * n;
    for (let i = 0, j = b; i < n; i++, j += bands) data[j] = fused[base + i] * scale;
  }
  return makeRaster(rows, cols, bands, data, { role: 'cube', wavelengths: like.wavelengths, fwhm: like.fwhm, bandNames: like.bandNames, nodata: like.nodata, fusionRatio: Math.round(rows / like.rows) });
}

/** Band-sequential planes (n = rows*cols each): the first `bandsDone` from the training state, the rest interpolated. */
function partialFused(state: PartialState, interpolated: Float32Array, n: number): Float32Array {
  const out = interpolated.slice();
  out.set(state.fused.subarray(0, state.bandsDone * n));
  return out;
}

function lossMetrics(result: Pick<TrainResult, 'reports' | 'curve'> & Pick<RhoResult, 'pretrain'>): Metrics {
  const values: Record<string, number> = {};
  const rows: (number | string | null)[][] = [];
  for (const r of result.reports) {
    values[`band${r.band}.L0`] = r.L0;
    values[`band${r.band}.spectral`] = r.spectral;
    values[`band${r.band}.structural`] = r.structural;
    values[`band${r.band}.improved`] = r.improved ? 1 : 0;
    values[`band${r.band}.iterations`] = r.iterations;
    rows.push([r.band, r.iterations, r.L0, r.spectral, r.structural, r.improved ? 'network' : 'interpolated (network did not beat L0)']);
  }
  values.improvedBands = result.reports.filter((r) => r.improved).length;
  values.iterations = result.curve.x.length;
  if (result.pretrain) {
    // rho-pnn pre-training on band 0 (its steps are counted in `iterations` and the curve)
    values['pretrain.steps'] = result.pretrain.steps;
    values['pretrain.patches'] = result.pretrain.patches;
    values['pretrain.L0'] = result.pretrain.L0;
    values['pretrain.spectral'] = result.pretrain.spectral;
    values['pretrain.ema'] = result.pretrain.ema ? 1 : 0;
  }
  return {
    kind: 'metrics',
    values,
    tables: { bands: { columns: ['band', 'iterations', 'L0', 'spectral', 'structural', 'kept'], rows } },
    curves: { loss: { x: result.curve.x, y: result.curve.y, xLabel: 'iteration', yLabel: 'total loss' } },
  };
}

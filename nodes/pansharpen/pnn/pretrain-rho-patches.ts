/**
 * rho-PNN pre-training inputs (pretrain-rho.ts): the non-overlapping band patches of the reference's
 * `patchify` (giu-guarino/rho-PNN utils.py) and the fully random PyTorch-style initialisation.
 */
import type { WeightTensor } from '../../../core/values.ts';
import { axisSampling, type Sampling } from './losses.ts';
import { seededRandom, type Architecture } from './network.ts';
import type { Scene } from './scene.ts';

/** Non-overlapping band-0 patches: `count` tiles of rows x cols HR / lrRows x lrCols LR. */
export interface Patches {
  count: number;
  rows: number;
  cols: number;
  lrRows: number;
  lrCols: number;
  /** LR top-left corner of each patch (its HR corner is ratio x that), row-major. */
  corners: { lrRow: number; lrCol: number }[];
  /** [count, rows, cols, 1] each. */
  interpolated: Float32Array;
  pan: Float32Array;
  /** [count, lrRows, lrCols, 1]: the LR band 0 of each patch (uncropped). */
  lr: Float32Array;
  sampling: Sampling;
}

/** Tiles band `band` of the scene into non-overlapping patches of side `side` HR px (see the header). */
export function bandPatches(scene: Scene, side: number, band = 0): Patches {
  const { ratio } = scene;
  const lrSide = Math.max(1, Math.floor(side / ratio));
  const lrRows = Math.min(lrSide, scene.lrRows);
  const lrCols = Math.min(lrSide, scene.lrCols);
  const across = Math.floor(scene.lrCols / lrCols);
  const down = Math.floor(scene.lrRows / lrRows);
  const rows = lrRows * ratio;
  const cols = lrCols * ratio;
  const corners = [];
  for (let r = 0; r < down; r++) for (let c = 0; c < across; c++) corners.push({ lrRow: r * lrRows, lrCol: c * lrCols });
  const n = scene.rows * scene.cols;
  const m = scene.lrRows * scene.lrCols;
  const hsBand = scene.interpolated.subarray(band * n, (band + 1) * n);
  const lrBand = scene.lr.subarray(band * m, (band + 1) * m);
  const count = corners.length;
  const interpolated = new Float32Array(count * rows * cols);
  const pan = new Float32Array(count * rows * cols);
  const lr = new Float32Array(count * lrRows * lrCols);
  corners.forEach(({ lrRow, lrCol }, k) => {
    for (let r = 0; r < rows; r++) {
      const src = (lrRow * ratio + r) * scene.cols + lrCol * ratio;
      const dst = (k * rows + r) * cols;
      interpolated.set(hsBand.subarray(src, src + cols), dst);
      pan.set(scene.pan.subarray(src, src + cols), dst);
    }
    for (let r = 0; r < lrRows; r++) {
      const src = (lrRow + r) * scene.lrCols + lrCol;
      lr.set(lrBand.subarray(src, src + lrCols), (k * lrRows + r) * lrCols);
    }
  });
  const sampling: Sampling = {
    rows: axisSampling(rows, lrRows, ratio, scene.phase),
    cols: axisSampling(cols, lrCols, ratio, scene.phase),
    ratio,
    size: 61,
  };
  return { count, rows, cols, lrRows, lrCols, corners, interpolated, pan, lr, sampling };
}

/**
 * PyTorch's default conv init for every layer, last one included (the reference pre-training
 * starts fully random): U(-1/sqrt(fan_in), 1/sqrt(fan_in)), same stream order as `initialWeights`
 * (its layers 1-2 are identical for the same seed; the last layer continues the stream).
 */
export function randomWeights(arch: Architecture, seed: number): WeightTensor[] {
  const random = seededRandom(seed);
  return arch.layers.flatMap((layer, i) => {
    const bound = 1 / Math.sqrt(layer.inputs * layer.kernel * layer.kernel);
    const kernel = new Float32Array(layer.kernel * layer.kernel * layer.inputs * layer.outputs).map(() => (2 * random() - 1) * bound);
    const bias = new Float32Array(layer.outputs).map(() => (2 * random() - 1) * bound);
    return [
      { name: `conv${i + 1}.weight`, shape: [layer.kernel, layer.kernel, layer.inputs, layer.outputs], data: kernel },
      { name: `conv${i + 1}.bias`, shape: [layer.outputs], data: bias },
    ];
  });
}

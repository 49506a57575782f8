/**
 * Q2n, the hypercomplex quality index of Garzelli & Nencini (IEEE GRSL 2009), exactly as the
 * hyperspectral pansharpening toolbox computes it (Ciotola et al. 2024, `Metrics/metrics_rr.py`,
 * spec ALGORITHMS.md C.1), in float64.
 *
 * Per 32x32 block (shift 32, images symmetric-padded at the bottom/right to whole blocks), band
 * vectors are zero-padded to n = 2^ceil(log2 B) components and treated as Cayley-Dickson numbers.
 * Every reference band is normalised to (x - m)/s + 1 (block mean m, unbiased std s, s = 0 -> 1e-10)
 * and the fused band gets the same (m, s); the fused number is conjugated. With N = 32^2:
 *   q = N/(N-1) * (mean(z1 * z2) - m1 * m2) * 2/(sigma1^2 + sigma2^2) * 2|m1||m2|/(|m1|^2 + |m2|^2)
 * and the block value is |q|; Q2n = mean over blocks.
 *
 * Speed: the Cayley-Dickson product is bilinear and maps each basis pair (e_i, e_j) to +-e_k, so
 * mean(z1 * z2) - m1 * m2 = sum_ij T[k,i,j] Cov_ij with Cov the B x B cross-covariance of the
 * normalised components (padding components are constant and have zero covariance). Cost per block
 * is B^2 * N multiply-adds plus n^2 for the table, instead of n^2 per pixel of recursive products.
 *
 * Rounding: inputs are rounded to integers first (torch.round, half to even) - the index expects
 * digital numbers; [0, 1] data must be scaled first (see metrics nodes). Deviation: the toolbox pads
 * the width by the height-derived amount (and vice versa); here each axis gets its own padding
 * (identical for square images).
 */
import type { Plane } from '../../pansharpen/lib/planes.ts';
import { symmetricIndex } from '../../pansharpen/lib/planes.ts';

/** Multiplication table of the toolbox's Cayley-Dickson recursion: e_i * e_j = sign[i*n+j] e_{index[i*n+j]}. */
export interface ProductTable {
  n: number;
  index: Int32Array;
  sign: Int8Array;
}

const tables = new Map<number, ProductTable>();

/**
 * Builds the table for n = 2^k from the recursion x = (a, b), y = (c, d), neg = conj signs of a half:
 * x*y = ( a*c - (d.neg)*b , (a.neg)*(d.neg) + c*(b.neg) ) (cayley_dickson_property_1d/2d).
 */
export function productTable(n: number): ProductTable {
  const cached = tables.get(n);
  if (cached) return cached;
  let index = new Int32Array([0]);
  let sign = new Int8Array([1]);
  for (let half = 1; half < n; half *= 2) {
    const size = 2 * half;
    const nextIndex = new Int32Array(size * size);
    const nextSign = new Int8Array(size * size);
    const neg = (m: number) => (m === 0 ? 1 : -1);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const o = i * size + j;
        if (i < half && j < half) {
          nextIndex[o] = index[i * half + j];
          nextSign[o] = sign[i * half + j];
        } else if (i < half) {
          const jj = j - half;
          nextIndex[o] = half + index[i * half + jj];
          nextSign[o] = neg(i) * neg(jj) * sign[i * half + jj];
        } else if (j < half) {
          const ii = i - half;
          nextIndex[o] = half + index[j * half + ii];
          nextSign[o] = neg(ii) * sign[j * half + ii];
        } else {
          const ii = i - half;
          const jj = j - half;
          nextIndex[o] = index[jj * half + ii];
          nextSign[o] = -neg(jj) * sign[jj * half + ii];
        }
      }
    }
    index = nextIndex;
    sign = nextSign;
  }
  const table = { n, index, sign };
  tables.set(n, table);
  return table;
}

/** Round half to even (torch.round). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Q index (vector norm) of one block; `x`, `y` hold B rows of N block values (reference, fused). */
function blockQuality(x: Float64Array[], y: Float64Array[], n: number, table: ProductTable): number {
  const bands = x.length;
  const N = x[0].length;
  const m1 = new Float64Array(n);
  const m2 = new Float64Array(n);
  let meanSq1 = 0;
  let meanSq2 = 0;
  for (let i = 0; i < n; i++) {
    const conj = i === 0 ? 1 : -1;
    if (i >= bands) {
      // zero padding: reference -> 1, fused (mean 0 branch: y - 0 + 1 = 1) -> conjugated
      m1[i] = 1;
      m2[i] = conj;
      meanSq1 += 1;
      meanSq2 += 1;
      continue;
    }
    const xi = x[i];
    const yi = y[i];
    let m = 0;
    for (let p = 0; p < N; p++) m += xi[p];
    m /= N;
    let ss = 0;
    for (let p = 0; p < N; p++) ss += (xi[p] - m) ** 2;
    let s = Math.sqrt(ss / (N - 1));
    if (s === 0) s = 1e-10;
    let sx = 0;
    let sxx = 0;
    let sy = 0;
    let syy = 0;
    for (let p = 0; p < N; p++) {
      const a = (xi[p] - m) / s + 1;
      // the toolbox tests the block *mean* against 0 here (a quirk kept for equality)
      const b = conj * (m === 0 ? yi[p] - m + 1 : (yi[p] - m) / s + 1);
      xi[p] = a;
      yi[p] = b;
      sx += a;
      sxx += a * a;
      sy += b;
      syy += b * b;
    }
    m1[i] = sx / N;
    m2[i] = sy / N;
    meanSq1 += sxx / N;
    meanSq2 += syy / N;
  }
  let norm1 = 0;
  let norm2 = 0;
  for (let i = 0; i < n; i++) {
    norm1 += m1[i] * m1[i];
    norm2 += m2[i] * m2[i];
  }
  const unbias = N / (N - 1);
  const term3 = unbias * (meanSq1 + meanSq2 - norm1 - norm2);
  const meanBias = (2 * Math.sqrt(norm1) * Math.sqrt(norm2)) / (norm1 + norm2);
  if (term3 === 0) return Math.abs(meanBias);
  const q = new Float64Array(n);
  const add = (i: number, j: number, s: number) => {
    const o = i * n + j;
    q[table.index[o]] += table.sign[o] * (s / N - m1[i] * m2[j]);
  };
  for (let i = 0; i < bands; i++) {
    const xi = x[i];
    let j = 0;
    // four cross-products per pass over the block share the loads of xi
    for (; j + 3 < bands; j += 4) {
      const y0 = y[j];
      const y1 = y[j + 1];
      const y2 = y[j + 2];
      const y3 = y[j + 3];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < N; p++) {
        const v = xi[p];
        s0 += v * y0[p];
        s1 += v * y1[p];
        s2 += v * y2[p];
        s3 += v * y3[p];
      }
      add(i, j, s0);
      add(i, j + 1, s1);
      add(i, j + 2, s2);
      add(i, j + 3, s3);
    }
    for (; j < bands; j++) {
      const yj = y[j];
      let s = 0;
      for (let p = 0; p < N; p++) s += xi[p] * yj[p];
      add(i, j, s);
    }
  }
  const scale = unbias * meanBias * (2 / term3);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += (q[k] * scale) ** 2;
  return Math.sqrt(sum);
}

/**
 * Q2n of `fused` against `reference` (equal-size planes, one per band); returns the mean over
 * blocks and the per-block map (rows of blocks x cols of blocks).
 */
export function q2n(
  fused: Plane[],
  reference: Plane[],
  blockSize = 32,
  shift = 32,
  checkAbort: () => void = () => {},
): { value: number; map: Float64Array; blockRows: number; blockCols: number } {
  const bands = reference.length;
  const { rows, cols } = reference[0];
  const n = 2 ** Math.ceil(Math.log2(Math.max(1, bands)));
  const table = productTable(n);
  const blockRows = Math.max(1, Math.ceil(rows / shift));
  const blockCols = Math.max(1, Math.ceil(cols / shift));
  const N = blockSize * blockSize;
  const x = Array.from({ length: bands }, () => new Float64Array(N));
  const y = Array.from({ length: bands }, () => new Float64Array(N));
  const map = new Float64Array(blockRows * blockCols);
  let total = 0;
  for (let br = 0; br < blockRows; br++) {
    checkAbort();
    for (let bc = 0; bc < blockCols; bc++) {
      for (let b = 0; b < bands; b++) {
        const ref = reference[b].data;
        const fus = fused[b].data;
        for (let r = 0; r < blockSize; r++) {
          const row = symmetricIndex(br * shift + r, rows);
          for (let c = 0; c < blockSize; c++) {
            const k = row * cols + symmetricIndex(bc * shift + c, cols);
            x[b][r * blockSize + c] = roundHalfEven(ref[k]);
            y[b][r * blockSize + c] = roundHalfEven(fus[k]);
          }
        }
      }
      const v = blockQuality(x, y, n, table);
      map[br * blockCols + bc] = v;
      total += v;
    }
  }
  return { value: total / map.length, map, blockRows, blockCols };
}

/**
 * Reduced-resolution quality indices on float64 band planes (ALGORITHMS.md C.1; toolbox
 * `Metrics/metrics_rr.py` for ERGAS and SAM). SCC and PSNR are not in the toolbox; their
 * definitions are stated below.
 */
import { makePlane, type Plane } from '../../pansharpen/lib/planes.ts';

/** Crops `first` rows/cols at the top/left and `last` at the bottom/right (evaluation_rr: 10 and 11). */
export function cropPlane(p: Plane, first: number, last: number): Plane {
  const rows = p.rows - first - last;
  const cols = p.cols - first - last;
  if (rows <= 0 || cols <= 0) throw new Error(`image of ${p.rows}x${p.cols} px is too small to crop ${first}+${last} px`);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(p.data.subarray((r + first) * p.cols + first, (r + first) * p.cols + first + cols), r * cols);
  return makePlane(rows, cols, out);
}

/** Multiplies in place and clips to [low, high] in place (either bound may be omitted). */
export function scaleClip(p: Plane, factor: number, low = -Infinity, high = Infinity): Plane {
  const d = p.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.min(high, Math.max(low, d[i] * factor));
  return p;
}

function mean(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  return s / d.length;
}

/**
 * ERGAS = (100/r) sqrt( (1/B) sum_b MSE_b / mu_b^2 ), mu_b = mean of reference band b.
 * Bands whose reference mean is 0 (e.g. all-zero bands, toolbox issue #4) are left out of the sum
 * and of B; their count is returned.
 */
export function ergas(fused: Plane[], reference: Plane[], ratio: number): { value: number; skippedBands: number } {
  let sum = 0;
  let used = 0;
  for (let b = 0; b < reference.length; b++) {
    const f = fused[b].data;
    const g = reference[b].data;
    const mu = mean(g);
    if (mu === 0) continue;
    let se = 0;
    for (let i = 0; i < g.length; i++) se += (f[i] - g[i]) ** 2;
    sum += se / g.length / (mu * mu);
    used++;
  }
  return { value: (100 / ratio) * Math.sqrt(sum / Math.max(1, used)), skippedBands: reference.length - used };
}

/**
 * SAM in degrees: mean over pixels of arccos(<x, y>/(|x||y|)); pixels with a zero norm or a
 * cosine beyond 1 (rounding) add 0 but are still counted (toolbox: nansum / Npix).
 */
export function samDegrees(fused: Plane[], reference: Plane[]): number {
  const n = reference[0].data.length;
  const dot = new Float64Array(n);
  const nf = new Float64Array(n);
  const nr = new Float64Array(n);
  for (let b = 0; b < reference.length; b++) {
    const f = fused[b].data;
    const g = reference[b].data;
    for (let i = 0; i < n; i++) {
      dot[i] += f[i] * g[i];
      nf[i] += f[i] * f[i];
      nr[i] += g[i] * g[i];
    }
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const norm = Math.sqrt(nf[i] * nr[i]);
    if (norm === 0) continue;
    const c = dot[i] / norm;
    if (c > 1 || c < -1) continue;
    sum += Math.acos(c);
  }
  return ((sum / n) * 180) / Math.PI;
}

/**
 * PSNR in dB: per band 10 log10(peak^2 / MSE_b) with peak = the maximum of the whole reference
 * image (all bands), averaged over bands; bands with MSE 0 are left out (infinite PSNR).
 */
export function psnr(fused: Plane[], reference: Plane[]): number {
  let peak = -Infinity;
  for (const p of reference) for (const v of p.data) if (v > peak) peak = v;
  let sum = 0;
  let used = 0;
  for (let b = 0; b < reference.length; b++) {
    const f = fused[b].data;
    const g = reference[b].data;
    let se = 0;
    for (let i = 0; i < g.length; i++) se += (f[i] - g[i]) ** 2;
    if (se === 0) continue;
    sum += 10 * Math.log10((peak * peak) / (se / g.length));
    used++;
  }
  return used === 0 ? Infinity : sum / used;
}

/** 3x3 Laplacian high-pass [-1 -1 -1; -1 8 -1; -1 -1 -1] with replicate borders. */
export function laplacian(p: Plane): Plane {
  const { rows, cols, data } = p;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const rr = Math.min(rows - 1, Math.max(0, r + dy));
        for (let dx = -1; dx <= 1; dx++) {
          const cc = Math.min(cols - 1, Math.max(0, c + dx));
          s += (dy === 0 && dx === 0 ? 8 : -1) * data[rr * cols + cc];
        }
      }
      out[r * cols + c] = s;
    }
  }
  return makePlane(rows, cols, out);
}

/** Pearson correlation coefficient of two equal-length arrays (0 when either is constant). */
export function correlation(a: Float64Array, b: Float64Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/**
 * SCC (spatial correlation coefficient, Zhou, Civco & Silander 1998): correlation between the
 * Laplacian high-pass of the fused and of the reference band, averaged over bands (1 = ideal).
 */
export function scc(fused: Plane[], reference: Plane[]): number {
  let sum = 0;
  for (let b = 0; b < reference.length; b++) sum += correlation(laplacian(fused[b]).data, laplacian(reference[b]).data);
  return sum / reference.length;
}

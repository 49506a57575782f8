/**
 * Tells which kernel build runs (relaxed-simd.test.ts): one forward-convolution pixel whose sum is
 * exact only with a fused multiply-add. x = [−(1 + 2⁻¹¹), 1 + 2⁻¹²], w = [1, 1 + 2⁻¹²]: the sum is
 * (1 + 2⁻¹²)² − (1 + 2⁻¹¹) = 2⁻²⁴, which a fused multiply-add gives exactly; rounding the product
 * to float32 first gives 0.
 */
import { convForward } from './conv-forward-module.ts';

export function fusedProbe(): number {
  const x = Float32Array.from([-(1 + 2 ** -11), 1 + 2 ** -12]);
  const w = new Float32Array(16);
  w.fill(1, 0, 8);
  w.fill(1 + 2 ** -12, 8, 16);
  const out = new Float32Array(8);
  convForward(x, w, { batch: 1, inHeight: 1, inWidth: 1, channels: 2, filterHeight: 1, filterWidth: 1, outChannels: 8, padTop: 0, padBottom: 0, padLeft: 0, padRight: 0 }, out);
  return out[0];
}

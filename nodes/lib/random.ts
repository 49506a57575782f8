/**
 * Shared seeded uniform generator: mulberry32 (T. Ettinger, 2017), a 32-bit state advanced by
 * 0x6d2b79f5 per draw and hashed to a uniform in [0, 1) with 2^-32 resolution.
 *
 * Callers keep their own seed mixing (the streams they produce are part of their tests), and pass
 * the already-mixed 32-bit state here.
 */

/** Returns a generator of uniforms in [0, 1) starting from the 32-bit `state` (taken as uint32). */
export function mulberry32(state: number): () => number {
  let current = state >>> 0;
  return () => {
    current = (current + 0x6d2b79f5) >>> 0;
    let t = current;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

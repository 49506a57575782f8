/** Seeded pseudo-random numbers (mulberry32) so that extractors are deterministic per `seed`. */

/** Returns a generator of uniform numbers in [0, 1) for a 32-bit integer seed. */
export function seededUniform(seed: number): () => number {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

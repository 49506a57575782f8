/** Seeded pseudo-random numbers (mulberry32) so that extractors are deterministic per `seed`. */
import { mulberry32 } from '../../lib/random.ts';

/** Returns a generator of uniform numbers in [0, 1) for a 32-bit integer seed. */
export function seededUniform(seed: number): () => number {
  return mulberry32(Math.trunc(seed) ^ 0x9e3779b9);
}

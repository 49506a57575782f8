/**
 * Small seeded random generators for deterministic synthetic data: mulberry32 uniforms,
 * Box–Muller normals, Marsaglia–Tsang gamma and Dirichlet draws.
 */
import { mulberry32 } from '../lib/random.ts';

export class Random {
  private readonly next: () => number;
  private spare: number | undefined;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds give unrelated streams.
    this.next = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0x6d2b79f5);
  }

  /** Uniform in [0, 1) (mulberry32, T. Ettinger 2017). */
  uniform(): number {
    return this.next();
  }

  /** Uniform in [low, high). */
  range(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Gamma(shape, 1) (Marsaglia & Tsang, ACM TOMS 26(3), 2000; boosted for shape < 1). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform() || 1e-300, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Dirichlet(alpha) draw (normalised gammas). */
  dirichlet(alpha: number[]): number[] {
    const g = alpha.map((a) => this.gamma(a));
    const sum = g.reduce((a, b) => a + b, 0);
    return g.map((v) => v / sum);
  }
}

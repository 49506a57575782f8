/**
 * Adam (Kingma & Ba 2015) exactly as PyTorch's `torch.optim.Adam` with default betas (0.9, 0.999)
 * and eps 1e-8 (TF.js defaults differ): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps). State can be saved and restored
 * (rho-PNN's beta adaptation rolls back network and optimizer together).
 */
import type * as tfType from '@tensorflow/tfjs-core';

export interface AdamState {
  step: number;
  first: tfType.Tensor[];
  second: tfType.Tensor[];
}

export class Adam {
  private state: AdamState;
  constructor(
    readonly tf: typeof tfType,
    readonly variables: tfType.Variable[],
    public learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {
    this.state = { step: 0, first: variables.map((v) => tf.zerosLike(v)), second: variables.map((v) => tf.zerosLike(v)) };
  }

  /** One update with gradients in the order of `variables` (gradients are not disposed here). */
  apply(gradients: tfType.Tensor[]): void {
    const { tf, beta1, beta2, epsilon } = this;
    const s = this.state;
    s.step++;
    const correction1 = 1 - beta1 ** s.step;
    const correction2 = 1 - beta2 ** s.step;
    this.variables.forEach((variable, i) => {
      const [first, second, next] = tf.tidy(() => {
        const g = gradients[i];
        const m = tf.add(tf.mul(s.first[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(s.second[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
        return [m, v, tf.sub(variable, tf.mul(update, this.learningRate))];
      });
      s.first[i].dispose();
      s.second[i].dispose();
      s.first[i] = first;
      s.second[i] = second;
      variable.assign(next);
      next.dispose();
    });
  }

  /** A copy of the moments (the caller disposes it with `disposeState`). */
  save(): AdamState {
    const { tf } = this;
    return { step: this.state.step, first: this.state.first.map((t) => tf.clone(t)), second: this.state.second.map((t) => tf.clone(t)) };
  }

  /** Replaces the moments by a copy of `saved` (which stays owned by the caller). */
  load(saved: AdamState): void {
    const { tf } = this;
    disposeState(this.state);
    this.state = { step: saved.step, first: saved.first.map((t) => tf.clone(t)), second: saved.second.map((t) => tf.clone(t)) };
  }

  dispose(): void {
    disposeState(this.state);
  }
}

export function disposeState(state: AdamState): void {
  for (const t of state.first) t.dispose();
  for (const t of state.second) t.dispose();
}

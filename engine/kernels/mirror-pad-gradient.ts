/**
 * Exact gradient of MirrorPad, for every backend. tfjs 4.22's own gradient only slices the centre
 * of dy and drops what the reflected border pixels received, so a reflect-padded conv trained
 * in tfjs sees a different gradient than in TensorFlow or PyTorch (ReflectionPad2d).
 *
 * Per padded axis with padding (before, after) over n source samples:
 *   reflect:   padded[k] for k < before is x[before − k]        (edge not repeated)
 *   symmetric: padded[k] for k < before is x[before − 1 − k]    (edge repeated)
 * so the border slices of dy, reversed, are added back onto x positions [1 + offset …] with
 * offset 0 (symmetric) or 1 (reflect), and likewise at the far end. Axes are folded one at a time,
 * which also routes corner pixels correctly.
 */
import * as tf from '@tensorflow/tfjs-core';

function foldAxis(dy: tf.Tensor, axis: number, before: number, after: number, offset: number): tf.Tensor {
  const size = dy.shape[axis] - before - after;
  const begin = dy.shape.map(() => 0);
  const sliceAlong = (start: number, length: number): tf.Tensor => {
    const at = begin.slice();
    at[axis] = start;
    const extent = dy.shape.slice();
    extent[axis] = length;
    return tf.slice(dy, at, extent);
  };
  const padAlong = (t: tf.Tensor, low: number, high: number): tf.Tensor =>
    tf.pad(t, dy.shape.map((_, i) => (i === axis ? [low, high] : [0, 0]) as [number, number]));
  let result = sliceAlong(before, size);
  if (before > 0) {
    const head = tf.reverse(sliceAlong(0, before), axis);
    result = tf.add(result, padAlong(head, offset, size - before - offset));
  }
  if (after > 0) {
    const tail = tf.reverse(sliceAlong(before + size, after), axis);
    result = tf.add(result, padAlong(tail, size - after - offset, offset));
  }
  return result;
}

export const mirrorPadGradConfig: tf.GradConfig = {
  kernelName: tf.MirrorPad,
  inputsToSave: ['x'],
  gradFunc: (dy, _saved, attrs) => {
    const { paddings, mode } = attrs as unknown as { paddings: [number, number][]; mode: 'reflect' | 'symmetric' };
    const offset = mode === 'reflect' ? 1 : 0;
    return {
      x: () => tf.tidy(() => {
        let gradient = dy as tf.Tensor;
        paddings.forEach(([before, after], axis) => {
          if (before > 0 || after > 0) gradient = foldAxis(gradient, axis, before, after, offset);
        });
        return gradient;
      }),
    };
  },
};

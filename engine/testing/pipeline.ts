/** The small graph the engine and CLI tests share: source → scale → mean, scale → write; plus an independent source2 → mean2. */
import type { GraphDoc } from '../../core/graph.ts';

export interface PipelineOptions {
  value: number;
  factor: number;
  /** Tensors `test.scale` deliberately leaves behind (the engine must release them). */
  leak?: number;
  value2: number;
}

export function testPipeline({ value, factor, leak, value2 }: PipelineOptions): GraphDoc {
  return {
    bandwire: 1,
    nodes: [
      { id: 'src', type: 'test.source', params: { value } },
      { id: 'scale', type: 'test.scale', params: leak === undefined ? { factor } : { factor, leak } },
      { id: 'mean', type: 'test.mean' },
      { id: 'save', type: 'test.write', params: { path: 'scaled.txt' } },
      { id: 'src2', type: 'test.source', params: { value: value2 } },
      { id: 'mean2', type: 'test.mean' },
    ],
    edges: [
      { from: 'src.cube', to: 'scale.cube' },
      { from: 'scale.cube', to: 'mean.cube' },
      { from: 'scale.cube', to: 'save.raster' },
      { from: 'src2.cube', to: 'mean2.cube' },
    ],
  };
}

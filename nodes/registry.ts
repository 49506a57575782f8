/** Every node type Bandwire ships. Adding a node = one file + one line in its category's index.ts. */
import { Registry } from '../core/registry.ts';
import type { NodeDefinition } from '../core/node-def.ts';
import { ioNodes } from './io/index.ts';
import { synthNodes } from './synth/index.ts';
import { prepNodes } from './prep/index.ts';
import { pansharpenNodes } from './pansharpen/index.ts';
import { unmixNodes } from './unmix/index.ts';
import { detectNodes } from './detect/index.ts';
import { metricsNodes } from './metrics/index.ts';

export const ALL_NODES: NodeDefinition[] = [
  ...ioNodes,
  ...synthNodes,
  ...prepNodes,
  ...pansharpenNodes,
  ...unmixNodes,
  ...detectNodes,
  ...metricsNodes,
];

let shared: Registry | undefined;

/** The registry of all shipped node types (built once). */
export function defaultRegistry(): Registry {
  shared ??= new Registry(ALL_NODES);
  return shared;
}

/** Node types of the 'metrics' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';

export const metricsNodes: NodeDefinition[] = [];

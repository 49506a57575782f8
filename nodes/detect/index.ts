/** Node types of the 'detect' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';

export const detectNodes: NodeDefinition[] = [];

/** Node types of the 'pansharpen' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';

export const pansharpenNodes: NodeDefinition[] = [];

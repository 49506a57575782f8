/** Node types of the 'io' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';

export const ioNodes: NodeDefinition[] = [];

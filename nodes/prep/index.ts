/** Node types of the 'prep' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';

export const prepNodes: NodeDefinition[] = [];

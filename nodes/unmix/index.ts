/** Node types of the 'unmix' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';

export const unmixNodes: NodeDefinition[] = [];

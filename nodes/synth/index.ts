/** Node types of the 'synth' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';
import scene from './scene.ts';

export const synthNodes: NodeDefinition[] = [scene];

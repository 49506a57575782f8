/** Node types of the 'pansharpen' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';
import interp from './interp.ts';
import gsa from './gsa.ts';
import mtfGlp from './mtfGlp.ts';
import btH from './btH.ts';
import awlp from './awlp.ts';
import pnn from './pnn.ts';

export const pansharpenNodes: NodeDefinition[] = [
  interp as NodeDefinition,
  gsa as NodeDefinition,
  mtfGlp as NodeDefinition,
  btH as NodeDefinition,
  awlp as NodeDefinition,
  pnn as NodeDefinition,
];

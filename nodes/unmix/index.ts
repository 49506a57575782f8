/** Node types of the 'unmix' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';
import { vcaNode } from './vca.ts';
import { nfindrNode } from './nfindr.ts';
import { atgpNode } from './atgp.ts';
import { hysimeNode } from './hysime.ts';
import { fclsNode } from './fcls.ts';
import { nnlsNode } from './nnls.ts';
import { sunsalNode } from './sunsal.ts';
import { robustNode } from './robust.ts';

export const unmixNodes: NodeDefinition[] = [
  vcaNode as NodeDefinition,
  nfindrNode as NodeDefinition,
  atgpNode as NodeDefinition,
  hysimeNode as NodeDefinition,
  fclsNode as NodeDefinition,
  nnlsNode as NodeDefinition,
  sunsalNode as NodeDefinition,
  robustNode as NodeDefinition,
];

/** Node types of the 'detect' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';
import rx from './rx.ts';
import ace from './ace.ts';
import cem from './cem.ts';
import mf from './mf.ts';
import sam from './sam.ts';
import osp from './osp.ts';

export const detectNodes: NodeDefinition[] = [rx, ace, cem, mf, sam, osp];

/** Node types of the 'prep' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';
import degrade from './degrade.ts';
import synthPan from './synthPan.ts';
import selectBands from './selectBands.ts';
import resampleSpectra from './resampleSpectra.ts';
import pixelSpectra from './pixelSpectra.ts';

export const prepNodes: NodeDefinition[] = [degrade as NodeDefinition, synthPan as NodeDefinition, selectBands, resampleSpectra, pixelSpectra as NodeDefinition];

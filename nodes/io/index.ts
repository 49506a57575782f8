/** Node types of the 'io' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';
import { ioRead } from './read.ts';
import { ioReadSpectra } from './read-spectra.ts';
import { ioReadMask } from './read-mask.ts';
import { ioWrite } from './write.ts';
import { ioWritePng } from './write-png.ts';
import { ioWriteJson } from './write-json.ts';
import { ioWriteSpectra } from './write-spectra.ts';

export const ioNodes: NodeDefinition[] = [
  ioRead as NodeDefinition,
  ioReadSpectra as NodeDefinition,
  ioReadMask as NodeDefinition,
  ioWrite as NodeDefinition,
  ioWritePng as NodeDefinition,
  ioWriteJson as NodeDefinition,
  ioWriteSpectra as NodeDefinition,
];

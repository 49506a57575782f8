/** Node types of the 'metrics' category; add one line per node file. */
import type { NodeDefinition } from '../../core/node-def.ts';
import reduced from './reduced.ts';
import full from './full.ts';
import compare from './compare.ts';
import detection from './detection.ts';
import { unmixingMetricsNode } from './unmixing.ts';

export const metricsNodes: NodeDefinition[] = [reduced as NodeDefinition, full as NodeDefinition, compare as NodeDefinition, unmixingMetricsNode as NodeDefinition, detection];

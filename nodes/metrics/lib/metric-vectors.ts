/**
 * Test helper: the shared pansharpening metric vectors (../shared/data/metric_vectors: an 8-band
 * 192x192 synthetic PRISMA-like reference, its ratio-6 Wald degradation, a PAN and two fused results
 * with the toolbox's metric values). Undefined (reason printed) when the data is absent.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Raster } from '../../../core/values.ts';
import { dataFile } from '../../../test/data.ts';
import { fromPlanes } from '../../pansharpen/lib/planes.ts';
import { readTiffPlanes } from './read-tiff.ts';

export interface MetricVectors {
  reference: Raster;
  hs: Raster;
  pan: Raster;
  fused: Record<'fused_gsa' | 'fused_exp', Raster>;
  expected: Record<'fused_gsa' | 'fused_exp', { ERGAS: number; SAM: number; Q2n: number; Dlambda: number; DsR: number; HQNR: number }>;
}

export async function loadMetricVectors(): Promise<MetricVectors | undefined> {
  const expectedPath = dataFile('metric_vectors/expected.json');
  if (!expectedPath) return undefined;
  const dir = dirname(expectedPath);
  const read = async (name: string) => fromPlanes(await readTiffPlanes(join(dir, name)));
  const json = JSON.parse(readFileSync(expectedPath, 'utf8'));
  return {
    reference: await read('reference.tif'),
    hs: await read('hs_lr.tif'),
    pan: await read('pan.tif'),
    fused: { fused_gsa: await read('fused_gsa.tif'), fused_exp: await read('fused_exp.tif') },
    expected: { fused_gsa: json['fused_gsa.tif'], fused_exp: json['fused_exp.tif'] },
  };
}

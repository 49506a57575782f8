/** Test helper: reads a (multi-sample) float TIFF of the shared metric vectors into band planes. */
import { readFileSync } from 'node:fs';
import { fromArrayBuffer } from 'geotiff';
import { makePlane, type Plane } from '../../pansharpen/lib/planes.ts';

export async function readTiffPlanes(path: string): Promise<Plane[]> {
  const buf = readFileSync(path);
  const tiff = await fromArrayBuffer(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const image = await tiff.getImage();
  const rows = image.getHeight();
  const cols = image.getWidth();
  const bands = image.getSamplesPerPixel();
  const data = (await image.readRasters({ interleave: true })) as unknown as ArrayLike<number>;
  const planes: Plane[] = [];
  for (let b = 0; b < bands; b++) {
    const p = new Float64Array(rows * cols);
    for (let i = 0; i < p.length; i++) p[i] = data[i * bands + b];
    planes.push(makePlane(rows, cols, p));
  }
  return planes;
}

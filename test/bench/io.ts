/**
 * Read throughput of io.read (MB/s of decoded samples) for a 200-band tiled Deflate GeoTIFF and
 * an ENVI BIL file, next to `gdal_translate -of ENVI` (to raw) on the same files, same machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../harness.ts';
import { ioRead } from '../../nodes/io/read.ts';

const ROWS = 400, COLS = 400, BANDS = 200;

function gdal(args: string[]): number | undefined {
  const start = performance.now();
  const r = spawnSync('gdal_translate', ['-q', ...args], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return (performance.now() - start) / 1000;
}

async function bandwire(path: string): Promise<number> {
  const start = performance.now();
  await runNode(ioRead, {}, { path });
  return (performance.now() - start) / 1000;
}

export async function benchIo(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bandwire-bench-io-'));
  try {
    // int16 BIL cube with smooth spatial/spectral structure (compresses like real imagery).
    const data = new Int16Array(ROWS * COLS * BANDS);
    for (let r = 0, i = 0; r < ROWS; r++) {
      for (let b = 0; b < BANDS; b++) {
        for (let c = 0; c < COLS; c++) data[i++] = Math.round(2000 + 800 * Math.sin(r / 17 + b / 23) * Math.cos(c / 11) + ((r * 31 + c * 17 + b) % 13));
      }
    }
    writeFileSync(join(dir, 'cube.bil'), new Uint8Array(data.buffer));
    writeFileSync(join(dir, 'cube.hdr'), `ENVI\nsamples = ${COLS}\nlines = ${ROWS}\nbands = ${BANDS}\nheader offset = 0\ndata type = 2\ninterleave = bil\nbyte order = 0\n`);
    const megabytes = data.byteLength / 1e6;
    const made = gdal(['-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'INTERLEAVE=BAND', join(dir, 'cube.bil'), join(dir, 'cube.tif')]);
    console.log(`${ROWS} x ${COLS} x ${BANDS} int16 = ${megabytes.toFixed(1)} MB of samples; figures are the best of 3 runs`);
    const cases: [string, string][] = [['GeoTIFF tiled Deflate', join(dir, 'cube.tif')], ['ENVI BIL', join(dir, 'cube.bil')]];
    for (const [name, path] of cases) {
      if (name.startsWith('GeoTIFF') && made === undefined) {
        console.log(`${name}: skipped (gdal_translate not available to create it)`);
        continue;
      }
      const ours = Math.min(...[await bandwire(path), await bandwire(path), await bandwire(path)]);
      const theirs = [0, 1, 2].map(() => gdal(['-of', 'ENVI', path, join(dir, 'out.raw')])).filter((t): t is number => t !== undefined);
      const line = `${name}: Bandwire io.read ${(megabytes / ours).toFixed(0)} MB/s (${ours.toFixed(2)} s)`;
      if (theirs.length) {
        const best = Math.min(...theirs);
        console.log(`${line} | gdal_translate -of ENVI ${(megabytes / best).toFixed(0)} MB/s (${best.toFixed(2)} s) | ratio Bandwire/GDAL ${(best / ours).toFixed(2)}`);
      } else console.log(`${line} | gdal_translate not available`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

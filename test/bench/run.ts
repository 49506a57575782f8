/**
 * `npm run bench`: speed figures with the ratio to a named peer (PyTorch, Spectral Python, numpy, GDAL)
 * measured in the same run on the same machine. Pass names to run a subset: `npm run bench -- cnn detect`.
 * Benchmarks print figures; they never fail on speed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const suites: { name: string; file: string; fn: string }[] = [
  { name: 'cnn', file: './cnn.ts', fn: 'benchCnn' },
  { name: 'detect', file: './detect.ts', fn: 'benchDetect' },
  { name: 'local-rx', file: './local-rx.ts', fn: 'benchLocalRx' },
  { name: 'io', file: './io.ts', fn: 'benchIo' },
  { name: 'unmix', file: './unmix.ts', fn: 'benchUnmix' },
  { name: 'pnn', file: './pnn.ts', fn: 'benchPnn' },
];

const wanted = process.argv.slice(2);
for (const s of suites) {
  if (wanted.length && !wanted.includes(s.name)) continue;
  const path = fileURLToPath(new URL(s.file, import.meta.url));
  if (!existsSync(path)) {
    console.log(`\n## ${s.name}: not available (${s.file} missing)`);
    continue;
  }
  console.log(`\n## ${s.name}`);
  try {
    const mod = await import(s.file);
    await mod[s.fn]();
  } catch (e) {
    console.log(`${s.name} failed: ${(e as Error).stack ?? e}`);
  }
}

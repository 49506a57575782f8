/**
 * Child process for read-memory.test.ts: reads one file with io.read and prints, as JSON, the
 * cube size and the peak growth of resident memory (Linux VmHWM after resetting it, else
 * 2 ms sampling of process.memoryUsage) and of ArrayBuffer memory over the read.
 * Usage: node --import tsx nodes/io/memory-probe.ts <file>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runNode } from '../../test/harness.ts';
import type { Raster } from '../../core/values.ts';
import { ioRead } from './read.ts';

function highWaterMark(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const path = process.argv[2];
await runNode(ioRead, {}, { path, window: '0, 0, 1, 1' }); // loads modules and the runtime first
globalThis.gc?.();
const base = process.memoryUsage();
try {
  writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
} catch {
  // not Linux: the sampled peak below is used
}
let peakRss = base.rss;
let peakBuffers = base.arrayBuffers;
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
}, 2);
const result = await runNode(ioRead, {}, { path });
clearInterval(sampler);
const cube = result.outputs.cube as Raster;
const end = process.memoryUsage();
const hwm = highWaterMark();
peakRss = Math.max(peakRss, end.rss, hwm ?? 0);
peakBuffers = Math.max(peakBuffers, end.arrayBuffers);
console.log(JSON.stringify({
  shape: [cube.rows, cube.cols, cube.bands],
  cubeBytes: cube.data.byteLength,
  rssGrowth: peakRss - base.rss,
  arrayBufferGrowth: peakBuffers - base.arrayBuffers,
  highWaterMark: hwm !== undefined,
  progressReports: result.progress.length,
  checksum: cube.data[0] + cube.data[cube.data.length - 1] + cube.data[(cube.data.length >> 1) + 7],
}));

/**
 * The block loops of the SIMD moments module (assembly/moments.ts), as plain JavaScript source
 * that both the calling thread and the helper thread (moments-threads.ts) evaluate with
 * `new Function('wasm', KERNEL_SOURCE)`: each block (~192 KB) of pixels is copied into the
 * module's memory with rows padded to a multiple of 4 or 8 bands, so cubes of any size need only a
 * few MB of wasm memory.
 */
/**
 * The block loops, as plain JavaScript that this thread and the helpers both run: a function of the
 * module's exports `wasm` returning { start(job), step(state, data, pixels), finish(state) }. A job
 * is { kind, pixels, bands, ... }; `step` takes the next `pixels × bands` float32 run of pixels
 * and returns its per-pixel outputs, `finish` the float64 totals.
 * - 'sums': shift (float64, bands) → totals { sum (stride), upper (stride × stride) }, stride =
 *   bands rounded up to 4; 'sums32': the same with float32 products (stride rounded up to 8).
 * - 'project': basis (float64 count × bands), count, shifts (float64 count) → per pixel { values
 *   (float64, count per pixel) }.
 * - 'dots': f (float64, bands), offset, dots, product → per pixel { dots } when asked; totals
 *   { out (float64 bands), total (float64 [1]) }.
 * - 'forms': shift (float32, stride), wt (float32 stride × width), width, lower, vector (float32
 *   width), products → per pixel { norms, cross }; totals { upper (width × width) } with products.
 */
export const KERNEL_SOURCE = `
const pageBytes = 65536;
const blockBytes = 192 * 1024;
function layout(sizes) {
  let end = pageBytes;
  const offsets = sizes.map((bytes) => { const offset = end; end += Math.ceil(bytes / 16) * 16; return offset; });
  if (end > wasm.memory.buffer.byteLength) wasm.memory.grow(Math.ceil((end - wasm.memory.buffer.byteLength) / pageBytes));
  return offsets;
}
const rows = (rowBytes) => Math.max(16, Math.floor(blockBytes / rowBytes / 16) * 16);
function start(job) {
  const bands = job.bands;
  const s = { job };
  if (job.kind === 'sums' || job.kind === 'sums32') {
    const single = job.kind === 'sums32';
    s.stride = single ? Math.ceil(bands / 8) * 8 : Math.ceil(bands / 4) * 4;
    const rowBytes = s.stride * (single ? 4 : 8);
    s.block = rows(rowBytes);
    [s.shiftAt, s.sumsAt, s.matrixAt, s.rawAt, s.blockAt] = layout([s.stride * 8, s.stride * 8, s.stride * s.stride * 8, s.block * bands * 4, s.block * rowBytes]);
    const memory = wasm.memory.buffer;
    if (single) new Float32Array(memory, s.shiftAt, s.stride).fill(0).set(job.shift);
    else new Float64Array(memory, s.shiftAt, s.stride).fill(0).set(job.shift);
    new Float64Array(memory, s.sumsAt, s.stride).fill(0);
    new Float64Array(memory, s.matrixAt, s.stride * s.stride).fill(0);
  } else if (job.kind === 'project') {
    s.block = rows(bands * 4);
    [s.basisAt, s.shiftsAt, s.outAt, s.rawAt] = layout([job.count * bands * 8, job.count * 8, s.block * job.count * 8, s.block * bands * 4]);
    const memory = wasm.memory.buffer;
    new Float64Array(memory, s.basisAt, job.count * bands).set(job.basis);
    new Float64Array(memory, s.shiftsAt, job.count).set(job.shifts);
  } else if (job.kind === 'dots') {
    s.block = rows(bands * 4);
    [s.fAt, s.outAt, s.totalAt, s.dotsAt, s.rawAt] = layout([bands * 8, bands * 8, 8, s.block * 4, s.block * bands * 4]);
    const memory = wasm.memory.buffer;
    new Float64Array(memory, s.fAt, bands).set(job.f);
    new Float64Array(memory, s.outAt, bands).fill(0);
    new Float64Array(memory, s.totalAt, 1).fill(0);
  } else {
    const width = job.width;
    s.stride = Math.ceil(bands / 8) * 8;
    s.block = rows(Math.max(s.stride, width) * 4);
    [s.sumsAt, s.shiftAt, s.wtAt, s.vectorAt, s.normsAt, s.crossAt, s.matrixAt, s.rawAt, s.blockAt, s.yAt] = layout([
      s.stride * 8, s.stride * 4, s.stride * width * 4, width * 4, s.block * 4, s.block * 4,
      job.products ? width * width * 8 : 0, s.block * bands * 4, s.block * s.stride * 4, job.products ? s.block * width * 4 : 0,
    ]);
    const memory = wasm.memory.buffer;
    new Float32Array(memory, s.shiftAt, s.stride).set(job.shift);
    new Float32Array(memory, s.wtAt, s.stride * width).set(job.wt);
    new Float32Array(memory, s.vectorAt, width).set(job.vector);
    if (job.products) new Float64Array(memory, s.matrixAt, width * width).fill(0);
  }
  return s;
}
function step(s, data, pixels) {
  const { job, block } = s;
  const bands = job.bands;
  const memory = wasm.memory.buffer;
  const perPixel = job.kind === 'forms' ? { norms: new Float32Array(pixels), cross: new Float32Array(pixels) }
    : job.kind === 'dots' && job.dots ? { dots: new Float32Array(pixels) }
    : job.kind === 'project' ? { values: new Float64Array(pixels * job.count) } : undefined;
  for (let first = 0; first < pixels; first += block) {
    const count = Math.min(block, pixels - first);
    const padded = Math.ceil(count / 4) * 4;
    new Float32Array(memory, s.rawAt, count * bands).set(data.subarray(first * bands, (first + count) * bands));
    if (job.kind === 'sums') {
      wasm.prepare64(s.rawAt, count, count, bands, s.stride, s.shiftAt, s.blockAt, s.sumsAt);
      wasm.products64(s.blockAt, count, s.stride, s.matrixAt);
    } else if (job.kind === 'sums32') {
      wasm.prepare(s.rawAt, count, padded, bands, s.stride, s.shiftAt, s.blockAt, s.sumsAt);
      wasm.products(s.blockAt, padded, s.stride, s.matrixAt);
    } else if (job.kind === 'project') {
      wasm.project64(s.rawAt, count, bands, s.basisAt, job.count, s.shiftsAt, s.outAt);
      perPixel.values.set(new Float64Array(memory, s.outAt, count * job.count), first * job.count);
    } else if (job.kind === 'dots') {
      wasm.pixelDots(s.rawAt, count, bands, s.fAt, job.offset, perPixel ? s.dotsAt : 0, job.product ? s.outAt : 0, s.totalAt);
      if (perPixel) perPixel.dots.set(new Float32Array(memory, s.dotsAt, count), first);
    } else {
      wasm.prepare(s.rawAt, count, padded, bands, s.stride, s.shiftAt, s.blockAt, 0);
      wasm.forms(s.blockAt, padded, s.stride, s.wtAt, job.width, job.lower ? 1 : 0, s.vectorAt, s.normsAt, s.crossAt, job.products ? s.yAt : 0);
      perPixel.norms.set(new Float32Array(memory, s.normsAt, count), first);
      perPixel.cross.set(new Float32Array(memory, s.crossAt, count), first);
      if (job.products) wasm.products(s.yAt, padded, job.width, s.matrixAt);
    }
  }
  return perPixel;
}
function finish(s) {
  const memory = wasm.memory.buffer;
  const { job } = s;
  if (job.kind === 'project') return {};
  if (job.kind === 'dots') return { out: new Float64Array(memory, s.outAt, job.bands).slice(), total: new Float64Array(memory, s.totalAt, 1).slice() };
  if (job.kind === 'forms') return { upper: job.products ? new Float64Array(memory, s.matrixAt, job.width * job.width).slice() : undefined };
  return { sum: new Float64Array(memory, s.sumsAt, s.stride).slice(), upper: new Float64Array(memory, s.matrixAt, s.stride * s.stride).slice() };
}
return { start, step, finish };
`;

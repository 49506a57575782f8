/**
 * A registry of tiny synthetic node types for engine and CLI tests, independent of the
 * shipped nodes. Use it with `createEngineHost({ registryModule })` or, for the CLI, the
 * environment variable BANDWIRE_REGISTRY=<absolute path of this file>.
 */
import { fileURLToPath } from 'node:url';
import { writeFile, appendFile } from 'node:fs/promises';
import { BandwireError } from '../../core/errors.ts';
import { defineNode, type NodeDefinition } from '../../core/node-def.ts';
import { Registry } from '../../core/registry.ts';
import { makeRaster, type Raster } from '../../core/values.ts';

export const TEST_REGISTRY_MODULE = fileURLToPath(import.meta.url);

const desc = 'Test node (engine tests only).';

/** Constant cube `rows × cols × bands` filled with `value`; `delayMs` of async waiting. */
const source = defineNode({
  id: 'test.source', version: 1, title: 'Source', category: 'synth', description: desc,
  inputs: [],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: {
    value: { kind: 'number', default: 1, description: 'fill value' },
    rows: { kind: 'integer', default: 4, min: 1, max: 4096, description: 'rows' },
    cols: { kind: 'integer', default: 4, min: 1, max: 4096, description: 'cols' },
    bands: { kind: 'integer', default: 3, min: 1, max: 1000, description: 'bands' },
    path: { kind: 'path', io: 'read', default: '', description: 'optional file whose text is a number added to value' },
  },
  async run(_inputs, p, ctx) {
    let value = p.value as number;
    if (p.path) {
      const file = ctx.files.resolveInput(p.path as string);
      const text = new TextDecoder().decode(await ctx.files.readFile(file)).trim();
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new BandwireError('FILE_FORMAT', `${file}: expected a number, got '${text.slice(0, 20)}'`, { node: ctx.nodeId, file });
      value += Number(text);
    }
    const data = new Float32Array((p.rows as number) * (p.cols as number) * (p.bands as number)).fill(value);
    return { cube: makeRaster(p.rows as number, p.cols as number, p.bands as number, data) };
  },
});

/** cube × factor through the tensor runtime; leaks `leak` tensors on purpose (the engine must free them). */
const scale = defineNode({
  id: 'test.scale', version: 1, title: 'Scale', category: 'prep', description: desc,
  inputs: [{ name: 'cube', type: 'cube' }],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: {
    factor: { kind: 'number', default: 2, min: -100, max: 100, description: 'multiplier' },
    leak: { kind: 'integer', default: 0, min: 0, max: 100, description: 'tensors left undisposed on purpose' },
  },
  async run(inputs, p, ctx) {
    const cube = inputs.cube as Raster;
    const input = ctx.tf.tensor(cube.data);
    const t = ctx.tf.mul(input, p.factor as number);
    input.dispose();
    for (let i = 0; i < (p.leak as number); i++) ctx.tf.scalar(i);
    const data = (await t.data()) as Float32Array;
    t.dispose();
    return { cube: makeRaster(cube.rows, cube.cols, cube.bands, new Float32Array(data), { wavelengths: cube.wavelengths }) };
  },
});

const add = defineNode({
  id: 'test.add', version: 1, title: 'Add', category: 'prep', description: desc,
  inputs: [{ name: 'a', type: 'cube' }, { name: 'b', type: 'cube' }],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: {},
  async run(inputs) {
    const a = inputs.a as Raster;
    const b = inputs.b as Raster;
    if (a.data.length !== b.data.length) throw new BandwireError('INPUT_INVALID', `inputs 'a' and 'b' differ in size`);
    const out = new Float32Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = a.data[i] + b.data[i];
    return { cube: makeRaster(a.rows, a.cols, a.bands, out) };
  },
});

const fail = defineNode({
  id: 'test.fail', version: 1, title: 'Fail', category: 'prep', description: desc,
  inputs: [{ name: 'cube', type: 'cube' }],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: { message: { kind: 'string', default: 'deliberate failure', description: 'error text' } },
  async run(_inputs, p, ctx) {
    ctx.tf.zeros([10]); // a tensor left behind by a failing node
    throw new BandwireError('INPUT_INVALID', `node failed: ${p.message}`);
  },
});

/**
 * Busy-loops for `ms` (blocking its thread, as heavy maths does), reporting progress and
 * calling ctx.checkAbort() unless `ignoreAbort`. Holds tensors while running.
 */
const slow = defineNode({
  id: 'test.slow', version: 1, title: 'Slow', category: 'prep', description: desc,
  inputs: [{ name: 'cube', type: 'cube', optional: true }],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: {
    ms: { kind: 'integer', default: 1000, min: 0, max: 600000, description: 'duration (ms)' },
    ignoreAbort: { kind: 'boolean', default: false, description: 'simulate a stuck node' },
    waitMs: { kind: 'integer', default: 0, min: 0, max: 60000, description: 'async wait before the busy loop (ms)' },
  },
  async run(inputs, p, ctx) {
    if (p.waitMs) await new Promise((resolve) => setTimeout(resolve, p.waitMs as number));
    const held = ctx.tf.ones([64, 64]);
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; performance.now() - t0 < (p.ms as number); i++) {
      for (let j = 0; j < 10000; j++) x += Math.sqrt(j + i);
      if (!p.ignoreAbort) ctx.checkAbort();
      ctx.progress((performance.now() - t0) / (p.ms as number), `step ${i}`);
    }
    held.dispose();
    const cube = (inputs.cube as Raster | undefined) ?? makeRaster(1, 1, 1, new Float32Array([x > 0 ? 1 : 0]));
    return { cube };
  },
});

/**
 * A mock tuner: `steps` steps of `stepMs` busy work; after step k it keeps the partial output
 * cube = [k] (ctx.keepPartial) and finally returns cube = [steps]. Tests cancelling mid-run.
 */
const tuner = defineNode({
  id: 'test.tuner', version: 1, title: 'Tuner', category: 'prep', description: desc,
  inputs: [],
  outputs: [{ name: 'cube', type: 'cube' }],
  params: {
    steps: { kind: 'integer', default: 100, min: 1, max: 100000, description: 'steps' },
    stepMs: { kind: 'integer', default: 50, min: 0, max: 60000, description: 'busy time per step (ms)' },
  },
  async run(_inputs, p, ctx) {
    for (let k = 1; k <= (p.steps as number); k++) {
      const t0 = performance.now();
      while (performance.now() - t0 < (p.stepMs as number)) ctx.checkAbort();
      ctx.checkAbort();
      ctx.keepPartial?.({ cube: makeRaster(1, 1, 1, new Float32Array([k])) });
      ctx.progress(k / (p.steps as number), `step ${k}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { cube: makeRaster(1, 1, 1, new Float32Array([p.steps as number])) };
  },
});

/** Writes the raster as text through ctx.files.writeAtomic, in `chunks` pieces `chunkMs` apart. */
const write = defineNode({
  id: 'test.write', version: 1, title: 'Write', category: 'io', description: desc,
  inputs: [{ name: 'raster', type: 'raster' }],
  outputs: [],
  params: {
    path: { kind: 'path', io: 'write', required: true, description: 'output file' },
    overwrite: { kind: 'boolean', default: false, description: 'replace an existing file' },
    chunks: { kind: 'integer', default: 1, min: 1, max: 10000, description: 'pieces written' },
    chunkMs: { kind: 'integer', default: 0, min: 0, max: 10000, description: 'pause between pieces (ms)' },
  },
  async run(inputs, p, ctx) {
    const r = inputs.raster as Raster;
    const text = Array.from(r.data).join(',') + '\n';
    const target = ctx.files.resolveOutput(p.path as string);
    await ctx.files.writeAtomic(target, async (tmp) => {
      await writeFile(tmp, '');
      for (let i = 0; i < (p.chunks as number); i++) {
        ctx.checkAbort();
        await appendFile(tmp, i === 0 ? text : '#\n');
        await new Promise((resolve) => setTimeout(resolve, p.chunkMs as number));
      }
    }, { overwrite: p.overwrite as boolean });
    return {};
  },
});

const mean = defineNode({
  id: 'test.mean', version: 1, title: 'Mean', category: 'metrics', description: desc,
  inputs: [{ name: 'cube', type: 'cube' }],
  outputs: [{ name: 'metrics', type: 'metrics' }],
  params: {},
  async run(inputs) {
    const r = inputs.cube as Raster;
    let s = 0;
    for (let i = 0; i < r.data.length; i++) s += r.data[i];
    return { metrics: { kind: 'metrics', values: { mean: s / r.data.length } } };
  },
});

const library = defineNode({
  id: 'test.library', version: 1, title: 'Library', category: 'io', description: desc,
  inputs: [],
  outputs: [{ name: 'spectra', type: 'spectra' }],
  params: {},
  async run() {
    return { spectra: { kind: 'spectra', count: 1, bands: 2, data: new Float64Array([1, 2]), names: ['a'] } };
  },
});

export const TEST_NODES: NodeDefinition[] = [source, scale, add, fail, slow, tuner, write, mean, library] as NodeDefinition[];

export const registry = new Registry(TEST_NODES);

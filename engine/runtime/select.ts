/**
 * Backend choice, kept apart from the loading so every branch is unit-tested with fake loaders.
 * Order: BANDWIRE_BACKEND (tensorflow | wasm | cpu) when set; else @tensorflow/tfjs-node-gpu if a
 * GPU is visible and it loads and uses it; else @tensorflow/tfjs-node; else wasm (with the
 * project kernels); else cpu. The reason says why this backend and why not each better one.
 */
import { BandwireError } from '../../core/errors.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const backendNames: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Why a package could not be used: 'not installed', or the load error's first line. */
export class Unavailable extends Error {}

export interface BackendLoaders {
  /**
   * Loads @tensorflow/tfjs-node-gpu when installed and an NVIDIA GPU is visible; resolves whether
   * TensorFlow runs on the GPU. Throws Unavailable ('not installed', 'no NVIDIA GPU visible', ...).
   */
  tensorflowGpu(): Promise<{ usesGpu: boolean }>;
  /** Loads @tensorflow/tfjs-node. Throws Unavailable. */
  tensorflowCpu(): Promise<void>;
  /** Initialises the wasm backend with the project kernels; resolves the thread count (and a note). Throws Unavailable. */
  wasm(): Promise<{ threads: number; note?: string }>;
  cpu(): Promise<void>;
}

export interface Selection {
  backend: BackendName;
  /** 'tfjs-node-gpu' | 'tfjs-node' for the tensorflow backend. */
  package?: string;
  reason: string;
  threads: number;
}

const gpuPackage = '@tensorflow/tfjs-node-gpu';
const cpuPackage = '@tensorflow/tfjs-node';

function why(e: unknown): string {
  if (e instanceof Unavailable) return e.message;
  return `failed to load: ${String((e as Error)?.message ?? e).split('\n')[0]}`;
}

/** Tries tfjs-node-gpu (when a GPU is visible), then tfjs-node. `notes` collects why not. */
async function tensorflow(loaders: BackendLoaders, notes: string[]): Promise<Selection | undefined> {
  try {
    const { usesGpu } = await loaders.tensorflowGpu();
    // Once libtensorflow (GPU build) is loaded, tfjs-node cannot be loaded beside it in the same process.
    const gpuNote = usesGpu ? 'TensorFlow runs on the GPU' : 'it sees no usable GPU (CUDA/cuDNN libraries?), so TensorFlow runs on the CPU';
    return { backend: 'tensorflow', package: 'tfjs-node-gpu', threads: 0, reason: `${gpuPackage} loaded; ${gpuNote}` };
  } catch (e) {
    notes.push(`${gpuPackage} ${why(e)}`);
  }
  try {
    await loaders.tensorflowCpu();
    return { backend: 'tensorflow', package: 'tfjs-node', threads: 0, reason: `${cpuPackage} loaded (TensorFlow on the CPU)` };
  } catch (e) {
    notes.push(`${cpuPackage} ${why(e)}`);
  }
  return undefined;
}

function joined(first: string, notes: string[]): string {
  return notes.length ? `${first}; ${notes.join('; ')}` : first;
}

export async function selectBackend(forced: string | undefined, loaders: BackendLoaders): Promise<Selection> {
  const notes: string[] = [];
  if (forced) {
    const name = forced.trim().toLowerCase();
    const by = `forced by BANDWIRE_BACKEND=${forced}`;
    const fail = (detail: string) =>
      new BandwireError('USAGE', `BANDWIRE_BACKEND=${forced}: the ${name} backend cannot be loaded (${detail}); unset BANDWIRE_BACKEND to choose automatically`);
    if (name === 'tensorflow') {
      const chosen = await tensorflow(loaders, notes);
      if (!chosen) throw fail(notes.join('; '));
      return { ...chosen, reason: `${by}: ${chosen.reason}` };
    }
    if (name === 'wasm') {
      let wasm: { threads: number; note?: string };
      try {
        wasm = await loaders.wasm();
      } catch (e) {
        if (e instanceof BandwireError) throw e;
        throw fail(why(e));
      }
      return { backend: 'wasm', threads: wasm.threads, reason: joined(`${by} (project gradient kernels registered)`, wasm.note ? [wasm.note] : []) };
    }
    if (name === 'cpu') {
      await loaders.cpu();
      return { backend: 'cpu', threads: 1, reason: by };
    }
    throw new BandwireError('USAGE', `BANDWIRE_BACKEND=${forced} is not a backend: use one of ${backendNames.join(', ')}, or unset it to choose automatically`);
  }
  const chosen = await tensorflow(loaders, notes);
  if (chosen) return { ...chosen, reason: joined(chosen.reason, notes) };
  try {
    const wasm = await loaders.wasm();
    if (wasm.note) notes.push(wasm.note);
    return { backend: 'wasm', threads: wasm.threads, reason: joined('wasm with the project gradient kernels', notes) };
  } catch (e) {
    if (e instanceof BandwireError) throw e;
    notes.push(`wasm ${why(e)}`);
  }
  await loaders.cpu();
  return { backend: 'cpu', threads: 1, reason: joined('cpu (pure JavaScript, slow for training)', notes) };
}

/**
 * The real loaders behind selectBackend: optional packages are loaded with dynamic import inside
 * try/catch (they are optional peer dependencies; `npm ci` installs neither).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { registerProjectKernels } from '../kernels/register.ts';
import { Unavailable, type BackendLoaders } from './select.ts';
import { initWasm } from './wasm.ts';

const require = createRequire(import.meta.url);

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Versions reported by the optional packages that were loaded (their `version` export). */
export const loadedVersions: Record<string, string> = {};

async function load(name: string): Promise<void> {
  if (!installed(name)) throw new Unavailable('not installed');
  try {
    const module = (await import(name)) as { version?: Record<string, string> };
    Object.assign(loadedVersions, module.version ?? {});
  } catch (e) {
    throw new Unavailable(`failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Unavailable('loaded, but the tensorflow backend failed to initialise');
}

/** Linux: an NVIDIA device file or driver entry; elsewhere let the package decide. */
function gpuVisible(): boolean {
  if (process.platform !== 'linux') return true;
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/proc/driver/nvidia/gpus').length > 0;
  } catch {
    return false;
  }
}

export const realLoaders: BackendLoaders = {
  async tensorflowGpu() {
    const name = '@tensorflow/tfjs-node-gpu';
    if (installed(name) && !gpuVisible()) throw new Unavailable('installed, not loaded: no NVIDIA GPU visible');
    await load(name);
    // NodeJSKernelBackend.isUsingGpuDevice: whether libtensorflow found a CUDA device.
    return { usesGpu: Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice) };
  },
  async tensorflowCpu() {
    await load('@tensorflow/tfjs-node');
  },
  async wasm() {
    registerProjectKernels();
    return initWasm();
  },
  async cpu() {
    await import('@tensorflow/tfjs-backend-cpu');
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
  },
};

/** The registry the CLI uses: nodes/registry.ts, or the module named by $BANDWIRE_REGISTRY (tests). */
import { fileURLToPath } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { Registry } from '../core/registry.ts';
import { createEngineHost, loadRegistry, type EngineHost } from '../engine/host.ts';

export function registryModule(env: NodeJS.ProcessEnv, cwd: string): string {
  const fromEnv = env.BANDWIRE_REGISTRY;
  if (fromEnv) return isAbsolute(fromEnv) || fromEnv.startsWith('file:') ? fromEnv : resolve(cwd, fromEnv);
  return fileURLToPath(new URL('../nodes/registry.ts', import.meta.url));
}

export function cliRegistry(env: NodeJS.ProcessEnv, cwd: string): Promise<Registry> {
  return loadRegistry(registryModule(env, cwd));
}

export async function cliHost(env: NodeJS.ProcessEnv, cwd: string): Promise<EngineHost> {
  const host = createEngineHost({ registryModule: registryModule(env, cwd) });
  await host.ready;
  return host;
}

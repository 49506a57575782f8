/**
 * Where the shared real data lives: $BANDWIRE_DATA, else ../shared/data beside the checkout.
 * Tests skip with a printed reason when a file is absent; data is never copied into the repo.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export function dataDir(): string | undefined {
  const candidates = [process.env.BANDWIRE_DATA, resolve(repoRoot, '..', 'shared', 'data')].filter(Boolean) as string[];
  return candidates.find((d) => existsSync(d));
}

/** Absolute path of a data file, or undefined (and a printed reason) when it is not there. */
export function dataFile(rel: string): string | undefined {
  const d = dataDir();
  const p = d ? join(d, rel) : undefined;
  if (!p || !existsSync(p)) {
    console.log(`# skip: shared data file '${rel}' not found (set BANDWIRE_DATA or place ../shared/data)`);
    return undefined;
  }
  return p;
}

export { repoRoot };

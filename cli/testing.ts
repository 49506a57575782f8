/** Helpers for CLI tests: spawn `node cli/bin.mjs ...` with the test registry and capture its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_REGISTRY_MODULE } from '../engine/testing/registry.ts';

export const BIN = fileURLToPath(new URL('./bin.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd: string;
  cacheDir: string;
  /** Use the shipped nodes instead of the test registry. */
  realNodes?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Called with the child once started (e.g. to send SIGINT). */
  onSpawn?: (child: ChildProcess) => void;
}

export function bandwire(args: string[], o: SpawnOptions): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, BANDWIRE_CACHE_DIR: o.cacheDir, ...o.env };
  if (o.realNodes) delete env.BANDWIRE_REGISTRY;
  else env.BANDWIRE_REGISTRY = TEST_REGISTRY_MODULE;
  // A clean Node: the child must set up tsx itself (bin.mjs), as `npx bandwire` would.
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  o.onSpawn?.(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `bandwire ARGS` in this process (no child; for cases that never start the engine worker). */
export async function bandwireInProcess(args: string[], o: { cwd: string; cacheDir: string; realNodes?: boolean }): Promise<CliResult> {
  const { main } = await import('./main.ts');
  const { Writable } = await import('node:stream');
  const capture = () => {
    let text = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    return { stream, text: () => text };
  };
  const stdout = capture();
  const stderr = capture();
  const env: NodeJS.ProcessEnv = { ...process.env, BANDWIRE_CACHE_DIR: o.cacheDir, BANDWIRE_REGISTRY: TEST_REGISTRY_MODULE };
  if (o.realNodes) delete env.BANDWIRE_REGISTRY;
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, cwd: o.cwd, env });
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

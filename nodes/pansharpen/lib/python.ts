/**
 * Test helper: runs a Python snippet with /usr/bin/python3 (numpy/scipy from apt), feeding JSON on
 * stdin and parsing the JSON it prints. Returns undefined (with the reason) when Python or a module
 * is missing, so tests can skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** A reason to skip, or undefined when `modules` import fine. */
export function pythonMissing(modules: string[]): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} lacks ${modules.join(', ')}: ${r.stderr.trim().split('\n').pop()}`;
}

export function runPython(code: string, input: unknown): unknown {
  const r = spawnSync(PYTHON, ['-c', code], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

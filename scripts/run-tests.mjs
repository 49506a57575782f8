#!/usr/bin/env node
// Runs every *.test.ts beside the code (and test/**) with Node's test runner through tsx.
// Usage: npm test [-- path-filter ...]   e.g. `npm test -- engine` runs only files whose path contains "engine".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const roots = ['core', 'nodes', 'engine', 'cli', 'electron', 'renderer', 'test'];
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p);
    else if (/\.test\.tsx?$/.test(name)) files.push(relative(root, p));
  }
}
for (const r of roots) {
  try { walk(join(root, r)); } catch { /* folder absent */ }
}
const filters = process.argv.slice(2);
const selected = files.sort().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (selected.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(2);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=900000', ...selected];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, BANDWIRE_TEST: '1' } });
process.exit(r.status ?? 1);

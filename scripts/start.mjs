#!/usr/bin/env node
// `npm start`: builds the editor if stale, then opens it in Electron when an Electron binary is
// installed (the file node_modules/electron/path.txt names exists), else falls back to
// `bandwire serve --open` (system Chromium/Chrome in app mode, or the URL printed).
// Extra arguments go to `serve` (e.g. `npm start -- --port 8080`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron, buildRenderer } from './build-renderer.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Path of the Electron binary, or undefined when the package or its download is missing.
 * Mirrors what require('electron') returns, without its attempt to download a missing binary.
 */
export function electronBinary() {
  let dir;
  try {
    dir = join(require.resolve('electron/package.json'), '..');
  } catch {
    return undefined;
  }
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const full = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron') : name && join(dir, 'dist', name);
  return full && existsSync(full) ? full : undefined;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildRenderer({ ifStale: true });
  const electron = electronBinary();
  if (electron) {
    await buildElectron({ quiet: true });
    run(electron, [join(root, 'dist', 'electron', 'main.cjs')]);
  } else {
    console.error('No Electron binary installed: opening the editor in browser mode (bandwire serve --open).');
    run(process.execPath, [join(root, 'cli', 'bin.mjs'), 'serve', '--open', ...process.argv.slice(2)]);
  }
}

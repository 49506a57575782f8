#!/usr/bin/env node
// Bundles the editor: renderer/main.tsx → dist/renderer/{index.html, main.js, main.css} (React Flow and
// uPlot CSS included), and electron/{main,preload}.ts → dist/electron/*.cjs.
// Usage: node scripts/build-renderer.mjs            both bundles (npm run build, npm run dist)
//        node scripts/build-renderer.mjs --if-stale the renderer only, when older than its sources (serve)
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const rendererDir = join(root, 'dist', 'renderer');

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.test.ts')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** True when dist/renderer is missing or older than renderer/ or core/. */
export function rendererIsStale() {
  const out = join(rendererDir, 'main.js');
  if (!existsSync(out) || !existsSync(join(rendererDir, 'index.html'))) return true;
  const built = statSync(out).mtimeMs;
  return newestMtime(join(root, 'renderer')) > built || newestMtime(join(root, 'core')) > built;
}

export async function buildRenderer({ ifStale = false, quiet = false } = {}) {
  if (ifStale && !rendererIsStale()) return false;
  mkdirSync(rendererDir, { recursive: true });
  await build({
    entryPoints: { main: join(root, 'renderer', 'main.tsx') },
    outdir: rendererDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    minify: true,
    sourcemap: false,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'css' },
    logLevel: quiet ? 'error' : 'warning',
  });
  copyFileSync(join(root, 'renderer', 'index.html'), join(rendererDir, 'index.html'));
  if (!quiet) console.error(`built ${rendererDir}`);
  return true;
}

export async function buildElectron({ quiet = false } = {}) {
  const outdir = join(root, 'dist', 'electron');
  const common = { bundle: true, platform: 'node', format: 'cjs', target: ['node20'], external: ['electron', '@tensorflow/*', 'tsx', 'esbuild'], logLevel: quiet ? 'error' : 'warning' };
  await build({ ...common, entryPoints: [join(root, 'electron', 'main.ts')], outfile: join(outdir, 'main.cjs') });
  // The sandboxed preload may require only 'electron'; everything else is bundled in.
  await build({ ...common, entryPoints: [join(root, 'electron', 'preload.ts')], outfile: join(outdir, 'preload.cjs'), external: ['electron'] });
  if (!quiet) console.error(`built ${outdir}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const ifStale = args.includes('--if-stale');
  await buildRenderer({ ifStale });
  if (!ifStale || args.includes('--electron')) await buildElectron();
}

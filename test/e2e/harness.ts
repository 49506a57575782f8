/**
 * End-to-end harness: builds the renderer when stale, starts the browser-mode host in-process
 * (engine host + HTTP server with a fresh config folder) and a headless Chromium page on it.
 * `skipReason()` says why e2e tests cannot run here (no Chromium, no playwright-core).
 */
import { after, before } from 'node:test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startEditorServer, type EditorServer } from '../../cli/editor-host/server.ts';
import { cliHost } from '../../cli/registry.ts';
import type { EngineHost } from '../../engine/host.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = process.env.BANDWIRE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function skipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (install chromium or set BANDWIRE_CHROMIUM)`;
  if (!existsSync(join(ROOT, 'node_modules', 'playwright-core'))) return 'playwright-core is not installed';
  return undefined;
}

/** Builds dist/renderer if stale; a lock folder keeps concurrent test files from building at once. */
export function buildRenderer(): void {
  const lock = join(tmpdir(), 'bandwire-renderer-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      spawnSync('sleep', ['0.2']);
    }
  }
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-renderer.mjs'), '--if-stale'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('renderer build failed');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface EditorSession {
  host: EngineHost;
  server: EditorServer;
  browser: Browser;
  page: Page;
  /** A scratch folder for graphs and outputs. */
  work: string;
  /** Messages the page printed as errors (uncaught exceptions, console.error). */
  pageErrors: string[];
  openPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Show the browser window (needs a display, e.g. Xvfb). */
  headed?: boolean;
  viewport?: { width: number; height: number };
}

export async function startSession(options: SessionOptions = {}): Promise<EditorSession> {
  buildRenderer();
  const { chromium } = await import('playwright-core');
  const work = mkdtempSync(join(tmpdir(), 'bandwire-e2e-'));
  // A fresh on-disk cache, so runs compute (status `done`) instead of reusing earlier results.
  process.env.BANDWIRE_CACHE_DIR = join(work, 'cache');
  const host = await cliHost(process.env, ROOT);
  const server = await startEditorServer({
    host,
    rendererDir: join(ROOT, 'dist', 'renderer'),
    configDir: join(work, 'config'),
    examplesDir: join(ROOT, 'graphs', 'examples'),
    cwd: work,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: !options.headed });
  const pageErrors: string[] = [];
  const openPage = async () => {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    page.on('dialog', (d) => void d.accept());
    await page.goto(server.url);
    await page.locator('[data-node-type]').first().waitFor({ timeout: 20_000 });
    return page;
  };
  const page = await openPage();
  return {
    host, server, browser, page, work, pageErrors, openPage,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      await host.dispose();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * One editor session shared by the tests of a file: started before them, closed after them, and skipped with
 * a printed reason when Chromium is missing (or `otherwise` gives a reason). `session` forwards to the
 * started session, so tests destructure it as usual (`const { page, work } = session`).
 */
export function sharedSession(name: string, options: SessionOptions = {}, otherwise?: string): { skip: string | undefined; session: EditorSession } {
  const skip = skipReason() ?? otherwise;
  if (skip) console.log(`# skipping ${name} e2e tests: ${skip}`);
  let current: EditorSession | undefined;
  before(async () => {
    if (!skip) current = await startSession(options);
  });
  after(async () => {
    await current?.close();
  });
  const session = new Proxy({} as EditorSession, { get: (_target, key) => Reflect.get(current ?? {}, key) });
  return { skip, session };
}

/** Opens `path` through the editor's Open dialog (browser mode: the path field). */
export async function openFile(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByLabel('File path').fill(path);
  await page.getByRole('button', { name: 'Open file' }).click();
}

/**
 * Selects node `id` by clicking its title, and waits until the inspector shows it. Under load a click can
 * land while the canvas still moves (fit view on open), so it is retried.
 */
export async function selectNode(page: Page, id: string): Promise<void> {
  const shown = page.getByLabel('Inspector').getByText(new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · `));
  for (let attempt = 1; ; attempt++) {
    await page.locator(`.react-flow__node[data-id="${id}"] .bw-node-title`).click();
    try {
      await shown.waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** Drags a palette item onto the canvas at (x, y) relative to the canvas' top-left corner. */
export async function dragFromPalette(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.locator(`[data-node-type="${type}"]`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drags from an output handle to an input handle (ends are `node.port`). */
export async function connectHandles(page: Page, from: string, to: string): Promise<void> {
  const [fromNode, fromPort] = from.split('.');
  const [toNode, toPort] = to.split('.');
  const source = page.locator(`.react-flow__node[data-id="${fromNode}"] .react-flow__handle.source[data-handleid="${fromPort}"]`);
  const target = page.locator(`.react-flow__node[data-id="${toNode}"] .react-flow__handle.target[data-handleid="${toPort}"]`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

export async function documentOf(page: Page): Promise<{ nodes: { id: string; type: string; params?: Record<string, unknown> }[]; edges: { from: string; to: string }[]; [k: string]: unknown }> {
  return page.evaluate(() => window.bandwireDocument!());
}

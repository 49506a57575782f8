/**
 * Opens the editor URL in the system Chromium/Chrome as an app window (`--app=URL`) with a fresh
 * profile, so no extensions, sync or other tabs share the page. Returns undefined when no
 * browser is found (the caller prints the URL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env.BANDWIRE_BROWSER && executable(env.BANDWIRE_BROWSER)) return env.BANDWIRE_BROWSER;
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) if (executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Chromium's command line. As root (containers, CI machines) Chromium refuses to start without
 * `--no-sandbox` ("Running as root without --no-sandbox is not supported"), so it is added there
 * only; the page is the local editor behind a per-session token.
 */
export function browserArgs(url: string, profileDir: string, root = process.getuid?.() === 0): string[] {
  return [
    `--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--no-default-browser-check', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // the Electron window's size (electron/main.ts); Chromium's app-mode default left the canvas about 430 px wide
    '--window-size=1400,900',
    // --test-type keeps Chromium's "unsupported command-line flag" bar from covering the toolbar.
    ...(root ? ['--no-sandbox', '--test-type'] : []),
  ];
}

export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): ChildProcess | undefined {
  const browser = findBrowser(env);
  if (!browser) return undefined;
  const profile = mkdtempSync(join(tmpdir(), 'bandwire-browser-'));
  return spawn(browser, browserArgs(url, profile), { stdio: 'ignore' });
}

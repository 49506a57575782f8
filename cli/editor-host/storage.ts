/**
 * The editor's per-user files in its config folder: recent graph files and the recovery
 * autosave. Folder: $BANDWIRE_CONFIG_DIR, else $XDG_CONFIG_HOME/bandwire, else ~/.config/bandwire
 * (%APPDATA%\bandwire on Windows).
 */
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const RECENT_LIMIT = 10;

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BANDWIRE_CONFIG_DIR) return env.BANDWIRE_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'bandwire');
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'bandwire');
  return join(homedir(), '.config', 'bandwire');
}

/** Thrown by writeTextAtomic with `overwrite: false` when `path` exists (code 'EEXIST'). */
export class FileExistsError extends Error {
  readonly code = 'EEXIST';
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

/**
 * Writes `text` to a temporary file beside `path`, then moves it to `path`. With `overwrite: false`
 * an existing `path` is never replaced: the temporary file is hard-linked to `path`, which fails
 * atomically when `path` exists (FileExistsError); on file systems without hard links it checks
 * first and renames. Missing parent folders are created only with `createFolder` (config files, not user saves).
 */
export async function writeTextAtomic(path: string, text: string, options: { overwrite?: boolean; createFolder?: boolean } = {}): Promise<void> {
  if (options.createFolder) await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    if (options.overwrite === false) await placeNew(temp, path);
    else await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

async function placeNew(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
  }
  if (await stat(path).then(() => true, () => false)) throw new FileExistsError(path);
  await rename(temp, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export interface RecoveryRecord {
  doc: unknown;
  path?: string;
  savedAt: string;
}

export class EditorStorage {
  constructor(readonly dir: string) {}

  async recentFiles(): Promise<string[]> {
    const list = await readJson<unknown>(join(this.dir, 'recent.json'));
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  }

  async addRecent(path: string): Promise<void> {
    const list = [path, ...(await this.recentFiles()).filter((p) => p !== path)].slice(0, RECENT_LIMIT);
    await writeTextAtomic(join(this.dir, 'recent.json'), JSON.stringify(list, null, 2), { createFolder: true });
  }

  async saveRecovery(doc: unknown, path?: string): Promise<void> {
    const record: RecoveryRecord = { doc, path, savedAt: new Date().toISOString() };
    await writeTextAtomic(join(this.dir, 'recovery.json'), JSON.stringify(record), { createFolder: true });
  }

  async loadRecovery(): Promise<RecoveryRecord | undefined> {
    return readJson<RecoveryRecord>(join(this.dir, 'recovery.json'));
  }

  async clearRecovery(): Promise<void> {
    await rm(join(this.dir, 'recovery.json'), { force: true });
  }
}

/**
 * The editor's per-user files in its config folder: recent graph files and the recovery
 * autosave. Folder: $BANDWIRE_CONFIG_DIR, else $XDG_CONFIG_HOME/bandwire, else ~/.config/bandwire
 * (%APPDATA%\bandwire on Windows).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const RECENT_LIMIT = 10;

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BANDWIRE_CONFIG_DIR) return env.BANDWIRE_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'bandwire');
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'bandwire');
  return join(homedir(), '.config', 'bandwire');
}

/** Writes `text` to a temporary file beside `path`, then renames it over `path`. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
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
    await writeTextAtomic(join(this.dir, 'recent.json'), JSON.stringify(list, null, 2));
  }

  async saveRecovery(doc: unknown, path?: string): Promise<void> {
    const record: RecoveryRecord = { doc, path, savedAt: new Date().toISOString() };
    await writeTextAtomic(join(this.dir, 'recovery.json'), JSON.stringify(record));
  }

  async loadRecovery(): Promise<RecoveryRecord | undefined> {
    return readJson<RecoveryRecord>(join(this.dir, 'recovery.json'));
  }

  async clearRecovery(): Promise<void> {
    await rm(join(this.dir, 'recovery.json'), { force: true });
  }
}

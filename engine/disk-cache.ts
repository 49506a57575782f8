/**
 * On-disk cache of node outputs in the user's cache folder ($BANDWIRE_CACHE_DIR, else
 * $XDG_CACHE_HOME/bandwire, else ~/.cache/bandwire). One file per cache key, written
 * atomically (temp + rename); bounded in size (default 2 GiB, least-recently-used evicted,
 * recency = file mtime, refreshed on every hit). Safe to delete at any time: missing or
 * corrupt entries are ignored and treated as misses.
 */
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CacheEntry } from './memory-cache.ts';
import { decodeValue, encodeValue } from './value-codec.ts';

export const DEFAULT_DISK_CACHE_BYTES = 2 * 1024 ** 3;

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BANDWIRE_CACHE_DIR) return env.BANDWIRE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'bandwire');
  return join(homedir(), '.cache', 'bandwire');
}

export interface DiskCacheOptions {
  dir?: string;
  /** Size bound in bytes (env BANDWIRE_CACHE_MAX_BYTES overrides the default). */
  maxBytes?: number;
}

const SUFFIX = '.bwc';

export class DiskCache {
  readonly dir: string;
  readonly maxBytes: number;
  private evicting: Promise<void> | undefined;

  constructor(options: DiskCacheOptions = {}) {
    this.dir = options.dir ?? defaultCacheDir();
    const fromEnv = Number(process.env.BANDWIRE_CACHE_MAX_BYTES);
    this.maxBytes = options.maxBytes ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_DISK_CACHE_BYTES);
  }

  private file(key: string): string {
    return join(this.dir, key + SUFFIX);
  }

  /** The entry for `key`, or undefined when absent, unreadable or corrupt. */
  async get(key: string): Promise<CacheEntry | undefined> {
    const path = this.file(key);
    try {
      const entry = decodeValue(await readFile(path)) as CacheEntry;
      if (!entry || typeof entry !== 'object' || typeof entry.outputs !== 'object' || !Array.isArray(entry.files)) return undefined;
      const now = new Date();
      await utimes(path, now, now).catch(() => {});
      return entry;
    } catch {
      return undefined;
    }
  }

  /** Stores an entry; failures (full disk, read-only folder) only lose the cache entry. */
  async set(key: string, entry: CacheEntry): Promise<void> {
    try {
      const bytes = encodeValue(entry);
      if (bytes.length > this.maxBytes / 2) return; // one value may not flush the whole cache
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `.${key}.${randomBytes(4).toString('hex')}.partial`);
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, this.file(key));
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      this.evicting ??= this.evict().finally(() => (this.evicting = undefined));
      await this.evicting;
    } catch {
      // The cache is an optimisation; a failed write is not a run failure.
    }
  }

  /** Deletes least-recently-used entries until the folder is within `maxBytes`. */
  async evict(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const files: { path: string; size: number; used: number }[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.endsWith('.partial')) {
        // Left by a process killed mid-write; an hour old means nobody is still writing it.
        const st = await stat(path).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > 3600_000) await rm(path, { force: true });
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      try {
        const st = await stat(path);
        files.push({ path, size: st.size, used: st.mtimeMs });
      } catch {
        // deleted meanwhile
      }
    }
    let total = files.reduce((s, f) => s + f.size, 0);
    files.sort((a, b) => a.used - b.used);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      await rm(f.path, { force: true });
      total -= f.size;
    }
  }
}

/**
 * In-memory cache: cache key → a node's outputs (or, for sink nodes, the files it wrote).
 * Least-recently-used entries are evicted once the typed-array bytes held exceed `maxBytes`.
 */
import type { NodeOutputs } from '../core/node-def.ts';
import { valueBytes } from './value-codec.ts';

/** A file a sink node wrote, with what identifies its content (bytes, ms since epoch). */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface CacheEntry {
  outputs: NodeOutputs;
  /** Files written by the node; the entry is only valid while they are unchanged. */
  files: FileStamp[];
}

export class MemoryCache {
  private readonly entries = new Map<string, { entry: CacheEntry; bytes: number }>();
  private bytes = 0;
  constructor(readonly maxBytes = 1024 ** 3) {}

  get(key: string): CacheEntry | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Re-insert: Map iteration order is insertion order, so the first entry is the least recent.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.entry;
  }

  set(key: string, entry: CacheEntry): void {
    this.delete(key);
    const bytes = valueBytes(entry.outputs);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { entry, bytes });
    this.bytes += bytes;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.bytes;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}

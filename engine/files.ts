/**
 * NodeFiles on the real file system: path resolution against the graph's folder / `--out`,
 * random-access reads, and atomic writes (temp file beside the target, then rename) that
 * never overwrite silently.
 */
import { open, readFile, rename, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BandwireError } from '../core/errors.ts';
import type { NodeFiles, RandomAccessFile } from '../core/node-def.ts';

export interface FilesOptions {
  baseDir: string;
  outDir?: string;
  /** Called with every file a node wrote. */
  onWrite?: (absPath: string) => void;
  /** Node id for messages. */
  node?: string;
  /** Called when a temporary file is created (live true) and when it is renamed or removed (false), so a host can delete leftovers after killing a worker. */
  onTempFile?: (tmpPath: string, live: boolean) => void;
}

export function createNodeFiles(opts: FilesOptions): NodeFiles {
  const culprit = { node: opts.node };
  return {
    resolveInput: (p) => (isAbsolute(p) ? p : resolve(opts.baseDir, p)),
    resolveOutput: (p) => (isAbsolute(p) ? p : resolve(opts.outDir ?? opts.baseDir, p)),
    async readFile(p) {
      try {
        return new Uint8Array(await readFile(p));
      } catch (e) {
        throw fileError(e, p, culprit);
      }
    },
    async open(p): Promise<RandomAccessFile> {
      let fh;
      try {
        fh = await open(p, 'r');
      } catch (e) {
        throw fileError(e, p, culprit);
      }
      const size = (await fh.stat()).size;
      return {
        path: p,
        size,
        async read(offset, length) {
          const buf = new Uint8Array(length);
          let got = 0;
          while (got < length) {
            const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
          if (got < length) {
            throw new BandwireError('FILE_FORMAT', `${p}: file is truncated (wanted ${length} bytes at offset ${offset}, file has ${size})`, { ...culprit, file: p });
          }
          return buf;
        },
        close: () => fh.close(),
      };
    },
    async exists(p) {
      try {
        await stat(p);
        return true;
      } catch {
        return false;
      }
    },
    async writeAtomic(p, data, { overwrite }) {
      if ((await stat(p).catch(() => undefined))?.isDirectory()) {
        throw new BandwireError('FILE_WRITE', `${p} is a folder: give the path of a file to write`, { ...culprit, file: p, param: 'path' });
      }
      if (!overwrite && (await this.exists(p))) {
        throw new BandwireError('FILE_EXISTS', `${p} already exists; set overwrite: true to replace it`, { ...culprit, file: p, param: 'overwrite' });
      }
      const folder = dirname(p);
      await makeFolder(folder, p, culprit);
      const tmp = join(folder, `.${basename(p)}.${randomBytes(4).toString('hex')}.partial`);
      opts.onTempFile?.(tmp, true);
      try {
        if (typeof data === 'function') await data(tmp);
        else await writeFile(tmp, data);
        await rename(tmp, p);
        opts.onTempFile?.(tmp, false);
      } catch (e) {
        await rm(tmp, { force: true });
        opts.onTempFile?.(tmp, false);
        if (e instanceof BandwireError) throw e;
        if ((e as Error).name === 'CancelledError') throw e;
        throw writeError(e, p, tmp, culprit);
      }
      opts.onWrite?.(p);
    },
  };
}

/** What an errno code means for a writer, in words; the code itself follows in brackets. */
const WRITE_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'the target is a folder',
  ENAMETOOLONG: 'the file name is too long',
  EXDEV: 'the temporary file and the target are on different devices',
};

/**
 * The reason of a file-system error without the paths Node appends ("ENOENT: no such file ..., open '/x'");
 * `folder` is where the new entry was to be made.
 */
function reasonOf(e: unknown, folder: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${folder} does not accept new entries or was removed (ENOENT)`;
  if (code && WRITE_REASONS[code]) return `${WRITE_REASONS[code]} (${code})`;
  return (e as Error).message.replace(/,\s*\w+\s+'[^']*'(\s*->\s*'[^']*')?\s*$/, '');
}

/**
 * Creates `folder` and its missing parents one level at a time (Node's recursive mkdir loops forever where a
 * file system refuses new entries with ENOENT, e.g. under /proc). Errors name the target and the folder.
 */
async function makeFolder(folder: string, target: string, culprit: { node?: string }): Promise<void> {
  const missing: string[] = [];
  for (let at = folder; ; at = dirname(at)) {
    const found = await stat(at).catch(() => undefined);
    if (found) {
      if (!found.isDirectory()) throw new BandwireError('FILE_WRITE', `cannot write ${target}: ${at} is a file, not a folder`, { ...culprit, file: target, param: 'path' });
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing) {
    try {
      await mkdir(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new BandwireError('FILE_WRITE', `cannot write ${target}: cannot create the folder ${at}: ${reasonOf(e, dirname(at))}`, { ...culprit, file: target, param: 'path' });
    }
  }
}

/** A failed temp-file write or rename, told in terms of the target and its folder (never the temp name). */
function writeError(e: unknown, target: string, tmp: string, culprit: { node?: string }): BandwireError {
  const file = { ...culprit, file: target };
  if (typeof (e as NodeJS.ErrnoException).code !== 'string') {
    return new BandwireError('FILE_WRITE', `could not write ${target}: ${(e as Error).message.split(tmp).join(target)}`, file);
  }
  if ((e as NodeJS.ErrnoException).code === 'EISDIR') return new BandwireError('FILE_WRITE', `${target} is a folder: give the path of a file to write`, { ...file, param: 'path' });
  return new BandwireError('FILE_WRITE', `cannot write ${target}: cannot write in ${dirname(target)}: ${reasonOf(e, dirname(target))}`, { ...file, param: 'path' });
}

function fileError(e: unknown, p: string, culprit: { node?: string }): BandwireError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BandwireError('FILE_NOT_FOUND', `${p}: no such file`, { ...culprit, file: p });
  if (code === 'EISDIR') return new BandwireError('FILE_FORMAT', `${p} is a folder, not a file`, { ...culprit, file: p });
  return new BandwireError('FILE_FORMAT', `${p}: ${(e as Error).message}`, { ...culprit, file: p });
}

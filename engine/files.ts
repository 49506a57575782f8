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
      if (!overwrite && (await this.exists(p))) {
        throw new BandwireError('FILE_EXISTS', `${p} already exists; set overwrite: true to replace it`, { ...culprit, file: p, param: 'overwrite' });
      }
      await mkdir(dirname(p), { recursive: true });
      const tmp = join(dirname(p), `.${basename(p)}.${randomBytes(4).toString('hex')}.partial`);
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
        throw new BandwireError('FILE_WRITE', `could not write ${p}: ${(e as Error).message}`, { ...culprit, file: p });
      }
      opts.onWrite?.(p);
    },
  };
}

function fileError(e: unknown, p: string, culprit: { node?: string }): BandwireError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BandwireError('FILE_NOT_FOUND', `${p}: no such file`, { ...culprit, file: p });
  if (code === 'EISDIR') return new BandwireError('FILE_FORMAT', `${p} is a folder, not a file`, { ...culprit, file: p });
  return new BandwireError('FILE_FORMAT', `${p}: ${(e as Error).message}`, { ...culprit, file: p });
}

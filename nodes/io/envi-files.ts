/** The two files of an ENVI writer (data + .hdr), shared by io.write and io.writeSpectra. */
import { BandwireError } from '../../core/errors.ts';
import type { NodeContext } from '../../core/node-def.ts';

/** FILE_EXISTS naming the first of `paths` that exists (checked before anything is written). */
export async function refuseExisting(paths: string[], ctx: NodeContext): Promise<void> {
  for (const p of paths) {
    if (await ctx.files.exists(p)) throw new BandwireError('FILE_EXISTS', `${p} already exists; set overwrite: true to replace it`, { node: ctx.nodeId, param: 'overwrite', file: p });
  }
}

/** Writes the data file, then the header (each atomically), so a header never names a missing data file. */
export async function writeEnviFiles(ctx: NodeContext, dataPath: string, data: Uint8Array, headerPath: string, header: string, overwrite: boolean): Promise<void> {
  await ctx.files.writeAtomic(dataPath, data, { overwrite });
  ctx.progress(0.9, 'header');
  await ctx.files.writeAtomic(headerPath, header, { overwrite });
}

/**
 * The `listFolder` channel's work: one folder's entries for the editor's folder browser (browser
 * mode has no native file dialog). Folders first, then files, each by name (case-insensitive,
 * numbers in order: 'b2' before 'b10'); dot entries left out; at most LIST_FOLDER_LIMIT entries.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IpcError, LIST_FOLDER_LIMIT, type FolderEntry, type ListFolderResponse } from '../../core/ipc.ts';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byName = (a: FolderEntry, b: FolderEntry) =>
  Number(b.folder) - Number(a.folder) || collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Turns a file system error on `folder` into an IpcError naming the folder and the problem. */
export function folderError(folder: string, error: unknown): IpcError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new IpcError(`folder ${folder} does not exist`, 404);
  if (code === 'ENOTDIR') return new IpcError(`${folder} is a file, not a folder`, 400);
  if (code === 'EACCES' || code === 'EPERM') return new IpcError(`cannot read folder ${folder}: permission denied`, 403);
  return new IpcError(`cannot list folder ${folder}: ${(error as Error).message}`, 400);
}

/** Lists the absolute folder `folder`; `limit` caps the entries returned (the rest are counted in `omitted`). */
export async function listFolder(folder: string, limit = LIST_FOLDER_LIMIT): Promise<ListFolderResponse> {
  let dirents;
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (e) {
    throw folderError(folder, e);
  }
  const visible = dirents.filter((d) => !d.name.startsWith('.'));
  // A symbolic link counts as what it points to (stat below); a broken one as a file without size.
  const entries: FolderEntry[] = visible.map((d) => ({ name: d.name, folder: d.isDirectory() }));
  const links = visible.map((d, i) => (d.isSymbolicLink() ? i : -1)).filter((i) => i >= 0);
  await Promise.all(links.map(async (i) => {
    entries[i].folder = (await stat(join(folder, entries[i].name)).catch(() => undefined))?.isDirectory() ?? false;
  }));
  entries.sort(byName);
  const kept = entries.slice(0, limit);
  await Promise.all(kept.map(async (entry) => {
    if (entry.folder) return;
    const info = await stat(join(folder, entry.name)).catch(() => undefined);
    if (info?.isFile()) entry.size = info.size;
  }));
  const parent = dirname(folder);
  return {
    path: folder,
    ...(parent !== folder ? { parent } : {}),
    entries: kept,
    ...(entries.length > kept.length ? { omitted: entries.length - kept.length } : {}),
  };
}

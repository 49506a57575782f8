/**
 * Path text helpers for the folder browser (the page has no node:path). Paths are the host's:
 * POSIX ('/data/a.hdr') or Windows ('C:\data\a.hdr'); the host resolves '..' and relative parts.
 */

/** True for '/x', '\\server\x' and 'C:\x' (or 'C:/x'). */
export function isAbsolutePath(text: string): boolean {
  return text.startsWith('/') || text.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(text);
}

/** The separator a host path uses: '\' for a Windows path without '/', else '/'. */
function separatorOf(path: string): string {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

/** `text` resolved against the absolute `folder` (absolute text stays as it is; empty text = the folder). */
export function joinPath(folder: string, text: string): string {
  if (text === '') return folder;
  if (isAbsolutePath(text)) return text;
  const separator = separatorOf(folder);
  return folder.endsWith('/') || folder.endsWith('\\') ? folder + text : folder + separator + text;
}

/** The folder part of a path ('' for a bare name; '/' for a file at the root). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '';
  return cut === 0 ? path.slice(0, 1) : /^[A-Za-z]:$/.test(path.slice(0, cut)) ? path.slice(0, cut + 1) : path.slice(0, cut);
}

/** The last part of a path (its file name). */
export function nameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** Whether `name` ends with one of `extensions` (without dots, any case); no list = every name fits. */
export function hasExtension(name: string, extensions?: string[]): boolean {
  if (!extensions?.length) return true;
  const lower = name.toLowerCase();
  return extensions.some((extension) => lower.endsWith(`.${extension.toLowerCase()}`));
}

/** File size for a listing: '812 B', '4.2 KB', '1.6 GB' (1 KB = 1024 B). */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

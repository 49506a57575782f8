/**
 * Minimal glob for `--batch`: `*` and `?` within one path segment, `**` for any depth.
 * Returns absolute paths of matching files, sorted.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

function segmentRegExp(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

export function glob(pattern: string, cwd: string): string[] {
  const abs = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  const parts = abs.split(sep);
  let fixed = parts[0] === '' ? sep : parts[0];
  let i = 1;
  while (i < parts.length && !/[*?]/.test(parts[i])) fixed = join(fixed, parts[i++]);
  if (i === parts.length) return isFile(fixed) ? [fixed] : [];
  const out: string[] = [];
  walk(fixed, parts.slice(i), out);
  return [...new Set(out)].sort();
}

function walk(dir: string, rest: string[], out: string[]): void {
  const [head, ...tail] = rest;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  if (head === '**') {
    walk(dir, tail, out);
    for (const n of names) if (!n.startsWith('.') && isDir(join(dir, n))) walk(join(dir, n), rest, out);
    return;
  }
  const re = segmentRegExp(head);
  for (const n of names) {
    if (!re.test(n)) continue;
    const p = join(dir, n);
    if (tail.length === 0) {
      if (isFile(p)) out.push(p);
    } else if (isDir(p)) walk(p, tail, out);
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

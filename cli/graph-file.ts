/** Reads a graph file for the CLI: parse + migrate, with the folder relative paths resolve against. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../core/errors.ts';
import { parseGraph, type GraphDoc } from '../core/graph.ts';

export interface GraphFile {
  path: string;
  baseDir: string;
  doc?: GraphDoc;
  diagnostics: Diagnostic[];
}

export async function readGraphFile(path: string, cwd: string): Promise<GraphFile> {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    return { path: abs, baseDir: dirname(abs), diagnostics: [{ code: 'FILE_NOT_FOUND', severity: 'error', message: `${abs}: ${why}`, file: abs }] };
  }
  const { doc, diagnostics } = parseGraph(text, abs);
  return { path: abs, baseDir: dirname(abs), doc, diagnostics };
}

/** One line per problem: `error [CODE] message`. */
export function formatDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity} [${d.code}] ${d.message}`).join('\n') + '\n';
}

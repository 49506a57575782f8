/** What a CLI command may touch: streams and the environment (so tests can capture them). */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** Exit codes of CONTRACT §1. */
export const EXIT = { ok: 0, nodeFailed: 1, invalid: 2 } as const;

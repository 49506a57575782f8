/** Events streamed by a run (engine → host → CLI/editor) and the run summary of CONTRACT §1. */
import type { Diagnostic } from './errors.ts';

export type NodeStatus = 'idle' | 'queued' | 'running' | 'done' | 'cached' | 'error' | 'skipped' | 'cancelled';

export type RunEvent =
  | { type: 'started'; runId: string; nodes: string[]; backend: string }
  | { type: 'queued'; node: string }
  | { type: 'running'; node: string; progress: number; message?: string; series?: Record<string, number>; step?: number }
  | { type: 'done'; node: string; ms: number }
  | { type: 'cached'; node: string }
  | { type: 'error'; node: string; error: string; code?: string }
  | { type: 'skipped'; node: string; reason: string }
  /** `partial`: the node kept partial outputs (ctx.keepPartial), published as its last outputs, never cached. */
  | { type: 'cancelled'; node: string; partial?: true }
  | { type: 'log'; node?: string; message: string }
  /** `cached`: the writer was cached, so the file was kept as it was, not written again. */
  | { type: 'output'; node: string; path: string; cached?: true }
  | { type: 'finished'; summary: RunSummary };

export interface NodeRunRecord {
  type: string;
  status: 'done' | 'cached' | 'error' | 'skipped' | 'cancelled';
  ms?: number;
  error?: string;
  /** A cancelled node that left partial outputs (ctx.keepPartial). */
  partial?: true;
  /** Why a node was skipped (an upstream node failed or did not run; the run was cancelled). */
  reason?: string;
}

/** `bandwire run --json` output (CONTRACT §1). */
export interface RunSummary {
  ok: boolean;
  backend: string;
  nodes: Record<string, NodeRunRecord>;
  metrics: Record<string, Record<string, number>>;
  /** Units of metrics that have one (e.g. `{ "m": { "SAM": "deg" } }`); absent when none has. */
  units?: Record<string, Record<string, string>>;
  outputs: string[];
  /** The part of `outputs` kept from an earlier run (their writer was cached, the files are unchanged). */
  kept?: string[];
  /** What nodes logged (warnings such as a regularised covariance, a resampled target); absent when nothing. */
  log?: { node?: string; message: string }[];
  cancelled?: boolean;
  diagnostics?: Diagnostic[];
}

/** How a run reports a file of its outputs: written now, or kept from an earlier run by a cached writer. */
export function outputLine(path: string, cached?: boolean): string {
  return cached ? `kept ${path} (unchanged, writer cached)` : `wrote ${path}`;
}

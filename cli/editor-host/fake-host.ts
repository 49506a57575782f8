/** A scripted EngineHostApi for host-side tests without a worker: fixed outputs and a run that waits to be released or cancelled. */
import type { RunEvent, RunSummary } from '../../core/events.ts';
import type { Diagnostic } from '../../core/errors.ts';
import type { GraphDoc } from '../../core/graph.ts';
import type { NodeInfo } from '../../core/node-def.ts';
import type { Value } from '../../core/values.ts';
import type { EngineHostApi, RunHandle, RunOptions } from '../../engine/host-api.ts';

export interface FakeHost extends EngineHostApi {
  outputs: Map<string, Value>;
  runs: { doc: GraphDoc; options: RunOptions }[];
  /** Ends the current run normally. */
  finish(): void;
}

export function createFakeHost(catalogue: NodeInfo[] = [], diagnostics: (doc: GraphDoc) => Diagnostic[] = () => []): FakeHost {
  const outputs = new Map<string, Value>();
  const runs: FakeHost['runs'] = [];
  let end: ((cancelled: boolean) => void) | undefined;
  return {
    outputs,
    runs,
    finish: () => end?.(false),
    catalogue: () => catalogue,
    validate: diagnostics,
    checkInputFiles: async () => [],
    run(doc, options, onEvent: (e: RunEvent) => void): RunHandle {
      runs.push({ doc, options });
      const runId = `run-${runs.length}`;
      onEvent({ type: 'started', runId, nodes: doc.nodes.map((n) => n.id), backend: 'fake' });
      const done = new Promise<RunSummary>((resolve) => {
        end = (cancelled) => {
          const summary: RunSummary = { ok: !cancelled, backend: 'fake', nodes: {}, metrics: {}, outputs: [], cancelled };
          onEvent({ type: 'finished', summary });
          end = undefined;
          resolve(summary);
        };
      });
      return { runId, done, cancel: () => end?.(true) };
    },
    async getOutput(node, port) {
      return outputs.get(`${node}.${port}`);
    },
    async runtimeInfo() {
      return { backend: 'fake', reason: 'test', threads: 1, versions: {} };
    },
    async dispose() {},
  };
}

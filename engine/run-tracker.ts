/**
 * Host-side view of one run: forwards events and remembers node states, so that when the
 * worker has to be terminated (stuck node) or crashes, the run still ends with a summary in
 * which finished nodes keep their status, running ones are `cancelled` and the rest `skipped`.
 */
import type { GraphDoc } from '../core/graph.ts';
import type { NodeRunRecord, RunEvent, RunSummary } from '../core/events.ts';

export class RunTracker {
  readonly done: Promise<RunSummary>;
  settled = false;
  private resolve!: (s: RunSummary) => void;
  private readonly records: Record<string, NodeRunRecord> = {};
  private readonly running = new Set<string>();
  private readonly outputs: string[] = [];
  private readonly types = new Map<string, string>();
  private planned: string[] = [];
  private backend = 'unknown';

  constructor(doc: GraphDoc, private readonly onEvent: (e: RunEvent) => void) {
    for (const n of doc.nodes ?? []) this.types.set(n.id, n.type);
    this.done = new Promise((r) => (this.resolve = r));
  }

  event(e: RunEvent): void {
    if (this.settled) return;
    const type = (node: string) => this.types.get(node) ?? 'unknown';
    switch (e.type) {
      case 'started':
        this.planned = e.nodes;
        this.backend = e.backend;
        break;
      case 'running':
        this.running.add(e.node);
        break;
      case 'done':
        this.running.delete(e.node);
        this.records[e.node] = { type: type(e.node), status: 'done', ms: e.ms };
        break;
      case 'cached':
        this.records[e.node] = { type: type(e.node), status: 'cached' };
        break;
      case 'error':
        this.running.delete(e.node);
        this.records[e.node] = { type: type(e.node), status: 'error', error: e.error };
        break;
      case 'output':
        this.outputs.push(e.path);
        break;
    }
    this.forward(e);
    if (e.type === 'finished') this.finish(e.summary);
  }

  /** Ends the run without the worker: terminated after a cancel (`cancelled`) or crashed. */
  abandon(why: string, cancelled: boolean): void {
    if (this.settled) return;
    const nodes: Record<string, NodeRunRecord> = { ...this.records };
    for (const id of this.planned) {
      if (nodes[id]) continue;
      const type = this.types.get(id) ?? 'unknown';
      if (this.running.has(id)) {
        if (cancelled) {
          nodes[id] = { type, status: 'cancelled', error: why };
          this.forward({ type: 'cancelled', node: id });
        } else {
          nodes[id] = { type, status: 'error', error: why };
          this.forward({ type: 'error', node: id, error: why, code: 'NODE_FAILED' });
        }
      } else {
        nodes[id] = { type, status: 'skipped' };
        this.forward({ type: 'skipped', node: id, reason: why });
      }
    }
    const summary: RunSummary = { ok: false, backend: this.backend, nodes, metrics: {}, outputs: this.outputs };
    if (cancelled) summary.cancelled = true;
    this.forward({ type: 'log', message: why });
    this.forward({ type: 'finished', summary });
    this.finish(summary);
  }

  private forward(e: RunEvent): void {
    try {
      this.onEvent(e);
    } catch {
      // A listener's bug must not break the run bookkeeping.
    }
  }

  private finish(summary: RunSummary): void {
    this.settled = true;
    this.resolve(summary);
  }
}

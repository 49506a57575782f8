/** Per-node run status folded from run events (core/events.ts), plus the run log and live series. */
import type { NodeStatus, RunEvent, RunSummary } from '../core/events.ts';

export interface NodeRunState {
  status: NodeStatus;
  /** 0..1 while running. */
  progress?: number;
  message?: string;
  ms?: number;
  error?: string;
  /** Live series (e.g. loss) by name: [step, value] points. */
  series?: Record<string, [number, number][]>;
  /** Bumped on every done/cached (and a cancel that kept a partial result), so previews refetch. */
  revision: number;
  /** Cancelled, but the node kept its best result so far (e.g. PNN weights): previews show it. */
  partial?: boolean;
}

export interface RunState {
  running: boolean;
  runId?: string;
  nodes: Record<string, NodeRunState>;
  log: string[];
  summary?: RunSummary;
}

export const initialRunState: RunState = { running: false, nodes: {}, log: [] };

const LOG_LIMIT = 500;

export function reduceRun(state: RunState, event: RunEvent): RunState {
  const nodes = { ...state.nodes };
  const patch = (id: string, change: Partial<NodeRunState>) => {
    nodes[id] = Object.assign({ revision: 0, status: 'idle' as NodeStatus }, nodes[id], change);
  };
  let line: string | undefined;
  let { running, runId, summary } = state;
  switch (event.type) {
    case 'started':
      running = true;
      runId = event.runId;
      summary = undefined;
      for (const id of event.nodes) patch(id, { status: 'queued', progress: undefined, message: undefined, error: undefined, ms: undefined, series: undefined, partial: undefined });
      line = `run started (${event.nodes.length} nodes, ${event.backend})`;
      break;
    case 'queued':
      patch(event.node, { status: 'queued' });
      break;
    case 'running': {
      const series = { ...nodes[event.node]?.series };
      if (event.series) {
        const step = event.step ?? Object.values(series)[0]?.length ?? 0;
        for (const [name, value] of Object.entries(event.series)) series[name] = [...(series[name] ?? []), [step, value]];
      }
      patch(event.node, { status: 'running', progress: event.progress, message: event.message, series });
      break;
    }
    case 'done':
      patch(event.node, { status: 'done', progress: 1, ms: event.ms, message: undefined, revision: (nodes[event.node]?.revision ?? 0) + 1 });
      line = `${event.node}: done in ${event.ms.toFixed(0)} ms`;
      break;
    case 'cached':
      patch(event.node, { status: 'cached', message: undefined, revision: (nodes[event.node]?.revision ?? 0) + 1 });
      line = `${event.node}: cached`;
      break;
    case 'error':
      patch(event.node, { status: 'error', error: event.error, message: undefined });
      line = `${event.node}: error: ${event.error}`;
      break;
    case 'skipped':
      patch(event.node, { status: 'skipped', message: event.reason });
      line = `${event.node}: skipped (${event.reason})`;
      break;
    case 'cancelled':
      if (event.partial) {
        patch(event.node, { status: 'cancelled', partial: true, message: 'partial result kept', revision: (nodes[event.node]?.revision ?? 0) + 1 });
        line = `${event.node}: cancelled (partial result kept)`;
      } else {
        patch(event.node, { status: 'cancelled', message: undefined });
        line = `${event.node}: cancelled`;
      }
      break;
    case 'log':
      line = event.node ? `${event.node}: ${event.message}` : event.message;
      break;
    case 'output':
      line = `${event.node}: wrote ${event.path}`;
      break;
    case 'finished':
      running = false;
      summary = event.summary;
      for (const [id, n] of Object.entries(nodes)) if (n.status === 'queued' || n.status === 'running') patch(id, { status: event.summary.cancelled ? 'cancelled' : 'skipped' });
      line = event.summary.cancelled ? 'run cancelled' : event.summary.ok ? 'run finished' : 'run finished with errors';
      break;
  }
  const log = line ? [...state.log, `${new Date().toLocaleTimeString()}  ${line}`].slice(-LOG_LIMIT) : state.log;
  return { running, runId, summary, nodes, log };
}

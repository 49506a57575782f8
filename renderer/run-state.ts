/**
 * Per-node run status folded from run events (core/events.ts) and the editor's own run actions,
 * plus the run log and live series. Each result records the fingerprint (renderer/staleness.ts)
 * its node had in the document that was run, so results of an edited graph can be marked stale.
 */
import { outputLine, type NodeStatus, type RunEvent, type RunSummary } from '../core/events.ts';
import type { GraphDoc } from '../core/graph.ts';

export interface NodeRunState {
  status: NodeStatus;
  /** 0..1 while running. */
  progress?: number;
  message?: string;
  ms?: number;
  error?: string;
  /** The error's stable code (core/errors.ts), e.g. FILE_EXISTS for a writer that would replace a file. */
  code?: string;
  /** Live series (e.g. loss) by name: [step, value] points. */
  series?: Record<string, [number, number][]>;
  /** Changes on every done/cached (and a cancel that kept a partial result), so previews refetch. */
  revision: number;
  /** Cancelled, but the node kept its best result so far (e.g. PNN weights): previews show it. */
  partial?: boolean;
  /** The node's fingerprint in the document that produced this result or error. */
  fingerprint?: string;
}

export interface RunState {
  running: boolean;
  runId?: string;
  nodes: Record<string, NodeRunState>;
  log: string[];
  summary?: RunSummary;
  /** Fingerprints of the document submitted with the latest run, by node id. */
  runFingerprints?: Record<string, string>;
  /** The run in progress belongs to a document that was replaced: its events only end it. */
  detached?: boolean;
  /**
   * A run this editor did not submit (another window of the same host) is in progress: its events are
   * ignored until it ends (they carry node ids of another document). The host runs one graph at a time.
   */
  foreign?: boolean;
  /** Source of revisions: increases over the editor's whole life, across document loads. */
  serial: number;
}

/** Actions of the editor itself, beside the engine's run events. */
export type RunAction =
  | RunEvent
  /** The editor submits a run of a document with these node fingerprints. */
  | { type: 'submit'; fingerprints: Record<string, string> }
  /** The run request itself failed (e.g. another run is in progress). */
  | { type: 'rejected'; message: string }
  /** A document was loaded (open, new, recovery, example): forget every status and result. */
  | { type: 'reset'; label: string };

export const initialRunState: RunState = { running: false, nodes: {}, log: [], serial: 0 };

/** The log keeps the previous run's lines and the current run's, at most this many lines. */
const LOG_LIMIT = 1000;
/** First line of every run's section of the log. */
export const RUN_SEPARATOR = '──────── run ────────';

export function reduceRun(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'submit': {
      // Keep the previous run's section (from its separator on), then start a new one.
      const previous = state.log.lastIndexOf(RUN_SEPARATOR);
      const log = [...state.log.slice(Math.max(0, previous)), RUN_SEPARATOR].slice(-LOG_LIMIT);
      return { ...state, running: true, summary: undefined, runFingerprints: action.fingerprints, detached: false, log };
    }
    case 'rejected':
      return { ...state, running: false, log: appendLog(state.log, [`run refused: ${action.message}`]) };
    case 'reset':
      return {
        running: state.running,
        runId: state.runId,
        detached: state.running,
        foreign: state.foreign,
        nodes: {},
        serial: state.serial,
        log: appendLog(state.log, [`opened ${action.label}${state.running ? ' (the run in progress is cancelled)' : ''}`]),
      };
    default:
      if (state.foreign) return action.type === 'finished' ? { ...state, foreign: false, log: appendLog(state.log, ["another window's run ended"]) } : state;
      if (action.type === 'started' && !state.running) {
        return { ...state, foreign: true, log: appendLog(state.log, [`another window started a run (${action.nodes.length} nodes); its results show there, and Run here waits for it to end`]) };
      }
      if (state.detached) return reduceDetached(state, action);
      return reduceEvent(state, action);
  }
}

/** Events of a run whose document was replaced: no node statuses, only the end of the run. */
function reduceDetached(state: RunState, event: RunEvent): RunState {
  if (event.type !== 'finished') return state;
  return { ...state, running: false, detached: false, log: appendLog(state.log, [`previous document's run ended${event.summary.cancelled ? ' (cancelled)' : ''}`]) };
}

function reduceEvent(state: RunState, event: RunEvent): RunState {
  const nodes = { ...state.nodes };
  let serial = state.serial;
  const patch = (id: string, change: Partial<NodeRunState>) => {
    nodes[id] = Object.assign({ revision: 0, status: 'idle' as NodeStatus }, nodes[id], change);
  };
  /** A result (or error) arrived: record the run's fingerprint of the node. */
  const result = (id: string, change: Partial<NodeRunState>, newValue: boolean) =>
    patch(id, { ...change, fingerprint: state.runFingerprints?.[id], ...(newValue ? { revision: ++serial } : {}) });
  const lines: string[] = [];
  let { running, runId, summary } = state;
  switch (event.type) {
    case 'started':
      running = true;
      runId = event.runId;
      summary = undefined;
      // Nodes of this run forget their previous result's fingerprint: a node the run then skips or
      // cancels shows no result, so it is not judged stale either.
      for (const id of event.nodes) patch(id, { status: 'queued', progress: undefined, message: undefined, error: undefined, code: undefined, ms: undefined, series: undefined, partial: undefined, fingerprint: undefined });
      lines.push(`run started (${event.nodes.length} nodes, ${event.backend})`);
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
      result(event.node, { status: 'done', progress: 1, ms: event.ms, message: undefined }, true);
      lines.push(`${event.node}: done in ${event.ms.toFixed(0)} ms`);
      break;
    case 'cached':
      result(event.node, { status: 'cached', message: undefined }, true);
      lines.push(`${event.node}: cached`);
      break;
    case 'error':
      result(event.node, { status: 'error', error: event.error, code: event.code, message: undefined }, false);
      lines.push(`${event.node}: error: ${event.error}`);
      break;
    case 'skipped':
      patch(event.node, { status: 'skipped', message: event.reason });
      lines.push(`${event.node}: skipped (${event.reason})`);
      break;
    case 'cancelled':
      if (event.partial) {
        result(event.node, { status: 'cancelled', partial: true, message: 'partial result kept' }, true);
        lines.push(`${event.node}: cancelled (partial result kept)`);
      } else {
        patch(event.node, { status: 'cancelled', message: undefined });
        lines.push(`${event.node}: cancelled`);
      }
      break;
    case 'log':
      lines.push(event.node ? `${event.node}: ${event.message}` : event.message);
      break;
    case 'output':
      lines.push(`${event.node}: ${outputLine(event.path, event.cached)}`);
      break;
    case 'finished':
      running = false;
      summary = event.summary;
      for (const [id, n] of Object.entries(nodes)) if (n.status === 'queued' || n.status === 'running') patch(id, { status: event.summary.cancelled ? 'cancelled' : 'skipped' });
      // A run refused before it started (invalid graph) says why.
      for (const d of event.summary.diagnostics ?? []) lines.push(`${d.code}${d.node ? ` (${d.node})` : ''}: ${d.message}`);
      lines.push(event.summary.cancelled ? 'run cancelled' : event.summary.ok ? 'run finished' : 'run finished with errors');
      break;
  }
  return { ...state, running, runId, summary, nodes, serial, log: appendLog(state.log, lines) };
}

/**
 * Writer nodes of the finished run that refused to replace an existing file (FILE_EXISTS) and
 * still do (in the document, without `overwrite: true`): the editor offers to set `overwrite` on
 * exactly these and run again. None while a run is in progress.
 */
export function refusedWriters(state: RunState, doc: GraphDoc): string[] {
  if (state.running) return [];
  return doc.nodes
    .filter((n) => state.nodes[n.id]?.status === 'error' && state.nodes[n.id]?.code === 'FILE_EXISTS' && n.params?.overwrite !== true)
    .map((n) => n.id);
}

function appendLog(log: string[], lines: string[]): string[] {
  if (lines.length === 0) return log;
  const time = new Date().toLocaleTimeString();
  return [...log, ...lines.map((line) => `${time}  ${line}`)].slice(-LOG_LIMIT);
}

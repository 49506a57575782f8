/**
 * A node on the canvas: title, id, typed handles coloured by port type (PORT_COLORS; the port
 * name and type show on hover), status badge, progress bar and message, error text. A stale node
 * (its params or inputs changed since its result arrived, renderer/staleness.ts) keeps its run
 * status in data-status but shows a "stale — run again" badge and data-stale="true". Under the
 * title: the key enum param when it tells the node apart (renderer/card-summary.ts, "variant: HPM-R").
 * A run error is clamped to 3 lines (styles.css); the whole text is its tooltip and in the inspector.
 */
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { GraphNode as GraphNodeData } from '../../core/graph.ts';
import type { NodeInfo, PortSpec } from '../../core/node-def.ts';
import { PORT_COLORS } from '../../core/ports.ts';
import { keyParamSummary } from '../card-summary.ts';
import type { NodeRunState } from '../run-state.ts';

export type CanvasNode = Node<{ node: GraphNodeData; info?: NodeInfo; run?: NodeRunState; stale?: boolean; problems: string[] }, 'bandwire'>;

function PortHandle({ port, kind }: { port: PortSpec; kind: 'source' | 'target' }) {
  return (
    <Handle
      type={kind}
      id={port.name}
      position={kind === 'target' ? Position.Left : Position.Right}
      title={`${port.name}: ${port.type}${port.optional ? ' (optional)' : ''}`}
      aria-label={`${kind === 'target' ? 'input' : 'output'} ${port.name}`}
      data-port-type={port.type}
      style={{ background: PORT_COLORS[port.type], width: 11, height: 11 }}
    />
  );
}

/** Row i holds input i on the left and output i on the right; handles sit on the node's edges. */
function PortRows({ info }: { info: NodeInfo }) {
  const rows = Math.max(info.inputs.length, info.outputs.length);
  return (
    <div className="bw-ports">
      {Array.from({ length: rows }, (_, i) => {
        const input = info.inputs[i];
        const output = info.outputs[i];
        return (
          <div key={i} className="bw-port-row">
            {input && <span className={`bw-port in${input.optional ? ' optional' : ''}`}>{input.name}</span>}
            {output && <span className="bw-port out">{output.name}</span>}
            {input && <PortHandle port={input} kind="target" />}
            {output && <PortHandle port={output} kind="source" />}
          </div>
        );
      })}
    </div>
  );
}

export function GraphNode({ id, data, selected }: NodeProps<CanvasNode>) {
  const { node, info, run, problems } = data;
  const status = run?.status ?? 'idle';
  const stale = data.stale === true;
  const summary = keyParamSummary(node, info);
  return (
    <div className={`bw-node status-${status}${stale ? ' stale' : ''}${selected ? ' selected' : ''}${info ? '' : ' unknown'}`} data-status={status} data-stale={stale ? 'true' : undefined}>
      <div className="bw-node-title">
        <span>{node.label ?? info?.title ?? node.type}</span>
        <span className="bw-badge" data-testid="status-badge" title={stale ? `params or inputs changed since this ${status} result: run again` : (run?.error ?? status)}>
          {stale ? 'stale — run again' : status === 'done' && run?.ms !== undefined ? `done ${run.ms < 1000 ? `${run.ms.toFixed(0)} ms` : `${(run.ms / 1000).toFixed(1)} s`}` : status}
        </span>
      </div>
      {summary && <div className="bw-node-summary" data-testid="node-summary">{summary}</div>}
      <div className="bw-node-id">
        {id} · {node.type}
      </div>
      {info && <PortRows info={info} />}
      <div className="bw-node-foot">
        {status === 'running' && (
          <>
            <progress max={1} value={run?.progress ?? 0} aria-label={`${id} progress`} />
            {run?.message && <div className="bw-node-message">{run.message}</div>}
          </>
        )}
        {status === 'error' && <div className="bw-node-error run-error" title={run?.error}>{run?.error}</div>}
        {!info && <div className="bw-node-error">unknown node type '{node.type}'</div>}
        {problems.map((m) => (
          <div key={m} className="bw-node-problem">
            {m}
          </div>
        ))}
      </div>
    </div>
  );
}

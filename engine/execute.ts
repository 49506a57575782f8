/**
 * execute(plan) runs a compiled plan and streams run events (core/events.ts):
 * `started`, `queued` for every node, then per node `running` (progress), `done` (ms),
 * `cached`, `error`, `skipped` or `cancelled`, `output` per written file, and `finished`.
 * Independent branches may overlap (up to `concurrency` nodes in flight). An error stops only
 * the failed node's descendants (`skipped`); cancellation (AbortSignal) stops everything.
 * Tensor lifetimes: a tensor scope opens when a node starts while none is in flight and closes
 * when the last in-flight node ends (tf scopes are a stack, so overlapping nodes share one);
 * nodes running one after another thus each get their own scope. The whole run is wrapped in
 * an outer scope as well. Every tensor a node made is released after success, error and
 * cancel (outputs are plain typed arrays, never tensors).
 * Partial outputs: a node may call ctx.keepPartial(outputs) while it runs; if it is then
 * cancelled, its latest partial outputs go to `onOutputs` (previews, getOutput) and its
 * `cancelled` event and record carry `partial: true`. They are never cached nor fed downstream.
 */
import { createHash, randomUUID } from 'node:crypto';
import { BandwireError, isCancelled } from '../core/errors.ts';
import type { NodeRunRecord, RunEvent, RunSummary } from '../core/events.ts';
import type { NodeInputs, NodeOutputs } from '../core/node-def.ts';
import { planKeys } from './cache-key.ts';
import { runPlanNode, type NodeRunEnv } from './node-runner.ts';
import type { Plan, PlanNode } from './plan.ts';

export interface ExecuteOptions extends Omit<NodeRunEnv, 'signal' | 'abort' | 'emit'> {
  runId?: string;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  /** Nodes in flight at once (default 2). */
  concurrency?: number;
  /** Receives every node's outputs (done or cached, or partial when cancelled), e.g. for previews. */
  onOutputs?: (node: string, outputs: NodeOutputs) => void;
}

export async function execute(plan: Plan, options: ExecuteOptions): Promise<RunSummary> {
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort();
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const emit = options.onEvent ?? (() => {});
  const summary: RunSummary = { ok: true, backend: options.backend, nodes: {}, metrics: {}, outputs: [] };
  const env: NodeRunEnv = {
    ...options,
    signal: controller.signal,
    abort: () => controller.abort(),
    emit: (e) => {
      if (e.type === 'output' && !summary.outputs.includes(e.path)) {
        summary.outputs.push(e.path);
        if (e.cached) (summary.kept ??= []).push(e.path);
      }
      if (e.type === 'log') (summary.log ??= []).push(e.node === undefined ? { message: e.message } : { node: e.node, message: e.message });
      emit(e);
    },
  };
  const tf = options.tf;
  const variablesBefore = new Set(Object.keys(tf.engine().state.registeredVariables));
  tf.engine().startScope();
  try {
    emit({ type: 'started', runId: options.runId ?? randomUUID(), nodes: plan.nodes.map((n) => n.id), backend: options.backend });
    for (const n of plan.nodes) emit({ type: 'queued', node: n.id });
    const keys = await planKeys(plan, options);
    await schedule(plan, keys, env, summary, options);
  } finally {
    tf.engine().endScope();
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) {
      if (!variablesBefore.has(name)) v.dispose();
    }
    outer?.removeEventListener('abort', onOuterAbort);
  }
  summary.ok = Object.values(summary.nodes).every((r) => r.status === 'done' || r.status === 'cached');
  if (controller.signal.aborted) summary.cancelled = true;
  emit({ type: 'finished', summary });
  return summary;
}

async function schedule(plan: Plan, keys: Map<string, string>, env: NodeRunEnv, summary: RunSummary, options: ExecuteOptions): Promise<void> {
  const results = new Map<string, NodeOutputs>();
  const pending = new Set(plan.nodes);
  const inFlight = new Set<Promise<void>>();
  const limit = Math.max(1, options.concurrency ?? 2);
  const record = (n: PlanNode, r: Omit<NodeRunRecord, 'type'>) => (summary.nodes[n.id] = { type: n.type, ...r });

  /** Optional inputs left out because their upstream failed or did not run, by node id. */
  const dropped = new Map<string, Set<string>>();
  const settle = (n: PlanNode): boolean => {
    // A node whose upstream failed, was skipped or cancelled is skipped (returns true: settled), unless
    // that upstream only feeds optional inputs: those are left out, as if unconnected (metrics.compare
    // still tabulates the methods that ran).
    for (const [port, b] of Object.entries(n.inputs)) {
      const up = summary.nodes[b.node];
      if (!up || up.status === 'done' || up.status === 'cached' || dropped.get(n.id)?.has(port)) continue;
      const why = `upstream node '${b.node}' ${up.status === 'error' ? 'failed' : 'did not run'}`;
      if (!env.signal.aborted && n.def.inputs.find((p) => p.name === port)?.optional) {
        if (!dropped.has(n.id)) dropped.set(n.id, new Set());
        dropped.get(n.id)!.add(port);
        env.emit({ type: 'log', node: n.id, message: `optional input '${port}' left out: ${why}` });
        continue;
      }
      const reason = env.signal.aborted ? 'run cancelled' : why;
      record(n, { status: 'skipped', reason });
      env.emit({ type: 'skipped', node: n.id, reason });
      return true;
    }
    return false;
  };

  const tf = options.tf;
  let active = 0;
  const start = (n: PlanNode) => {
    if (active++ === 0) tf.engine().startScope();
    const inputs: NodeInputs = {};
    const without = dropped.get(n.id);
    for (const [port, b] of Object.entries(n.inputs)) if (!without?.has(port)) inputs[port] = results.get(b.node)?.[b.port];
    // A result without some inputs is cached apart from the result with all of them.
    const key = without ? createHash('sha256').update(`${keys.get(n.id)!}|without:${[...without].sort().join(',')}`).digest('hex') : keys.get(n.id)!;
    let partial: NodeOutputs | undefined;
    const job = (async () => {
      try {
        const r = await runPlanNode(n, key, inputs, { ...env, keepPartial: (outputs) => (partial = outputs) });
        results.set(n.id, r.outputs);
        options.onOutputs?.(n.id, r.outputs);
        if (r.cached) {
          record(n, { status: 'cached' });
          env.emit({ type: 'cached', node: n.id });
          for (const path of r.files) env.emit({ type: 'output', node: n.id, path, cached: true });
        } else {
          record(n, { status: 'done', ms: Math.round((r.ms ?? 0) * 10) / 10 });
          env.emit({ type: 'done', node: n.id, ms: r.ms ?? 0 });
        }
        for (const port of n.def.outputs) {
          const v = r.outputs[port.name];
          if (port.type !== 'metrics' || v?.kind !== 'metrics') continue;
          summary.metrics[n.id] = { ...v.values };
          if (v.units && Object.keys(v.units).length) (summary.units ??= {})[n.id] = { ...v.units };
        }
      } catch (e) {
        if (isCancelled(e) || env.signal.aborted) {
          if (partial) {
            options.onOutputs?.(n.id, partial);
            record(n, { status: 'cancelled', partial: true });
            env.emit({ type: 'cancelled', node: n.id, partial: true });
          } else {
            record(n, { status: 'cancelled' });
            env.emit({ type: 'cancelled', node: n.id });
          }
        } else {
          // every consumer names the node already (CLI line, editor badge and log): drop a leading self-name
          const message = withoutSelfName(e instanceof Error ? e.message : String(e), n.id, n.type);
          const code = e instanceof BandwireError ? e.code : 'NODE_FAILED';
          record(n, { status: 'error', error: message });
          env.emit({ type: 'error', node: n.id, error: message, code });
        }
      } finally {
        if (--active === 0) tf.engine().endScope();
      }
    })();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  };

  while (pending.size || inFlight.size) {
    for (const n of [...pending]) {
      if (env.signal.aborted) {
        pending.delete(n);
        record(n, { status: 'skipped', reason: 'run cancelled' });
        env.emit({ type: 'skipped', node: n.id, reason: 'run cancelled' });
        continue;
      }
      if (settle(n)) {
        pending.delete(n);
        continue;
      }
      const ready = Object.entries(n.inputs).every(([port, b]) => results.has(b.node) || dropped.get(n.id)?.has(port));
      if (ready && inFlight.size < limit) {
        pending.delete(n);
        start(n);
      }
    }
    if (inFlight.size) await Promise.race(inFlight);
    else if (pending.size && !env.signal.aborted) {
      // Nothing in flight and nothing ready: only possible if the plan is not topological.
      throw new Error(`engine: nodes ${[...pending].map((n) => n.id).join(', ')} can never become ready`);
    }
  }
}

/** A node's message without the "type 'id': " / "type: " / "node 'id': " it may start with. */
export function withoutSelfName(message: string, id: string, type: string): string {
  for (const prefix of [`${type} '${id}': `, `${type}: `, `node '${id}': `]) {
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  }
  return message;
}

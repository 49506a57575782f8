/**
 * Problems (validation and file errors; clicking one selects its node and param) and the run log. The log follows its newest line unless
 * the user has scrolled up to read older ones; scrolling back to the bottom follows again. Each list
 * scrolls below its header (the header is not laid over the first visible line). After a run in which
 * writers refused to replace existing files, the log offers to overwrite exactly those and run again.
 */
import { useReactFlow } from '@xyflow/react';
import { useLayoutEffect, useRef } from 'react';
import type { Diagnostic } from '../../core/errors.ts';
import { refusedWriters } from '../run-state.ts';
import type { Editor } from '../use-editor.ts';

/** Pixels from the bottom that still count as "at the bottom". */
const FOLLOW_SLACK = 8;

function RunLog({ editor }: { editor: Editor }) {
  const log = editor.run.log;
  const writers = refusedWriters(editor.run, editor.doc);
  const box = useRef<HTMLPreElement>(null);
  const follow = useRef(true);
  useLayoutEffect(() => {
    const element = box.current;
    if (element && follow.current) element.scrollTop = element.scrollHeight;
  }, [log]);
  const onScroll = () => {
    const element = box.current;
    if (element) follow.current = element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK;
  };
  return (
    <section className="run-log" aria-label="Run log">
      <div className="panel-head">
        <h3>Run log</h3>
        {writers.length > 0 && (
          <button className="overwrite-run" onClick={editor.overwriteAndRun} title={`Sets overwrite: true on ${writers.map((w) => `'${w}'`).join(', ')} (undoable) and runs the graph`}>
            Overwrite these outputs and run again
          </button>
        )}
      </div>
      {writers.length > 0 && (
        <div className="overwrite-note" role="note">
          {writers.length === 1 ? 'Writer' : 'Writers'} {writers.join(', ')} did not replace existing {writers.length === 1 ? 'file' : 'files'}.
        </div>
      )}
      <pre className="panel-scroll" ref={box} onScroll={onScroll}>{log.join('\n')}</pre>
    </section>
  );
}

/**
 * One problem. When it names a node still in the graph, the whole line is a button: it selects
 * the node, brings it into view on the canvas and focuses the param the problem names.
 */
function ProblemItem({ problem, editor }: { problem: Diagnostic; editor: Editor }) {
  const flow = useReactFlow();
  const target = problem.node && editor.doc.nodes.some((n) => n.id === problem.node) ? problem.node : undefined;
  const text = <><span className="problem-code">{problem.code}</span> {problem.message}</>;
  if (!target) return <li className={problem.severity}>{text}</li>;
  const reveal = () => {
    editor.revealProblem(problem);
    const node = flow.getNode(target);
    if (node) {
      const width = node.measured?.width ?? 220;
      const height = node.measured?.height ?? 80;
      void flow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: flow.getZoom(), duration: 200 });
    }
  };
  return (
    <li className={problem.severity}>
      <button className="problem" onClick={reveal} title={`Select '${target}'${problem.param ? ` and its param '${problem.param}'` : ''}`}>{text}</button>
    </li>
  );
}

export function BottomPanel({ editor }: { editor: Editor }) {
  const problems = [...editor.fileProblems, ...editor.diagnostics.filter((d) => !editor.fileProblems.some((f) => f.message === d.message))];
  return (
    <div className="bottom-panel">
      <section className="problems" aria-label="Problems">
        <div className="panel-head"><h3>Problems ({problems.length})</h3></div>
        <ul className="panel-scroll">
          {problems.map((d, i) => <ProblemItem key={`${d.message}-${i}`} problem={d} editor={editor} />)}
        </ul>
      </section>
      <RunLog editor={editor} />
    </div>
  );
}

/**
 * Problems (validation and file errors) and the run log. The log follows its newest line unless
 * the user has scrolled up to read older ones; scrolling back to the bottom follows again.
 */
import { useLayoutEffect, useRef } from 'react';
import type { Editor } from '../use-editor.ts';

/** Pixels from the bottom that still count as "at the bottom". */
const FOLLOW_SLACK = 8;

function RunLog({ log }: { log: string[] }) {
  const box = useRef<HTMLElement>(null);
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
    <section className="run-log" aria-label="Run log" ref={box} onScroll={onScroll}>
      <h3>Run log</h3>
      <pre>{log.join('\n')}</pre>
    </section>
  );
}

export function BottomPanel({ editor }: { editor: Editor }) {
  const problems = [...editor.fileProblems, ...editor.diagnostics.filter((d) => !editor.fileProblems.some((f) => f.message === d.message))];
  return (
    <div className="bottom-panel">
      <section className="problems" aria-label="Problems">
        <h3>Problems ({problems.length})</h3>
        <ul>
          {problems.map((d, i) => (
            <li key={`${d.message}-${i}`} className={d.severity}>
              <button className="link" onClick={() => d.node && editor.setSelection({ nodes: [d.node], edges: [] })}>{d.code}</button> {d.message}
            </li>
          ))}
        </ul>
      </section>
      <RunLog log={editor.run.log} />
    </div>
  );
}

/** Problems (validation and file errors) and the run log. */
import type { Editor } from '../use-editor.ts';

export function BottomPanel({ editor }: { editor: Editor }) {
  const problems = [...editor.fileProblems, ...editor.diagnostics.filter((d) => !editor.fileProblems.some((f) => f.message === d.message))];
  return (
    <div className="bottom">
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
      <section className="run-log" aria-label="Run log">
        <h3>Run log</h3>
        <pre>{editor.run.log.join('\n')}</pre>
      </section>
    </div>
  );
}

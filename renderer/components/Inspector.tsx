/**
 * Inspector for the selected node: widgets generated from its param schema (number fields with
 * range, typed as text and parsed by renderer/param-text.ts so "12,5" means 12.5, selects for options, checkboxes, path fields with a Browse button: the native picker in Electron, PathBrowseDialog in browser mode) and
 * inline validation messages (checkParam + the host's diagnostics, each said once). The header's "? Help" button
 * opens the node's help (rendered markdown) in the side panel below, in place of the outputs. The
 * node's last run error shows in full under its header. While the node has no outputs to show
 * (never run, or its run failed) the params take the side panel's height (styles.css `.inspector.fill`).
 */
import { useEffect, useRef, useState } from 'react';
import type { Diagnostic } from '../../core/errors.ts';
import type { GraphNode } from '../../core/graph.ts';
import { checkParam, type ParamSpec } from '../../core/params.ts';
import { folderOf } from '../folder-path.ts';
import { bridge } from '../ipc-client.ts';
import { distinctProblems, parseNumberText } from '../param-text.ts';
import { setParam } from '../store/commands.ts';
import type { Editor } from '../use-editor.ts';
import { HelpText } from './HelpText.tsx';
import { PathBrowseDialog } from './PathBrowseDialog.tsx';

/** Text shown in a field for a value. */
function toText(spec: ParamSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (spec.kind === 'numbers' && Array.isArray(value)) return value.join(',');
  if (spec.kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** Value for a field's text; `undefined` = use the default. Number fields parse with parseNumberText. */
function fromText(spec: ParamSpec, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (spec.kind === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (spec.kind === 'numbers' && /^[\d.,\s-]+$/.test(text) && !/\d-\d/.test(text)) return text.split(',').map((s) => Number(s.trim()));
  return text;
}

function ParamField({ name, spec, value, onCommit, problems, setBy, baseFolder }: { name: string; spec: ParamSpec; value: unknown; onCommit: (v: unknown) => void; problems: string[]; setBy?: string; baseFolder?: string }) {
  /** Browser mode's folder browser for a path param is open (Electron uses its native dialog). */
  const [browsing, setBrowsing] = useState(false);
  const numeric = spec.kind === 'number' || spec.kind === 'integer';
  const [text, setText] = useState(toText(spec, value));
  /** A number field's text that is not a number: shown as the field's error; nothing is stored. */
  const [typingError, setTypingError] = useState('');
  useEffect(() => {
    setText(toText(spec, value));
    setTypingError('');
  }, [spec, value]);
  const commit = () => {
    let next: unknown;
    if (numeric) {
      const parsed = parseNumberText(name, text);
      setTypingError(parsed.error ?? '');
      if (parsed.error) return;
      next = parsed.value;
    } else next = fromText(spec, text);
    if (JSON.stringify(next) !== JSON.stringify(value)) onCommit(next);
  };
  const local = checkParam(name, spec, value);
  const messages = distinctProblems([...(typingError ? [typingError] : []), ...(local ? [local] : []), ...problems]);
  const id = `param-${name}`;
  const placeholder = spec.default !== undefined ? `default ${toText(spec, spec.default)}` : spec.required ? 'required' : '';
  let input;
  if (spec.kind === 'boolean') {
    input = <input id={id} type="checkbox" aria-label={name} checked={Boolean(value ?? spec.default)} onChange={(e) => onCommit(e.target.checked)} />;
  } else if (spec.kind === 'enum') {
    input = (
      <select id={id} aria-label={name} value={String(value ?? spec.default ?? '')} onChange={(e) => onCommit(e.target.value)}>
        {spec.options?.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else {
    // Numbers are typed as text and parsed by us: <input type=number> drops a decimal comma ("12,5" → 125).
    input = (
      <input
        id={id}
        aria-label={name}
        aria-invalid={messages.length > 0}
        type="text"
        inputMode={numeric ? 'decimal' : undefined}
        placeholder={placeholder}
        disabled={setBy !== undefined}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    );
  }
  return (
    <div className="param">
      <label htmlFor={id} title={spec.description}>
        {name}
        {spec.unit ? ` (${spec.unit})` : ''}
        {spec.min !== undefined || spec.max !== undefined ? <span className="range"> [{spec.min ?? '−∞'}, {spec.max ?? '∞'}]</span> : null}
      </label>
      <div className="param-input">
        {input}
        {spec.kind === 'path' && (
          <button
            aria-label={`Browse for ${name}`}
            title={spec.io === 'write' ? 'Choose a folder and file name' : 'Choose a file'}
            disabled={setBy !== undefined}
            onClick={async () => {
              if (bridge.shell !== 'electron') return setBrowsing(true);
              const r = await bridge.invoke('pickPath', { mode: spec.io === 'write' ? 'save' : 'open', extensions: spec.extensions });
              if (r.path) onCommit(r.path);
            }}
          >
            …
          </button>
        )}
        {browsing && (
          <PathBrowseDialog
            name={name}
            spec={spec}
            value={typeof value === 'string' ? value : undefined}
            baseFolder={baseFolder}
            onPick={(path) => path !== value && onCommit(path)}
            onClose={() => setBrowsing(false)}
          />
        )}
      </div>
      {setBy && <div className="param-help" role="note">Set by input '{spec.overriddenBy}' (from {setBy}); this value is not used while it is connected.</div>}
      <div className="param-help">{spec.description}</div>
      {messages.map((m) => <div key={m} className="param-error" role="alert">{m}</div>)}
    </div>
  );
}

/**
 * The selected node's help, rendered, in the side panel's big lower area (the outputs give way
 * while it is open: styles.css `.help-panel ~ .previews`), so the params above stay in view.
 */
function HelpPanel({ title, type, text, onClose }: { title: string; type: string; text: string; onClose: () => void }) {
  return (
    <section className="help-panel" aria-label="Node help" tabIndex={-1} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="help-head">
        <h3>Help: {title} <span className="muted">{type}</span></h3>
        <button onClick={onClose} aria-label="Close help">Close</button>
      </div>
      <HelpText text={text} />
    </section>
  );
}

export function Inspector({ editor }: { editor: Editor }) {
  const [helpOpen, setHelpOpen] = useState(false);
  const ids = editor.selection.nodes;
  const node: GraphNode | undefined = ids.length === 1 ? editor.doc.nodes.find((n) => n.id === ids[0]) : undefined;
  const box = useRef<HTMLElement>(null);
  // A clicked problem naming a param: focus its field (scrolled into view) and flash it.
  const focus = editor.paramFocus;
  useEffect(() => {
    if (!focus || focus.node !== node?.id) return;
    const field = box.current?.querySelector<HTMLElement>(`#param-${CSS.escape(focus.param)}`);
    const row = field?.closest('.param');
    if (!field || !row) return;
    row.scrollIntoView({ block: 'nearest' });
    field.focus({ preventScroll: true });
    row.classList.add('flash');
    const timer = setTimeout(() => row.classList.remove('flash'), 1500);
    return () => {
      clearTimeout(timer);
      row.classList.remove('flash');
    };
  }, [focus, node?.id]);
  if (!node) return <section className="inspector" aria-label="Inspector"><p className="muted">{ids.length > 1 ? `${ids.length} nodes selected` : 'Select a node to edit its parameters.'}</p></section>;
  const info = editor.catalogueById.get(node.type);
  const problems = editor.diagnostics.filter((d: Diagnostic) => d.node === node.id);
  const run = editor.run.nodes[node.id];
  const shows = Object.keys(run?.series ?? {}).length > 0 || run?.status === 'done' || run?.status === 'cached' || (run?.status === 'cancelled' && run.partial === true);
  return (
    <>
      <section className={`inspector${shows || helpOpen ? '' : ' fill'}`} aria-label="Inspector" ref={box}>
        <div className="inspector-head">
          <h2>{info?.title ?? node.type}</h2>
          {info && (
            <button className={`help-button${helpOpen ? ' open' : ''}`} aria-label="Help" aria-expanded={helpOpen} title={helpOpen ? 'Hide the help' : `Help on ${info.title}`} onClick={() => setHelpOpen(!helpOpen)}>
              ? Help
            </button>
          )}
        </div>
        <div className="muted">{node.id} · {node.type}{info ? ` v${info.version}` : ''}</div>
        {!info && <div className="param-error">unknown node type '{node.type}'</div>}
        {run?.status === 'error' && run.error && <div className="param-error run-error-full" role="alert" aria-label="Run error">Run failed: {run.error}</div>}
        {info && Object.entries(info.params).map(([name, spec]) => (
          <ParamField
            key={`${node.id}-${name}`}
            name={name}
            spec={spec}
            value={node.params?.[name]}
            problems={problems.filter((d) => d.param === name).map((d) => d.message)}
            setBy={spec.overriddenBy ? editor.doc.edges.find((e) => e.to === `${node.id}.${spec.overriddenBy}`)?.from : undefined}
            baseFolder={editor.store.path ? folderOf(editor.store.path) || undefined : undefined}
            onCommit={(v) => editor.apply(`Set ${name}`, setParam(node.id, name, v))}
          />
        ))}
        {problems.filter((d) => !d.param).map((d) => <div key={d.message} className="param-error">{d.message}</div>)}
      </section>
      {info && helpOpen && <HelpPanel title={info.title} type={`${info.id} v${info.version}`} text={info.description} onClose={() => setHelpOpen(false)} />}
    </>
  );
}

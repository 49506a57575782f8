/**
 * Palette of node types from the host's catalogue, grouped by category. Typing filters;
 * Enter adds the first match; items drag onto the canvas or add on double-click.
 */
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { NodeInfo } from '../../core/node-def.ts';
import type { Editor } from '../use-editor.ts';
import { DRAG_MIME } from './Canvas.tsx';

const ORDER = ['io', 'synth', 'prep', 'pansharpen', 'unmix', 'detect', 'metrics'];

export function Palette({ editor }: { editor: Editor }) {
  const [query, setQuery] = useState('');
  const flow = useReactFlow();
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return editor.catalogue
      .filter((n) => !q || `${n.id} ${n.title} ${n.category}`.toLowerCase().includes(q))
      .sort((a, b) => ORDER.indexOf(a.category) - ORDER.indexOf(b.category) || a.id.localeCompare(b.id));
  }, [editor.catalogue, query]);
  const groups = useMemo(() => {
    const map = new Map<string, NodeInfo[]>();
    for (const n of matches) map.set(n.category, [...(map.get(n.category) ?? []), n]);
    return [...map];
  }, [matches]);

  const addAtCentre = (type: string) => {
    const box = document.querySelector('.canvas')?.getBoundingClientRect();
    const jitter = (editor.doc.nodes.length % 5) * 24;
    const centre = box ? { x: box.left + box.width / 2 + jitter, y: box.top + box.height / 2 + jitter } : { x: 300, y: 200 };
    editor.addNodeOfType(type, flow.screenToFlowPosition(centre));
  };

  return (
    <nav className="palette" aria-label="Node palette">
      <input
        type="search"
        placeholder="Search nodes…"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches[0]) addAtCentre(matches[0].id);
          if (e.key === 'Escape') setQuery('');
        }}
      />
      {groups.map(([category, items]) => (
        <section key={category}>
          <h3>{category}</h3>
          {items.map((n) => (
            <div
              key={n.id}
              className="palette-item"
              data-node-type={n.id}
              draggable
              tabIndex={0}
              role="button"
              aria-label={`Add ${n.title}`}
              title={`${n.id}: ${n.description.split('\n')[0]}`}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_MIME, n.id);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onDoubleClick={() => addAtCentre(n.id)}
              onKeyDown={(e) => e.key === 'Enter' && addAtCentre(n.id)}
            >
              <span className="palette-title">{n.title}</span>
              <span className="palette-id">{n.id}</span>
            </div>
          ))}
        </section>
      ))}
      {editor.catalogue.length === 0 && <p className="muted">loading node types…</p>}
    </nav>
  );
}

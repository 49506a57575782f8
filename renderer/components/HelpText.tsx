/**
 * Renders a node's help (its `description`): blocks from renderer/help-blocks.ts, with `code` and
 * **bold** spans and TeX-style scripts (`C^{-1}`, `d^T`, `_{2,1}`) outside code. Builds React elements only (no HTML strings), so a description cannot inject markup.
 */
import type { ReactNode } from 'react';
import { helpBlocks, scriptSpans } from '../help-blocks.ts';

/** `code` and **bold** spans of one paragraph or item. */
function inline(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) parts.push(...scripts(text.slice(last, match.index), match.index));
    // bold may hold code: **`.tif` / `.tiff`**
    parts.push(match[1] !== undefined ? <code key={match.index}>{match[1]}</code> : <strong key={match.index}>{inline(match[2])}</strong>);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(...scripts(text.slice(last), last));
  return parts;
}

/** Plain text with its TeX-style scripts as <sup>/<sub> elements. */
function scripts(text: string, at: number): ReactNode[] {
  return scriptSpans(text).map((span, i) => (span.kind === 'sup' ? <sup key={`s${at}-${i}`}>{span.text}</sup> : span.kind === 'sub' ? <sub key={`s${at}-${i}`}>{span.text}</sub> : span.text));
}

export function HelpText({ text }: { text: string }) {
  return (
    <div className="help-text">
      {helpBlocks(text).map((block, i) =>
        block.kind === 'list' ? (
          <ul key={i}>{block.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ul>
        ) : block.kind === 'table' ? (
          <table key={i} className="help-table">
            <thead><tr>{block.rows![0]?.map((cell, j) => <th key={j}>{inline(cell)}</th>)}</tr></thead>
            <tbody>{block.rows!.slice(1).map((row, r) => <tr key={r}>{row.map((cell, j) => <td key={j}>{inline(cell)}</td>)}</tr>)}</tbody>
          </table>
        ) : (
          <p key={i}>{inline(block.items[0])}</p>
        ),
      )}
    </div>
  );
}

/**
 * Splits a node's help (its `description`) into the small markdown subset the descriptions use:
 * paragraphs (wrapped lines join with a space; a blank line separates), "- " list items (an
 * indented line continues the item) and tables ("| a | b |" lines; a "|---|---|" row is dropped). Inline spans are left to the renderer (HelpText.tsx).
 */

export interface HelpBlock {
  kind: 'paragraph' | 'list' | 'table';
  /** One joined string per list item; a paragraph has one; a table has one per row (the raw line). */
  items: string[];
  /** Tables: the cells of each row, header first; separator rows (|---|) are left out. */
  rows?: string[][];
}

/** Cells of a "| a | b |" line. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

export function helpBlocks(text: string): HelpBlock[] {
  const blocks: HelpBlock[] = [];
  let current: HelpBlock | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      if (current?.kind !== 'table') blocks.push((current = { kind: 'table', items: [], rows: [] }));
      current.items.push(line.trim());
      if (!/^\s*\|[\s:|-]+\|\s*$/.test(line)) current.rows!.push(cells(line));
      continue;
    }
    const item = /^\s*- (.*)$/.exec(line);
    if (item) {
      if (current?.kind !== 'list') blocks.push((current = { kind: 'list', items: [] }));
      current.items.push(item[1].trim());
    } else if (current && (current.kind === 'paragraph' || /^\s/.test(line))) {
      // A wrapped paragraph line, or an indented continuation of the last list item.
      current.items[current.items.length - 1] += ` ${line.trim()}`;
    } else {
      blocks.push((current = { kind: 'paragraph', items: [line.trim()] }));
    }
  }
  return blocks;
}

/** A run of plain text, or a TeX-style super- or subscript. */
export interface ScriptSpan {
  kind: 'text' | 'sup' | 'sub';
  text: string;
}

/** Splits plain text at TeX-style scripts: `C^{-1}`, `d^T` (superscripts) and `||E||_{2,1}` (subscript). */
export function scriptSpans(text: string): ScriptSpan[] {
  const spans: ScriptSpan[] = [];
  const pattern = /\^\{([^}]+)\}|\^(T)\b|_\{([^}]+)\}/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) spans.push({ kind: 'text', text: text.slice(last, match.index) });
    spans.push(match[3] !== undefined ? { kind: 'sub', text: match[3] } : { kind: 'sup', text: match[1] ?? match[2] });
    last = match.index + match[0].length;
  }
  if (last < text.length) spans.push({ kind: 'text', text: text.slice(last) });
  return spans;
}

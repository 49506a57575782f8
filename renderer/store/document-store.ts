/**
 * The editor's document store: the graph document is the only undoable state. Each edit is a
 * named command applied with immer's `produceWithPatches`; history keeps the patches and their
 * inverses, so undo/redo restore the exact previous JSON. Selection and viewport live outside.
 */
import { enablePatches, produceWithPatches, applyPatches, type Draft, type Patch } from 'immer';
import type { GraphDoc } from '../../core/graph.ts';

enablePatches();

export interface HistoryEntry {
  /** Command name shown in menus ("Add node", "Move 3 nodes", ...). */
  name: string;
  patches: Patch[];
  inverse: Patch[];
  /** Unique per applied command, to tell whether the document is where it was saved. */
  serial: number;
}

export type Recipe = (draft: Draft<GraphDoc>) => void;

export function emptyDocument(): GraphDoc {
  return { bandwire: 1, name: 'Untitled', nodes: [], edges: [] };
}

export class DocumentStore {
  private current: GraphDoc;
  private past: HistoryEntry[] = [];
  private future: HistoryEntry[] = [];
  private serial = 0;
  /** Serial of the history top when last saved/opened (0 = the initial document). */
  private savedSerial = 0;
  private listeners = new Set<() => void>();
  /** Bumped on every change (document, history or saved point), for React's useSyncExternalStore. */
  revision = 0;
  /** Path of the file the document was opened from or saved to. */
  path: string | undefined;

  constructor(doc: GraphDoc = emptyDocument(), path?: string) {
    this.current = doc;
    this.path = path;
  }

  get doc(): GraphDoc {
    return this.current;
  }

  /** True when the document differs from the last saved or opened state. */
  get dirty(): boolean {
    return (this.past.at(-1)?.serial ?? 0) !== this.savedSerial;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  get undoName(): string | undefined {
    return this.past.at(-1)?.name;
  }

  get redoName(): string | undefined {
    return this.future.at(-1)?.name;
  }

  /** Applies a named command; a command that changes nothing adds no history step. Returns whether it changed the doc. */
  apply(name: string, recipe: Recipe): boolean {
    const [next, patches, inverse] = produceWithPatches(this.current, recipe);
    if (patches.length === 0) return false;
    this.current = next;
    this.past.push({ name, patches, inverse, serial: ++this.serial });
    this.future = [];
    this.notify();
    return true;
  }

  undo(): boolean {
    const entry = this.past.pop();
    if (!entry) return false;
    this.current = applyPatches(this.current, entry.inverse);
    this.future.push(entry);
    this.notify();
    return true;
  }

  redo(): boolean {
    const entry = this.future.pop();
    if (!entry) return false;
    this.current = applyPatches(this.current, entry.patches);
    this.past.push(entry);
    this.notify();
    return true;
  }

  /** Replaces the document (New, Open, recovery): clears history and marks it saved unless `dirty`. */
  replace(doc: GraphDoc, path?: string, dirty = false): void {
    this.current = doc;
    this.path = path;
    this.past = [];
    this.future = [];
    this.savedSerial = dirty ? -1 : 0;
    this.notify();
  }

  markSaved(path: string): void {
    this.path = path;
    this.savedSerial = this.past.at(-1)?.serial ?? 0;
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    this.revision++;
    for (const l of this.listeners) l();
  }
}

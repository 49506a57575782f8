/**
 * A folder browser over the host's file system (the `listFolder` channel), for browser mode where
 * there is no native file dialog: the current folder (relative names resolve against it), Up, the
 * folder's entries (click a folder to enter it, a file to pick it; files not matching `extensions`
 * hidden unless "Show all files"), and an editable path field: Enter (or the pick button) enters a
 * folder typed there or picks the file. In 'save' mode a click on a file only puts its name in the
 * field (the pick button saves), so a save is always a deliberate second step.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ListFolderResponse } from '../../core/ipc.ts';
import { bridge } from '../ipc-client.ts';
import { formatSize, hasExtension, isAbsolutePath, joinPath } from '../folder-path.ts';

export interface FolderBrowserProps {
  mode: 'open' | 'save';
  /** Folder shown first: absolute, or relative to the host's folder; absent (or unreadable): the host's folder. */
  start?: string;
  /** The path field's first text (a file name in the start folder, or a path). */
  initialText?: string;
  /** File name extensions without dots ('hdr'); files with others are hidden unless the user shows all. */
  extensions?: string[];
  /** Text and accessible name of the pick button ('Open file', 'Save file'). */
  pickLabel: string;
  placeholder?: string;
  /** Receives the chosen path: absolute, or as typed when no folder could be listed. */
  onPick: (path: string) => void;
  onClose: () => void;
}

const isBareName = (text: string) => !/[\\/]/.test(text) && text !== '.' && text !== '..';

export function FolderBrowser({ mode, start, initialText = '', extensions, pickLabel, placeholder, onPick, onClose }: FolderBrowserProps) {
  const [listing, setListing] = useState<ListFolderResponse>();
  const [text, setText] = useState(initialText);
  const [error, setError] = useState('');
  const [showAll, setShowAll] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  /** Lists `path` (absent: the host's folder): true when it could, else the problem. `quiet` keeps a failure unsaid. */
  const latest = useRef(0);
  const enter = useCallback(async (path: string | undefined, quiet = false): Promise<true | string> => {
    // Only the latest request's answer is shown (quick clicks may be answered out of order).
    const request = ++latest.current;
    try {
      const next = await bridge.invoke('listFolder', path === undefined ? {} : { path });
      if (request !== latest.current) return 'superseded';
      setListing(next);
      setError('');
      return true;
    } catch (e) {
      if (!quiet && request === latest.current) setError((e as Error).message);
      return (e as Error).message;
    }
  }, []);

  useEffect(() => {
    void (async () => {
      const problem = await enter(start, start !== undefined);
      // The start folder (e.g. that of a param's value) is gone: say so, and show the host's folder.
      if (problem !== true && start !== undefined && (await enter(undefined)) === true) setError(`${problem}; showing the host's folder instead`);
    })();
  }, [start, enter]);

  // Escape closes also when nothing in the dialog has focus (inside it, the root's onKeyDown does:
  // the dialog's backdrop keeps its keys from the editor's shortcuts).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const folder = listing?.path;
  const resolve = (name: string) => (folder ? joinPath(folder, name) : name);

  /** Enter or the pick button: a folder typed (or named) is entered, anything else is picked. */
  const submit = async () => {
    const typed = text.trim();
    if (typed === '') {
      setError(mode === 'open' ? 'click a file, or type its name or path' : 'type a file name (it is saved in the folder shown)');
      return;
    }
    if (isBareName(typed) && listing) {
      const entry = listing.entries.find((e) => e.name === typed);
      if (entry?.folder) {
        if ((await enter(resolve(typed))) === true) setText('');
        return;
      }
      onPick(resolve(typed));
      return;
    }
    const target = folder && !isAbsolutePath(typed) ? joinPath(folder, typed) : typed;
    // A path ending in a wanted extension is taken as a file; anything else is tried as a folder first.
    if (extensions?.length && hasExtension(typed, extensions)) onPick(target);
    else if ((await enter(target, true)) === true) setText('');
    else onPick(target);
  };

  const clickFile = (name: string) => {
    if (mode === 'open') onPick(resolve(name));
    else {
      setText(name);
      field.current?.focus();
    }
  };

  const entries = listing?.entries ?? [];
  const shown = entries.filter((e) => e.folder || showAll || hasExtension(e.name, extensions));
  const hidden = entries.length - shown.length;
  return (
    <div className="folder-browser" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <input
        ref={field}
        aria-label="File path"
        placeholder={placeholder}
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && void submit()}
      />
      <div className="dialog-buttons">
        <button onClick={() => void submit()} className="primary" aria-label={pickLabel}>{pickLabel}</button>
        <button onClick={onClose} aria-label="Close dialog">Close</button>
      </div>
      <div className="folder-bar">
        <button aria-label="Up one folder" title={listing?.parent ? `Up to ${listing.parent}` : 'At the top'} disabled={!listing?.parent} onClick={() => void enter(listing?.parent)}>
          ↑ Up
        </button>
        <span className="muted" title="Relative names resolve against this folder">Folder</span>
        <span className="folder-current" aria-label="Current folder" title={`${folder ?? ''}: relative names resolve against this folder`}><bdi>{folder ?? '…'}</bdi></span>
      </div>
      {error && <div className="param-error" role="alert">{error}</div>}
      <ul className="folder-entries" aria-label="Folder contents">
        {shown.map((e) => (
          <li key={e.name}>
            <button
              className={`${e.folder ? 'folder' : 'file'}${!e.folder && e.name === text ? ' chosen' : ''}`}
              aria-label={e.name}
              title={e.folder ? `Open folder ${e.name}` : mode === 'open' ? `Open ${e.name}` : `Save as ${e.name} (replacing it asks first)`}
              onClick={() => (e.folder ? void enter(resolve(e.name)).then((ok) => ok === true && mode === 'open' && setText('')) : clickFile(e.name))}
              onDoubleClick={() => !e.folder && mode === 'save' && onPick(resolve(e.name))}
            >
              <span className="entry-name">{e.folder ? `${e.name}/` : e.name}</span>
              {e.size !== undefined && <span className="entry-size">{formatSize(e.size)}</span>}
            </button>
          </li>
        ))}
        {listing && shown.length === 0 && <li className="muted">{entries.length ? 'no matching files here' : 'empty folder'}</li>}
        {listing?.omitted ? <li className="muted">… {listing.omitted} more entries not listed: type a name</li> : null}
      </ul>
      {extensions?.length ? (
        <label className="folder-filter">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          Show all files{hidden > 0 ? ` (${hidden} hidden)` : ''}; listed: {extensions.map((x) => `.${x}`).join(', ')}
        </label>
      ) : null}
    </div>
  );
}

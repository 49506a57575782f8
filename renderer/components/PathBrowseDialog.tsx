/**
 * Browser-mode "…" (Browse) for a path param: a modal folder browser (FolderBrowser.tsx) that
 * starts in the folder of the param's current value (a relative value resolves against the
 * document's folder, or the host's for an untitled graph). A read param picks an existing file;
 * a write param takes a folder and a typed file name. Files are filtered by the param's
 * `extensions`. The chosen path is absolute. Escape closes.
 */
import type { ParamSpec } from '../../core/params.ts';
import { folderOf, isAbsolutePath, joinPath, nameOf } from '../folder-path.ts';
import { FolderBrowser } from './FolderBrowser.tsx';

export interface PathBrowseDialogProps {
  name: string;
  spec: ParamSpec;
  /** The param's current value (absolute, or relative to `baseFolder`). */
  value?: string;
  /** The document's folder; absent for an untitled graph (the host's folder applies). */
  baseFolder?: string;
  onPick: (path: string) => void;
  onClose: () => void;
}

/** Folder the browser starts in for `value`: its folder part, resolved against `baseFolder`. */
export function startFolder(value: string | undefined, baseFolder: string | undefined): string | undefined {
  const part = value ? folderOf(value) : '';
  if (!part) return baseFolder;
  return isAbsolutePath(part) || !baseFolder ? part : joinPath(baseFolder, part);
}

export function PathBrowseDialog({ name, spec, value, baseFolder, onPick, onClose }: PathBrowseDialogProps) {
  const write = spec.io === 'write';
  const label = `Browse for ${name}`;
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.stopPropagation()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={label}>
        <h2>{write ? `Where to write '${name}'` : `File for '${name}'`}</h2>
        <p className="muted">{write ? 'Choose a folder, then type the file name.' : 'Click a file to use it, or type its path.'}{spec.description ? ` ${spec.description.charAt(0).toUpperCase()}${spec.description.slice(1)}.` : ''}</p>
        <FolderBrowser
          mode={write ? 'save' : 'open'}
          start={startFolder(value, baseFolder)}
          initialText={value ? nameOf(value) : ''}
          extensions={spec.extensions}
          pickLabel={write ? 'Use this path' : 'Use this file'}
          placeholder={spec.extensions?.length ? `name.${spec.extensions[0]}` : 'file name'}
          onPick={(path) => {
            onPick(path);
            onClose();
          }}
          onClose={onClose}
        />
      </div>
    </div>
  );
}

/** Keyboard shortcuts: undo/redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y), copy/paste/duplicate, select all, delete, save, open. */
import { useEffect } from 'react';
import type { Editor } from './use-editor.ts';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function useShortcuts(editor: Editor): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        editor.save();
        return;
      }
      if (mod && key === 'o') {
        e.preventDefault();
        editor.open();
        return;
      }
      if (typingInField(e.target) || editor.dialog) return;
      const act = (f: () => void) => {
        e.preventDefault();
        f();
      };
      if (mod && key === 'z' && !e.shiftKey) act(() => editor.store.undo());
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) act(() => editor.store.redo());
      else if (mod && key === 'c') act(editor.copy);
      else if (mod && key === 'v') act(editor.pasteClip);
      else if (mod && key === 'd') act(editor.duplicate);
      else if (mod && key === 'a') act(editor.selectAll);
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) act(editor.deleteSelection);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editor]);
}

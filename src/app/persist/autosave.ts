// The notebook kept in the browser between visits: written shortly after every change, read at start.
import { notebookDoc, parseNotebook, type Notebook } from './notebook-doc';

export const AUTOSAVE_KEY = 'tierbook.notebook';

/** The autosaved notebook; null when there is none, an error when it is unreadable (never applied half). */
export function readAutosave(storage: Pick<Storage, 'getItem'> = localStorage): ReturnType<typeof parseNotebook> | null {
  let text: string | null;
  try {
    text = storage.getItem(AUTOSAVE_KEY);
  } catch {
    return null; // storage switched off
  }
  if (text === null) return null;
  try {
    return parseNotebook(JSON.parse(text));
  } catch {
    return { ok: false, error: 'the autosaved notebook is not JSON' };
  }
}

/** Writes the notebook; a full or refused storage is reported, never silent. */
export function writeAutosave(n: Notebook, storage: Pick<Storage, 'setItem'> = localStorage): string | null {
  try {
    storage.setItem(AUTOSAVE_KEY, JSON.stringify(notebookDoc(n)));
    return null;
  } catch (e) {
    const quota = e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
    return quota ? 'storage is full: the notebook could not be autosaved (save it as a file)' : `the notebook could not be autosaved: ${(e as Error).message}`;
  }
}

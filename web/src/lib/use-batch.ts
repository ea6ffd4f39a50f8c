import { useEffect, useReducer } from 'preact/hooks';
import type { Batch, Item } from './batch.js';

/**
 * Re-renders the caller whenever the batch changes: its items, but also its limits or the
 * settings that make results stale, which leave the item array as it was.
 */
export function useBatchItems(batch: Batch): readonly Item[] {
  const [, changed] = useReducer((n: number, _: undefined) => n + 1, 0);
  useEffect(() => batch.subscribe(() => changed(undefined)), [batch]);
  return batch.snapshot();
}

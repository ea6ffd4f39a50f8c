import { useEffect, useState } from 'preact/hooks';
import type { Batch, Item } from './batch.js';

/** Re-renders the caller whenever the batch changes. */
export function useBatchItems(batch: Batch): readonly Item[] {
  const [items, setItems] = useState(batch.snapshot());
  useEffect(() => {
    setItems(batch.snapshot());
    return batch.subscribe(() => setItems(batch.snapshot()));
  }, [batch]);
  return items;
}

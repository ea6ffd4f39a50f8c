import { useState } from 'preact/hooks';
import type { Batch, Item } from '../lib/batch.js';
import { formatBinaryBytes } from '../../../src/shared/units.js';
import { formatSaving, savedFraction } from '../lib/format.js';
import { buildZip } from '../lib/zip.js';
import { FileRow } from './FileRow.js';
import { DownloadIcon, TrashIcon } from './icons.js';

interface Props {
  readonly batch: Batch;
  readonly items: readonly Item[];
  readonly onCompare: (id: number) => void;
}

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; the URL is not needed any longer.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Results({ batch, items, onCompare }: Props) {
  const [zipping, setZipping] = useState(false);
  if (items.length === 0) return null;

  const done = items.filter((i) => i.state === 'done' && i.result);
  const working = items.filter((i) => ['checking', 'queued', 'uploading', 'processing'].includes(i.state)).length;
  const failed = items.filter((i) => i.state === 'error' || i.state === 'refused').length;
  const before = done.reduce((sum, i) => sum + (i.result?.originalBytes ?? 0), 0);
  const after = done.reduce((sum, i) => sum + (i.result?.bytes ?? 0), 0);

  const downloadZip = async (): Promise<void> => {
    setZipping(true);
    try {
      const blob = await buildZip(done.map((i) => ({ name: i.result!.name, blob: i.result!.blob })));
      saveBlob(blob, 'compressed-images.zip');
    } finally {
      setZipping(false);
    }
  };

  let status: string;
  if (working > 0) status = `Compressing ${working} of ${items.length}…`;
  else if (done.length > 0) status = `${done.length} ${done.length === 1 ? 'image' : 'images'} done`;
  else status = 'Nothing to download';
  if (failed > 0 && working === 0) status += ` · ${failed} not compressed`;

  return (
    <section class="results" aria-labelledby="results-title">
      <div class="results-head">
        <div class="results-summary">
          <h2 id="results-title">Your images</h2>
          <p class="results-status" role="status" aria-live="polite" data-testid="batch-status">
            {status}
          </p>
        </div>
        {done.length > 0 && (
          <div class="results-total" data-testid="batch-total">
            <span class="total-sizes">
              {formatBinaryBytes(before)} <span aria-hidden="true">→</span>
              <span class="visually-hidden"> to </span> {formatBinaryBytes(after)}
            </span>
            <span class="saving-badge large">saved {formatSaving(before, after).replace('−', '')}</span>
            <span class="meter" aria-hidden="true">
              <span class="meter-fill" style={{ width: `${Math.round(savedFraction(before, after) * 100)}%` }} />
            </span>
          </div>
        )}
        <div class="results-actions">
          <button type="button" class="button primary" disabled={done.length === 0 || zipping} onClick={() => void downloadZip()}>
            <DownloadIcon />
            {zipping ? (
              'Packing…'
            ) : (
              <>
                Download all{done.length > 1 ? ` (${done.length})` : ''}
                <span class="hide-narrow">&nbsp;as ZIP</span>
              </>
            )}
          </button>
          <button type="button" class="button ghost" onClick={() => batch.clear()}>
            <TrashIcon />
            Clear
          </button>
        </div>
      </div>
      <ul class="file-list">
        {items.map((item) => (
          <FileRow key={item.id} item={item} stale={batch.isStale(item)} batch={batch} onCompare={onCompare} />
        ))}
      </ul>
    </section>
  );
}

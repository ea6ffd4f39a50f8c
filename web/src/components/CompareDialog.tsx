import { useEffect, useRef } from 'preact/hooks';
import type { Item } from '../lib/batch.js';
import { formatBinaryBytes } from '../../../src/shared/units.js';
import { formatLabel, formatSaving } from '../lib/format.js';
import { scoreWords } from '../../../src/shared/score-words.js';
import { CompareView } from './CompareView.js';
import { CloseIcon, DownloadIcon } from './icons.js';

interface Props {
  readonly item: Item;
  readonly onClose: () => void;
}

/**
 * The before/after view in a modal <dialog>: the browser traps focus inside it, closes it on
 * Escape and gives focus back to the button that opened it.
 */
export function CompareDialog({ item, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    d.showModal();
    const closed = (): void => onCloseRef.current();
    d.addEventListener('close', closed);
    return () => {
      d.removeEventListener('close', closed);
      if (d.open) d.close();
      opener?.focus();
    };
  }, []);

  const r = item.result!;
  const before = item.previewUrl!;
  const original = formatLabel(item.kind);

  return (
    <dialog ref={dialog} class="compare-dialog" aria-labelledby="compare-title" data-testid="compare-dialog">
      <div class="compare-top">
        <div class="compare-title-block">
          <h2 id="compare-title">{item.name}</h2>
          <p class="compare-sub">
            {formatBinaryBytes(r.originalBytes)} {original} → {formatBinaryBytes(r.bytes)} {formatLabel(r.format)} · {formatSaving(r.originalBytes, r.bytes)}
            {r.qualityScore !== undefined && ` · looks ${scoreWords(r.qualityScore)} (${Math.round(r.qualityScore)})`}
          </p>
        </div>
        <a class="button small primary" href={r.url} download={r.name}>
          <DownloadIcon />
          <span class="hide-narrow">Download</span>
        </a>
        <button type="button" class="icon-button on-dark" onClick={() => dialog.current?.close()} aria-label="Close the comparison" autofocus>
          <CloseIcon />
        </button>
      </div>
      <CompareView
        beforeUrl={before}
        afterUrl={r.url}
        width={r.width}
        height={r.height}
        beforeLabel={`Original · ${original}`}
        afterLabel={`Compressed · ${formatLabel(r.format)}`}
      />
    </dialog>
  );
}

import { useState } from 'preact/hooks';
import type { Batch, Item } from '../lib/batch.js';
import { formatBinaryBytes } from '../../../src/shared/units.js';
import { formatLabel, formatSaving } from '../lib/format.js';
import { scoreWords } from '../../../src/shared/score-words.js';
import { AlertIcon, CompareIcon, DownloadIcon, RetryIcon, TrashIcon } from './icons.js';

interface Props {
  readonly item: Item;
  /** Made with other settings than the current ones. */
  readonly stale: boolean;
  readonly batch: Batch;
  readonly onCompare: (id: number) => void;
}

function stateText(item: Item): string {
  switch (item.state) {
    case 'checking':
      return 'Checking…';
    case 'queued':
      return 'Waiting…';
    case 'uploading':
      return `Uploading ${Math.round(item.progress * 100)}%`;
    case 'processing':
      return 'Compressing…';
    case 'done':
      return 'Done';
    case 'refused':
      return 'Not accepted';
    case 'error':
      return 'Failed';
  }
}

function Thumb({ item }: { readonly item: Item }) {
  const src = item.result?.url ?? item.previewUrl;
  // A damaged file has a valid signature but no picture: show its type instead of a broken image.
  const [failed, setFailed] = useState<string | undefined>();
  const show = src !== undefined && failed !== src;
  return (
    <div class="thumb" aria-hidden="true">
      {show ? (
        <img src={src} alt="" loading="lazy" decoding="async" onError={() => setFailed(src)} />
      ) : (
        <span class="thumb-ext">{item.kind ? formatLabel(item.kind) : '?'}</span>
      )}
    </div>
  );
}

function Details({ item }: { readonly item: Item }) {
  const r = item.result;
  if (!r) {
    return (
      <p class="file-meta">
        {formatBinaryBytes(item.file.size)}
        {item.kind && ` · ${formatLabel(item.kind)}`}
      </p>
    );
  }
  const converted = item.kind && item.kind !== r.format ? `${formatLabel(item.kind)} → ${formatLabel(r.format)}` : formatLabel(r.format);
  const quality = r.keptOriginal ? 'already optimal, original kept' : r.quality && /^\d+$/.test(r.quality) ? `quality ${r.quality}` : r.quality;
  return (
    <p class="file-meta">
      {converted}
      {r.width && r.height ? ` · ${r.width}×${r.height}` : ''}
      {quality ? ` · ${quality}` : ''}
      {r.qualityScore !== undefined && (
        <span class="score" title={`SSIMULACRA2 score ${r.qualityScore.toFixed(1)}`} data-testid="quality-score">
          {' · looks '}
          <strong>{scoreWords(r.qualityScore)}</strong> ({Math.round(r.qualityScore)})
        </span>
      )}
    </p>
  );
}

function Sizes({ item }: { readonly item: Item }) {
  const r = item.result;
  if (!r) return null;
  const grew = r.bytes >= r.originalBytes;
  return (
    <div class="sizes" data-testid="sizes">
      <span class="size-before">{formatBinaryBytes(r.originalBytes)}</span>
      <span class="size-arrow" aria-hidden="true">
        →
      </span>
      <span class="visually-hidden"> to </span>
      <span class="size-after">{formatBinaryBytes(r.bytes)}</span>
      <span class={`saving-badge ${grew ? 'neutral' : ''}`} data-testid="saving">
        {formatSaving(r.originalBytes, r.bytes)}
      </span>
    </div>
  );
}

export function FileRow({ item, stale, batch, onCompare }: Props) {
  const busy = item.state === 'checking' || item.state === 'queued' || item.state === 'uploading' || item.state === 'processing';
  const failed = item.state === 'error' || item.state === 'refused';
  const r = item.result;
  const labelId = `file-${item.id}-name`;

  return (
    <li class={`file-row state-${item.state} ${stale ? 'stale' : ''}`} aria-labelledby={labelId} data-testid="file-row">
      <Thumb item={item} />
      <div class="file-main">
        <p class="file-name" id={labelId} title={item.name}>
          {item.name}
        </p>
        <Details item={item} />
        {busy && (
          <div class="progress-line">
            {/* Separate elements: a <progress> that once had a value cannot become indeterminate again. */}
            {item.state === 'uploading' ? (
              <progress key="determinate" max={1} value={item.progress} aria-label={`${item.name}: ${stateText(item)}`} />
            ) : (
              <progress key="indeterminate" class="indeterminate" aria-label={`${item.name}: ${stateText(item)}`} />
            )}
            <span class="state-text">{stateText(item)}</span>
          </div>
        )}
        {failed && item.message && (
          <p class="file-error" role="alert" data-testid="file-error">
            <AlertIcon class="inline-icon" />
            <span>{item.message}</span>
          </p>
        )}
        {stale && <p class="stale-note">Made with earlier settings</p>}
      </div>
      <Sizes item={item} />
      <div class="row-actions">
        {item.state === 'error' && (
          <button type="button" class="button small" onClick={() => batch.rerun(item.id)}>
            <RetryIcon />
            Retry
          </button>
        )}
        {stale && (
          <button type="button" class="button small" onClick={() => batch.rerun(item.id)} aria-label={`Re-run ${item.name} with the current settings`}>
            <RetryIcon />
            Re-run
          </button>
        )}
        {r && (
          <button
            type="button"
            class="button small ghost"
            onClick={() => onCompare(item.id)}
            disabled={!item.previewUrl}
            title={item.previewUrl ? undefined : 'Browsers cannot show this original format'}
            aria-label={`Compare ${item.name} before and after`}
          >
            <CompareIcon />
            <span class="hide-narrow">Compare</span>
          </button>
        )}
        {r && (
          <a class="button small primary" href={r.url} download={r.name} aria-label={`Download ${r.name}`} data-testid="download">
            <DownloadIcon />
            <span class="hide-narrow">Download</span>
          </a>
        )}
        <button type="button" class="icon-button" onClick={() => batch.remove(item.id)} aria-label={`Remove ${item.name}`} title="Remove">
          <TrashIcon />
        </button>
      </div>
    </li>
  );
}

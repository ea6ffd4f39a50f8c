import { useState } from 'preact/hooks';
import type { Batch, Item } from '../lib/batch.js';
import {
  DEFAULT_SETTINGS,
  METADATA_CHOICES,
  sameSettings,
  type FormatChoice,
  type MetadataChoice,
  type QualityMode,
  type Settings,
} from '../lib/settings.js';
import { TARGETS } from '../../../src/shared/defaults.js';
import { scoreWords } from '../../../src/shared/score-words.js';
import { LinkIcon, RetryIcon } from './icons.js';
import { NumberField } from './NumberField.js';
import { Segmented, type SegmentOption } from './Segmented.js';

interface Props {
  readonly settings: Settings;
  readonly onChange: (s: Settings) => void;
  readonly batch: Batch;
  /** Passed so the panel re-renders when the batch changes (stale count). */
  readonly items: readonly Item[];
}

const FORMATS: readonly SegmentOption<FormatChoice>[] = [
  { value: 'keep', label: 'Same', note: 'as original' },
  { value: 'auto', label: 'Best', note: 'smallest' },
  { value: 'avif', label: 'AVIF' },
  { value: 'webp', label: 'WebP' },
  { value: 'jpeg', label: 'JPEG' },
  { value: 'png', label: 'PNG' },
];

const FORMAT_HINTS: Record<FormatChoice, string> = {
  keep: 'Each image stays in its own format.',
  auto: 'Tries AVIF, WebP and JPEG (and PNG for graphics) and keeps the smallest that looks right.',
  avif: 'Smallest files for photos; supported by all current browsers.',
  webp: 'Small files, supported everywhere on the web today.',
  jpeg: 'Works with every program and device.',
  png: 'For screenshots, logos and graphics; quantised to a palette unless lossless.',
};

const QUALITY_MODES: readonly SegmentOption<QualityMode>[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'default', label: 'Default' },
  { value: 'custom', label: 'Custom' },
  { value: 'lossless', label: 'Lossless' },
];

const QUALITY_HINTS: Record<QualityMode, string> = {
  auto: 'Finds the smallest file that still looks the way you choose below, and tells you the measured score.',
  default: 'A quality measured to suit each format.',
  custom: 'You set the encoder quality: lower is smaller, higher is sharper.',
  lossless: 'Every pixel kept exactly (PNG, WebP, AVIF); JPEG stays lossy.',
};

const METADATA_LABELS: Record<MetadataChoice, string> = {
  strip: 'Remove all (most private)',
  'keep-color-profile': 'Keep colour profile only',
  'keep-all-but-location': 'Keep all except location',
};

const TARGET_LABELS: Record<number, string> = {
  90: 'Indistinguishable (larger files)',
  80: 'Very high (recommended)',
  70: 'High (smaller files)',
};

export function SettingsPanel({ settings, onChange, batch }: Props) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  // Open at first when a size setting is in use; afterwards the person opens and closes it.
  const [moreOpen] = useState(settings.maxWidth !== undefined || settings.maxHeight !== undefined || settings.maxBytes !== undefined);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]): void => onChange({ ...settings, [key]: value });
  const stale = batch.staleCount();
  const failed = batch.snapshot().filter((i) => i.state === 'error').length;

  const copyLink = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('yes');
    } catch {
      // The clipboard API needs HTTPS (or localhost); the address bar always has the link.
      setCopied('failed');
    }
    setTimeout(() => setCopied('no'), 4000);
  };

  return (
    <aside class="settings" aria-labelledby="settings-title">
      <div class="settings-head">
        <h2 id="settings-title">Settings</h2>
        <button type="button" class="link-button" onClick={() => onChange(DEFAULT_SETTINGS)} disabled={sameSettings(settings, DEFAULT_SETTINGS)}>
          Reset
        </button>
      </div>

      {(stale > 0 || failed > 0) && (
        <div class="apply-banner" role="status">
          <p>
            {stale > 0
              ? `${stale} ${stale === 1 ? 'image was' : 'images were'} made with earlier settings.`
              : `${failed} ${failed === 1 ? 'image' : 'images'} failed.`}
          </p>
          <button type="button" class="button primary small" onClick={() => batch.rerunAll()}>
            <RetryIcon />
            {stale > 0 ? 'Apply to all' : 'Retry all'}
          </button>
        </div>
      )}

      <Segmented
        name="format"
        legend="Output format"
        options={FORMATS}
        value={settings.format}
        onChange={(v) => set('format', v)}
        describedBy="format-hint"
      />
      <p class="hint" id="format-hint">
        {FORMAT_HINTS[settings.format]}
      </p>

      <Segmented
        name="quality-mode"
        legend="Quality"
        options={QUALITY_MODES}
        value={settings.qualityMode}
        onChange={(v) => set('qualityMode', v)}
        describedBy="quality-hint"
        columns={4}
      />
      <p class="hint" id="quality-hint">
        {QUALITY_HINTS[settings.qualityMode]}
      </p>
      {settings.qualityMode === 'custom' && (
        <div class="field range-field">
          <div class="range-head">
            <label class="field-label" for="quality">
              Quality
            </label>
            <output for="quality" class="range-value" data-testid="quality-value">
              {settings.quality}
            </output>
          </div>
          <input id="quality" type="range" min={1} max={100} step={1} value={settings.quality} onInput={(e) => set('quality', Number(e.currentTarget.value))} />
          <div class="range-scale" aria-hidden="true">
            <span>Smaller</span>
            <span>Sharper</span>
          </div>
        </div>
      )}
      {settings.qualityMode === 'auto' && (
        <div class="field">
          <label class="field-label" for="target">
            Look
          </label>
          <select id="target" value={String(settings.target)} onChange={(e) => set('target', Number(e.currentTarget.value))}>
            {TARGETS.map((t) => (
              <option key={t} value={String(t)}>
                {TARGET_LABELS[t] ?? scoreWords(t)}
              </option>
            ))}
          </select>
        </div>
      )}

      <details class="more" open={moreOpen}>
        <summary>Resize and size cap</summary>
        <div class="field-row">
          <NumberField id="max-width" label="Max width" unit="px" placeholder="Any" min={1} max={65535} value={settings.maxWidth} onChange={(v) => set('maxWidth', v)} />
          <NumberField id="max-height" label="Max height" unit="px" placeholder="Any" min={1} max={65535} value={settings.maxHeight} onChange={(v) => set('maxHeight', v)} />
        </div>
        <p class="hint">Images are shrunk to fit, keeping their proportions; never enlarged.</p>
        <NumberField
          id="max-bytes"
          label="Size cap"
          unit="KB"
          placeholder="No cap"
          min={1}
          max={1_000_000}
          value={settings.maxBytes === undefined ? undefined : Math.round(settings.maxBytes / 1000)}
          onChange={(v) => set('maxBytes', v === undefined ? undefined : v * 1000)}
        />
        <p class="hint">The best quality that fits, without going below an acceptable look.</p>
      </details>

      <div class="field">
        <label class="field-label" for="metadata">
          Metadata (camera, date, location)
        </label>
        <select id="metadata" value={settings.metadata} onChange={(e) => set('metadata', e.currentTarget.value as MetadataChoice)}>
          {METADATA_CHOICES.map((m) => (
            <option key={m} value={m}>
              {METADATA_LABELS[m]}
            </option>
          ))}
        </select>
      </div>

      <div class="settings-foot">
        <button type="button" class="button ghost small" onClick={() => void copyLink()}>
          <LinkIcon />
          {copied === 'yes' ? 'Link copied' : copied === 'failed' ? 'Copy the address bar instead' : 'Copy link to these settings'}
        </button>
        <p class="hint">Settings are remembered in this browser only.</p>
      </div>
    </aside>
  );
}

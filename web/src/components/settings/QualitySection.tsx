import { TARGETS } from '../../../../src/shared/defaults.js';
import { scoreWords } from '../../../../src/shared/score-words.js';
import type { QualityMode, Settings } from '../../lib/settings.js';
import type { SetSetting } from '../../lib/use-settings-panel.js';
import { Segmented, type SegmentOption } from '../Segmented.js';

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

const TARGET_LABELS: Record<number, string> = {
  90: 'Indistinguishable (larger files)',
  80: 'Very high (recommended)',
  70: 'High (smaller files)',
};

/** The quality mode, and what goes with it: the encoder quality (custom) or the look to reach (auto). */
export function QualitySection({ settings, set }: { readonly settings: Settings; readonly set: SetSetting }) {
  return (
    <>
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
    </>
  );
}

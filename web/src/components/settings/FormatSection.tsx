import type { FormatChoice, Settings } from '../../lib/settings.js';
import type { SetSetting } from '../../lib/use-settings-panel.js';
import { Segmented, type SegmentOption } from '../Segmented.js';

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

/** The output format, with a sentence about the one chosen. */
export function FormatSection({ settings, set }: { readonly settings: Settings; readonly set: SetSetting }) {
  return (
    <>
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
    </>
  );
}

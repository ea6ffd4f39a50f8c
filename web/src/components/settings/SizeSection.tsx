import type { Settings } from '../../lib/settings.js';
import type { SetSetting } from '../../lib/use-settings-panel.js';
import { NumberField } from '../NumberField.js';

interface Props {
  readonly settings: Settings;
  readonly set: SetSetting;
  /** Open at first (a size setting is in use); afterwards the person opens and closes it. */
  readonly open: boolean;
}

/** Resize (max width and height) and the size cap, folded away until needed. */
export function SizeSection({ settings, set, open }: Props) {
  return (
    <details class="more" open={open}>
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
  );
}

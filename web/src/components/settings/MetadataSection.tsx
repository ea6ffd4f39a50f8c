import { METADATA_CHOICES, type MetadataChoice, type Settings } from '../../lib/settings.js';
import type { SetSetting } from '../../lib/use-settings-panel.js';

const METADATA_LABELS: Record<MetadataChoice, string> = {
  strip: 'Remove all (most private)',
  'keep-color-profile': 'Keep colour profile only',
  'keep-all-but-location': 'Keep all except location',
};

/** What happens to the camera, date and location data. */
export function MetadataSection({ settings, set }: { readonly settings: Settings; readonly set: SetSetting }) {
  return (
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
  );
}

import type { Batch, Item } from '../lib/batch.js';
import type { Settings } from '../lib/settings.js';
import { useSettingsPanel } from '../lib/use-settings-panel.js';
import { ApplyBanner } from './settings/ApplyBanner.js';
import { FormatSection } from './settings/FormatSection.js';
import { MetadataSection } from './settings/MetadataSection.js';
import { QualitySection } from './settings/QualitySection.js';
import { ShareSettings } from './settings/ShareSettings.js';
import { SizeSection } from './settings/SizeSection.js';

interface Props {
  readonly settings: Settings;
  readonly onChange: (s: Settings) => void;
  readonly batch: Batch;
  /** Passed so the panel re-renders when the batch changes (stale count). */
  readonly items: readonly Item[];
}

/** The settings, group by group: format, quality, size, metadata; then the link that shares them. */
export function SettingsPanel({ settings, onChange, batch }: Props) {
  const panel = useSettingsPanel(settings, onChange, batch);
  const { set } = panel;

  return (
    <aside class="settings" aria-labelledby="settings-title">
      <div class="settings-head">
        <h2 id="settings-title">Settings</h2>
        <button type="button" class="link-button" onClick={panel.reset} disabled={panel.isDefault}>
          Reset
        </button>
      </div>

      <ApplyBanner stale={panel.stale} failed={panel.failed} onRerun={() => batch.rerunAll()} />
      <FormatSection settings={settings} set={set} />
      <QualitySection settings={settings} set={set} />
      <SizeSection settings={settings} set={set} open={panel.sizeOpenAtFirst} />
      <MetadataSection settings={settings} set={set} />
      <ShareSettings copied={panel.copied} copyLink={panel.copyLink} />
    </aside>
  );
}

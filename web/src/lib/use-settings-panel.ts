import { useState } from 'preact/hooks';
import type { Batch } from './batch.js';
import { DEFAULT_SETTINGS, sameSettings, type Settings } from './settings.js';

/** Changes one setting, leaving the others as they are. */
export type SetSetting = <K extends keyof Settings>(key: K, value: Settings[K]) => void;

export interface SettingsPanelState {
  readonly set: SetSetting;
  /** Back to the defaults, and whether there is anything to reset. */
  readonly reset: () => void;
  readonly isDefault: boolean;
  /** Results made with earlier settings, and failed ones: the banner's counts. */
  readonly stale: number;
  readonly failed: number;
  /** The size section starts open when a size setting is in use; afterwards the person opens and closes it. */
  readonly sizeOpenAtFirst: boolean;
  /** The "copy link" button's state: 'failed' when the clipboard refused (it needs HTTPS or localhost). */
  readonly copied: 'no' | 'yes' | 'failed';
  readonly copyLink: () => Promise<void>;
}

/** The settings panel's state: changing settings, the stale and failed counts, copying the link. */
export function useSettingsPanel(settings: Settings, onChange: (s: Settings) => void, batch: Batch): SettingsPanelState {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const [sizeOpenAtFirst] = useState(settings.maxWidth !== undefined || settings.maxHeight !== undefined || settings.maxBytes !== undefined);

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

  return {
    set: (key, value) => onChange({ ...settings, [key]: value }),
    reset: () => onChange(DEFAULT_SETTINGS),
    isDefault: sameSettings(settings, DEFAULT_SETTINGS),
    stale: batch.staleCount(),
    failed: batch.snapshot().filter((i) => i.state === 'error').length,
    sizeOpenAtFirst,
    copied,
    copyLink,
  };
}

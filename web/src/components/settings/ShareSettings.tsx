import type { SettingsPanelState } from '../../lib/use-settings-panel.js';
import { LinkIcon } from '../icons.js';

type Props = Pick<SettingsPanelState, 'copied' | 'copyLink'>;

/** Copy a link to these settings; they are remembered in this browser anyway. */
export function ShareSettings({ copied, copyLink }: Props) {
  return (
    <div class="settings-foot">
      <button type="button" class="button ghost small" onClick={() => void copyLink()}>
        <LinkIcon />
        {copied === 'yes' ? 'Link copied' : copied === 'failed' ? 'Copy the address bar instead' : 'Copy link to these settings'}
      </button>
      <p class="hint">Settings are remembered in this browser only.</p>
    </div>
  );
}

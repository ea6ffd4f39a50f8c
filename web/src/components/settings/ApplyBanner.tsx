import { RetryIcon } from '../icons.js';

interface Props {
  readonly stale: number;
  readonly failed: number;
  readonly onRerun: () => void;
}

/** Results made with earlier settings (or failed ones), and the button that runs them again. */
export function ApplyBanner({ stale, failed, onRerun }: Props) {
  if (stale === 0 && failed === 0) return null;
  return (
    <div class="apply-banner" role="status">
      <p>
        {stale > 0
          ? `${stale} ${stale === 1 ? 'image was' : 'images were'} made with earlier settings.`
          : `${failed} ${failed === 1 ? 'image' : 'images'} failed.`}
      </p>
      <button type="button" class="button primary small" onClick={onRerun}>
        <RetryIcon />
        {stale > 0 ? 'Apply to all' : 'Retry all'}
      </button>
    </div>
  );
}

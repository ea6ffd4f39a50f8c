import type { Divider } from '../../lib/use-divider.js';

/** The divider between original (left) and compressed (right): a slider for assistive technology. */
export function CompareDivider({ split, onPointerDown, onKeyDown }: Divider) {
  return (
    <div
      class="divider"
      style={{ left: `${split * 100}%` }}
      role="slider"
      tabIndex={0}
      aria-label="Divider: original on the left, compressed on the right"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(split * 100)}
      aria-valuetext={`${Math.round(split * 100)}% original`}
      aria-orientation="horizontal"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid="divider"
    >
      <span class="divider-line" aria-hidden="true" />
      <span class="divider-knob" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">
          <path d="M9 6l-5 6 5 6M15 6l5 6-5 6" />
        </svg>
      </span>
    </div>
  );
}

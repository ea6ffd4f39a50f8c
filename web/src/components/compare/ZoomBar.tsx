import type { ZoomPan } from '../../lib/use-zoom-pan.js';
import { ZoomInIcon, ZoomOutIcon } from '../icons.js';

type Props = Pick<ZoomPan, 'percent' | 'isFit' | 'zoomStep' | 'zoomTo' | 'fit'>;

/** Zoom out, the zoom level, zoom in, fit, and actual pixels. */
export function ZoomBar({ percent, isFit, zoomStep, zoomTo, fit }: Props) {
  return (
    <div class="zoom-bar" role="group" aria-label="Zoom">
      <button type="button" class="icon-button on-dark" onClick={() => zoomStep(-1)} aria-label="Zoom out">
        <ZoomOutIcon />
      </button>
      <output class="zoom-value" aria-live="polite" data-testid="zoom-value">
        {percent}%
      </output>
      <button type="button" class="icon-button on-dark" onClick={() => zoomStep(1)} aria-label="Zoom in">
        <ZoomInIcon />
      </button>
      <button type="button" class="button small dark" aria-pressed={isFit} onClick={fit}>
        Fit
      </button>
      <button type="button" class="button small dark" aria-pressed={percent === 100} onClick={() => zoomTo(1)}>
        1:1
      </button>
    </div>
  );
}

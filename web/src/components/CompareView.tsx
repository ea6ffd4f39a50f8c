import { useDivider } from '../lib/use-divider.js';
import { useZoomPan } from '../lib/use-zoom-pan.js';
import { CompareDivider } from './compare/CompareDivider.js';
import { ZoomBar } from './compare/ZoomBar.js';

interface Props {
  readonly beforeUrl: string;
  readonly afterUrl: string;
  /** The result's size in pixels; both images are drawn at this size so that they line up. */
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly beforeLabel: string;
  readonly afterLabel: string;
}

/**
 * The original and the result stacked exactly on top of each other; the original is clipped at
 * the divider. Drag the divider (or focus it and use the arrow keys) to move it; drag the image
 * to pan; wheel, pinch or the buttons to zoom. Transforms are set through the CSSOM, which the
 * Content-Security-Policy allows (style attributes in markup would not be).
 */
export function CompareView({ beforeUrl, afterUrl, width, height, beforeLabel, afterLabel }: Props) {
  const zoom = useZoomPan(width && height ? { width, height } : undefined, '.divider');
  const divider = useDivider(zoom.viewportRef);
  const { image, transform } = zoom;

  return (
    <div class="compare">
      <div
        ref={zoom.viewportRef}
        class={`compare-viewport ${zoom.pixelated ? 'pixelated' : ''} ${zoom.view ? '' : 'loading'}`}
        tabIndex={0}
        role="group"
        aria-roledescription="image comparison"
        aria-label="Before and after. Drag or use the arrow keys to pan; + and − zoom; 1 shows actual pixels; 0 fits."
        {...zoom.handlers}
        data-testid="compare-viewport"
      >
        <div class="layer layer-after">
          <img
            class="stage-img"
            src={afterUrl}
            alt="Compressed"
            width={image.width}
            height={image.height}
            style={transform}
            draggable={false}
            onLoad={(e) => {
              const img = e.currentTarget;
              zoom.onImageSize({ width: img.naturalWidth, height: img.naturalHeight });
            }}
          />
        </div>
        <div class="layer layer-before" style={{ clipPath: `inset(0 ${(1 - divider.split) * 100}% 0 0)` }}>
          <img class="stage-img" src={beforeUrl} alt="Original" width={image.width} height={image.height} style={transform} draggable={false} />
        </div>
        <span class="chip chip-left" aria-hidden="true">
          {beforeLabel}
        </span>
        <span class="chip chip-right" aria-hidden="true">
          {afterLabel}
        </span>
        <CompareDivider {...divider} />
      </div>
      <ZoomBar percent={zoom.percent} isFit={zoom.isFit} zoomStep={zoom.zoomStep} zoomTo={zoom.zoomTo} fit={zoom.fit} />
    </div>
  );
}

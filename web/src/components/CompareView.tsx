import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { clampView, fitScale, fitView, nextZoomStep, panBy, zoomAt, type Size, type View } from '../lib/view.js';
import { ZoomInIcon, ZoomOutIcon } from './icons.js';

interface Props {
  readonly beforeUrl: string;
  readonly afterUrl: string;
  /** The result's size in pixels; both images are drawn at this size so that they line up. */
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly beforeLabel: string;
  readonly afterLabel: string;
}

interface Pointer {
  x: number;
  y: number;
}

/**
 * The original and the result stacked exactly on top of each other; the original is clipped at
 * the divider. Drag the divider (or focus it and use the arrow keys) to move it; drag the image
 * to pan; wheel, pinch or the buttons to zoom. Transforms are set through the CSSOM, which the
 * Content-Security-Policy allows (style attributes in markup would not be).
 */
export function CompareView({ beforeUrl, afterUrl, width, height, beforeLabel, afterLabel }: Props) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [natural, setNatural] = useState<Size | undefined>(width && height ? { width, height } : undefined);
  const [view, setView] = useState<View | undefined>();
  const [fitted, setFitted] = useState(true);
  const [split, setSplit] = useState(0.5);
  const pointers = useRef(new Map<number, Pointer>());
  const pinch = useRef<{ distance: number; view: View } | undefined>(undefined);

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = (): void => setViewport({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Fit when the sizes become known, and keep fitting on resize until the person zooms.
  useEffect(() => {
    if (!natural || viewport.width === 0) return;
    setView((v) => (fitted || !v ? fitView(natural, viewport) : clampView(v, natural, viewport)));
  }, [natural, viewport, fitted]);

  const image = natural ?? { width: 1, height: 1 };
  const center = { x: viewport.width / 2, y: viewport.height / 2 };

  const zoomTo = (z: number, cx = center.x, cy = center.y): void => {
    if (!view) return;
    setFitted(false);
    setView(zoomAt(view, z, cx, cy, image, viewport));
  };

  const onWheel = (e: WheelEvent): void => {
    if (!view) return;
    e.preventDefault();
    const rect = viewportRef.current!.getBoundingClientRect();
    zoomTo(view.z * Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
  };

  const onPointerDown = (e: PointerEvent): void => {
    if ((e.target as Element).closest('.divider')) return;
    viewportRef.current?.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2 && view) {
      const [a, b] = [...pointers.current.values()] as [Pointer, Pointer];
      pinch.current = { distance: Math.hypot(a.x - b.x, a.y - b.y), view };
    }
  };

  const onPointerMove = (e: PointerEvent): void => {
    const previous = pointers.current.get(e.pointerId);
    if (!previous || !view) return;
    const current = { x: e.clientX, y: e.clientY };
    pointers.current.set(e.pointerId, current);
    if (pointers.current.size === 1) {
      setFitted(false);
      setView(panBy(view, current.x - previous.x, current.y - previous.y, image, viewport));
    } else if (pointers.current.size === 2 && pinch.current) {
      const [a, b] = [...pointers.current.values()] as [Pointer, Pointer];
      const rect = viewportRef.current!.getBoundingClientRect();
      const ratio = Math.hypot(a.x - b.x, a.y - b.y) / Math.max(1, pinch.current.distance);
      setFitted(false);
      setView(zoomAt(pinch.current.view, pinch.current.view.z * ratio, (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top, image, viewport));
    }
  };

  const onPointerUp = (e: PointerEvent): void => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = undefined;
  };

  const onViewportKey = (e: KeyboardEvent): void => {
    if (!view) return;
    const step = e.shiftKey ? 200 : 50;
    const pans: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const pan = pans[e.key];
    if (pan) {
      setFitted(false);
      setView(panBy(view, pan[0], pan[1], image, viewport));
    } else if (e.key === '+' || e.key === '=') zoomTo(nextZoomStep(view.z, 1));
    else if (e.key === '-' || e.key === '_') zoomTo(nextZoomStep(view.z, -1));
    else if (e.key === '1') zoomTo(1);
    else if (e.key === '0') setFitted(true);
    else return;
    e.preventDefault();
  };

  const dividerDrag = (e: PointerEvent): void => {
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    el.focus();
    const rect = viewportRef.current!.getBoundingClientRect();
    const move = (ev: PointerEvent): void => setSplit(Math.min(1, Math.max(0, (ev.clientX - rect.left) / rect.width)));
    const up = (): void => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    e.preventDefault();
  };

  const onDividerKey = (e: KeyboardEvent): void => {
    const step = e.shiftKey ? 0.1 : 0.02;
    const moves: Record<string, number> = { ArrowLeft: split - step, ArrowDown: split - step, ArrowRight: split + step, ArrowUp: split + step, Home: 0, End: 1 };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    setSplit(Math.min(1, Math.max(0, next)));
  };

  const transform = view ? { transform: `translate(${view.x}px, ${view.y}px) scale(${view.z})` } : undefined;
  const percent = view ? Math.round(view.z * 100) : 100;
  const pixelated = view !== undefined && view.z >= 2;
  const isFit = natural !== undefined && view !== undefined && Math.abs(view.z - fitScale(natural, viewport)) < 1e-3;

  return (
    <div class="compare">
      <div
        ref={viewportRef}
        class={`compare-viewport ${pixelated ? 'pixelated' : ''} ${view ? '' : 'loading'}`}
        tabIndex={0}
        role="group"
        aria-roledescription="image comparison"
        aria-label="Before and after. Drag or use the arrow keys to pan; + and − zoom; 1 shows actual pixels; 0 fits."
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onViewportKey}
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
              if (!natural) setNatural({ width: img.naturalWidth, height: img.naturalHeight });
            }}
          />
        </div>
        <div class="layer layer-before" style={{ clipPath: `inset(0 ${(1 - split) * 100}% 0 0)` }}>
          <img class="stage-img" src={beforeUrl} alt="Original" width={image.width} height={image.height} style={transform} draggable={false} />
        </div>
        <span class="chip chip-left" aria-hidden="true">
          {beforeLabel}
        </span>
        <span class="chip chip-right" aria-hidden="true">
          {afterLabel}
        </span>
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
          onPointerDown={dividerDrag}
          onKeyDown={onDividerKey}
          data-testid="divider"
        >
          <span class="divider-line" aria-hidden="true" />
          <span class="divider-knob" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">
              <path d="M9 6l-5 6 5 6M15 6l5 6-5 6" />
            </svg>
          </span>
        </div>
      </div>
      <div class="zoom-bar" role="group" aria-label="Zoom">
        <button type="button" class="icon-button on-dark" onClick={() => view && zoomTo(nextZoomStep(view.z, -1))} aria-label="Zoom out">
          <ZoomOutIcon />
        </button>
        <output class="zoom-value" aria-live="polite" data-testid="zoom-value">
          {percent}%
        </output>
        <button type="button" class="icon-button on-dark" onClick={() => view && zoomTo(nextZoomStep(view.z, 1))} aria-label="Zoom in">
          <ZoomInIcon />
        </button>
        <button type="button" class="button small dark" aria-pressed={isFit} onClick={() => setFitted(true)}>
          Fit
        </button>
        <button type="button" class="button small dark" aria-pressed={percent === 100} onClick={() => zoomTo(1)}>
          1:1
        </button>
      </div>
    </div>
  );
}

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { clampView, fitScale, fitView, nextZoomStep, panBy, zoomAt, type Size, type View } from './view.js';

interface Pointer {
  x: number;
  y: number;
}

export interface ZoomPan {
  /** The viewport element: measured, and the pointer and key events' frame of reference. */
  readonly viewportRef: RefObject<HTMLDivElement | null>;
  readonly view: View | undefined;
  /** The image's size in pixels (1 × 1 until it is known). */
  readonly image: Size;
  /** For the image's load event: its natural size, when the result's size was not given. */
  readonly onImageSize: (size: Size) => void;
  /** Zoom percentage for the zoom bar (100 before the view is known). */
  readonly percent: number;
  /** Zoomed in far enough to show pixels as squares. */
  readonly pixelated: boolean;
  /** The view shows the whole image. */
  readonly isFit: boolean;
  /** The CSS transform of both images, set through the CSSOM (the CSP forbids style attributes). */
  readonly transform: { transform: string } | undefined;
  readonly zoomTo: (z: number) => void;
  /** One step of the zoom buttons: 1 in, -1 out. */
  readonly zoomStep: (direction: 1 | -1) => void;
  /** Fit the image, and keep fitting on resize until the person zooms again. */
  readonly fit: () => void;
  /** The viewport's event handlers: wheel and pinch zoom, drag to pan, keys. */
  readonly handlers: {
    readonly onWheel: (e: WheelEvent) => void;
    readonly onPointerDown: (e: PointerEvent) => void;
    readonly onPointerMove: (e: PointerEvent) => void;
    readonly onPointerUp: (e: PointerEvent) => void;
    readonly onPointerCancel: (e: PointerEvent) => void;
    readonly onKeyDown: (e: KeyboardEvent) => void;
  };
}

/**
 * Zoom and pan of an image inside a viewport (the arithmetic is ./view.ts): fitted at first and on
 * every resize until the person zooms or pans; wheel, pinch, drag, the arrow keys, + and −, 1 for
 * actual pixels and 0 to fit. Pointer presses inside `ignore` (the divider) are left to it.
 */
export function useZoomPan(known: Size | undefined, ignore: string): ZoomPan {
  const viewportRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [natural, setNatural] = useState<Size | undefined>(known);
  const [view, setView] = useState<View | undefined>();
  const [fitted, setFitted] = useState(true);
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
    if ((e.target as Element).closest(ignore)) return;
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

  const onKeyDown = (e: KeyboardEvent): void => {
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

  return {
    viewportRef,
    view,
    image,
    onImageSize: (size) => {
      if (!natural) setNatural(size);
    },
    percent: view ? Math.round(view.z * 100) : 100,
    pixelated: view !== undefined && view.z >= 2,
    isFit: natural !== undefined && view !== undefined && Math.abs(view.z - fitScale(natural, viewport)) < 1e-3,
    transform: view ? { transform: `translate(${view.x}px, ${view.y}px) scale(${view.z})` } : undefined,
    zoomTo: (z) => zoomTo(z),
    zoomStep: (direction) => {
      if (view) zoomTo(nextZoomStep(view.z, direction));
    },
    fit: () => setFitted(true),
    handlers: { onWheel, onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onKeyDown },
  };
}

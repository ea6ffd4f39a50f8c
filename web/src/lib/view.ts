/**
 * Zoom-and-pan geometry for the before/after view, kept apart from the component so that the
 * arithmetic is plain functions. A view is a scale `z` (image pixels → CSS pixels) and the screen
 * position (`x`, `y`) of the image's top-left corner inside the viewport.
 */
export interface View {
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

const MAX_ZOOM = 16;

/** The scale that shows the whole image; never above 1, so small images are not blown up. */
export function fitScale(image: Size, viewport: Size): number {
  if (image.width <= 0 || image.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return 1;
  return Math.min(1, viewport.width / image.width, viewport.height / image.height);
}

function minScale(image: Size, viewport: Size): number {
  return Math.min(fitScale(image, viewport), 1) / 2;
}

/** Centres an axis that fits, otherwise keeps the image edge-to-edge (no empty band on one side). */
function clampAxis(position: number, imageLength: number, viewportLength: number): number {
  if (imageLength <= viewportLength) return (viewportLength - imageLength) / 2;
  return Math.min(0, Math.max(viewportLength - imageLength, position));
}

export function clampView(view: View, image: Size, viewport: Size): View {
  const z = Math.min(MAX_ZOOM, Math.max(minScale(image, viewport), view.z));
  return { z, x: clampAxis(view.x, image.width * z, viewport.width), y: clampAxis(view.y, image.height * z, viewport.height) };
}

export function fitView(image: Size, viewport: Size): View {
  return clampView({ z: fitScale(image, viewport), x: 0, y: 0 }, image, viewport);
}

/** Zooms to `z`, keeping the image point under (cx, cy) where it is on screen. */
export function zoomAt(view: View, z: number, cx: number, cy: number, image: Size, viewport: Size): View {
  const target = Math.min(MAX_ZOOM, Math.max(minScale(image, viewport), z));
  const k = target / view.z;
  return clampView({ z: target, x: cx - (cx - view.x) * k, y: cy - (cy - view.y) * k }, image, viewport);
}

export function panBy(view: View, dx: number, dy: number, image: Size, viewport: Size): View {
  return clampView({ z: view.z, x: view.x + dx, y: view.y + dy }, image, viewport);
}

/** Steps of the zoom buttons: 1/8 … 16, with 1 (actual pixels) always one of them. */
export function nextZoomStep(z: number, direction: 1 | -1): number {
  const steps = [0.125, 0.25, 0.333, 0.5, 0.667, 1, 1.5, 2, 3, 4, 6, 8, 12, 16];
  if (direction > 0) return steps.find((s) => s > z + 1e-3) ?? MAX_ZOOM;
  return [...steps].reverse().find((s) => s < z - 1e-3) ?? steps[0]!;
}

import { useState } from 'preact/hooks';
import type { RefObject } from 'preact';

export interface Divider {
  /** Where the divider stands, 0 (all compressed) to 1 (all original). */
  readonly split: number;
  readonly onPointerDown: (e: PointerEvent) => void;
  readonly onKeyDown: (e: KeyboardEvent) => void;
}

/**
 * The before/after divider: dragged across the viewport (the pointer is captured, so the drag
 * goes on outside it), or moved with the arrow keys (Shift for larger steps), Home and End.
 */
export function useDivider(viewportRef: RefObject<HTMLElement | null>): Divider {
  const [split, setSplit] = useState(0.5);

  const onPointerDown = (e: PointerEvent): void => {
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

  const onKeyDown = (e: KeyboardEvent): void => {
    const step = e.shiftKey ? 0.1 : 0.02;
    const moves: Record<string, number> = { ArrowLeft: split - step, ArrowDown: split - step, ArrowRight: split + step, ArrowUp: split + step, Home: 0, End: 1 };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    setSplit(Math.min(1, Math.max(0, next)));
  };

  return { split, onPointerDown, onKeyDown };
}

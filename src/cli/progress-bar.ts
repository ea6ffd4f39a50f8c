/**
 * A one-line progress bar for batches on an interactive terminal (stderr): redrawn in place,
 * at most ten times a second, and wiped before anything else is printed.
 */
import type { OutputStream } from './io.js';

const REDRAW_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';

export class ProgressBar {
  private lastDraw = 0;
  private shown = false;
  private done = 0;
  private label = '';

  constructor(
    private readonly stream: OutputStream,
    private readonly total: number,
  ) {}

  update(done: number, label: string): void {
    this.done = done;
    this.label = label;
    const now = performance.now();
    if (done < this.total && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.draw();
  }

  /** Prints `text` (whole lines) above the bar, then redraws the bar under it. */
  printAbove(text: string): void {
    this.stream.write(`${this.shown ? CLEAR_LINE : ''}${text}`);
    this.shown = false;
    if (this.done < this.total) this.draw();
  }

  clear(): void {
    if (this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  render(width: number): string {
    const percent = this.total === 0 ? 100 : Math.floor((this.done / this.total) * 100);
    const count = `${this.done}/${this.total}`;
    const barWidth = Math.max(10, Math.min(30, width - count.length - 20));
    const filled = Math.round((barWidth * this.done) / Math.max(1, this.total));
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
    const head = `${bar} ${count} ${String(percent).padStart(3)}%`;
    const room = width - head.length - 3;
    const label = room < 8 ? '' : this.label.length <= room ? this.label : `…${this.label.slice(-(room - 1))}`;
    return label ? `${head}  ${label}` : head;
  }

  private draw(): void {
    // One column short of the width, so the terminal never wraps the line.
    this.stream.write(`${CLEAR_LINE}${this.render((this.stream.columns || 80) - 1)}`);
    this.shown = true;
  }
}

import { compressImage, type CompressAnswer } from '../api/compress.js';
import type { Limits } from '../api/limits.js';
import { ApiProblem } from '../api/problem.js';
import { formatBytesPair } from './format.js';
import { replaceExtension } from './filenames.js';
import { browserCanShow, sniffFile, type InputKind } from './sniff.js';

/**
 * The batch: every file the person added, its state and its result. Plain TypeScript with a
 * subscribe function, so the rules (limits, refusals, concurrency, re-runs) do not depend on the
 * view. Items are immutable: a change replaces the item, so a row re-renders only when it changed.
 */

type ItemState = 'checking' | 'refused' | 'queued' | 'uploading' | 'processing' | 'done' | 'error';

export interface ItemResult {
  readonly blob: Blob;
  readonly url: string;
  readonly name: string;
  /** The output format, from the answer's Content-Type ("webp"). */
  readonly format: string;
  readonly originalBytes: number;
  readonly bytes: number;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly quality: string | undefined;
  readonly qualityScore: number | undefined;
  readonly keptOriginal: boolean;
}

export interface Item {
  readonly id: number;
  readonly file: File;
  readonly name: string;
  readonly kind: InputKind | undefined;
  /** blob: URL of the original, when the browser can show it. */
  readonly previewUrl: string | undefined;
  readonly state: ItemState;
  /** Upload progress 0–1 while uploading. */
  readonly progress: number;
  /** Why the file was refused before upload, or the server's sentence when it failed. */
  readonly message: string | undefined;
  readonly retryable: boolean;
  readonly result: ItemResult | undefined;
  /** The options (query string) of the latest run, to tell when settings have changed since. */
  readonly ranWith: string | undefined;
}

export interface AddOutcome {
  readonly added: number;
  /** Files beyond the batch limit that were not added. */
  readonly overflow: number;
}

const CONCURRENCY = 2;

function extensionFor(mime: string): string {
  const sub = mime.split('/')[1] ?? 'bin';
  return sub === 'jpeg' ? 'jpg' : sub;
}

export class Batch {
  private items: readonly Item[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly aborts = new Map<number, () => void>();
  private nextId = 1;
  private pasteCount = 0;

  constructor(
    private limits: Limits,
    /** The options to use for the next run, as the API's query. */
    private readonly currentOptions: () => URLSearchParams,
  ) {}

  setLimits(limits: Limits): void {
    this.limits = limits;
    this.emit();
  }

  getLimits(): Limits {
    return this.limits;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): readonly Item[] {
    return this.items;
  }

  /** Names a pasted image, which the clipboard hands over as "image.png". */
  namePasted(file: File): File {
    this.pasteCount += 1;
    const ext = file.type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
    return new File([file], `pasted-image-${this.pasteCount}.${ext}`, { type: file.type, lastModified: file.lastModified });
  }

  /** Adds files: refuses the certainly unacceptable at once, queues the rest up to the batch limit. */
  add(files: readonly File[]): AddOutcome {
    const capacity = Math.max(0, this.limits.maxBatchFiles - this.items.filter((i) => i.state !== 'refused').length);
    const accepted = files.slice(0, capacity);
    const fresh = accepted.map((file): Item => ({
      id: this.nextId++,
      file,
      name: file.name || 'image',
      kind: undefined,
      previewUrl: undefined,
      state: 'checking',
      progress: 0,
      message: undefined,
      retryable: false,
      result: undefined,
      ranWith: undefined,
    }));
    this.items = [...this.items, ...fresh];
    this.emit();
    for (const item of fresh) void this.check(item.id);
    return { added: fresh.length, overflow: files.length - accepted.length };
  }

  private async check(id: number): Promise<void> {
    const item = this.find(id);
    if (!item) return;
    if (item.file.size > this.limits.maxInputBytes) {
      const [size, limit] = formatBytesPair(item.file.size, this.limits.maxInputBytes);
      this.update(id, { state: 'refused', message: `This file is ${size}; the largest this service accepts is ${limit}.` });
      return;
    }
    const sniffed = await sniffFile(item.file);
    if (!sniffed.ok) {
      this.update(id, { state: 'refused', message: sniffed.reason });
      return;
    }
    this.update(id, {
      kind: sniffed.kind,
      previewUrl: browserCanShow(sniffed.kind) ? URL.createObjectURL(item.file) : undefined,
      state: 'queued',
    });
    this.pump();
  }

  /** Starts queued items while fewer than CONCURRENCY are in flight: the server has a queue too. */
  private pump(): void {
    const busy = this.items.filter((i) => i.state === 'uploading' || i.state === 'processing').length;
    const queued = this.items.filter((i) => i.state === 'queued').slice(0, Math.max(0, CONCURRENCY - busy));
    for (const item of queued) void this.run(item.id);
  }

  private async run(id: number): Promise<void> {
    const item = this.find(id);
    if (!item) return;
    const options = this.currentOptions();
    const ranWith = options.toString();
    this.update(id, { state: 'uploading', progress: 0, message: undefined, ranWith });
    const call = compressImage(item.file, options, (p) => {
      if (p.phase === 'uploading') this.update(id, { state: 'uploading', progress: p.fraction });
      else if (p.phase === 'processing') this.update(id, { state: 'processing', progress: 1 });
    });
    this.aborts.set(id, call.abort);
    try {
      const answer = await call.done;
      if (this.find(id)?.ranWith !== ranWith) return;
      this.update(id, { state: 'done', result: this.resultFrom(item, answer), message: undefined });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      const problem = error instanceof ApiProblem ? error : new ApiProblem(0, 'CLIENT', 'Something went wrong in this page. Please try again.');
      this.update(id, { state: 'error', message: problem.message, retryable: true });
    } finally {
      this.aborts.delete(id);
      this.pump();
    }
  }

  private resultFrom(item: Item, answer: CompressAnswer): ItemResult {
    const format = (answer.mime.split('/')[1] ?? '').toLowerCase();
    const extension = answer.suggestedName?.split('.').pop() ?? extensionFor(answer.mime);
    return {
      blob: answer.blob,
      url: URL.createObjectURL(answer.blob),
      name: replaceExtension(item.name, extension),
      format,
      originalBytes: answer.originalBytes,
      bytes: answer.compressedBytes,
      width: answer.width,
      height: answer.height,
      quality: answer.quality,
      qualityScore: answer.qualityScore,
      keptOriginal: answer.keptOriginal,
    };
  }

  /** Runs one file again with the current settings (after an error, or after a settings change). */
  rerun(id: number): void {
    const item = this.find(id);
    if (!item || item.state === 'refused' || item.state === 'checking') return;
    this.aborts.get(id)?.();
    this.aborts.delete(id);
    if (item.result) URL.revokeObjectURL(item.result.url);
    this.update(id, { state: 'queued', progress: 0, result: undefined, message: undefined, ranWith: undefined });
    this.pump();
  }

  /** Re-runs every file whose last run used other settings than the current ones (or failed). */
  rerunAll(): void {
    const current = this.currentOptions().toString();
    for (const item of this.items) {
      if (item.state === 'error' || (item.state === 'done' && item.ranWith !== current)) this.rerun(item.id);
    }
  }

  /** True when the item's result was made with other settings than the current ones. */
  isStale(item: Item): boolean {
    return item.state === 'done' && item.ranWith !== this.currentOptions().toString();
  }

  /** Files that were compressed with other settings than the current ones. */
  staleCount(): number {
    return this.items.filter((i) => this.isStale(i)).length;
  }

  remove(id: number): void {
    const item = this.find(id);
    if (!item) return;
    this.aborts.get(id)?.();
    this.release(item);
    this.items = this.items.filter((i) => i.id !== id);
    this.emit();
    this.pump();
  }

  clear(): void {
    for (const item of this.items) {
      this.aborts.get(item.id)?.();
      this.release(item);
    }
    this.aborts.clear();
    this.items = [];
    this.emit();
  }

  private release(item: Item): void {
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    if (item.result) URL.revokeObjectURL(item.result.url);
  }

  private find(id: number): Item | undefined {
    return this.items.find((i) => i.id === id);
  }

  private update(id: number, patch: Partial<Item>): void {
    this.items = this.items.map((i) => (i.id === id ? { ...i, ...patch } : i));
    this.emit();
  }

  /** Settings changes also change which rows are stale: views re-read through this. */
  emit(): void {
    for (const listener of this.listeners) listener();
  }
}

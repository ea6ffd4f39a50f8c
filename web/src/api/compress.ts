import { filenameFromDisposition } from '../lib/filenames.js';
import { NETWORK_PROBLEM, problemFrom } from './problem.js';

export interface CompressAnswer {
  readonly blob: Blob;
  /** The name the server suggests (Content-Disposition); we only use its extension. */
  readonly suggestedName: string | undefined;
  readonly mime: string;
  readonly originalBytes: number;
  readonly compressedBytes: number;
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** What the encoder used: a number, or e.g. "lossless"; undefined when not sent. */
  readonly quality: string | undefined;
  /** SSIMULACRA2 score of the result (issue 6), when the server measured one. */
  readonly qualityScore: number | undefined;
  /** The server sent the original back: re-encoding would not have made it smaller. */
  readonly keptOriginal: boolean;
}

export type Progress =
  | { readonly phase: 'uploading'; readonly fraction: number }
  | { readonly phase: 'processing' }
  | { readonly phase: 'downloading'; readonly fraction: number };

export interface CompressCall {
  readonly done: Promise<CompressAnswer>;
  readonly abort: () => void;
}

/**
 * The site that linked to this page, host only, or '' (issue 5, P8). Our API calls carry no
 * `Referer` (the server sends `Referrer-Policy: no-referrer`), so the page tells the statistics
 * where the visitor came from itself: only the host, never the path or query, and nothing when
 * the visitor came from one of our own pages (same origin) or from nowhere.
 */
function referringSiteOf(referrer: string, pageOrigin: string): string {
  if (referrer === '') return '';
  try {
    const url = new URL(referrer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
    return url.origin === pageOrigin ? '' : url.hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** Computed once, at page load: later in-app navigation must not change it. */
const REFERRING_SITE = typeof document === 'undefined' ? '' : referringSiteOf(document.referrer, window.location.origin);

function numberHeader(xhr: XMLHttpRequest, name: string): number | undefined {
  const raw = xhr.getResponseHeader(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Sends one image as the raw request body, options in the query. XMLHttpRequest rather than
 * fetch because only it reports upload progress. The file name is not sent: the server does
 * not need it, so it never has it (P4, P9).
 */
export function compressImage(file: Blob, options: URLSearchParams, onProgress: (p: Progress) => void): CompressCall {
  const xhr = new XMLHttpRequest();
  const done = new Promise<CompressAnswer>((resolve, reject) => {
    const query = options.toString();
    xhr.open('POST', `/api/v1/compress${query ? `?${query}` : ''}`);
    xhr.responseType = 'blob';
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'image/*, application/problem+json');
    if (REFERRING_SITE !== '') xhr.setRequestHeader('X-Referring-Site', REFERRING_SITE);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ phase: 'uploading', fraction: e.total > 0 ? e.loaded / e.total : 1 });
    };
    xhr.upload.onload = () => onProgress({ phase: 'processing' });
    xhr.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress({ phase: 'downloading', fraction: e.loaded / e.total });
    };
    xhr.onerror = () => reject(NETWORK_PROBLEM());
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      const blob = xhr.response as Blob;
      if (xhr.status < 200 || xhr.status >= 300) {
        void blob.text().then(
          (text) => reject(problemFrom(xhr.status, text)),
          () => reject(problemFrom(xhr.status, '')),
        );
        return;
      }
      resolve({
        blob,
        suggestedName: filenameFromDisposition(xhr.getResponseHeader('Content-Disposition')),
        mime: (xhr.getResponseHeader('Content-Type') ?? blob.type).split(';')[0]!.trim(),
        originalBytes: numberHeader(xhr, 'X-Original-Size') ?? file.size,
        compressedBytes: numberHeader(xhr, 'X-Compressed-Size') ?? blob.size,
        width: numberHeader(xhr, 'X-Image-Width'),
        height: numberHeader(xhr, 'X-Image-Height'),
        quality: xhr.getResponseHeader('X-Quality') ?? undefined,
        qualityScore: numberHeader(xhr, 'X-Quality-Score'),
        keptOriginal: xhr.getResponseHeader('X-Kept-Original') === 'true',
      });
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}


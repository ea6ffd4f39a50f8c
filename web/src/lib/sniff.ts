/**
 * The page's side of format sniffing: the first bytes of a dropped file, recognised by the same
 * signatures the server uses (src/shared/signatures.ts), so that a file the server would certainly
 * refuse is refused at once, before any upload.
 */
import { SIGNATURE_BYTES, sniff, type InputFormat, type SniffResult } from '../../../src/shared/signatures.js';

export type InputKind = InputFormat;

export async function sniffFile(file: Blob): Promise<SniffResult> {
  const head = new Uint8Array(await file.slice(0, SIGNATURE_BYTES).arrayBuffer());
  return sniff(head);
}

/** The kinds a browser can show as <img>, for the preview and the before/after view. */
export function browserCanShow(kind: InputKind): boolean {
  return kind !== 'tiff';
}

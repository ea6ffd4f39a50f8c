/**
 * Recognises image types by their first bytes, as the server does (src/formats), so that a file
 * the server would certainly refuse is refused at once, before any upload. The name and the MIME
 * type the browser guesses are never trusted: a PNG renamed to .txt is still a PNG.
 */
export type InputKind = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff';

/** How many leading bytes `sniff` needs to decide. */
export const SNIFF_BYTES = 64;

function ascii(b: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...b.subarray(offset, offset + length));
}

function startsWith(b: Uint8Array, signature: readonly number[]): boolean {
  return b.length >= signature.length && signature.every((byte, i) => b[i] === byte);
}

/** ISO-BMFF `ftyp` box: the major brand, then the compatible brands. */
function ftypBrands(b: Uint8Array): string[] {
  if (b.length < 16 || ascii(b, 4, 4) !== 'ftyp') return [];
  const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const end = Math.min(boxSize, b.length);
  const brands = [ascii(b, 8, 4)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(b, offset, 4));
  return brands;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

export type SniffResult =
  | { readonly ok: true; readonly kind: InputKind }
  | { readonly ok: false; readonly reason: string };

export function sniff(b: Uint8Array): SniffResult {
  if (b.length === 0) return { ok: false, reason: 'This file is empty.' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { ok: true, kind: 'jpeg' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, kind: 'png' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { ok: true, kind: 'webp' };
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { ok: true, kind: 'gif' };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return { ok: true, kind: 'tiff' };
  const brands = ftypBrands(b);
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return { ok: true, kind: 'avif' };
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) {
    return { ok: false, reason: 'This is a HEIC/HEIF photo, which we cannot read. Export it as JPEG first (on an iPhone: Settings → Camera → Formats → Most Compatible).' };
  }
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return { ok: false, reason: 'This is a PDF, not an image.' };
  if (ascii(b, 0, 5).toLowerCase() === '<svg ' || ascii(b, 0, 5) === '<?xml') {
    return { ok: false, reason: 'This is a vector (SVG/XML) file; we compress JPEG, PNG, WebP, AVIF, GIF and TIFF images.' };
  }
  return { ok: false, reason: 'This is not an image we can read. Choose a JPEG, PNG, WebP, AVIF, GIF or TIFF file.' };
}

export async function sniffFile(file: Blob): Promise<SniffResult> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  return sniff(head);
}

/** The kinds a browser can show as <img>, for the preview and the before/after view. */
export function browserCanShow(kind: InputKind): boolean {
  return kind !== 'tiff';
}

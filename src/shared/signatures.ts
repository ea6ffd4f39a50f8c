/**
 * Image formats recognised by their first bytes, one copy for the server (src/formats: the
 * pipeline's detect step) and the web page (a file the server would certainly refuse is refused at
 * once, before any upload). Names and declared MIME types are never consulted: a PNG renamed to
 * .txt is still a PNG.
 */

/** The formats the product reads. */
export const INPUT_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** How many leading bytes `detectSignature` and `sniff` need to decide. */
export const SIGNATURE_BYTES = 64;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** An ISO-BMFF `ftyp` box's brands: the major brand, then the compatible brands (after the minor version). */
export function ftypBrands(b: Uint8Array): string[] {
  if (b.length < 16 || ascii(b, 4, 4) !== 'ftyp') return [];
  const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const end = Math.min(boxSize, b.length);
  const brands = [ascii(b, 8, 4)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(b, offset, 4));
  return brands;
}

/** Brands that make an ISO-BMFF file an AVIF image (still or sequence). HEIC brands are not here. */
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** HEIF brands (HEIC photos from phones): an image, but one we cannot read. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** Each format's signature test, in the order `detectSignature` tries them. */
export const SIGNATURES: { readonly [F in InputFormat]: (bytes: Uint8Array) => boolean } = {
  jpeg: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  png: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  webp: (b) => b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP',
  avif: (b) => ftypBrands(b).some((brand) => AVIF_BRANDS.has(brand)),
  gif: (b) => b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'),
  tiff: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]),
};

/** The format whose signature starts `bytes`, or undefined. */
export function detectSignature(bytes: Uint8Array): InputFormat | undefined {
  return INPUT_FORMATS.find((format) => SIGNATURES[format](bytes));
}

/** The sentences the page shows for a file it refuses. */
export const REFUSALS = {
  empty: 'This file is empty.',
  heif: 'This is a HEIC/HEIF photo, which we cannot read. Export it as JPEG first (on an iPhone: Settings → Camera → Formats → Most Compatible).',
  pdf: 'This is a PDF, not an image.',
  vector: 'This is a vector (SVG/XML) file; we compress JPEG, PNG, WebP, AVIF, GIF and TIFF images.',
  unknown: 'This is not an image we can read. Choose a JPEG, PNG, WebP, AVIF, GIF or TIFF file.',
} as const;

export type SniffResult = { readonly ok: true; readonly kind: InputFormat } | { readonly ok: false; readonly reason: string };

/** A readable format, or why not in a sentence (HEIC, PDF and SVG are named, as people mistake them for images we read). */
export function sniff(b: Uint8Array): SniffResult {
  if (b.length === 0) return { ok: false, reason: REFUSALS.empty };
  const kind = detectSignature(b);
  if (kind) return { ok: true, kind };
  if (ftypBrands(b).some((brand) => HEIF_BRANDS.has(brand))) return { ok: false, reason: REFUSALS.heif };
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return { ok: false, reason: REFUSALS.pdf };
  if (ascii(b, 0, 5).toLowerCase() === '<svg ' || ascii(b, 0, 5) === '<?xml') return { ok: false, reason: REFUSALS.vector };
  return { ok: false, reason: REFUSALS.unknown };
}

/**
 * A seeded mutator in the manner of zzuf (caca.zoy.org/wiki/zzuf): every input is a corpus image
 * with a few deterministic changes, so that "seed:index" names it for ever and a failure can be
 * replayed byte for byte (FUZZ_REPLAY). Written here rather than running Debian's zzuf so that the
 * fuzzer needs nothing installed and produces the same inputs on every machine; its outputs are
 * not meant to match zzuf's.
 *
 * Kinds of change, one per input mostly (two on one in four, three on one in twenty):
 * - flip:      zzuf's own mode: each bit flipped with a probability (the "ratio", 0.00001–0.001);
 * - set:       a few bytes set to values parsers trip on (0x00, 0xff, 0x7f, 0x80, random);
 * - integer:   two or four bytes overwritten with a big-endian or little-endian boundary integer
 *              (0, 1, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff): the widths, heights, lengths and
 *              counts of image headers;
 * - truncate:  the file cut at a random point;
 * - duplicate: a slice of the file copied to another place (repeated chunks, frames, markers).
 * The first 12 bytes (the format signature) are left alone in 9 inputs of 10, so that most inputs
 * reach the decoders instead of stopping at format detection.
 */

/** mulberry32 (Tommy Ettinger, public domain): a 32-bit state, good enough spread for choosing mutations. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator of one input: depends only on the run's seed and the input's index. */
export function inputRandom(seed: number, index: number): () => number {
  // Mixes the pair into one 32-bit seed (the golden-ratio constant spreads neighbouring indices).
  return mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

const MUTATION_KINDS = ['flip', 'set', 'integer', 'truncate', 'duplicate'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

const SIGNATURE_BYTES = 12;
const INTERESTING_BYTES = [0x00, 0xff, 0x7f, 0x80];
const INTERESTING_INTEGERS = [0, 1, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff];

export interface Mutation {
  readonly bytes: Buffer;
  readonly kinds: readonly MutationKind[];
}

function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function mutate(original: Uint8Array, random: () => number): Mutation {
  let bytes: Buffer = Buffer.from(original);
  const start = random() < 0.9 ? Math.min(SIGNATURE_BYTES, bytes.length) : 0;
  const draw = random();
  const count = draw < 0.7 ? 1 : draw < 0.95 ? 2 : 3;
  const kinds: MutationKind[] = [];
  for (let i = 0; i < count; i++) {
    const kind = pick(random, MUTATION_KINDS);
    kinds.push(kind);
    bytes = apply(kind, bytes, start, random);
  }
  return { bytes, kinds };
}

function apply(kind: MutationKind, bytes: Buffer, start: number, random: () => number): Buffer {
  const span = bytes.length - start;
  if (span <= 0) return bytes;
  switch (kind) {
    case 'flip': {
      // Log-uniform ratio between 0.00001 and 0.001 (zzuf's default, 0.004, leaves almost no
      // compressed image decodable); at least one bit.
      const ratio = 10 ** (-5 + 2 * random());
      const flips = Math.max(1, Math.round(span * 8 * ratio));
      for (let i = 0; i < flips; i++) {
        const at = start + Math.floor(random() * span);
        bytes[at]! ^= 1 << Math.floor(random() * 8);
      }
      return bytes;
    }
    case 'set': {
      const sets = between(random, 1, 8);
      for (let i = 0; i < sets; i++) {
        const at = start + Math.floor(random() * span);
        bytes[at] = random() < 0.5 ? pick(random, INTERESTING_BYTES) : Math.floor(random() * 256);
      }
      return bytes;
    }
    case 'integer': {
      const width = random() < 0.5 ? 2 : 4;
      if (span < width) return bytes;
      const at = start + Math.floor(random() * (span - width + 1));
      const value = pick(random, INTERESTING_INTEGERS) % 2 ** (8 * width);
      if (random() < 0.5) bytes.writeUIntBE(value, at, width);
      else bytes.writeUIntLE(value, at, width);
      return bytes;
    }
    case 'truncate':
      return bytes.subarray(0, start + Math.floor(random() * span));
    case 'duplicate': {
      const from = start + Math.floor(random() * span);
      const length = Math.min(bytes.length - from, between(random, 1, 4096));
      const to = start + Math.floor(random() * (span + 1));
      return Buffer.concat([bytes.subarray(0, to), bytes.subarray(from, from + length), bytes.subarray(to)]);
    }
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG computes it (ISO 3309; node:zlib's crc32 needs Node 20.15, the project allows 20.9). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A mutated PNG with every whole chunk's CRC recomputed, so that the change reaches libpng's
 * parsing of the chunk instead of stopping at its checksum test (what most flips of a PNG hit).
 * Anything that is not a PNG comes back as it is.
 */
export function withPngCrcsRepaired(bytes: Buffer): Buffer {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return bytes;
  const repaired = Buffer.from(bytes);
  let at = 8;
  while (at + 12 <= repaired.length) {
    const length = repaired.readUInt32BE(at);
    const end = at + 8 + length;
    if (end + 4 > repaired.length) break;
    repaired.writeUInt32BE(crc32(repaired.subarray(at + 4, end)), end);
    at = end + 4;
  }
  return repaired;
}

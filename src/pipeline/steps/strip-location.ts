/**
 * Step 6 (metadata=keep-all-but-location): removes where a photo was taken while keeping every
 * other piece of metadata. libvips can keep metadata wholesale but not drop one EXIF directory, so
 * the encoded file is edited in place, without changing any length (no offsets move):
 *  - EXIF: the GPS directory is emptied and every byte of its values is zeroed;
 *  - XMP: GPS and location properties (exif:GPS*, photoshop:City/State/Country, Iptc4xmp
 *    locations) are overwritten with spaces, which XML ignores;
 *  - PNG: chunk checksums are recomputed for the chunks that changed.
 * EXIF blocks are found by their TIFF header and accepted only when their structure is valid.
 */
import { crc32 } from 'node:zlib';
import type { OutputFormat } from '../../formats/index.js';

const GPS_POINTER_TAG = 0x8825;
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

class TiffView {
  constructor(
    private readonly buf: Buffer,
    readonly start: number,
    private readonly little: boolean,
  ) {}
  u16(at: number): number {
    return this.little ? this.buf.readUInt16LE(this.start + at) : this.buf.readUInt16BE(this.start + at);
  }
  u32(at: number): number {
    return this.little ? this.buf.readUInt32LE(this.start + at) : this.buf.readUInt32BE(this.start + at);
  }
  setU16(at: number, v: number): void {
    if (this.little) this.buf.writeUInt16LE(v, this.start + at);
    else this.buf.writeUInt16BE(v, this.start + at);
  }
  zero(at: number, length: number): void {
    this.buf.fill(0, this.start + at, this.start + at + length);
  }
  inRange(at: number, length: number): boolean {
    return at >= 8 && this.start + at + length <= this.buf.length;
  }
}

interface IfdEntry {
  readonly at: number;
  readonly tag: number;
  readonly type: number;
  readonly count: number;
}

function readIfd(view: TiffView, offset: number): IfdEntry[] | undefined {
  if (!view.inRange(offset, 2)) return undefined;
  const n = view.u16(offset);
  if (n === 0 || n > 1000 || !view.inRange(offset, 2 + n * 12)) return undefined;
  const entries: IfdEntry[] = [];
  for (let i = 0; i < n; i++) {
    const at = offset + 2 + i * 12;
    const type = view.u16(at + 2);
    if (TYPE_SIZES[type] === undefined) return undefined;
    entries.push({ at, tag: view.u16(at), type, count: view.u32(at + 4) });
  }
  return entries;
}

/** Empties the GPS directory of the TIFF structure at `start`; true when it found and cleared one. */
function clearGps(buf: Buffer, start: number): boolean {
  const little = buf[start] === 0x49;
  const view = new TiffView(buf, start, little);
  const ifd0 = readIfd(view, view.u32(4));
  const pointer = ifd0?.find((e) => e.tag === GPS_POINTER_TAG && (e.type === 4 || e.type === 13) && e.count === 1);
  if (!pointer) return false;
  const gpsOffset = view.u32(pointer.at + 8);
  const gps = readIfd(view, gpsOffset);
  if (!gps) return false;
  for (const entry of gps) {
    const size = (TYPE_SIZES[entry.type] ?? 1) * entry.count;
    if (size > 4) {
      const valueAt = view.u32(entry.at + 8);
      if (view.inRange(valueAt, size)) view.zero(valueAt, size);
    }
  }
  view.zero(gpsOffset + 2, gps.length * 12);
  view.setU16(gpsOffset, 0);
  return true;
}

const XMP_LOCATION = [
  /\b(?:exif:GPS\w+|photoshop:(?:City|State|Country)|Iptc4xmpCore:(?:Location|CountryCode)|Iptc4xmpExt:(?:LocationCreated|LocationShown))\s*=\s*"[^"]*"/g,
  /<(exif:GPS\w+|photoshop:(?:City|State|Country)|Iptc4xmpCore:(?:Location|CountryCode)|Iptc4xmpExt:(?:LocationCreated|LocationShown))\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g,
];

function blankXmpLocation(buf: Buffer): boolean {
  const text = buf.toString('latin1');
  let changed = false;
  for (let from = text.indexOf('<x:xmpmeta'); from !== -1; from = text.indexOf('<x:xmpmeta', from + 1)) {
    const end = text.indexOf('</x:xmpmeta>', from);
    if (end === -1) break;
    const packet = text.slice(from, end);
    for (const pattern of XMP_LOCATION) {
      for (const match of packet.matchAll(pattern)) {
        buf.fill(0x20, from + match.index, from + match.index + match[0].length);
        changed = true;
      }
    }
  }
  return changed;
}

function findTiffHeaders(buf: Buffer): number[] {
  const found: number[] = [];
  for (let i = buf.indexOf('II*\0', 0, 'latin1'); i !== -1; i = buf.indexOf('II*\0', i + 1, 'latin1')) found.push(i);
  for (let i = buf.indexOf('MM\0*', 0, 'latin1'); i !== -1; i = buf.indexOf('MM\0*', i + 1, 'latin1')) found.push(i);
  return found;
}

function fixPngChecksums(buf: Buffer): void {
  for (let at = 8; at + 12 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const end = at + 8 + length;
    if (end + 4 > buf.length) break;
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type !== 'IDAT') buf.writeUInt32BE(crc32(buf.subarray(at + 4, end)), end);
    at = end + 4;
  }
}

/** Returns a copy of `encoded` with location metadata removed. */
export function stripLocation(encoded: Buffer, format: OutputFormat): Buffer {
  const out = Buffer.from(encoded);
  let changed = false;
  for (const start of findTiffHeaders(out)) changed = clearGps(out, start) || changed;
  changed = blankXmpLocation(out) || changed;
  if (changed && format === 'png') fixPngChecksums(out);
  return out;
}

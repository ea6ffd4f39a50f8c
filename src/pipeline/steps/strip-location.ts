/**
 * Step 6 (metadata=keep-all-but-location): removes where a photo was taken while keeping every
 * other piece of metadata. libvips can keep metadata wholesale but not drop one EXIF directory, so
 * the encoded file is edited in place, without changing any length (no offsets move):
 *  - EXIF: the GPS directory is emptied and every byte of its values is zeroed;
 *  - XMP: GPS and location properties (exif:GPS*, photoshop:City/State/Country, Iptc4xmp
 *    locations) are overwritten with spaces, which XML ignores;
 *  - PNG keeps XMP deflated in a zTXt chunk: that chunk is inflated, cleaned and rebuilt, and
 *    chunk checksums are recomputed (PNG chunks carry no absolute offsets, so lengths may change).
 * EXIF blocks are found by their TIFF header and accepted only when their structure is valid.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';
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

/** Overwrites XMP location properties with spaces, in place; true when something was removed. */
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

const XMP_KEYWORD = 'XML:com.adobe.xmp';

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** PNG: clean eXIf in place and the (possibly deflated) XMP text chunk, rebuilding changed chunks. */
function stripPngLocation(png: Buffer): Buffer {
  const parts: Buffer[] = [png.subarray(0, 8)];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = Buffer.from(png.subarray(at + 8, at + 8 + length));
    const original = png.subarray(at, at + 12 + length);
    at += 12 + length;
    if (type === 'eXIf' && clearGps(data, 0)) {
      parts.push(pngChunk(type, data));
    } else if (type === 'zTXt' && data.toString('latin1', 0, XMP_KEYWORD.length + 1) === `${XMP_KEYWORD}\0`) {
      // keyword, NUL, compression method, then the deflated text.
      const head = XMP_KEYWORD.length + 2;
      const text = inflateSync(data.subarray(head));
      parts.push(blankXmpLocation(text) ? pngChunk(type, Buffer.concat([data.subarray(0, head), deflateSync(text)])) : original);
    } else if (type === 'iTXt' || type === 'tEXt') {
      parts.push(blankXmpLocation(data) ? pngChunk(type, data) : original);
    } else {
      parts.push(original);
    }
  }
  return Buffer.concat(parts);
}

function findTiffHeaders(buf: Buffer): number[] {
  const found: number[] = [];
  for (let i = buf.indexOf('II*\0', 0, 'latin1'); i !== -1; i = buf.indexOf('II*\0', i + 1, 'latin1')) found.push(i);
  for (let i = buf.indexOf('MM\0*', 0, 'latin1'); i !== -1; i = buf.indexOf('MM\0*', i + 1, 'latin1')) found.push(i);
  return found;
}

/** Returns a copy of `encoded` with location metadata removed. */
export function stripLocation(encoded: Buffer, format: OutputFormat): Buffer {
  if (format === 'png') return stripPngLocation(encoded);
  const out = Buffer.from(encoded);
  for (const start of findTiffHeaders(out)) clearGps(out, start);
  blankXmpLocation(out);
  return out;
}

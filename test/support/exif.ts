/**
 * Builds EXIF blocks by hand so that the tests know exactly what the input carries: a camera make,
 * an orientation, and a GPS position. Big-endian TIFF, as many cameras write it.
 */
interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Inline value (≤ 4 bytes) or bytes stored out of line. */
  value: number | Buffer;
}

function ifdSize(entries: Entry[]): number {
  return 2 + entries.length * 12 + 4;
}

function writeIfd(buf: Buffer, at: number, entries: Entry[], dataAt: number): number {
  buf.writeUInt16BE(entries.length, at);
  let data = dataAt;
  entries.forEach((e, i) => {
    const p = at + 2 + i * 12;
    buf.writeUInt16BE(e.tag, p);
    buf.writeUInt16BE(e.type, p + 2);
    buf.writeUInt32BE(e.count, p + 4);
    if (typeof e.value === 'number') {
      if (e.type === 3) buf.writeUInt16BE(e.value, p + 8);
      else buf.writeUInt32BE(e.value, p + 8);
    } else if (e.value.length <= 4) {
      e.value.copy(buf, p + 8);
    } else {
      buf.writeUInt32BE(data, p + 8);
      e.value.copy(buf, data);
      data += e.value.length + (e.value.length % 2);
    }
  });
  buf.writeUInt32BE(0, at + 2 + entries.length * 12);
  return data;
}

function rationals(values: Array<[number, number]>): Buffer {
  const b = Buffer.alloc(values.length * 8);
  values.forEach(([n, d], i) => {
    b.writeUInt32BE(n, i * 8);
    b.writeUInt32BE(d, i * 8 + 4);
  });
  return b;
}

function ascii(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'latin1');
}

export const TEST_LOCATION = { latitude: [48, 51, 30] as const, longitude: [2, 17, 40] as const };

/** A TIFF/EXIF block with Make, Orientation and (optionally) a GPS position in Paris. */
export function buildExif(options: { make: string; orientation?: number; gps: boolean }): Buffer {
  const make = ascii(options.make);
  const gpsEntries: Entry[] = [
    { tag: 0x0001, type: 2, count: 2, value: ascii('N') },
    { tag: 0x0002, type: 5, count: 3, value: rationals(TEST_LOCATION.latitude.map((v) => [v, 1])) },
    { tag: 0x0003, type: 2, count: 2, value: ascii('E') },
    { tag: 0x0004, type: 5, count: 3, value: rationals(TEST_LOCATION.longitude.map((v) => [v, 1])) },
  ];
  const ifd0: Entry[] = [
    { tag: 0x010f, type: 2, count: make.length, value: make },
    { tag: 0x0112, type: 3, count: 1, value: options.orientation ?? 1 },
  ];
  if (options.gps) ifd0.push({ tag: 0x8825, type: 4, count: 1, value: 0 });
  const buf = Buffer.alloc(1024);
  buf.write('MM\0*', 0, 'latin1');
  buf.writeUInt32BE(8, 4);
  const ifd0At = 8;
  const gpsAt = ifd0At + ifdSize(ifd0) + 64;
  if (options.gps) (ifd0[2] as Entry).value = gpsAt;
  writeIfd(buf, ifd0At, ifd0, ifd0At + ifdSize(ifd0));
  const end = options.gps ? writeIfd(buf, gpsAt, gpsEntries, gpsAt + ifdSize(gpsEntries)) : gpsAt;
  return buf.subarray(0, end);
}

/** Inserts an APP1 Exif segment right after the SOI marker of a JPEG. */
export function withExifSegment(jpeg: Buffer, tiff: Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

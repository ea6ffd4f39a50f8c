import exifReader from 'exif-reader';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compress } from '../../src/compress/compress.js';
import { readCorpus } from '../support/corpus.js';
import { TEST_LOCATION, buildExif, withExifSegment } from '../support/exif.js';

const OUTPUTS = ['jpeg', 'png', 'webp', 'avif'] as const;

/** A JPEG whose EXIF (written by hand, read back by an independent parser) has a make, an orientation and a GPS position. */
async function cameraJpeg(orientation = 1): Promise<Buffer> {
  const plain = await sharp(readCorpus('kodak', 'kodim07.png')).jpeg({ quality: 95 }).toBuffer();
  return withExifSegment(plain, buildExif({ make: 'TestCam', orientation, gps: true }));
}

async function exifOf(data: Buffer): Promise<ReturnType<typeof exifReader> | undefined> {
  const { exif } = await sharp(data).metadata();
  return exif ? exifReader(exif) : undefined;
}

describe('the camera fixture', () => {
  it('really carries GPS and a make (so the tests below can fail)', async () => {
    const exif = await exifOf(await cameraJpeg());
    expect(exif?.Image?.Make).toBe('TestCam');
    expect(exif?.GPSInfo?.GPSLatitude).toEqual([...TEST_LOCATION.latitude]);
  });
});

describe('metadata policies', () => {
  it('strips every piece of metadata by default, in every format', async () => {
    const input = await cameraJpeg();
    for (const format of OUTPUTS) {
      const result = await compress(input, { format, effort: 1 });
      const meta = await sharp(result.data).metadata();
      expect(meta.exif, format).toBeUndefined();
      expect(meta.xmp, format).toBeUndefined();
      expect(meta.icc, format).toBeUndefined();
      expect(result.keptOriginal).toBe(false);
    }
  });

  it('keep-all-but-location keeps the camera but removes the position, in every format', async () => {
    const input = await cameraJpeg();
    for (const format of OUTPUTS) {
      const result = await compress(input, { format, metadata: 'keep-all-but-location', effort: 1 });
      const exif = await exifOf(result.data);
      expect(exif?.Image?.Make, format).toBe('TestCam');
      expect(exif?.GPSInfo?.GPSLatitude, format).toBeUndefined();
      expect(exif?.GPSInfo?.GPSLongitude, format).toBeUndefined();
      // The bytes of the position are gone, not just unreferenced.
      const latitude = Buffer.alloc(8);
      latitude.writeUInt32BE(TEST_LOCATION.latitude[0]);
      latitude.writeUInt32BE(1, 4);
      expect(result.data.includes(Buffer.concat([latitude, Buffer.from([0, 0, 0, TEST_LOCATION.latitude[1]])])), format).toBe(false);
      // And the file still decodes.
      expect((await sharp(result.data).stats()).channels.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('keep-all keeps the position', async () => {
    const result = await compress(await cameraJpeg(), { metadata: 'keep-all' });
    const exif = await exifOf(result.data);
    expect(exif?.GPSInfo?.GPSLatitude).toEqual([...TEST_LOCATION.latitude]);
  });

  it('removes XMP location properties under keep-all-but-location', async () => {
    const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="48,51.5N" photoshop:City="Paris"><dc:creator>Ada</dc:creator><exif:GPSLongitude>2,17.6E</exif:GPSLongitude></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    const input = await sharp(readCorpus('kodak', 'kodim07.png')).withXmp(xmp).jpeg().toBuffer();
    expect((await sharp(input).metadata()).xmp?.toString()).toContain('Paris');
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const result = await compress(input, { format, metadata: 'keep-all-but-location' });
      const kept = (await sharp(result.data).metadata()).xmp?.toString() ?? '';
      expect(kept, format).toContain('<dc:creator>Ada</dc:creator>');
      expect(kept, format).not.toContain('Paris');
      expect(kept, format).not.toContain('GPS');
    }
  });
});

describe('orientation', () => {
  it('applies EXIF orientation before anything else, whatever the metadata policy', async () => {
    // Orientation 6: the stored pixels must be turned 90° clockwise to be shown upright.
    const input = await cameraJpeg(6);
    for (const metadata of ['strip', 'keep-all'] as const) {
      const result = await compress(input, { format: 'png', lossless: true, metadata });
      expect([result.width, result.height]).toEqual([512, 768]);
      const upright = await sharp(input).autoOrient().raw().toBuffer();
      const ours = await sharp(result.data).removeAlpha().raw().toBuffer();
      expect(ours.equals(upright)).toBe(true);
      // A viewer must not rotate it a second time.
      expect((await sharp(result.data).metadata()).orientation ?? 1).toBe(1);
    }
  });

  it('applies maxWidth to the upright image', async () => {
    const result = await compress(await cameraJpeg(6), { maxWidth: 256 });
    expect([result.width, result.height]).toEqual([256, 384]);
  });
});

describe('colour', () => {
  it('converts a wide-gamut image to sRGB when the profile is not kept, and keeps it when asked', async () => {
    const p3 = await sharp(readCorpus('kodak', 'kodim23.png')).withIccProfile('p3').png().toBuffer();
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    const stripped = await compress(p3, { format: 'png', lossless: true });
    expect((await sharp(stripped.data).metadata()).icc).toBeUndefined();
    // The pixels changed: they were converted into sRGB, not reinterpreted.
    const asSrgb = await sharp(p3).toColourspace('srgb').raw().toBuffer();
    const ours = await sharp(stripped.data).raw().toBuffer();
    expect(ours.equals(asSrgb)).toBe(true);
    const kept = await compress(p3, { format: 'webp', metadata: 'keep-color-profile' });
    const meta = await sharp(kept.data).metadata();
    expect(meta.icc).toBeDefined();
    expect(meta.exif).toBeUndefined();
  });
});

describe('transparency', () => {
  it('flattens alpha onto the background colour for JPEG (white by default, or as asked)', async () => {
    const transparent = await sharp({ create: { width: 32, height: 32, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const white = await compress(transparent, { format: 'jpeg', quality: 95 });
    const w = await sharp(white.data).stats();
    expect(w.channels.map((c) => Math.round(c.mean))).toEqual([255, 255, 255]);
    const red = await compress(transparent, { format: 'jpeg', quality: 95, background: '#ff0000' });
    const r = await sharp(red.data).stats();
    expect(r.channels[0]!.mean).toBeGreaterThan(250);
    expect(r.channels[1]!.mean).toBeLessThan(5);
  });

  it('keeps alpha in PNG, WebP and AVIF', async () => {
    const input = readCorpus('pngsuite', 'basn6a08.png');
    for (const format of ['png', 'webp', 'avif'] as const) {
      const result = await compress(input, { format, effort: 1 });
      expect((await sharp(result.data).metadata()).hasAlpha, format).toBe(true);
    }
  });
});

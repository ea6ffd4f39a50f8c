/**
 * The web page's rules that need no browser: recognising files by their first bytes (as the
 * server does), settings ↔ URL query, download names, sizes in words, zoom arithmetic.
 */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { detectFormat } from '../../src/formats/index.js';
import { readFieldModel, readMyData } from '../../web/src/api/privacy.js';
import { filenameFromDisposition, replaceExtension, uniqueNames } from '../../web/src/lib/filenames.js';
import { formatBinaryBytes } from '../../src/shared/units.js';
import { scoreWords } from '../../src/shared/score-words.js';
import { sniff } from '../../src/shared/signatures.js';
import { formatBytesPair, formatSaving } from '../../web/src/lib/format.js';
import { DEFAULT_SETTINGS, initialSettings, settingsFromQuery, settingsToQuery, type Settings, type SettingsStore } from '../../web/src/lib/settings.js';
import { fitView, nextZoomStep, zoomAt } from '../../web/src/lib/view.js';
import { readCorpus } from '../support/corpus.js';

class MemoryStorage implements SettingsStore {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

describe('sniff (the browser-side format check)', () => {
  it('agrees with the server on every format the server reads', async () => {
    const png = readCorpus('kodak', 'kodim05.png');
    const small = sharp(png).resize(64);
    const samples = {
      png,
      jpeg: await small.clone().jpeg().toBuffer(),
      webp: await small.clone().webp().toBuffer(),
      avif: await small.clone().avif({ effort: 0 }).toBuffer(),
      gif: await small.clone().gif().toBuffer(),
      tiff: await small.clone().tiff().toBuffer(),
    };
    for (const [kind, bytes] of Object.entries(samples)) {
      const head = new Uint8Array(bytes.subarray(0, 64));
      expect(detectFormat(bytes)).toBe(kind);
      expect(sniff(head)).toEqual({ ok: true, kind });
    }
  });

  it('refuses text, PDF, HEIC and empty files with a sentence', () => {
    const text = new TextEncoder().encode('just some notes');
    const pdf = new TextEncoder().encode('%PDF-1.7\n');
    const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic')]);
    expect(sniff(text)).toEqual({ ok: false, reason: expect.stringContaining('not an image we can read') });
    expect(sniff(pdf)).toEqual({ ok: false, reason: 'This is a PDF, not an image.' });
    expect(sniff(heic)).toEqual({ ok: false, reason: expect.stringContaining('HEIC') });
    expect(sniff(new Uint8Array())).toEqual({ ok: false, reason: 'This file is empty.' });
  });
});

describe('settings as a URL query', () => {
  const roundTrip = (s: Settings): Settings => settingsFromQuery(settingsToQuery(s));

  it('leaves the defaults out, so a default link is the bare address', () => {
    expect(settingsToQuery(DEFAULT_SETTINGS).toString()).toBe('');
  });

  it('uses the API option names, so the query is sent to /api/v1/compress as it is', () => {
    const s: Settings = { ...DEFAULT_SETTINGS, format: 'webp', qualityMode: 'custom', quality: 62, maxWidth: 1600, maxBytes: 200_000, metadata: 'keep-color-profile' };
    expect(settingsToQuery(s).toString()).toBe('format=webp&quality=62&maxWidth=1600&maxBytes=200000&metadata=keep-color-profile');
    expect(roundTrip(s)).toEqual(s);
  });

  it('writes automatic quality and format as quality=auto and format=auto, with a target only when not the default', () => {
    const auto: Settings = { ...DEFAULT_SETTINGS, format: 'auto', qualityMode: 'auto' };
    expect(settingsToQuery(auto).toString()).toBe('format=auto&quality=auto');
    expect(settingsToQuery({ ...auto, target: 90 }).toString()).toBe('format=auto&quality=auto&target=90');
    expect(roundTrip({ ...auto, target: 90 })).toEqual({ ...auto, target: 90 });
    expect(settingsToQuery({ ...DEFAULT_SETTINGS, qualityMode: 'lossless' }).toString()).toBe('lossless=true');
  });

  it('ignores values it does not understand instead of failing', () => {
    const s = settingsFromQuery(new URLSearchParams('format=bmp&quality=300&maxWidth=-4&metadata=everything&target=12'));
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromQuery(new URLSearchParams('format=jpg')).format).toBe('jpeg');
  });

  it('lets a shared link win over stored settings, and storage win over nothing', () => {
    const storage = new MemoryStorage();
    storage.setItem('compressorimage.settings.v1', 'format=avif&_q=33');
    expect(initialSettings('', storage)).toEqual({ ...DEFAULT_SETTINGS, format: 'avif', quality: 33 });
    expect(initialSettings('?format=png', storage)).toEqual({ ...DEFAULT_SETTINGS, format: 'png', quality: 33 });
    expect(initialSettings('?utm=x', undefined)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('download names', () => {
  it("reads the server's Content-Disposition, preferring the UTF-8 form", () => {
    expect(filenameFromDisposition(`attachment; filename="image.webp"; filename*=UTF-8''%C3%A9t%C3%A9.webp`)).toBe('été.webp');
    expect(filenameFromDisposition('attachment; filename="a \\"b\\".png"')).toBe('a "b".png');
    expect(filenameFromDisposition(null)).toBeUndefined();
  });

  it('keeps the stem and gives every ZIP entry a distinct, safe name', () => {
    expect(replaceExtension('holiday.photo.PNG', 'webp')).toBe('holiday.photo.webp');
    expect(uniqueNames(['a.webp', 'A.webp', 'a.webp', '../x/y.png', '..'])).toEqual(['a.webp', 'A (2).webp', 'a (3).webp', '.._x_y.png', 'image']);
  });
});

describe('sizes and scores in words', () => {
  it('uses the same units as the limits', () => {
    expect(formatBinaryBytes(512)).toBe('512 B');
    expect(formatBinaryBytes(1536)).toBe('1.5 KB');
    expect(formatBinaryBytes(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatBytesPair(3 * 1024 * 1024 + 1, 3 * 1024 * 1024)).toEqual(['3,145,729 bytes', '3,145,728 bytes']);
    expect(formatSaving(1000, 250)).toBe('−75%');
    expect(formatSaving(1000, 1040)).toBe('+4%');
  });

  it('names SSIMULACRA2 scores in the bands of issue 6', () => {
    expect([95, 90, 89.9, 80, 70, 50, 49.9, -10].map(scoreWords)).toEqual([
      'indistinguishable',
      'indistinguishable',
      'very high',
      'very high',
      'high',
      'medium',
      'low',
      // The page now shares the server's table, whose band below 30 is "very low" (it said "low").
      'very low',
    ]);
  });
});

describe('zoom and pan', () => {
  const image = { width: 4000, height: 3000 };
  const viewport = { width: 1000, height: 800 };

  it('fits a large image and centres it', () => {
    expect(fitView(image, viewport)).toEqual({ z: 0.25, x: 0, y: 25 });
    expect(fitView({ width: 200, height: 100 }, viewport)).toEqual({ z: 1, x: 400, y: 350 });
  });

  it('keeps the point under the cursor in place when zooming, and never shows an empty band', () => {
    const zoomed = zoomAt({ z: 0.25, x: 0, y: 25 }, 1, 500, 400, image, viewport);
    expect(zoomed.z).toBe(1);
    // The image point under (500, 400) before: ((500-0)/0.25, (400-25)/0.25) = (2000, 1500).
    expect([(500 - zoomed.x) / zoomed.z, (400 - zoomed.y) / zoomed.z]).toEqual([2000, 1500]);
    const corner = zoomAt({ z: 0.25, x: 0, y: 25 }, 2, 0, 0, image, viewport);
    expect(corner.x).toBeLessThanOrEqual(0);
    expect(corner.x).toBeGreaterThanOrEqual(viewport.width - image.width * 2);
  });

  it('steps through 1:1 on the way in and out', () => {
    expect(nextZoomStep(0.8, 1)).toBe(1);
    expect(nextZoomStep(1.2, -1)).toBe(1);
    expect(nextZoomStep(16, 1)).toBe(16);
  });
});

describe('reading the privacy documents of the statistics feature', () => {
  it('takes a field list as an array of described fields, or as a name → description map', () => {
    const listed = readFieldModel({
      fields: [
        { name: 'originalBytes', label: 'Original size', description: 'Size of the upload in bytes.', example: 482113 },
        { key: 'country', title: 'Country', doc: 'From the IP address at request time; the address is not kept.' },
        { nothing: true },
      ],
      neverRecorded: ['IP address', { description: 'File names' }],
      retention: '12 months',
    });
    expect(listed.fields).toEqual([
      { name: 'originalBytes', label: 'Original size', description: 'Size of the upload in bytes.', why: undefined, group: undefined, example: '482113' },
      { name: 'country', label: 'Country', description: 'From the IP address at request time; the address is not kept.', why: undefined, group: undefined, example: undefined },
    ]);
    expect(listed.never).toEqual(['IP address', 'File names']);
    expect(listed.retention).toBe('12 months');
    const mapped = readFieldModel({ fields: { browser: 'Browser name and major version' } });
    expect(mapped.fields).toEqual([{ name: 'browser', label: 'browser', description: 'Browser name and major version', why: undefined, group: undefined, example: undefined }]);
  });

  it('reads records and the opt-out state, and keeps the raw document for download', () => {
    const raw = JSON.stringify({ records: [{ outputFormat: 'webp' }, 'junk'], optedOut: false });
    expect(readMyData(JSON.parse(raw), raw)).toEqual({ records: [{ outputFormat: 'webp' }], optedOut: false, raw });
    expect(readMyData([{ a: 1 }], '[{"a":1}]').records).toEqual([{ a: 1 }]);
    expect(readMyData({ events: [], recording: false }, '').optedOut).toBe(true);
  });
});

/** Byte counts as text: the three notations of src/shared/units.ts and where each one turns over. */
import { describe, expect, it } from 'vitest';
import { formatBinaryBytes, formatByteSetting, formatDecimalBytes } from '../../src/shared/units.js';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('formatBinaryBytes (sizes for people: the page, the dashboard, error sentences)', () => {
  it('counts bytes below 1 KB', () => {
    expect(formatBinaryBytes(0)).toBe('0 B');
    expect(formatBinaryBytes(1)).toBe('1 B');
    expect(formatBinaryBytes(1023)).toBe('1023 B');
  });

  it('uses 1024-based units, with one decimal below 10 KB and none from there to 1 MB', () => {
    expect(formatBinaryBytes(KiB)).toBe('1 KB');
    expect(formatBinaryBytes(1536)).toBe('1.5 KB');
    expect(formatBinaryBytes(10 * KiB - 1)).toBe('10 KB');
    expect(formatBinaryBytes(10 * KiB + 512)).toBe('11 KB');
    expect(formatBinaryBytes(150 * KiB)).toBe('150 KB');
    expect(formatBinaryBytes(1000 * KiB)).toBe('1,000 KB');
    expect(formatBinaryBytes(MiB - 1)).toBe('1,024 KB');
  });

  it('gives MB, GB, TB and PB at most one decimal, so a configured limit reads as configured', () => {
    expect(formatBinaryBytes(MiB)).toBe('1 MB');
    expect(formatBinaryBytes(1.25 * MiB)).toBe('1.3 MB');
    expect(formatBinaryBytes(25 * MiB)).toBe('25 MB');
    expect(formatBinaryBytes(GiB - 1)).toBe('1,024 MB');
    expect(formatBinaryBytes(GiB)).toBe('1 GB');
    expect(formatBinaryBytes(1.5 * GiB)).toBe('1.5 GB');
    expect(formatBinaryBytes(1024 * GiB)).toBe('1 TB');
    expect(formatBinaryBytes(1024 ** 5)).toBe('1 PB');
    expect(formatBinaryBytes(2048 * 1024 ** 5)).toBe('2,048 PB');
  });

  it('puts a minus sign before a negative size (a saving that grew the file)', () => {
    expect(formatBinaryBytes(-512)).toBe('-512 B');
    expect(formatBinaryBytes(-1536)).toBe('-1.5 KB');
  });
});

describe('formatDecimalBytes (sizes in the terminal)', () => {
  it('uses 1000-based units with a lower-case k, like ls -h --si', () => {
    expect(formatDecimalBytes(0)).toBe('0 B');
    expect(formatDecimalBytes(999)).toBe('999 B');
    expect(formatDecimalBytes(1000)).toBe('1.0 kB');
    expect(formatDecimalBytes(1536)).toBe('1.5 kB');
    expect(formatDecimalBytes(999_949)).toBe('999.9 kB');
    expect(formatDecimalBytes(1_000_000)).toBe('1.00 MB');
    expect(formatDecimalBytes(2_400_000)).toBe('2.40 MB');
    expect(formatDecimalBytes(999_999_999)).toBe('1000.00 MB');
    expect(formatDecimalBytes(1_000_000_000)).toBe('1.00 GB');
    expect(formatDecimalBytes(1_234_000_000_000)).toBe('1234.00 GB');
  });
});

describe('formatByteSetting (the notation a size setting is written in)', () => {
  it('writes whole multiples of 1024 with the largest unit that divides them', () => {
    expect(formatByteSetting(25 * MiB)).toBe('25mb');
    expect(formatByteSetting(GiB)).toBe('1gb');
    expect(formatByteSetting(3 * GiB)).toBe('3gb');
    expect(formatByteSetting(GiB + MiB)).toBe('1025mb');
    expect(formatByteSetting(800 * KiB)).toBe('800kb');
    expect(formatByteSetting(KiB)).toBe('1kb');
  });

  it('writes anything else as the exact number of bytes', () => {
    expect(formatByteSetting(0)).toBe('0');
    expect(formatByteSetting(1000)).toBe('1000');
    expect(formatByteSetting(1536)).toBe('1536');
    expect(formatByteSetting(MiB + 1)).toBe('1048577');
  });
});

/**
 * Images and small helpers shared by bench:metric and bench:quality: the Kodak set, a few large
 * photos, and a Markdown table printer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharp } from '../src/pipeline/sharp.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const FLOWER = '/usr/share/libjxl-testdata/jxl/flower/flower.png';

export interface BenchImage {
  readonly name: string;
  readonly bytes: Buffer;
}

export function kodakImages(): BenchImage[] {
  const dir = path.join(CORPUS, 'kodak');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}

/** Installs libjxl-testdata when it is missing and we are allowed to (root with apt-get). */
function ensureLibjxlTestdata(): void {
  if (existsSync(FLOWER) || process.getuid?.() !== 0) return;
  try {
    execFileSync('apt-get', ['install', '-y', '-q', 'libjxl-testdata'], { stdio: 'ignore' });
  } catch {
    // Without it the benchmark still runs on the Kodak mosaics.
  }
}

/** flower.png (3.4 MP) when available, and two 6.3 MP mosaics of 4×4 Kodak photos. */
export async function largePhotos(): Promise<BenchImage[]> {
  ensureLibjxlTestdata();
  const out: BenchImage[] = existsSync(FLOWER) ? [{ name: 'flower.png', bytes: readFileSync(FLOWER) }] : [];
  const kodak = kodakImages();
  for (const [name, offset] of [['kodak-mosaic-a.png', 0], ['kodak-mosaic-b.png', 8]] as const) {
    const tiles = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const tile = await sharp(kodak[(offset + i) % kodak.length]!.bytes).resize(768, 512, { fit: 'cover' }).png().toBuffer();
        return { input: tile, left: (i % 4) * 768, top: Math.floor(i / 4) * 512 };
      }),
    );
    const bytes = await sharp({ create: { width: 3072, height: 2048, channels: 3, background: '#000' } }).composite(tiles).png().toBuffer();
    out.push({ name, bytes });
  }
  return out;
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

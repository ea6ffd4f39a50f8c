/**
 * Issue 6 at the edges: `compressorimage score`, the CLI's --quality auto / --format auto /
 * --max-bytes (score in the line, the summary and the JSON report), and the HTTP headers
 * X-Quality-Score, X-Quality-Target, X-Format and X-Format-Candidates.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreImages } from '../../src/quality/metric/ssimulacra2.js';
import { removeDir, runInProcess, tempDir } from '../cli/support.js';
import { listen } from '../http/support.js';
import { readCorpus } from '../support/corpus.js';

const photo = await sharp(readCorpus('kodak', 'kodim05.png')).extract({ left: 200, top: 100, width: 256, height: 192 }).png().toBuffer();
const jpeg = await sharp(photo).jpeg({ quality: 40 }).toBuffer();

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  await writeFile(path.join(dir, 'photo.png'), photo);
  await writeFile(path.join(dir, 'photo.jpg'), jpeg);
  await writeFile(path.join(dir, 'small.png'), await sharp(photo).resize(128, 96).png().toBuffer());
  await writeFile(path.join(dir, 'notes.txt'), 'not an image');
});
afterAll(() => removeDir(dir));

describe('compressorimage score', () => {
  it('prints the score and its words, the same number the library measures', async () => {
    const run = await runInProcess(['score', 'photo.png', 'photo.jpg'], dir);
    expect(run.code).toBe(0);
    const expected = await scoreImages(photo, jpeg);
    const [number, ...words] = run.stdout.trim().split(' ');
    expect(Number(number)).toBeCloseTo(expected, 2);
    expect(words.join(' ')).toMatch(/^(indistinguishable|very high|high|medium|low|very low)$/);
  });

  it('gives 100 for an image against itself, and JSON on request', async () => {
    const run = await runInProcess(['score', '--json', 'photo.png', 'photo.png'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ original: 'photo.png', compressed: 'photo.png', score: 100, words: 'indistinguishable' });
  });

  it('exits 1 for unreadable, undecodable or differently sized images, and 2 for a wrong command line', async () => {
    expect((await runInProcess(['score', 'photo.png', 'missing.png'], dir)).code).toBe(1);
    expect((await runInProcess(['score', 'photo.png', 'notes.txt'], dir)).code).toBe(1);
    const sizes = await runInProcess(['score', 'photo.png', 'small.png'], dir);
    expect(sizes.code).toBe(1);
    expect(sizes.stderr).toMatch(/differ in size/);
    expect((await runInProcess(['score', 'photo.png'], dir)).code).toBe(2);
  });

  it('is listed in the help', async () => {
    const run = await runInProcess(['--help'], dir);
    expect(run.stdout).toContain('score <original> <compressed>');
  });
});

describe('CLI automatic modes', () => {
  it('--quality auto --target 85: the line and the summary show the measured score, which reaches the target', async () => {
    const run = await runInProcess(['--quality', 'auto', '--target', '85', '--format', 'webp', '-o', 'auto', 'photo.png'], dir);
    expect(run.code).toBe(0);
    const match = /quality (\d+), score ([\d.]+) \(([a-z ]+)\)/.exec(run.stdout);
    expect(match, run.stdout).not.toBeNull();
    expect(Number(match![2])).toBeGreaterThanOrEqual(85);
    expect(run.stdout).toMatch(/Lowest score [\d.]+ \(/);
  });

  it('--format auto --max-bytes: the JSON report names the winner, its score and the candidates, within the size', async () => {
    const run = await runInProcess(['--format', 'auto', '--formats', 'webp,jpeg', '--max-bytes', '12k', '--json', '-o', 'capped', 'photo.png'], dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { files: Array<{ format: string; outputBytes: number; score: number; candidates: Array<{ format: string }> }>; summary: { lowestScore: number } };
    const file = report.files[0]!;
    expect(['webp', 'jpeg']).toContain(file.format);
    expect(file.outputBytes).toBeLessThanOrEqual(12 * 1024);
    expect(file.score).toBeGreaterThanOrEqual(50);
    expect(file.candidates.map((c) => c.format).sort()).toEqual(['jpeg', 'webp']);
    expect(report.summary.lowestScore).toBeCloseTo(file.score, 1);
  });

  it('an unreachable --max-bytes fails the file with TARGET_UNREACHABLE and the size that would do', async () => {
    const run = await runInProcess(['--format', 'jpeg', '--max-bytes', '300', '-o', 'tiny', 'photo.png'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/TARGET_UNREACHABLE: .*The smallest that would fit is [\d.]+ KB \(maxBytes=\d+\)/);
  });
});

describe('HTTP automatic modes', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen();
  });
  afterAll(() => server.close());

  it('format=auto answers with the winner in X-Format, every candidate, and the score reaching X-Quality-Target', async () => {
    const response = await fetch(`${server.url}/api/v1/compress?format=auto&formats=webp,jpeg&target=75`, { method: 'POST', body: photo });
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    const format = response.headers.get('x-format');
    expect(['webp', 'jpeg']).toContain(format);
    expect(response.headers.get('content-type')).toBe(format === 'webp' ? 'image/webp' : 'image/jpeg');
    expect(response.headers.get('x-quality-target')).toBe('75');
    const score = Number(response.headers.get('x-quality-score'));
    expect(score).toBeGreaterThanOrEqual(75);
    expect(Math.abs((await scoreImages(photo, body)) - score)).toBeLessThan(0.01);
    const candidates = response.headers.get('x-format-candidates')!.split(', ');
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toMatch(new RegExp(`^${format};bytes=${body.length};score=`));
  });

  it('an unreachable maxBytes is a 422 TARGET_UNREACHABLE problem that names the smallest size', async () => {
    const response = await fetch(`${server.url}/api/v1/compress?format=jpeg&maxBytes=300`, { method: 'POST', body: photo });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('TARGET_UNREACHABLE');
    expect(problem.detail).toMatch(/smallest that would fit is/);
  });
});

/**
 * The CLI as a user runs it: a real process on a temporary folder tree, real images, real exit
 * codes. (Behaviour that needs a terminal or fine control lives in behaviour.test.ts.)
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/cli/report-text.js';
import { CompressorError } from '../../src/errors.js';
import { parseOptions } from '../../src/pipeline/options.js';
import { corpusPath, PNGSUITE_BROKEN, readCorpus } from '../support/corpus.js';
import { BIN, BUILT_MAIN, listFiles, photoTree, removeDir, spawnCli, tempDir } from './support.js';

let root: string;
let images: Awaited<ReturnType<typeof photoTree>>['images'];

beforeEach(async () => {
  root = await tempDir();
  ({ images } = await photoTree(root));
});

afterEach(async () => {
  await removeDir(root);
});

const INPUTS = ['photos/four.avif', 'photos/one.png', 'photos/trip/day2/three.webp', 'photos/trip/two.jpg'];

async function dimensions(file: string): Promise<{ width: number | undefined; height: number | undefined; format: string | undefined }> {
  const m = await sharp(await readFile(file)).metadata();
  return { width: m.width, height: m.height, format: m.format };
}

describe('compressorimage -o DIR <folder>', () => {
  it('mirrors the folder tree, writes decodable smaller images, prints a line per file and a summary, exits 0', async () => {
    const before = await Promise.all(INPUTS.map((f) => readFile(path.join(root, f))));
    const run = await spawnCli(['-o', 'out', 'photos'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    expect(await listFiles(path.join(root, 'out'))).toEqual(['four.avif', 'one.png', 'trip/day2/three.webp', 'trip/two.jpg']);
    for (const input of INPUTS) {
      const output = path.join(root, 'out', path.relative('photos', input));
      const [a, b] = await Promise.all([dimensions(path.join(root, input)), dimensions(output)]);
      expect(b).toEqual(a);
      expect((await readFile(output)).length).toBeLessThan((await readFile(path.join(root, input))).length);
    }
    // The inputs are untouched.
    expect(await Promise.all(INPUTS.map((f) => readFile(path.join(root, f))))).toEqual(before);

    // Plain lines (stdout is a pipe, not a terminal): one per file, then the summary.
    const lines = run.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const input of INPUTS) {
      const out = path.join('out', path.relative('photos', input));
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${input} -> ${out}  [\\d.]+ (B|kB) -> [\\d.]+ (B|kB)  -\\d+\\.\\d%$`)));
    }
    expect(lines[4]).toMatch(/^4 files, 4 compressed\. [\d.]+ kB -> [\d.]+ kB \(-\d+\.\d%, [\d.]+ kB saved\) in [\d.]+ m?s\.$/);
  });

  it('--json prints one report whose numbers match the files written', async () => {
    const run = await spawnCli(['--json', '--format', 'webp', '-o', 'out', 'photos'], { cwd: root });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout.toString('utf8')) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.files.map((f) => f.input)).toEqual(INPUTS);
    let inputBytes = 0;
    let outputBytes = 0;
    for (const file of report.files) {
      expect(file.status).toBe('compressed');
      expect(file.format).toBe('webp');
      expect(file.output).toBe(path.join('out', path.relative('photos', file.input)).replace(/\.[a-z]+$/, '.webp'));
      const written = await readFile(path.join(root, file.output ?? ''));
      expect(file.outputBytes).toBe(written.length);
      expect(file.inputBytes).toBe((await readFile(path.join(root, file.input))).length);
      expect(file.savedBytes).toBe((file.inputBytes ?? 0) - (file.outputBytes ?? 0));
      expect(file).toMatchObject({ width: 96, lossless: false, inputFormat: expect.any(String), quality: expect.any(Number), ms: expect.any(Number) });
      inputBytes += file.inputBytes ?? 0;
      outputBytes += file.outputBytes ?? 0;
    }
    expect(report.summary).toMatchObject({ files: 4, compressed: 4, keptOriginal: 0, failed: 0, inputBytes, outputBytes, savedBytes: inputBytes - outputBytes });
    expect(report.summary.savedPercent).toBeCloseTo(((inputBytes - outputBytes) / inputBytes) * 100, 1);
  });
});

describe('exit codes', () => {
  it('1 when some files fail: each broken file is named with its code, the rest are written, no partial file is left', async () => {
    await mkdir(path.join(root, 'photos/broken'));
    for (const name of PNGSUITE_BROKEN) await copyFile(corpusPath('pngsuite', name), path.join(root, 'photos/broken', name));
    await writeFile(path.join(root, 'photos/broken/truncated.png'), readCorpus('kodak', 'kodim05.png').subarray(0, 50_000));

    const run = await spawnCli(['--json', '-o', 'out', 'photos'], { cwd: root });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout.toString('utf8')) as JsonReport;
    const failed = report.files.filter((f) => f.status === 'failed');
    expect(failed.map((f) => path.basename(f.input)).sort()).toEqual([...PNGSUITE_BROKEN, 'truncated.png'].sort());
    for (const f of failed) {
      expect(['CORRUPT_IMAGE', 'UNSUPPORTED_FORMAT']).toContain(f.error?.code);
      expect(run.stderr).toContain(`FAILED ${f.input}: ${f.error?.code}: ${f.error?.message}\n`);
    }
    expect(report.ok).toBe(false);
    expect(report.summary).toMatchObject({ failed: failed.length, compressed: 4 });
    // Only the good images were written; nothing for a broken one, no temporary file anywhere.
    expect(await listFiles(path.join(root, 'out'))).toEqual(['four.avif', 'one.png', 'trip/day2/three.webp', 'trip/two.jpg']);
  });

  it('2 for a bad option value, with the pipeline\'s own sentence, and nothing is written', async () => {
    let expected = '';
    try {
      parseOptions({ quality: '101' });
    } catch (error) {
      expected = (error as CompressorError).message;
    }
    expect(expected).toContain('expected an integer 1–100 for quality, got "101"');
    const run = await spawnCli(['--quality', '101', '-o', 'out', 'photos'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`compressorimage: ${expected}\n`);
    expect(run.stdout.length).toBe(0);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('2 for an unknown flag', async () => {
    const unknown = await spawnCli(['--qualty', '80', 'photos'], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown option --qualty. Did you mean --quality?');
    expect(await listFiles(path.join(root, 'photos'))).toEqual(['four.avif', 'notes.txt', 'one.png', 'trip/day2/three.webp', 'trip/two.jpg']);
  });

  it('0 for --help and --version', async () => {
    const help = await spawnCli(['--help'], { cwd: root });
    expect(help.code).toBe(0);
    const text = help.stdout.toString('utf8');
    for (const flag of ['--out DIR', '--in-place', '--format jpeg|png|webp|avif', '--quality N', '--max-width N', '--max-height N', '--metadata strip|keep-color-profile|keep-all-but-location|keep-all', '--lossless', '--effort N', '--concurrency N', '--json']) {
      expect(text).toContain(flag);
    }
    const version = await spawnCli(['--version'], { cwd: root });
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version.stdout.toString('utf8')).toBe(`${pkg.version}\n`);
  });
});

describe('standard input to standard output', () => {
  it('compresses the bytes of stdin onto stdout, converting when asked', async () => {
    const run = await spawnCli(['--format', 'webp', '--max-width', '50', '-'], { cwd: root, stdin: images.png });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const m = await sharp(run.stdout).metadata();
    expect(m.format).toBe('webp');
    expect(m.width).toBe(50);
    expect(await readdir(root)).toEqual(['photos']);
  });

  it('exits 1 with the code on stderr and nothing on stdout for bytes that are not an image', async () => {
    const run = await spawnCli(['-'], { cwd: root, stdin: Buffer.from('%PDF-1.7 certainly not an image') });
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toMatch(/^FAILED standard input: UNSUPPORTED_FORMAT: /);
  });

  it('answers an over-size stdin with FILE_TOO_LARGE under MAX_INPUT_BYTES', async () => {
    const run = await spawnCli(['-'], { cwd: root, stdin: images.png, env: { MAX_INPUT_BYTES: '1k' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FILE_TOO_LARGE');
    expect(run.stdout.length).toBe(0);
  });
});

describe('default output: name.min.ext next to each input', () => {
  it('never touches an input, changes the extension with the format, and skips its own outputs on a second run', async () => {
    const first = await spawnCli(['--format', 'webp', 'photos'], { cwd: root });
    expect(first.code).toBe(0);
    const afterFirst = await listFiles(path.join(root, 'photos'));
    expect(afterFirst).toEqual(['four.avif', 'four.min.webp', 'notes.txt', 'one.min.webp', 'one.png', 'trip/day2/three.min.webp', 'trip/day2/three.webp', 'trip/two.jpg', 'trip/two.min.webp']);
    expect(await readFile(path.join(root, 'photos/one.png'))).toEqual(images.png);
    const second = await spawnCli(['--format', 'webp', 'photos'], { cwd: root });
    expect(second.code).toBe(0);
    expect(second.stdout.toString('utf8')).toMatch(/^4 files/m);
    expect(await listFiles(path.join(root, 'photos'))).toEqual(afterFirst);
  });
});

describe('Ctrl-C', () => {
  it('exits 130 leaving only complete outputs and no temporary file', async () => {
    await mkdir(path.join(root, 'big'));
    for (const name of ['kodim01.png', 'kodim02.png', 'kodim03.png', 'kodim05.png', 'kodim08.png', 'kodim13.png']) {
      await copyFile(corpusPath('kodak', name), path.join(root, 'big', name));
    }
    let sent = false;
    const run = await spawnCli(['-j', '1', '--format', 'avif', '--effort', '6', '-o', 'out', 'big'], {
      cwd: root,
      // After the first file is reported, the next one is being encoded or written.
      onStdout: (_text, kill) => {
        if (!sent) {
          sent = true;
          kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted');
    const written = await listFiles(path.join(root, 'out'));
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written.length).toBeLessThan(6);
    for (const file of written) {
      expect(file).toMatch(/^kodim\d\d\.avif$/);
      expect((await dimensions(path.join(root, 'out', file))).format).toBe('heif');
    }
  });
});

describe('bin/compressorimage.js (the built CLI, as `npx compressorimage` runs it)', () => {
  const built = existsSync(BUILT_MAIN);
  if (!built) console.warn(`skipping the built-bin test: ${BUILT_MAIN} does not exist (run npm run build)`);
  it.skipIf(!built)('runs and compresses', async () => {
    const run = await spawnCli(['--json', '-o', 'out', 'photos/one.png'], { cwd: root, script: BIN });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout.toString('utf8')) as JsonReport;
    expect(report.files[0]).toMatchObject({ input: 'photos/one.png', output: 'out/one.png', status: 'compressed' });
  });
});

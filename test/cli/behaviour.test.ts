/**
 * The CLI's rules, run in-process (real files, real streams, real pipeline) where a spawned
 * process would only add start-up time: usage errors, --in-place, where outputs go, what is
 * printed on a terminal, and the atomic writer.
 */
import { chmod, link, lstat, mkdir, readFile, readlink, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempFiles, writeFileAtomic } from '../../src/cli/atomic-write.js';
import type { JsonReport } from '../../src/cli/report-text.js';
import { captureStream, listFiles, photoTree, removeDir, runInProcess, tempDir } from './support.js';

let root: string;
let images: Awaited<ReturnType<typeof photoTree>>['images'];
const TREE = ['four.avif', 'notes.txt', 'one.png', 'trip/day2/three.webp', 'trip/two.jpg'];

beforeEach(async () => {
  root = await tempDir();
  ({ images } = await photoTree(root));
});

afterEach(async () => {
  await removeDir(root);
});

function report(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

describe('usage errors: exit 2, one sentence, nothing written', () => {
  const cases: Array<[string, string[], string, Record<string, string>?]> = [
    ['no input', [], 'No input given'],
    ['a missing file', ['photos/nope.png'], 'No such file or folder: photos/nope.png'],
    ['a glob that matches no image', ['photos/**/*.gif'], 'No images to compress.'],
    ['--in-place with --out', ['--in-place', '-o', 'out', 'photos'], '--in-place and --out contradict each other'],
    ['--in-place with --format', ['--in-place', '--format', 'webp', 'photos'], 'cannot be combined with --format'],
    ['an --out that would overwrite the input', ['-o', 'photos', 'photos/one.png'], 'Writing photos/one.png would overwrite an input'],
    ['an --out that is a file', ['-o', 'photos/one.png', 'photos/trip'], '--out photos/one.png exists and is not a folder'],
    ['- among other inputs', ['-', 'photos/one.png'], '- (standard input) must be the only input'],
    ['- with --json', ['--json', '-'], 'no room for --json'],
    ['a bad concurrency', ['--concurrency', '0', 'photos'], 'expected an integer 1–256 for concurrency, got "0"'],
    ['two bad image options at once', ['--max-width', 'wide', '--metadata', 'all', 'photos'], 'expected an integer 1–65535 for maxWidth, got "wide"; expected one of strip, keep-color-profile, keep-all-but-location, keep-all for metadata, got "all"'],
    ['a bad limit in the environment', ['photos'], 'expected an integer 1–1000000000 for MAX_PIXELS, got "lots"', { MAX_PIXELS: 'lots' }],
  ];
  it.each(cases)('%s', async (_name, args, message, env = {}) => {
    const run = await runInProcess(args, root, { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Run compressorimage --help for usage.');
    expect(run.stdout).toBe('');
    expect(await listFiles(root)).toEqual(TREE.map((f) => `photos/${f}`));
  });

  it('two inputs that would be written to the same output', async () => {
    await writeFile(path.join(root, 'photos/one.jpg'), images.jpeg);
    const run = await runInProcess(['--format', 'webp', 'photos/one.png', 'photos/one.jpg'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('photos/one.png and photos/one.jpg would both be written to photos/one.min.webp');
    expect(existsSync(path.join(root, 'photos/one.min.webp'))).toBe(false);
  });

  it('an output that is a hard link to an input (same file, another name)', async () => {
    await mkdir(path.join(root, 'out'));
    await link(path.join(root, 'photos/one.png'), path.join(root, 'out/one.png'));
    const run = await runInProcess(['-o', 'out', 'photos/one.png'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Writing out/one.png would overwrite an input');
    expect(await readFile(path.join(root, 'photos/one.png'))).toEqual(images.png);
  });

  it('--help wins over other mistakes on the line', async () => {
    const run = await runInProcess(['--quality', '500', '--help'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage:');
  });
});

describe('--in-place', () => {
  it('replaces each input with the smaller image in the same format, keeping its permissions', async () => {
    const file = path.join(root, 'photos/trip/two.jpg');
    await chmod(file, 0o640);
    const run = await runInProcess(['--in-place', '--json', 'photos'], root);
    expect(run.code).toBe(0);
    const files = report(run.stdout).files;
    expect(files).toHaveLength(4);
    for (const f of files) expect(f).toMatchObject({ status: 'compressed', output: f.input, format: f.inputFormat });
    expect(await listFiles(root)).toEqual(TREE.map((f) => `photos/${f}`));
    const after = await readFile(file);
    expect(after.length).toBeLessThan(images.jpeg.length);
    expect((await sharp(after).metadata()).format).toBe('jpeg');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('leaves a file untouched when nothing smaller can be made', async () => {
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png({ palette: true, compressionLevel: 9 }).toBuffer();
    const file = path.join(root, 'tiny.png');
    await writeFile(file, tiny);
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);
    const run = await runInProcess(['--in-place', 'tiny.png'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('tiny.png (in place)');
    expect(run.stdout).toContain('kept: the original is already smaller');
    expect(await readFile(file)).toEqual(tiny);
    expect((await stat(file)).mtime).toEqual(past);
  });

  it('rewrites the target of a symlink and keeps the link', async () => {
    await symlink('photos/one.png', path.join(root, 'link.png'));
    const run = await runInProcess(['--in-place', 'link.png'], root);
    expect(run.code).toBe(0);
    expect((await lstat(path.join(root, 'link.png'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(root, 'link.png'))).toBe('photos/one.png');
    expect((await readFile(path.join(root, 'photos/one.png'))).length).toBeLessThan(images.png.length);
  });

  it('refuses a file whose format cannot be kept (TIFF is written as PNG) and leaves it as it was', async () => {
    const tiff = await sharp(images.png).tiff().toBuffer();
    await writeFile(path.join(root, 'scan.tif'), tiff);
    const run = await runInProcess(['--in-place', 'scan.tif'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^FAILED scan\.tif: FORMAT_CHANGE_IN_PLACE: .*use --out DIR/m);
    expect(await readFile(path.join(root, 'scan.tif'))).toEqual(tiff);
  });
});

describe('where outputs go', () => {
  it('names an output after the format its bytes turned out to be, and keeps an extension that is already right', async () => {
    await writeFile(path.join(root, 'misnamed.png'), images.jpeg);
    await writeFile(path.join(root, 'shot.JPEG'), images.jpeg);
    await writeFile(path.join(root, 'no-extension'), images.png);
    const run = await runInProcess(['-o', 'out', 'misnamed.png', 'shot.JPEG', 'no-extension'], root);
    expect(run.code).toBe(0);
    expect(await listFiles(path.join(root, 'out'))).toEqual(['misnamed.jpg', 'no-extension.png', 'shot.JPEG']);
  });

  it('takes a file named explicitly whatever its name, and reports what its bytes are', async () => {
    const run = await runInProcess(['-o', 'out', 'photos/notes.txt', 'photos/one.png'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^FAILED photos\/notes\.txt: UNSUPPORTED_FORMAT: /m);
    expect(await listFiles(path.join(root, 'out'))).toEqual(['one.png']);
  });

  it('expands a quoted glob and mirrors the tree below its fixed part', async () => {
    const run = await runInProcess(['-o', 'out', 'photos/**/*.{jpg,webp}'], root);
    expect(run.code).toBe(0);
    expect(await listFiles(path.join(root, 'out'))).toEqual(['trip/day2/three.webp', 'trip/two.jpg']);
  });

  it('mirrors several folders below their common folder', async () => {
    const run = await runInProcess(['-o', 'out', 'photos/trip/day2', 'photos/one.png'], root);
    expect(run.code).toBe(0);
    expect(await listFiles(path.join(root, 'out'))).toEqual(['one.png', 'trip/day2/three.webp']);
  });

  it('never picks up its own --out folder when it lies inside an input folder', async () => {
    const first = await runInProcess(['-o', 'photos/small', 'photos'], root);
    const second = await runInProcess(['-o', 'photos/small', 'photos'], root);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.stdout).toMatch(/^4 files, 4 compressed\./m);
    expect(await listFiles(path.join(root, 'photos/small'))).toEqual(['four.avif', 'one.png', 'trip/day2/three.webp', 'trip/two.jpg']);
  });

  it('reports a file that cannot be written (WRITE_FAILED), writes the others and leaves no temporary file', async () => {
    await mkdir(path.join(root, 'out/one.png'), { recursive: true });
    const run = await runInProcess(['--json', '-o', 'out', 'photos'], root);
    expect(run.code).toBe(1);
    const failed = report(run.stdout).files.filter((f) => f.status === 'failed');
    expect(failed).toEqual([expect.objectContaining({ input: 'photos/one.png', error: expect.objectContaining({ code: 'WRITE_FAILED' }) })]);
    expect(await listFiles(path.join(root, 'out'))).toEqual(['four.avif', 'trip/day2/three.webp', 'trip/two.jpg']);
  });

  it('applies MAX_INPUT_BYTES from the environment to each file (FILE_TOO_LARGE)', async () => {
    const run = await runInProcess(['--json', '-o', 'out', 'photos/one.png'], root, { env: { MAX_INPUT_BYTES: '1k' } });
    expect(run.code).toBe(1);
    expect(report(run.stdout).files[0]?.error?.code).toBe('FILE_TOO_LARGE');
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });
});

describe('what is printed', () => {
  it('on a terminal, a batch shows a progress bar on stderr instead of per-file lines, then the summary', async () => {
    await writeFile(path.join(root, 'photos/broken.png'), images.png.subarray(0, 200));
    const stderr = captureStream(true, 100);
    const run = await runInProcess(['-o', 'out', 'photos'], root, { stderr });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('\r\x1b[2K[');
    expect(run.stderr).toMatch(/\] 5\/5 100%/);
    // The failure is printed above the bar, on a line of its own.
    const failure = run.stderr.indexOf('\r\x1b[2KFAILED photos/broken.png: CORRUPT_IMAGE: ');
    expect(failure).toBeGreaterThanOrEqual(0);
    // …and it ends its own line before the bar is drawn again.
    const line = run.stderr.slice(failure + 1).split('\r')[0] ?? '';
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(run.stdout).not.toContain(' -> out/');
    expect(run.stdout).toMatch(/^5 files, 4 compressed, 1 failed\. .* in .*\.\n$/);
  });

  it('on a terminal, a single file gets its line and no bar', async () => {
    const run = await runInProcess(['-o', 'out', 'photos/one.png'], root, { stderr: captureStream(true) });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^photos\/one\.png -> out\/one\.png {2}.*\n1 file, 1 compressed\./);
  });

  it('--quiet prints only failures', async () => {
    await writeFile(path.join(root, 'photos/broken.png'), images.png.subarray(0, 200));
    const run = await runInProcess(['--quiet', '-o', 'out', 'photos'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^FAILED photos\/broken\.png: CORRUPT_IMAGE: /)]);
  });

  it('refuses to write image bytes to a terminal', async () => {
    const run = await runInProcess(['-'], root, { stdout: captureStream(true) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Refusing to write image bytes to a terminal');
  });
});

describe('the atomic writer', () => {
  it('replaces an existing file whole, and leaves nothing else in the folder', async () => {
    const target = path.join(root, 'target.bin');
    await writeFile(target, 'old contents that are longer than the new ones');
    const temps = new TempFiles();
    await writeFileAtomic(target, Buffer.from('new'), { temps });
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(temps.size).toBe(0);
    expect((await listFiles(root)).filter((f) => !f.startsWith('photos/'))).toEqual(['target.bin']);
  });

  it('removes its temporary file when the write is cancelled before the rename', async () => {
    const target = path.join(root, 'target.bin');
    const temps = new TempFiles();
    let tempsDuringWrite = 0;
    const write = writeFileAtomic(target, Buffer.alloc(1000, 1), {
      temps,
      beforeRename: async () => {
        tempsDuringWrite = temps.size;
        throw new Error('cancelled');
      },
    });
    await expect(write).rejects.toThrow('cancelled');
    expect(tempsDuringWrite).toBe(1);
    expect(temps.size).toBe(0);
    expect((await listFiles(root)).filter((f) => !f.startsWith('photos/'))).toEqual([]);
  });

  it('knows its temporary file while writing, so an interrupt can remove it', async () => {
    const target = path.join(root, 'target.bin');
    const temps = new TempFiles();
    let seen: string[] = [];
    const write = writeFileAtomic(target, Buffer.alloc(1000, 1), {
      temps,
      beforeRename: async () => {
        seen = (await listFiles(root)).filter((f) => f.endsWith('.tmp'));
        temps.removeAllSync(); // what the Ctrl-C handler does
      },
    });
    await expect(write).rejects.toThrow();
    expect(seen).toEqual([expect.stringMatching(/^\.target\.bin\.[0-9a-f]{12}\.tmp$/)]);
    expect((await listFiles(root)).filter((f) => !f.startsWith('photos/'))).toEqual([]);
  });
});

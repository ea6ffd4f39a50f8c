/**
 * Helpers for the CLI tests: a temporary folder tree of small real images (Kodak resized with
 * sharp, PngSuite files as they are), the CLI spawned as a real process, and the CLI run
 * in-process with real streams when a test needs a terminal-like stderr or the interrupt hook.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { runCli } from '../../src/cli/cli.js';
import type { CliIo, ExitCode, OutputStream } from '../../src/cli/io.js';
import { readCorpus } from '../support/corpus.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/compressorimage.js', import.meta.url));
export const BUILT_MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly stdin?: Uint8Array;
  readonly env?: Record<string, string>;
  /** Called with the child's stdout text as it arrives (e.g. to send a signal at the right time). */
  readonly onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void;
  /** Run this script instead of the TypeScript entry (e.g. the built bin). */
  readonly script?: string;
}

/** Spawns the CLI as a real process: `node --import tsx src/cli/main.ts …args`. */
export function spawnCli(args: readonly string[], options: SpawnOptions): Promise<RunResult> {
  const command = options.script ? [options.script] : ['--import', TSX, MAIN];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      options.onStdout?.(Buffer.concat(out).toString('utf8'), (signal) => child.kill(signal));
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.end(options.stdin ?? Buffer.alloc(0));
  });
}

/** A writable stream that keeps what is written; `tty` makes it look like a terminal. */
export function captureStream(tty = false, columns = 80): PassThrough & OutputStream & { text(): string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; text(): string };
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  if (tty) {
    stream.isTTY = true;
    stream.columns = columns;
  }
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  return stream;
}

export interface InProcessRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with real streams; `io` overrides parts of the environment. */
export async function runInProcess(args: readonly string[], cwd: string, io: Partial<CliIo> = {}): Promise<InProcessRun> {
  const stdout = (io.stdout as ReturnType<typeof captureStream> | undefined) ?? captureStream();
  const stderr = (io.stderr as ReturnType<typeof captureStream> | undefined) ?? captureStream();
  const code = await runCli(args, { stdin: Readable.from([]), cwd, env: {}, ...io, stdout, stderr });
  // Let the PassThroughs deliver what was written before reading them.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'compressorimage-cli-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file below `dir` (hidden ones included), as sorted relative paths with forward slashes. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Small real images made from Kodak photos, one per input format. */
export async function smallImages(): Promise<{ png: Buffer; jpeg: Buffer; webp: Buffer; avif: Buffer }> {
  const small = (file: string): Sharp => sharp(readCorpus('kodak', file)).resize(96);
  return {
    png: await small('kodim01.png').png().toBuffer(),
    jpeg: await small('kodim02.png').jpeg({ quality: 95 }).toBuffer(),
    webp: await small('kodim03.png').webp({ quality: 95 }).toBuffer(),
    avif: await small('kodim04.png').avif({ quality: 90, effort: 0 }).toBuffer(),
  };
}

/**
 * photos/one.png, photos/trip/two.jpg, photos/trip/day2/three.webp, photos/four.avif,
 * photos/notes.txt (not an image, skipped when the folder is expanded).
 */
export async function photoTree(root: string): Promise<{ images: Awaited<ReturnType<typeof smallImages>> }> {
  const images = await smallImages();
  await mkdir(path.join(root, 'photos/trip/day2'), { recursive: true });
  await writeFile(path.join(root, 'photos/one.png'), images.png);
  await writeFile(path.join(root, 'photos/trip/two.jpg'), images.jpeg);
  await writeFile(path.join(root, 'photos/trip/day2/three.webp'), images.webp);
  await writeFile(path.join(root, 'photos/four.avif'), images.avif);
  await writeFile(path.join(root, 'photos/notes.txt'), 'not an image\n');
  return { images };
}

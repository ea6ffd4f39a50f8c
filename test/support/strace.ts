import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TraceResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every openat/creat call that could create or modify a file: `path flags`. */
  readonly writes: string[];
  /** Number of openat/creat calls seen: proves the trace captured something. */
  readonly calls: number;
}

const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|O_TMPFILE/;

/**
 * Runs a command under `strace -f -e trace=openat,creat` and returns every file it opened for
 * writing (P3: an uploaded image never touches the disk). Device files under /dev are allowed:
 * they are not storage. The trace file itself is written by strace, not by the traced process.
 */
export async function traceFileWrites(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<TraceResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-strace-'));
  const traceFile = path.join(dir, 'trace.txt');
  try {
    const child = spawn('strace', ['-f', '-qq', '-e', 'trace=openat,creat', '-o', traceFile, command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = readFileSync(traceFile, 'utf8').split('\n').filter((l) => /\b(openat|creat)\(/.test(l));
    const writes = lines
      .filter((l) => (/\bcreat\(/.test(l) || WRITE_FLAGS.test(l)) && !/ = -1 /.test(l))
      .map((l) => /"([^"]*)"/.exec(l)?.[1] ?? l)
      .filter((p) => !p.startsWith('/dev/'));
    return { exitCode, stdout, stderr, writes, calls: lines.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

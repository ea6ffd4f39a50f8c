/**
 * Everything the CLI touches in the outside world, passed in rather than reached for, so the same
 * code runs from `bin/compressorimage.js` and in-process from the tests with real streams and a
 * real temporary folder.
 */
import type { Readable, Writable } from 'node:stream';

export type OutputStream = Writable & { readonly isTTY?: boolean; readonly columns?: number };
export type InputStream = Readable & { readonly isTTY?: boolean };

export interface CliIo {
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Runs `handler` once on Ctrl-C or SIGTERM; returns a function that removes it. The handler
   * cleans up and returns the exit code; the process then exits with it.
   */
  readonly onInterrupt?: (handler: () => number) => () => void;
}

export const EXIT = {
  /** Every file was compressed (or kept, when nothing smaller was possible). */
  OK: 0,
  /** At least one file failed; each is named on stderr with its error code. */
  FAILED: 1,
  /** The command line itself is wrong: nothing was done. */
  USAGE: 2,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT), temporary files removed. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Writes and waits until the stream has accepted the data (back-pressure for image bytes). */
export function writeAll(stream: Writable, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** True when the stream is an interactive terminal that understands cursor movement. */
export function isInteractive(stream: OutputStream, env: CliIo['env']): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function nodeIo(): CliIo {
  // `compressorimage photos | head -1`: the reader went away. Keep compressing (the files are the
  // point, not the lines); only output to that stream is lost. Anything else is a real failure.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    onInterrupt: (handler) => {
      const listener = (): void => {
        process.exit(handler());
      };
      process.once('SIGINT', listener);
      process.once('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}

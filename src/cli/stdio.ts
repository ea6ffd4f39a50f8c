/** `compressorimage [options] -`: one image from standard input to standard output. */
import type { Pipeline } from '../compress/index.js';
import type { CompressOptions } from '../pipeline/options.js';
import { toCompressorError } from '../errors.js';
import { EXIT, writeAll, type CliIo, type ExitCode, type InputStream } from './io.js';
import { UsageError } from './usage-error.js';

/** Reads at most `limit + 1` bytes, so the pipeline can answer FILE_TOO_LARGE without us buffering a flood. */
async function readStdin(stream: InputStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buffer);
    total += buffer.length;
    if (total > limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit + 1);
}

export async function compressStdio(io: CliIo, pipeline: Pipeline, options: CompressOptions): Promise<ExitCode> {
  if (io.stdout.isTTY === true) {
    throw new UsageError('Refusing to write image bytes to a terminal: redirect standard output, e.g. compressorimage - < in.png > out.png');
  }
  let data: Buffer;
  try {
    const input = await readStdin(io.stdin, pipeline.limits.maxInputBytes);
    data = (await pipeline.compress(input, options)).data;
  } catch (error) {
    const e = toCompressorError(error);
    io.stderr.write(`FAILED standard input: ${e.code}: ${e.message}\n`);
    return EXIT.FAILED;
  }
  try {
    await writeAll(io.stdout, data);
    return EXIT.OK;
  } catch (error) {
    io.stderr.write(`FAILED standard output: WRITE_FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.FAILED;
  }
}

/**
 * `compressorimage score <original> <compressed> [--json]`: how alike two images look, as the
 * SSIMULACRA2 score the automatic modes use (100 identical, 90 indistinguishable at 1:1, 80 no
 * difference side by side, 70 high, 50 medium, 30 low). Exit 0 with the score, 1 when a file
 * cannot be read or decoded or the sizes differ, 2 for a wrong command line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scoreWords } from '../shared/score-words.js';
import { decodeToRgb, MIN_SIDE } from '../quality/metric/ssimulacra2.js';
import { scoreInWorkers } from '../quality/metric/worker-pool.js';
import { EXIT, writeAll, type CliIo, type ExitCode } from './io.js';

export const SCORE_USAGE = 'score <original> <compressed> [--json]';
export const SCORE_SUMMARY =
  'Print how alike two images look: the SSIMULACRA2 score quality=auto aims at (100 identical, 90 indistinguishable, 80 very high, 70 high, 50 medium, 30 low).';

async function fail(io: CliIo, message: string, code: ExitCode): Promise<ExitCode> {
  await writeAll(io.stderr, `compressorimage score: ${message}\n`);
  return code;
}

export async function runScoreCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    return fail(io, `${(error as Error).message}\nUsage: compressorimage ${SCORE_USAGE}`, EXIT.USAGE);
  }
  if (parsed.values.help) {
    await writeAll(io.stdout, `Usage: compressorimage ${SCORE_USAGE}\n${SCORE_SUMMARY}\n`);
    return EXIT.OK;
  }
  if (parsed.positionals.length !== 2) return fail(io, `expected two images, the original and the compressed one.\nUsage: compressorimage ${SCORE_USAGE}`, EXIT.USAGE);
  const files = parsed.positionals as [string, string];

  const images = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.resolve(io.cwd, file));
    } catch (error) {
      return fail(io, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.FAILED);
    }
    try {
      images.push(await decodeToRgb(bytes));
    } catch {
      return fail(io, `${file} is not an image we can decode.`, EXIT.FAILED);
    }
  }
  const [a, b] = images as [Awaited<ReturnType<typeof decodeToRgb>>, Awaited<ReturnType<typeof decodeToRgb>>];
  if (a.width !== b.width || a.height !== b.height) {
    return fail(io, `the images differ in size (${a.width}×${a.height} and ${b.width}×${b.height}); the score compares images of the same size.`, EXIT.FAILED);
  }
  if (a.width < MIN_SIDE || a.height < MIN_SIDE) return fail(io, `the images are smaller than ${MIN_SIDE}×${MIN_SIDE} pixels, too small to score.`, EXIT.FAILED);
  const score = await scoreInWorkers(a, b);
  const rounded = Math.round(score * 100) / 100;
  const words = scoreWords(score);
  await writeAll(io.stdout, parsed.values.json ? `${JSON.stringify({ original: files[0], compressed: files[1], score: rounded, words })}\n` : `${rounded.toFixed(2)} ${words}\n`);
  return EXIT.OK;
}

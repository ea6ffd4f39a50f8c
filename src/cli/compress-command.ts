/**
 * The default command: `compressorimage [options] <files|folders|globs...>`. It plans everything
 * first (inputs, outputs, conflicts) so a usage error leaves the disk untouched, then runs the
 * files through the pipeline a few at a time.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createPipeline } from '../compress/index.js';
import { TempFiles } from './atomic-write.js';
import { BatchReporter } from './batch-reporter.js';
import { cliConfig } from './cli-config.js';
import { parseCompressArgs, type CompressArgs, type OutputMode } from './compress-args.js';
import { compressFile, type BatchContext } from './compress-file.js';
import { summarize, type FileOutcome } from './file-outcome.js';
import { findInputs } from './find-inputs.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { checkPlannedOutputs } from './output-paths.js';
import type { Display } from './report-text.js';
import { compressStdio } from './stdio.js';
import { UsageError } from './usage-error.js';
import { productVersion } from './version.js';

export interface CompressCommandHooks {
  /** Prints the help (it lists the subcommands, which only the dispatcher knows). */
  readonly printHelp: (io: CliIo) => Promise<void>;
}

/** Paths as the person typed them: relative to the current folder when inside it. */
function displayFrom(cwd: string): Display {
  return (file) => {
    const rel = path.relative(cwd, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  };
}

/** Runs `task` on every item with at most `limit` at a time; results keep the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>, onResult: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const result = await task(items[index] as T);
      results[index] = result;
      onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function resolveMode(mode: OutputMode, cwd: string): Promise<OutputMode> {
  if (mode.kind !== 'out-dir') return mode;
  const dir = path.resolve(cwd, mode.dir);
  // A folder that does not exist yet is created later; any other problem shows when it is written to.
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${mode.dir} exists and is not a folder.`);
  return { kind: 'out-dir', dir };
}

async function runBatch(args: CompressArgs, io: CliIo, concurrency: number, config: ReturnType<typeof cliConfig>): Promise<ExitCode> {
  const started = performance.now();
  const display = displayFrom(io.cwd);
  const mode = await resolveMode(args.mode, io.cwd);
  const found = await findInputs(args.inputs, {
    cwd: io.cwd,
    outDir: mode.kind === 'out-dir' ? mode.dir : undefined,
    skipMinified: mode.kind === 'suffix',
  });
  for (const warning of found.warnings) io.stderr.write(`compressorimage: ${warning}\n`);
  if (found.files.length === 0) throw new UsageError('No images to compress.');
  // format=auto decides per image; its names are checked when each result is written.
  const plannedFormat = args.options.format === 'auto' ? undefined : args.options.format;
  const inputKeys = await checkPlannedOutputs(found.files, found.base, mode, plannedFormat, display);

  const pipeline = createPipeline({ ...config, workers: concurrency, queueDepth: concurrency });
  const context: BatchContext = {
    pipeline,
    options: args.options,
    base: found.base,
    mode,
    inputKeys,
    claimed: new Map(),
    temps: new TempFiles(),
    display,
  };
  const reporter = new BatchReporter(io, { json: args.json, quiet: args.quiet, version: productVersion(), display });
  const removeInterruptHandler = io.onInterrupt?.(() => {
    context.temps.removeAllSync();
    reporter.stop();
    io.stderr.write('compressorimage: interrupted; finished files are complete, unfinished ones were not written.\n');
    return EXIT.INTERRUPTED;
  });
  try {
    reporter.start(found.files.length);
    const outcomes: FileOutcome[] = await mapLimited(found.files, concurrency, (file) => compressFile(file, context), (o) => reporter.fileDone(o));
    const summary = summarize(outcomes, performance.now() - started);
    await reporter.finish(outcomes, summary);
    return summary.failed > 0 ? EXIT.FAILED : EXIT.OK;
  } finally {
    removeInterruptHandler?.();
  }
}

export async function runCompressCommand(argv: readonly string[], io: CliIo, hooks: CompressCommandHooks): Promise<ExitCode> {
  const beforeSeparator = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  // --help wins over every other mistake on the line: whoever asks for help gets it.
  if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) {
    await hooks.printHelp(io);
    return EXIT.OK;
  }
  const args = parseCompressArgs(argv);
  if (args.help) {
    // Combined short flags (-vh) get here rather than through the check above.
    await hooks.printHelp(io);
    return EXIT.OK;
  }
  if (args.version) {
    io.stdout.write(`${productVersion()}\n`);
    return EXIT.OK;
  }
  const config = cliConfig(io.env);
  const concurrency = args.concurrency ?? config.workers;
  if (args.stdio) {
    const pipeline = createPipeline({ ...config, workers: 1, queueDepth: 0 });
    return compressStdio(io, pipeline, args.options);
  }
  return runBatch(args, io, concurrency, config);
}

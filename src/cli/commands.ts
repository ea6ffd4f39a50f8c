/**
 * The subcommands. `compressorimage <files…>` compresses; a first argument that names a
 * subcommand runs that instead. Adding one is one entry in SUBCOMMANDS, for example:
 *
 *   { name: 'score', usage: 'score <original> <compressed>', summary: 'Perceptual similarity …',
 *     run: runScoreCommand }
 *
 * (A file that happens to be called like a subcommand is still reachable as ./score.)
 */
import { helpText, type SubcommandHelp } from './help.js';
import { runCompressCommand } from './compress-command.js';
import { SCORE_SUMMARY, SCORE_USAGE, runScoreCommand } from './score-command.js';
import { writeAll, type CliIo, type ExitCode } from './io.js';
import { productVersion } from './version.js';

export interface Subcommand extends SubcommandHelp {
  readonly name: string;
  readonly run: (argv: readonly string[], io: CliIo) => Promise<ExitCode>;
}

const SUBCOMMANDS: readonly Subcommand[] = [{ name: 'score', usage: SCORE_USAGE, summary: SCORE_SUMMARY, run: runScoreCommand }];

/**
 * Picks the subcommand named by the first argument, or the default compress command.
 * `subcommands` is a parameter only so that tests can check the dispatch with their own entry.
 */
export function dispatch(argv: readonly string[], io: CliIo, subcommands: readonly Subcommand[] = SUBCOMMANDS): Promise<ExitCode> {
  const [first, ...rest] = argv;
  const sub = subcommands.find((c) => c.name === first);
  if (sub) return sub.run(rest, io);
  const printHelp = (out: CliIo): Promise<void> => writeAll(out.stdout, helpText(productVersion(), subcommands));
  return runCompressCommand(argv, io, { printHelp });
}

/**
 * The command line as a function: arguments and streams in, an exit code out. Usage errors end
 * here with exit code 2 and one sentence on stderr; anything unexpected is reported, not thrown.
 */
import { dispatch } from './commands.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { UsageError } from './usage-error.js';

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`compressorimage: ${error.message}\nRun compressorimage --help for usage.\n`);
      return EXIT.USAGE;
    }
    // A bug, not a user's mistake: say so with the detail, since this runs on the user's machine.
    io.stderr.write(`compressorimage: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.FAILED;
  }
}

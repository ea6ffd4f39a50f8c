/**
 * What the server does when something throws that nothing caught (issue 15). Node's default prints
 * the error with every property it carries (a request's headers, an address) to standard error and
 * exits at once, losing the statistics still waiting to be written. Instead:
 *
 * 1. one `fatal` line through the server's own logger, whose serializers reduce an error to type,
 *    code, message and stack and drop personal fields (P4);
 * 2. the statistics buffer is written (the extensions are closed), for at most `flushTimeoutMs`;
 * 3. the process exits with code 1, whatever the flush did. A second crash during the flush exits
 *    at once.
 *
 * Nothing is resumed after an uncaught exception: the process's state is unknown, so it ends and
 * the supervisor (systemd, a container runtime) starts it again.
 */

/** The part of the server's logger (pino, configured in http/logging.ts) that a crash needs. */
interface CrashLog {
  fatal(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface CrashHandlerOptions {
  readonly log: CrashLog;
  /** Writes what is buffered (the statistics) before the process ends. */
  readonly flush: () => Promise<void>;
  readonly flushTimeoutMs: number;
}

const CRASH_EXIT_CODE = 1;

export function installCrashHandlers(options: CrashHandlerOptions): void {
  const { log, flush, flushTimeoutMs } = options;
  const exit = (code: number): never => process.exit(code);
  let crashing = false;

  const crash = (kind: 'uncaughtException' | 'unhandledRejection', error: unknown): void => {
    // Should the loop run dry before exit() is called, the process still ends as failed.
    process.exitCode = CRASH_EXIT_CODE;
    if (crashing) {
      log.fatal({ kind, err: error }, 'crashed again while writing the statistics; exiting now');
      exit(CRASH_EXIT_CODE);
      return;
    }
    crashing = true;
    log.fatal({ kind, err: error }, 'crashed: writing the statistics still waiting, then exiting');
    const deadline = setTimeout(() => {
      log.error({ timeoutMs: flushTimeoutMs }, 'the statistics were not written in time after the crash; exiting anyway');
      exit(CRASH_EXIT_CODE);
    }, flushTimeoutMs);
    deadline.unref();
    flush()
      .catch((flushError: unknown) => log.error({ err: flushError }, 'the statistics could not be written after the crash'))
      .finally(() => exit(CRASH_EXIT_CODE));
  };

  process.on('uncaughtException', (error) => crash('uncaughtException', error));
  process.on('unhandledRejection', (reason) => crash('unhandledRejection', reason));
}

/**
 * Tells the person (or the script) how a batch goes:
 * - on an interactive stderr, a progress bar for batches of more than one file;
 * - otherwise one plain line per file on stdout;
 * - failures always on stderr, each with its code;
 * - at the end, the summary on stdout, or the whole --json report instead.
 */
import type { FileOutcome, Summary } from './file-outcome.js';
import { isInteractive, writeAll, type CliIo } from './io.js';
import { ProgressBar } from './progress-bar.js';
import { failureLine, fileLine, jsonReport, summaryLine, type Display } from './report-text.js';

export interface ReporterOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly version: string;
  readonly display: Display;
}

export class BatchReporter {
  private bar: ProgressBar | undefined;
  private done = 0;

  constructor(
    private readonly io: CliIo,
    private readonly options: ReporterOptions,
  ) {}

  start(total: number): void {
    if (total > 1 && !this.options.quiet && isInteractive(this.io.stderr, this.io.env)) {
      this.bar = new ProgressBar(this.io.stderr, total);
      this.bar.update(0, '');
    }
  }

  fileDone(outcome: FileOutcome): void {
    this.done++;
    if (outcome.status === 'failed') {
      const line = `${failureLine(outcome, this.options.display)}\n`;
      if (this.bar) this.bar.printAbove(line);
      else this.io.stderr.write(line);
    } else if (!this.bar && !this.options.json && !this.options.quiet) {
      this.io.stdout.write(`${fileLine(outcome, this.options.display)}\n`);
    }
    this.bar?.update(this.done, this.options.display(outcome.input));
  }

  /** Stops the bar so that an interrupt message starts on a clean line. */
  stop(): void {
    this.bar?.clear();
  }

  async finish(outcomes: readonly FileOutcome[], summary: Summary): Promise<void> {
    this.bar?.clear();
    const text = this.options.json
      ? `${JSON.stringify(jsonReport(outcomes, summary, this.options.version, this.options.display), null, 2)}\n`
      : this.options.quiet
        ? ''
        : `${summaryLine(summary)}\n`;
    if (text === '') return;
    try {
      await writeAll(this.io.stdout, text);
    } catch {
      // Standard output was closed by its reader; the files are written, so the exit code stands.
    }
  }
}

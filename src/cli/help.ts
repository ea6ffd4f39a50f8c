/** `compressorimage --help`. Image options come from the pipeline's OPTION_SPECS, so they never drift. */
import { CONCURRENCY_RANGE, imageFlagHelp } from './compress-args.js';
import { CLI_ENV_VARS } from './cli-config.js';

export interface SubcommandHelp {
  readonly usage: string;
  readonly summary: string;
}

const LINE_WIDTH = 100;

/** Word-wraps `text` into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Two columns: the flag, then its documentation wrapped under itself. */
function table(rows: ReadonlyArray<{ flag: string; doc: string }>): string {
  const column = Math.min(30, Math.max(...rows.map((r) => r.flag.length)) + 2);
  const indent = ' '.repeat(2 + column);
  return rows
    .map((r) => {
      const doc = wrap(r.doc, LINE_WIDTH - indent.length);
      const first = r.flag.length + 2 > column ? `  ${r.flag}\n${indent}${doc.shift() ?? ''}` : `  ${r.flag.padEnd(column)}${doc.shift() ?? ''}`;
      return [first, ...doc.map((d) => `${indent}${d}`)].join('\n');
    })
    .join('\n');
}

export function helpText(version: string, subcommands: readonly SubcommandHelp[]): string {
  const commands =
    subcommands.length === 0
      ? ''
      : `\nOther commands:\n${table(subcommands.map((c) => ({ flag: c.usage, doc: c.summary })))}\n`;
  return `compressorimage ${version}: make JPEG, PNG, WebP and AVIF images smaller, on your own machine.

Usage:
  compressorimage [options] <files|folders|globs...>
  compressorimage [options] - < in.png > out.png
${commands}
Where the results go:
  (default)                   name.min.EXT next to each input; folders and globs skip *.min.* files
  -o, --out DIR               into DIR, keeping the folder tree below the inputs' common folder
  --in-place                  replace each input (same format); a file is left untouched when
                              nothing smaller can be made
  -                           read one image from standard input, write it to standard output
  An input is never overwritten without --in-place. Existing outputs are replaced. Each output
  is written to a temporary file in its folder and renamed when complete, so it is either whole
  or absent. When the format changes, the extension changes (photo.png --format webp ->
  photo.min.webp).

Inputs:
  Files named on the command line are always taken (their type comes from their bytes).
  Folders are searched recursively for .jpg .jpeg .png .webp .avif .gif .tif .tiff files,
  hidden files excepted. Quote globs so that the shell leaves them alone: 'photos/**/*.png'.

Image options (the HTTP API's options, in kebab-case; a bad value gets the API's message):
${table(imageFlagHelp())}

Other options:
${table([
  { flag: `-j, --concurrency N`, doc: `Images compressed at the same time (${CONCURRENCY_RANGE.min}–${CONCURRENCY_RANGE.max}). Default: WORKERS, or the number of CPU cores.` },
  { flag: '--json', doc: 'Print a machine-readable report on standard output instead of lines.' },
  { flag: '--quiet', doc: 'Print only failures.' },
  { flag: '-h, --help', doc: 'Show this help.' },
  { flag: '-v, --version', doc: 'Show the version.' },
])}

Output:
  One line per file and a summary on standard output; failures on standard error, each with its
  error code. On a terminal, a batch shows a progress bar on standard error instead of lines.

Exit codes:
  0    every file was compressed (or kept, when nothing smaller was possible)
  1    some files failed; each is named on standard error with its error code
  2    usage error (bad option, missing input, an output that would replace an input): nothing done
  130  interrupted; no partial output is left behind

Limits come from the environment, as for the server: ${CLI_ENV_VARS.join(', ')}.
Example: MAX_INPUT_BYTES=100mb compressorimage -o small/ photos/
`;
}

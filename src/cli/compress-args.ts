/**
 * The compress command's command line → a checked `CompressArgs`. Image options are not defined
 * here: their flags are generated from the pipeline's OPTION_SPECS and their values go through the
 * pipeline's `parseOptions`, so the CLI accepts exactly what the API accepts and a bad value gets
 * the same sentence ("expected an integer 1–100 for quality, got "101"").
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { isCompressorError } from '../errors.js';
import { OPTION_SPECS, parseOptions, type CompressOptions } from '../pipeline/options.js';
import { UsageError } from './usage-error.js';

export type OutputMode =
  | { readonly kind: 'out-dir'; readonly dir: string }
  | { readonly kind: 'in-place' }
  /** Neither --out nor --in-place: `name.min.ext` next to each input. */
  | { readonly kind: 'suffix' };

export interface CompressArgs {
  readonly help: boolean;
  readonly version: boolean;
  readonly inputs: readonly string[];
  /** `-` was the only input: read stdin, write stdout. */
  readonly stdio: boolean;
  readonly mode: OutputMode;
  /** The image options, parsed once (values and combinations) before any file is read. */
  readonly options: CompressOptions;
  readonly concurrency: number | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** Flags of the CLI itself, as opposed to image options. */
const CLI_FLAGS = {
  out: { type: 'string', short: 'o' },
  'in-place': { type: 'boolean' },
  concurrency: { type: 'string', short: 'j' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const CONCURRENCY_RANGE = { min: 1, max: 256 } as const;

/** `maxWidth` → `max-width`. */
export function flagName(optionName: string): string {
  return optionName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

interface ImageFlag {
  readonly option: string;
  /** The value the flag stands for: `--lossless` → true, `--no-palette` → false, else the argument. */
  readonly fixed: boolean | undefined;
}

/** Every image-option flag: `--quality N`, `--lossless` and `--no-lossless` for booleans, … */
function imageFlags(): Map<string, ImageFlag> {
  const flags = new Map<string, ImageFlag>();
  for (const spec of OPTION_SPECS) {
    const name = flagName(spec.name);
    if (spec.kind.type === 'boolean') {
      flags.set(name, { option: spec.name, fixed: true });
      flags.set(`no-${name}`, { option: spec.name, fixed: false });
    } else {
      flags.set(name, { option: spec.name, fixed: undefined });
    }
  }
  return flags;
}

const IMAGE_FLAGS = imageFlags();

function parseConfig(): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { ...CLI_FLAGS };
  for (const [name, flag] of IMAGE_FLAGS) options[name] = { type: flag.fixed === undefined ? 'string' : 'boolean' };
  return options;
}

function parseConcurrency(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= CONCURRENCY_RANGE.min && n <= CONCURRENCY_RANGE.max) return n;
  throw new UsageError(`Invalid option: expected an integer ${CONCURRENCY_RANGE.min}–${CONCURRENCY_RANGE.max} for concurrency, got ${JSON.stringify(raw)}.`);
}

/** Edit distance, to suggest the flag someone probably meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function suggestFlag(unknown: string): string | undefined {
  const name = unknown.replace(/^-+/, '').split('=')[0] ?? '';
  const known = [...Object.keys(CLI_FLAGS), ...IMAGE_FLAGS.keys()];
  const best = known.map((k) => ({ k, d: distance(name, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(name.length / 3)) ? `--${best.k}` : undefined;
}

/** node:util's messages, made shorter and more helpful for the two common mistakes. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? '';
    const suggestion = suggestFlag(flag);
    return `Unknown option ${flag}.${suggestion ? ` Did you mean ${suggestion}?` : ''} (A file whose name starts with - goes after --.)`;
  }
  return message;
}

export function parseCompressArgs(argv: readonly string[]): CompressArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parseConfig(), allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals, tokens } = parsed;

  // Image options in command-line order, so a later `--no-palette` beats an earlier `--palette`.
  const rawOptions: Record<string, unknown> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = IMAGE_FLAGS.get(token.name);
    if (flag) rawOptions[flag.option] = flag.fixed ?? token.value;
  }
  let options: CompressOptions;
  try {
    options = parseOptions(rawOptions);
  } catch (error) {
    if (isCompressorError(error)) throw new UsageError(error.message);
    throw error;
  }

  const help = values.help === true;
  const version = values.version === true;
  const inPlace = values['in-place'] === true;
  const out = typeof values.out === 'string' ? values.out : undefined;
  const json = values.json === true;
  const concurrency = parseConcurrency(typeof values.concurrency === 'string' ? values.concurrency : undefined);
  const stdio = positionals.includes('-');

  if (!help && !version) {
    if (positionals.length === 0) throw new UsageError('No input given: name image files, folders or globs, or - to read standard input.');
    if (out === '') throw new UsageError('--out needs a folder name.');
    if (inPlace && out !== undefined) throw new UsageError('--in-place and --out contradict each other: choose one.');
    if (inPlace && options.format !== undefined) {
      throw new UsageError('--in-place keeps each file\'s format, so it cannot be combined with --format. Use --out DIR to convert, or leave both out to write name.min.EXT next to each file.');
    }
    if (stdio) {
      if (positionals.length > 1) throw new UsageError('- (standard input) must be the only input.');
      if (out !== undefined || inPlace) throw new UsageError('- writes the image to standard output; --out and --in-place do not apply.');
      if (json) throw new UsageError('- writes the image to standard output, so there is no room for --json there.');
    }
  }

  const mode: OutputMode = inPlace ? { kind: 'in-place' } : out !== undefined ? { kind: 'out-dir', dir: out } : { kind: 'suffix' };
  return { help, version, inputs: positionals, stdio, mode, options, concurrency, json, quiet: values.quiet === true };
}

/** For the help text: every image flag with its documentation, generated from OPTION_SPECS. */
export function imageFlagHelp(): Array<{ flag: string; doc: string }> {
  return OPTION_SPECS.map((spec) => {
    const name = flagName(spec.name);
    const doc = spec.defaultValue === undefined ? spec.doc : `${spec.doc} Default: ${String(spec.defaultValue)}.`;
    switch (spec.kind.type) {
      case 'boolean':
        return { flag: spec.defaultValue === true ? `--[no-]${name}` : `--${name}`, doc };
      case 'integer':
        return { flag: `--${name} N`, doc: `${doc} (${spec.kind.min}–${spec.kind.max})` };
      case 'enum':
        return { flag: `--${name} ${spec.kind.values.join('|')}`, doc };
      case 'color':
        return { flag: `--${name} #RRGGBB`, doc };
    }
  });
}

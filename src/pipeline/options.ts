/**
 * Compression options, described as data. The HTTP API (query string or form fields), the CLI
 * (flags) and code all go through `parseOptions`, so every adapter accepts the same names and
 * answers a bad value with the same sentence: "expected an integer 1–100 for quality, got 101".
 */
import { parseByteSize } from '../config.js';
import { CompressorError } from '../errors.js';
import { FORMATS, OUTPUT_FORMATS, type OutputFormat } from '../formats/index.js';
import { DEFAULT_TARGET, TARGET_MAX, TARGET_MIN } from '../shared/defaults.js';

const METADATA_POLICIES = ['strip', 'keep-color-profile', 'keep-all-but-location', 'keep-all'] as const;
export type MetadataPolicy = (typeof METADATA_POLICIES)[number];

const CHROMA_CHOICES = ['auto', '4:2:0', '4:4:4'] as const;
type ChromaChoice = (typeof CHROMA_CHOICES)[number];

/** Formats the automatic modes choose among (issue 6): the ones with a quality to tune. */
const AUTO_FORMATS = ['avif', 'webp', 'jpeg', 'png'] as const satisfies readonly OutputFormat[];
export type AutoFormat = (typeof AUTO_FORMATS)[number];

export interface CompressOptions {
  /** Output format; undefined keeps the input's format (TIFF becomes PNG); auto picks the smallest reaching `target`. */
  readonly format: OutputFormat | 'auto' | undefined;
  /** 1–100; undefined uses the output format's measured default; auto finds the smallest output reaching `target`. */
  readonly quality: number | 'auto' | undefined;
  /** SSIMULACRA2 score the automatic modes must reach (30–95); undefined means 80. Given alone, it implies quality=auto. */
  readonly target: number | undefined;
  /** Highest quality that fits in this many bytes (never below score 50). */
  readonly maxBytes: number | undefined;
  /** format=auto: the formats allowed to win; undefined picks by image (photo, graphic, transparency). */
  readonly formats: readonly AutoFormat[] | undefined;
  readonly lossless: boolean;
  /** 1–10 (fast → small); undefined uses the format's default. */
  readonly effort: number | undefined;
  readonly maxWidth: number | undefined;
  readonly maxHeight: number | undefined;
  readonly progressive: boolean;
  readonly chromaSubsampling: ChromaChoice;
  /** PNG: quantise to a palette (lossy). Ignored by other formats and when lossless. */
  readonly palette: boolean;
  readonly metadata: MetadataPolicy;
  /** Colour that transparent pixels are flattened onto when the output has no alpha (JPEG). */
  readonly background: string;
}

/** Options after the automatic choices are made: what one encode uses. */
export type ResolvedOptions = Omit<CompressOptions, 'format' | 'quality'> & {
  readonly format: OutputFormat | undefined;
  readonly quality: number | undefined;
};

/** Planning needs a concrete format and quality: src/quality resolves `auto` before it plans. */
export function assertResolved(options: CompressOptions): asserts options is ResolvedOptions & CompressOptions {
  if (options.format === 'auto' || options.quality === 'auto') throw new Error('format/quality auto must be resolved before planning');
}

/** True when no automatic mode (issue 6: quality, format or size) is asked for. */
export function isResolved(options: CompressOptions): options is ResolvedOptions & CompressOptions {
  return options.format !== 'auto' && options.quality !== 'auto' && options.target === undefined && options.maxBytes === undefined;
}

type Kind =
  /** `auto`: the word "auto" is accepted too (not named in the sentence); `sizes`: "200k", "1.5mb" too. */
  | { readonly type: 'integer'; readonly min: number; readonly max: number; readonly auto?: boolean; readonly sizes?: boolean }
  | { readonly type: 'boolean' }
  /** `list`: several values, comma-separated; `auto`: the word "auto" is accepted too. */
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly list?: boolean; readonly auto?: boolean }
  | { readonly type: 'color' };

export interface OptionSpec {
  readonly name: keyof CompressOptions;
  readonly kind: Kind;
  readonly doc: string;
  /** Default as shown to people; `undefined` means "depends on the format". */
  readonly defaultValue: string | number | boolean | undefined;
}

export const OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'format', kind: { type: 'enum', values: OUTPUT_FORMATS, auto: true }, defaultValue: undefined, doc: 'Output format; the input format when left out; auto: the smallest of the allowed formats that reaches the target.' },
  { name: 'quality', kind: { type: 'integer', min: 1, max: 100, auto: true }, defaultValue: undefined, doc: 'Encoder quality; each format has a measured default; auto: the smallest output that reaches the target.' },
  { name: 'target', kind: { type: 'integer', min: TARGET_MIN, max: TARGET_MAX }, defaultValue: DEFAULT_TARGET, doc: 'Automatic modes: the SSIMULACRA2 score to reach (90: invisible at 1:1, 80: no difference side by side, 70: high quality, 50: medium).' },
  { name: 'maxBytes', kind: { type: 'integer', min: 1, max: 2 ** 31 - 1, sizes: true }, defaultValue: undefined, doc: 'The highest quality that fits in this many bytes (200000, 200k, 1.5mb), never below score 50.' },
  { name: 'formats', kind: { type: 'enum', values: AUTO_FORMATS, list: true }, defaultValue: undefined, doc: 'format=auto: the formats allowed to win, comma-separated; by default AVIF, WebP and JPEG for photos, and PNG and WebP too for graphics and transparency.' },
  { name: 'lossless', kind: { type: 'boolean' }, defaultValue: false, doc: 'Lossless encoding (PNG, WebP, AVIF).' },
  { name: 'effort', kind: { type: 'integer', min: 1, max: 10 }, defaultValue: undefined, doc: 'CPU effort, 1 (fastest) to 10 (smallest).' },
  { name: 'maxWidth', kind: { type: 'integer', min: 1, max: 65535 }, defaultValue: undefined, doc: 'Shrink to fit this width; never enlarges.' },
  { name: 'maxHeight', kind: { type: 'integer', min: 1, max: 65535 }, defaultValue: undefined, doc: 'Shrink to fit this height; never enlarges.' },
  { name: 'progressive', kind: { type: 'boolean' }, defaultValue: true, doc: 'Progressive JPEG / interlaced PNG.' },
  { name: 'chromaSubsampling', kind: { type: 'enum', values: CHROMA_CHOICES }, defaultValue: 'auto', doc: 'Chroma subsampling for JPEG and AVIF; auto picks 4:4:4 from quality 90.' },
  { name: 'palette', kind: { type: 'boolean' }, defaultValue: true, doc: 'PNG: quantise to a palette (lossy, much smaller).' },
  { name: 'metadata', kind: { type: 'enum', values: METADATA_POLICIES }, defaultValue: 'strip', doc: 'Which metadata survives: strip, keep-color-profile, keep-all-but-location, keep-all.' },
  { name: 'background', kind: { type: 'color' }, defaultValue: '#ffffff', doc: 'Colour behind transparent pixels when the output has no alpha, as #rrggbb.' },
];

export const DEFAULT_OPTIONS: CompressOptions = Object.freeze({
  format: undefined,
  quality: undefined,
  target: undefined,
  maxBytes: undefined,
  formats: undefined,
  lossless: false,
  effort: undefined,
  maxWidth: undefined,
  maxHeight: undefined,
  progressive: true,
  chromaSubsampling: 'auto',
  palette: true,
  metadata: 'strip',
  background: '#ffffff',
});

function describe(kind: Kind): string {
  switch (kind.type) {
    case 'integer':
      if (kind.sizes) return `a size in bytes such as 200000, 200k or 1.5mb`;
      return `an integer ${kind.min}–${kind.max}`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return kind.list ? `a comma-separated list of ${kind.values.join(', ')}` : `one of ${kind.values.join(', ')}`;
    case 'color':
      return 'a colour as #rrggbb';
  }
}

type Parsed = { ok: true; value: string | number | boolean | readonly string[] } | { ok: false };

function enumValue(values: readonly string[], raw: unknown): string | undefined {
  const v = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  // "jpg" is what people type; it is the same format.
  const normalised = v === 'jpg' ? 'jpeg' : v;
  return normalised !== undefined && values.includes(normalised) ? normalised : undefined;
}

function parseValue(kind: Kind, raw: unknown): Parsed {
  switch (kind.type) {
    case 'integer': {
      if (kind.auto && typeof raw === 'string' && raw.trim().toLowerCase() === 'auto') return { ok: true, value: 'auto' };
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : kind.sizes && typeof raw === 'string' ? (parseByteSize(raw) ?? NaN) : NaN;
      return Number.isInteger(n) && n >= kind.min && n <= kind.max ? { ok: true, value: n } : { ok: false };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (typeof raw !== 'string') return { ok: false };
      // A bare flag (`?lossless`, an empty form field) means true.
      if (['true', '1', 'yes', 'on', ''].includes(v)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off'].includes(v)) return { ok: true, value: false };
      return { ok: false };
    }
    case 'enum': {
      if (!kind.list) {
        const value = enumValue(kind.auto ? [...kind.values, 'auto'] : kind.values, raw);
        return value === undefined ? { ok: false } : { ok: true, value };
      }
      const items = Array.isArray(raw) ? (raw as unknown[]) : typeof raw === 'string' ? raw.split(',') : [];
      const values = items.map((item) => enumValue(kind.values, item));
      if (values.length === 0 || values.some((v) => v === undefined)) return { ok: false };
      return { ok: true, value: [...new Set(values as string[])] };
    }
    case 'color': {
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      const short = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
      if (short) return { ok: true, value: `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` };
      return /^#?[0-9a-f]{6}$/.test(v) ? { ok: true, value: v.startsWith('#') ? v : `#${v}` } : { ok: false };
    }
  }
}

function show(raw: unknown): string {
  return typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
}

const SPEC_BY_NAME = new Map(OPTION_SPECS.map((s) => [s.name as string, s]));

/**
 * Validates raw options (strings from a query or form, or typed values from code) into the typed
 * options the pipeline takes: the one parse on the way from an adapter to the pipeline. Values that
 * are `undefined` or the empty string (for non-booleans) count as not given. Every problem with a
 * value is reported at once in one INVALID_OPTION error; then combinations that mean nothing
 * (quality=80 with format=auto, say). `checks: 'values'` leaves combinations out, for options that
 * others may still override (a query string before the form fields that follow it).
 */
export function parseOptions(raw: Readonly<Record<string, unknown>>, checks: 'values and combinations' | 'values' = 'values and combinations'): CompressOptions {
  const result: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  const problems: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const spec = SPEC_BY_NAME.get(name);
    if (!spec) {
      problems.push(`unknown option ${JSON.stringify(name)}; expected one of ${OPTION_SPECS.map((s) => s.name).join(', ')}`);
      continue;
    }
    if (value === undefined || (value === '' && spec.kind.type !== 'boolean')) continue;
    const parsed = parseValue(spec.kind, value);
    if (parsed.ok) result[name] = parsed.value;
    else problems.push(`expected ${describe(spec.kind)} for ${name}, got ${show(value)}`);
  }
  if (problems.length > 0) throw invalidOptions(problems);
  const options = Object.freeze(result) as unknown as CompressOptions;
  if (checks === 'values and combinations') checkCombination(options);
  return options;
}

function invalidOptions(problems: readonly string[]): CompressorError {
  return new CompressorError('INVALID_OPTION', { message: `Invalid option: ${problems.join('; ')}.`, details: { problems } });
}

/** Rejects combinations that have no sensible meaning, in the uniform INVALID_OPTION form. */
function checkCombination(o: CompressOptions): void {
  const numericQuality = typeof o.quality === 'number';
  if (numericQuality && o.format === 'auto') throw invalidOptions(['format=auto picks by measured quality; use quality=auto (or leave quality out) with a target']);
  if (numericQuality && o.target !== undefined) throw invalidOptions(['target applies to quality=auto; leave quality out or set it to auto']);
  if (numericQuality && o.maxBytes !== undefined) throw invalidOptions(['maxBytes chooses the quality itself; leave quality out, or set it to auto to also aim at a target']);
  if (o.lossless && o.maxBytes !== undefined) throw invalidOptions(['maxBytes needs lossy compression; remove lossless']);
  const automatic = !isResolved(o);
  if (automatic && o.format !== undefined && o.format !== 'auto' && !isAutoFormat(o.format)) throw invalidOptions([noQualitySetting(o.format)]);
}

export function isAutoFormat(format: OutputFormat): format is AutoFormat {
  return (AUTO_FORMATS as readonly string[]).includes(format);
}

/** Why the automatic modes cannot work with `format` (GIF and TIFF have no quality to tune). */
export function noQualitySetting(format: OutputFormat): string {
  return `automatic quality works with ${AUTO_FORMATS.map((x) => FORMATS[x].label).join(', ')}; ${FORMATS[format].label} has no quality setting`;
}

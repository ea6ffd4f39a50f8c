/**
 * Compression options, described as data. The HTTP API (query string or form fields), the CLI
 * (flags) and code all go through `parseOptions`, so every adapter accepts the same names and
 * answers a bad value with the same sentence: "expected an integer 1–100 for quality, got 101".
 */
import { CompressorError } from '../errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../formats/index.js';

export const METADATA_POLICIES = ['strip', 'keep-color-profile', 'keep-all-but-location', 'keep-all'] as const;
export type MetadataPolicy = (typeof METADATA_POLICIES)[number];

export const CHROMA_CHOICES = ['auto', '4:2:0', '4:4:4'] as const;
export type ChromaChoice = (typeof CHROMA_CHOICES)[number];

export interface CompressOptions {
  /** Output format; undefined keeps the input's format (TIFF becomes PNG). */
  readonly format: OutputFormat | undefined;
  /** 1–100; undefined uses the output format's measured default. */
  readonly quality: number | undefined;
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

type Kind =
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'color' };

export interface OptionSpec {
  readonly name: keyof CompressOptions;
  readonly kind: Kind;
  readonly doc: string;
  /** Default as shown to people; `undefined` means "depends on the format". */
  readonly defaultValue: string | number | boolean | undefined;
}

export const OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'format', kind: { type: 'enum', values: OUTPUT_FORMATS }, defaultValue: undefined, doc: 'Output format; the input format when left out.' },
  { name: 'quality', kind: { type: 'integer', min: 1, max: 100 }, defaultValue: undefined, doc: 'Encoder quality; each format has a measured default.' },
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
      return `an integer ${kind.min}–${kind.max}`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${kind.values.join(', ')}`;
    case 'color':
      return 'a colour as #rrggbb';
  }
}

type Parsed = { ok: true; value: string | number | boolean } | { ok: false };

function parseValue(kind: Kind, raw: unknown): Parsed {
  switch (kind.type) {
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
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
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      // "jpg" is what people type; it is the same format.
      const normalised = v === 'jpg' ? 'jpeg' : v;
      return normalised !== undefined && kind.values.includes(normalised) ? { ok: true, value: normalised } : { ok: false };
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
 * Validates raw options (strings from a query or form, or typed values from code). Values that are
 * `undefined` or the empty string (for non-booleans) count as not given. Every problem is reported
 * at once in one INVALID_OPTION error.
 */
export function parseOptions(raw: Readonly<Record<string, unknown>>): CompressOptions {
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
  if (problems.length > 0) {
    throw new CompressorError('INVALID_OPTION', {
      message: `Invalid option: ${problems.join('; ')}.`,
      details: { problems },
    });
  }
  return Object.freeze(result) as unknown as CompressOptions;
}

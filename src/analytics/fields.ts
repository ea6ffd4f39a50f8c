/**
 * THE model of what the anonymous statistics record (promises P6–P9): one entry per stored field,
 * with its type, its cap, and in plain words what it is and why it is kept. Everything else is
 * derived from this list: the store schemas (SQLite and PostgreSQL), the validation at write time,
 * the privacy policy page, the "Your data" page (GET /api/v1/privacy/fields) and the export. A
 * field that is not here cannot be stored, and a field that is here cannot be left undisclosed
 * (test/analytics/fields.test.ts compares the real database columns with this list).
 */
import { INPUT_FORMATS, OUTPUT_FORMATS } from '../formats/types.js';

type FieldType = 'timestamp' | 'integer' | 'real' | 'text';
export type FieldGroup = 'compression' | 'location' | 'technical' | 'session';

export interface FieldSpec {
  /** The name in code and in JSON (camelCase). */
  readonly name: string;
  /** The column in both stores (snake_case). */
  readonly column: string;
  readonly type: FieldType;
  readonly nullable: boolean;
  /** Text: longest value kept, in characters; longer values are cut to it. */
  readonly maxLength?: number;
  /** Text: the only values accepted. */
  readonly values?: readonly string[];
  /** Text: the shape a value must have (after capping); anything else is not stored. */
  readonly pattern?: RegExp;
  /** Numbers: the accepted range. */
  readonly min?: number;
  readonly max?: number;
  readonly group: FieldGroup;
  /** A short name a person understands. */
  readonly label: string;
  /** What the value is, in plain words. */
  readonly description: string;
  /** Why it is kept. */
  readonly why: string;
  readonly example: string;
}

export const FIELD_GROUPS: Readonly<Record<FieldGroup, string>> = {
  compression: 'About the compression',
  location: 'Coarse location (from your IP address, which itself is not kept)',
  technical: 'Technical context',
  session: 'Session',
};

const QUALITY_VALUES = ['auto', 'default', ...Array.from({ length: 100 }, (_, i) => String(i + 1))];

export const FIELDS = [
  {
    name: 'recordedAt', column: 'recorded_at', type: 'timestamp', nullable: false, group: 'compression',
    label: 'Time',
    description: 'When the compression finished (date and time, in UTC).',
    why: 'To show how use changes over time and to delete records once they are too old.',
    example: '2025-03-14T09:26:53Z',
  },
  {
    name: 'originalBytes', column: 'original_bytes', type: 'integer', nullable: false, min: 0, max: 2 ** 40, group: 'compression',
    label: 'Original size',
    description: 'The size of the image you uploaded, in bytes. Not the image itself.',
    why: 'To know which image sizes people compress and how much is saved.',
    example: '482133',
  },
  {
    name: 'compressedBytes', column: 'compressed_bytes', type: 'integer', nullable: false, min: 0, max: 2 ** 40, group: 'compression',
    label: 'Compressed size',
    description: 'The size of the result we sent back, in bytes.',
    why: 'To measure how much the service saves.',
    example: '131072',
  },
  {
    name: 'inputFormat', column: 'input_format', type: 'text', nullable: false, maxLength: 8, values: INPUT_FORMATS, group: 'compression',
    label: 'Input format',
    description: 'The format of the uploaded image (jpeg, png, webp, avif, gif or tiff).',
    why: 'To know which formats matter and deserve work.',
    example: 'png',
  },
  {
    name: 'outputFormat', column: 'output_format', type: 'text', nullable: false, maxLength: 8, values: OUTPUT_FORMATS, group: 'compression',
    label: 'Output format',
    description: 'The format of the result (jpeg, png, webp, avif or gif).',
    why: 'To know which conversions people use.',
    example: 'webp',
  },
  {
    name: 'quality', column: 'quality', type: 'text', nullable: false, maxLength: 7, values: QUALITY_VALUES, group: 'compression',
    label: 'Quality setting',
    description: 'The quality you chose: a number from 1 to 100, "auto", or "default" when you left it to the format\'s default.',
    why: 'To choose good defaults.',
    example: '80',
  },
  {
    name: 'ratio', column: 'ratio', type: 'real', nullable: false, min: 0, max: 1_000_000, group: 'compression',
    label: 'Compression ratio',
    description: 'Compressed size divided by original size (0.25 means the result is a quarter of the original).',
    why: 'To see how well compression works for each format.',
    example: '0.27',
  },
  {
    name: 'country', column: 'country', type: 'text', nullable: true, maxLength: 2, pattern: /^[A-Z]{2}$/, group: 'location',
    label: 'Country',
    description: 'The two-letter code of the country your connection came from.',
    why: 'To know where the service is used and where it should be hosted.',
    example: 'DE',
  },
  {
    name: 'region', column: 'region', type: 'text', nullable: true, maxLength: 80, group: 'location',
    label: 'Region',
    description: 'The region or state of that country (its name or code).',
    why: 'Coarse usage by area; never a street or an address.',
    example: 'Bavaria',
  },
  {
    name: 'city', column: 'city', type: 'text', nullable: true, maxLength: 80, group: 'location',
    label: 'City',
    description: 'The nearest city, as the IP database or our proxy estimates it (often only approximately right).',
    why: 'Coarse usage by area; never a street or an address.',
    example: 'Munich',
  },
  {
    name: 'timeZone', column: 'time_zone', type: 'text', nullable: true, maxLength: 64, pattern: /^[A-Za-z][A-Za-z0-9_+\-/]*$/, group: 'location',
    label: 'Time zone',
    description: 'The time zone of that place.',
    why: 'To read the time of day of use in local time.',
    example: 'Europe/Berlin',
  },
  {
    name: 'browser', column: 'browser', type: 'text', nullable: true, maxLength: 40, group: 'technical',
    label: 'Browser',
    description: 'The name of your browser or tool, read from the user-agent header. The header itself is not kept.',
    why: 'To know which browsers the page must work well in.',
    example: 'Firefox',
  },
  {
    name: 'browserMajor', column: 'browser_major', type: 'integer', nullable: true, min: 0, max: 100_000, group: 'technical',
    label: 'Browser version',
    description: 'Only the major version number of that browser.',
    why: 'To know which browser features the page may rely on.',
    example: '128',
  },
  {
    name: 'os', column: 'os', type: 'text', nullable: true, maxLength: 40, group: 'technical',
    label: 'Operating system',
    description: 'The name of your operating system, without its version.',
    why: 'To know which systems the page must work well on.',
    example: 'Android',
  },
  {
    name: 'device', column: 'device', type: 'text', nullable: false, maxLength: 8, values: ['desktop', 'mobile', 'tablet', 'other'], group: 'technical',
    label: 'Device type',
    description: 'desktop, mobile, tablet or other.',
    why: 'To make the page work well on the devices people use.',
    example: 'mobile',
  },
  {
    name: 'referrerHost', column: 'referrer_host', type: 'text', nullable: true, maxLength: 253, pattern: /^[a-z0-9.-]+$/, group: 'technical',
    label: 'Referring site',
    description: 'Only the name of the site that linked to us (such as example.org), when your browser tells us. Never the full address.',
    why: 'To know how people find the service.',
    example: 'example.org',
  },
  {
    name: 'language', column: 'language', type: 'text', nullable: true, maxLength: 8, pattern: /^[a-z]{2,8}$/, group: 'technical',
    label: 'Language',
    description: 'The main language your browser prefers, as a short code (such as en or de), without region.',
    why: 'To decide which translations to offer.',
    example: 'en',
  },
  {
    name: 'sessionKey', column: 'session_key', type: 'text', nullable: false, maxLength: 64, pattern: /^[0-9a-f]{64}$/, group: 'session',
    label: 'Session key',
    description:
      'A scrambled form (a keyed hash) of the random identifier in your session cookie. It ties the records of one browser session together and nothing else: it is not derived from anything about you.',
    why: 'So that you can download, erase or stop your own records.',
    example: '3f1c…(64 hexadecimal characters)',
  },
] as const satisfies readonly FieldSpec[];

type Field = (typeof FIELDS)[number];
export type FieldName = Field['name'];

type BaseValue<F extends FieldSpec> = F['type'] extends 'text' ? string : number;
type FieldValue<F extends FieldSpec> = F['nullable'] extends true ? BaseValue<F> | null : BaseValue<F>;

/** One stored record. Timestamps are milliseconds since the epoch (UTC). */
export type StatEvent = { readonly [F in Field as F['name']]: FieldValue<F> };

export const FIELD_NAMES: readonly FieldName[] = FIELDS.map((f) => f.name);

/** The table that holds the records, in both stores. */
export const EVENTS_TABLE = 'stat_events';

/**
 * Tables that hold no statistics and nothing about a person, disclosed here so that the
 * disclosure test can account for every table in the database.
 */
export const INTERNAL_TABLES = {
  stats_meta: {
    columns: ['name', 'value'],
    description:
      'Settings of the statistics store itself: the secret key used to scramble session identifiers (when STATS_SECRET is not set) and the schema version. Nothing about any visitor.',
  },
} as const;

/** What is never recorded, in plain words (P3, P4, P9). Shown on both privacy pages. */
export const NEVER_RECORDED: readonly string[] = [
  'your images, or anything derived from their content',
  'file names',
  'your IP address: it is used for a moment to estimate a coarse location and for the rate limit, then forgotten',
  'the raw user-agent string (only the browser name and major version and the operating system name are kept)',
  'the full address of the page you came from (only the site name is kept)',
  'any account, name, e-mail address or other identifier of you; we have no accounts',
  'other cookies: there are no tracking, advertising or third-party cookies',
];

/** The model as the "Your data" page reads it (GET /api/v1/privacy/fields). */
export interface FieldDocument {
  readonly fields: readonly {
    readonly name: string;
    readonly label: string;
    readonly description: string;
    readonly why: string;
    readonly group: string;
    readonly type: FieldType;
    readonly maxLength: number | null;
    readonly example: string;
  }[];
  readonly never: readonly string[];
  readonly retention: string;
  readonly retentionMonths: number;
}

export function monthsText(months: number): string {
  if (months % 12 === 0) return months === 12 ? '12 months' : `${months / 12} years (${months} months)`;
  return months === 1 ? '1 month' : `${months} months`;
}

export function fieldDocument(retentionMonths: number): FieldDocument {
  return {
    fields: FIELDS.map((f: FieldSpec) => ({
      name: f.name,
      label: f.label,
      description: f.description,
      why: f.why,
      group: FIELD_GROUPS[f.group],
      type: f.type,
      maxLength: f.maxLength ?? null,
      example: f.example,
    })),
    never: NEVER_RECORDED,
    retention: monthsText(retentionMonths),
    retentionMonths,
  };
}

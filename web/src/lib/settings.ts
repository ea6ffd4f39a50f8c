/**
 * What the person chose: output format, quality, resize, size cap, metadata. One model, three
 * representations: the controls, local storage (so the next visit starts where this one ended) and
 * the URL query (so a link shares the settings). The query uses the API's own option names
 * (src/pipeline/options.ts), so the same string is sent to `POST /api/v1/compress` unchanged.
 */
import { SETTINGS_STORAGE_KEY } from '../../../src/shared/browser-storage.js';
import { DEFAULT_TARGET, TARGET_MAX, TARGET_MIN } from '../../../src/shared/defaults.js';

const FORMAT_CHOICES = ['keep', 'auto', 'jpeg', 'png', 'webp', 'avif'] as const;
export type FormatChoice = (typeof FORMAT_CHOICES)[number];

/** default: the format's measured default quality; auto: the smallest file that reaches `target`. */
export type QualityMode = 'auto' | 'default' | 'custom' | 'lossless';

export const METADATA_CHOICES = ['strip', 'keep-color-profile', 'keep-all-but-location'] as const;
export type MetadataChoice = (typeof METADATA_CHOICES)[number];

export interface Settings {
  readonly format: FormatChoice;
  readonly qualityMode: QualityMode;
  /** 1–100; sent only in `custom` mode but remembered across modes. */
  readonly quality: number;
  readonly target: number;
  readonly maxWidth: number | undefined;
  readonly maxHeight: number | undefined;
  /** Size cap in bytes, or undefined for none. */
  readonly maxBytes: number | undefined;
  readonly metadata: MetadataChoice;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  format: 'keep',
  qualityMode: 'default',
  quality: 75,
  target: DEFAULT_TARGET,
  maxWidth: undefined,
  maxHeight: undefined,
  maxBytes: undefined,
  metadata: 'strip',
});

/** The part of the Web Storage API used here (localStorage in the page, a Map in tests). */
export interface SettingsStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function integerIn(raw: string | null | undefined, min: number, max: number): number | undefined {
  if (raw === null || raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

function oneOf<T extends string>(values: readonly T[], raw: string | null | undefined): T | undefined {
  return raw !== null && raw !== undefined && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/**
 * Reads settings from a query string (API names). A query describes complete settings: what it
 * leaves out means the default. Unknown or invalid values are ignored, so a mangled link still
 * opens the page with sensible settings. `_q` remembers the slider outside custom mode.
 */
export function settingsFromQuery(query: URLSearchParams): Settings {
  const d = DEFAULT_SETTINGS;
  const format = query.get('format') === 'jpg' ? 'jpeg' : query.get('format');
  const quality = query.get('quality');
  const customQuality = integerIn(quality, 1, 100);
  let qualityMode: QualityMode = 'default';
  if (quality === 'auto') qualityMode = 'auto';
  else if (customQuality !== undefined) qualityMode = 'custom';
  else if (query.get('lossless') === 'true') qualityMode = 'lossless';
  return {
    format: oneOf(FORMAT_CHOICES, format) ?? d.format,
    qualityMode,
    quality: customQuality ?? integerIn(query.get('_q'), 1, 100) ?? d.quality,
    target: integerIn(query.get('target'), TARGET_MIN, TARGET_MAX) ?? d.target,
    maxWidth: integerIn(query.get('maxWidth'), 1, 65535),
    maxHeight: integerIn(query.get('maxHeight'), 1, 65535),
    maxBytes: integerIn(query.get('maxBytes'), 1, 2 ** 40),
    metadata: oneOf(METADATA_CHOICES, query.get('metadata')) ?? d.metadata,
  };
}

/** The settings as API options. Defaults are left out, so links stay short and requests minimal. */
export function settingsToQuery(s: Settings): URLSearchParams {
  const q = new URLSearchParams();
  if (s.format !== 'keep') q.set('format', s.format);
  if (s.qualityMode === 'custom') q.set('quality', String(s.quality));
  if (s.qualityMode === 'auto') {
    q.set('quality', 'auto');
    if (s.target !== DEFAULT_TARGET) q.set('target', String(s.target));
  }
  if (s.qualityMode === 'lossless') q.set('lossless', 'true');
  if (s.maxWidth !== undefined) q.set('maxWidth', String(s.maxWidth));
  if (s.maxHeight !== undefined) q.set('maxHeight', String(s.maxHeight));
  if (s.maxBytes !== undefined) q.set('maxBytes', String(s.maxBytes));
  if (s.metadata !== 'strip') q.set('metadata', s.metadata);
  return q;
}

/** True when the query names at least one setting (a shared link), which then wins over storage. */
function queryHasSettings(query: URLSearchParams): boolean {
  return ['format', 'quality', 'target', 'lossless', 'maxWidth', 'maxHeight', 'maxBytes', 'metadata'].some((k) => query.has(k));
}

function loadStoredSettings(storage: SettingsStore | undefined): Settings {
  try {
    const raw = storage?.getItem(SETTINGS_STORAGE_KEY);
    // Stored as a query string too: one parser, one validation.
    return raw ? settingsFromQuery(new URLSearchParams(raw)) : DEFAULT_SETTINGS;
  } catch {
    // Storage can be disabled (private mode, blocked site data): the page still works.
    return DEFAULT_SETTINGS;
  }
}

export function storeSettings(storage: SettingsStore | undefined, s: Settings): void {
  try {
    const q = settingsToQuery(s);
    q.set('_q', String(s.quality));
    storage?.setItem(SETTINGS_STORAGE_KEY, q.toString());
  } catch {
    /* storage full or disabled: nothing to lose but convenience */
  }
}

/** A shared link wins over what this browser remembers. */
export function initialSettings(search: string, storage: SettingsStore | undefined): Settings {
  const query = new URLSearchParams(search);
  if (!queryHasSettings(query)) return loadStoredSettings(storage);
  const linked = settingsFromQuery(query);
  // Keep the remembered slider position when the link does not set one.
  return query.has('quality') ? linked : { ...linked, quality: loadStoredSettings(storage).quality };
}

export function sameSettings(a: Settings, b: Settings): boolean {
  return settingsToQuery(a).toString() === settingsToQuery(b).toString();
}

import { NETWORK_PROBLEM, problemFrom, type ApiProblem } from './problem.js';

/**
 * The privacy endpoints (issue 5). The field model is the same one the server uses to validate
 * what it stores, so this page cannot describe fields that are not recorded or miss one that is.
 * The readers below are tolerant about the document's exact shape: they take what they recognise.
 */

export interface RecordedField {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** Why it is kept. */
  readonly why: string | undefined;
  readonly group: string | undefined;
  readonly example: string | undefined;
}

export interface FieldModel {
  readonly fields: readonly RecordedField[];
  /** What is never recorded, in the server's words. */
  readonly never: readonly string[];
  readonly retention: string | undefined;
}

export interface MyData {
  readonly records: readonly Readonly<Record<string, unknown>>[];
  /** Whether statistics are switched off for this session; undefined when the server does not say. */
  readonly optedOut: boolean | undefined;
  /** The document as the server sent it, offered for download unchanged. */
  readonly raw: string;
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly missing: true }
  | { readonly ok: false; readonly missing: false; readonly problem: ApiProblem };

type Json = unknown;

function text(value: Json): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function record(value: Json): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function readField(value: Json, key?: string): RecordedField | undefined {
  const f = record(value);
  if (!f) {
    const s = text(value);
    return s ? { name: key ?? s, label: key ?? s, description: key ? s : '', why: undefined, group: undefined, example: undefined } : undefined;
  }
  const name = text(f.name) ?? text(f.key) ?? text(f.id) ?? key;
  if (!name) return undefined;
  const example = f.example;
  return {
    name,
    label: text(f.label) ?? text(f.title) ?? name,
    description: text(f.description) ?? text(f.doc) ?? text(f.meaning) ?? '',
    why: text(f.why) ?? text(f.purpose),
    group: text(f.group) ?? text(f.category),
    example: typeof example === 'string' || typeof example === 'number' ? String(example) : undefined,
  };
}

export function readFieldModel(body: Json): FieldModel {
  const doc = record(body);
  const list = Array.isArray(body) ? body : (doc?.fields ?? doc?.recorded ?? []);
  const fields = Array.isArray(list)
    ? list.map((f) => readField(f))
    : Object.entries(record(list) ?? {}).map(([k, v]) => readField(v, k));
  const neverList = doc?.neverRecorded ?? doc?.never ?? doc?.notRecorded ?? [];
  const never = Array.isArray(neverList)
    ? neverList.map((n) => text(n) ?? text(record(n)?.description) ?? text(record(n)?.label)).filter((n): n is string => n !== undefined)
    : [];
  const retention = doc?.retention;
  return {
    fields: fields.filter((f): f is RecordedField => f !== undefined),
    never,
    retention: text(retention) ?? (typeof retention === 'number' ? `${retention} months` : text(record(retention)?.description)),
  };
}

export function readMyData(body: Json, raw: string): MyData {
  const doc = record(body);
  const list = Array.isArray(body) ? body : (doc?.records ?? doc?.events ?? doc?.data ?? []);
  const records = Array.isArray(list) ? list.map(record).filter((r): r is Readonly<Record<string, unknown>> => r !== undefined) : [];
  const optedOut = doc?.optedOut ?? doc?.optOut ?? (typeof doc?.recording === 'boolean' ? !doc.recording : undefined);
  return { records, optedOut: typeof optedOut === 'boolean' ? optedOut : undefined, raw };
}

async function call<T>(method: string, url: string, read: (body: Json, raw: string) => T): Promise<Outcome<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  } catch {
    return { ok: false, missing: false, problem: NETWORK_PROBLEM() };
  }
  const raw = await response.text();
  if (response.status === 404) return { ok: false, missing: true };
  if (!response.ok) return { ok: false, missing: false, problem: problemFrom(response.status, raw) };
  let body: Json = null;
  try {
    body = raw === '' ? null : JSON.parse(raw);
  } catch {
    body = null;
  }
  return { ok: true, value: read(body, raw) };
}

export const getFieldModel = (): Promise<Outcome<FieldModel>> => call('GET', '/api/v1/privacy/fields', (b) => readFieldModel(b));
export const getMyData = (): Promise<Outcome<MyData>> => call('GET', '/api/v1/privacy/my-data', readMyData);
export const eraseMyData = (): Promise<Outcome<null>> => call('DELETE', '/api/v1/privacy/my-data', () => null);
export const optOut = (): Promise<Outcome<null>> => call('POST', '/api/v1/privacy/opt-out', () => null);
export const optIn = (): Promise<Outcome<null>> => call('POST', '/api/v1/privacy/opt-in', () => null);

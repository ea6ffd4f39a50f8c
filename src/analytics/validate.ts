/**
 * Validation at write time: a candidate record becomes a StatEvent only through here. Every
 * field of the model must be present and nothing else may be (so a new key cannot slip into
 * the store unannounced); strings are cut to their cap; a nullable value of the wrong shape
 * becomes null; a required value of the wrong shape rejects the whole record.
 */
import { FIELDS, type FieldSpec, type StatEvent } from './fields.js';

export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** Cuts a string to `max` characters (code points, so no half surrogate pair is stored). */
export function capString(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max).join('');
}

function checkText(field: FieldSpec, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Control characters never belong in a statistic and could confuse a reader of an export.
  // eslint-disable-next-line no-control-regex
  const text = capString(value.replace(/[\u0000-\u001f\u007f]/g, '').trim(), field.maxLength ?? 255);
  if (text === '') return undefined;
  if (field.values && !field.values.includes(text)) return undefined;
  if (field.pattern && !field.pattern.test(text)) return undefined;
  return text;
}

function checkNumber(field: FieldSpec, value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (field.type !== 'real' && !Number.isInteger(value)) return undefined;
  if (field.min !== undefined && value < field.min) return undefined;
  if (field.max !== undefined && value > field.max) return undefined;
  return value;
}

export function validateEvent(candidate: Readonly<Record<string, unknown>>): StatEvent {
  const known = new Set<string>(FIELDS.map((f) => f.name));
  const unknown = Object.keys(candidate).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new InvalidEventError(`not in the field model: ${unknown.join(', ')}`);
  const out: Record<string, string | number | null> = {};
  for (const field of FIELDS as readonly FieldSpec[]) {
    const raw = candidate[field.name];
    const value = field.type === 'text' ? checkText(field, raw) : checkNumber(field, raw);
    if (value === undefined) {
      if (!field.nullable) throw new InvalidEventError(`${field.name} is missing or invalid`);
      out[field.name] = null;
    } else {
      out[field.name] = value;
    }
  }
  return out as StatEvent;
}

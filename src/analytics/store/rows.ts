/** Conversions between StatEvents and database rows, shared by both stores. */
import { FIELDS, type FieldSpec, type StatEvent } from '../fields.js';

const fields = FIELDS as readonly FieldSpec[];

export const COLUMNS = fields.map((f) => f.column);

/** `recorded_at AS "recordedAt", …`: rows come back keyed by field name. */
export function selectList(timestamp: (column: string) => string = (c) => c): string {
  return fields.map((f) => `${f.type === 'timestamp' ? timestamp(f.column) : f.column} AS "${f.name}"`).join(', ');
}

export function rowValues(event: StatEvent): (string | number | null)[] {
  const record = event as Readonly<Record<string, string | number | null>>;
  return fields.map((f) => record[f.name] ?? null);
}

/** Numbers may come back as strings (PostgreSQL bigint) or bigints; timestamps as Dates. */
export function eventFromRow(row: Readonly<Record<string, unknown>>): StatEvent {
  const out: Record<string, string | number | null> = {};
  for (const f of fields) {
    const v = row[f.name];
    if (v === null || v === undefined) out[f.name] = null;
    else if (v instanceof Date) out[f.name] = v.getTime();
    else if (f.type === 'text') out[f.name] = String(v);
    else out[f.name] = Number(v);
  }
  return out as StatEvent;
}

export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/**
 * The store schemas, derived from the field model: one column per field, with its cap enforced
 * by the database as well (CHECK / varchar), plus the indexes the dashboard and the rights need.
 */
import { EVENTS_TABLE, FIELDS, type FieldSpec } from '../fields.js';
import { DIMENSIONS } from './store.js';

export const SCHEMA_VERSION = '1';

const fields = FIELDS as readonly FieldSpec[];

function sqliteColumn(f: FieldSpec): string {
  const type = f.type === 'real' ? 'REAL' : f.type === 'text' ? 'TEXT' : 'INTEGER';
  const check = f.maxLength !== undefined ? ` CHECK (length(${f.column}) <= ${f.maxLength})` : '';
  return `${f.column} ${type}${f.nullable ? '' : ' NOT NULL'}${check}`;
}

function postgresColumn(f: FieldSpec): string {
  const type =
    f.type === 'timestamp' ? 'timestamptz' : f.type === 'integer' ? 'bigint' : f.type === 'real' ? 'double precision' : `varchar(${f.maxLength ?? 255})`;
  return `${f.column} ${type}${f.nullable ? '' : ' NOT NULL'}`;
}

/**
 * Indexes: time for retention and ranges, the session key for the rights, and one covering
 * (dimension, time) index per dashboard breakdown so that each count reads only its index.
 */
function indexes(table: string): string[] {
  const list = [
    `CREATE INDEX IF NOT EXISTS ${table}_time ON ${table} (recorded_at, original_bytes, compressed_bytes)`,
    `CREATE INDEX IF NOT EXISTS ${table}_session ON ${table} (session_key)`,
    `CREATE INDEX IF NOT EXISTS ${table}_formats ON ${table} (input_format, output_format, recorded_at, original_bytes, compressed_bytes)`,
    `CREATE INDEX IF NOT EXISTS ${table}_ratio ON ${table} (ratio, recorded_at)`,
  ];
  for (const column of Object.values(DIMENSIONS)) {
    list.push(`CREATE INDEX IF NOT EXISTS ${table}_by_${column} ON ${table} (${column}, recorded_at)`);
  }
  return list;
}

export function sqliteSchema(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (${fields.map(sqliteColumn).join(', ')})`,
    ...indexes(EVENTS_TABLE),
    'CREATE TABLE IF NOT EXISTS stats_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)',
  ];
}

/** `schema` is a quoted identifier already (see postgres.ts). */
export function postgresSchema(schema: string): string[] {
  const table = `${schema}.${EVENTS_TABLE}`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    `CREATE TABLE IF NOT EXISTS ${table} (${fields.map(postgresColumn).join(', ')})`,
    ...indexes(EVENTS_TABLE).map((sql) => sql.replace(` ON ${EVENTS_TABLE} `, ` ON ${table} `)),
    `CREATE TABLE IF NOT EXISTS ${schema}.stats_meta (name text PRIMARY KEY, value text NOT NULL)`,
  ];
}

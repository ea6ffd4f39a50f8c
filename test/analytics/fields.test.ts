/**
 * One model of the recorded fields (issue 5): no column in either store is undisclosed, and every
 * field of the model is shown on the privacy page, served to the "Your data" page and described
 * in docs/privacy.md.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { EVENTS_TABLE, FIELDS, INTERNAL_TABLES, fieldDocument, type FieldSpec } from '../../src/analytics/fields.js';
import { esc } from '../../src/pages/html.js';
import { renderPolicyPage } from '../../src/privacy/policy-page.js';
import { policyFacts } from '../../src/privacy/policy.js';
import { KITS, warnIfNoPostgres } from './support.js';

warnIfNoPostgres();

const fields = FIELDS as readonly FieldSpec[];

describe.each(KITS)('the $name schema', (kit) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it.skipIf(!kit.available)('has exactly the model\'s columns, and no table the model does not disclose', async () => {
    const made = await kit.create();
    cleanups.push(made.cleanup);
    await made.store.init();
    const tables = await made.store.describe();
    expect(tables[EVENTS_TABLE]).toEqual(fields.map((f) => f.column));
    for (const [table, columns] of Object.entries(tables)) {
      if (table === EVENTS_TABLE) continue;
      expect(Object.keys(INTERNAL_TABLES), `table ${table} is not disclosed`).toContain(table);
      expect(columns).toEqual([...INTERNAL_TABLES[table as keyof typeof INTERNAL_TABLES].columns]);
    }
  });
});

describe('disclosure of every field', () => {
  const html = renderPolicyPage(policyFacts(loadConfig({}), undefined));
  const operatorDoc = readFileSync(new URL('../../docs/privacy.md', import.meta.url), 'utf8');

  it.each(fields.map((f) => [f.name, f] as const))('%s is on the privacy page, in the field document and in docs/privacy.md', (_name, field) => {
    expect(html).toContain(`data-field="${field.name}"`);
    expect(html).toContain(esc(field.label));
    expect(html).toContain(esc(field.description));
    expect(html).toContain(esc(field.why));
    expect(fieldDocument(12).fields.find((f) => f.name === field.name)).toMatchObject({ label: field.label, description: field.description });
    expect(operatorDoc).toMatch(new RegExp(`\\| \`${field.column}\` \\|`));
  });

  it('documents the internal tables for operators', () => {
    for (const table of Object.keys(INTERNAL_TABLES)) expect(operatorDoc).toContain(`\`${table}\``);
  });

  it('caps every text field', () => {
    for (const f of fields.filter((x) => x.type === 'text')) expect(f.maxLength, f.name).toBeGreaterThan(0);
  });
});

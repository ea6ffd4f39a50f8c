/**
 * TLS to PostgreSQL (P14): an explicit DATABASE_TLS wins over the URL's sslmode, and a store
 * told to use TLS really asks for it — against the local server, which speaks no TLS, it refuses
 * to fall back to a plain connection.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresStore, connectionConfig, describeUrl } from '../../src/analytics/store/postgres.js';
import { DATABASE_URL, uniqueSchema, warnIfNoPostgres } from './support.js';

warnIfNoPostgres();

describe('PostgreSQL connection settings', () => {
  it('lets an explicit DATABASE_TLS override the URL and keeps the URL otherwise', () => {
    const url = 'postgres://u:pw@db.example:5432/stats?sslmode=disable&application_name=x';
    expect(connectionConfig({ url, tls: 'auto' })).toEqual({ connectionString: url });
    const verify = connectionConfig({ url, tls: 'verify' });
    expect(verify.ssl).toEqual({ rejectUnauthorized: true });
    expect(verify.connectionString).not.toContain('sslmode');
    expect(verify.connectionString).toContain('application_name=x');
    expect(connectionConfig({ url, tls: 'no-verify' }).ssl).toEqual({ rejectUnauthorized: false });
    expect(connectionConfig({ url: `${url.split('?')[0]}?sslmode=require`, tls: 'off' })).toMatchObject({ ssl: false });
  });

  it('never shows the user or password where it describes the store', () => {
    expect(describeUrl('postgres://admin:hunter2@db.example:6543/stats?sslmode=require')).toBe('postgresql://db.example:6543/stats');
  });

  it.skipIf(DATABASE_URL === '')('asks for TLS when told to: encrypted where the server offers it, refused where it does not', async () => {
    const plain = new PostgresStore({ url: DATABASE_URL, tls: 'off', schema: uniqueSchema() });
    await plain.init();
    const serverSsl = await sslOffered();
    await plain.dropSchema();
    await plain.close();

    const schema = uniqueSchema();
    const tls = new PostgresStore({ url: DATABASE_URL, tls: 'no-verify', schema, connectTimeoutMs: 2000 });
    if (serverSsl) {
      await tls.init(); // and the session is encrypted: checked through pg_stat_ssl below
      await tls.dropSchema();
      await tls.close();
      expect(await encryptedSession()).toBe(true);
    } else {
      await expect(tls.init()).rejects.toThrow(/SSL|TLS/i);
      await tls.close();
    }
  });
});

/** Whether the local server has TLS switched on (Debian's default cluster may or may not). */
async function sslOffered(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ ssl: string }>('SHOW ssl')).rows[0]?.ssl === 'on';
  } finally {
    await client.end();
  }
}

/** A session opened the way the store opens it with DATABASE_TLS=no-verify is encrypted. */
async function encryptedSession(): Promise<boolean> {
  const client = new pg.Client(connectionConfig({ url: DATABASE_URL, tls: 'no-verify' }));
  await client.connect();
  try {
    return (await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]?.ssl === true;
  } finally {
    await client.end();
  }
}

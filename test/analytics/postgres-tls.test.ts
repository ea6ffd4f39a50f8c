/**
 * TLS to PostgreSQL (P14): an explicit DATABASE_TLS wins over the URL's sslmode, and a store
 * told to use TLS really asks for it: its own sessions are encrypted where the server offers TLS
 * (as the server's pg_stat_ssl sees them), and where the server declines, it refuses to fall back
 * to a plain connection.
 */
import net from 'node:net';
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

  it('asks for TLS when told to, and refuses a server that declines it instead of going on in plain text', async () => {
    const declining = await decliningServer();
    try {
      const tls = new PostgresStore({ url: declining.url, tls: 'no-verify', schema: uniqueSchema(), connectTimeoutMs: 2000 });
      await expect(tls.init()).rejects.toThrow(/does not support SSL/);
      await tls.close();
      const plain = new PostgresStore({ url: declining.url, tls: 'off', schema: uniqueSchema(), connectTimeoutMs: 2000 });
      await expect(plain.init()).rejects.toThrow();
      await plain.close();
      await declining.hungUp();
      // The TLS store's only message was the SSLRequest: no startup message (user, database) in the clear.
      // The plain store, for contrast, opened with its startup message.
      expect(declining.firstMessages).toEqual(['SSLRequest', 'StartupMessage']);
      expect(declining.bytesAfterNo).toEqual([0]);
    } finally {
      await declining.close();
    }
  });

  it.skipIf(DATABASE_URL === '')('encrypts its own sessions where the server offers TLS (and refuses where it does not)', async () => {
    const serverSsl = await sslOffered();
    const schema = uniqueSchema();
    const tls = new PostgresStore({ url: DATABASE_URL, tls: 'no-verify', schema, connectTimeoutMs: 2000 });
    try {
      if (!serverSsl) {
        console.warn('PostgreSQL here has ssl=off: only the refusal is checked against it (.ci/run switches TLS on).');
        await expect(tls.init()).rejects.toThrow(/SSL|TLS/i);
        return;
      }
      await tls.init();
      await tls.count();
      // The server's view of the store's own connections (not of a session opened beside it).
      const sessions = await storeSessions(schema);
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions.every((s) => s.ssl)).toBe(true);
      await tls.dropSchema();
    } finally {
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

/**
 * The sessions of the store working in `schema`, as the server sees them: the store's pool keeps
 * its connections open, and each one's last statement names the store's own (unique) schema.
 */
async function storeSessions(schema: string): Promise<{ pid: number; ssl: boolean }[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query<{ pid: number; ssl: boolean }>(
      `SELECT a.pid, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid
        WHERE a.pid <> pg_backend_pid() AND a.application_name = 'compressorimage-stats' AND strpos(a.query, $1) > 0`,
      [schema],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

/** The protocol's first message of a connection: an SSLRequest (8 bytes, code 80877103) or a startup message. */
function firstMessageKind(bytes: Buffer): string {
  return bytes.length >= 8 && bytes.readUInt32BE(0) === 8 && bytes.readUInt32BE(4) === 80877103 ? 'SSLRequest' : 'StartupMessage';
}

/**
 * A stand-in PostgreSQL server that declines TLS: to an SSLRequest it answers 'N' (as a server
 * with ssl=off does) and records what the client sends after that; anything else it just records.
 */
async function decliningServer(): Promise<{ url: string; firstMessages: string[]; bytesAfterNo: number[]; hungUp: () => Promise<unknown>; close: () => Promise<void> }> {
  const firstMessages: string[] = [];
  const bytesAfterNo: number[] = [];
  const sockets = new Set<net.Socket>();
  const closed: Promise<void>[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
    let received = Buffer.alloc(0);
    let kind: string | undefined;
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (kind !== undefined || received.length < 8) return;
      kind = firstMessageKind(received);
      firstMessages.push(kind);
      if (kind === 'SSLRequest') socket.write('N');
      else socket.destroy();
    });
    socket.on('close', () => {
      if (kind === 'SSLRequest') bytesAfterNo.push(received.length - 8);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgres://stats:secret@127.0.0.1:${port}/stats`,
    firstMessages,
    bytesAfterNo,
    /** Resolves once every client so far has closed its connection (what it sent is then all recorded). */
    hungUp: () => Promise.all(closed),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

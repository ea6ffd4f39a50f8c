/**
 * Issue 15: the secrets of the configuration never reach the server's output — not at start, not
 * when Redis or PostgreSQL refuse or answer, not on a failed login, not at shutdown. The real
 * server process runs with a canary inside every secret setting (valid values, so it starts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listeningPort, startServerProcess, type ServerProcess } from '../http/process.js';

const CANARY = 'Zq9secretcanary';
const DATABASE_URL = process.env.DATABASE_URL ?? '';
const REDIS_URL = process.env.REDIS_URL ?? '';

/** The URL with a password put into it (the local services accept or ignore it, or refuse it: both are logged paths). */
function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

let dir: string | undefined;
let server: ServerProcess | undefined;
afterEach(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  server = undefined;
});

describe('secrets in the server\'s output', () => {
  if (DATABASE_URL === '' || REDIS_URL === '') console.warn('DATABASE_URL or REDIS_URL is not set: the secret canary runs without PostgreSQL or Redis (.ci/run sets them).');

  it('shows no secret setting in any line, from start to shutdown', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'secrets-test-'));
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'trace',
      STATS_DB_PATH: path.join(dir, 'stats.sqlite'),
      STATS_GEOIP: 'false',
      ADMIN_USER: 'operator',
      ADMIN_PASSWORD: `${CANARY}-password`,
      ADMIN_TOKEN: `${CANARY}-token-0123456789abcdefghij`,
      STATS_SECRET: `${CANARY}-stats-secret-0123456789abcdef`,
      ...(DATABASE_URL !== '' ? { DATABASE_URL: withPassword(DATABASE_URL, `${CANARY}-db`) } : {}),
      ...(REDIS_URL !== '' ? { REDIS_URL: withPassword(REDIS_URL, `${CANARY}-redis`) } : {}),
    };
    server = startServerProcess(env);
    const port = await listeningPort(server);
    const wrong = await fetch(`http://127.0.0.1:${port}/api/v1/admin/recording`, { headers: { authorization: `Bearer ${CANARY}-not-the-token-0123456789` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`http://127.0.0.1:${port}/api/v1/admin/recording`, { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } });
    expect([200, 503]).toContain(right.status);
    await right.arrayBuffer();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const output = `${server.lines.join('\n')}\n${server.stderr()}`;
    expect(server.lines.length).toBeGreaterThan(3);
    expect(output).not.toContain(CANARY);
  });
});

// Issue 15, item 3: TRUST_PROXY=true lets any client choose its address, so the server says so
// once at start (a warning in its log); a proxy's address or a hop count starts quietly.
import { describe, expect, it } from 'vitest';
import { listeningPort, startServerProcess, type ServerProcess } from './process.js';

const BASE_ENV = { HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_MAX: '0', STATS_ENABLED: 'false' };

interface LogLine {
  level?: number;
  msg?: string;
  setting?: string;
}

function parsed(lines: readonly string[]): LogLine[] {
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Starts the real entry point, waits until it listens, stops it, and returns its log lines. */
async function startupLog(env: Record<string, string>): Promise<LogLine[]> {
  const server: ServerProcess = startServerProcess({ ...BASE_ENV, ...env });
  try {
    await listeningPort(server);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  return parsed(server.lines);
}

const PINO_WARN = 40;

describe('TRUST_PROXY at start', () => {
  it('warns once, as a warning, when TRUST_PROXY=true', async () => {
    const warnings = (await startupLog({ TRUST_PROXY: 'true' })).filter((line) => line.setting === 'TRUST_PROXY');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(PINO_WARN);
    expect(warnings[0]?.msg).toMatch(/any client can choose its own address/);
    expect(warnings[0]?.msg).toMatch(/address or CIDR range, or to the number of proxies/);
  });

  it.each(['127.0.0.1/8', '1', 'false'])('starts without the warning when TRUST_PROXY=%s', async (value) => {
    const log = await startupLog({ TRUST_PROXY: value });
    expect(log.some((line) => line.msg?.includes('Server listening'))).toBe(true);
    expect(log.filter((line) => line.setting === 'TRUST_PROXY')).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, SETTINGS, loadConfig, type Setting } from '../src/config.js';

describe('configuration', () => {
  const doc = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');

  it.each(Object.values(SETTINGS).map((s) => s.env))('documents %s in docs/configuration.md', (env) => {
    expect(doc).toMatch(new RegExp(`^\\| \`${env}\` \\|`, 'm'));
  });

  it('starts on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.maxInputBytes).toBe(25 * 1024 * 1024);
    expect(config.maxPixels).toBe(50_000_000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses sizes with units', () => {
    expect(loadConfig({ MAX_INPUT_BYTES: '800k' }).maxInputBytes).toBe(800 * 1024);
  });

  it('reports every problem at once, in the uniform sentence', () => {
    let error: unknown;
    try {
      loadConfig({ MAX_PIXELS: '0', QUEUE_DEPTH: 'lots', MAX_INPUT_BYTES: '12 parsecs' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.env).sort();
    expect(problems).toEqual(['MAX_INPUT_BYTES', 'MAX_PIXELS', 'QUEUE_DEPTH']);
    expect((error as ConfigError).message).toContain('expected an integer 1–1000000000 for MAX_PIXELS, got "0"');
  });
});

// Issue 15: an invalid setting must not print a secret, to a terminal or a log collector.
describe('secrets in setting errors', () => {
  const CANARY = 'Kq7canary';
  /** Each secret setting made invalid, with the canary inside the part that must stay hidden. */
  const invalid: Record<string, { raw: string; shown: string }> = {
    ADMIN_PASSWORD: { raw: `${CANARY}pw`, shown: '(hidden, 11 characters)' },
    ADMIN_TOKEN: { raw: `${CANARY} token with a space in it 0123456789`, shown: '(hidden, 45 characters)' },
    STATS_SECRET: { raw: `${CANARY}-too-short`, shown: '(hidden, 19 characters)' },
    DATABASE_URL: { raw: `mysql://stats:${CANARY}@db.example:5432/stats`, shown: 'mysql://stats:(hidden, 9 characters)@db.example:5432/stats' },
    REDIS_URL: { raw: `http://:${CANARY}@cache.example:6379`, shown: 'http://:(hidden, 9 characters)@cache.example:6379' },
  };

  function problemsFor(env: Record<string, string>): ConfigError {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('marks exactly the settings that hold secrets', () => {
    const marked = Object.values(SETTINGS).filter((s: Setting<unknown>) => s.secret !== undefined).map((s) => s.env).sort();
    expect(marked).toEqual(Object.keys(invalid).sort());
  });

  it('reports every invalid secret setting by its length, never its characters', () => {
    const error = problemsFor({ ADMIN_USER: 'ops', ...Object.fromEntries(Object.entries(invalid).map(([env, v]) => [env, v.raw])) });
    expect(error.problems.map((p) => p.env).sort()).toEqual(Object.keys(invalid).sort());
    expect(error.message).not.toContain(CANARY);
    expect(JSON.stringify(error.problems)).not.toContain(CANARY);
    for (const [env, { shown }] of Object.entries(invalid)) {
      expect(error.problems.find((p) => p.env === env)?.message).toContain(shown);
    }
  });

  it('hides passwords in URL query parameters and user-info without a colon', () => {
    const error = problemsFor({
      DATABASE_URL: `mysql://db.example/stats?sslmode=require&password=${CANARY}`,
      REDIS_URL: `redis:/${CANARY}@cache.example`,
    });
    expect(error.message).not.toContain(CANARY);
    expect(error.message).toContain('mysql://db.example/stats?sslmode=require&password=(hidden, 9 characters)');
    expect(error.message).toContain('"redis:(hidden, 10 characters)@cache.example"');
  });

  it('still quotes values that are not secret, so a typo can be found', () => {
    expect(problemsFor({ ADMIN_USER: 'ops', ADMIN_PASSWORD: 'x'.repeat(12), SITE_NAME: 'ok', PORT: 'eighty' }).message).toContain('got "eighty"');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, SETTINGS, loadConfig } from '../src/config.js';

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

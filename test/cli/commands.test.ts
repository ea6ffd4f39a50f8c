/**
 * The CLI's seams: a subcommand slots in with one entry (the future `score`), and docs/cli.md
 * stays complete (every image option's flag and every CLI-only error code is documented).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dispatch, type Subcommand } from '../../src/cli/commands.js';
import { flagName } from '../../src/cli/compress-args.js';
import { CLI_FILE_ERRORS } from '../../src/cli/file-outcome.js';
import { OPTION_SPECS } from '../../src/pipeline/options.js';
import { captureStream } from './support.js';

function io(): { stdin: Readable; stdout: ReturnType<typeof captureStream>; stderr: ReturnType<typeof captureStream>; cwd: string; env: Record<string, string> } {
  return { stdin: Readable.from([]), stdout: captureStream(), stderr: captureStream(), cwd: process.cwd(), env: {} };
}

describe('subcommands', () => {
  const calls: string[][] = [];
  const score: Subcommand = {
    name: 'score',
    usage: 'score <original> <compressed>',
    summary: 'How similar two images look.',
    run: async (argv) => {
      calls.push([...argv]);
      return 0;
    },
  };

  it('a first argument naming a subcommand runs it with the remaining arguments', async () => {
    const code = await dispatch(['score', 'a.png', 'b.jpg'], io(), [score]);
    expect(code).toBe(0);
    expect(calls).toEqual([['a.png', 'b.jpg']]);
  });

  it('the help lists the registered subcommands', async () => {
    const streams = io();
    expect(await dispatch(['--help'], streams, [score])).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(streams.stdout.text()).toMatch(/Other commands:\n {2}score <original> <compressed>\s+How similar two images look\./);
  });

  it('anything else is the compress command (a file called like a subcommand is still reachable as ./name)', async () => {
    // The compress command looks for a file ./score (and reports, as a usage error, that there is none).
    await expect(dispatch(['./score'], io(), [score])).rejects.toThrow('No such file or folder: ./score');
    expect(calls).toHaveLength(1);
  });
});

describe('docs/cli.md', () => {
  const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

  it.each(OPTION_SPECS.map((s) => s.name))('documents the flag for %s', (name) => {
    expect(doc).toMatch(new RegExp(`--(\\[no-\\])?${flagName(name)}\\b`));
  });

  it.each(Object.keys(CLI_FILE_ERRORS))('documents the error code %s', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});

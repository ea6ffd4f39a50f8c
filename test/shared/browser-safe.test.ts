/**
 * src/shared/ is bundled into the web page: it imports nothing but its own files, and uses no Node
 * global (npm run arch checks the imports too; this also catches Buffer and process).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const dir = new URL('../../src/shared/', import.meta.url);

it('imports only its own files and uses no Node global', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const imports = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2]);
    for (const specifier of imports) expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w-]+\.js$/);
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code, file).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
  }
});

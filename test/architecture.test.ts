/**
 * The import rules of .dependency-cruiser.mjs can fail: cruising the tiny tree of deliberate
 * violations in test/fixtures/architecture/ with the real rules reports exactly those violations,
 * and nothing for the imports the rules allow. (`npm run arch`, part of `npm run check`, applies
 * the same rules to the real src/, web/src/, test/ and bench/.)
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/architecture/', import.meta.url));

async function violationsOfFixture(): Promise<string[]> {
  const config = await extractDepcruiseConfig(`${ROOT}.dependency-cruiser.mjs`);
  const { forbidden, allowed, allowedSeverity, required } = config;
  const result = await cruise(['src', 'web/src'], {
    ...config.options,
    // The real run excludes this fixture; here it is the thing cruised (paths relative to it).
    exclude: undefined,
    baseDir: FIXTURE,
    validate: true,
    ruleSet: { forbidden, allowed, allowedSeverity, required },
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations
    .map((v) => `${v.rule.severity} ${v.rule.name}: ${v.from} → ${v.to}`)
    .sort();
}

describe('the import rules (.dependency-cruiser.mjs)', () => {
  it('report every violation in the fixture tree, and only those', async () => {
    expect(await violationsOfFixture()).toEqual(
      [
        // The pipeline knows nothing about HTTP.
        'error layer-pipeline: src/pipeline/run.ts → src/http/server.ts',
        // Analytics may use the seam (http/extension.ts), not the server itself.
        'error layer-analytics: src/analytics/record.ts → src/http/server.ts',
        // A folder no rule names is not silently allowed.
        'error layer-cli: src/cli/main.ts → src/newfolder/thing.ts',
        // No cycle, also not inside one folder (a cycle is reported once).
        'error no-circular: src/formats/a.ts → src/formats/b.ts',
        // shared/ goes into the browser page: no Node built-ins.
        'error shared-no-node-or-npm: src/shared/units.ts → os',
        // The page may use shared/ of src/, nothing else.
        'error web-only-shared: web/src/page.ts → src/pipeline/run.ts',
      ].sort(),
    );
  }, 20_000);
});

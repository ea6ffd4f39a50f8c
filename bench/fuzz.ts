/**
 * npm run fuzz — every image of ../shared/corpus, shrunk, mutated by a seeded mutator in the manner
 * of zzuf (bench/fuzz/mutate.ts) into FUZZ_COUNT inputs, each with its own options; all of them
 * through the pipeline (`compress`, in a child process so that a native crash is counted, not
 * fatal) and a share of them through the real HTTP server on loopback at the same time. Prints the
 * inputs tried, answered 200, answered with a code (4xx, and 503 TIMEOUT/OVERLOADED), crashes
 * (target 0), hangs beyond the processing timeout (target 0), and peak RSS; then each failure as
 * the seed:index that replays it. It reports; it does not assert (the test suite runs a short
 * version that does: test/compress/fuzz.test.ts).
 *
 * FUZZ_SEED (default 1) and FUZZ_COUNT (default 20000) choose the inputs; FUZZ_HTTP_EVERY (default
 * 1: all of them) sends only every n-th input through HTTP too, for a quicker run.
 * FUZZ_REPLAY=<seed>:<index> rebuilds that one input, writes it to test-output/fuzz/, and runs it
 * through the pipeline with the cause of any failure shown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUZZ_LIMITS, fuzzCase, runThroughPipeline } from './fuzz/cases.js';
import { runHttpPath, FUZZ_SERVER_ENV } from './fuzz/http-runner.js';
import { pipelineChild, runPipelinePath } from './fuzz/pipeline-runner.js';
import { fuzzSeeds } from './fuzz/seeds.js';
import type { Tally } from './fuzz/tally.js';
import { table } from './support.js';

function integerEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`expected a whole number for ${name}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

async function replay(spec: string): Promise<void> {
  const match = /^(\d+):(\d+)$/.exec(spec);
  if (!match) throw new Error(`expected <seed>:<index> for FUZZ_REPLAY, got ${JSON.stringify(spec)}`);
  const [runSeed, index] = [Number(match[1]), Number(match[2])];
  const fuzz = fuzzCase(await fuzzSeeds(), runSeed, index);
  const dir = path.join('test-output', 'fuzz');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${runSeed}-${index}.bin`);
  writeFileSync(file, fuzz.bytes);
  const query = new URLSearchParams(fuzz.query).toString();
  console.log(`input ${runSeed}:${index}: ${fuzz.seedName}, ${fuzz.kinds.join(' + ')}, ${fuzz.bytes.length} bytes → ${file}`);
  console.log(`options: ${query || '(none)'}`);
  console.log(`outcome through the pipeline: ${JSON.stringify(await runThroughPipeline(fuzz), null, 2)}`);
  const env = Object.entries(FUZZ_SERVER_ENV).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`through HTTP: start the server with ${env}, then\n  curl -sS --data-binary @${file} 'http://127.0.0.1:3000/api/v1/compress?${query}'`);
}

function row(label: string, tally: Tally, peakRssMb: number): Array<string | number> {
  const busy = tally.refusedWith(['TIMEOUT', 'OVERLOADED']);
  return [label, tally.tried, tally.compressed, tally.tried - tally.compressed - busy - tally.failures.length, busy, tally.count('crash'), tally.count('hang'), peakRssMb.toFixed(0)];
}

async function main(): Promise<void> {
  if (process.env.FUZZ_ROLE === 'pipeline') return pipelineChild();
  if (process.env.FUZZ_REPLAY) return replay(process.env.FUZZ_REPLAY);
  const runSeed = integerEnv('FUZZ_SEED', 1);
  const count = integerEnv('FUZZ_COUNT', 20_000);
  const every = Math.max(1, integerEnv('FUZZ_HTTP_EVERY', 1));
  const seeds = await fuzzSeeds();
  const httpCount = Math.ceil(count / every);
  console.log(`fuzz — seed ${runSeed}: ${count} inputs from ${seeds.length} corpus images (≤ 256 px) through the pipeline, ${httpCount} of them (every ${every}) through HTTP too`);
  console.log(`limits: MAX_PIXELS ${FUZZ_LIMITS.maxPixels}, MAX_FRAMES ${FUZZ_LIMITS.maxFrames}, PROCESSING_TIMEOUT_MS ${FUZZ_LIMITS.timeoutMs}\n`);
  const started = performance.now();
  const done = { pipeline: 0, http: 0 };
  const ticker = setInterval(() => console.log(`… ${done.pipeline}/${count} through the pipeline, ${done.http}/${httpCount} through HTTP, ${((performance.now() - started) / 1000).toFixed(0)} s`), 30_000);
  const [pipeline, http] = await Promise.all([
    runPipelinePath(fileURLToPath(import.meta.url), runSeed, count, (n) => (done.pipeline = n)),
    runHttpPath(seeds, runSeed, count, every, (n) => (done.http = n)),
  ]);
  clearInterval(ticker);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${seconds.toFixed(0)} s, ${os.availableParallelism()} cores\n`);
  console.log(table(
    ['path', 'inputs tried', 'answered 200', 'answered 4xx with a code', '503 with a code (TIMEOUT/OVERLOADED)', 'crashes', 'hangs', 'peak RSS MB'],
    [row('pipeline (compress)', pipeline.tally, pipeline.peakRssMb), row('HTTP server', http.tally, http.peakRssMb)],
  ));
  console.log(`\ncodes, pipeline: ${pipeline.tally.codes()}`);
  console.log(`codes, HTTP: ${http.tally.codes()}`);
  if (http.restarts > 0) console.log(`the server died and was started again ${http.restarts} time(s)`);
  if (http.errorLines.length > 0) console.log(`the server logged ${http.errorLines.length} error line(s), the first: ${http.errorLines[0]}`);
  const failures = [...pipeline.tally.failures.map((f) => ({ ...f, path: 'pipeline' })), ...http.tally.failures.map((f) => ({ ...f, path: 'HTTP' }))];
  for (const failure of failures.slice(0, 20)) {
    console.log(`\n${failure.kind} on the ${failure.path} path: replay with FUZZ_REPLAY=${runSeed}:${failure.index} npm run fuzz\n  ${failure.detail.split('\n').slice(0, 4).join('\n  ')}`);
  }
  if (failures.length > 20) console.log(`\n… and ${failures.length - 20} more`);
  console.log(`\ncrashes: ${pipeline.tally.count('crash') + http.tally.count('crash')} (target 0), hangs: ${pipeline.tally.count('hang') + http.tally.count('hang')} (target 0)`);
}

await main();

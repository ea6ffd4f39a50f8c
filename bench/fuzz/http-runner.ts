/**
 * The HTTP path of the fuzzer: a share of the inputs posted to the real server in its own process,
 * with the same options in the query string. A crash is a 5xx other than 503, a 4xx without a
 * stable code, a connection the server drops, or the server process dying (it is then started
 * again); a hang is no answer within the processing timeout and margin.
 */
import { ERROR_CODES, type ErrorCode } from '../../src/errors.js';
import { FUZZ_LIMITS, HANG_MARGIN_MS, fuzzCase, type FuzzCase, type Outcome } from './cases.js';
import type { Seed } from './seeds.js';
import { Tally } from './tally.js';
import { isRunning, peakRssMb, startServer, stopServer, type ServerProcess } from '../server-process.js';

/** Requests in flight at once: the product's per-client cap allows two. */
const CONCURRENCY = 2;

export const FUZZ_SERVER_ENV: Readonly<Record<string, string>> = {
  MAX_PIXELS: String(FUZZ_LIMITS.maxPixels),
  MAX_FRAMES: String(FUZZ_LIMITS.maxFrames),
  PROCESSING_TIMEOUT_MS: String(FUZZ_LIMITS.timeoutMs),
  // One client sends everything: the rate limit would answer most of it with 429 instead of the pipeline.
  RATE_LIMIT_MAX: '0',
};

async function post(server: ServerProcess, fuzz: FuzzCase): Promise<Outcome> {
  const url = `${server.url}/api/v1/compress?${new URLSearchParams(fuzz.query).toString()}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: fuzz.bytes,
      signal: AbortSignal.timeout(FUZZ_LIMITS.timeoutMs + HANG_MARGIN_MS),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') return { kind: 'hang' };
    return { kind: 'crash', detail: `no answer: ${String(error instanceof Error && error.cause ? error.cause : error)}` };
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status === 200) return { kind: 'compressed' };
  const code = codeOf(body);
  if (code && code !== 'INTERNAL' && (response.status < 500 || response.status === 503)) return { kind: 'refused', code };
  return { kind: 'crash', detail: `HTTP ${response.status} ${body.toString('utf8', 0, 300)}` };
}

/** The stable code of a problem+json answer, when it is one of the catalogue's. */
function codeOf(body: Buffer): ErrorCode | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const code = typeof parsed === 'object' && parsed !== null && 'code' in parsed ? parsed.code : undefined;
    return ERROR_CODES.find((known) => known === code);
  } catch {
    return undefined; // not JSON: counted as a 4xx without a code, i.e. a crash
  }
}

export interface HttpRun {
  readonly tally: Tally;
  readonly peakRssMb: number;
  readonly restarts: number;
  /** Lines the server logged at level error or above. */
  readonly errorLines: readonly string[];
}

/** Posts the inputs whose index is a multiple of `every`. */
export async function runHttpPath(seeds: readonly Seed[], runSeed: number, count: number, every: number, progress: (done: number) => void): Promise<HttpRun> {
  const tally = new Tally();
  const errorLines: string[] = [];
  let peak = 0;
  let restarts = 0;
  let server = await startServer({ ...FUZZ_SERVER_ENV });
  let next = 0;
  let restarting: Promise<void> | undefined;
  // Both workers may see the same dead server; the first starts the next one, the other waits for it.
  const retire = async (old: ServerProcess) => {
    if (old === server && !restarting) {
      errorLines.push(...old.log);
      restarts++;
      restarting = startServer({ ...FUZZ_SERVER_ENV }).then((fresh) => {
        server = fresh;
        restarting = undefined;
      });
    }
    await restarting;
  };
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += every;
      const current = server;
      let outcome = await post(current, fuzzCase(seeds, runSeed, index));
      if (!isRunning(current)) {
        outcome = { kind: 'crash', detail: `the server process died (${current.child.signalCode ?? `exit code ${current.child.exitCode}`})` };
        await retire(current);
      } else {
        peak = Math.max(peak, peakRssMb(current.child.pid!));
      }
      tally.add(index, outcome);
      progress(tally.tried);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (restarting) await restarting;
  peak = Math.max(peak, peakRssMb(server.child.pid!));
  errorLines.push(...server.log);
  await stopServer(server);
  return { tally, peakRssMb: peak, restarts, errorLines };
}

/**
 * bench:http — the HTTP server under load on loopback: Kodak PNG → JPEG q75 posted by autocannon
 * at concurrency 8 for a fixed time, against a bare sharp loop doing the same encode at the same
 * concurrency in this process, measured in the same run (target: server/bare ≥ 0.85). Then 4× that
 * load is offered (4× the measured rate, enough connections to overflow the queue): the share of
 * 503 OVERLOADED answers, any other 5xx (there must be none), latency and peak RSS; and the same
 * load with the default rate limit, where one client's excess is answered 429.
 *
 * BENCH_SECONDS (default 10) sets each phase's length, BENCH_ROUNDS (default 3) the alternating
 * bare/server rounds whose median ratio is reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { encoderFor } from '../src/formats/index.js';
import { parseOptions } from '../src/pipeline/options.js';
import { DEFAULT_LIMITS } from '../src/pipeline/limits.js';
import { sharp } from '../src/pipeline/sharp.js';
import { plan } from '../src/pipeline/steps/plan.js';
import { probe } from '../src/pipeline/steps/probe.js';
import { freePort } from './server-process.js';
import { CORPUS, table } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = 8;
const image = readFileSync(`${CORPUS}/kodak/kodim23.png`);
const QUERY = '?format=jpeg&quality=75';

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

/** The real entry point in its own process, as `npm start` runs it (through tsx, no build needed). */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** Peak resident set size of a process, in MB (the kernel's high-water mark). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function load(url: string, options: { connections: number; overallRate?: number }): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/api/v1/compress${QUERY}`,
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: image,
    connections: options.connections,
    duration: SECONDS,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    timeout: 60,
  });
}

function counts(result: autocannon.Result): Record<string, number> {
  const stats = (result as unknown as { statusCodeStats: Record<string, { count: number | string }> }).statusCodeStats ?? {};
  return Object.fromEntries(Object.entries(stats).map(([code, s]) => [code, Number(s.count)]));
}

/** The bare library: the same encoder settings, CONCURRENCY loops for the same time. */
async function bareSharp(): Promise<number> {
  const settings = plan(await probe(image, 'png', DEFAULT_LIMITS), parseOptions({ format: 'jpeg', quality: 75 })).settings;
  const encoder = encoderFor('jpeg');
  const encode = () => encoder.apply(sharp(image), settings).toBuffer();
  await encode();
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await encode();
        done++;
      }
    }),
  );
  return done / SECONDS;
}

console.log(`bench:http — Kodak kodim23.png (${(image.length / 1024).toFixed(0)} KB) → JPEG q75, ${SECONDS} s per phase, loopback\n`);

// Rounds alternate the bare loop and the server (order flipping each round), so that load from
// other processes on the machine hits both alike; the ratio reported is the median of the rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// The load comes from one address standing in for many clients: per-client limits are off here.
const steady = await startServer({ RATE_LIMIT_MAX: '0', MAX_IN_FLIGHT_PER_CLIENT: '0' });
await load(steady.url, { connections: CONCURRENCY }); // warm-up
const rounds: Array<{ bare: number; served: number; result: autocannon.Result }> = [];
for (let r = 0; r < ROUNDS; r++) {
  const serverRun = async () => {
    const result = await load(steady.url, { connections: CONCURRENCY });
    return { result, served: (counts(result)['200'] ?? 0) / SECONDS };
  };
  if (r % 2 === 0) {
    const bare = await bareSharp();
    rounds.push({ bare, ...(await serverRun()) });
  } else {
    const run = await serverRun();
    rounds.push({ bare: await bareSharp(), ...run });
  }
}
const steadyRss = peakRssMb(steady.child.pid!);
await stopServer(steady);
rounds.sort((a, b) => a.served / a.bare - b.served / b.bare);
const middle = rounds[Math.floor(rounds.length / 2)]!;
const { bare, served, result: measured } = middle;

const rows: Array<Array<string | number>> = [
  ...rounds.map((round, i) => [`round ${i + 1} (sorted): bare / server`, CONCURRENCY, `${round.bare.toFixed(1)} / ${round.served.toFixed(1)}`, (round.served / round.bare).toFixed(2), '', '', '']),
  ['bare sharp loop (median round)', CONCURRENCY, bare.toFixed(1), '', '', '', ''],
  ['server (median round)', CONCURRENCY, served.toFixed(1), (served / bare).toFixed(2), measured.latency.p50, measured.latency.p99, steadyRss.toFixed(0)],
];

/** 4× the measured rate, with connections enough to keep that rate while answers queue up. */
async function overload(label: string, env: Record<string, string>): Promise<void> {
  const server = await startServer(env);
  const result = await load(server.url, { connections: 256, overallRate: Math.ceil(4 * served) });
  const rss = peakRssMb(server.child.pid!);
  await stopServer(server);
  const c = counts(result);
  const total = Object.values(c).reduce((a, b) => a + b, 0) || 1;
  const other5xx = Object.entries(c).filter(([code]) => code.startsWith('5') && code !== '503').reduce((a, [, n]) => a + n, 0);
  rows.push([
    `${label}; sent ${(total / SECONDS).toFixed(0)}/s`,
    256,
    ((c['200'] ?? 0) / SECONDS).toFixed(1),
    `503: ${(((c['503'] ?? 0) / total) * 100).toFixed(0)}%, 429: ${(((c['429'] ?? 0) / total) * 100).toFixed(0)}%, other 5xx: ${other5xx}, errors: ${result.errors}, timeouts: ${result.timeouts}`,
    result.latency.p50,
    result.latency.p99,
    rss.toFixed(0),
  ]);
}
await overload(`4× load (${Math.ceil(4 * served)}/s offered), no rate limit`, { RATE_LIMIT_MAX: '0', MAX_IN_FLIGHT_PER_CLIENT: '0' });
await overload('4× load, default rate limit (one client)', {});

console.log(table(['run', 'connections', 'images/s (200)', 'ratio to bare / answers', 'p50 ms', 'p99 ms', 'peak RSS MB'], rows));
console.log(`\nserver/bare throughput: ${(served / bare).toFixed(2)} (target ≥ 0.85)`);

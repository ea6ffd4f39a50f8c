/**
 * bench:abuse — the real server on loopback under four attacks, one after another, while one honest
 * client compresses a Kodak photo (kodim23.png → JPEG q75) at a steady pace from its own IPv4
 * address. The benchmark plays the one trusted proxy hop (TRUST_PROXY=1) and sets X-Forwarded-For:
 *
 *   (a) 200 addresses of one IPv6 /64 flood format=auto&effort=10 with the same photo;
 *   (b) 50 connections (50 IPv4 addresses) trickle their bodies one byte a second;
 *   (c) one HTTP/2 connection (TLS, HTTP2=true) opens 1,000 streams, each a format=auto&effort=10 upload;
 *   (d) 20 clients (20 IPv4 addresses) send 25 MB bodies as fast as they can.
 *
 * Each attack gets a fresh server with the default settings, where the honest client's unloaded
 * median is measured first; then the attack and the honest client run together. Printed per
 * attack: the honest client's success rate (target ≥ 99 %), its median latency over its unloaded
 * median (target ≤ 3), what the attackers got back, 5xx answers other than 503 (target 0) and the
 * server's peak RSS. It reports; it asserts nothing, so it runs against whatever defences exist.
 *
 * ABUSE_SECONDS (default 25) is the length of attacks a, c and d; (b) lasts ABUSE_TRICKLE_SECONDS
 * (default 65, past the default REQUEST_TIMEOUT_MS of 60 s, so that the server's answer is seen).
 * ABUSE_BASELINE_SECONDS (default 10) measures the unloaded median. The honest client sends one
 * request every ABUSE_HONEST_INTERVAL_MS (default 1250: 48 a minute, under the default rate limit
 * of 60 a minute). ABUSE_ONLY=a,c runs only the attacks named by their letters.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { selfSigned } from '../test/http/self-signed.js';
import { autoFlood, http2Streams, largeBodies, trickle, type Attack } from './abuse/attacks.js';
import { agentFor, post, type Answer, type Target } from './abuse/requests.js';
import { peakRssMb, startServer, stopServer } from './server-process.js';
import { CORPUS, median, table } from './support.js';

function secondsEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`expected a whole number for ${name}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

const ATTACK_SECONDS = secondsEnv('ABUSE_SECONDS', 25);
const TRICKLE_SECONDS = secondsEnv('ABUSE_TRICKLE_SECONDS', 65);
const BASELINE_SECONDS = secondsEnv('ABUSE_BASELINE_SECONDS', 10);
const HONEST_INTERVAL_MS = secondsEnv('ABUSE_HONEST_INTERVAL_MS', 1_250);
const HONEST_ADDRESS = '203.0.113.7';
const photo = readFileSync(path.join(CORPUS, 'kodak', 'kodim23.png'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The honest client: one request at a time, one every HONEST_INTERVAL_MS, until `until`. */
async function honest(target: Target, until: number): Promise<Answer[]> {
  const agent = agentFor(target, 1);
  const answers: Answer[] = [];
  try {
    while (Date.now() < until) {
      const next = Date.now() + HONEST_INTERVAL_MS;
      answers.push(await post(target, agent, '/api/v1/compress?format=jpeg&quality=75', { 'content-type': 'image/png', 'x-forwarded-for': HONEST_ADDRESS }, photo, 60_000));
      await sleep(Math.max(0, next - Date.now()));
    }
  } finally {
    agent.destroy();
  }
  return answers;
}

interface Scenario {
  readonly label: string;
  readonly seconds: number;
  readonly tls: boolean;
  readonly attack: (target: Target, deadline: number) => Attack;
}

const ALL_SCENARIOS: readonly Scenario[] = [
  { label: '(a) 200 addresses of one IPv6 /64 flood format=auto&effort=10', seconds: ATTACK_SECONDS, tls: false, attack: (t, d) => autoFlood(t, photo, d) },
  { label: '(b) 50 connections trickle bodies at 1 byte/s', seconds: TRICKLE_SECONDS, tls: false, attack: (t, d) => trickle(t, photo, d) },
  { label: '(c) one HTTP/2 connection opens 1,000 streams (format=auto&effort=10)', seconds: ATTACK_SECONDS, tls: true, attack: (t, d) => http2Streams(t, photo, d) },
  { label: '(d) 20 clients send 25 MB bodies as fast as they can', seconds: ATTACK_SECONDS, tls: false, attack: (t, d) => largeBodies(t, d) },
];

/** ABUSE_ONLY=a,c runs those attacks only (by their letters). */
const only = (process.env.ABUSE_ONLY ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
const SCENARIOS = ALL_SCENARIOS.filter((s) => only.length === 0 || only.includes(s.label.charAt(1)));

const certificateDir = mkdtempSync(path.join(os.tmpdir(), 'bench-abuse-'));
const certificate = selfSigned(certificateDir);

/** /healthz over HTTPS, trusting the benchmark's own certificate. */
function httpsReady(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    https.get(`${url}/healthz`, { ca: certificate.cert, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)} %`;
}

async function run(scenario: Scenario): Promise<Array<string | number>> {
  const env: Record<string, string> = { TRUST_PROXY: '1' };
  if (scenario.tls) Object.assign(env, { TLS_CERT_FILE: certificate.certFile, TLS_KEY_FILE: certificate.keyFile, HTTP2: 'true' });
  const server = await startServer(env, scenario.tls ? httpsReady : undefined);
  const target: Target = { url: server.url, ca: certificate.cert };
  try {
    await honest(target, Date.now() + 2 * HONEST_INTERVAL_MS); // warm-up
    const unloaded = await honest(target, Date.now() + BASELINE_SECONDS * 1000);
    const unloadedMedian = median(unloaded.filter((a) => a.status === 200).map((a) => a.ms));
    const deadline = Date.now() + scenario.seconds * 1000;
    const attack = scenario.attack(target, deadline);
    const [loaded] = await Promise.all([honest(target, deadline), attack.done]);
    const ok = loaded.filter((a) => a.status === 200);
    const honestFailures = loaded.filter((a) => a.status !== 200).map((a) => a.label);
    const loadedMedian = median(ok.map((a) => a.ms));
    const otherServerErrors = attack.answers.serverErrors() + loaded.filter((a) => a.status !== undefined && a.status >= 500 && a.status !== 503).length;
    const alive = server.child.exitCode === null && server.child.signalCode === null;
    return [
      scenario.label,
      `${ok.length}/${loaded.length} (${percent(ok.length, loaded.length)})${honestFailures.length ? `; failed: ${honestFailures.join(', ')}` : ''}`,
      `${unloadedMedian.toFixed(0)} → ${ok.length ? `${loadedMedian.toFixed(0)} (slowest ${Math.max(...loaded.map((a) => a.ms)).toFixed(0)})` : '–'}`,
      ok.length ? (loadedMedian / unloadedMedian).toFixed(2) : '–',
      `${attack.answers.toString()}${alive ? '' : '; THE SERVER DIED'}`,
      otherServerErrors,
      alive ? peakRssMb(server.child.pid!).toFixed(0) : '–',
    ];
  } finally {
    await stopServer(server);
  }
}

console.log(`bench:abuse — loopback, default settings, TRUST_PROXY=1 (the benchmark is the proxy hop); honest client ${HONEST_ADDRESS}: kodim23.png (${(photo.length / 1024).toFixed(0)} KB) → JPEG q75 every ${HONEST_INTERVAL_MS} ms; ${os.availableParallelism()} cores\n`);
const rows: Array<Array<string | number>> = [];
try {
  for (const scenario of SCENARIOS) {
    console.log(`${scenario.label}: ${BASELINE_SECONDS} s unloaded, then ${scenario.seconds} s under attack …`);
    rows.push(await run(scenario));
  }
} finally {
  rmSync(certificateDir, { recursive: true, force: true });
}
console.log(`\n${table(['attack', 'honest client: 200s (target ≥ 99 %)', 'honest median ms: unloaded → attacked', 'ratio (target ≤ 3)', "attackers' answers", '5xx other than 503 (target 0)', 'server peak RSS MB'], rows)}`);

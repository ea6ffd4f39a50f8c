/**
 * The real server in its own process for the benchmarks that attack it (bench:abuse, fuzz):
 * src/app/main.ts through tsx, as `npm start` runs it but without a build, on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** http://127.0.0.1:PORT or https://… when a certificate is configured. */
  readonly url: string;
  /** The server's own lines on standard output (its log), kept for the report. */
  readonly log: string[];
}

/** A port nothing listens on right now, for a server started by a benchmark. */
export async function freePort(): Promise<number> {
  const probeServer = net.createServer();
  await new Promise<void>((resolve) => probeServer.listen(0, '127.0.0.1', resolve));
  const { port } = probeServer.address() as net.AddressInfo;
  await new Promise((resolve) => probeServer.close(resolve));
  return port;
}

/** Starts the server and waits until /healthz answers (an HTTPS server is asked with `ready`). */
export async function startServer(env: Record<string, string>, ready?: (url: string) => Promise<boolean>): Promise<ServerProcess> {
  const port = await freePort();
  const tls = env.TLS_CERT_FILE !== undefined;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', STATS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter((l) => l !== '')));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const answers = ready ?? ((u: string) => fetch(`${u}/healthz`).then((r) => r.ok, () => false));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    if (await answers(url)) return { child, port, url, log };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer /healthz within 30 s');
}

export async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 40_000);
  await exited;
  clearTimeout(timer);
}

export function isRunning(server: ServerProcess): boolean {
  return server.child.exitCode === null && server.child.signalCode === null;
}

/** Peak resident set size of a running process, in MB (the kernel's high-water mark). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

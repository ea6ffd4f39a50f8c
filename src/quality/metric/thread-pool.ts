/**
 * The metric's worker threads (used by ./worker-pool.ts): a fixed number of threads, each job
 * posted to one of them and answered by id. A thread that crashes fails the jobs it was running,
 * and only those: the other threads' jobs go on, and the pool starts a thread in its place on the
 * next job (issue 15; a crash used to fail every job of every thread).
 */
import { Worker } from 'node:worker_threads';
import type { PartResult } from './ssimulacra2-core.js';
import type { PartReply, PartRequest } from './worker.js';

/**
 * The worker's entry. Built (dist/) it is worker.js beside this module. Under tsx or vitest this
 * module is TypeScript source, and the worker is a tiny module that registers tsx's loader first.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const source = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  /** The thread the job was posted to: its crash fails this job. */
  readonly worker: Worker;
  readonly resolve: (results: readonly PartResult[]) => void;
  readonly reject: (error: Error) => void;
}

export class Pool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  /** Prepared references each worker said it keeps, as of its last answer. */
  readonly kept = new Map<Worker, number>();
  private nextId = 1;
  private next = 0;

  constructor(readonly size: number) {}

  private spawn(): Worker {
    const worker = new Worker(workerEntry());
    worker.unref();
    worker.on('message', (reply: PartReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) for (const w of this.workers) w.unref();
      if ('error' in reply) pending.reject(new Error(reply.error));
      else {
        this.kept.set(worker, reply.kept);
        pending.resolve(reply.results);
      }
    });
    // The error reaches the callers of the jobs it fails (the search falls back or the request
    // answers INTERNAL, which is logged); a thread that dies idle has no caller, so it warns.
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`metric worker exited with code ${code}`)));
    return worker;
  }

  /** A crashed worker leaves the pool (the next job starts another); the jobs it was running fail. */
  private fail(worker: Worker, error: Error): void {
    const i = this.workers.indexOf(worker);
    if (i < 0) return; // already handled: 'exit' follows 'error'
    this.workers.splice(i, 1);
    this.kept.delete(worker);
    let failed = 0;
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      pending.reject(error);
      failed++;
    }
    if (failed === 0) process.emitWarning(`a metric worker thread stopped while idle: ${error.message}`, { code: 'METRIC_WORKER_EXIT' });
  }

  /** Every worker, started if need be (a prepared reference is dealt out to all of them). */
  all(): readonly Worker[] {
    while (this.workers.length < this.size) this.workers.push(this.spawn());
    return this.workers;
  }

  /** False once a worker has crashed (and with it, whatever it kept). */
  alive(worker: Worker): boolean {
    return this.workers.includes(worker);
  }

  run(request: WithoutId<PartRequest>): Promise<readonly PartResult[]> {
    if (this.workers.length < this.size) this.workers.push(this.spawn());
    return this.runOn(this.workers[this.next++ % this.workers.length]!, request);
  }

  runOn(worker: Worker, request: WithoutId<PartRequest>): Promise<readonly PartResult[]> {
    // A job for a thread that has gone would never be answered.
    if (!this.alive(worker)) return Promise.reject(new Error('metric worker is no longer running'));
    const id = this.nextId++;
    // Keep the process alive while an answer is due.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ ...request, id } as PartRequest);
    });
  }
}

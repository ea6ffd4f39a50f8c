/**
 * The dashboard's reads on SQLite, off the main thread: better-sqlite3 is synchronous, and a
 * 12-month dashboard over a million records takes about a second of queries, during which the
 * event loop would serve no compression. A worker thread with its own read-only connection runs
 * them instead (WAL lets it read while the main connection writes).
 *
 * The worker's code is a plain CommonJS string (eval), so it runs the same under node, tsx and
 * vitest without a separate build step; it only prepares and runs the SQL it is sent.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) { statement = db.prepare(sql); statements.set(sql, statement); }
    parentPort.postMessage({ id, rows: statement.all(params) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
`;

type Params = readonly unknown[] | Readonly<Record<string, unknown>>;
type Row = Record<string, unknown>;

interface Reply {
  readonly id: number;
  readonly rows?: Row[];
  readonly error?: string;
}

export class SqliteReader {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;

  /** `onDeath` hears a thread that ends without close(): its queries fail, later ones read on the main connection. */
  constructor(file: string, onDeath?: (error: Error) => void) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, module } });
    // An idle reader must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      if (reply.error !== undefined) pending.reject(new Error(reply.error));
      else pending.resolve(reply.rows ?? []);
    });
    const fail = (error: Error): void => {
      const unexpected = this.failed === undefined;
      this.failed = error;
      if (unexpected) onDeath?.(error);
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the SQLite reader thread exited (code ${code})`)));
  }

  /** False once the thread has died; the store then reads on the main connection. */
  get usable(): boolean {
    return this.failed === undefined;
  }

  all(sql: string, params: Params): Promise<Row[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // While a query runs the thread must keep the process alive, or an await could hang.
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ id, sql, params });
    }).finally(() => {
      if (this.waiting.size === 0) this.worker.unref();
    }) as Promise<Row[]>;
  }

  async close(): Promise<void> {
    this.failed ??= new Error('the SQLite reader is closed');
    await this.worker.terminate();
  }
}

import { describe, expect, it } from 'vitest';
import { CompressorError } from '../../src/errors.js';
import { createPipeline } from '../../src/compress/index.js';
import { CompressionQueue } from '../../src/pipeline/queue.js';
import { loadConfig } from '../../src/config.js';
import { readCorpus } from '../support/corpus.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('bounded compression queue', () => {
  it('runs at most `workers` tasks, queues up to `depth`, refuses the rest with OVERLOADED', async () => {
    const queue = new CompressionQueue({ workers: 2, depth: 1 });
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      queue.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.stats).toEqual({ running: 2, waiting: 1 });
    await expect(queue.run(async () => 99)).rejects.toMatchObject({ code: 'OVERLOADED' });
    gates[0]!.resolve();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a task fails', async () => {
    const queue = new CompressionQueue({ workers: 1, depth: 0 });
    await expect(queue.run(async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('puts the real pipeline behind the queue: a burst beyond workers + depth gets OVERLOADED, the rest succeed', async () => {
    const pipeline = createPipeline(loadConfig({ WORKERS: '1', QUEUE_DEPTH: '2' }));
    const photo = readCorpus('kodak', 'kodim01.png');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => pipeline.compress(photo, { format: 'webp' })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(CompressorError);
      expect((r.reason as CompressorError).code).toBe('OVERLOADED');
      expect((r.reason as CompressorError).status).toBe(503);
    }
  });
});

/**
 * The pipeline path of the fuzzer, in a child process of its own: a libvips crash (a signal) kills
 * that process, not the run. The child reports each input it starts and finishes; when it dies, the
 * inputs it had started are counted as crashes and a new child carries on after them. When it stops
 * answering for longer than a hang, it is killed and its inputs are counted as hangs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { FUZZ_LIMITS, HANG_MARGIN_MS, fuzzCase, runThroughPipeline, type Outcome } from './cases.js';
import { fuzzSeeds } from './seeds.js';
import { Tally } from './tally.js';

/** Inputs the child runs at the same time (the machine has two cores; the HTTP path runs meanwhile). */
const CONCURRENCY = 2;

type FromParent = { readonly runSeed: number; readonly from: number; readonly count: number };
type FromChild =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly index: number }
  | { readonly type: 'done'; readonly index: number; readonly outcome: Outcome }
  | { readonly type: 'finished'; readonly maxRssMb: number };

/** The child's side: runs inputs from..count-1 and reports each. */
export async function pipelineChild(): Promise<void> {
  const seeds = await fuzzSeeds();
  const send = (message: FromChild) => process.send?.(message);
  process.once('message', (message: FromParent) => {
    let next = message.from;
    const worker = async () => {
      while (next < message.count) {
        const index = next++;
        send({ type: 'start', index });
        send({ type: 'done', index, outcome: await runThroughPipeline(fuzzCase(seeds, message.runSeed, index)) });
      }
    };
    void Promise.all(Array.from({ length: CONCURRENCY }, worker)).then(() => {
      send({ type: 'finished', maxRssMb: process.resourceUsage().maxRSS / 1024 });
      process.disconnect();
    });
  });
  send({ type: 'ready' });
}

export interface PipelineRun {
  readonly tally: Tally;
  /** The largest peak RSS of the child processes, in MB. */
  readonly peakRssMb: number;
}

/** The parent's side: runs every input through child processes, replacing one that dies or hangs. */
export async function runPipelinePath(entry: string, runSeed: number, count: number, progress: (done: number) => void): Promise<PipelineRun> {
  const tally = new Tally();
  let peakRssMb = 0;
  let from = 0;
  while (from < count) {
    const started = new Set<number>();
    let highest = from - 1;
    const child: ChildProcess = fork(entry, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, FUZZ_ROLE: 'pipeline' } });
    let lastHeard = Date.now();
    let silent = false;
    const watchdog = setInterval(() => {
      // Every input answers or is declared a hang within the timeout and margin; silence beyond twice that is a stuck process.
      if (started.size > 0 && Date.now() - lastHeard > 2 * (FUZZ_LIMITS.timeoutMs + HANG_MARGIN_MS)) {
        silent = true;
        child.kill('SIGKILL');
      }
    }, 1_000);
    const ended = new Promise<{ finished: boolean; why: string }>((resolve) => {
      child.on('message', (message: FromChild) => {
        lastHeard = Date.now();
        if (message.type === 'ready') child.send({ runSeed, from, count } satisfies FromParent);
        else if (message.type === 'start') {
          started.add(message.index);
          highest = Math.max(highest, message.index);
        } else if (message.type === 'done') {
          started.delete(message.index);
          tally.add(message.index, message.outcome);
          progress(tally.tried);
        } else {
          peakRssMb = Math.max(peakRssMb, message.maxRssMb);
          resolve({ finished: true, why: '' });
        }
      });
      child.on('exit', (code, signal) => resolve({ finished: false, why: signal ? `signal ${signal}` : `exit code ${code}` }));
    });
    const end = await ended;
    clearInterval(watchdog);
    if (end.finished) break;
    for (const index of started) {
      tally.add(index, silent ? { kind: 'hang' } : { kind: 'crash', detail: `the pipeline process died (${end.why})` });
    }
    from = highest + 1;
  }
  return { tally, peakRssMb };
}


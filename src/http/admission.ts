/**
 * Who may start an upload now, decided before a byte of its body is read:
 * - one client (./rate-limit/client-key.ts) has at most MAX_IN_FLIGHT_PER_CLIENT compressions in
 *   progress in this process; the next gets 429 RATE_LIMITED with Retry-After;
 * - all uploads together hold at most MAX_UPLOAD_BYTES_IN_FLIGHT bytes of memory, counted by the
 *   declared Content-Length (the largest accepted upload when none is declared); beyond it, 503
 *   OVERLOADED.
 * A request keeps its place until its answer is sent (or its connection is gone) AND its
 * compression has stopped: a client that hangs up does not get a free place while the work it
 * asked for still runs.
 *
 * The counts are per process and hold client keys only while a request is in progress (P10).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CompressorError } from '../errors.js';

/** A wrong guess costs the client one cheap refusal; most compressions take about a second. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

export interface AdmissionOptions {
  /** 0: no per-client cap. */
  readonly maxInFlightPerClient: number;
  readonly maxUploadBytesInFlight: number;
  /** What an upload without a declared length may grow to (the parsers cut it off there). */
  readonly largestUploadBytes: number;
}

/** A request's place: given back when every holder has let go (the answer, and any work). */
class Place {
  private holders = 1;
  constructor(private readonly giveBack: () => void) {}

  hold(): () => void {
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.drop();
    };
  }

  drop(): void {
    if (--this.holders === 0) this.giveBack();
  }
}

export class Admission {
  private readonly inFlight = new Map<string, number>();
  private uploadBytes = 0;
  private readonly places = new WeakMap<FastifyRequest, Place>();

  constructor(private readonly options: AdmissionOptions) {}

  /** Admits the request or throws its refusal; the place is given back when the answer is gone. */
  admit(request: FastifyRequest, reply: FastifyReply, client: string): void {
    const { maxInFlightPerClient, maxUploadBytesInFlight } = this.options;
    const running = this.inFlight.get(client) ?? 0;
    if (maxInFlightPerClient > 0 && running >= maxInFlightPerClient) {
      reply.header('retry-after', String(IN_FLIGHT_RETRY_AFTER_SECONDS));
      throw new CompressorError('RATE_LIMITED', {
        message: `You already have ${running} compressions in progress; send the next one when one of them has finished.`,
        details: { limitInFlight: maxInFlightPerClient },
      });
    }
    const bytes = this.reservedBytes(request);
    // Alone, an upload always fits: otherwise an upload larger than the cap could never be sent.
    if (this.uploadBytes > 0 && this.uploadBytes + bytes > maxUploadBytesInFlight) {
      throw new CompressorError('OVERLOADED', { message: 'The server is receiving too many uploads right now. Please try again in a few seconds.' });
    }
    this.inFlight.set(client, running + 1);
    this.uploadBytes += bytes;
    const place = new Place(() => {
      this.uploadBytes -= bytes;
      const left = (this.inFlight.get(client) ?? 1) - 1;
      if (left > 0) this.inFlight.set(client, left);
      else this.inFlight.delete(client);
    });
    this.places.set(request, place);
    // 'close' comes once the answer is sent, or when the client went away first.
    reply.raw.once('close', () => place.drop());
  }

  /** Keeps the request's place until `work` settles, even if the client has hung up meanwhile. */
  async during<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
    const release = this.places.get(request)?.hold();
    try {
      return await work();
    } finally {
      release?.();
    }
  }

  private reservedBytes(request: FastifyRequest): number {
    const declared = Number(request.headers['content-length']);
    return Number.isFinite(declared) && declared >= 0 ? declared : this.options.largestUploadBytes;
  }
}

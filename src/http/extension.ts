/**
 * The seam between the HTTP server and features that live beside it (anonymous statistics, the
 * privacy pages, the operator dashboard). The server knows nothing about them: it registers each
 * extension while it is built, tells it about every successful compression, and closes it on
 * shutdown. The contract is fixed with the statistics engineer; change it only together.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CompressResult } from '../compress/index.js';

export interface CompressionObservation {
  /**
   * For headers (user agent, accept-language, referer, proxy geo headers, cookies, sec-gpc/dnt)
   * and the client IP as the server resolved it (`request.ip`, honouring TRUST_PROXY).
   */
  readonly request: FastifyRequest;
  readonly result: CompressResult;
  /** What the client asked for: a number, 'auto', or nothing (the format's default). */
  readonly requestedQuality: number | 'auto' | undefined;
}

export interface ServerExtension {
  readonly name: string;
  /** Called while the server is built: add routes, hooks, decorators (e.g. the session cookie). */
  register(app: FastifyInstance): Promise<void>;
  /** Called after a successful compression; must not throw and must not delay the response. */
  onCompressed?(observation: CompressionObservation, reply: FastifyReply): void;
  /** Called on graceful shutdown, before the process exits (flush buffers). */
  close?(): Promise<void>;
}

/**
 * A request whose body was cut off must not reach its route as if it were whole. When the server
 * resets an HTTP/2 stream whose body has not ended (the stream deadline, http2-guard.ts), Node's
 * compatibility layer marks the request aborted and then ends its body normally, so the bytes that
 * did arrive (possibly a whole image) would be compressed, and recorded, for nobody. Over HTTP/1.1
 * a cut-off body is an error already. This hook stops such a request before its route runs.
 */
import type { FastifyInstance } from 'fastify';
import { CompressorError } from '../errors.js';

export function refuseAbortedRequests(app: FastifyInstance): void {
  // preHandler: after the body parser has collected what arrived, before the route runs.
  app.addHook('preHandler', async (request) => {
    if (request.raw.aborted) throw new CompressorError('BAD_REQUEST', { message: 'The request was cut off before its body was complete.' });
  });
}

/**
 * A request whose client went away (or whose stream deadline passed) before its body was complete
 * must not reach its route as if it were whole. Over HTTP/1.1 Node reports the cut-off body as an
 * error; over HTTP/2 its compatibility layer only emits 'aborted' and then ends the body normally,
 * so a truncated upload would be compressed (and recorded) for nobody. This hook stops it first.
 */
import type { FastifyInstance } from 'fastify';
import { CompressorError } from '../errors.js';

export function refuseAbortedRequests(app: FastifyInstance): void {
  // preHandler: after the body parser has collected what arrived, before the route runs.
  app.addHook('preHandler', async (request) => {
    if (request.raw.aborted) throw new CompressorError('BAD_REQUEST', { message: 'The request was cut off before its body was complete.' });
  });
}

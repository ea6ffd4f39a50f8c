/**
 * The operator dashboard (/admin, /api/v1/admin/*) and the privacy rights (/api/v1/privacy/*) get
 * their own, modest budget per client: they are not compressions, but each answer reads or writes
 * the statistics store, and the login invites guessing. The routes belong to extensions that
 * src/http does not know (docs/architecture.md), so the hook matches the route's path pattern:
 * the pattern the router matched, so no spelling of the address (percent-encoding, a query
 * string) slips past it.
 */
import type { FastifyInstance } from 'fastify';
import { CompressorError } from '../../errors.js';
import { applyRateLimitHeaders, type RateLimiter } from './limiter.js';

const PRIVATE_ROUTE = /^\/(?:admin(?:\/|$)|api\/v1\/(?:admin|privacy)\/)/;

export function limitPrivateRoutes(app: FastifyInstance, limiter: RateLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === undefined || !PRIVATE_ROUTE.test(route)) return;
    const decision = await limiter.check(request.ip);
    applyRateLimitHeaders(reply, limiter, decision);
    if (!decision.allowed) throw new CompressorError('RATE_LIMITED');
  });
}

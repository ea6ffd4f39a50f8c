import type { FastifyInstance } from 'fastify';

export interface HealthState {
  /** True once shutdown has begun: load balancers should stop sending traffic. */
  readonly draining: () => boolean;
  /** Which store the rate limiter is using right now, for operators. */
  readonly rateLimitStore: () => string;
}

const statusSchema = {
  type: 'object',
  properties: { status: { type: 'string' } },
  additionalProperties: true,
} as const;

/** `/healthz`: the process is alive. `/readyz`: it takes traffic (not draining). */
export async function healthRoutes(app: FastifyInstance, state: HealthState): Promise<void> {
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness: the process is running.', tags: ['operations'], response: { 200: statusSchema } } },
    async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: 200 while the server takes traffic, 503 once it is shutting down.',
        tags: ['operations'],
        response: { 200: statusSchema, 503: statusSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (state.draining()) return reply.code(503).send({ status: 'draining' });
      return reply.send({ status: 'ready', rateLimitStore: state.rateLimitStore() });
    },
  );
}

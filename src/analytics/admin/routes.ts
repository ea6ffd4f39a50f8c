/**
 * The operator dashboard's routes: GET /admin (the page), GET /admin/dashboard.css, and
 * GET /api/v1/admin/stats?range=24h|30d|12m (the same aggregates as JSON), and
 * GET /api/v1/admin/recording (the recorder's counters, answered even while the store is down,
 * when the aggregates cannot be). Registered only when
 * credentials are configured; every route but the stylesheet answers 401 without them, 403
 * HTTPS_REQUIRED on plain HTTP from another machine, and 429 while a client backs off after failed
 * logins (login-backoff.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CompressorError } from '../../errors.js';
import { ADMIN_CSS } from '../../pages/styles.js';
import type { StatsService } from '../service.js';
import { AUTHENTICATE_HEADER, credentialsMayTravel, isAuthorized, type AdminCredentials } from './auth.js';
import { dashboardStats } from './dashboard-data.js';
import { ADMIN_CSS_PATH, renderDashboard } from './dashboard-page.js';
import { LoginBackoff } from './login-backoff.js';
import { RANGE_NAMES, type RangeName } from './ranges.js';

const ADMIN_STATS_PATH = '/api/v1/admin/stats';
const ADMIN_RECORDING_PATH = '/api/v1/admin/recording';

export interface AdminRoutesOptions {
  readonly credentials: AdminCredentials;
  readonly service: StatsService;
  readonly siteName: string;
}

function rangeOf(request: FastifyRequest): RangeName {
  const raw = (request.query as Record<string, unknown>).range;
  if (raw === undefined || raw === '') return '30d';
  if (typeof raw === 'string' && (RANGE_NAMES as readonly string[]).includes(raw)) return raw as RangeName;
  throw new CompressorError('INVALID_OPTION', {
    message: `expected one of ${RANGE_NAMES.join(', ')} for range, got ${JSON.stringify(raw)}`,
    details: { option: 'range' },
  });
}

export async function adminRoutes(app: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const { credentials, service, siteName } = options;
  const backoff = new LoginBackoff(() => service.now());
  let warnedAboutCleartext = false;

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.header('cache-control', 'no-store');
    // Checked before anything else, and without a Basic challenge, so that a browser is never
    // prompted for the password on a connection that would carry it in clear text.
    if (!credentialsMayTravel(request)) {
      if (request.headers.authorization !== undefined && !warnedAboutCleartext) {
        warnedAboutCleartext = true;
        request.log.warn('operator credentials were sent over plain HTTP from another machine and refused; change them if they are real');
      }
      throw new CompressorError('HTTPS_REQUIRED');
    }
    const waitMs = backoff.waitMs(request.ip);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      reply.header('retry-after', String(seconds));
      throw new CompressorError('RATE_LIMITED', { message: `Too many failed logins. Try again in ${seconds} s.` });
    }
    if (!isAuthorized(request.headers.authorization, credentials)) {
      // A request without credentials is a browser's first visit, not a guess.
      if (request.headers.authorization !== undefined) backoff.failed(request.ip);
      reply.header('www-authenticate', AUTHENTICATE_HEADER);
      throw new CompressorError('UNAUTHORIZED');
    }
    backoff.succeeded(request.ip);
  };

  const load = async (request: FastifyRequest) => {
    const range = rangeOf(request);
    const store = await service.readyStore();
    try {
      return await dashboardStats(store, range, service.now(), service.counters());
    } catch (error) {
      throw new CompressorError('STATS_UNAVAILABLE', { cause: error });
    }
  };

  app.get(ADMIN_CSS_PATH, { schema: { hide: true } }, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(ADMIN_CSS));
  app.get('/admin', { schema: { hide: true }, onRequest: guard }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDashboard(await load(request), siteName)),
  );
  app.get(
    ADMIN_STATS_PATH,
    { onRequest: guard, schema: { tags: ['operator'], summary: 'Aggregate statistics for the operator dashboard (Basic or Bearer authentication).' } },
    async (request, reply) => reply.send(await load(request)),
  );
  app.get(
    ADMIN_RECORDING_PATH,
    { onRequest: guard, schema: { tags: ['operator'], summary: 'Records written, waiting and dropped (buffer full, store unavailable) since start.' } },
    async (_request, reply) => reply.send(service.counters()),
  );
}

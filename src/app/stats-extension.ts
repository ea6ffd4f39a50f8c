/**
 * The statistics and privacy feature as one ServerExtension (see src/http/extension.ts): it
 * records one anonymous event per compression, sets the session cookie, serves the privacy
 * policy, the rights API and the operator dashboard, and flushes its buffer on shutdown.
 * It composes analytics/ (the service, the dashboard) and privacy/ (the cookie, the policy, the
 * rights), so it lives in the composition root above both.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { adminCredentials } from '../analytics/admin/auth.js';
import { adminRoutes } from '../analytics/admin/routes.js';
import { openIpDatabase, type IpDatabase } from '../analytics/enrich/ip-database.js';
import { pendingRecord } from '../analytics/observe.js';
import { StatsService } from '../analytics/service.js';
import { storeFromConfig } from '../analytics/store/open.js';
import type { StatsStore } from '../analytics/store/store.js';
import type { Config } from '../config.js';
import type { CompressionObservation, ServerExtension } from '../http/extension.js';
import { policyFacts } from '../privacy/policy.js';
import { privacyRoutes } from '../privacy/routes.js';
import { newSession, readSession, refusesTracking, sessionCookie } from '../privacy/session.js';

export interface StatsExtensionOptions {
  /** The configuration, as the composition root (main.ts) loaded it. */
  readonly config: Config;
  /** A store other than the configured one (tests point it at a PostgreSQL schema of their own). */
  readonly store?: StatsStore;
  /** The clock, in ms since the epoch (tests move it for retention). */
  readonly now?: () => number;
}

export interface StatsExtension extends ServerExtension {
  /** The running service, once registered (undefined with STATS_ENABLED=false). */
  readonly service: StatsService | undefined;
}

export function createStatsExtension(options: StatsExtensionOptions): StatsExtension {
  let service: StatsService | undefined;
  let ipDatabase: IpDatabase | undefined;
  let trustProxy = false;

  return {
    name: 'statistics-and-privacy',
    get service() {
      return service;
    },

    async register(app: FastifyInstance): Promise<void> {
      const { config } = options;
      trustProxy = config.trustProxy !== false && config.trustProxy !== 0;
      if (config.statsEnabled) {
        if (config.statsGeoip) ipDatabase = await openIpDatabase();
        service = new StatsService({
          store: options.store ?? storeFromConfig(config),
          secret: config.statsSecret,
          bufferMax: config.statsBufferMax,
          batchSize: config.statsBatchSize,
          flushIntervalMs: config.statsFlushIntervalMs,
          retentionMonths: config.statsRetentionMonths,
          purgeIntervalMs: config.statsPurgeIntervalMinutes * 60_000,
          ...(options.now ? { now: options.now } : {}),
          log: app.log,
        });
        await service.start();
        app.log.info({ store: service.store.kind, where: service.store.where, retentionMonths: config.statsRetentionMonths }, 'anonymous usage statistics on');
      }
      const facts = policyFacts(config, ipDatabase?.builtAt);
      await app.register(privacyRoutes, { facts, service });
      const credentials = adminCredentials(config);
      if (service && credentials) await app.register(adminRoutes, { credentials, service, siteName: config.siteName });
    },

    onCompressed(observation: CompressionObservation, reply: FastifyReply): void {
      if (!service) return;
      const { request } = observation;
      // Global Privacy Control / Do Not Track: nothing is recorded and no cookie is set (P17).
      if (refusesTracking(request.headers)) return;
      let session = readSession(request);
      if (session?.optedOut) return;
      if (!session) {
        session = newSession();
        reply.header('set-cookie', sessionCookie(session, request));
      }
      service.record(pendingRecord(observation, { sessionId: session.id, ipDatabase, trustProxy, nowMs: service.now() }));
    },

    async close(): Promise<void> {
      await service?.close();
    },
  };
}

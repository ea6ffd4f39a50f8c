/**
 * The privacy routes: the policy page (/privacy and its stylesheet) and the rights API —
 * GET /api/v1/privacy/fields (the field model, for the "Your data" page), GET and DELETE
 * /api/v1/privacy/my-data (P15, P16), POST /api/v1/privacy/opt-out and /opt-in (P17).
 * With STATS_ENABLED=false only the policy exists (it says nothing is recorded); the rest is 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FIELDS, fieldDocument, type FieldSpec, type StatEvent } from '../analytics/fields.js';
import type { StatsService } from '../analytics/service.js';
import { PRIVACY_CSS } from '../pages/styles.js';
import { PRIVACY_CSS_PATH, renderPolicyPage } from './policy-page.js';
import type { PolicyFacts } from './policy.js';
import { refuseCrossSite } from './same-origin.js';
import { isHttps, newSession, readSession, refusesTracking, sessionCookie, type Session } from './session.js';

const PRIVACY_API = '/api/v1/privacy';
const EXPORT_FILE_NAME = 'my-compressorimage-data.json';

export interface PrivacyRoutesOptions {
  readonly facts: PolicyFacts;
  /** Undefined when statistics are off. */
  readonly service: StatsService | undefined;
}

/** A record as the person sees it: every stored field, the time as an ISO date. */
function exportedRecord(event: StatEvent): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const record = event as Readonly<Record<string, string | number | null>>;
  for (const field of FIELDS as readonly FieldSpec[]) {
    const value = record[field.name] ?? null;
    out[field.name] = field.type === 'timestamp' && typeof value === 'number' ? new Date(value).toISOString() : value;
  }
  return out;
}

function setSession(request: FastifyRequest, reply: FastifyReply, session: Session): void {
  reply.header('set-cookie', sessionCookie(session, request));
}

const noStore = (reply: FastifyReply): FastifyReply => reply.header('cache-control', 'no-store');

const tags = ['privacy'];

export async function privacyRoutes(app: FastifyInstance, options: PrivacyRoutesOptions): Promise<void> {
  const { facts, service } = options;
  // The policy describes the connection it is read over (the cookie's name and Secure flag, HTTPS
  // or not) by the same predicate that sets the cookie, so behind a trusted TLS proxy both say HTTPS.
  const policy = { https: renderPolicyPage({ ...facts, https: true }), plain: renderPolicyPage({ ...facts, https: false }) };

  app.get('/privacy', { schema: { hide: true } }, async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'X-Forwarded-Proto')
      .send(isHttps(request) ? policy.https : policy.plain),
  );
  app.get(PRIVACY_CSS_PATH, { schema: { hide: true } }, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(PRIVACY_CSS));

  if (!service) return;
  const document = fieldDocument(facts.retentionMonths);

  app.get(`${PRIVACY_API}/fields`, { schema: { tags, summary: 'Every field a statistics record holds, in plain words, with what is never recorded and the retention period.' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(document),
  );

  app.get(`${PRIVACY_API}/my-data`, { schema: { tags, summary: 'Every statistics record of this browser session, as a JSON download (P15).' } }, async (request, reply) => {
    const session = readSession(request);
    const records = session ? await service.mine(session.id) : [];
    noStore(reply).header('content-disposition', `attachment; filename="${EXPORT_FILE_NAME}"`);
    return reply.send({
      service: facts.siteName,
      exportedAt: new Date(service.now()).toISOString(),
      optedOut: session?.optedOut ?? false,
      globalPrivacyControl: refusesTracking(request.headers),
      retention: document.retention,
      fields: document.fields.map((f) => ({ name: f.name, label: f.label, description: f.description })),
      records: records.map(exportedRecord),
    });
  });

  // The three routes that change privacy state refuse requests sent by another site (issue 15).
  app.delete(`${PRIVACY_API}/my-data`, { onRequest: refuseCrossSite, schema: { tags, summary: 'Erases every statistics record of this browser session (P16).' } }, async (request, reply) => {
    const session = readSession(request);
    const erased = session ? await service.erase(session.id) : 0;
    return noStore(reply).send({ erased });
  });

  app.post(`${PRIVACY_API}/opt-out`, { onRequest: refuseCrossSite, schema: { tags, summary: 'Switches statistics off for this browser session (P17).' } }, async (request, reply) => {
    const session = readSession(request) ?? newSession();
    setSession(request, reply, { id: session.id, optedOut: true });
    return noStore(reply).send({ optedOut: true });
  });

  app.post(`${PRIVACY_API}/opt-in`, { onRequest: refuseCrossSite, schema: { tags, summary: 'Switches statistics back on for this browser session.' } }, async (request, reply) => {
    const session = readSession(request);
    // Without a cookie statistics are already on: no cookie is needed to say so.
    if (session?.optedOut) setSession(request, reply, { id: session.id, optedOut: false });
    return noStore(reply).send({ optedOut: false, globalPrivacyControl: refusesTracking(request.headers) });
  });
}

/**
 * Security headers on every response (P12), whatever route or extension produced it, errors and
 * 404s included. The CSP allows only this origin: no inline script or style, no framing, images
 * also from blob:/data: so the web page can show results it holds in memory.
 */
import type { FastifyInstance } from 'fastify';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()';

export interface SecurityHeaderOptions {
  /** max-age for Strict-Transport-Security; undefined when the server does not terminate TLS. */
  readonly hstsMaxAgeSeconds: number | undefined;
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    // The page never needs to tell other sites where a visitor came from.
    'referrer-policy': 'no-referrer',
    'permissions-policy': PERMISSIONS_POLICY,
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (options.hstsMaxAgeSeconds !== undefined) {
    headers['strict-transport-security'] = `max-age=${options.hstsMaxAgeSeconds}; includeSubDomains`;
  }
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const headers = securityHeaders(options);
  // onRequest, not onSend: headers are then present even on answers sent before a body is read.
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
}

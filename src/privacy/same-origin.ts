/**
 * Privacy state (erasing records, opting out or in) may be changed only from this service's own
 * pages. The session cookie is SameSite=Lax, which keeps it off cross-site POST and DELETE, but
 * not off requests from a sibling subdomain (same-site), and older browsers send it anyway; so the
 * request's own word on where it came from is checked too:
 *
 * - `Sec-Fetch-Site` (every current browser sends it, and a page cannot forge it): `same-origin`,
 *   or `none` (typed into the address bar, a bookmark), passes; `same-site` and `cross-site` do not.
 * - Without it, an `Origin` header must be this service's own origin (`null` is not).
 * - With neither, the request did not come from a browser page (curl, a script): it passes, since
 *   such a client holds the cookie itself and could send anything it likes.
 *
 * Our own hook rather than @fastify/csrf-protection: that plugin needs a token round-trip (a cookie
 * plus a field the page must send), while the browser already says where a request came from.
 */
import type { FastifyRequest } from 'fastify';
import { CompressorError } from '../errors.js';

const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** scheme://host[:port] with default ports dropped and case folded, or undefined when it does not parse. */
function normalisedOrigin(text: string): string | undefined {
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined; // not an origin at all: treated as a foreign one by the caller
  }
}

function fromThisOrigin(request: FastifyRequest, origin: string): boolean {
  const own = normalisedOrigin(`${request.protocol}://${request.host}`);
  return own !== undefined && normalisedOrigin(origin) === own;
}

/** An onRequest hook for the routes that change privacy state: refuses requests sent by another site. */
export async function refuseCrossSite(request: FastifyRequest): Promise<void> {
  const fetchSite = headerValue(request.headers['sec-fetch-site'])?.trim().toLowerCase();
  if (fetchSite !== undefined) {
    if (ALLOWED_FETCH_SITES.has(fetchSite)) return;
    throw new CompressorError('CROSS_SITE_REQUEST');
  }
  const origin = headerValue(request.headers.origin);
  if (origin === undefined || fromThisOrigin(request, origin)) return;
  throw new CompressorError('CROSS_SITE_REQUEST');
}

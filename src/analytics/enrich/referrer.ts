/**
 * The referring site's host only (P8): "https://news.example.org/a/b?c#d" gives
 * "news.example.org". Paths, queries, ports and credentials are dropped, and a link from this
 * site itself is no referring site.
 *
 * Two sources. The bundled web page cannot carry a `Referer` on its API calls (the server sends
 * `Referrer-Policy: no-referrer`), so it reads `document.referrer` once at page load and sends
 * only its host as `X-Referring-Site`. That header wins when it holds a bare host name; anything
 * else in it (a full URL, junk) is ignored and the `Referer` header's host is used as before.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { FIELDS } from '../fields.js';

/** The request header the web app sends; only ever a host name. */
const REFERRING_SITE_HEADER = 'x-referring-site';

/** The field model's cap, so the header can never hold more than the store would keep. */
const MAX_HOST = FIELDS.find((f) => f.name === 'referrerHost')?.maxLength ?? 253;

/** One DNS label: letters, digits and inner hyphens, 1–63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function ownHostName(ownHost: string | undefined): string | undefined {
  return ownHost?.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

/** A bare host name (no scheme, port, path, user or spaces), lowercased; otherwise null. */
function bareHost(value: string | undefined): string | null {
  if (value === undefined) return null;
  const host = value.trim().toLowerCase().replace(/\.$/, '');
  if (host === '' || host.length > MAX_HOST) return null;
  return host.split('.').every((label) => LABEL.test(label)) ? host : null;
}

export function referrerHost(header: string | undefined, ownHost: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(header.trim());
  } catch {
    return null; // a Referer that is not a URL is recorded as none: it is the client's text, not our fault
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || !/^[a-z0-9.-]+$/.test(host)) return null;
  return host === ownHostName(ownHost) ? null : host;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The referring site of a compression request: `X-Referring-Site` when it is a bare host name,
 * else the `Referer` header's host; never this server's own host.
 */
export function referringSite(headers: IncomingHttpHeaders, ownHost: string | undefined): string | null {
  const declared = bareHost(firstHeader(headers[REFERRING_SITE_HEADER]));
  if (declared !== null) return declared === ownHostName(ownHost) ? null : declared;
  return referrerHost(firstHeader(headers.referer), ownHost);
}

/**
 * Where a request came from, coarsely: country, region, city, time zone (P7). A trusted proxy's
 * own location headers win (Vercel's x-vercel-ip-*, Cloudflare's cf-ipcountry); otherwise the
 * offline IP database answers. The address is never returned or kept.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface Location {
  readonly country: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly timeZone: string | null;
}

const NO_LOCATION: Location = { country: null, region: null, city: null, timeZone: null };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && first.trim() !== '' ? first.trim() : undefined;
}

/** Vercel percent-encodes the city ("S%C3%A3o%20Paulo"). */
function decoded(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded after all: the header's text as it came
  }
}

/** Cloudflare's XX (unknown) and T1 (Tor) are not countries. */
function country(value: string | undefined): string | null {
  if (value === undefined) return null;
  const code = value.toUpperCase();
  return /^[A-Z]{2}$/.test(code) && code !== 'XX' && code !== 'T1' ? code : null;
}

/** The proxy's location headers, or undefined when it sent none. */
export function proxyLocation(headers: IncomingHttpHeaders): Location | undefined {
  const vercelCountry = header(headers, 'x-vercel-ip-country');
  if (vercelCountry !== undefined) {
    return {
      country: country(vercelCountry),
      region: decoded(header(headers, 'x-vercel-ip-country-region')),
      city: decoded(header(headers, 'x-vercel-ip-city')),
      timeZone: header(headers, 'x-vercel-ip-timezone') ?? null,
    };
  }
  const cloudflare = header(headers, 'cf-ipcountry');
  if (cloudflare !== undefined) return { country: country(cloudflare), region: null, city: null, timeZone: null };
  return undefined;
}

export interface LocateInput {
  readonly headers: IncomingHttpHeaders;
  /** The client address as the server resolved it (honouring TRUST_PROXY). */
  readonly ip: string;
  /** Whether the request reached us through a proxy we trust (only then are its headers believed). */
  readonly viaTrustedProxy: boolean;
}

/** What `locate` needs of the offline database (ip-database.ts's IpDatabase, which produces Locations). */
export interface LocationLookup {
  lookup(ip: string): Location | undefined;
}

export function locate(input: LocateInput, database: LocationLookup | undefined): Location {
  if (input.viaTrustedProxy) {
    const fromProxy = proxyLocation(input.headers);
    if (fromProxy) return fromProxy;
  }
  return database?.lookup(input.ip) ?? NO_LOCATION;
}

/**
 * Operator credentials (P14): HTTP Basic with ADMIN_USER/ADMIN_PASSWORD, or a bearer token
 * (ADMIN_TOKEN). With neither configured the dashboard does not exist (404): no default password.
 * Comparisons are constant-time over hashes, so neither length nor content leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';

export interface AdminCredentials {
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly token: string | undefined;
}

export function adminCredentials(config: Pick<Config, 'adminUser' | 'adminPassword' | 'adminToken'>): AdminCredentials | undefined {
  const basic = config.adminUser !== '' && config.adminPassword !== '';
  const token = config.adminToken !== '';
  if (!basic && !token) return undefined;
  return { user: basic ? config.adminUser : undefined, password: basic ? config.adminPassword : undefined, token: token ? config.adminToken : undefined };
}

function same(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function isAuthorized(header: string | undefined, credentials: AdminCredentials): boolean {
  if (header === undefined) return false;
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (scheme.toLowerCase() === 'bearer' && credentials.token !== undefined) return same(value, credentials.token);
  if (scheme.toLowerCase() === 'basic' && credentials.user !== undefined && credentials.password !== undefined) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // Both halves are always compared, so a wrong user name costs as long as a wrong password.
    const userOk = same(decoded.slice(0, colon), credentials.user);
    const passwordOk = same(decoded.slice(colon + 1), credentials.password);
    return userOk && passwordOk;
  }
  return false;
}

export const AUTHENTICATE_HEADER = 'Basic realm="operator dashboard", charset="UTF-8"';

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(address);
}

/** What the transport check needs to know about a request (a FastifyRequest has all three). */
export interface RequestTransport {
  /** `https` directly, or as a trusted proxy's X-Forwarded-Proto says. */
  readonly protocol: string;
  /** The client, as far as trusted proxies tell. */
  readonly ip: string;
  /** The peer of this very connection. */
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/**
 * Whether credentials may be asked for and checked on this request: over HTTPS (also through a
 * trusted TLS proxy), or over plain HTTP only when both the client and this connection are the
 * machine itself. Anywhere else Basic and Bearer credentials cross the network in clear text.
 */
export function credentialsMayTravel(request: RequestTransport): boolean {
  if (request.protocol === 'https') return true;
  return isLoopback(request.ip) && isLoopback(request.socket.remoteAddress);
}

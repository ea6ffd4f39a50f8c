/**
 * TRUST_PROXY=true believes every hop of X-Forwarded-For, so the leftmost address, which the
 * client writes itself, becomes "the client": anyone can pick a new address per request and
 * escape the rate limit, and send the location headers a trusted proxy would set. It stays
 * allowed (some platforms put an unknown chain of proxies in front), but the root says so at start.
 */
import type { TrustProxy } from '../config.js';

/** The start-up warning for this TRUST_PROXY value, or undefined when there is nothing to warn about. */
export function trustProxyWarning(trustProxy: TrustProxy): string | undefined {
  if (trustProxy !== true) return undefined;
  return 'TRUST_PROXY=true believes X-Forwarded-For from every client: any client can choose its own address (escaping the rate limit) '
    + 'and send location headers. Set TRUST_PROXY to your proxy\'s address or CIDR range, or to the number of proxies in front (see docs/deploy.md).';
}

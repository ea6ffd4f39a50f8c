/**
 * The facts the privacy policy states, taken from the running configuration (P19), so the page
 * can never promise what the server does not do: the statistics on or off, the retention period,
 * the store and its TLS, the IP database, the trusted proxy, Redis, HTTPS, the operator's names.
 */
import type { Config } from '../config.js';

/** The date of the policy text shipped with this version; bump it when the wording changes. */
export const POLICY_TEXT_DATE = '2026-12-05';

export interface PolicyFacts {
  readonly siteName: string;
  readonly operatorName: string;
  readonly contactEmail: string;
  readonly contactAddress: string;
  readonly hostingRegion: string;
  readonly updated: string;
  readonly effective: string;
  readonly statsEnabled: boolean;
  readonly retentionMonths: number;
  readonly store: 'sqlite' | 'postgres';
  /** PostgreSQL over TLS as configured (auto counts when the URL asks for it). */
  readonly storeTls: boolean;
  readonly ipDatabase: { readonly builtAt: Date | undefined } | undefined;
  readonly trustedProxyLocation: boolean;
  readonly redis: boolean;
  /**
   * The page is read over HTTPS. From the configuration: the server terminates TLS itself. The
   * /privacy route replaces it with the request's own connection (isHttps, as for the cookie), so
   * that behind a TLS proxy it trusts the policy says HTTPS exactly when the cookie is Secure.
   */
  readonly https: boolean;
  readonly rateLimit: { readonly windowSeconds: number } | undefined;
  readonly dashboard: boolean;
}

function urlAsksForTls(url: string): boolean {
  try {
    const mode = new URL(url).searchParams.get('sslmode');
    return mode !== null && mode !== 'disable' && mode !== 'allow' && mode !== 'prefer';
  } catch {
    return false; // DATABASE_URL was checked at start; a URL that does not parse asks for nothing
  }
}

export function policyFacts(config: Config, ipDatabaseBuiltAt: Date | undefined): PolicyFacts {
  const updated = config.privacyPolicyUpdated || POLICY_TEXT_DATE;
  const postgres = config.databaseUrl !== '';
  return {
    siteName: config.siteName,
    operatorName: config.operatorName,
    contactEmail: config.privacyContactEmail,
    contactAddress: config.privacyContactAddress,
    hostingRegion: config.hostingRegion,
    updated,
    effective: config.privacyPolicyEffective || updated,
    statsEnabled: config.statsEnabled,
    retentionMonths: config.statsRetentionMonths,
    store: postgres ? 'postgres' : 'sqlite',
    storeTls: postgres && (config.databaseTls === 'verify' || config.databaseTls === 'no-verify' || (config.databaseTls === 'auto' && urlAsksForTls(config.databaseUrl))),
    ipDatabase: config.statsEnabled && config.statsGeoip ? { builtAt: ipDatabaseBuiltAt } : undefined,
    trustedProxyLocation: config.statsEnabled && config.trustProxy !== false && config.trustProxy !== 0,
    redis: config.redisUrl !== '' && config.rateLimitMax > 0,
    https: config.tlsCertFile !== '',
    rateLimit: config.rateLimitMax > 0 ? { windowSeconds: config.rateLimitWindowSeconds } : undefined,
    dashboard: config.statsEnabled && ((config.adminUser !== '' && config.adminPassword !== '') || config.adminToken !== ''),
  };
}

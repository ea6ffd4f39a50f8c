/**
 * One compression → one pending record, holding exactly the fields of the model (sessionKey is
 * added when written). The request's address, user agent, referrer URL and language list are read
 * here and go no further: only what the model names leaves this function.
 */
import type { CompressionObservation } from '../http/extension.js';
import type { IpDatabase } from './enrich/ip-database.js';
import { primaryLanguage } from './enrich/language.js';
import { locate } from './enrich/location.js';
import { referringSite } from './enrich/referrer.js';
import { parseClient } from './enrich/user-agent.js';
import type { FieldName } from './fields.js';
import type { PendingRecord } from './service.js';

export interface ObserveContext {
  readonly sessionId: string;
  readonly ipDatabase: IpDatabase | undefined;
  /** TRUST_PROXY is on: a trusted proxy's location headers may be believed. */
  readonly trustProxy: boolean;
  readonly nowMs: number;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function qualitySetting(requested: number | 'auto' | undefined): string {
  if (requested === 'auto') return 'auto';
  return typeof requested === 'number' ? String(requested) : 'default';
}

export function pendingRecord(observation: CompressionObservation, context: ObserveContext): PendingRecord {
  const { request, result, requestedQuality } = observation;
  const headers = request.headers;
  // Only a request that really passed a trusted proxy (its peer is trusted and it forwarded the
  // client's address) has location headers worth believing.
  const viaTrustedProxy = context.trustProxy && (request.ips?.length ?? 0) > 1;
  const location = locate({ headers, ip: request.ip, viaTrustedProxy }, context.ipDatabase);
  const client = parseClient(firstHeader(headers['user-agent']));
  const fields: Record<Exclude<FieldName, 'sessionKey'>, unknown> = {
    recordedAt: context.nowMs,
    originalBytes: result.inputBytes,
    compressedBytes: result.outputBytes,
    inputFormat: result.inputFormat,
    outputFormat: result.format,
    quality: qualitySetting(requestedQuality),
    ratio: result.inputBytes > 0 ? Math.round((result.outputBytes / result.inputBytes) * 10_000) / 10_000 : 0,
    country: location.country,
    region: location.region,
    city: location.city,
    timeZone: location.timeZone,
    browser: client.browser,
    browserMajor: client.browserMajor,
    os: client.os,
    device: client.device,
    referrerHost: referringSite(headers, request.host),
    language: primaryLanguage(firstHeader(headers['accept-language'])),
  };
  return { sessionId: context.sessionId, fields };
}

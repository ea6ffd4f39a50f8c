/** Enrichment (issue 5): user agent, language, referrer host, proxy location headers, the offline IP database. */
import { describe, expect, it } from 'vitest';
import { openIpDatabase } from '../../src/analytics/enrich/ip-database.js';
import { primaryLanguage } from '../../src/analytics/enrich/language.js';
import { locate, proxyLocation } from '../../src/analytics/enrich/location.js';
import { referrerHost } from '../../src/analytics/enrich/referrer.js';
import { parseClient } from '../../src/analytics/enrich/user-agent.js';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const CHROME_IPAD = 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1';
const EDGE_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.92';

describe('user agent (P8)', () => {
  it.each([
    [FIREFOX_LINUX, { browser: 'Firefox', browserMajor: 128, os: 'Linux', device: 'desktop' }],
    [SAFARI_IPHONE, { browser: 'Mobile Safari', browserMajor: 17, os: 'iOS', device: 'mobile' }],
    [CHROME_IPAD, { browser: 'Chrome', browserMajor: 126, os: 'iOS', device: 'tablet' }],
    [EDGE_WINDOWS, { browser: 'Edge', browserMajor: 125, os: 'Windows', device: 'desktop' }],
    ['curl/8.5.0', { browser: null, browserMajor: null, os: null, device: 'other' }],
    [undefined, { browser: null, browserMajor: null, os: null, device: 'other' }],
  ])('%s', (ua, expected) => {
    expect(parseClient(ua)).toEqual(expected);
  });
});

describe('language (P8)', () => {
  it.each([
    ['de-CH,de;q=0.9,en;q=0.8', 'de'],
    ['en;q=0.5, fr-CA;q=0.9', 'fr'],
    ['*', null],
    ['zh-Hant-TW', 'zh'],
    ['x!y, 12', null],
    [undefined, null],
  ])('%s → %s', (header, expected) => {
    expect(primaryLanguage(header)).toBe(expected);
  });
});

describe('referrer host only (P8)', () => {
  it.each([
    ['https://user:pw@News.Example.org:8443/a/b?secret=1#frag', 'news.example.org'],
    ['http://example.org/', 'example.org'],
    ['https://compress.example/page', null], // this site itself
    ['ftp://example.org/file', null],
    ['not a url', null],
    [undefined, null],
  ])('%s → %s', (header, expected) => {
    expect(referrerHost(header, 'compress.example:443')).toBe(expected);
  });
});

describe('location (P7)', () => {
  it('takes Vercel\'s headers, decoding the city', () => {
    expect(
      proxyLocation({ 'x-vercel-ip-country': 'br', 'x-vercel-ip-country-region': 'SP', 'x-vercel-ip-city': 'S%C3%A3o%20Paulo', 'x-vercel-ip-timezone': 'America/Sao_Paulo' }),
    ).toEqual({ country: 'BR', region: 'SP', city: 'São Paulo', timeZone: 'America/Sao_Paulo' });
  });

  it('takes Cloudflare\'s country, but not its XX (unknown) or T1 (Tor)', () => {
    expect(proxyLocation({ 'cf-ipcountry': 'CH' })).toEqual({ country: 'CH', region: null, city: null, timeZone: null });
    expect(proxyLocation({ 'cf-ipcountry': 'T1' })?.country).toBeNull();
    expect(proxyLocation({})).toBeUndefined();
  });

  it('looks addresses up in the bundled DB-IP Lite database, IPv4, IPv6 and v4-mapped, with a time zone', async () => {
    const db = await openIpDatabase();
    const google = db.lookup('8.8.8.8');
    expect(google?.country).toBe('US');
    expect(google?.timeZone).toMatch(/^America\//);
    expect(db.lookup('::ffff:8.8.8.8')).toEqual(google);
    expect(db.lookup('2001:4860:4860::8888')?.country).toMatch(/^[A-Z]{2}$/);
    expect(db.lookup('127.0.0.1')).toBeUndefined();
    expect(db.lookup('not an address')).toBeUndefined();
    expect(db.builtAt.getTime()).toBeGreaterThan(Date.UTC(2024, 0, 1));
  });

  it('believes proxy headers only for requests through a trusted proxy', async () => {
    const db = await openIpDatabase();
    const headers = { 'x-vercel-ip-country': 'JP', 'x-vercel-ip-city': 'Tokyo' };
    expect(locate({ headers, ip: '8.8.8.8', viaTrustedProxy: true }, db).country).toBe('JP');
    expect(locate({ headers, ip: '8.8.8.8', viaTrustedProxy: false }, db).country).toBe('US');
    expect(locate({ headers, ip: '8.8.8.8', viaTrustedProxy: false }, undefined)).toEqual({ country: null, region: null, city: null, timeZone: null });
  });
});

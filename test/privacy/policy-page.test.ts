/**
 * The privacy policy (issue 4's /privacy, P11, P18–P20): rendered from the running configuration
 * and the field model, served by the real server, with no inline script or style.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { renderPolicyPage } from '../../src/privacy/policy-page.js';
import { POLICY_TEXT_DATE, policyFacts } from '../../src/privacy/policy.js';
import { BROWSER_STORAGE } from '../../src/shared/browser-storage.js';
import { startStatsServer, type StatsServer } from '../analytics/server.js';

let server: StatsServer | undefined;
afterEach(async () => {
  await server?.close();
  server?.remove();
  server = undefined;
});

const render = (env: Record<string, string>): string => renderPolicyPage(policyFacts(loadConfig(env), undefined));

describe('/privacy', () => {
  it('is served as HTML from the running configuration, styled only by a same-origin stylesheet', async () => {
    server = await startStatsServer({
      SITE_NAME: 'Pixel <Press>',
      OPERATOR_NAME: 'Example GmbH',
      PRIVACY_CONTACT_EMAIL: 'privacy@example.org',
      PRIVACY_CONTACT_ADDRESS: 'Hauptstraße 1, 10115 Berlin',
      HOSTING_REGION: 'Germany (EU)',
      STATS_RETENTION_MONTHS: '6',
      PRIVACY_POLICY_UPDATED: '2026-03-01',
      PRIVACY_POLICY_EFFECTIVE: '2026-04-01',
    });
    const response = await fetch(`${server.url}/privacy`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('Privacy policy of Pixel &lt;Press&gt;');
    expect(html).toContain('Example GmbH');
    expect(html).toContain('href="mailto:privacy@example.org"');
    expect(html).toContain('Hauptstraße 1, 10115 Berlin');
    expect(html).toContain('<strong>Germany (EU)</strong>');
    expect(html).toContain('<strong id="retention">6 months</strong>');
    expect(html).toContain('<time datetime="2026-03-01" id="updated">1 March 2026</time>');
    expect(html).toContain('<time datetime="2026-04-01" id="effective">1 April 2026</time>');
    // The IP database is credited as its licence asks, with the build date of the copy in use.
    expect(html).toContain('<a href="https://db-ip.com/">IP Geolocation by DB-IP</a>');
    expect(html).toMatch(/The copy in use was built on \d{1,2} \w+ 20\d\d/);
    expect(html).toMatch(/not directed at children under 13/);
    expect(html).toMatch(/We never sell or share your data/);
    expect(html).toContain('<code id="cookie-name">ci_session</code>');
    expect(html).toContain('integration-sqlite');
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('<link rel="stylesheet" href="/privacy.css">');
    const css = await fetch(`${server.url}/privacy.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.policy');
  });

  it('names the enabled integrations and only those (P19)', () => {
    const embedded = render({});
    expect(embedded).toContain('integration-sqlite');
    expect(embedded).not.toMatch(/integration-(postgres|redis|https|proxy)/);
    expect(embedded).toContain('in this server\'s memory');

    const scaled = render({ DATABASE_URL: 'postgres://u:secret@db.internal:5432/stats', DATABASE_TLS: 'verify', REDIS_URL: 'redis://cache:6379', TRUST_PROXY: 'true' });
    expect(scaled).toContain('integration-postgres');
    expect(scaled).toContain('reached over an encrypted (TLS) connection');
    expect(scaled).toContain('integration-redis');
    expect(scaled).toContain('integration-proxy');
    expect(scaled).toContain('id="proxy-location"');
    expect(scaled).not.toContain('secret'); // nothing from the URL but the fact that it is PostgreSQL
    expect(scaled).not.toContain('db.internal');
    expect(render({ DATABASE_URL: 'postgres://db/stats' })).not.toContain('encrypted (TLS)');
    expect(render({ DATABASE_URL: 'postgres://db/stats?sslmode=require' })).toContain('encrypted (TLS)');
  });

  it('uses the shipped policy date by default and says when no contact is configured', () => {
    const html = render({});
    expect(html).toContain(`<time datetime="${POLICY_TEXT_DATE}" id="updated">`);
    expect(html).toContain(`<time datetime="${POLICY_TEXT_DATE}" id="effective">`);
    expect(html).toContain('id="no-contact"');
    expect(html).toContain('12 months');
  });

  it('says nothing is recorded when statistics are off, and shows no field table', () => {
    const html = render({ STATS_ENABLED: 'false' });
    expect(html).toContain('id="stats-off"');
    expect(html).not.toContain('id="recorded-fields"');
    expect(html).not.toContain('db-ip.com');
  });

  it('names everything the page keeps in the browser\'s storage, from the list the page writes from (issue 15)', () => {
    for (const env of [{}, { STATS_ENABLED: 'false' }] as Record<string, string>[]) {
      const html = render(env);
      expect(html).toContain('id="browser-storage"');
      expect(BROWSER_STORAGE.length).toBeGreaterThan(0);
      for (const entry of BROWSER_STORAGE) {
        expect(html).toContain(`<tr data-storage-key="${entry.key}"><td><code>${entry.key}</code></td><td>${entry.area}</td>`);
      }
    }
  });

  it('names the __Host- cookie, Secure, when it is read over HTTPS (issue 15)', () => {
    const facts = policyFacts(loadConfig({}), undefined);
    const secure = renderPolicyPage({ ...facts, https: true });
    expect(secure).toContain('<code id="cookie-name">__Host-ci_session</code>');
    expect(secure).toContain('only sent over HTTPS (Secure)');
    const plain = renderPolicyPage({ ...facts, https: false });
    expect(plain).toContain('<code id="cookie-name">ci_session</code>');
    expect(plain).not.toContain('Secure');
  });

  it('says no location is estimated when the IP database is off and no proxy is trusted', () => {
    const html = render({ STATS_GEOIP: 'false' });
    expect(html).toContain('id="no-location"');
    expect(html).not.toContain('db-ip.com');
  });
});

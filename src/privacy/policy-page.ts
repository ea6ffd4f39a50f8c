/**
 * GET /privacy: the privacy policy, rendered on the server from the running configuration
 * (PolicyFacts) and from the field model (FIELDS, NEVER_RECORDED), so that it cannot drift from
 * what the code records (P19). Plain words, no inline script or style, one same-origin stylesheet.
 */
import { IP_DATABASE_CREDIT } from '../analytics/enrich/ip-database.js';
import { FIELD_GROUPS, FIELDS, NEVER_RECORDED, monthsText, type FieldGroup, type FieldSpec } from '../analytics/fields.js';
import { esc, longDate, page } from '../pages/html.js';
import { BROWSER_STORAGE } from '../shared/browser-storage.js';
import type { PolicyFacts } from './policy.js';
import { sessionCookieName } from './session.js';

export const PRIVACY_CSS_PATH = '/privacy.css';

function contactLines(f: PolicyFacts): string {
  const lines: string[] = [];
  if (f.contactEmail) lines.push(`E-mail: <a href="mailto:${esc(f.contactEmail)}">${esc(f.contactEmail)}</a>`);
  if (f.contactAddress) lines.push(`Post: ${esc(f.contactAddress)}`);
  if (lines.length === 0) {
    return '<p class="warning" id="no-contact">The operator of this server has not configured a contact address. If you run it, set <code>PRIVACY_CONTACT_EMAIL</code> or <code>PRIVACY_CONTACT_ADDRESS</code>.</p>';
  }
  return `<ul class="contact" id="contact">${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`;
}

function operator(f: PolicyFacts): string {
  return f.operatorName ? esc(f.operatorName) : `the operator of ${esc(f.siteName)}`;
}

function fieldTable(): string {
  const groups = new Map<FieldGroup, FieldSpec[]>();
  for (const field of FIELDS as readonly FieldSpec[]) groups.set(field.group, [...(groups.get(field.group) ?? []), field]);
  const rows = [...groups.entries()]
    .map(
      ([group, fields]) =>
        `<tr class="group"><th colspan="3" scope="colgroup">${esc(FIELD_GROUPS[group])}</th></tr>` +
        fields
          .map(
            (f) =>
              `<tr data-field="${esc(f.name)}"><th scope="row">${esc(f.label)}</th><td>${esc(f.description)}<span class="example">Example: ${esc(f.example)}</span></td><td>${esc(f.why)}</td></tr>`,
          )
          .join(''),
    )
    .join('');
  return `<div class="table-scroll"><table class="fields" id="recorded-fields">
<caption>Everything a statistics record holds, and nothing more</caption>
<thead><tr><th scope="col">What</th><th scope="col">In plain words</th><th scope="col">Why we keep it</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function statisticsSection(f: PolicyFacts): string {
  if (!f.statsEnabled) {
    return `<section id="statistics"><h2>Statistics</h2>
<p id="stats-off">This server records <strong>no usage statistics at all</strong>: its operator has switched them off. Nothing about your visits is stored.</p></section>`;
  }
  return `<section id="statistics"><h2>What we record for each compression</h2>
<p>To understand how the service is used and to run it well, we keep one small, anonymous record for every compression. It contains exactly the fields below. We cannot tell who you are from it.</p>
${fieldTable()}
<p>Records are deleted automatically once they are <strong id="retention">${esc(monthsText(f.retentionMonths))}</strong> old.</p>
</section>`;
}

function locationSection(f: PolicyFacts): string {
  if (!f.statsEnabled) return '';
  const parts: string[] = [];
  if (f.trustedProxyLocation) {
    parts.push(
      '<p id="proxy-location">This server runs behind a proxy it trusts. When that proxy (such as Vercel or Cloudflare) tells us the country, region, city or time zone of a request, we take those instead of looking them up ourselves.</p>',
    );
  }
  if (f.ipDatabase) {
    const built = f.ipDatabase.builtAt ? ` The copy in use was built on ${esc(longDate(f.ipDatabase.builtAt.toISOString().slice(0, 10)))}.` : '';
    parts.push(
      `<p id="ip-database">Otherwise we estimate the location from your IP address with a database that is part of this server, <strong>${esc(IP_DATABASE_CREDIT.name)}</strong>, looked up in memory: your address is not sent anywhere for this. The estimate is often only approximately right, and the address is forgotten right after the lookup.${built} <a href="${esc(IP_DATABASE_CREDIT.url)}">${esc(IP_DATABASE_CREDIT.linkText)}</a>, licensed under <a href="${esc(IP_DATABASE_CREDIT.licenceUrl)}">${esc(IP_DATABASE_CREDIT.licence)}</a>.</p>`,
    );
  } else if (!f.trustedProxyLocation) {
    parts.push('<p id="no-location">This server does not estimate where requests come from: the location fields of its records stay empty.</p>');
  } else {
    parts.push('<p>Without such headers, the location fields stay empty: this server has no IP database switched on.</p>');
  }
  return `<section id="location"><h2>Where the coarse location comes from</h2>${parts.join('\n')}</section>`;
}

function ipSection(f: PolicyFacts): string {
  const uses: string[] = [];
  if (f.rateLimit) {
    const where = f.redis ? 'in memory and in a Redis store shared by our servers' : 'in this server\'s memory';
    uses.push(
      `<li id="rate-limit">To stop abuse, we count requests per address (the rate limit). We keep only a scrambled form of the address (a keyed hash), ${where}, for as long as the limit's window needs it: ${esc(f.rateLimit.windowSeconds)} seconds after your last request at most.</li>`,
    );
  }
  if (f.statsEnabled && f.ipDatabase) uses.push('<li>To estimate a coarse location for the statistics, as described above.</li>');
  uses.push('<li>To send the answer back to you, as every server must.</li>');
  return `<section id="ip-address"><h2>Your IP address</h2>
<p>Your IP address is never stored in the statistics and never written to our logs. We use it only:</p>
<ul>${uses.join('')}</ul></section>`;
}

function cookieSection(f: PolicyFacts): string {
  const purpose = f.statsEnabled
    ? 'Holds a random identifier for this browser session, so that you can see, download and erase the statistics of your session, and switch them off. It also remembers that choice.'
    : 'Remembers your choice on the "Your data" page for this browser session.';
  return `<section id="cookies"><h2>Cookies</h2>
<p>We use <strong>one</strong> cookie, and only an essential one. There are no tracking, advertising or third-party cookies, and no third-party scripts, trackers or fonts: everything the page needs comes from this server.</p>
<div class="table-scroll"><table id="cookie-table"><thead><tr><th scope="col">Name</th><th scope="col">Purpose</th><th scope="col">Lifetime</th><th scope="col">Properties</th></tr></thead>
<tbody><tr><td><code id="cookie-name">${esc(sessionCookieName(f.https))}</code></td><td>${esc(purpose)}</td><td>Until you close your browser (a session cookie).</td><td>Not readable by scripts (HttpOnly), not sent by other sites' requests (SameSite=Lax)${f.https ? ', only sent over HTTPS (Secure), and only to this exact host name: its <code>__Host-</code> prefix makes your browser refuse one set by any other site or subdomain' : ''}.</td></tr></tbody></table></div>
<p>It is set only when there is something to remember: after a compression that is recorded, or when you switch statistics off.</p></section>`;
}

/** Everything the web page keeps in the browser (BROWSER_STORAGE, the list the page writes from). */
function browserStorageSection(): string {
  const rows = BROWSER_STORAGE.map(
    (entry) => `<tr data-storage-key="${esc(entry.key)}"><td><code>${esc(entry.key)}</code></td><td>${esc(entry.area)}</td><td>${esc(entry.holds)}</td></tr>`,
  ).join('');
  return `<section id="browser-storage"><h2>What the page keeps in your browser</h2>
<p>Besides the cookie, the page keeps the following in your browser's own storage. It stays on your device: it is not a cookie, and your browser does not send it to us. The settings reach us only as the options of each compression you start.</p>
<div class="table-scroll"><table id="storage-table"><thead><tr><th scope="col">Name</th><th scope="col">Where</th><th scope="col">What it holds</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p>It stays until you clear this site's data in your browser (private windows clear it when they close). If your browser blocks site storage, the page still works and simply starts with the default settings each time.</p></section>`;
}

function rightsSection(f: PolicyFacts): string {
  const own = f.statsEnabled
    ? `<ul>
<li><strong>See and download</strong> every record of your session as a JSON file (your rights of access and portability).</li>
<li><strong>Erase</strong> them (your right to erasure).</li>
<li><strong>Switch statistics off</strong> for your session, and back on (your right to object and to withdraw consent).</li>
</ul>
<p>All three are on the <a href="/your-data">Your data</a> page, and need no e-mail and no waiting. If your browser sends <strong>Global Privacy Control</strong> (<code>Sec-GPC: 1</code>) or <strong>Do Not Track</strong> (<code>DNT: 1</code>), nothing is recorded for you at all, without asking.</p>
<p>Because records are tied only to a random identifier in your browser, we cannot find "your" records once that browser session has ended: nothing links them to you any more.</p>`
    : '<p>As this server records no statistics, there is no data about you to see, download or erase.</p>';
  return `<section id="rights"><h2>Your rights</h2>
<p>Wherever you live, you have these rights (they include those of the GDPR in Europe and the CCPA in California):</p>
${own}
<p>For anything else, such as correcting data, asking questions or complaining, write to ${operator(f)} (see <a href="#contact-section">Contact</a>). You may also complain to your data protection authority.</p></section>`;
}

function integrationsSection(f: PolicyFacts): string {
  const items: string[] = [];
  if (f.statsEnabled) {
    items.push(
      f.store === 'postgres'
        ? `<li id="integration-postgres">The statistics are kept in a <strong>PostgreSQL</strong> database run by ${operator(f)}${f.storeTls ? ', reached over an encrypted (TLS) connection' : ''}.</li>`
        : '<li id="integration-sqlite">The statistics are kept in a <strong>database file on this server</strong> (SQLite).</li>',
    );
  }
  if (f.redis) items.push('<li id="integration-redis">A <strong>Redis</strong> store holds the rate-limit counters shared by our servers (scrambled addresses only, see above).</li>');
  if (f.https) items.push('<li id="integration-https">Connections to this server are encrypted (<strong>HTTPS</strong>).</li>');
  if (f.trustedProxyLocation) items.push('<li id="integration-proxy">A <strong>proxy</strong> in front of this server passes requests on and may tell us their coarse location.</li>');
  const region = f.hostingRegion ? `<p id="hosting-region">The server and its data are hosted in <strong>${esc(f.hostingRegion)}</strong>.</p>` : '<p id="hosting-region">The operator has not stated where this server is hosted.</p>';
  return `<section id="where"><h2>Where the data is kept</h2>
${region}
${items.length > 0 ? `<ul>${items.join('')}</ul>` : ''}
<p>Only ${operator(f)} can read the statistics, and only as totals and charts on a password-protected page.</p></section>`;
}

export function renderPolicyPage(f: PolicyFacts): string {
  const body = `<main class="policy">
<p class="back"><a href="/">← Back to ${esc(f.siteName)}</a></p>
<h1>Privacy policy of ${esc(f.siteName)}</h1>
<p class="dates">Last updated <time datetime="${esc(f.updated)}" id="updated">${esc(longDate(f.updated))}</time>; in effect from <time datetime="${esc(f.effective)}" id="effective">${esc(longDate(f.effective))}</time>.</p>

<section id="summary"><h2>The short version</h2><ul>
<li>Your images are compressed in memory and forgotten as soon as the answer is sent. They are never written to disk, logged or kept, and nobody can fetch them from us afterwards.</li>
${f.statsEnabled ? `<li>For each compression we keep a small anonymous record (sizes, formats, a coarse location, browser type). No IP address, no file name, nothing that identifies you. It is deleted after ${esc(monthsText(f.retentionMonths))}.</li>` : '<li>We record no usage statistics.</li>'}
<li>One essential cookie, no tracking, no ads, no third parties. Your compression settings are remembered in your own browser.</li>
<li>We never sell or share your data.</li>
</ul></section>

<section id="responsible"><h2>Who is responsible</h2>
<p>${esc(f.siteName)} is run by ${operator(f)}, who decides what this server does with data and answers for it.</p></section>

<section id="images"><h2>Your images</h2>
<p>An image you upload lives only in this server's memory for the seconds its compression takes. It is never written to disk, never put in a log and never kept: once the answer is sent, it is gone, and neither we nor anyone else can retrieve it. We do not look at what your images show.</p></section>

${statisticsSection(f)}

<section id="never"><h2>What we never record</h2>
<ul id="never-list">${NEVER_RECORDED.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>

${locationSection(f)}
${ipSection(f)}
${cookieSection(f)}
${browserStorageSection()}
${rightsSection(f)}

<section id="no-sale"><h2>We never sell or share your data</h2>
<p>We do not sell, rent or share personal information, and we do not use it for advertising. The statistics are used only by ${operator(f)}, to run and improve this service.</p></section>

${integrationsSection(f)}

<section id="children"><h2>Children</h2>
<p>${esc(f.siteName)} is not directed at children under 13, and we do not knowingly collect anything about them. If you are a parent or guardian and think your child has used it, you can erase their records on the <a href="/your-data">Your data</a> page in their browser, or contact us and we will help.</p></section>

<section id="contact-section"><h2>Contact</h2>
<p>For questions or requests about your data, reach ${operator(f)}:</p>
${contactLines(f)}</section>

<section id="changes"><h2>Changes to this policy</h2>
<p>This page is generated from the running configuration of this server, so it always describes what the server actually does. When that changes, so does this page, along with its "last updated" date.</p></section>
</main>`;
  return page({ title: `Privacy policy — ${f.siteName}`, stylesheet: PRIVACY_CSS_PATH, body });
}

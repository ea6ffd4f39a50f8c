/**
 * GET /admin: the operator dashboard (P21) as one server-rendered page — tiles, SVG charts and
 * tables — for the chosen range. No script: the range is a link, the page is plain HTML + CSS.
 */
import { formatBinaryBytes } from '../../shared/units.js';
import { esc, page } from '../../pages/html.js';
import { barList, columnChart, dataTable } from './charts.js';
import { BREAKDOWNS, type DashboardStats } from './dashboard-data.js';
import { RANGE_NAMES } from './ranges.js';

export const ADMIN_CSS_PATH = '/admin/dashboard.css';

const count = (n: number): string => n.toLocaleString('en-GB');

function tile(value: string, label: string, id: string): string {
  return `<div class="tile" id="${esc(id)}"><span class="value">${esc(value)}</span><span class="label">${esc(label)}</span></div>`;
}

function card(title: string, content: string, wide = false): string {
  return `<section class="card${wide ? ' wide' : ''}"><h2>${esc(title)}</h2>${content}</section>`;
}

export function renderDashboard(stats: DashboardStats, siteName: string): string {
  const { totals } = stats;
  const nav = RANGE_NAMES.map(
    (r) => `<a href="/admin?range=${r}"${r === stats.range.name ? ' aria-current="page"' : ''}>${r === '24h' ? '24 hours' : r === '30d' ? '30 days' : '12 months'}</a>`,
  ).join('');
  const tiles = [
    tile(count(totals.count), 'compressions', 'tile-count'),
    tile(formatBinaryBytes(totals.savedBytes), 'saved', 'tile-saved'),
    tile(totals.savedPercent === null ? '—' : `${totals.savedPercent} %`, 'smaller on average (by bytes)', 'tile-percent'),
    tile(formatBinaryBytes(totals.originalBytes), 'uploaded', 'tile-uploaded'),
  ].join('');

  const timeline = stats.timeline.map((t) => ({ label: t.label, value: t.count }));
  const saved = stats.timeline.map((t) => ({ label: t.label, value: Math.max(0, t.savedBytes) }));
  const formats = stats.formats.map((f) => ({ label: `${f.input} → ${f.output}`, value: f.count }));
  const cards = [
    card(
      'Compressions over time',
      columnChart(timeline, { title: `Compressions per ${stats.range.name === '24h' ? 'hour' : stats.range.name === '30d' ? 'day' : 'month'}`, format: count }) +
        dataTable('Compressions over time', ['Period', 'Compressions', 'Saved'], stats.timeline.map((t) => [t.label, count(t.count), formatBinaryBytes(t.savedBytes)])),
      true,
    ),
    card('Bytes saved over time', columnChart(saved, { title: 'Bytes saved', format: formatBinaryBytes, barClass: 'saved' }), true),
    card(
      'Format mix (input → output)',
      barList(formats, { title: 'Format conversions', format: count }) +
        dataTable('Format mix', ['Conversion', 'Compressions', 'Saved'], stats.formats.map((f) => [`${f.input} → ${f.output}`, count(f.count), formatBinaryBytes(f.savedBytes)])),
    ),
    card(
      'Result size, as a share of the original',
      columnChart(stats.ratios.map((r) => ({ label: r.label.replace(' or more', '+').replace(' %', ''), value: r.count })), {
        title: 'Distribution of compression ratios (result size in % of the original)',
        format: count,
        width: 340,
      }) +
        dataTable('Compression ratios', ['Result size', 'Compressions'], stats.ratios.map((r) => [r.label, count(r.count)])),
    ),
    ...BREAKDOWNS.map((b) => {
      const rows = stats.breakdowns[b.key];
      return card(
        b.title,
        barList(rows.map((r) => ({ label: r.value, value: r.count })), { title: b.title, format: count }) +
          dataTable(b.title, [b.key === 'country' ? 'Country' : b.title, 'Compressions'], rows.map((r) => [r.value, count(r.count)])),
      );
    }),
  ].join('\n');

  const rec = stats.recording;
  const counters = rec
    ? `<p class="counters" id="recording">Recording: ${count(rec.written)} written since start, ${count(rec.pending)} waiting, ${count(rec.droppedBufferFull + rec.droppedStoreDown + rec.droppedInvalid)} dropped (${count(rec.droppedStoreDown)} while the store was unavailable, ${count(rec.droppedBufferFull)} with the buffer full); store ${esc(rec.store)}.</p>`
    : '';
  const body = `<main class="dashboard">
<header><h1>${esc(siteName)} — statistics</h1><nav class="ranges" aria-label="Range">${nav}</nav></header>
<p class="muted">${esc(stats.range.label)} (UTC), from ${esc(stats.range.from.slice(0, 16).replace('T', ' '))} to ${esc(stats.range.to.slice(0, 16).replace('T', ' '))}. The same numbers as JSON: <a href="/api/v1/admin/stats?range=${esc(stats.range.name)}">/api/v1/admin/stats?range=${esc(stats.range.name)}</a>.</p>
<div class="tiles">${tiles}</div>
<div class="grid">
${cards}
</div>
${counters}
</main>`;
  return page({ title: `Statistics — ${siteName}`, stylesheet: ADMIN_CSS_PATH, body });
}

/**
 * Self-made SVG charts for the dashboard: rendered on the server, no script, no inline style
 * (colours come from classes in the stylesheet), each with a title and description for screen
 * readers and the same numbers as a table beside it.
 */
import { esc } from '../../pages/html.js';

export interface Datum {
  readonly label: string;
  readonly value: number;
}

let idCounter = 0;

function chartIds(): { title: string; desc: string } {
  idCounter = (idCounter + 1) % 1_000_000;
  return { title: `chart-${idCounter}-title`, desc: `chart-${idCounter}-desc` };
}

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Vertical bars over time (or any ordered categories). */
export function columnChart(data: readonly Datum[], options: { title: string; format: (n: number) => string; barClass?: string; width?: number }): string {
  // The viewBox width is about the card's width in CSS pixels, so the 11 px labels stay 11 px.
  const width = options.width ?? 1000;
  const height = width >= 600 ? 240 : 200;
  const left = 56;
  const bottom = 24;
  const top = 10;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const slot = plotW / Math.max(1, data.length);
  const barW = Math.max(1, slot * 0.8);
  // Labels about 60 units apart at most, so none overlaps its neighbour.
  const labelEvery = Math.max(1, Math.ceil(data.length / Math.max(1, Math.floor(plotW / 60))));
  const ids = chartIds();
  const total = data.reduce((s, d) => s + d.value, 0);
  const bars = data
    .map((d, i) => {
      const h = (Math.max(0, d.value) / max) * plotH;
      const x = left + i * slot + (slot - barW) / 2;
      const label = i % labelEvery === 0 ? `<text x="${(x + barW / 2).toFixed(1)}" y="${height - 6}" text-anchor="middle">${esc(d.label)}</text>` : '';
      return `<rect class="bar${options.barClass ? ` ${esc(options.barClass)}` : ''}" x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(d.label)}: ${esc(options.format(d.value))}</title></rect>${label}`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${ids.title} ${ids.desc}">
<title id="${ids.title}">${esc(options.title)}</title><desc id="${ids.desc}">${esc(`${data.length} bars, total ${options.format(total)}, highest ${options.format(Math.max(0, ...data.map((d) => d.value)))}`)}</desc>
<line class="axis" x1="${left}" y1="${top + plotH}" x2="${width - 8}" y2="${top + plotH}"/>
<line class="axis" x1="${left}" y1="${top}" x2="${width - 8}" y2="${top}"/>
<text x="${left - 6}" y="${top + 4}" text-anchor="end">${esc(options.format(max))}</text>
<text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>
${bars}
</svg>`;
}

/** Horizontal bars for a ranking (countries, browsers, …): label, bar, value. */
export function barList(data: readonly Datum[], options: { title: string; format: (n: number) => string }): string {
  if (data.length === 0) return '<p class="muted">Nothing recorded in this range.</p>';
  // Sized for a card about 340 px wide (three per row on a desktop, one per row on a phone).
  const width = 340;
  const row = 24;
  // Room for an 18-character label at 11 px (a long host name such as news.ycombinator.com cut to fit).
  const labelW = 132;
  const valueW = 52;
  const height = data.length * row + 4;
  const max = Math.max(1, ...data.map((d) => d.value));
  const ids = chartIds();
  const rows = data
    .map((d, i) => {
      const y = i * row + 4;
      const w = ((width - labelW - valueW) * Math.max(0, d.value)) / max;
      const label = d.label.length > 18 ? `${d.label.slice(0, 17)}…` : d.label;
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(label)}</text><rect class="bar" x="${labelW}" y="${y + 4}" width="${Math.max(1, w).toFixed(1)}" height="${row - 8}"><title>${esc(d.label)}: ${esc(options.format(d.value))}</title></rect><text class="value" x="${(labelW + w + 4).toFixed(1)}" y="${y + 15}">${esc(options.format(d.value))}</text>`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${ids.title} ${ids.desc}">
<title id="${ids.title}">${esc(options.title)}</title><desc id="${ids.desc}">${esc(data.map((d) => `${d.label}: ${options.format(d.value)}`).join('; '))}</desc>
${rows}
</svg>`;
}

/** The numbers of a chart as a table, folded away under the chart. */
export function dataTable(caption: string, headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  if (rows.length === 0) return '';
  const head = headers.map((h, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td class="num">${esc(c)}</td>`)).join('')}</tr>`).join('');
  return `<details><summary>${esc(caption)} as a table</summary><div class="table-scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></details>`;
}

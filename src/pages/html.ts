/**
 * Tiny server-side HTML helpers for the pages the server renders itself (the privacy policy at
 * /privacy, the operator dashboard at /admin); neutral, so that neither feature imports the other.
 * Every interpolated value goes through `esc`; pages carry no inline script or style (the CSP
 * forbids both) and link their stylesheet from this origin.
 */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The site icon, served by the HTTP server (http/routes/favicon.ts); without the link browsers ask for /favicon.ico. */
const ICON_LINK = '<link rel="icon" href="/favicon.svg" type="image/svg+xml">';

/** A whole page: language, viewport, title, the site icon, one same-origin stylesheet. */
export function page(options: { title: string; stylesheet: string; body: string; bodyClass?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)}</title>
${ICON_LINK}
<link rel="stylesheet" href="${esc(options.stylesheet)}">
</head>
<body${options.bodyClass ? ` class="${esc(options.bodyClass)}"` : ''}>
${options.body}
</body>
</html>
`;
}


export function longDate(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDay : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

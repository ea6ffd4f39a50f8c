/**
 * The human page at /api/docs: plain HTML rendered on the server from the OpenAPI document, so it
 * needs no script at all and obeys the strict CSP (its stylesheet is served from this origin).
 */
type Json = Record<string, unknown>;

function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `code` spans in descriptions become <code>; everything else is escaped. */
function prose(text: unknown): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaSummary(schema: unknown): string {
  if (!isObject(schema)) return '';
  const parts: string[] = [];
  if (typeof schema.type === 'string') parts.push(schema.type === 'string' && schema.format === 'binary' ? 'binary' : schema.type);
  if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.map(String).join(', ')}`);
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`${String(schema.minimum)}–${String(schema.maximum)}`);
  if (schema.default !== undefined) parts.push(`default ${String(schema.default)}`);
  return parts.join('; ');
}

function parametersTable(parameters: unknown): string {
  if (!Array.isArray(parameters) || parameters.length === 0) return '';
  const rows = parameters
    .filter(isObject)
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${escapeHtml(schemaSummary(p.schema))}</td><td>${prose(p.description ?? (isObject(p.schema) ? p.schema.description : ''))}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>name</th><th>in</th><th>type</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function requestBody(body: unknown): string {
  if (!isObject(body) || !isObject(body.content)) return '';
  const types = Object.keys(body.content).map((t) => `<code>${escapeHtml(t)}</code>`);
  return `<p>Request body: ${types.join(', ')}.</p>`;
}

function responses(list: unknown): string {
  if (!isObject(list)) return '';
  const rows = Object.entries(list)
    .map(([status, r]) => {
      const response = isObject(r) ? r : {};
      const headers = isObject(response.headers) ? Object.keys(response.headers).map((h) => `<code>${escapeHtml(h)}</code>`).join(' ') : '';
      const types = isObject(response.content) ? Object.keys(response.content).map((t) => `<code>${escapeHtml(t)}</code>`).join(' ') : '';
      return `<tr><td>${escapeHtml(status)}</td><td>${prose(response.description)}</td><td>${types}</td><td>${headers}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>status</th><th>meaning</th><th>content</th><th>headers</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderDocsPage(document: Json): string {
  const info = isObject(document.info) ? document.info : {};
  const paths = isObject(document.paths) ? document.paths : {};
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(isObject(item) ? item : {})
      .filter(([, op]) => isObject(op))
      .map(([method, op]) => {
        const operation = op as Json;
        return `<section><h2><span class="method">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h2>
<p class="summary">${prose(operation.summary)}</p>
${operation.description ? `<p>${prose(operation.description)}</p>` : ''}
${parametersTable(operation.parameters)}${requestBody(operation.requestBody)}${responses(operation.responses)}</section>`;
      }),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} — API</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/api/docs.css">
</head>
<body>
<main>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<p>The machine-readable description: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
${operations.join('\n')}
</main>
</body>
</html>
`;
}

export const DOCS_CSS = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 small { font-weight: normal; color: #555; font-size: 0.6em; }
section { border-top: 1px solid #ddd; margin-top: 2rem; }
.method { background: #1a4d8f; color: #fff; border-radius: 4px; padding: 0 0.4em; font-size: 0.8em; }
.summary { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
code { font-family: ui-monospace, monospace; font-size: 0.95em; }
@media (prefers-color-scheme: dark) {
  body { background: #121212; color: #eee; }
  th { background: #222; } th, td, section { border-color: #444; }
  h1 small { color: #aaa; } a { color: #8ab4f8; }
}
`;

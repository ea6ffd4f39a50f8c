/**
 * The file name offered for download: the uploaded name's stem with the new format's extension
 * ("holiday photo.PNG" compressed to WebP → "holiday photo.webp"). Only the last path segment of
 * the client's name is kept, control characters are dropped, and the header carries both a plain
 * ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 8187).
 */
const DEFAULT_STEM = 'image';
const MAX_STEM = 200;

export function downloadStem(fileName: string | undefined): string {
  if (!fileName) return DEFAULT_STEM;
  // Browsers percent-encode quotes and line breaks in multipart file names (HTML's form encoding).
  const decoded = fileName.replace(/%22/g, '"').replace(/%0[ad]/gi, '');
  const base = decoded.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  // eslint-disable-next-line no-control-regex
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return stem === '' || stem === '.' || stem === '..' ? DEFAULT_STEM : [...stem].slice(0, MAX_STEM).join('');
}

function asciiFallback(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '_').trim();
  return ascii === '' || ascii.startsWith('.') ? `${DEFAULT_STEM}${ascii}` : ascii;
}

function rfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function downloadName(fileName: string | undefined, extension: string): string {
  return `${downloadStem(fileName)}.${extension}`;
}

export function contentDisposition(fileName: string | undefined, extension: string): string {
  const name = downloadName(fileName, extension);
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${rfc8187(name)}`;
}

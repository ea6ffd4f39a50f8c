/**
 * The referring site's host only (P8): "https://news.example.org/a/b?c#d" gives
 * "news.example.org". Paths, queries, ports and credentials are dropped, and a link from this
 * site itself is no referring site.
 */
export function referrerHost(header: string | undefined, ownHost: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(header.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || !/^[a-z0-9.-]+$/.test(host)) return null;
  const own = ownHost?.toLowerCase().replace(/:\d+$/, '');
  return host === own ? null : host;
}

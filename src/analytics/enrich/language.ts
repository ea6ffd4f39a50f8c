/**
 * The preferred language's primary tag (P8) from Accept-Language: "de-CH,de;q=0.9,en;q=0.8"
 * gives "de". Regions, scripts and the rest of the list are dropped.
 */
export function primaryLanguage(header: string | undefined): string | null {
  if (header === undefined) return null;
  let best: { tag: string; q: number } | undefined;
  for (const part of header.slice(0, 512).split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const primary = range.trim().split('-')[0]?.toLowerCase() ?? '';
    if (!/^[a-z]{2,8}$/.test(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    // The first of equally preferred languages wins, as the header's order says.
    if (best === undefined || q > best.q) best = { tag: primary, q };
  }
  return best?.tag ?? null;
}

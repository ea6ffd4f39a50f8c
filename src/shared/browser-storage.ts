/**
 * What the web page keeps in the browser's own storage. The page writes it
 * (web/src/lib/settings.ts) and the privacy policy names it (src/privacy/policy-page.ts) from this
 * one list, so the policy cannot leave an entry out; a browser test compares the list with what
 * Chromium actually holds after a visit.
 */
export const SETTINGS_STORAGE_KEY = 'compressorimage.settings.v1';

export interface BrowserStorageEntry {
  readonly key: string;
  readonly area: 'localStorage' | 'sessionStorage';
  /** What it holds, in plain words, for the policy. */
  readonly holds: string;
}

export const BROWSER_STORAGE: readonly BrowserStorageEntry[] = [
  {
    key: SETTINGS_STORAGE_KEY,
    area: 'localStorage',
    holds: 'Your compression settings (output format, quality, resize, size cap, metadata), so that your next visit starts with them.',
  },
];

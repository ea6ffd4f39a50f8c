import { ROUTES, linkHandler } from '../lib/router.js';

export function Header() {
  return (
    <header class="site-header">
      <a class="brand" href={ROUTES.home} onClick={linkHandler(ROUTES.home)}>
        <svg class="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
          <rect width="32" height="32" rx="8" class="brand-mark-bg" />
          <path d="M8 22l5-6 4 4 3-3 4 5z" class="brand-mark-fg" />
          <circle cx="21" cy="11" r="2.5" class="brand-mark-fg" />
        </svg>
        <span>CompressorImage</span>
      </a>
      <p class="header-note">
        <span class="dot" aria-hidden="true" />
        Processed in memory, never stored
      </p>
    </header>
  );
}

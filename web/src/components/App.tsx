import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DEFAULT_LIMITS, fetchLimits } from '../api/limits.js';
import { Batch } from '../lib/batch.js';
import { ROUTES, usePath } from '../lib/router.js';
import { initialSettings, settingsToQuery, storeSettings, type Settings } from '../lib/settings.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HomePage } from './HomePage.js';
import { NotFoundPage } from './NotFoundPage.js';
import { YourDataPage } from './YourDataPage.js';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The shell: header, the current page, footer. The batch and the settings live here, above the
 * pages, so that visiting "Your data" and coming back keeps the results.
 */
export function App() {
  const path = usePath();
  const [settings, setSettings] = useState<Settings>(() => initialSettings(window.location.search, storage()));
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const batch = useMemo(() => new Batch(DEFAULT_LIMITS, () => settingsToQuery(settingsRef.current)), []);

  useEffect(() => {
    void fetchLimits().then((limits) => batch.setLimits(limits));
  }, [batch]);

  useEffect(() => {
    storeSettings(storage(), settings);
    // The address always shares the current settings.
    if (window.location.pathname === ROUTES.home) {
      const query = settingsToQuery(settings).toString();
      const url = query ? `/?${query}` : '/';
      if (url !== window.location.pathname + window.location.search) window.history.replaceState(null, '', url);
    }
    batch.emit();
  }, [settings, batch, path]);

  useEffect(() => {
    document.title = path === ROUTES.yourData ? 'Your data — CompressorImage' : 'CompressorImage — smaller images, same look';
  }, [path]);

  let page;
  if (path === ROUTES.home) page = <HomePage batch={batch} settings={settings} onSettings={setSettings} />;
  else if (path === ROUTES.yourData) page = <YourDataPage />;
  else page = <NotFoundPage />;

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <Footer />
    </div>
  );
}

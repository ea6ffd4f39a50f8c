import { useEffect, useState } from 'preact/hooks';

/**
 * Two routes, so no router library: `/` and `/your-data`. Other paths the server owns (`/privacy`,
 * `/admin`) are ordinary links that load the server's page.
 */
export const ROUTES = { home: '/', yourData: '/your-data' } as const;

const listeners = new Set<() => void>();

function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = (): void => setPath(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** Click handler for in-app links: plain clicks navigate in place, modified clicks open as usual. */
export function linkHandler(path: string) {
  return (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  };
}

import { defineConfig } from 'vite';

/**
 * The web app is served by our own server under a strict Content-Security-Policy (no inline script
 * or style, nothing from another origin), so the build must emit only external files: no inlined
 * assets, no module-preload polyfill snippet.
 */
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `npm run dev:web` talks to a locally running API server.
    proxy: { '/api': 'http://127.0.0.1:3000', '/privacy': 'http://127.0.0.1:3000' },
    // The page imports src/shared/ (units, score words, defaults, signatures), outside this root:
    // Vite's default fs.allow, the package root (the repository), already covers it.
  },
});

import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `vite` (dev server) only: React Fast Refresh needs an inline preamble script and a websocket,
 * which the app's CSP forbids. Relax the meta CSP for the dev server; builds keep it strict.
 */
function devCsp(): Plugin {
  return {
    name: 'tracker-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

// The renderer bundle: loaded by Electron from its custom protocol and by the browser mode
// from the local server, so every asset path is relative (base './').
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Libraries (antd, React, …) in one cacheable ~480 kB (gzip) vendor chunk, loaded from local
    // disk; the app's own code is small and its pages are lazy.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } },
    },
  },
});

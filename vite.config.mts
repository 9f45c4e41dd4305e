import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

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

/**
 * Builds only: antd's component styles as static style sheets (renderer/lib/antdStaticCss.tsx,
 * run here under Node through tsx), and antd told not to generate them at runtime
 * (`__ANTD_STATIC_CSS__`, read by App.tsx). Two sheets: the first screen's, linked before the
 * app's own and parsed before the first paint; and what only the pages loaded on demand use,
 * linked with media="print" so it neither blocks nor applies until main.tsx switches it on after
 * the first render (id `antd-on-demand-css`). The dev server and the component tests keep antd's
 * runtime styles.
 */
function antdStaticCss(): Plugin {
  let firstScreen = '';
  let onDemand = '';
  return {
    name: 'tracker-antd-static-css',
    apply: 'build',
    config: () => ({ define: { __ANTD_STATIC_CSS__: 'true' } }),
    buildStart() {
      // tsx loads the .tsx as CommonJS: its exports may come as the module's default.
      const script =
        "const m = await import('./renderer/lib/antdStaticCss.tsx'); process.stdout.write(JSON.stringify((m.antdStaticCssSplit ?? m.default.antdStaticCssSplit)()))";
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production', TSX_TSCONFIG_PATH: 'renderer/tsconfig.json' },
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      });
      const sheets = r.status === 0 ? (JSON.parse(r.stdout) as { firstScreen: string; onDemand: string }) : null;
      if (!sheets || !sheets.firstScreen.includes('.ant-btn') || !sheets.onDemand.includes('.ant-table')) {
        this.error(`antd style extraction failed (${r.status}): ${r.stderr || r.error?.message || 'no styles'}`);
      }
      firstScreen = this.getFileName(this.emitFile({ type: 'asset', name: 'antd.css', source: sheets.firstScreen }));
      onDemand = this.getFileName(this.emitFile({ type: 'asset', name: 'antd-on-demand.css', source: sheets.onDemand }));
    },
    transformIndexHtml: {
      order: 'post',
      handler: (html) => {
        // Before the app's style sheet, as antd's runtime styles came before it.
        const links =
          `<link rel="stylesheet" crossorigin href="./${firstScreen}">\n    ` +
          `<link rel="stylesheet" crossorigin href="./${onDemand}" media="print" id="antd-on-demand-css">`;
        const at = html.indexOf('<link rel="stylesheet"');
        return at < 0 ? html.replace('</head>', `  ${links}\n  </head>`) : `${html.slice(0, at)}${links}\n    ${html.slice(at)}`;
      },
    },
  };
}

// The renderer bundle: loaded by Electron from its custom protocol and by the browser mode
// from the local server, so every asset path is relative (base './').
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp(), antdStaticCss()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Rolldown's own chunking: what only the lazy pages (and the order drawer) use is loaded with
    // them, not at start — a single vendor chunk of every library put antd's tables, forms and
    // date pickers on the first screen's critical path.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        // React DOM (with its scheduler) in a chunk of its own: every start-up chunk is parsed on a
        // background thread as it arrives, so two chunks of half the size are parsed side by side
        // instead of one after the other — the parse of one big chunk was the longest wait before
        // the app's code could run. Only what the first screen needs anyway: the lazy pages'
        // libraries still load with them.
        codeSplitting: {
          groups: [{ name: 'react-dom', test: /[\\/]node_modules[\\/](react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
});

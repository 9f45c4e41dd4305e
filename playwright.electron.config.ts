// Electron end-to-end tests: the built app in the real Electron program (Playwright's _electron),
// on machines that have the program (CI: .github/workflows/desktop.yml on Windows, macOS and
// Linux under Xvfb). `npm run test:electron`; never part of `npm test` (playwright.config.ts
// only reads test/e2e, Vitest only *.test.ts), which says in one line that these did not run.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.espec.ts',
  outputDir: 'test-results/electron',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});

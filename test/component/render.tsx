import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { Providers, Root } from '../../renderer/App';
import { i18n } from '../../renderer/i18n';
import { FakeTracker } from './fakeTracker';

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 30_000, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
}

/** The whole app against a fake window.tracker, at a given route. */
export async function renderApp(options: { hash?: string; tracker?: FakeTracker } = {}) {
  const tracker = options.tracker ?? new FakeTracker();
  (window as unknown as { tracker: FakeTracker }).tracker = tracker;
  await i18n.changeLanguage('zh-CN');
  window.location.hash = options.hash ?? '#/orders';
  const queryClient = testQueryClient();
  const utils = render(<Root queryClient={queryClient} />);
  return { ...utils, tracker, queryClient };
}

/** A component inside the same providers as the app (antd App, i18n, query client). */
export async function renderWithProviders(ui: ReactElement, tracker = new FakeTracker()) {
  (window as unknown as { tracker: FakeTracker }).tracker = tracker;
  await i18n.changeLanguage('zh-CN');
  const queryClient = testQueryClient();
  const utils = render(<Providers queryClient={queryClient}>{ui}</Providers>);
  return { ...utils, tracker, queryClient };
}

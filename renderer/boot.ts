// Runs before the rest of the UI is initialised (main.tsx imports it first): the query cache, its
// subscription to the core's events, and the first requests of the page the window opens on. On
// "#/" and "#/orders" the Orders page's first list page — and, on "#/", the account, which with
// that page's counts decides between the welcome page and the orders — are on their way while
// antd, the app and the first render are still being set up, instead of after the first render
// has committed. The pages then find them in the cache (same query keys and functions:
// api/hooks.ts).
import { InfiniteQueryObserver, QueryObserver } from '@tanstack/react-query';
import { createQueryClient } from './api/queryClient';
import { accountOptions, isFirstRun, ordersListOptions } from './api/hooks';
import { FIRST_ORDERS_LIST } from './api/queryKeys';
import { holdCacheEvents } from './api/useContractEvents';
import { navigate, parseHash, paths } from './lib/router';

export const queryClient = createQueryClient();

// First the events, then the requests: a sync that finishes after one of the answers below
// still invalidates it.
holdCacheEvents(queryClient);

// Observed (not just prefetched) until the first render has mounted the pages' own observers, so
// that such an invalidation refetches at once and the first render shows the fresh answer.
const held: (() => void)[] = [];
const answers: Promise<unknown>[] = [];
const route = parseHash(window.location.hash);
if (route.name === 'root' || route.name === 'orders') {
  const list = ordersListOptions(FIRST_ORDERS_LIST);
  held.push(new InfiniteQueryObserver(queryClient, list).subscribe(() => {}));
  answers.push(queryClient.prefetchInfiniteQuery(list)); // the observer's fetch, not a second one
  if (route.name === 'root') {
    held.push(new QueryObserver(queryClient, accountOptions()).subscribe(() => {}));
    answers.push(queryClient.prefetchQuery(accountOptions()));
  }
}

/** How long the first render waits for those answers at most (main.tsx). */
export const FIRST_ANSWERS_WAIT_MS = 200;

/**
 * Settles when the answers above are in the cache (or failed). They were asked for before the
 * UI's code was even set up, so usually they are in by the time it is: rendering then shows the
 * page in one go, instead of the frame with a spinner, then the page again with its rows.
 */
export const firstAnswers: Promise<void> = Promise.all(answers).then(() => undefined);

/** After the first commit (main.tsx): the pages observe what they need themselves. */
export function releaseBootQueries(): void {
  for (const release of held.splice(0)) release();
}

/**
 * Before the first render (main.tsx): "#/" becomes the page its answers decide, when they are in.
 * Otherwise the Orders route (App.tsx) redirects right after the first commit, and that second,
 * synchronous render with its layout came before the first paint. Without the answers (late or
 * failed) the route decides as before, once they are in.
 */
export function settleRootRoute(): void {
  if (parseHash(window.location.hash).name !== 'root') return;
  const account = queryClient.getQueryData(accountOptions().queryKey);
  const list = queryClient.getQueryData(ordersListOptions(FIRST_ORDERS_LIST).queryKey);
  if (account === undefined || list === undefined) return;
  navigate(isFirstRun(account, list.pages[0]?.counts) ? paths.welcome : paths.orders, { replace: true });
}

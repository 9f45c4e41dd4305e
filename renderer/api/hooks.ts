// TanStack Query hooks for every read. Nothing here polls: freshness comes from the events
// (useContractEvents) and from mutations updating or invalidating what they change.
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import type { ContractError, MethodInput, MethodName, MethodOutput, OutboxState } from '../../shared/contract';
import { call } from './tracker';
import { qk, type OrdersListParams } from './queryKeys';

export const ORDERS_PAGE_SIZE = 100;

/** The order list's query (also what boot.ts asks for at start, so the page finds it in the cache). */
export function ordersListOptions(params: OrdersListParams) {
  return infiniteQueryOptions<
    MethodOutput<'orders.list'>,
    ContractError,
    InfiniteData<MethodOutput<'orders.list'>, number>,
    ReturnType<typeof qk.ordersList>,
    number
  >({
    queryKey: qk.ordersList(params),
    queryFn: ({ pageParam }) =>
      call('orders.list', {
        tab: params.tab,
        sort: params.sort,
        dir: params.dir,
        offset: pageParam,
        limit: ORDERS_PAGE_SIZE,
        ...(params.search ? { search: params.search } : {}),
        ...(params.accountId ? { accountId: params.accountId } : {}),
        ...(params.purchaser ? { purchaser: params.purchaser } : {}),
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.rows.length, 0);
      return last.rows.length > 0 && loaded < last.total ? loaded : undefined;
    },
  });
}

export function useOrdersList(params: OrdersListParams) {
  return useInfiniteQuery({ ...ordersListOptions(params), placeholderData: keepPreviousData });
}

export function useOrder(orderId: string | null) {
  return useQuery<MethodOutput<'orders.get'>, ContractError>({
    queryKey: qk.order(orderId ?? ''),
    queryFn: () => call('orders.get', { orderId: orderId ?? '' }),
    enabled: orderId !== null && orderId !== '',
  });
}

export const ALERTS_LIMIT = 500;

export function useAlerts(state: 'open' | 'resolved') {
  return useQuery<MethodOutput<'alerts.list'>, ContractError>({
    queryKey: qk.alertsList(state),
    queryFn: () => call('alerts.list', { state, limit: ALERTS_LIMIT }),
    placeholderData: keepPreviousData,
  });
}

/** Counts only (the nav badge). */
export function useAlertsSummary() {
  return useQuery<MethodOutput<'alerts.list'>, ContractError>({
    queryKey: qk.alertsSummary,
    queryFn: () => call('alerts.list', { state: 'open', limit: 1 }),
  });
}

export function useSyncStatus() {
  return useQuery<MethodOutput<'sync.status'>, ContractError>({
    queryKey: qk.syncStatus,
    queryFn: () => call('sync.status', {}),
  });
}

/** Team mode: who polls, how far behind this desktop is (null: not in a team). */
export function useTeamStatus() {
  return useQuery<MethodOutput<'team.status'>, ContractError>({
    queryKey: qk.teamStatus,
    queryFn: () => call('team.status', {}),
  });
}

export function useSettings() {
  return useQuery<MethodOutput<'settings.get'>, ContractError>({
    queryKey: qk.settings,
    queryFn: () => call('settings.get', {}),
  });
}

export const accountOptions = () =>
  queryOptions<MethodOutput<'account.status'>, ContractError>({
    queryKey: qk.account,
    queryFn: () => call('account.status', {}),
  });

/** A first run (no account, no demo, no orders): "#/" shows the welcome page instead of the orders. */
export function isFirstRun(
  account: MethodOutput<'account.status'> | undefined,
  counts: MethodOutput<'orders.list'>['counts'] | undefined,
): boolean {
  return account !== undefined && !account.connected && !account.demo && counts !== undefined && counts.all === 0;
}

export function useAccount() {
  return useQuery(accountOptions());
}

export const OUTBOX_PAGE_SIZE = 50;

/** One page (1-based) of the ERP outbox in one state. */
export function useOutbox(state: OutboxState, page: number) {
  return useQuery<MethodOutput<'outbox.list'>, ContractError>({
    queryKey: qk.outboxList(state, page),
    queryFn: () => call('outbox.list', { state, offset: (page - 1) * OUTBOX_PAGE_SIZE, limit: OUTBOX_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

/** The outbox's counts and target (the nav badge; kept fresh by `outbox.changed`). */
export function useOutboxSummary() {
  return useQuery<MethodOutput<'outbox.list'>, ContractError>({
    queryKey: qk.outboxSummary,
    queryFn: () => call('outbox.list', { limit: 1 }),
  });
}

/** Re-send or give up a dead outbox row; the outbox is refetched either way. */
export function useOutboxAction(method: 'outbox.resend' | 'outbox.discard') {
  const qc = useQueryClient();
  return useMutation<MethodOutput<typeof method>, ContractError, string>({
    mutationFn: (idempotencyKey) => call(method, { idempotencyKey }),
    onSettled: () => qc.invalidateQueries({ queryKey: qk.outbox }),
  });
}

/** A mutation that calls one contract method; errors are ContractErrors. */
export function useCall<M extends MethodName>(method: M) {
  return useMutation<MethodOutput<M>, ContractError, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
  });
}

export function useAckAlert() {
  const qc = useQueryClient();
  return useMutation<MethodOutput<'alerts.ack'>, ContractError, { alertId: number; note: string }>({
    mutationFn: (input) => call('alerts.ack', input),
    onSuccess: async (alert) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: qk.alerts }),
        qc.invalidateQueries({ queryKey: qk.order(alert.orderId) }),
        qc.invalidateQueries({ queryKey: qk.orders }),
      ]);
    },
  });
}

export function useSyncNow() {
  const qc = useQueryClient();
  return useMutation<MethodOutput<'sync.runNow'>, ContractError, void>({
    mutationFn: () => call('sync.runNow', {}),
    onSuccess: (status) => qc.setQueryData(qk.syncStatus, status),
  });
}

export function useRefreshOrder() {
  const qc = useQueryClient();
  return useMutation<MethodOutput<'shipments.refresh'>, ContractError, string>({
    mutationFn: (orderId) => call('shipments.refresh', { orderId }),
    onSuccess: async (detail) => {
      qc.setQueryData(qk.order(detail.orderId), detail);
      await Promise.all([
        qc.invalidateQueries({ queryKey: qk.orders }),
        qc.invalidateQueries({ queryKey: qk.alerts }),
      ]);
    },
  });
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation<MethodOutput<'settings.update'>, ContractError, MethodInput<'settings.update'>>({
    mutationFn: (patch) => call('settings.update', patch),
    onSuccess: (settings) => qc.setQueryData(qk.settings, settings),
  });
}

export function useAccountMutation<M extends 'account.connect' | 'account.disconnect' | 'account.completeOAuth'>(
  method: M,
) {
  const qc = useQueryClient();
  return useMutation<MethodOutput<M>, ContractError, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: async (account) => {
      qc.setQueryData(qk.account, account);
      await qc.invalidateQueries({ queryKey: qk.syncStatus });
    },
  });
}

// ── the purchasing desk ───────────────────────────────────────────────────────

export function useArrivals() {
  return useQuery<MethodOutput<'arrivals.list'>, ContractError>({ queryKey: qk.arrivals, queryFn: () => call('arrivals.list', {}) });
}

export const IN_TRANSIT_PAGE_SIZE = 100;

export function useInTransitBook(sort: 'age' | 'value' | 'seller' | 'status', dir: 'asc' | 'desc', page: number) {
  return useQuery<MethodOutput<'inTransit.book'>, ContractError>({
    queryKey: qk.inTransit(sort, dir, page),
    queryFn: () => call('inTransit.book', { sort, dir, offset: (page - 1) * IN_TRANSIT_PAGE_SIZE, limit: IN_TRANSIT_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function useSupplierScorecard(from: string, to: string) {
  return useQuery<MethodOutput<'suppliers.scorecard'>, ContractError>({
    queryKey: qk.suppliers(from, to),
    queryFn: () => call('suppliers.scorecard', { from, to }),
    placeholderData: keepPreviousData,
  });
}

/** Steps holding the text (2 characters or more); idle below that. */
export function useTraceSearch(text: string) {
  const q = text.trim();
  return useQuery<MethodOutput<'traces.search'>, ContractError>({
    queryKey: qk.traceSearch(q),
    queryFn: () => call('traces.search', { text: q, limit: 50 }),
    enabled: [...q].length >= 2,
    placeholderData: keepPreviousData,
  });
}

/** 已收货: the parcel's lists (orders, desk) and alerts are refreshed when it lands. */
export function useMarkReceived() {
  const qc = useQueryClient();
  return useMutation<MethodOutput<'shipments.markReceived'>, ContractError, MethodInput<'shipments.markReceived'>>({
    mutationFn: (input) => call('shipments.markReceived', input),
    onSuccess: (r) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: qk.orders }),
        qc.invalidateQueries({ queryKey: qk.order(r.orderId) }),
        qc.invalidateQueries({ queryKey: qk.alerts }),
        qc.invalidateQueries({ queryKey: qk.outbox }),
      ]),
  });
}

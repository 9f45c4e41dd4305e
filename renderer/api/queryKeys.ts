// Every query key the renderer uses, in one place, so the events hook can invalidate by prefix.
import type { OrderSortField, OrderTab, OutboxState } from '../../shared/contract';

export interface OrdersListParams {
  tab: OrderTab;
  search: string;
  sort: OrderSortField;
  dir: 'asc' | 'desc';
  /** Only one account's orders / only one purchaser's (sub-account login). */
  accountId?: number;
  purchaser?: string;
}

/** What the Orders page shows first: every order, the most recently updated first, no search. */
export const FIRST_ORDERS_LIST: OrdersListParams = { tab: 'all', search: '', sort: 'updatedAt', dir: 'desc' };

export const qk = {
  /** Prefix of every order-list query (all tabs, searches and sorts). */
  orders: ['orders'] as const,
  ordersList: (p: OrdersListParams) => ['orders', 'list', p] as const,
  /** Prefix of every order-detail query. */
  orderAll: ['order'] as const,
  order: (orderId: string) => ['order', orderId] as const,
  alerts: ['alerts'] as const,
  alertsList: (state: 'open' | 'resolved') => ['alerts', 'list', state] as const,
  alertsSummary: ['alerts', 'summary'] as const,
  syncStatus: ['sync', 'status'] as const,
  teamStatus: ['team', 'status'] as const,
  settings: ['settings'] as const,
  account: ['account'] as const,
  /**
   * The purchasing desk's reads (arrivals, in-transit book, suppliers, trace search), under the
   * orders prefix: every event that refreshes the orders refreshes them too.
   */
  desk: ['orders', 'desk'] as const,
  arrivals: ['orders', 'desk', 'arrivals'] as const,
  inTransit: (sort: string, dir: string, page: number) => ['orders', 'desk', 'inTransit', sort, dir, page] as const,
  suppliers: (from: string, to: string) => ['orders', 'desk', 'suppliers', from, to] as const,
  traceSearch: (text: string) => ['orders', 'desk', 'traces', text] as const,
  /** Under `account`, so whatever refreshes the account refreshes the list of accounts too. */
  accounts: ['account', 'list'] as const,
  /** Prefix of every ERP outbox query. */
  outbox: ['outbox'] as const,
  outboxList: (state: OutboxState, page: number) => ['outbox', 'list', state, page] as const,
  /** Counts and target only (the nav badge, the ERP page's header). */
  outboxSummary: ['outbox', 'summary'] as const,
};

// Every query key the renderer uses, in one place, so the events hook can invalidate by prefix.
import type { OrderSortField, OrderTab, OutboxState } from '../../shared/contract';

export interface OrdersListParams {
  tab: OrderTab;
  search: string;
  sort: OrderSortField;
  dir: 'asc' | 'desc';
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
  /** Prefix of every ERP outbox query. */
  outbox: ['outbox'] as const,
  outboxList: (state: OutboxState, page: number) => ['outbox', 'list', state, page] as const,
  /** Counts and target only (the nav badge, the ERP page's header). */
  outboxSummary: ['outbox', 'summary'] as const,
};

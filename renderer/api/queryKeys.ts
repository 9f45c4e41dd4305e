// Every query key the renderer uses, in one place, so the events hook can invalidate by prefix.
import type { OrderSortField, OrderTab } from '../../shared/contract';

export interface OrdersListParams {
  tab: OrderTab;
  search: string;
  sort: OrderSortField;
  dir: 'asc' | 'desc';
}

export const qk = {
  /** Prefix of every order-list query (all tabs, searches and sorts). */
  orders: ['orders'] as const,
  ordersList: (p: OrdersListParams) => ['orders', 'list', p] as const,
  ordersSummary: ['orders', 'summary'] as const,
  /** Prefix of every order-detail query. */
  orderAll: ['order'] as const,
  order: (orderId: string) => ['order', orderId] as const,
  alerts: ['alerts'] as const,
  alertsList: (state: 'open' | 'resolved') => ['alerts', 'list', state] as const,
  alertsSummary: ['alerts', 'summary'] as const,
  syncStatus: ['sync', 'status'] as const,
  settings: ['settings'] as const,
  account: ['account'] as const,
};

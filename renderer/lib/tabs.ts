// The order tabs, in the contract's order, from shared/views (not shared/contract, whose zod
// schemas would enter the start-up bundle).
import type { OrderTab } from '../../shared/contract';
import { ORDER_TABS } from '../../shared/views';

export const ORDER_TAB_LIST: readonly OrderTab[] = ORDER_TABS;

/** Tabs shown only when they have orders (or are selected): keeps the bar calm. */
export const QUIET_TABS: readonly OrderTab[] = ['awaiting_payment', 'returned', 'cancelled'];

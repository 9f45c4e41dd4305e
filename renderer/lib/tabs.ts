// Which order tabs the bar shows. The tabs themselves, in the contract's order, are ORDER_TABS
// (lib/contractLists).
import type { OrderTab } from '../../shared/contract';

/** Tabs shown only when they have orders (or are selected): keeps the bar calm. */
export const QUIET_TABS: readonly OrderTab[] = ['awaiting_payment', 'returned', 'cancelled'];

// The order tabs, in the contract's order. Kept here (not imported from shared/contract's
// runtime values) so the renderer bundle does not pull in zod; the type check below fails
// if the contract gains or loses a tab.
import type { OrderTab } from '../../shared/contract';

export const ORDER_TAB_LIST = [
  'all',
  'awaiting_payment',
  'awaiting_shipment',
  'in_transit',
  'out_for_delivery',
  'awaiting_pickup',
  'delivered',
  'exception',
  'returned',
  'cancelled',
] as const satisfies readonly OrderTab[];

type Missing = Exclude<OrderTab, (typeof ORDER_TAB_LIST)[number]>;
const _allTabsListed: [Missing] extends [never] ? true : Missing = true;
void _allTabsListed;

/** Tabs shown only when they have orders (or are selected): keeps the bar calm. */
export const QUIET_TABS: readonly OrderTab[] = ['awaiting_payment', 'returned', 'cancelled'];

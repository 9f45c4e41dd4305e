// Domain vocabulary shared by the core and the renderer. Pure TypeScript: no Node, no DOM.

/** Stage of one trace step, from the classifier (tracking-domain.md §1). */
export const STAGES = [
  'info_received',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'awaiting_pickup',
  'delivered',
  'failed_attempt',
  'exception',
  'returning',
  'returned',
] as const;
export type Stage = (typeof STAGES)[number];

/** Canonical status of a parcel (tracking-domain.md §2). */
export const SHIPMENT_STATUSES = [...STAGES, 'not_found', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Polling stops for these. */
export const TERMINAL_SHIPMENT_STATUSES: readonly ShipmentStatus[] = ['delivered', 'returned', 'cancelled'];

export function isTerminalShipmentStatus(s: ShipmentStatus): boolean {
  return TERMINAL_SHIPMENT_STATUSES.includes(s);
}

/** Status of a purchase order as the clerk sees it (tracking-domain.md §3). */
export const ORDER_STATUSES = [
  'awaiting_payment',
  'awaiting_shipment',
  'in_transit',
  'partially_delivered',
  'delivered',
  'exception',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Parcel status vocabulary of getLogisticsInfos (1688-open-api.md §4.3). Unknown values are kept as-is. */
export const PARCEL_STATUSES_1688 = ['WAITACCEPT', 'CANCEL', 'ACCEPT', 'TRANSPORT', 'NOGET', 'SIGN', 'UNSIGN'] as const;

/** 1688 order ids are 19 digits: always strings, never JS numbers. */
export const ORDER_ID_PATTERN = /^\d{6,20}$/;

export function isOrderId(s: string): boolean {
  return ORDER_ID_PATTERN.test(s);
}

/** Money is integer fen everywhere; format for display as yuan with two decimals. */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const yuan = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan.toLocaleString('en-US')}.${rest}`;
}
